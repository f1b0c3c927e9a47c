"""Applications through the portal: a certified nurse applies on her phone, the
institution's operator forwards it on a desktop."""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from fpdf import FPDF
from playwright.sync_api import Page, expect

from access.actor import Role
from api.worker import Background
from certificates import jobs
from core.clock import Clock
from directory.models import Profession
from identity.runtime import IdentityRuntime
from tests.factories import social_credit_code
from tests.web import identity_seed
from tests.web.portal import OpenedPages, Portal, axe_violations, screenshot, switch_to_english
from tests.web.seed import INSTITUTIONS
from tests.web.steps import (
    HOSPITAL,
    HOSPITAL_USCC,
    PUDONG,
    fresh_id,
    fresh_mobile,
    init_portal_pki,
    sign_in_practitioner,
    sign_in_staff,
)

pytestmark = pytest.mark.browser


def _png(path: Path) -> Path:
    """A small valid PNG standing in for a photographed certificate."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\xff\xff\xff" * 8 for _ in range(8))
    header = struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
    return path


def _sign_licences(portal: Portal) -> None:
    """What the background signer does: run the signing job of each licence that waits."""
    runtime = portal.settings.licence_runtime()
    channel = IdentityRuntime.build(portal.settings.identity_config()).channel

    async def work(factory: Any) -> None:
        handlers = Background(factory, runtime, channel, Clock())
        async with factory() as session:
            waiting = await jobs.waiting(session, limit=50)
        for licence_id, _priority in waiting:
            await handlers.sign_licence(str(licence_id))

    portal.run(work)


def _verify_image(page: Page, image: Path, status: str) -> None:
    """The public verify page reads the QR code from a picture, in the browser."""
    page.goto("/verify")
    page.get_by_role("radio", name="选择图片").check()
    page.locator("input[type=file]").set_input_files(str(image))
    expect(page.locator(f".verdict[data-status={status}]")).to_be_visible(timeout=20_000)


def _use_the_desk(office: Page) -> None:
    """The officer's desk: counts per status, search by the number typed without hyphens and
    by the applicant's name, the preview with the attachment shown inline, the keyboard."""
    waiting = office.locator(".desk-tab[data-tab=AWAITING_ACCEPTANCE] .desk-count")
    expect(waiting).not_to_have_text("…")
    assert int(waiting.get_attribute("data-count") or "0") >= 1
    row = office.locator("tbody tr[data-status=AWAITING_ACCEPTANCE]").first
    number = row.locator("td").first.inner_text().strip()
    office.get_by_label("搜索").fill(number.replace("-", ""))
    office.get_by_role("button", name="查询", exact=True).click()
    expect(office.locator("tbody tr")).to_have_count(1)
    expect(office.locator("tbody tr").first).to_contain_text(number)
    expect(office.locator(".desk-tab[data-tab=ALL] .desk-count")).to_have_attribute(
        "data-count", "1"
    )
    office.get_by_label("搜索").fill("李护士")
    office.get_by_role("button", name="查询", exact=True).click()
    expect(office.locator("tbody tr").first).to_contain_text("李护士")

    office.locator("tbody tr").first.click()
    preview = office.get_by_role("complementary", name="申请预览")
    expect(preview.get_by_role("heading", name="护士首次注册")).to_be_visible()
    image = preview.locator("img.desk-attachment-image").first
    expect(image).to_be_visible()
    # Lazily loaded: below the preview's actions it loads once scrolled to.
    image.scroll_into_view_if_needed()
    office.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    box = office.locator(".desk-table").bounding_box()
    side = preview.bounding_box()
    assert box is not None
    assert side is not None
    assert side["x"] >= box["x"] + box["width"] - 1, "the preview is beside the table"
    screenshot(office, "workbench", "desktop")
    assert not axe_violations(office)

    office.locator(".desk-table").focus()
    office.keyboard.press("ArrowDown")
    expect(office.locator("tbody tr.desk-row-on")).to_have_count(1)
    office.keyboard.press("Enter")
    expect(office).to_have_url(re.compile(r"/applications/"))


# True once the portal's service worker controls the page (within 10 s); evaluated once, as
# the page's CSP refuses the string evaluation Playwright's polling would need.
SERVICE_WORKER_IN_CONTROL = """async () => {
  const controlled = (async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((done) =>
        navigator.serviceWorker.addEventListener("controllerchange", done, { once: true }));
    }
    return true;
  })();
  const late = new Promise((done) => setTimeout(() => done(false), 10000));
  return Promise.race([controlled, late]);
}"""


