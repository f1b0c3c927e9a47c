"""The browser tests' portal: where the built web client and axe-core live, the app's
settings for the suite, a handle on the served portal (its URL, and seeding its database from
a thread of its own), pages of several devices in one test, screenshots and axe checks."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect

from access.actor import Role
from api.settings import Settings
from core.clock import Clock
from core.db import create_engine, session_factory
from identity.config import IdentityConfig
from tests.web import identity_seed
from tests.web.identity_seed import StaffSignIn

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
IN_BROWSER = ("data:", "blob:", "chrome://", "chrome-extension://")
"""Requests that never leave the machine: inline data, and Chromium's own PDF viewer (the
desk's preview shows PDF attachments inline)."""


T = TypeVar("T")


class PortalSettings(Settings):
    """The app as in development, except that every browser test comes from 127.0.0.1: the
    per-address limit on SMS codes (against SMS pumping) would stop the suite, not a person."""

    def identity_config(self) -> IdentityConfig:
        config = super().identity_config()
        throttle = dataclasses.replace(config.throttle, code_send_limits=("1000/hour",))
        return dataclasses.replace(config, throttle=throttle)


def in_thread(work: Callable[[], None]) -> None:
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


@dataclass(frozen=True)
class Portal:
    base_url: str
    settings: Settings

    def url(self, path: str) -> str:
        return self.base_url + path

    def run(self, work: Callable[[Any], Awaitable[T]]) -> T:
        """Run ``work(session_factory)`` against the portal's database, from a thread of its
        own (see ``in_thread``)."""
        results: list[T] = []

        async def main() -> None:
            engine = create_engine(self.settings.database_url)
            try:
                factory = session_factory(engine, keyring=self.settings.keyring, clock=Clock())
                results.append(await work(factory))
            finally:
                await engine.dispose()

        in_thread(lambda: asyncio.run(main()))
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


def context_options(playwright: Playwright, kind: str) -> dict[str, Any]:
    if kind == "phone":
        options = dict(playwright.devices["Pixel 7"])
        options.pop("default_browser_type", None)
        return options
    return dict(DESKTOP)


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
            **context_options(self.playwright, device),
            base_url=self.portal.base_url,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
        )
        ctx.set_default_timeout(10_000)
        ctx.on(
            "request",
            lambda req: (
                None
                if req.url.startswith((self.portal.base_url, *IN_BROWSER))
                else self.off_origin.append(req.url)
            ),
        )
        self.contexts.append(ctx)
        page = ctx.new_page()
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        return page


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


# The English catalogue is its own chunk, fetched when first chosen: on a loaded machine that
# fetch can outlast expect()'s default five seconds.
ENGLISH_LOADED_MS = 20_000


def switch_to_english(page: Page) -> None:
    """Choose English in the header and wait until the catalogue has loaded and applied."""
    page.get_by_role("button", name="Switch to English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en", timeout=ENGLISH_LOADED_MS)
