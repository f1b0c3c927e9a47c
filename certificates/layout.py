"""Page geometry shared by the renderer and the signer (the seal field must sit on its box)."""

from __future__ import annotations

MM = 72 / 25.4
PAGE_WIDTH_MM = 210.0
PAGE_HEIGHT_MM = 297.0

SEAL_FIELD_NAME = "LicenceSeal"
SEAL_BOX_MM = (128.0, 224.0, 60.0, 46.0)
"""Seal box as (x, y, width, height) in millimetres from the top-left corner, as fpdf2 draws."""

SEAL_STRIP_MM = 8.0
"""Height of the strip at the bottom of the seal box that holds the signature's appearance."""


def _field_box() -> tuple[int, int, int, int]:
    x, y, w, h = SEAL_BOX_MM
    left = x * MM
    right = (x + w) * MM
    bottom = (PAGE_HEIGHT_MM - (y + h)) * MM
    top = bottom + SEAL_STRIP_MM * MM
    return round(left), round(bottom), round(right), round(top)


SEAL_FIELD_BOX = _field_box()
"""The signature widget in PDF points, origin bottom-left, as pyHanko expects."""
