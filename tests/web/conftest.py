"""Browser tests: the built portal served by the real app on a free port, driven by Debian's
chromium through Playwright. Never downloads a browser."""

from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

from api.app import create_app
from api.migrate import upgrade
from core.db import create_engine
from tests.factories.network import free_port
from tests.web.portal import (
    AXE,
    CHROMIUM,
    CHROMIUM_ARGS,
    DIST,
    IN_BROWSER,
    ROOT,
    SCREENSHOTS,
    WEB,
    OpenedPages,
    Portal,
    PortalSettings,
    context_options,
    in_thread,
)
from tests.web.seed import seed_directory

# What a page shows after a request: on the two-core machine that also runs both suites, a
# request now and then takes more than Playwright's default five seconds; a broken page
# still fails, later.
expect.set_options(timeout=15_000)


def _newest_source() -> float:
    sources = [WEB / "index.html", WEB / "package-lock.json", ROOT / "schema" / "schema.graphql"]
    sources += [p for p in (WEB / "src").rglob("*") if p.is_file()]
    return max(p.stat().st_mtime for p in sources if p.exists())


def _npm(*args: str) -> None:
    npm = shutil.which("npm")
    assert npm, "npm is needed to build the portal"
    subprocess.run([npm, *args], cwd=WEB, check=True)


@pytest.fixture(scope="session")
def web_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """web/dist, rebuilt when a source is newer than the last build, then copied: the run
    serves its own copy, so a build started meanwhile (an edit, another run in the same
    checkout) cannot swap the hashed chunks under a page that is loading them."""
    index = DIST / "index.html"
    if not index.exists() or index.stat().st_mtime < _newest_source():
        if not (WEB / "node_modules").exists():
            _npm("ci", "--no-audit", "--no-fund")
        _npm("run", "build")
    assert AXE.exists(), "axe-core is missing from web/node_modules: run npm ci in web/"
    copy = tmp_path_factory.mktemp("web") / "dist"
    shutil.copytree(DIST, copy)
    return copy


@pytest.fixture(scope="package")
def portal(web_dist: Path) -> Iterator[Portal]:
    """The app on 127.0.0.1 with a migrated, seeded SQLite database and the built portal."""
    data_dir = Path(tempfile.mkdtemp(prefix="medreg-web-"))
    settings = PortalSettings(
        environment="development",
        database_url=f"sqlite+aiosqlite:///{data_dir}/portal.db",
        data_dir=data_dir,
        web_dist=web_dist,
        master_key=None,
        # The cheapest argon2id: the suite hashes a password at every sign-in.
        password_hash_time_cost=1,
        password_hash_memory_kib=8,
        password_hash_parallelism=1,
    )

    async def seed() -> None:
        engine = create_engine(settings.database_url)
        try:
            await seed_directory(engine, settings.keyring)
        finally:
            await engine.dispose()

    def prepare() -> None:
        upgrade(settings.database_url)
        asyncio.run(seed())

    in_thread(prepare)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive(), "the app stopped while starting"
        assert time.monotonic() < deadline, "the app did not start within 20 s"
        time.sleep(0.05)
    yield Portal(base_url=f"http://127.0.0.1:{port}", settings=settings)
    server.should_exit = True
    thread.join(timeout=10)
    shutil.rmtree(data_dir, ignore_errors=True)


# Package scope: the sync API keeps an event loop running in this thread while it lives,
# which the asyncio tests of other packages must not find.
@pytest.fixture(scope="package")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="package")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install chromium"
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


class OffOriginRequests(list[str]):
    """Every request the page made to anywhere but the portal itself."""


@pytest.fixture(params=["phone", "desktop"])
def device(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def context(
    browser: Browser, playwright_instance: Playwright, portal: Portal, device: str
) -> Iterator[BrowserContext]:
    ctx = browser.new_context(
        **context_options(playwright_instance, device),
        base_url=portal.base_url,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
    )
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


@pytest.fixture
def off_origin(context: BrowserContext, portal: Portal) -> OffOriginRequests:
    seen = OffOriginRequests()
    context.on(
        "request",
        lambda req: (
            None if req.url.startswith((portal.base_url, *IN_BROWSER)) else seen.append(req.url)
        ),
    )
    return seen


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Keep each phase's report on the test item, so fixtures can tell that a test failed."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    setattr(item, f"report_{report.when}", report)


def _keep_failure(request: pytest.FixtureRequest, pages: list[Page]) -> None:
    """A failed test leaves what its pages showed under var/screenshots/failed/."""
    report = getattr(request.node, "report_call", None)
    if report is None or not report.failed:
        return
    folder = SCREENSHOTS / "failed"
    folder.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]+", "-", request.node.name)
    for n, page in enumerate(pages):
        if not page.is_closed():
            page.screenshot(path=str(folder / f"{name}-{n}.png"), full_page=True)


@pytest.fixture
def page(
    context: BrowserContext, off_origin: OffOriginRequests, request: pytest.FixtureRequest
) -> Iterator[Page]:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    _keep_failure(request, [page])
    assert not errors, f"uncaught errors in the page: {errors}"
    assert not off_origin, f"requests left the origin: {off_origin}"


@pytest.fixture
def open_page(
    browser: Browser,
    playwright_instance: Playwright,
    portal: Portal,
    request: pytest.FixtureRequest,
) -> Iterator[OpenedPages]:
    """``open_page("phone")`` / ``open_page("desktop")``: a page in a browser context of its
    own (own cookies), checked like ``page`` when the test ends."""
    opened = OpenedPages(browser, playwright_instance, portal, [], [], [])
    yield opened
    _keep_failure(request, [p for ctx in opened.contexts for p in ctx.pages])
    for ctx in opened.contexts:
        ctx.close()
    assert not opened.errors, f"uncaught errors in the page: {opened.errors}"
    assert not opened.off_origin, f"requests left the origin: {opened.off_origin}"
