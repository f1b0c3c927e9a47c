"""The officer's desk on a desktop: filters and counts, the preview, accept and return from
the keyboard (never while typing), paper materials confirmed for several applications at
once with a line per application."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from access.actor import Role
from registry.workflow.states import Action
from tests.web.desk_seed import seed_applications
from tests.web.identity_seed import StaffSignIn
from tests.web.portal import OpenedPages, Portal, axe_violations, screenshot
from tests.web.steps import HOSPITAL_USCC, PUDONG, fresh_id, fresh_mobile, sign_in_staff

pytestmark = pytest.mark.browser

DECIDED = (Action.FORWARD, Action.ACCEPT, Action.APPROVE)


def _applications(
    portal: Portal, operator: StaffSignIn, officer: StaffSignIn, names: list[str], steps: tuple
) -> list[str]:
    mobiles = []
    for name in names:
        mobile = fresh_mobile()
        portal.certification_request(
            name=name,
            id_number=fresh_id(),
            mobile=mobile,
            institution_uscc=HOSPITAL_USCC,
            certify_by=operator.username,
        )
        mobiles.append(mobile)
    return portal.run(
        lambda factory: seed_applications(
            factory,
            applicant_mobiles=mobiles,
            institution_uscc=HOSPITAL_USCC,
            operator=operator.username,
            officer=officer.username,
            authority_code=PUDONG,
            steps=steps,
        )
    )


def _count(page: Page, tab: str) -> int:
    count = page.locator(f".desk-tab[data-tab={tab}] .desk-count")
    expect(count).not_to_have_attribute("data-count", "")
    return int(count.get_attribute("data-count") or "0")


def _search(page: Page, text: str) -> None:
    page.get_by_label("搜索").fill(text)
    page.get_by_role("button", name="查询", exact=True).click()


def _wait_for_pdfs(preview: Locator) -> None:
    """The PDFs shown inline have loaded (Chromium's viewer grabs the focus as one loads and
    the page gives it back: a key pressed meanwhile would race that)."""
    pdfs = preview.locator("iframe.desk-attachment-pdf")
    expect(pdfs.first).to_be_visible()
    for frame in pdfs.element_handles():
        content = frame.content_frame()
        assert content is not None
        content.wait_for_load_state()


def _press_on_desk(page: Page, key: str, opens: Locator) -> None:
    """Presses a desk key and waits for what it opens. Chromium's PDF viewer can take the focus
    as a framed PDF renders; the page gives it back, but a key pressed in that moment goes to the
    viewer. The key is pressed again only when the page lost the focus meanwhile (its window
    blurred), so a key the desk ignores still fails."""
    page.evaluate(
        "() => { if (window.__blurs === undefined) {"
        " window.__blurs = 0; window.addEventListener('blur', () => { window.__blurs += 1; }); } }"
    )
    for _ in range(3):
        page.wait_for_function("() => !(document.activeElement instanceof HTMLIFrameElement)")
        blurs = page.evaluate("() => window.__blurs")
        page.keyboard.press(key)
        try:
            expect(opens).to_be_visible(timeout=5_000)
            return
        except AssertionError:
            if page.evaluate("() => window.__blurs") == blurs:
                raise
    expect(opens).to_be_visible()


def test_paper_materials_are_confirmed_in_bulk_and_keys_accept_and_return(
    open_page: OpenedPages, portal: Portal
) -> None:
    operator = portal.staff(
        Role.INSTITUTION_OPERATOR,
        name="赵经办",
        mobile=fresh_mobile(),
        institution_uscc=HOSPITAL_USCC,
        prefix="desk-op",
    )
    officer = portal.staff(
        Role.AUTHORITY_OFFICER,
        name="孙审批",
        mobile=fresh_mobile(),
        authority_code=PUDONG,
        prefix="desk-officer",
    )
    paper = _applications(portal, operator, officer, ["纸甲", "纸乙"], DECIDED)
    waiting = _applications(portal, operator, officer, ["键丙", "键丁"], (Action.FORWARD,))

    office = open_page("desktop")
    office.goto("/sign-in?next=/authority/workbench")
    sign_in_staff(office, officer)
    expect(office.get_by_role("heading", name="审批工作台")).to_be_visible()

    # Filters: the item and the status tab narrow the table and the counts follow them.
    office.get_by_label("审批事项").select_option("NURSE_FIRST_REGISTRATION")
    awaiting_paper = _count(office, "AWAITING_PAPER")
    assert awaiting_paper >= 2
    office.locator(".desk-tab[data-tab=AWAITING_PAPER]").click()
    expect(office.locator("tbody tr[data-status]")).to_have_count(awaiting_paper)
    expect(office.locator("tbody tr:not([data-status=AWAITING_PAPER])")).to_have_count(0)

    # Bulk paper confirmation: two selected, one action, one line per application.
    for number in paper:
        office.get_by_label(f"选择申请 {number}").check()
    office.get_by_role("button", name="核收所选申请的纸质材料（2 件）").click()
    screenshot(office, "workbench-bulk-paper", "desktop")
    assert axe_violations(office) == []
    office.get_by_role("button", name="确认核收 2 件").click()
    result = office.locator(".desk-bulk-result")
    expect(result.locator("[data-result=done]")).to_have_count(2)
    expect(result.get_by_role("status")).to_have_text("已核收 2 件，共 2 件。")
    for number in paper:
        expect(result).to_contain_text(number)
    expect(office.locator(".desk-tab[data-tab=AWAITING_PAPER] .desk-count")).to_have_attribute(
        "data-count", str(awaiting_paper - 2)
    )

    # Keys: A accepts the selected application, R returns it; typing never triggers them.
    office.locator(".desk-tab[data-tab=ALL]").click()
    _search(office, waiting[0].replace("-", ""))
    expect(office.locator("tbody tr[data-status]")).to_have_count(1)
    office.get_by_label("搜索").press("a")  # typed into the search field: no action opens
    office.locator("tbody tr[data-status]").first.click()
    preview = office.get_by_role("complementary", name="申请预览")
    accept = preview.get_by_role("button", name="受理")
    expect(accept.locator("kbd")).to_have_text("A")
    expect(preview.get_by_role("group", name="受理")).to_have_count(0)
    # The PDFs shown inline load (Chromium's viewer grabs the focus then: it is given back).
    _wait_for_pdfs(preview)
    panel = preview.get_by_role("group", name="受理")
    _press_on_desk(office, "a", panel)
    confirm = panel.locator("button[type=submit]")
    expect(confirm).to_be_focused()
    screenshot(office, "workbench-keys", "desktop")
    office.keyboard.press("Enter")
    expect(office.locator("tbody tr[data-status=UNDER_REVIEW]")).to_have_count(1)
    _wait_for_pdfs(preview)  # the accepted application's preview shows them again
    # Chromium's viewer may keep the focus of a PDF that rendered under the pointer (the page
    # gives back only what it took unasked): the officer's pointer leaves it and clicks the
    # preview's title, as someone would before using the keys again.
    office.mouse.move(0, 0)
    preview.get_by_role("heading").first.click()

    opinion = preview.get_by_role("textbox", name=re.compile("意见"))
    _press_on_desk(office, "r", opinion)
    expect(opinion).to_be_focused()
    office.keyboard.type("请补充学历证明 a r")  # letters typed here stay in the field
    expect(preview.get_by_role("group", name="受理")).to_have_count(0)
    preview.get_by_role("group", name="退回补正").locator("button[type=submit]").click()
    # Returned, it leaves the desk until the applicant resubmits.
    expect(office.locator(".toast").filter(has_text="退回补正")).to_be_visible()
    expect(office.locator("tbody tr[data-status]")).to_have_count(0)


def test_the_desk_on_a_phone_filters_and_previews(open_page: OpenedPages, portal: Portal) -> None:
    operator = portal.staff(
        Role.INSTITUTION_OPERATOR,
        name="钱经办",
        mobile=fresh_mobile(),
        institution_uscc=HOSPITAL_USCC,
        prefix="desk-phone-op",
    )
    officer = portal.staff(
        Role.AUTHORITY_OFFICER,
        name="周审批",
        mobile=fresh_mobile(),
        authority_code=PUDONG,
        prefix="desk-phone-officer",
    )
    (number,) = _applications(portal, operator, officer, ["手机戊"], (Action.FORWARD,))
    phone = open_page("phone")
    phone.goto("/sign-in?next=/authority/workbench")
    sign_in_staff(phone, officer)
    expect(phone.get_by_role("heading", name="审批工作台")).to_be_visible()
    phone.get_by_label("审批事项").select_option("NURSE_FIRST_REGISTRATION")
    _search(phone, "手机戊")
    row = phone.locator("tbody tr[data-status]")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(number)
    row.click()
    preview = phone.get_by_role("complementary", name="申请预览")
    expect(preview.get_by_role("heading", name="护士首次注册")).to_be_visible()
    expect(preview.locator("iframe.desk-attachment-pdf").first).to_be_visible()
    expect(preview.get_by_role("button", name="受理")).to_be_visible()
    box = preview.bounding_box()
    assert box is not None
    assert box["width"] <= 412, "the preview fits the phone's width"
    screenshot(phone, "workbench-preview", "phone")
    assert axe_violations(phone) == []
