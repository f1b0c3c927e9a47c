"""Light and fast, in a real browser: the app shell shows before any script ran, the scripts,
stylesheets and the page itself arrive compressed, the English catalogue only when chosen, and
the header stays one line on a 360 px phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.web.portal import Portal, axe_violations, screenshot, switch_to_english

pytestmark = pytest.mark.browser

# The budget for a practitioner's first load (compressed bytes on the wire).
FIRST_LOAD_BUDGET = 120_000


def test_app_shell_shows_without_javascript(browser: Browser, portal: Portal) -> None:
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 640})
    try:
        page = ctx.new_page()
        page.goto(portal.url("/me/licences"))
        expect(page.locator("header .brand")).to_be_visible()
        expect(page.get_by_role("status")).to_contain_text("正在加载")
    finally:
        ctx.close()


def test_first_load_is_compressed_and_within_budget(page: Page, device: str) -> None:
    responses = []
    page.on("requestfinished", lambda req: responses.append(req))
    page.goto("/activate")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.wait_for_load_state("networkidle")
    assets = [r for r in responses if "/assets/" in r.url or r.resource_type == "document"]
    text_assets = [
        r for r in assets if r.url.endswith((".js", ".css")) or r.resource_type == "document"
    ]
    assert text_assets, "no script or stylesheet was loaded"
    for request in text_assets:
        response = request.response()
        assert response is not None
        if request.sizes()["responseBodySize"] > 1024:
            assert response.header_value("content-encoding") in ("br", "gzip"), request.url
    transferred = sum(max(r.sizes()["responseBodySize"], 0) for r in assets)
    assert transferred <= FIRST_LOAD_BUDGET, f"{transferred} bytes on the first load"
    # Chinese by default: the English catalogue is not fetched.
    assert not [r for r in responses if "/assets/en-" in r.url]


def test_english_catalogue_is_fetched_when_chosen_and_remembered(page: Page) -> None:
    page.goto("/")
    switch_to_english(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Electronic registration")
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Electronic registration")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_header_is_one_line_at_360_px(browser: Browser, portal: Portal) -> None:
    for width in (320, 360):
        ctx = browser.new_context(viewport={"width": width, "height": 700}, locale="zh-CN")
        try:
            page = ctx.new_page()
            page.goto(portal.url("/"))
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            header = page.locator("header.header").bounding_box()
            assert header is not None
            assert header["height"] <= 64, header
            name = page.locator(".brand-name-short").bounding_box()
            assert name is not None
            assert name["height"] < 30, "the brand wraps"
            for button in page.locator("header .header-button").all():
                box = button.bounding_box()
                assert box is not None
                assert min(box["height"], box["width"]) >= 44, box
            screenshot(page, f"home-{width}", "narrow")
            assert axe_violations(page) == []
        finally:
            ctx.close()
