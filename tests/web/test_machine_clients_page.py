"""The system administrator's page of machine clients: the list with scopes and status, and a
revocation confirmed in a panel; axe finds no serious violation."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from access.actor import Role
from interop.clients.service import create
from interop.webhooks.service import subscribe
from tests.web.portal import Portal, axe_violations, screenshot
from tests.web.steps import fresh_mobile, sign_in_staff


def no_violations(page: Page) -> None:
    assert axe_violations(page) == []


def test_system_admin_revokes_a_client(page: Page, device: str, portal: Portal) -> None:
    name = f"雇主对接系统 {device}"

    async def work(factory: Any) -> str:
        async with factory() as session:
            made = await create(session, name=name, scopes=["fhir.read", "verify.bulk"])
            # Made while private targets were allowed: the delivery's own check refuses it.
            await subscribe(
                session,
                made.client.client_id,
                "http://127.0.0.1:9/hooks",
                ["HS310115-2026-000001"],
                allow_http=True,
                allow_private=True,
            )
            await session.commit()
            return str(made.client.client_id)

    client_id = portal.run(work)
    admin = portal.staff(Role.SYSTEM_ADMIN, name="系统管理员", mobile=fresh_mobile(), prefix="root")
    page.goto("/admin/machine-clients")
    sign_in_staff(page, admin)
    card = page.locator(f"[data-machine-client='{client_id}']")
    expect(card).to_contain_text(name)
    expect(card).to_contain_text("读取注册数据（FHIR）、批量核验")
    expect(card.locator("[data-status='ACTIVE']")).to_be_visible()
    expect(card).to_contain_text("http://127.0.0.1:9/hooks")
    card.get_by_role("button", name="发送测试消息").click()
    expect(card.locator(".webhook-sent")).to_contain_text("测试消息未送达")
    expect(card.locator(".webhook-sent")).to_contain_text("地址不是公网地址，已拒绝发送")
    card.get_by_role("button", name="查看投递记录").click()
    expect(card.locator(".webhook-delivery[data-status='PENDING']")).to_contain_text("webhook.test")
    no_violations(page)
    screenshot(page, "machine-clients", device)

    card.get_by_role("button", name="吊销").click()
    panel = card.get_by_role("group", name=f"吊销“{name}”？")
    expect(panel).to_be_visible()
    panel.get_by_role("button", name="吊销").click()
    expect(page.locator(".toast").filter(has_text="已吊销该客户端")).to_be_visible()
    expect(card.locator("[data-status='REVOKED']")).to_be_visible()
    expect(card.get_by_role("button", name="吊销")).to_have_count(0)
    page.reload()
    expect(
        page.locator(f"[data-machine-client='{client_id}'] [data-status='REVOKED']")
    ).to_be_visible()


def test_others_do_not_see_the_page(page: Page, portal: Portal) -> None:
    officer = portal.staff(
        Role.AUTHORITY_ADMIN, name="市卫健委管理员", mobile=fresh_mobile(), authority_code="310000"
    )
    page.goto("/admin/machine-clients")
    sign_in_staff(page, officer)
    expect(page.locator("[data-machine-client]")).to_have_count(0)
    expect(page.get_by_role("navigation", name="主导航").get_by_text("接口客户端")).to_have_count(0)
