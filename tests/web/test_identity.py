"""Accounts in a real browser: a nurse activates on her phone and asks her hospital to certify
her; an operator at a desktop certifies her; institution and commission staff activate with
an authenticator and manage accounts; sessions that end send the user to sign in and back."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from playwright.sync_api import Page, expect

from access.actor import Role
from access.scope import MUNICIPAL
from tests.factories import social_credit_code
from tests.web.identity_seed import PRACTITIONER_PASSWORD
from tests.web.portal import OpenedPages, Portal, screenshot
from tests.web.steps import (
    HOSPITAL,
    HOSPITAL_USCC,
    PUDONG,
    an_id,
    sign_in_practitioner,
    sign_in_staff,
    sign_out,
    toast,
)

pytestmark = pytest.mark.browser

GONGLI_USCC = social_credit_code(900_002)  # 上海市浦东新区公利医院, the second of the seed


def test_a_nurse_activates_on_her_phone_and_an_operator_certifies_her(
    open_page: OpenedPages, portal: Portal
) -> None:
    name, mobile, id_number = "王晓梅", "13912340001", an_id(701)
    phone = open_page("phone")

    # Step 1: name, ID number (checked while typed), mobile.
    phone.goto("/activate")
    expect(phone.get_by_role("heading", level=1)).to_have_text("激活个人账号")
    expect(phone.get_by_text("第 1 步，共 3 步")).to_be_visible()
    screenshot(phone, "activate-details", "phone")
    phone.get_by_label("姓名").fill(name)
    id_field = phone.get_by_label("居民身份证号码")
    id_field.fill(id_number[:10])
    expect(phone.get_by_text("已输入 10/18 位")).to_be_visible()
    wrong = id_number[:17] + ("0" if id_number[17] != "0" else "1")
    id_field.fill(wrong)
    expect(phone.get_by_text("身份证号码校验位不符，请逐位核对。")).to_be_visible()
    phone.get_by_label("手机号码").fill(mobile)
    phone.get_by_role("button", name="发送验证码").click()
    # After a submit the field states the problem once; the live check does not repeat it.
    expect(phone.locator(".field-error").filter(has_text="校验位不符")).to_have_count(1)
    expect(phone.locator("#id-check").filter(has_text="校验位不符")).to_have_count(0)
    # A corrected number clears the red message: only the green verdict stays.
    id_field.fill(id_number)
    expect(phone.get_by_text("号码校验通过：1996-03-08 出生，女。")).to_be_visible()
    expect(phone.get_by_text(re.compile("校验位不符"))).to_have_count(0)
    screenshot(phone, "activate-details-filled", "phone")
    phone.get_by_role("button", name="发送验证码").click()

    # Step 2: the SMS code, read from the development notification channel.
    expect(phone.get_by_text("第 2 步，共 3 步")).to_be_visible()
    expect(phone.get_by_text("验证码已发送至 139****0001。")).to_be_visible()
    expect(phone.get_by_text(re.compile(r"\d+ 秒后可重新发送"))).to_be_visible()
    screenshot(phone, "activate-code", "phone")
    phone.get_by_role("button", name="下一步").click()
    expect(phone.get_by_role("alert").filter(has_text="请更正以下问题")).to_be_visible()
    # A wrong code is reported on this step, before any password is typed.
    code = portal.sms_code(mobile)
    phone.get_by_label("短信验证码").fill(f"{(int(code) + 1) % 1_000_000:06d}")
    phone.get_by_role("button", name="下一步").click()
    expect(phone.get_by_text("验证码不正确，还可以再试 4 次。").first).to_be_visible()
    expect(phone.get_by_text("第 2 步，共 3 步")).to_be_visible()
    phone.get_by_label("短信验证码").fill(code)
    phone.get_by_role("button", name="下一步").click()

    # Step 3: a password, its rule explained; too short is caught before sending.
    expect(phone.get_by_text("第 3 步，共 3 步")).to_be_visible()
    expect(phone.get_by_text(re.compile("至少 15 个字符"))).to_be_visible()
    phone.get_by_label("新密码", exact=True).fill("short one")
    phone.get_by_label("再次输入新密码").fill("short one")
    phone.get_by_role("button", name="激活账号").click()
    expect(phone.get_by_role("alert").filter(has_text="密码至少需要 15 个字符。")).to_be_visible()
    screenshot(phone, "activate-password-errors", "phone")
    phone.get_by_label("新密码", exact=True).fill(PRACTITIONER_PASSWORD)
    phone.get_by_label("再次输入新密码").fill(PRACTITIONER_PASSWORD)
    phone.get_by_role("button", name="激活账号").click()

    # Activated and signed in: her own record, unmasked, to her only.
    expect(phone).to_have_url(re.compile(r"/me\?activated=1$"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("我的账号")
    expect(phone.get_by_text(id_number)).to_be_visible()
    expect(phone.get_by_text(mobile, exact=True)).to_be_visible()
    screenshot(phone, "account", "phone")

    # Signs out, and signs in again on the way to the certification page.
    sign_out(phone, "phone")
    expect(phone).to_have_url(re.compile(r"/$"))
    phone.goto("/me/certification")
    expect(phone).to_have_url(re.compile(r"/sign-in\?next=%2Fme%2Fcertification$"))
    sign_in_practitioner(phone, mobile)
    expect(phone).to_have_url(re.compile(r"/me/certification$"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("机构身份认证")

    # Asks her hospital to certify her as a nurse: found by a few characters of its name
    # (several hospitals match), never by typing its 18-character code.
    phone.get_by_role("button", name="提交认证申请").click()
    expect(phone.get_by_text("请搜索并选择任职机构。").first).to_be_visible()
    phone.get_by_label("任职机构").fill("浦东新区")
    choices = phone.get_by_role("list", name="查找结果")
    expect(choices.get_by_role("button")).to_have_count(8)
    phone.get_by_label("任职机构").fill("人民医院")
    expect(choices.get_by_role("button", name=re.compile("上海市第一人民医院"))).to_be_visible()
    screenshot(phone, "certification-picker", "phone")
    choices.get_by_role("button", name=re.compile(HOSPITAL)).click()
    expect(phone.locator(f"[data-picked-uscc='{HOSPITAL_USCC}']")).to_have_text(HOSPITAL)
    expect(phone.get_by_text("请搜索并选择任职机构。")).to_have_count(0)
    phone.get_by_role("radio", name="护士").check()
    phone.get_by_role("button", name="提交认证申请").click()
    request = phone.locator("article").filter(has_text=HOSPITAL)
    expect(request.locator("[data-status]")).to_have_attribute("data-status", "REQUESTED")
    expect(request.get_by_text("待认证")).to_be_visible()
    screenshot(phone, "certification", "phone")

    # The operator, at a desktop, signs in with username, password and authenticator code.
    operator = portal.staff(
        Role.INSTITUTION_OPERATOR,
        name="李经办",
        mobile="13912340002",
        institution_uscc=HOSPITAL_USCC,
        prefix="pd.ops",
    )
    desk = open_page("desktop")
    desk.goto("/sign-in")
    sign_in_staff(desk, operator)
    # Staff land on their institution's home, which counts what waits for them.
    expect(desk).to_have_url(re.compile(r"/home$"))
    desk.get_by_role("link", name=re.compile("待认证身份")).click()
    expect(desk).to_have_url(re.compile(r"/institution/certifications$"))
    item = desk.locator("article").filter(has_text=name)
    expect(item).to_be_visible()
    # Staff see the ID number masked.
    expect(item.get_by_text(id_number[:4] + "*" * 10 + id_number[-4:])).to_be_visible()
    assert id_number not in desk.content()

    item.get_by_role("button", name="认证通过").click()
    item.get_by_role("radio", name="居民身份证", exact=True).check()
    item.get_by_role("button", name="确认认证").click()
    expect(item.get_by_text("请确认已当面核验证件原件。").first).to_be_visible()
    screenshot(desk, "queue-certify", "desktop")
    item.get_by_label("我已当面核验证件原件，证件信息与申请人一致").check()
    item.get_by_role("button", name="确认认证").click()
    toast(desk, f"已认证 {name}")
    expect(desk.locator("article").filter(has_text=name)).to_have_count(0)
    expect(desk.get_by_text("刚刚处理的申请")).to_be_visible()

    # The nurse sees CERTIFIED, who certified her and with which document; an SMS told her.
    phone.reload()
    request = phone.locator("article").filter(has_text=HOSPITAL)
    expect(request.locator("[data-status]")).to_have_attribute("data-status", "CERTIFIED")
    expect(request.get_by_text("已认证", exact=True)).to_be_visible()
    expect(request.get_by_text("李经办")).to_be_visible()
    expect(request.get_by_text("居民身份证")).to_be_visible()
    screenshot(phone, "certification-certified", "phone")
    assert any(f"{HOSPITAL}已认证您的护士身份" in text for text in portal.sms_texts(mobile))


def enrol_authenticator(page: Page, submit: str) -> str:
    """Add the account to an "authenticator": read the key the page shows (as a person would
    type it into the app) and confirm one code. Returns the key."""
    expect(page.get_by_role("img", name=re.compile("身份验证器应用的二维码"))).to_be_visible()
    page.get_by_text("无法扫码？手动输入密钥").click()
    secret = page.locator("[data-secret]").get_attribute("data-secret")
    assert secret
    page.get_by_label("动态验证码").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name=submit).click()
    return secret


def test_the_commission_issues_an_institution_account_and_its_admin_runs_the_operators(
    open_page: OpenedPages, portal: Portal
) -> None:
    officer = portal.staff(
        Role.AUTHORITY_OFFICER,
        name="孙科员",
        mobile="13912340100",
        authority_code=PUDONG,
        prefix="pd.officer",
    )
    desk = open_page("desktop")
    desk.goto("/sign-in?as=staff")
    sign_in_staff(desk, officer)
    # Officers land on their workbench.
    expect(desk).to_have_url(re.compile(r"/authority/workbench$"))
    desk.goto("/authority/institution-accounts")
    desk.get_by_label("机构名称").fill("公利")
    desk.get_by_role("button", name="查询").click()
    hospital = desk.locator("article").filter(has_text="上海市浦东新区公利医院")
    hospital.get_by_role("button", name="账号和签发").click()
    expect(hospital.get_by_text("该机构还没有账号。")).to_be_visible()
    hospital.get_by_label("用户名").fill("gongli.admin")
    hospital.get_by_label("管理员姓名").fill("赵管理")
    hospital.get_by_label("接收激活短信的手机号码").fill("139 1234 0101")
    hospital.get_by_role("button", name="签发账号").click()
    expect(
        hospital.get_by_text("账号 gongli.admin 已签发，激活验证码已发送至 139****0101。")
    ).to_be_visible()
    issued = hospital.locator("article").filter(has_text="gongli.admin")
    expect(issued.locator("[data-status]")).to_have_attribute("data-status", "PENDING")
    screenshot(desk, "institution-accounts-issued", "desktop")

    # The admin activates: SMS code and password, then the authenticator from the QR code.
    admin = open_page("desktop")
    admin.goto("/staff/activate")
    admin.get_by_label("用户名").fill("gongli.admin")
    admin.get_by_label("短信验证码").fill(portal.sms_code("13912340101"))
    admin.get_by_label("新密码", exact=True).fill("gongli admin 2026")
    admin.get_by_label("再次输入新密码").fill("gongli admin 2026")
    admin.get_by_role("button", name="下一步").click()
    expect(admin.get_by_text("第 2 步，共 2 步")).to_be_visible()
    screenshot(admin, "staff-activate-totp", "desktop")
    enrol_authenticator(admin, "完成激活并登录")
    expect(admin).to_have_url(re.compile(r"/home$"))
    expect(admin.get_by_role("banner").get_by_text("赵管理")).to_be_visible()

    # The admin creates an operator, who activates the same way.
    admin.get_by_role("navigation", name="主导航").get_by_role("link", name="经办人账号").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("经办人账号管理")
    admin.get_by_label("用户名").fill("gongli.ops")
    admin.get_by_label("姓名").fill("钱经办")
    admin.get_by_label("手机号码").fill("13912340102")
    admin.get_by_role("button", name="创建账号并发送激活短信").click()
    expect(admin.get_by_text(re.compile("已为 钱经办 创建账号 gongli.ops"))).to_be_visible()
    operator_card = admin.locator("article").filter(has_text="gongli.ops")
    expect(operator_card.locator("[data-status]")).to_have_attribute("data-status", "PENDING")

    ops = open_page("phone")
    ops.goto("/staff/activate")
    ops.get_by_label("用户名").fill("gongli.ops")
    ops.get_by_label("短信验证码").fill(portal.sms_code("13912340102"))
    ops.get_by_label("新密码", exact=True).fill("qian operator 1")
    ops.get_by_label("再次输入新密码").fill("qian operator 1")
    ops.get_by_role("button", name="下一步").click()
    screenshot(ops, "staff-activate-totp", "phone")
    enrol_authenticator(ops, "完成激活并登录")
    expect(ops).to_have_url(re.compile(r"/home$"))
    expect(ops.get_by_role("heading", level=1)).to_have_text("上海市浦东新区公利医院")

    # Disable (with a reason), enable, reset: each answer shows on the operator's card.
    admin.reload()
    operator_card = admin.locator("article").filter(has_text="gongli.ops")
    expect(operator_card.locator("[data-status]")).to_have_attribute("data-status", "ACTIVE")
    operator_card.get_by_role("button", name="停用").click()
    operator_card.get_by_role("button", name="确认停用").click()
    expect(operator_card.get_by_text("请填写此项。").first).to_be_visible()
    operator_card.get_by_label("原因").fill("调岗，暂停使用")
    operator_card.get_by_role("button", name="确认停用").click()
    expect(operator_card.locator("[data-status]")).to_have_attribute("data-status", "DISABLED")
    screenshot(admin, "operators", "desktop")
    operator_card.get_by_role("button", name="重新启用").click()
    expect(operator_card.locator("[data-status]")).to_have_attribute("data-status", "ACTIVE")
    # A new code to the same mobile needs a minute's pause: the answer says so.
    operator_card.get_by_role("button", name="重置密码和验证器").click()
    operator_card.get_by_role("button", name="确认重置").click()
    expect(operator_card.locator(".notice-error")).to_contain_text("秒后再试")
    operator_card.get_by_role("button", name="取消").click()

    # Resetting an operator whose phone had no code lately works at once.
    portal.staff(
        Role.INSTITUTION_OPERATOR,
        name="郑经办",
        mobile="13912340103",
        institution_uscc=GONGLI_USCC,
        prefix="gongli.ops",
    )
    admin.reload()
    other = admin.locator("article").filter(has_text="郑经办")
    other.get_by_role("button", name="重置密码和验证器").click()
    other.get_by_role("button", name="确认重置").click()
    expect(other.locator("[data-status]")).to_have_attribute("data-status", "PENDING")
    toast(admin, "已重置，激活验证码已发送给 郑经办")
    assert len(portal.sms_texts("13912340103")) == 1
    # The admin is not offered actions on their own account.
    own = admin.locator("article").filter(has_text="gongli.admin")
    expect(own.get_by_role("button")).to_have_count(0)


def test_an_ended_session_sends_staff_to_sign_in_and_back(
    open_page: OpenedPages, portal: Portal
) -> None:
    operator = portal.staff(
        Role.INSTITUTION_OPERATOR,
        name="周经办",
        mobile="13912340200",
        institution_uscc=HOSPITAL_USCC,
        prefix="pd.ops",
    )
    desk = open_page("desktop")
    desk.goto("/institution/staff")
    expect(desk).to_have_url(re.compile(r"/sign-in\?next=%2Finstitution%2Fstaff$"))
    sign_in_staff(desk, operator)
    expect(desk).to_have_url(re.compile(r"/institution/staff$"))
    expect(desk.get_by_role("heading", level=1)).to_have_text("本机构医护人员")

    desk.wait_for_load_state("networkidle")  # the list has rendered; the link stays put
    assert portal.end_sessions(operator.username) == 1
    desk.get_by_role("navigation", name="主导航").get_by_role("link", name="身份认证审核").click()
    expect(desk).to_have_url(re.compile(r"/sign-in\?next=%2Finstitution%2Fcertifications$"))
    expect(desk.get_by_text("请先登录，登录后将返回刚才的页面。")).to_be_visible()
    expect(desk.get_by_role("banner").get_by_role("button", name="退出")).to_have_count(0)
    sign_in_staff(desk, operator, code=operator.next_code())
    expect(desk).to_have_url(re.compile(r"/institution/certifications$"))
    expect(desk.get_by_role("heading", level=1)).to_have_text("医护人员身份认证")


def test_a_claimed_id_number_opens_a_dispute_that_the_commission_resolves(
    open_page: OpenedPages, portal: Portal
) -> None:
    name, id_number = "陈静", an_id(711)
    portal.practitioner(name=name, id_number=id_number, mobile="13912340300")
    phone = open_page("phone")
    phone.goto("/activate")
    phone.get_by_label("姓名").fill(name)
    phone.get_by_label("居民身份证号码").fill(id_number)
    phone.get_by_label("手机号码").fill("13912340301")
    phone.get_by_role("button", name="发送验证码").click()
    expect(phone.get_by_text("验证码已发送至 139****0301。")).to_be_visible()
    phone.get_by_label("短信验证码").fill(portal.sms_code("13912340301"))
    phone.get_by_role("button", name="下一步").click()
    phone.get_by_label("新密码", exact=True).fill(PRACTITIONER_PASSWORD)
    phone.get_by_label("再次输入新密码").fill(PRACTITIONER_PASSWORD)
    phone.get_by_role("button", name="激活账号").click()
    # Answered as any activation: whether the number is on record is for the review to settle.
    expect(phone).to_have_url(re.compile(r"/me\?activated=1$"))
    expect(phone.get_by_text(name).first).to_be_visible()
    screenshot(phone, "activate-under-review", "phone")

    # Nobody certified the holder: the municipal commission resolves it.
    officer = portal.staff(
        Role.AUTHORITY_OFFICER,
        name="吴科员",
        mobile="13912340302",
        authority_code=MUNICIPAL,
        prefix="sh.officer",
    )
    desk = open_page("desktop")
    desk.goto("/disputes")
    sign_in_staff(desk, officer)
    dispute = desk.locator("article").filter(has_text=f"关于 {name} 的身份争议")
    expect(dispute.get_by_text("139****0301")).to_be_visible()
    expect(dispute.get_by_text("该身份证号码已被另一账号关联")).to_be_visible()
    dispute.get_by_role("button", name="处理").click()
    dispute.get_by_role("radio", name="保留原账号").check()
    dispute.get_by_label("核实说明").fill("电话联系双方，原账号持有人持身份证原件到窗口核实。")
    screenshot(desk, "disputes-resolve", "desktop")
    dispute.get_by_role("button", name="确认处理").click()
    expect(dispute.locator("[data-status]")).to_have_attribute("data-status", "KEPT")
    texts = portal.sms_texts("13912340301")  # newest first: the outcome, the code
    assert len(texts) == 2
    assert "原账号保留" in texts[0]


def test_a_practitioner_changes_password_and_mobile_and_adds_an_authenticator(
    open_page: OpenedPages, portal: Portal
) -> None:
    mobile, new_mobile = "13912340400", "13912340401"
    portal.practitioner(name="林护士", id_number=an_id(721), mobile=mobile)
    phone = open_page("phone")
    phone.goto("/sign-in")
    sign_in_practitioner(phone, mobile)
    expect(phone).to_have_url(re.compile(r"/home$"))
    phone.goto("/me")

    phone.get_by_role("link", name=re.compile("修改密码")).click()
    phone.get_by_label("当前密码").fill("not my password at all")
    phone.get_by_label("新密码", exact=True).fill("a new and longer passphrase")
    phone.get_by_label("再次输入新密码").fill("a new and longer passphrase")
    phone.get_by_role("button", name="修改密码").click()
    expect(phone.locator(".field-error").filter(has_text="密码不正确。")).to_be_visible()
    screenshot(phone, "password-errors", "phone")
    phone.get_by_label("当前密码").fill(PRACTITIONER_PASSWORD)
    phone.get_by_role("button", name="修改密码").click()
    toast(phone, "密码已修改")
    expect(phone).to_have_url(re.compile(r"/me$"))

    phone.get_by_role("link", name=re.compile("更换手机号码")).click()
    phone.get_by_label("新手机号码").fill(new_mobile)
    phone.get_by_label("当前密码").fill("a new and longer passphrase")
    phone.get_by_role("button", name="获取验证码").click()
    expect(phone.get_by_text("验证码已发送至 139****0401。")).to_be_visible()
    phone.get_by_label("短信验证码").fill(portal.sms_code(new_mobile))
    phone.get_by_role("button", name="确认更换").click()
    toast(phone, "手机号码已更换")
    expect(phone.get_by_text(new_mobile, exact=True)).to_be_visible()
    assert any("139****0401" in text for text in portal.sms_texts(mobile))  # the old number told

    phone.get_by_role("link", name=re.compile("身份验证器")).click()
    phone.get_by_role("button", name="开启身份验证器").click()
    screenshot(phone, "totp", "phone")
    secret = enrol_authenticator(phone, "完成绑定")
    expect(phone.get_by_text("已开启：登录时需要动态码。")).to_be_visible()
    # The code used to confirm is spent: the next sign-in uses the next step's code.
    totp_code = pyotp.TOTP(secret).at(time.time() + 30)

    # Signs out on every device; signing in again needs the authenticator code as well.
    phone.get_by_role("button", name="在所有设备上退出").click()
    phone.get_by_role("button", name="确认全部退出").click()
    toast(phone, "已在所有设备上退出")
    expect(phone).to_have_url(re.compile(r"/sign-in$"))
    phone.get_by_label("手机号码").fill(new_mobile)
    phone.get_by_label("密码", exact=True).fill("a new and longer passphrase")
    phone.get_by_role("button", name="登录", exact=True).click()
    expect(phone.locator(".notice-error")).to_have_text("手机号码、密码或动态验证码不正确。")
    phone.get_by_label("我已开启身份验证器").check()
    phone.get_by_label("动态验证码").fill(totp_code)
    phone.get_by_role("button", name="登录", exact=True).click()
    expect(phone).to_have_url(re.compile(r"/home$"))


def test_an_operator_ends_an_affiliation_and_an_authority_admin_adds_an_officer(
    open_page: OpenedPages, portal: Portal
) -> None:
    operator = portal.staff(
        Role.INSTITUTION_OPERATOR,
        name="秦经办",
        mobile="13912340500",
        institution_uscc=HOSPITAL_USCC,
        prefix="pd.ops",
    )
    portal.certification_request(
        name="许静",
        id_number=an_id(731),
        mobile="13912340501",
        institution_uscc=HOSPITAL_USCC,
        certify_by=operator.username,
    )
    desk = open_page("desktop")
    desk.goto("/institution/staff")
    sign_in_staff(desk, operator)
    nurse = desk.locator("article").filter(has_text="许静")
    nurse.get_by_role("button", name="结束执业关系").click()
    nurse.get_by_label("原因").fill("已于 2026 年 11 月离职")
    nurse.get_by_role("button", name="确认结束").click()
    expect(nurse.locator("[data-status]")).to_have_attribute("data-status", "ENDED")
    expect(nurse.get_by_text("已于 2026 年 11 月离职")).to_be_visible()
    assert any("已结束与您的执业关系" in text for text in portal.sms_texts("13912340501"))

    admin = portal.staff(
        Role.AUTHORITY_ADMIN,
        name="杨管理",
        mobile="13912340502",
        authority_code=PUDONG,
        prefix="pd.admin",
    )
    office = open_page("desktop")
    office.goto("/sign-in?as=staff")
    sign_in_staff(office, admin)
    office.get_by_role("navigation", name="主导航").get_by_role("link", name="工作人员账号").click()
    office.get_by_label("用户名").fill("13912340503")
    office.get_by_label("姓名").fill("朱科员")
    office.get_by_label("手机号码").fill("13912340503")
    office.get_by_role("button", name="创建账号并发送激活短信").click()
    expect(office.get_by_text(re.compile("用户名为 3–32 位")).first).to_be_visible()
    office.get_by_label("用户名").fill("pd.zhu")
    office.get_by_role("button", name="创建账号并发送激活短信").click()
    expect(office.get_by_text(re.compile("已为 朱科员 创建账号 pd.zhu"))).to_be_visible()
    created = office.locator("article").filter(has_text="pd.zhu")
    expect(created.locator("[data-status]")).to_have_attribute("data-status", "PENDING")
    expect(created.get_by_text("卫生健康委工作人员 · 浦东新区卫生健康委员会")).to_be_visible()
    assert "pd.zhu" in portal.sms_texts("13912340503")[0]
    screenshot(office, "authority-staff-created", "desktop")

    # The same username again: the answer names the field.
    office.get_by_label("用户名").fill("pd.zhu")
    office.get_by_label("姓名").fill("朱科员")
    office.get_by_label("手机号码").fill("13912340504")
    office.get_by_role("button", name="创建账号并发送激活短信").click()
    expect(office.locator(".field-error").filter(has_text="用户名 pd.zhu 已被使用")).to_be_visible()
