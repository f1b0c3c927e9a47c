"""Government single sign-on in a real browser: the portal (its own app, configured for the
local OpenID provider) shows the button, chromium goes through the provider's login and
consent pages and comes back signed in; someone the registry does not know comes back to the
sign-in page with the localised answer; a system administrator links a staff account on the
staff page, and that account comes back to the authenticator step, whose code signs it in."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, expect
from pydantic import SecretStr

from access.actor import Role
from api.app import create_app
from api.migrate import upgrade
from core.db import create_engine
from tests.factories.network import free_port
from tests.factories.oidc_provider import CLIENT_ID, CLIENT_SECRET, LI, WANG, ZHANG, Provider
from tests.web.portal import (
    DESKTOP,
    Portal,
    PortalSettings,
    axe_violations,
    in_thread,
)
from tests.web.seed import PUDONG, seed_directory
from tests.web.steps import sign_in_staff

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def signed_on_portal(web_dist: Path) -> Iterator[Portal]:
    """The portal on a port of its own, with sign-on at a provider that redirects back to it."""
    data_dir = Path(tempfile.mkdtemp(prefix="medreg-oidc-web-"))
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    provider = Provider(redirect_uris=[f"{base_url}/auth/oidc/callback"], workdir=data_dir)
    provider.start()
    settings = PortalSettings(
        environment="development",
        database_url=f"sqlite+aiosqlite:///{data_dir}/portal.db",
        data_dir=data_dir,
        web_dist=web_dist,
        master_key=None,
        public_url=base_url,
        oidc_issuer=provider.issuer,
        oidc_client_id=CLIENT_ID,
        oidc_client_secret=SecretStr(CLIENT_SECRET),
        oidc_scope="openid profile resident",
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
    portal = Portal(base_url=base_url, settings=settings)
    portal.practitioner(name=ZHANG.name, id_number=ZHANG.id_number, mobile="13912349901")
    yield portal
    server.should_exit = True
    thread.join(timeout=10)
    provider.stop()
    shutil.rmtree(data_dir, ignore_errors=True)


def _through_the_provider(browser: Browser, portal: Portal, login: str) -> Page:
    context = browser.new_context(
        **DESKTOP, base_url=portal.base_url, locale="zh-CN", timezone_id="Asia/Shanghai"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/sign-in")
    page.get_by_role("button", name="使用“一网通办”统一身份认证登录").click()
    # The provider's own (development) login and consent pages.
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("any password")
    page.locator("button[type=submit]").click()
    page.locator("button[type=submit]").click()
    return page


def test_a_practitioner_signs_in_through_the_government_provider(
    browser: Browser, signed_on_portal: Portal
) -> None:
    page = _through_the_provider(browser, signed_on_portal, ZHANG.login)
    page.wait_for_url(f"{signed_on_portal.base_url}/**")
    banner = page.get_by_role("banner")
    expect(banner.get_by_role("button", name="退出")).to_be_visible()
    assert "/sign-in" not in page.url
    assert ZHANG.id_number not in page.content()
    page.context.close()


def test_a_system_admin_links_a_staff_account_which_then_signs_on_with_its_code(
    browser: Browser, signed_on_portal: Portal
) -> None:
    admin = signed_on_portal.staff(
        Role.SYSTEM_ADMIN, name="周管理", mobile="13912349903", prefix="signonadmin"
    )
    officer = signed_on_portal.staff(
        Role.AUTHORITY_OFFICER,
        name="李科员",
        mobile="13912349902",
        authority_code=PUDONG,
        prefix="signon",
    )
    context = browser.new_context(
        **DESKTOP, base_url=signed_on_portal.base_url, locale="zh-CN", timezone_id="Asia/Shanghai"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/sign-in")
    sign_in_staff(page, admin)
    expect(page.get_by_role("banner").get_by_role("button", name="退出")).to_be_visible()
    page.goto(f"/authority/staff?authority={PUDONG}")
    card = page.locator(f'[data-account="{officer.username}"]')
    expect(card.get_by_text("未关联")).to_be_visible()
    card.get_by_role("button", name="关联统一身份认证").click()
    card.get_by_label("身份提供方用户标识").fill(LI.login)
    card.get_by_role("button", name="关联", exact=True).click()
    expect(card.get_by_text("已关联")).to_be_visible()
    expect(card.get_by_role("button", name="解除统一身份认证关联")).to_be_visible()
    assert axe_violations(page) == []
    context.close()

    page = _through_the_provider(browser, signed_on_portal, LI.login)
    page.wait_for_url("**/sign-in?step=code")
    expect(page.get_by_role("heading", name="还差一步：填写动态验证码")).to_be_visible()
    expect(page.get_by_role("button", name="退出")).to_have_count(0)
    assert axe_violations(page) == []
    page.get_by_label("动态验证码").fill("000000")
    page.get_by_role("button", name="完成登录").click()
    expect(page.get_by_text("动态验证码不正确。")).to_be_visible()
    page.get_by_label("动态验证码").fill(officer.code())
    page.get_by_role("button", name="完成登录").click()
    expect(page.get_by_role("banner").get_by_role("button", name="退出")).to_be_visible()
    assert "/sign-in" not in page.url
    page.context.close()


def test_someone_not_on_record_is_told_so_in_chinese(
    browser: Browser, signed_on_portal: Portal
) -> None:
    page = _through_the_provider(browser, signed_on_portal, WANG.login)
    page.wait_for_url("**/sign-in?problem=OIDC_NOT_MATCHED")
    expect(page.get_by_text("未能将您的“一网通办”身份与已登记的医护人员匹配")).to_be_visible()
    assert axe_violations(page) == []
    page.context.close()


def test_the_answers_are_in_english_too(browser: Browser, signed_on_portal: Portal) -> None:
    context = browser.new_context(**DESKTOP, base_url=signed_on_portal.base_url, locale="zh-CN")
    page = context.new_page()
    page.goto("/sign-in?problem=OIDC_FAILED")
    expect(page.get_by_text("“一网通办”统一身份认证登录未完成，请重试。")).to_be_visible()
    page.get_by_role("button", name="Switch to English").click()
    button = page.get_by_role("button", name="Sign in with the government services identity")
    expect(button).to_be_visible()
    expect(page.get_by_text("did not complete. Please try again.")).to_be_visible()
    context.close()


def test_the_button_is_absent_without_sign_on(browser: Browser, portal: Portal) -> None:
    context = browser.new_context(**DESKTOP, base_url=portal.base_url, locale="zh-CN")
    page = context.new_page()
    page.goto("/sign-in")
    expect(page.get_by_role("button", name="登录", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="使用“一网通办”统一身份认证登录")).to_have_count(0)
    context.close()