def _reload_licences_offline(phone: Page) -> None:
    """With no network at all, the page reloads from the service worker's copy of the portal
    and shows the licence card and its QR from the last fetch; back online it fetches again."""
    phone.goto("/me/licences")
    expect(phone.locator("[data-licence]").first).to_be_visible()
    assert phone.evaluate(SERVICE_WORKER_IN_CONTROL), "no service worker controls the page"
    phone.context.set_offline(True)
    try:
        phone.reload()
        note = phone.get_by_text("当前无法连接网络")
        expect(note).to_be_visible()
        assert "/assets/" not in phone.evaluate("location.href")
        card = phone.locator("[data-licence]").first
        expect(card).to_be_visible()
        card.get_by_role("button", name="出示二维码").click()
        dialog = phone.get_by_role("dialog")
        expect(dialog.locator("img.qr-image")).to_have_attribute("data-live", "false")
        expect(dialog.locator(".licence-show-offline")).to_contain_text("保存在本机")
        screenshot(phone, "licence-offline-reload", "phone")
        dialog.get_by_role("button", name="关闭").click()
    finally:
        phone.context.set_offline(False)
    # Back online, the page fetches the licences again by itself.
    expect(phone.get_by_text("当前无法连接网络")).to_have_count(0, timeout=15_000)
    expect(phone.locator("[data-licence]").first).to_be_visible()


def _share_link(phone: Page) -> str:
    """The holder makes a share link of a day for her licence; its path."""
    panel = phone.locator("details.licence-share").first
    panel.locator("summary").click()
    panel.get_by_label("有效时长").select_option("24")
    panel.get_by_role("button", name="生成分享链接").click()
    link = panel.locator(".share-links .share-url").first
    expect(link).to_be_visible()
    screenshot(phone, "my-licences-share", "phone")
    assert not axe_violations(phone)
    url = link.get_attribute("href")
    assert url
    assert "/s/" in url
    return url[url.index("/s/") :]  # the link names the configured public address


def _revoke_share_link(phone: Page) -> None:
    phone.goto("/me/licences")
    panel = phone.locator("details.licence-share").first
    panel.locator("summary").click()
    panel.get_by_role("button", name="撤销").first.click()
    expect(panel.get_by_text("暂无有效的分享链接。")).to_be_visible()


def _verify_unsigned_pdf(page: Page, tmp_path: Path) -> None:
    """An ordinary PDF (no signature at all) is told apart from a forgery."""
    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=12)
    document.cell(text="An ordinary PDF")
    pdf = tmp_path / "ordinary.pdf"
    pdf.write_bytes(bytes(document.output()))
    page.goto("/verify")
    page.get_by_role("radio", name="上传 PDF").check()
    page.locator("input[type=file]").set_input_files(str(pdf))
    verdict = page.locator(".verdict")
    expect(verdict).to_have_attribute("data-status", "UNSIGNED", timeout=20_000)
    expect(verdict).to_contain_text("没有电子签章")
    expect(verdict).not_to_contain_text("伪造")
    expect(verdict).not_to_contain_text("二维码")
    screenshot(page, "verify-unsigned-pdf", "phone")
    assert not axe_violations(page)


def _decide(page: Page, action: str, opinion: str | None = None) -> None:
    page.get_by_role("button", name=action, exact=True).click()
    if opinion:
        page.get_by_label("意见（申请人可见）").fill(opinion)
    page.get_by_role("button", name=f"确定{action}").click()
    expect(page.locator(".toast").filter(has_text=f"已{action}")).to_be_visible()


def _apply(page: Page, item: str, institution: str, photo: Path) -> None:
    """On /me/apply: choose ``item``, fill its form (institution by search), attach ``photo``
    for every material, submit."""
    page.get_by_label("选择事项").select_option(item)
    page.get_by_label("搜索机构名称").fill(institution[-6:])
    page.locator("select[name=institutionId]").select_option(label=institution)
    category = page.locator("select[name=category]")
    if category.count():
        category.select_option("CLINICAL")
    _fill_the_rest(page, "YSZG202600456")
    for upload in page.locator("input[type=file]").all():
        upload.set_input_files(str(photo))
    uploads = page.locator("input[type=file]").count()
    expect(page.get_by_text("已上传")).to_have_count(uploads)
    page.get_by_role("button", name="下一步：核对信息").click()
    expect(page.get_by_role("heading", name="核对申请信息")).to_be_visible()
    page.get_by_role("button", name="提交申请").click()


