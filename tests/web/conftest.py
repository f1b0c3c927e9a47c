"""Browser tests: the built portal served by the real app on a free port, driven by Debian's
chromium through Playwright. Never downloads a browser."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
import uvicorn
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from api.app import create_app
from api.migrate import upgrade
from api.settings import Settings
from core.clock import Clock
from core.db import create_engine, session_factory
from access.actor import Role
from identity.config import IdentityConfig
from tests.web import identity_seed
from tests.web.identity_seed import StaffSignIn
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


T = TypeVar("T")


class PortalSettings(Settings):
    """The app as in development, except that every browser test comes from 127.0.0.1: the
    per-address limit on SMS codes (against SMS pumping) would stop the suite, not a person."""

    def identity_config(self) -> IdentityConfig:
        config = super().identity_config()
        throttle = dataclasses.replace(config.throttle, code_send_limits=("1000/hour",))
        return dataclasses.replace(config, throttle=throttle)


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

    def run(self, work: Callable[[Any], Awaitable[T]]) -> T:
        """Run ``work(session_factory)`` against the portal's database, from a thread of its
        own (see ``_in_thread``)."""
        results: list[T] = []

        async def main() -> None:
            engine = create_engine(self.settings.database_url)
            try:
                factory = session_factory(engine, keyring=self.settings.keyring, clock=Clock())
                results.append(await work(factory))
            finally:
                await engine.dispose()

        _in_thread(lambda: asyncio.run(main()))
        return results[0]

    def staff(
        self,
        role: Role,
        *,
        name: str,
        mobile: str,
        institution_uscc: str | None = None,
        authority_code: str | None = None,
        prefix: str = "staff",
    ) -> StaffSignIn:
        """A new active staff account (its own username, so its TOTP codes are its own)."""
        username = identity_seed.unique(prefix)
        return self.run(
            lambda factory: identity_seed.seed_staff(
                factory,
                role=role,
                username=username,
                display_name=name,
                mobile=mobile,
                institution_uscc=institution_uscc,
                authority_code=authority_code,
            )
        )

    def practitioner(self, *, name: str, id_number: str, mobile: str) -> None:
        self.run(
            lambda factory: identity_seed.seed_practitioner(
                factory, name=name, id_number=id_number, mobile=mobile
            )
        )

    def certification_request(
        self,
        *,
        name: str,
        id_number: str,
        mobile: str,
        institution_uscc: str,
        certify_by: str | None = None,
    ) -> None:
        self.run(
            lambda factory: identity_seed.seed_certification_request(
                factory,
                name=name,
                id_number=id_number,
                mobile=mobile,
                institution_uscc=institution_uscc,
                certify_by=certify_by,
            )
        )

    def dispute(
        self, *, name: str, id_number: str, holder_mobile: str, claimant_mobile: str
    ) -> None:
        self.run(
            lambda factory: identity_seed.seed_dispute(
                factory,
                name=name,
                id_number=id_number,
                holder_mobile=holder_mobile,
                claimant_mobile=claimant_mobile,
            )
        )

    def end_sessions(self, username: str) -> int:
        return self.run(lambda factory: identity_seed.end_sessions(factory, username))

    def sms_code(self, mobile: str) -> str:
        """The newest code sent to ``mobile`` through the development notification channel."""
        return self.run(lambda factory: identity_seed.last_sms_code(factory, mobile))

    def sms_texts(self, mobile: str) -> list[str]:
        return self.run(lambda factory: identity_seed.sms_texts(factory, mobile))


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


@dataclass
class OpenedPages:
    """Pages of several devices in one test (a nurse's phone, an operator's desktop)."""

    browser: Browser
    playwright: Playwright
    portal: Portal
    contexts: list[BrowserContext]
    errors: list[str]
    off_origin: list[str]

    def __call__(self, device: str) -> Page:
        ctx = self.browser.new_context(
            **_context_options(self.playwright, device),
            base_url=self.portal.base_url,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
        )
        ctx.set_default_timeout(10_000)
        ctx.on(
            "request",
            lambda req: (
                None
                if req.url.startswith((self.portal.base_url, "data:", "blob:"))
                else self.off_origin.append(req.url)
            ),
        )
        self.contexts.append(ctx)
        page = ctx.new_page()
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        return page


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
