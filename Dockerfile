# medreg: API + portal in one image, built from a clean clone with `docker build .`
# Stage 1 builds the portal (typed GraphQL documents from the committed SDL, then Vite, which
# also writes the .br/.gz forms of every text asset and the wasm).
FROM node:22-bookworm-slim AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY schema/schema.graphql /src/schema/schema.graphql
COPY web ./
RUN npm run build

FROM python:3.11-slim-bookworm

RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-noto-cjk curl \
 && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 medreg
WORKDIR /app
COPY pyproject.toml README.md ./
COPY access ./access
COPY api ./api
COPY certificates ./certificates
COPY core ./core
COPY demo ./demo
COPY directory ./directory
COPY identity ./identity
COPY migrations ./migrations
COPY notifications ./notifications
COPY registry ./registry
COPY schema ./schema
COPY --from=web /src/web/dist ./web/dist
RUN pip install --no-cache-dir '.[postgres]' \
 && mkdir -p /data && chown medreg:medreg /data

USER medreg
# Several containers (or `medreg serve --workers N`) must share the throttle counters: set
# MEDREG_THROTTLE_STORAGE_URI=redis://redis:6379/0 (memory:// counts per process).
# MEDREG_FORWARDED_ALLOW_IPS: the reverse proxy / load balancer in front of the container, as
# addresses or networks (e.g. 10.0.0.0/8); only its X-Forwarded-For names the client. The
# default trusts a proxy in the container itself only, so a spoofed header picks nothing.
ENV MEDREG_ENVIRONMENT=production \
    MEDREG_DATA_DIR=/data \
    MEDREG_HOST=0.0.0.0 \
    MEDREG_PORT=8000 \
    MEDREG_LOG_JSON=true \
    MEDREG_WEB_DIST=/app/web/dist \
    MEDREG_THROTTLE_STORAGE_URI=memory:// \
    MEDREG_FORWARDED_ALLOW_IPS=127.0.0.1
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s \
  CMD curl -fsS http://127.0.0.1:8000/readyz || exit 1
CMD ["sh", "-c", "medreg migrate && medreg serve"]