def _fill_the_rest(page: Page, text: str) -> None:
    """Every empty text field gets ``text``; every closed list (学历, 执业范围) its first value."""
    for field in page.locator("form input.input:not([name$='-search'])").all():
        if field.input_value() == "":
            field.fill(text)
    for select in page.locator("form select").all():
        if select.input_value() == "":
            select.select_option(index=1)


def _open_first(page: Page, path: str, item: str) -> None:
    page.goto(path)
    if path == "/authority/workbench":
        # The desk's table: select the row, open it from the preview beside it.
        page.locator("tbody tr").filter(has_text=item).first.click()
        preview = page.get_by_role("complementary", name="申请预览")
        preview.get_by_role("link", name="打开办理").click()
        return
    page.get_by_role("link", name=item).first.click()


def test_nurse_applies_and_operator_forwards(
    portal: Portal, open_page: OpenedPages, tmp_path: Path
) -> None:
    operator = portal.staff(
        Role.INSTITUTION_OPERATOR,
        name="王经办",
        mobile=fresh_mobile(),
        institution_uscc=HOSPITAL_USCC,
        prefix="apps-op",
    )
    mobile = fresh_mobile()
    portal.certification_request(
        name="李护士",
        id_number=fresh_id(),
        mobile=mobile,
        institution_uscc=HOSPITAL_USCC,
        certify_by=operator.username,
    )
    photo = _png(tmp_path / "certificate.png")

    phone = open_page("phone")
    phone.goto("/sign-in?next=/me/apply")
    sign_in_practitioner(phone, mobile)
    expect(phone.get_by_role("heading", name="申请办理")).to_be_visible()
    phone.get_by_label("选择事项").select_option("NURSE_FIRST_REGISTRATION")
    # Going on with an empty form shows each problem next to its field.
    phone.get_by_role("button", name="下一步：核对信息").click()
    expect(phone.locator(".error-summary, [role=alert]").first).to_be_visible()
    phone.get_by_label("搜索机构名称").fill("浦东新区人民")
    phone.locator("select[name=institutionId]").select_option(label=HOSPITAL)
    # 学历 is chosen from a list, never typed.
    expect(phone.locator("select[name=education] option")).to_have_count(6)
    _fill_the_rest(phone, "HSZG202600123")
    for upload in phone.locator("input[type=file]").all():
        upload.set_input_files(str(photo))
    expect(phone.get_by_text("已上传").first).to_be_visible()
    screenshot(phone, "apply", "phone")
    phone.get_by_role("button", name="下一步：核对信息").click()
    expect(phone.get_by_role("heading", name="核对申请信息")).to_be_visible()
    phone.get_by_role("button", name="提交申请").click()
    expect(phone.locator("[data-status=AWAITING_INSTITUTION]").first).to_be_visible()
    screenshot(phone, "application", "phone")
    assert not axe_violations(phone)

    desk = open_page("desktop")
    desk.goto("/sign-in?next=/institution/review")
    sign_in_staff(desk, operator)
    expect(desk.get_by_role("heading", name="申请预审")).to_be_visible()
    screenshot(desk, "review-queue", "desktop")
    # Other tests' applicants wait in the same hospital's queue: open this nurse's.
    mine = desk.locator("article").filter(has_text="李护士")
    mine.get_by_role("link", name="护士首次注册").first.click()
    _decide(desk, "报送")
    expect(desk.locator("[data-status=AWAITING_ACCEPTANCE]").first).to_be_visible()

    officer = portal.staff(
        Role.AUTHORITY_OFFICER,
        name="陈审批",
        mobile=fresh_mobile(),
        authority_code=PUDONG,
        prefix="apps-officer",
    )
    office = open_page("desktop")
    office.goto("/sign-in?next=/authority/workbench")
    sign_in_staff(office, officer)
    expect(office.get_by_role("heading", name="审批工作台")).to_be_visible()
    expect(office.locator("[data-application]").first).to_be_visible()
    _use_the_desk(office)
    _decide(office, "受理")
    _decide(office, "批准")
    if office.get_by_role("button", name="核收纸质材料").count():
        _decide(office, "核收纸质材料")
    expect(office.locator("[data-status=COMPLETED]").first).to_be_visible()
    screenshot(office, "application-decided", "desktop")

    phone.goto("/me/applications")
    expect(phone.locator("[data-status=COMPLETED]").first).to_be_visible()
    screenshot(phone, "my-applications", "phone")
    # Her home shows the completed application's stepper and the way to its licence.
    phone.goto("/home")
    done = phone.locator(".home-app[data-status=COMPLETED]").first
    expect(done.locator(".stepper-done").first).to_be_visible()
    assert done.locator(".stepper-done").count() == done.locator(".stepper-stage").count() >= 4
    screenshot(phone, "personal-home-completed", "phone")
    assert not axe_violations(phone)
    done.get_by_role("link", name="查看电子证照").click()
    expect(phone).to_have_url(re.compile(r"/me/licences$"))
    # The nurse opens her licences while the PDF is still being signed ...
    phone.goto("/me/licences")
    expect(phone.get_by_role("status").filter(has_text="正在签发")).to_be_visible()
    screenshot(phone, "my-licences-signing", "phone")
    phone.evaluate("window.__sameDocument = true")
    init_portal_pki(portal)
    _sign_licences(portal)
    # ... and the download appears by itself, in the same document (no reload).
    download_link = phone.get_by_role("link", name="下载 PDF")
    expect(download_link).to_be_visible(timeout=20_000)
    assert phone.evaluate("window.__sameDocument === true")
    expect(phone.get_by_text("正在签发")).to_have_count(0)
    screenshot(phone, "my-licences", "phone")
    with phone.expect_download() as info:
        download_link.click()
    pdf = tmp_path / "licence.pdf"
    info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")
    phone.get_by_role("button", name="出示二维码").click()
    dialog = phone.get_by_role("dialog")
    qr = dialog.locator("img.qr-image")
    expect(qr).to_be_visible()
    # 亮证: the licence like its PDF, with a clock that runs while it is shown.
    expect(dialog.locator(".licence-show-holder")).to_have_text("李护士")
    expect(dialog.get_by_text("请调高屏幕亮度")).to_be_visible()
    clock = dialog.locator(".licence-show-clock time")
    expect(clock).not_to_have_text(clock.inner_text(), timeout=5_000)
    # The live QR names a share of three minutes, renewed while the screen is open.
    expect(qr).to_have_attribute("data-live", "true")
    assert "/s/" in (qr.get_attribute("data-verify-url") or "")
    expect(dialog.get_by_text("二维码每分钟自动更新")).to_be_visible()
    screenshot(phone, "licence-qr", "phone")
    assert not axe_violations(phone)
    qr_png = tmp_path / "qr.png"
    qr.screenshot(path=str(qr_png))
    number = phone.locator("[data-licence]").first.get_attribute("data-licence")
    assert number
    dialog.get_by_role("button", name="关闭").click()
    share_url = _share_link(phone)

    # Without a connection the licence still shows, from the copy of the last fetch.
    phone.goto("/home")
    expect(phone.locator(".home-licence").first).to_be_visible()
    phone.route("**/graphql", lambda route: route.abort())
    phone.locator(".home-licence").first.click()
    expect(phone.get_by_text("当前无法连接网络")).to_be_visible()
    phone.get_by_role("button", name="出示二维码").click()
    offline_qr = phone.get_by_role("dialog").locator("img.qr-image")
    expect(offline_qr).to_be_visible()
    expect(offline_qr).to_have_attribute("data-live", "false")
    expect(phone.get_by_role("dialog").locator(".licence-show-offline")).to_be_visible()
    screenshot(phone, "licence-offline", "phone")
    # Offline the QR is the licence's own verify code, from the last fetch.
    printed_png = tmp_path / "printed-qr.png"
    offline_qr.screenshot(path=str(printed_png))
    phone.get_by_role("dialog").get_by_role("button", name="关闭").click()
    phone.unroute("**/graphql")
    _reload_licences_offline(phone)

    public = open_page("phone")
    _verify_image(public, qr_png, "VALID")
    # The result says what was checked: the QR code's signature.
    expect(public.locator(".verdict-checked[data-checked=qr]")).to_contain_text("数字签名")
    screenshot(public, "verify-valid", "phone")
    assert not axe_violations(public)
    public.goto(share_url)
    expect(public.locator("section.status[data-status=VALID]")).to_be_visible()
    expect(public.get_by_text("分享链接有效至")).to_be_visible()
    screenshot(public, "share-link", "phone")
    _revoke_share_link(phone)
    public.goto(share_url)
    expect(public.locator("section.status[data-status=SHARE_REVOKED]")).to_be_visible()
    screenshot(public, "share-link-revoked", "phone")
    _verify_unsigned_pdf(public, tmp_path)

    office.goto("/authority/licences")
    office.get_by_label("证照编号").fill(number)
    office.get_by_role("button", name="查询").click()
    card = office.locator(f"[data-licence='{number}']")
    card.get_by_role("button", name="暂停").click()
    office.get_by_label("原因").fill("执业行为调查期间暂停")
    card.get_by_role("button", name="暂停").last.click()
    expect(office.locator(".toast").filter(has_text="已暂停")).to_be_visible()
    screenshot(office, "licences", "desktop")

    _verify_image(public, printed_png, "SUSPENDED")
    screenshot(public, "verify-suspended", "phone")

    desk.goto("/institution/roster")
    expect(desk.locator("[data-registration]").first).to_be_visible()
    screenshot(desk, "roster", "desktop")
    with desk.expect_download() as csv_info:
        desk.get_by_role("button", name="导出 CSV").click()
    csv_path = tmp_path / "roster.csv"
    csv_info.value.save_as(csv_path)
    assert len(csv_path.read_text(encoding="utf-8-sig").strip().splitlines()) >= 2

    public.goto("/notices")
    public.get_by_label("审批机关").select_option("310115")
    expect(public.get_by_role("heading", name="护士首次注册").first).to_be_visible()
    screenshot(public, "notices", "phone")


