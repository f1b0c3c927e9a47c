"""Every identity page on a phone (Pixel 7) and a desktop: it renders with real data, axe-core
finds no serious or critical violation, and a screenshot goes to var/screenshots/."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from access.actor import Role
from access.scope import MUNICIPAL
from tests.web.portal import Portal, axe_violations, screenshot, switch_to_english
from tests.web.steps import (
    HOSPITAL_USCC,
    PUDONG,
    fresh_id,
    fresh_mobile,
    sign_in_practitioner,
    sign_in_staff,
)

pytestmark = pytest.mark.browser


def no_violations(page: Page) -> None:
    assert axe_violations(page) == []


def test_sign_in_page(page: Page, device: str) -> None:
    page.goto("/sign-in")
    expect(page.get_by_role("heading", level=1)).to_have_text("登录")
    no_violations(page)
    page.get_by_role("button", name="登录", exact=True).click()
    expect(page.locator(".field-invalid")).to_have_count(2)
    no_violations(page)
    page.get_by_label("我已开启身份验证器").check()
    expect(page.get_by_label("动态验证码")).to_be_visible()
    screenshot(page, "sign-in-practitioner-errors", device)

    page.get_by_role("radio", name="机构和卫生健康委工作人员").check()
    expect(page.get_by_label("用户名")).to_be_visible()
    page.get_by_role("button", name="登录", exact=True).click()
    expect(page.locator(".field-invalid")).to_have_count(3)
    no_violations(page)
    screenshot(page, "sign-in-staff-errors", device)


def test_activation_pages(page: Page, device: str, portal: Portal) -> None:
    page.goto("/activate")
    no_violations(page)
    page.get_by_role("button", name="发送验证码").click()
    expect(page.locator(".field-invalid")).to_have_count(3)
    no_violations(page)
    screenshot(page, "activate-errors", device)

    mobile = fresh_mobile()
    page.get_by_label("姓名").fill("赵雨")
    page.get_by_label("居民身份证号码").fill(fresh_id())
    page.get_by_label("手机号码").fill(mobile)
    page.get_by_role("button", name="发送验证码").click()
    expect(page.get_by_text("第 2 步，共 3 步")).to_be_visible()
    no_violations(page)
    screenshot(page, "activate-code", device)
    # A wrong code is reported on the code step, with the tries left next to the field,
    # before any password is asked for.
    code = portal.sms_code(mobile)
    page.get_by_label("短信验证码").fill(f"{(int(code) + 1) % 1_000_000:06d}")
    page.get_by_role("button", name="下一步").click()
    expect(page.locator(".field-error")).to_have_text("验证码不正确，还可以再试 4 次。")
    expect(page.get_by_text("第 2 步，共 3 步")).to_be_visible()
    no_violations(page)
    screenshot(page, "activate-code-wrong", device)
    page.get_by_label("短信验证码").fill(code)
    page.get_by_role("button", name="下一步").click()
    expect(page.get_by_text("第 3 步，共 3 步")).to_be_visible()
    no_violations(page)
    screenshot(page, "activate-password", device)


def test_certification_queue(page: Page, device: str, portal: Portal) -> None:
    operator = portal.staff(
        Role.INSTITUTION_OPERATOR,
        name="冯经办",
        mobile=fresh_mobile(),
        institution_uscc=HOSPITAL_USCC,
        prefix="queue.ops",
    )
    # The queue is the hospital's, shared by the runs on both devices: names of their own.
    certify, decline = ("何丽", "吕芳") if device == "phone" else ("施云", "孔芳")
    for name in (certify, decline):
        portal.certification_request(
            name=name, id_number=fresh_id(), mobile=fresh_mobile(), institution_uscc=HOSPITAL_USCC
        )
    page.goto("/institution/certifications")
    sign_in_staff(page, operator)
    first = page.locator("article").filter(has_text=certify)
    expect(first).to_be_visible()
    no_violations(page)
    screenshot(page, "queue", device)

    first.get_by_role("button", name="认证通过").click()
    first.get_by_role("button", name="确认认证").click()
    expect(first.locator(".field-invalid")).to_have_count(2)
    no_violations(page)
    second = page.locator("article").filter(has_text=decline)
    second.get_by_role("button", name="不予认证").click()
    second.get_by_role("button", name="确认不予认证").click()
    expect(second.locator(".field-invalid")).to_have_count(1)
    no_violations(page)
    screenshot(page, "queue-panels", device)

    second.get_by_label("原因").fill("身份证已过期，请携带有效证件重新申请。")
    second.get_by_role("button", name="确认不予认证").click()
    expect(page.locator(".toast").filter(has_text=f"已不予认证 {decline}")).to_be_visible()
    expect(page.locator("article").filter(has_text=decline)).to_have_count(0)


@dataclass(frozen=True)
class Visit:
    name: str
    path: str
    heading: str
    sign_in: Callable[[Page, Portal], None]
    then: Callable[[Page], None] | None = None


def as_practitioner(page: Page, portal: Portal) -> None:
    mobile = fresh_mobile()
    operator = portal.staff(
        Role.INSTITUTION_OPERATOR,
        name="褚经办",
        mobile=fresh_mobile(),
        institution_uscc=HOSPITAL_USCC,
        prefix="pages.ops",
    )
    portal.certification_request(
        name="卫敏",
        id_number=fresh_id(),
        mobile=mobile,
        institution_uscc=HOSPITAL_USCC,
        certify_by=operator.username,
    )
    sign_in_practitioner(page, mobile)


def as_staff(role: Role, **scope: str) -> Callable[[Page, Portal], None]:
    def sign_in(page: Page, portal: Portal) -> None:
        account = portal.staff(role, name="蒋工作", mobile=fresh_mobile(), prefix="pages.", **scope)
        if role is Role.INSTITUTION_OPERATOR or role is Role.INSTITUTION_ADMIN:
            portal.certification_request(
                name="沈红",
                id_number=fresh_id(),
                mobile=fresh_mobile(),
                institution_uscc=scope["institution_uscc"],
                certify_by=account.username,
            )
        if scope.get("authority_code") == MUNICIPAL:
            portal.dispute(
                name="韩梅",
                id_number=fresh_id(),
                holder_mobile=fresh_mobile(),
                claimant_mobile=fresh_mobile(),
            )
        sign_in_staff(page, account)

    return sign_in


def open_first(button: str) -> Callable[[Page], None]:
    def then(page: Page) -> None:
        page.locator("article").first.get_by_role("button", name=button).click()
        expect(page.locator(".action-panel").first).to_be_visible()

    return then


def start_enrolment(page: Page) -> None:
    page.get_by_role("button", name="开启身份验证器").click()
    expect(page.get_by_role("img", name=re.compile("二维码"))).to_be_visible()


OPERATOR = as_staff(Role.INSTITUTION_OPERATOR, institution_uscc=HOSPITAL_USCC)
ADMIN = as_staff(Role.INSTITUTION_ADMIN, institution_uscc=HOSPITAL_USCC)
OFFICER = as_staff(Role.AUTHORITY_OFFICER, authority_code=PUDONG)
AUTHORITY_ADMIN = as_staff(Role.AUTHORITY_ADMIN, authority_code=PUDONG)
MUNICIPAL_OFFICER = as_staff(Role.AUTHORITY_OFFICER, authority_code=MUNICIPAL)

VISITS = [
    Visit("account", "/me", "我的账号", as_practitioner),
    Visit("account-staff", "/me", "我的账号", OPERATOR),
    Visit("certification", "/me/certification", "机构身份认证", as_practitioner),
    Visit("password", "/me/password", "修改密码", as_practitioner),
    Visit("mobile", "/me/mobile", "更换手机号码", as_practitioner),
    Visit("totp", "/me/totp", "身份验证器", as_practitioner, start_enrolment),
    Visit(
        "affiliations", "/institution/staff", "本机构医护人员", OPERATOR, open_first("结束执业关系")
    ),
    Visit("operators", "/institution/operators", "经办人账号管理", ADMIN),
    Visit(
        "institution-accounts",
        "/authority/institution-accounts",
        "机构账号签发",
        OFFICER,
        open_first("账号和签发"),
    ),
    Visit("authority-staff", "/authority/staff", "工作人员账号管理", AUTHORITY_ADMIN),
    Visit("disputes", "/disputes", "身份争议处理", MUNICIPAL_OFFICER, open_first("处理")),
    Visit("import-issues", "/authority/import-issues", "导入待审核记录", MUNICIPAL_OFFICER),
    Visit("forbidden", "/institution/operators", "无权访问", OPERATOR),
]


@pytest.mark.parametrize("visit", VISITS, ids=[v.name for v in VISITS])
def test_signed_in_pages(page: Page, device: str, portal: Portal, visit: Visit) -> None:
    page.goto(visit.path)
    expect(page).to_have_url(re.compile(r"/sign-in\?next="))
    visit.sign_in(page, portal)
    expect(page.get_by_role("heading", level=1)).to_have_text(visit.heading)
    page.wait_for_load_state("networkidle")
    expect(page.locator(".loading")).to_have_count(0)
    if visit.then:
        visit.then(page)
    no_violations(page)
    screenshot(page, visit.name, device)


@pytest.mark.parametrize(
    "path", ["/reset-password", "/staff/activate", "/activate", "/sign-in?as=staff"]
)
def test_public_identity_pages(page: Page, device: str, path: str) -> None:
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    no_violations(page)
    name = path.strip("/").replace("/", "-").replace("?as=", "-")
    screenshot(page, name, device)


def test_identity_pages_speak_english(page: Page, device: str) -> None:
    page.goto("/activate")
    switch_to_english(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Activate your personal account")
    page.get_by_role("button", name="Send code").click()
    summary = page.get_by_role("alert").filter(has_text="Please correct the following")
    expect(summary).to_be_visible()
    no_violations(page)
    screenshot(page, "activate-en", device)
    page.goto("/sign-in?as=staff")
    expect(page.get_by_label("Authenticator code")).to_be_visible()
    screenshot(page, "sign-in-staff-en", device)
