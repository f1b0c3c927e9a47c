"""The verify page with an uploaded PDF: an ordinary unsigned PDF is told apart from a forgery,
and what was checked is said."""

from __future__ import annotations

from pathlib import Path

import pytest
from fpdf import FPDF
from playwright.sync_api import Page, expect

from tests.web.portal import Portal, axe_violations, screenshot
from tests.web.steps import init_portal_pki

pytestmark = pytest.mark.browser


def test_an_unsigned_pdf_is_not_called_forged(
    page: Page, device: str, tmp_path: Path, portal: Portal
) -> None:
    init_portal_pki(portal)  # the check needs the commission's root (idempotent)
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
    screenshot(page, "verify-unsigned-pdf", device)
    assert axe_violations(page) == []
