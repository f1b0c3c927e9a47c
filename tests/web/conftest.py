"""Browser tests: the built portal served by the real app on a free port, driven by Debian's
chromium through Playwright. Never downloads a browser."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from api.app import create_app
from api.migrate import upgrade
from api.settings import Settings
from core.db import create_engine
from tests.web.seed import seed_directory

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
DIST = WEB / "dist"
SCREENSHOTS = ROOT / "var" / "screenshots"
AXE = WEB / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("MEDREG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"viewport": {"width": 1366, "height": 900}, "device_scale_factor": 1}


def _newest_source() -> float:
    sources = [WEB / "index.html", WEB / "package-lock.json", ROOT / "schema" / "schema.graphql"]
    sources += [p for p in (WEB / "src").rglob("*") if p.is_file()]
    return max(p.stat().st_mtime for p in sources if p.exists())


def _npm(*args: str) -> None:
    npm = shutil.which("npm")
    assert npm, "npm is needed to build the portal"
    subprocess.run([npm, *args], cwd=WEB, check=True)


@pytest.fixture(scope="session")
def web_dist() -> Path:
    """web/dist, rebuilt when a source is newer than the last build."""
    index = DIST / "index.html"
    if not index.exists() or index.stat().st_mtime < _newest_source():
        if not (WEB / "node_modules").exists():
            _npm("ci", "--no-audit", "--no-fund")
        _npm("run", "build")
    assert AXE.exists(), "axe-core is missing from web/node_modules: run npm ci in web/"
    return DIST


def _in_thread(work: Callable[[], None]) -> None:
    """Run set-up work in a thread of its own: the sync Playwright API keeps an event loop
    running in the test's thread, and migrations and seeding start loops of their own."""
    errors: list[BaseException] = []

    def target() -> None:
        try:
            work()
        except BaseException as exc:  # re-raised in the caller's thread
            errors.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Portal:
    base_url: str
    settings: Settings

    def url(self, path: str) -> str:
        return self.base_url + path


@pytest.fixture(scope="package")
def portal(web_dist: Path) -> Iterator[Portal]:
    """The app on 127.0.0.1 with a migrated, seeded SQLite database and the built portal."""
    data_dir = Path(tempfile.mkdtemp(prefix="medreg-web-"))
    settings = Settings(
        environment="development",
        database_url=f"sqlite+aiosqlite:///{data_dir}/portal.db",
        data_dir=data_dir,
        web_dist=web_dist,
        master_key=None,
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

    _in_thread(prepare)
    port = _free_port()
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


def _context_options(playwright: Playwright, kind: str) -> dict[str, Any]:
    if kind == "phone":
        options = dict(playwright.devices["Pixel 7"])
        options.pop("default_browser_type", None)
        return options
    return dict(DESKTOP)


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
        **_context_options(playwright_instance, device),
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
            None
            if req.url.startswith((portal.base_url, "data:", "blob:"))
            else seen.append(req.url)
        ),
    )
    return seen


@pytest.fixture
def page(context: BrowserContext, off_origin: OffOriginRequests) -> Iterator[Page]:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    assert not errors, f"uncaught errors in the page: {errors}"
    assert not off_origin, f"requests left the origin: {off_origin}"


def screenshot(page: Page, name: str, device: str) -> Path:
    """A full-page screenshot under var/screenshots/, named by page and device."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}-{device}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page: Page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[Any]:
    """axe-core (from web/node_modules) run on the page; violations of the given impacts.
    The portal's CSP refuses inline scripts, so axe is evaluated through the DevTools
    protocol rather than added as a script tag."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(f"() => {{ {AXE.read_text()}\n; window.axe = axe; }}")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in impacts
    ]