def test_doctor_multi_site_filing_has_no_paper_step(
    portal: Portal, open_page: OpenedPages, tmp_path: Path
) -> None:
    site = INSTITUTIONS[2]
    site_uscc = social_credit_code(900_003)
    primary_op = portal.staff(
        Role.INSTITUTION_OPERATOR,
        name="赵经办",
        mobile=fresh_mobile(),
        institution_uscc=HOSPITAL_USCC,
        prefix="doc-op",
    )
    site_op = portal.staff(
        Role.INSTITUTION_OPERATOR,
        name="钱经办",
        mobile=fresh_mobile(),
        institution_uscc=site_uscc,
        prefix="site-op",
    )
    officer = portal.staff(
        Role.AUTHORITY_OFFICER,
        name="孙审批",
        mobile=fresh_mobile(),
        authority_code=PUDONG,
        prefix="doc-officer",
    )
    mobile = fresh_mobile()
    id_number = fresh_id()
    portal.run(
        lambda factory: identity_seed.seed_certification_request(
            factory,
            name="周医生",
            id_number=id_number,
            mobile=mobile,
            institution_uscc=HOSPITAL_USCC,
            profession=Profession.DOCTOR,
            certify_by=primary_op.username,
        )
    )
    photo = _png(tmp_path / "certificate.png")

    doctor = open_page("phone")
    doctor.goto("/sign-in?next=/me/apply")
    sign_in_practitioner(doctor, mobile)
    _apply(doctor, "DOCTOR_FIRST_REGISTRATION", HOSPITAL, photo)
    expect(doctor.locator("[data-status=AWAITING_INSTITUTION]").first).to_be_visible()

    desk = open_page("desktop")
    desk.goto("/sign-in?next=/institution/review")
    sign_in_staff(desk, primary_op)
    expect(desk.get_by_role("heading", name="申请预审")).to_be_visible()
    _open_first(desk, "/institution/review", "医师执业注册")
    _decide(desk, "报送")

    office = open_page("desktop")
    office.goto("/sign-in?next=/authority/workbench")
    sign_in_staff(office, officer)
    expect(office.get_by_role("heading", name="审批工作台")).to_be_visible()
    _open_first(office, "/authority/workbench", "医师执业注册")
    _decide(office, "受理")
    _decide(office, "批准")
    if office.get_by_role("button", name="核收纸质材料").count():
        _decide(office, "核收纸质材料")
    expect(office.locator("[data-status=COMPLETED]").first).to_be_visible()

    doctor.goto("/me/apply")
    _apply(doctor, "DOCTOR_MULTI_SITE_FILING", site.name, photo)
    expect(doctor.locator("[data-status=AWAITING_INSTITUTION]").first).to_be_visible()

    site_desk = open_page("desktop")
    site_desk.goto("/sign-in?next=/institution/review")
    sign_in_staff(site_desk, site_op)
    expect(site_desk.get_by_role("heading", name="申请预审")).to_be_visible()
    _open_first(site_desk, "/institution/review", "医师多机构备案")
    _decide(site_desk, "报送")

    _open_first(office, "/authority/workbench", "医师多机构备案")
    _decide(office, "受理")
    _decide(office, "批准")
    # Online only: approval completes it, with no paper-materials step.
    expect(office.locator("[data-status=COMPLETED]").first).to_be_visible()
    expect(office.get_by_role("button", name="核收纸质材料")).to_have_count(0)
    expect(office.locator("[data-action=CONFIRM_PAPER]")).to_have_count(0)
    screenshot(office, "filing-completed", "desktop")
    switch_to_english(office)
    expect(office.get_by_role("heading", name="Timeline")).to_be_visible()
    expect(office.locator("[data-status=COMPLETED]").first).to_have_text("Completed")
