"""Institution staff verify a CSV file of licences in the browser: each row answered with its
localised status; a file that cannot be read answered with a localised reason."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from access.actor import Role
from certificates import service
from core.audit import SYSTEM
from tests.factories.licences import request
from tests.web.portal import Portal, axe_violations, screenshot
from tests.web.steps import HOSPITAL_USCC, fresh_mobile, init_portal_pki, sign_in_staff


def licences(portal: Portal, device: str) -> list[tuple[str, str]]:
    """Two nurses' licences (number, holder): one valid, one suspended."""
    init_portal_pki(portal)

    async def work(factory: Any) -> list[tuple[str, str]]:
        made = []
        async with factory() as session:
            for n, name in enumerate(("王丽", "李娜")):
                row = await service.reserve_licence(
                    session, request(holder_ref=f"bulk-web-{device}-{n}", holder_name=name)
                )
                made.append((row.number, name))
            await service.suspend(session, SYSTEM, made[1][0], "under investigation")
            await session.commit()
        return made

    return portal.run(work)


def test_operator_checks_a_csv_file(
    page: Page, device: str, portal: Portal, tmp_path: Path
) -> None:
    (valid, suspended) = licences(portal, device)
    operator = portal.staff(
        Role.INSTITUTION_OPERATOR,
        name="冯核验",
        mobile=fresh_mobile(),
        institution_uscc=HOSPITAL_USCC,
        prefix="bulk.ops",
    )
    csv_file = tmp_path / "核验.csv"
    rows = ["证照编号,姓名", f"{valid[0]},{valid[1]}", f"{suspended[0]},{suspended[1]}"]
    rows += [f"{valid[0]},别人", "只有一列"]
    csv_file.write_bytes("\r\n".join(rows).encode("gb18030"))
    page.goto("/bulk-verify")
    sign_in_staff(page, operator)
    expect(page.get_by_role("heading", name="批量核验证照")).to_be_visible()
    page.locator("#field-csv").set_input_files(str(csv_file))
    table = page.get_by_role("table")
    expect(table.locator("tbody tr")).to_have_count(4)
    expect(table.locator("tr[data-line='2']")).to_contain_text("有效")
    expect(table.locator("tr[data-line='2']")).to_contain_text(valid[1])
    expect(table.locator("tr[data-line='3']")).to_contain_text("已暂停")
    expect(table.locator("tr[data-line='4']")).to_contain_text("未找到")
    expect(table.locator("tr[data-line='5']")).to_contain_text("请填写证照编号和姓名两列")
    assert axe_violations(page) == []
    screenshot(page, "bulk-verify", device)

    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    page.locator("#field-csv").set_input_files(str(binary))
    expect(page.locator(".notice-error")).to_contain_text("无法读取文件内容")
    expect(page.get_by_role("table")).to_have_count(0)
