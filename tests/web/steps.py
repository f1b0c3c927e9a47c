"""What a person does again and again in the identity browser tests."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from playwright.sync_api import Page, expect

from certificates.pki import init_pki
from certificates.values import AuthorityInfo
from core.clock import Clock
from directory.reads import authorities
from tests.factories import resident_id, social_credit_code
from tests.web.identity_seed import PRACTITIONER_PASSWORD, StaffSignIn
from tests.web.portal import Portal
from tests.web.seed import INSTITUTIONS

# The first institution of the seed: a Pudong hospital registered by the Pudong commission.
HOSPITAL = INSTITUTIONS[0].name
HOSPITAL_USCC = social_credit_code(900_001)
PUDONG = "310115"


def an_id(seq: int, born: date = date(1996, 3, 8), female: bool = True) -> str:
    return resident_id(region=PUDONG, born=born, seq=seq, female=female)


def sign_in_staff(page: Page, account: StaffSignIn, code: str | None = None) -> None:
    page.get_by_role("radio", name="机构和卫生健康委工作人员").check()
    page.get_by_label("用户名").fill(account.username)
    page.get_by_label("密码", exact=True).fill(account.password)
    page.get_by_label("动态验证码").fill(code or account.code())
    page.get_by_role("button", name="登录", exact=True).click()


def sign_in_practitioner(page: Page, mobile: str, password: str = PRACTITIONER_PASSWORD) -> None:
    page.get_by_label("手机号码").fill(mobile)
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_role("button", name="登录", exact=True).click()


def sign_out(page: Page, device: str) -> None:
    """The header holds "sign out" on wide screens, the menu on a phone."""
    if device == "phone":
        page.get_by_role("button", name="菜单").click()
        page.get_by_role("navigation", name="主导航").get_by_role("button", name="退出").click()
    else:
        page.get_by_role("banner").get_by_role("button", name="退出").click()
    expect(page.locator(".toast").filter(has_text="已安全退出")).to_be_visible()


def toast(page: Page, text: str) -> None:
    expect(page.locator(".toast").filter(has_text=text)).to_be_visible()


_numbers = itertools.count(1)


def fresh_mobile() -> str:
    """A mobile no other test of this run uses (codes to one number pause for a minute)."""
    return f"1371234{next(_numbers):04d}"


def fresh_id() -> str:
    return an_id(800 + next(_numbers))


def init_portal_pki(portal: Portal) -> None:
    """The development PKI of the portal's data directory (``medreg keys init``)."""

    async def work(factory: Any) -> None:
        async with factory() as session:
            rows = await authorities(session)
        infos = [AuthorityInfo(a.code, a.name_zh, a.name_en) for a in rows]
        init_pki(portal.settings.signing_config(), infos, now=Clock().now())

    portal.run(work)
