"""The statistics and supervision pages in chromium: what an officer of the municipal
commission and of a district sees, charts drawn by ECharts (loaded with these pages only),
tables sorted and filtered, downloads, both languages, axe-core, and screenshots at 360 px
and 1366 px."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from access.actor import Role
from tests.factories import statistics as generated
from tests.web.portal import Portal, axe_violations, screenshot
from tests.web.steps import fresh_mobile, sign_in_staff

pytestmark = pytest.mark.browser
VIEWPORTS = {"phone": {"width": 360, "height": 780}, "desktop": {"width": 1366, "height": 900}}


@pytest.fixture(params=list(VIEWPORTS))
def device(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def context(browser: Browser, portal: Portal, device: str) -> Iterator[BrowserContext]:
    ctx = browser.new_context(
        viewport=VIEWPORTS[device],
        device_scale_factor=1,
        is_mobile=device == "phone",
        has_touch=device == "phone",
        base_url=portal.base_url,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
    )
    ctx.set_default_timeout(15_000)
    yield ctx
    ctx.close()


def _officer(portal: Portal, page: Page, authority: str, path: str) -> None:
    account = portal.staff(
        Role.AUTHORITY_OFFICER,
        name="统计审核员",
        mobile=fresh_mobile(),
        authority_code=authority,
        prefix=f"stats-{authority}",
    )
    page.goto(f"/sign-in?next={path}")
    sign_in_staff(page, account)


def _fits_the_width(page: Page) -> None:
    overflow = page.evaluate(
        "document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"
    )
    assert overflow <= 1, f"the page scrolls sideways by {overflow}px"


def test_resources_page_for_the_municipal_commission(
    page: Page, portal: Portal, device: str
) -> None:
    chunks: list[str] = []
    page.on("request", lambda r: chunks.append(r.url) if r.url.endswith(".js") else None)
    _officer(portal, page, "310000", "/authority/workbench")
    expect(page.get_by_role("heading", name="审批工作台")).to_be_visible()
    assert not [u for u in chunks if "/echarts-" in u], "the charts load before they are needed"

    page.goto("/authority/statistics")
    expect(page.get_by_role("heading", name="医疗资源配置统计")).to_be_visible()
    districts = page.locator("table[data-table=districts]")
    expect(districts.locator("tbody tr")).to_have_count(17)
    expect(districts.locator("tbody tr.total-row th")).to_have_text("全市")
    expect(page.locator("[data-chart] svg").first).to_be_visible()
    assert [u for u in chunks if "/echarts-" in u], "the chart module loads with the page"
    # Chongming has three practitioners: suppressed, with an explanation.
    chongming = districts.locator("tbody tr", has_text="崇明")
    expect(chongming.locator("abbr").first).to_have_text("<5")
    _fits_the_width(page)
    page.wait_for_timeout(300)  # the charts' entry animation
    screenshot(page, "statistics-resources", device)
    assert not axe_violations(page)

    # Sorting by doctors, largest first: Pudong (400 practitioners) leads.
    districts.get_by_role("button", name="医师", exact=True).click()
    expect(districts.get_by_role("columnheader", name="医师", exact=True)).to_have_attribute(
        "aria-sort", "descending"
    )
    expect(districts.locator("tbody tr").first.locator("th")).to_have_text("浦东新区")

    # Filter one district: every table shows its rows only.
    page.locator("select[name=district]").select_option("310104")
    expect(districts.locator("tbody tr")).to_have_count(1)
    series = page.locator("table[data-table=monthlySeries] tbody tr")
    expect(series).to_have_count(24)
    expect(series.first.locator("th")).to_have_text("徐汇区")

    # The CSV download of what is shown: a BOM, the as-of date.
    href = page.get_by_role("link", name="下载 CSV").get_attribute("href")
    assert href is not None
    assert re.match(r"/statistics/resources\.csv\?authority=310000&asOf=\d{4}-\d\d-\d\d$", href)
    response = page.request.get(href)
    assert response.status == 200
    assert response.body().startswith(b"\xef\xbb\xbf")
    assert "截至" in response.body().decode("utf-8-sig")


def test_a_district_officer_sees_its_district_in_english(
    page: Page, portal: Portal, device: str
) -> None:
    _officer(portal, page, "310115", "/authority/statistics")
    expect(page.get_by_role("heading", name="医疗资源配置统计")).to_be_visible()
    expect(page.get_by_label("统计范围")).to_have_count(0)
    rows = page.locator("table[data-table=districts] tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("th")).to_have_text("浦东新区")
    page.evaluate("localStorage.setItem('medreg.language', 'en')")
    page.reload()
    expect(page.get_by_role("heading", name="Medical resource allocation")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Doctors per 1,000")).to_have_count(1)
    _fits_the_width(page)
    screenshot(page, "statistics-district-en", device)
    assert not axe_violations(page)
    # Another district's figures are refused, with a localised message.
    response = page.request.get("/statistics/resources.csv?authority=310104")
    assert response.status == 403


def test_supervision_page(page: Page, portal: Portal, device: str) -> None:
    _officer(portal, page, "310000", "/authority/supervision")
    expect(page.get_by_role("heading", name="推进情况督导")).to_be_visible()
    ranking = page.locator("table[data-table=supervisionDistricts]")
    expect(ranking.locator("tbody tr")).to_have_count(17)
    expect(page.locator("[data-chart] svg").first).to_be_visible()
    items = page.locator("table[data-table=supervisionItems] tbody tr")
    expect(items.first).to_be_visible()
    assert items.count() >= 2
    expect(page.locator("table[data-table=laggingInstitutions] tbody tr").first).to_be_visible()
    # Verifications by day: a line per result, the table beside it.
    verifications = page.locator("table[data-table=verificationsByDay] tbody tr")
    expect(verifications).to_have_count(generated.PORTAL_VERIFICATION_ROWS)
    expect(verifications.first.locator("td").first).to_have_text(
        re.compile(r"有效|已过期|非真实证照")
    )
    expect(page.locator("[data-chart] svg")).to_have_count(2)
    _fits_the_width(page)
    page.wait_for_timeout(300)
    screenshot(page, "statistics-supervision", device)
    assert not axe_violations(page)

    page.locator("select[name=item]").select_option(index=1)
    expect(items).to_have_count(1)
    # A period ending before it starts: a coded refusal, localised.
    page.get_by_label("起始日期").fill("2026-05-01")
    page.get_by_label("截止日期").fill("2026-04-01")
    page.get_by_role("button", name="查询").click()
    expect(page.locator(".notice-error")).to_have_text("截止日期不能早于起始日期。")
