# medreg — `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/medreg_test
REDIS_URL ?= redis://127.0.0.1:6379/0
NATIONAL_PORT ?= 8090
BENCH_PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/medreg_bench
SCALE_PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/medreg_scale
APT_PACKAGES := chromium fonts-noto-cjk poppler-utils softhsm2 opensc zbar-tools libnss3-tools redis-server wrk
export MEDREG_DATA_DIR ?= var

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-z][a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}'

.PHONY: system
system: ## Install the Debian packages the app and tests need (when missing)
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[postgres,dev]'
	touch $(STAMP)

.PHONY: venv
venv: $(STAMP) ## Create .venv and install medreg with its extras

.PHONY: web
web: ## Build the web portal (when web/ has one)
	@if [ -f web/package.json ]; then cd web && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm run build; fi

.PHONY: migrate
migrate: venv ## Bring the database up to date
	$(BIN)/medreg migrate

.PHONY: run
run: system venv web ## Set up everything and serve the portal with demo data on SQLite
	$(BIN)/medreg migrate
	$(BIN)/medreg keys init
	$(BIN)/medreg demo
	@echo ""
	@echo "  medreg is starting: open http://127.0.0.1:8000  (API: http://127.0.0.1:8000/graphql)"
	@echo "  the development national platform receives its events: http://127.0.0.1:$(NATIONAL_PORT)/"
	@echo ""
	@# The platform runs beside the server and stops with it (Ctrl-C, or serve exiting).
	$(BIN)/medreg dev national-platform --port $(NATIONAL_PORT) & platform=$$!; \
	trap 'kill $$platform 2>/dev/null' EXIT INT TERM; \
	MEDREG_NATIONAL_URL=$${MEDREG_NATIONAL_URL:-http://127.0.0.1:$(NATIONAL_PORT)} $(BIN)/medreg serve

.PHONY: schema
schema: venv ## Export the GraphQL SDL to schema/schema.graphql
	$(BIN)/python -c "from schema.root import SDL_PATH, export_sdl; SDL_PATH.write_text(export_sdl())"
	@if [ -f web/package.json ]; then cd web && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm run codegen; fi

.PHONY: lint
lint: venv ## ruff check, format check and the import contracts (pyproject.toml)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

.PHONY: types
types: venv ## mypy on our packages
	$(BIN)/mypy

OIDC_FIXTURE := tests/fixtures/oidc_provider

.PHONY: oidc-fixture
oidc-fixture: ## Install the local OpenID provider the sign-on tests start (npm ci)
	@[ -d $(OIDC_FIXTURE)/node_modules/oidc-provider ] || (cd $(OIDC_FIXTURE) && npm ci --no-audit --no-fund)

.PHONY: test-sqlite
test-sqlite: venv oidc-fixture ## pytest on SQLite
	@.ci/redis "$(REDIS_URL)" || echo "!! Redis is not available: the several-processes tests will be SKIPPED (a failure under CI=true)"
	MEDREG_TEST_REDIS_URI="$(REDIS_URL)" $(BIN)/pytest -q -p no:cacheprovider

.PHONY: test-postgres
test-postgres: venv oidc-fixture ## pytest on PostgreSQL (starts the local cluster when it can)
	@if .ci/postgres "$(PG_URL)"; then \
	  MEDREG_TEST_DATABASE_URL="$(PG_URL)" $(BIN)/pytest -q -p no:cacheprovider -m "not browser"; \
	else \
	  echo "!! PostgreSQL is not available: the PostgreSQL suite was SKIPPED"; \
	  if [ "$$CI" = "true" ]; then exit 1; fi; \
	fi

.PHONY: test-web
test-web: ## Web unit tests and type/codegen checks (when web/ has them)
	@if [ -f web/package.json ]; then cd web && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm test; fi

.PHONY: test
test: system venv lint types web test-web test-sqlite test-postgres ## Everything CI runs: lint, types, web, SQLite + PostgreSQL suites
	@echo "all checks passed"

FUZZ_EXAMPLES ?= 100
FUZZ_TESTS := tests/schema/test_fuzz.py tests/directory/test_input_fuzz.py \
  tests/schema/identity/test_input_fuzz.py tests/schema/certificates/test_input_fuzz.py

.PHONY: fuzz
fuzz: venv ## Fuzz the GraphQL schema and public inputs longer (FUZZ_EXAMPLES=100 a test), SQLite + PostgreSQL
	MEDREG_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest -q -p no:cacheprovider $(FUZZ_TESTS)
	@if .ci/postgres "$(PG_URL)"; then \
	  MEDREG_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) MEDREG_TEST_DATABASE_URL="$(PG_URL)" $(BIN)/pytest -q -p no:cacheprovider $(FUZZ_TESTS); \
	else echo "!! PostgreSQL is not available: fuzzed on SQLite only"; fi

.PHONY: bench
bench: venv ## Run the benchmarks and print their figures (all but bench-scale)
	$(BIN)/python -m bench.load --pg-url "$(BENCH_PG_URL)"
	$(BIN)/python -m bench.page_cpu
	$(BIN)/python -m bench.startup
	$(BIN)/python bench/graphql_overhead.py
	@for b in bench/roster.py bench/licences.py bench/demo_load.py bench/pdf_check.py; do [ -f $$b ] && $(BIN)/python $$b || true; done
	$(BIN)/python -m bench.licences --backlog 5000 --rounds 5
	$(BIN)/python -m bench.import
	@if .ci/postgres "$(PG_URL)"; then $(BIN)/python -m bench.interop --database-url "$(PG_URL)"; fi

.PHONY: bench-scale
bench-scale: venv ## Grow PostgreSQL to 100k and 1M practitioners (COPY) and time the hot pages at each size
	$(BIN)/python -m bench.scale --pg-url "$(SCALE_PG_URL)"

.PHONY: clean
clean: ## Remove the virtualenv, build output and local data
	rm -rf $(VENV) var web/dist web/node_modules $(OIDC_FIXTURE)/node_modules
