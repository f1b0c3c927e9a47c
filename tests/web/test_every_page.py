"""Every page of the portal, for each role that sees it, on a 360 px phone and a 1366 px
desktop: axe-core finds nothing serious or critical, controls are at least 44 px tall, the
header stays compact on the phone, staff pages use the desktop's width; each page is
screenshotted under var/screenshots/pages/ for a person to look at. Pages that show one thing
are opened for a real one: an institution, and an application seen by its applicant, by the
institution's operator and by the officer. The public pages are visited in English too, with
no Chinese left in their headings, labels, buttons and navigation."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from access.actor import Role
from registry.workflow.models import Application
from registry.workflow.states import Action
from schema.node import to_global_id
from tests.web.desk_seed import seed_applications
from tests.web.identity_seed import StaffSignIn, institution_id
from tests.web.portal import (
    DESKTOP,
    SCREENSHOTS,
    Portal,
    axe_violations,
    context_options,
    switch_to_english,
)
from tests.web.steps import (
    HOSPITAL_USCC,
    PUDONG,
    fresh_id,
    fresh_mobile,
    sign_in_practitioner,
    sign_in_staff,
)

pytestmark = pytest.mark.browser

PUBLIC = [
    "/",
    "/verify",
    "/institutions",
    "/notices",
    "/sign-in",
    "/activate",
    "/reset-password",
    "/staff/activate",
]
PRACTITIONER = [
    "/home",
    "/me",
    "/me/certification",
    "/me/password",
    "/me/mobile",
    "/me/apply",
    "/me/apply/NURSE_FIRST_REGISTRATION",
    "/me/applications",
    "/me/licences",
]
INSTITUTION_ADMIN = ["/home", "/institution/operators", "/me/totp"]
INSTITUTION_OPERATOR = [
    "/home",
    "/institution/certifications",
    "/institution/staff",
    "/institution/review",
    "/institution/applications",
    "/institution/roster",
    "/disputes",
]
AUTHORITY_OFFICER = [
    "/authority/workbench",
    "/authority/institution-accounts",
    "/authority/import-issues",
    "/authority/statistics",
    "/authority/supervision",
    "/authority/catalogue",
    "/authority/licences",
    "/disputes",
]
AUTHORITY_ADMIN = ["/authority/staff"]
# Chinese characters in the interface's own words (data such as a name may stay Chinese;
# what is marked lang="zh-CN", the switch back to Chinese, is meant to be).
CHINESE_LEFT = """() => [...document.querySelectorAll(
    'h1, label, button, nav a, th, summary, .notice, [role=status]'
  )]
  .filter((el) => el.getClientRects().length > 0 && !el.closest('[lang^="zh"]'))
  .filter((el) => /[\u4e00-\u9fff]/.test(el.textContent))
  .map((el) => `${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 40)}"`)"""
SIZES = {
    "phone": {"viewport": {"width": 360, "height": 780}},
    "desktop": {},
}

# Controls a finger must hit: at least 44 px tall (inline links in running text are exempt,
# as in WCAG 2.5.8); hidden ones (a file input under its styled label) are skipped.
SMALL_TARGETS = """() => {
  const small = [];
  const controls = document.querySelectorAll(
    'button, select, textarea, input:not([type=hidden]), summary, a.button, nav a, header a'
  );
  for (const control of controls) {
    const choice = control.matches('input[type=checkbox], input[type=radio], input[type=file]');
    const target = choice ? control.closest('label') ?? control.labels?.[0] ?? control : control;
    const box = target.getBoundingClientRect();
    if (box.width < 2 || box.height < 2) continue;
    if (getComputedStyle(control).visibility === 'hidden') continue;
    if (Math.round(box.height) < 44) {
      const name = (target.getAttribute('aria-label') || target.textContent || target.name || '')
        .trim().slice(0, 30);
      const size = `${Math.round(box.width)}x${Math.round(box.height)}`;
      small.push(`${target.tagName.toLowerCase()} "${name}" ${size}`);
    }
  }
  return small;
}"""


def _open(browser: Browser, playwright: Playwright, portal: Portal, size: str) -> Page:
    options: dict[str, Any] = context_options(playwright, "phone" if size == "phone" else "desktop")
    options.update(SIZES[size] or DESKTOP)
    context = browser.new_context(
        **options, base_url=portal.base_url, locale="zh-CN", timezone_id="Asia/Shanghai"
    )
    context.set_default_timeout(15_000)
    return context.new_page()


def _visit(page: Page, role: str, path: str, size: str) -> list[str]:
    """Open one page; what is wrong with it."""
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".loading, [aria-busy=true]")).to_have_count(0)
    problems = [f"axe {v['id']} {v['nodes']}" for v in axe_violations(page)]
    problems += [f"small target {t}" for t in page.evaluate(SMALL_TARGETS)]
    width = page.viewport_size["width"] if page.viewport_size else 0
    if size == "phone":
        header = page.locator("header.header").bounding_box()
        if header is None or header["height"] > 64:
            problems.append(f"header {header}")
    overflow = page.evaluate("document.documentElement.scrollWidth")
    if overflow > width + 1:
        problems.append(f"scrolls sideways: {overflow} px wide")
    # Staff work pages (lists, tables, the desk) take the width; a staff member's own account
    # forms (/me/…) keep a readable measure.
    staff_work = role.startswith(("authority", "institution")) and not path.startswith("/me")
    if size == "desktop" and staff_work:
        main = page.locator("main .page").first.bounding_box()
        if main is None or main["width"] < 0.8 * width:
            problems.append(f"staff page uses {main and round(main['width'])} of {width} px")
    folder = SCREENSHOTS / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    if role.endswith("-en"):
        problems += [f"Chinese left: {text}" for text in page.evaluate(CHINESE_LEFT)]
    name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
    page.screenshot(path=str(folder / f"{role}-{name}-{size}.png"), full_page=True)
    return [f"{role} {path} ({size}): {p}" for p in problems]


def _staff(portal: Portal, role: Role, size: str) -> StaffSignIn:
    where: dict[str, str] = (
        {"institution_uscc": HOSPITAL_USCC}
        if role in (Role.INSTITUTION_ADMIN, Role.INSTITUTION_OPERATOR)
        else {"authority_code": PUDONG}
    )
    return portal.staff(role, name="林检查", mobile=fresh_mobile(), prefix=f"pages-{size}", **where)


async def _application_id(factory: async_sessionmaker[AsyncSession], number: str) -> str:
    async with factory() as session:
        found = await session.scalar(select(Application.id).where(Application.number == number))
    assert found is not None, f"no application {number}"
    return to_global_id("Application", found)


def _public_in_english(page: Page, size: str) -> list[str]:
    page.goto("/")
    switch_to_english(page)
    return [p for path in PUBLIC for p in _visit(page, "public-en", path, size)]


def _pages_with_an_id(
    browser: Browser, playwright: Playwright, portal: Portal, size: str
) -> list[str]:
    """An institution's public page, and one application (forwarded by the institution) seen
    by its applicant, by the operator of her institution and by the district officer."""
    problems: list[str] = []
    institution = to_global_id(
        "Institution", portal.run(lambda factory: institution_id(factory, HOSPITAL_USCC))
    )
    operator = _staff(portal, Role.INSTITUTION_OPERATOR, size)
    officer = _staff(portal, Role.AUTHORITY_OFFICER, size)
    mobile = fresh_mobile()
    portal.certification_request(
        name="郑护士",
        id_number=fresh_id(),
        mobile=mobile,
        institution_uscc=HOSPITAL_USCC,
        certify_by=operator.username,
    )
    (number,) = portal.run(
        lambda factory: seed_applications(
            factory,
            applicant_mobiles=[mobile],
            institution_uscc=HOSPITAL_USCC,
            operator=operator.username,
            officer=officer.username,
            authority_code=PUDONG,
            steps=(Action.FORWARD,),
        )
    )
    application = portal.run(lambda factory: _application_id(factory, number))
    public = _open(browser, playwright, portal, size)
    problems += _visit(public, "public", f"/institutions/{institution}", size)
    expect(public.get_by_role("heading", level=1)).not_to_contain_text("未找到")
    public.context.close()

    applicant = _open(browser, playwright, portal, size)
    applicant.goto("/sign-in")
    sign_in_practitioner(applicant, mobile)
    expect(applicant).to_have_url(re.compile(r"/home$"))
    problems += _visit(applicant, "practitioner", f"/applications/{application}", size)
    expect(applicant.locator(".timeline li")).not_to_have_count(0)
    applicant.context.close()

    for role, account in (("institution-operator", operator), ("authority-officer", officer)):
        staff = _open(browser, playwright, portal, size)
        staff.goto("/sign-in?as=staff")
        sign_in_staff(staff, account)
        expect(staff).not_to_have_url(re.compile(r"/sign-in"))
        problems += _visit(staff, role, f"/applications/{application}", size)
        expect(staff.locator(".timeline li")).not_to_have_count(0)
        staff.context.close()
    return problems


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_every_page_for_every_role(
    browser: Browser, playwright_instance: Playwright, portal: Portal, size: str
) -> None:
    problems: list[str] = []
    public = _open(browser, playwright_instance, portal, size)
    problems += [p for path in PUBLIC for p in _visit(public, "public", path, size)]
    problems += _public_in_english(public, size)
    problems += _pages_with_an_id(browser, playwright_instance, portal, size)

    mobile = fresh_mobile()
    portal.certification_request(
        name="吴护士", id_number=fresh_id(), mobile=mobile, institution_uscc=HOSPITAL_USCC
    )
    nurse = _open(browser, playwright_instance, portal, size)
    nurse.goto("/sign-in")
    sign_in_practitioner(nurse, mobile)
    expect(nurse).to_have_url(re.compile(r"/home$"))
    problems += [p for path in PRACTITIONER for p in _visit(nurse, "practitioner", path, size)]

    for role, paths in (
        (Role.INSTITUTION_ADMIN, INSTITUTION_ADMIN),
        (Role.INSTITUTION_OPERATOR, INSTITUTION_OPERATOR),
        (Role.AUTHORITY_OFFICER, AUTHORITY_OFFICER),
        (Role.AUTHORITY_ADMIN, AUTHORITY_ADMIN),
    ):
        page = _open(browser, playwright_instance, portal, size)
        page.goto("/sign-in?as=staff")
        sign_in_staff(page, _staff(portal, role, size))
        expect(page).not_to_have_url(re.compile(r"/sign-in"))
        name = role.value.lower().replace("_", "-")
        problems += [p for path in paths for p in _visit(page, name, path, size)]
        page.context.close()
    nurse.context.close()
    public.context.close()
    assert problems == [], "\n".join(problems)
