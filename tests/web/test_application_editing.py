"""No dead ends in an application: thumbnails of the uploaded materials with remove and replace,
a draft saved on the server and continued after signing out, a "check your answers" step, and
an application returned for correction edited and submitted again."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fpdf import FPDF
from playwright.sync_api import expect

from access.actor import Role
from tests.factories.workflow import PNG
from tests.web.portal import OpenedPages, Portal, axe_violations, screenshot
from tests.web.steps import (
    HOSPITAL,
    HOSPITAL_USCC,
    fresh_id,
    fresh_mobile,
    sign_in_practitioner,
    sign_in_staff,
    sign_out,
)

pytestmark = pytest.mark.browser


def _pdf(path: Path) -> Path:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=14)
    pdf.cell(text="Qualification certificate")
    pdf.output(str(path))
    return path


def test_a_nurse_drafts_checks_and_corrects_a_returned_application(
    portal: Portal, open_page: OpenedPages, tmp_path: Path
) -> None:
    operator = portal.staff(
        Role.INSTITUTION_OPERATOR,
        name="赵经办",
        mobile=fresh_mobile(),
        institution_uscc=HOSPITAL_USCC,
        prefix="edit-op",
    )
    mobile = fresh_mobile()
    portal.certification_request(
        name="孙护士",
        id_number=fresh_id(),
        mobile=mobile,
        institution_uscc=HOSPITAL_USCC,
        certify_by=operator.username,
    )
    photo = tmp_path / "photo.png"
    photo.write_bytes(PNG)
    scan = _pdf(tmp_path / "scan.pdf")

    phone = open_page("phone")
    phone.goto("/sign-in?next=/me/apply")
    sign_in_practitioner(phone, mobile)
    phone.get_by_label("选择事项").select_option("NURSE_FIRST_REGISTRATION")
    phone.get_by_label("搜索机构名称").fill("浦东新区人民")
    phone.locator("select[name=institutionId]").select_option(label=HOSPITAL)
    phone.get_by_label("资格证书编号").fill("HSZG-DRAFT-1")
    phone.locator("select[name=education]").select_option("本科")

    # Each upload shows a thumbnail, with replace and remove; a PDF shows a document sign.
    uploads = phone.locator("input[type=file]")
    kinds = [
        phone.locator("[data-attachment]").nth(i).get_attribute("data-attachment")
        for i in range(uploads.count())
    ]
    for upload in uploads.all():
        upload.set_input_files(str(photo))
    expect(phone.locator("img.attachment-thumb")).to_have_count(len(kinds))
    first = phone.locator(f"[data-attachment={kinds[0]}]")
    first.get_by_role("button", name="删除").click()
    expect(first.locator(".file-drop")).to_be_visible()
    expect(phone.locator("img.attachment-thumb")).to_have_count(len(kinds) - 1)
    first.locator("input[type=file]").set_input_files(str(scan))
    expect(first.locator(".attachment-thumb-doc")).to_have_text("PDF")
    expect(first.get_by_text("scan.pdf")).to_be_visible()
    # Never "uploading" beside a red "upload this material".
    expect(phone.get_by_text("正在上传…")).to_have_count(0)
    expect(phone.get_by_text("请上传此项材料")).to_have_count(0)
    screenshot(phone, "apply-thumbnails", "phone")
    assert not axe_violations(phone)

    # The draft is kept by the server: its address survives signing out.
    phone.get_by_role("button", name="保存草稿").click()
    expect(phone.locator(".toast").filter(has_text="草稿已保存")).to_be_visible()
    expect(phone).to_have_url(re.compile(r"/applications/[^/]+/edit$"))
    draft_url = phone.url
    sign_out(phone, "phone")
    phone.goto("/sign-in?next=/me/applications")
    sign_in_practitioner(phone, mobile)
    phone.locator("article[data-status=DRAFT]").first.get_by_role("link").first.click()
    phone.get_by_role("link", name="继续填写").click()
    expect(phone).to_have_url(draft_url)
    expect(phone.get_by_role("heading", level=1)).to_have_text("继续填写：护士首次注册")
    expect(phone.get_by_label("资格证书编号")).to_have_value("HSZG-DRAFT-1")
    expect(phone.locator("select[name=education]")).to_have_value("本科")
    expect(phone.locator(".attachment-chosen")).to_have_count(len(kinds))

    # Check your answers, change one, check again, submit.
    phone.get_by_role("button", name="下一步：核对信息").click()
    expect(phone.get_by_role("heading", name="核对申请信息")).to_be_visible()
    answers = phone.locator(".check-answers")
    expect(answers.get_by_text("HSZG-DRAFT-1")).to_be_visible()
    expect(answers.get_by_text(HOSPITAL)).to_be_visible()
    expect(answers.get_by_text(re.compile(r"scan\.pdf"))).to_be_visible()
    screenshot(phone, "apply-check", "phone")
    assert not axe_violations(phone)
    answers.get_by_role("button", name="修改 资格证书编号").click()
    expect(phone.get_by_label("资格证书编号")).to_be_focused()
    phone.get_by_label("资格证书编号").fill("HSZG202600777")
    phone.get_by_role("button", name="下一步：核对信息").click()
    expect(answers.get_by_text("HSZG202600777")).to_be_visible()
    phone.get_by_role("button", name="提交申请").click()
    expect(phone.locator("[data-status=AWAITING_INSTITUTION]").first).to_be_visible()
    application_url = phone.url

    # The operator returns it, saying why.
    desk = open_page("desktop")
    desk.goto("/sign-in?next=/institution/review")
    sign_in_staff(desk, operator)
    mine = desk.locator("article").filter(has_text="孙护士")
    mine.get_by_role("link", name="护士首次注册").first.click()
    desk.get_by_role("button", name="退回补正", exact=True).click()
    desk.get_by_label("意见（申请人可见）").fill("资格证书照片不清晰，请重新上传")
    desk.get_by_role("button", name="确定退回补正").click()
    expect(desk.locator("[data-status=RETURNED]").first).to_be_visible()

    # The nurse edits exactly what was returned: the opinion on top, the material replaced.
    phone.goto(application_url)
    expect(phone.locator("[data-status=RETURNED]").first).to_be_visible()
    phone.get_by_role("link", name="修改并重新提交").click()
    expect(phone.locator("[data-return-opinion]")).to_have_text("资格证书照片不清晰，请重新上传")
    qualification = phone.locator("[data-attachment=QUALIFICATION_CERTIFICATE]")
    qualification.locator("input[type=file]").set_input_files(str(photo))
    expect(qualification.locator("img.attachment-thumb")).to_be_visible()
    screenshot(phone, "apply-returned-edit", "phone")
    assert not axe_violations(phone)
    phone.get_by_role("button", name="下一步：核对信息").click()
    expect(phone.get_by_role("heading", name="核对申请信息")).to_be_visible()
    phone.get_by_role("button", name="重新提交").click()
    expect(phone.locator("[data-status=AWAITING_INSTITUTION]").first).to_be_visible()
    # The history is kept: the return and the resubmission are both on the timeline.
    expect(phone.locator(".timeline [data-action=RETURN]")).to_have_count(1)
    expect(phone.locator(".timeline [data-action=RESUBMIT]")).to_have_count(1)

    # The operator adds a material handed in at the counter; the nurse's files stay.
    desk.reload()
    expect(desk.locator("[data-status=AWAITING_INSTITUTION]").first).to_be_visible()
    attached = desk.locator(".attachment-list li").count()
    desk.get_by_role("button", name="补充材料").click()
    desk.get_by_label("材料类别").select_option("TRAINING_CERTIFICATE")
    added = desk.locator("[data-attachment=TRAINING_CERTIFICATE]")
    added.locator("input[type=file]").set_input_files(str(scan))
    expect(added.locator(".attachment-thumb-doc")).to_be_visible()
    screenshot(desk, "application-add-materials", "desktop")
    assert not axe_violations(desk)
    desk.get_by_role("button", name="添加材料").click()
    expect(desk.locator(".toast").filter(has_text="材料已添加")).to_be_visible()
    expect(desk.locator(".timeline [data-action=ADD_MATERIALS]")).to_have_count(1)
    expect(desk.locator(".attachment-list li")).to_have_count(attached + 1)

    # The same editor at desktop width, for a second draft.
    wide = open_page("desktop")
    wide.goto("/sign-in?next=/me/apply")
    sign_in_practitioner(wide, mobile)
    wide.get_by_label("选择事项").select_option("NURSE_CANCELLATION")
    # The cancellation reason is a closed list, not free text.
    reason = wide.get_by_label("注销原因")
    expect(reason.locator("option", has_text="退休")).to_have_count(1)
    expect(reason.locator("option", has_text="停业")).to_have_count(0)
    reason.select_option("退休")
    expect(wide.get_by_role("button", name="下一步：核对信息")).to_be_visible()
    screenshot(wide, "apply-form", "desktop")
    assert not axe_violations(wide)


def test_the_forms_fit_a_360_px_screen(portal: Portal, open_page: OpenedPages) -> None:
    """The smallest phones in use: no sideways scrolling on the pages of these flows."""
    mobile = fresh_mobile()
    portal.certification_request(
        name="钱护士", id_number=fresh_id(), mobile=mobile, institution_uscc=HOSPITAL_USCC
    )
    page = open_page("phone")
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto("/activate")
    page.get_by_label("居民身份证号码").fill("31011519960308002")
    screenshot(page, "activate-360", "phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert not axe_violations(page)
    page.goto("/sign-in?next=/me/apply")
    sign_in_practitioner(page, mobile)
    page.get_by_label("选择事项").select_option("NURSE_FIRST_REGISTRATION")
    expect(page.get_by_role("button", name="下一步：核对信息")).to_be_visible()
    screenshot(page, "apply-360", "phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.goto("/me/certification")
    expect(page.get_by_text("等待机构认证")).to_be_visible()  # the records came
    # One menu entry is the current page: this one, not also its parent /me.
    expect(page.locator("#main-nav a[aria-current=page]")).to_have_attribute(
        "href", "/me/certification"
    )
    page.get_by_label("任职机构").fill("社区卫生服务中心")
    expect(page.get_by_role("list", name="查找结果").get_by_role("button").first).to_be_visible()
    screenshot(page, "certification-picker-360", "phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert not axe_violations(page)
