"""The personal homes after sign-in: a practitioner's next step, an institution's counts and
expiring registrations, officers on their workbench."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from access.actor import Role
from tests.web.portal import OpenedPages, Portal, axe_violations, screenshot
from tests.web.steps import (
    HOSPITAL_USCC,
    PUDONG,
    fresh_id,
    fresh_mobile,
    sign_in_practitioner,
    sign_in_staff,
)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_practitioner_lands_on_home_with_the_next_step(
    open_page: OpenedPages, portal: Portal, device: str
) -> None:
    mobile = fresh_mobile()
    portal.certification_request(
        name="周护士", id_number=fresh_id(), mobile=mobile, institution_uscc=HOSPITAL_USCC
    )
    page = open_page(device)
    page.goto("/sign-in")
    sign_in_practitioner(page, mobile)
    expect(page).to_have_url(re.compile(r"/home$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("周护士，您好")
    # Certification requested, not yet done: the next step says where to go.
    next_step = page.locator(".home-next")
    expect(next_step).to_contain_text("身份认证申请已提交")
    expect(page.get_by_text("您还没有提交过申请。")).to_be_visible()
    expect(page.get_by_text("办结后，电子证照会显示在这里。")).to_be_visible()
    screenshot(page, "home-practitioner", device)
    assert axe_violations(page) == []
    next_step.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/me/certification$"))


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_institution_staff_home_counts_what_waits(
    open_page: OpenedPages, portal: Portal, device: str
) -> None:
    operator = portal.staff(
        Role.INSTITUTION_OPERATOR,
        name="何经办",
        mobile=fresh_mobile(),
        institution_uscc=HOSPITAL_USCC,
        prefix="home-op",
    )
    page = open_page(device)
    page.goto("/sign-in?as=staff")
    sign_in_staff(page, operator)
    expect(page).to_have_url(re.compile(r"/home$"))
    certifications = page.locator(".home-count").filter(has_text="待认证身份")
    expect(certifications.locator(".home-count-value")).not_to_have_text("…")
    before = int(certifications.locator(".home-count-value").get_attribute("data-count") or "0")

    portal.certification_request(
        name="孙护士", id_number=fresh_id(), mobile=fresh_mobile(), institution_uscc=HOSPITAL_USCC
    )
    page.reload()
    expect(certifications.locator(".home-count-value")).to_have_attribute(
        "data-count", str(before + 1)
    )
    expect(page.get_by_role("heading", name="即将到期的执业注册")).to_be_visible()
    screenshot(page, "home-institution", device)
    assert axe_violations(page) == []
    certifications.click()
    expect(page).to_have_url(re.compile(r"/institution/certifications$"))


def test_officer_lands_on_the_workbench(open_page: OpenedPages, portal: Portal) -> None:
    officer = portal.staff(
        Role.AUTHORITY_OFFICER,
        name="钱审批",
        mobile=fresh_mobile(),
        authority_code=PUDONG,
        prefix="home-officer",
    )
    page = open_page("desktop")
    page.goto("/sign-in?as=staff")
    sign_in_staff(page, officer)
    expect(page).to_have_url(re.compile(r"/authority/workbench$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("审批工作台")
