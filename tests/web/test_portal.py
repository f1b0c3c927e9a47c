"""The public portal in a real browser, on a phone (Pixel 7) and a desktop viewport."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest
import qrcode
from playwright.sync_api import Browser, Page, Route, expect

from tests.web.portal import Portal, axe_violations, screenshot, switch_to_english
from tests.web.seed import INSTITUTIONS, PUDONG_COUNT

pytestmark = pytest.mark.browser

PAGE_SIZE = 20
TOKEN = "eyJhbGciOiJFUzI1NiIsImtpZCI6IjMxMDExNSJ9.eyJuIjoiSFMzMTAxMTUyMDI2MDAwMDEifQ.c2lnbmF0dXJl"


def qr_png(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "qr.png"
    qrcode.make(text, box_size=8, border=4).save(str(path))
    return path


def results(page: Page) -> list[str]:
    return page.locator(".result-list .result-title").all_inner_texts()


def test_directory_lists_institutions_and_loads_more(page: Page, device: str) -> None:
    page.goto("/institutions")
    expect(page.locator(".result-list > li")).to_have_count(PAGE_SIZE)
    expect(page.get_by_role("status").filter(has_text="已显示 20 家")).to_be_visible()
    names = results(page)
    assert names == sorted(names) or len(set(names)) == PAGE_SIZE
    screenshot(page, "directory", device)

    page.get_by_role("button", name="加载更多").click()
    expect(page.locator(".result-list > li")).to_have_count(len(INSTITUTIONS))
    expect(page.get_by_text("已显示全部结果")).to_be_visible()
    expect(page.get_by_role("button", name="加载更多")).to_have_count(0)
    assert len(set(results(page))) == len(INSTITUTIONS), "a page repeated or skipped rows"


def test_directory_filters_by_district_type_and_name(page: Page, device: str) -> None:
    page.goto("/institutions")
    page.get_by_label("所在区").select_option(label="浦东新区")
    expect(page).to_have_url(re.compile(r"district=310115"))
    expect(page.locator(".result-list > li")).to_have_count(PUDONG_COUNT)
    expect(page.get_by_role("button", name="加载更多")).to_have_count(0)

    page.get_by_label("机构类别").select_option("COMMUNITY_HEALTH_CENTRE")
    expect(page.locator(".result-list > li")).to_have_count(5)

    page.get_by_role("link", name="清除条件").click()
    page.get_by_label("机构名称").fill("中医")
    page.get_by_role("button", name="查询").click()
    expect(page).to_have_url(re.compile(r"q=%E4%B8%AD%E5%8C%BB"))
    expect(page.locator(".result-list > li")).to_have_count(1)

    page.get_by_role("link", name="上海市浦东新区中医医院").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("上海市浦东新区中医医院")
    expect(page.get_by_text("PDY310115000004")).to_be_visible()
    screenshot(page, "institution", device)

    page.go_back()
    expect(page.get_by_label("机构名称")).to_have_value("中医")


def test_zh_cn_is_the_default_and_english_switch_changes_the_text(page: Page, device: str) -> None:
    page.goto("/")
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    expect(page.get_by_role("heading", level=1)).to_have_text("医疗机构和医护人员电子化注册")
    expect(page).to_have_title("医疗机构和医护人员电子化注册")

    switch_to_english(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Electronic registration of medical institutions, doctors and nurses"
    )
    assert page.evaluate("document.documentElement.lang") == "en"
    expect(page.locator(".brand-name-full")).to_have_text("Medical Registration")
    screenshot(page, "home-en", device)

    page.goto("/institutions")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find a medical institution")
    expect(page.get_by_label("District")).to_be_visible()
    expect(page.locator(".result-list").get_by_text("General hospital").first).to_be_visible()
    expect(page.get_by_role("link", name="Pudong New Area People's Hospital")).to_be_visible()
    screenshot(page, "directory-en", device)

    page.get_by_role("button", name="切换到中文").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("医疗机构查询")


def test_verify_page_decodes_a_qr_photo_in_the_browser(
    page: Page, device: str, tmp_path: Path
) -> None:
    page.goto("/verify")
    screenshot(page, "verify-scan", device)
    page.get_by_role("radio", name="选择图片").check()
    screenshot(page, "verify-photo", device)

    page.get_by_label("含二维码的图片").set_input_files(
        qr_png(tmp_path, "WIFI:S:clinic;T:WPA;P:secret;;")
    )
    expect(page.get_by_text("这个二维码不是本系统签发的电子证照。")).to_be_visible()

    page.get_by_label("含二维码的图片").set_input_files(
        qr_png(tmp_path, f"https://registry.example.gov.cn/v/{TOKEN}")
    )
    # Decoded in the browser by the self-hosted zxing wasm, then sent for verification: a
    # token we never signed is FORGED (or verification is unavailable before `keys init`).
    answer = page.locator(".verdict[data-status=FORGED], .method-status .notice")
    expect(answer.first).to_be_visible()
    expect(page.get_by_text("这个二维码不是本系统签发的电子证照。")).to_have_count(0)


def test_verify_manual_form_validates_before_sending(page: Page, device: str) -> None:
    page.goto("/verify")
    page.get_by_role("radio", name="输入编号").check()
    sent: list[str] = []
    page.on("request", lambda req: sent.append(req.url) if "/graphql" in req.url else None)
    page.get_by_role("button", name="核验", exact=True).click()
    summary = page.get_by_role("alert").filter(has_text="请更正以下问题")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(page.locator(".field-invalid")).to_have_count(2)
    expect(page.get_by_label("证照编号")).to_have_attribute("aria-invalid", "true")
    assert sent == []
    screenshot(page, "verify-manual-errors", device)

    summary.get_by_role("link").first.click()
    expect(page.get_by_label("证照编号")).to_be_focused()


def test_unauthenticated_answer_sends_the_user_to_sign_in_and_back(page: Page) -> None:
    def expired(route: Route) -> None:
        body = {
            "data": None,
            "errors": [{"message": "sign in", "extensions": {"code": "UNAUTHENTICATED"}}],
        }
        route.fulfill(status=200, content_type="application/json", body=json.dumps(body))

    page.route("**/graphql", expired)
    page.goto("/institutions?district=310115")
    expect(page).to_have_url(re.compile(r"/sign-in\?next=%2Finstitutions%3Fdistrict%3D310115$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("登录")
    expect(page.get_by_text("请先登录，登录后将返回刚才的页面。")).to_be_visible()


def test_graphql_requests_are_json_posts_with_the_cookie_policy(page: Page) -> None:
    requests = []
    page.on("request", lambda req: requests.append(req) if "/graphql" in req.url else None)
    page.goto("/institutions")
    expect(page.locator(".result-list > li").first).to_be_visible()
    assert requests
    for req in requests:
        assert req.method == "POST"
        assert req.headers["content-type"].startswith("application/json")
        assert req.url.endswith("/graphql")


PAGES = [
    ("home", "/", "医疗机构和医护人员电子化注册"),
    ("sign-in", "/sign-in?next=/institutions", "登录"),
    ("not-found", "/no-such-page", "页面不存在"),
]


def horizontal_overflow(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


@pytest.mark.parametrize(("name", "path", "heading"), PAGES, ids=[p[0] for p in PAGES])
def test_pages_render_and_pass_axe(
    page: Page, device: str, name: str, path: str, heading: str
) -> None:
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    screenshot(page, name, device)
    assert axe_violations(page) == []


@pytest.mark.parametrize(
    "path", ["/", "/institutions", "/verify", "/sign-in", "/activate", "/staff/activate"]
)
def test_nothing_is_wider_than_a_small_phone(browser: Browser, portal: Portal, path: str) -> None:
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    try:
        page = context.new_page()
        page.goto(portal.url(path))
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        page.wait_for_load_state("networkidle")
        assert horizontal_overflow(page) <= 0
        switch_to_english(page)
        assert horizontal_overflow(page) <= 0
    finally:
        context.close()


def test_directory_and_verify_pass_axe(page: Page, device: str) -> None:
    page.goto("/institutions")
    expect(page.locator(".result-list > li")).to_have_count(PAGE_SIZE)
    assert axe_violations(page) == []
    page.locator(".result-title a").first.click()
    expect(page.locator(".facts-table")).to_be_visible()
    assert axe_violations(page) == []
    page.goto("/verify")
    expect(page.get_by_role("heading", level=1)).to_have_text("电子证照核验")
    assert axe_violations(page) == []
    page.get_by_role("radio", name="输入编号").check()
    page.get_by_role("button", name="核验", exact=True).click()
    expect(page.locator(".field-invalid")).to_have_count(2)
    assert axe_violations(page) == []


def test_menu_button_opens_the_navigation_on_a_phone(page: Page, device: str) -> None:
    page.goto("/")
    nav = page.get_by_role("navigation", name="主导航")
    if device == "desktop":
        expect(nav.get_by_role("link", name="证照核验")).to_be_visible()
        return
    expect(nav.get_by_role("link", name="证照核验")).to_be_hidden()
    page.get_by_role("button", name="菜单").click()
    expect(nav.get_by_role("link", name="证照核验")).to_be_visible()
    screenshot(page, "menu", device)
    nav.get_by_role("link", name="证照核验").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("电子证照核验")
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    expect(nav.get_by_role("link", name="证照核验")).to_be_hidden()


def test_hashed_assets_are_cached_and_the_wasm_is_served_here(portal: Portal) -> None:
    index = httpx.get(portal.url("/institutions"))
    assert index.status_code == 200
    assert index.headers["cache-control"] == "no-cache"
    assets = re.findall(r'(?:src|href)="(/assets/[^"]+)"', index.text)
    assert assets
    wasm = [p.name for p in (portal.settings.web_dist / "assets").glob("zxing_reader-*.wasm")]
    assert len(wasm) == 1
    for path in [*assets, f"/assets/{wasm[0]}"]:
        response = httpx.get(portal.url(path))
        assert response.status_code == 200, path
        assert "immutable" in response.headers["cache-control"]
    assert response.headers["content-type"] == "application/wasm"
