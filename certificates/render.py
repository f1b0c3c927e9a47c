"""One A4 page per licence, bilingual (Chinese first), drawn with fpdf2.

All text is known before drawing starts, so the page gets a font holding exactly the glyphs it
uses (see ``certificates.fonts``). The QR code is a 1-bit image with one pixel per module;
PDF viewers do not interpolate it, so it stays sharp at any zoom.
"""

from __future__ import annotations

import math
import re
from urllib.parse import urlsplit

import qrcode
import qrcode.util as qr_util
from fpdf import FPDF
from fpdf.fonts import TTFFont
from PIL import Image
from qrcode.constants import ERROR_CORRECT_M

from certificates.config import SigningConfig
from certificates.fields import Line, Row, lines_of
from certificates.fonts import GlyphMissing, font_file, glyph_source
from certificates.layout import PAGE_HEIGHT_MM, PAGE_WIDTH_MM, SEAL_BOX_MM, SEAL_STRIP_MM
from certificates.values import LicenceData
from certificates.wording import KIND_TITLES

QR_MASK_PATTERN = 4
"""Fixed mask: choosing one per code costs about two thirds of QR generation time."""

_FONT = "licence"
_RED = (176, 28, 36)
_DARK_RED = (128, 20, 26)
_GOLD = (184, 145, 74)
_INK = (28, 28, 32)
_GREY = (110, 110, 118)
_PAPER = (253, 250, 243)

QR_SIZE_MM = 42.0
"""Side of the printed QR code, quiet zone not included."""

_FIELDS_TOP = 86.0
_FIELDS_BOTTOM = 220.0
_MIN_PADDING = 1.6
_ROW_HEIGHT = 8.8
"""A one-line row: Chinese line, English line under it."""
_LEFT, _RIGHT = 30.0, 182.0
_CELLS: dict[int, tuple[tuple[float, float, float], ...]] = {
    1: ((_LEFT, 76.0, _RIGHT - 76.0),),
    2: ((_LEFT, 76.0, 38.0), (120.0, 148.0, _RIGHT - 148.0)),
}
"""(label x, value x, value width) of each cell of a line with one or two cells."""
_Cells = list[tuple[Row, tuple[float, float, float], list[str], float]]
_FOOTER_ZH = (
    "本证书为电子证照，经数字签名，与纸质证书具有同等效力。扫描二维码可核验真伪与当前状态。"
)
_FOOTER_EN = (
    "This electronic licence is digitally signed and has the same effect as a paper licence. "
    "Scan the QR code to check that it is genuine and still valid."
)
_SEAL_LABEL = ("电子签章", "Electronic seal")
_SEAL_BOTTOM = "电子证照专用章"
_QR_LABEL = ("扫码核验", "Scan to verify")


def _all_text(data: LicenceData, rows: list[Line], qr_host: str) -> str:
    title_zh, title_en = KIND_TITLES[data.kind]
    parts = [title_zh, title_en.upper(), data.authority_name_zh, data.authority_name_en, qr_host]
    parts += [_FOOTER_ZH, _FOOTER_EN, *_SEAL_LABEL, _SEAL_BOTTOM, *_QR_LABEL, "/·…"]
    for row in (row for line in rows for row in line):
        parts += [row.label_zh, row.label_en, row.value_zh, row.value_en]
    return "".join(parts)


def _qr_version(data: bytes) -> int:
    """The smallest version holding ``data`` in byte mode at level M (what ``fit`` would
    find, without building the code once per candidate version)."""
    for version in range(1, 41):
        bits = 4 + qr_util.length_in_bits(qr_util.MODE_8BIT_BYTE, version) + 8 * len(data)
        if bits <= qr_util.BIT_LIMIT_TABLE[ERROR_CORRECT_M][version]:
            return version
    raise ValueError(f"{len(data)} bytes do not fit in a QR code")


def qr_image(url: str) -> Image.Image:
    """The QR code of ``url`` as a 1-bit image, one pixel per module, no quiet zone."""
    data = url.encode()
    code = qrcode.QRCode(
        version=_qr_version(data),
        error_correction=ERROR_CORRECT_M,
        box_size=1,
        border=0,
        mask_pattern=QR_MASK_PATTERN,
    )
    code.add_data(qr_util.QRData(data, mode=qr_util.MODE_8BIT_BYTE))
    code.make(fit=False)
    matrix = code.get_matrix()
    size = len(matrix)
    pixels = bytes(0 if dark else 255 for line in matrix for dark in line)
    return Image.frombytes("L", (size, size), pixels).convert("1")


def render_licence(data: LicenceData, qr_url: str, config: SigningConfig) -> bytes:
    """The unsigned licence PDF; ``qr_url`` is what its QR code opens."""
    rows = lines_of(data)
    qr_host = urlsplit(qr_url).netloc or qr_url
    source = glyph_source(config.font_path, config.font_index)
    font_bytes = source.subset_font(_all_text(data, rows, qr_host))
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(0, 0, 0)
    pdf.set_creator("medreg")
    pdf.set_title(f"{KIND_TITLES[data.kind][1]} {data.number} v{data.version}")
    pdf.set_author(data.authority_name_en)
    pdf.set_lang("zh-CN")
    pdf.set_subject(f"{data.number} v{data.version}")
    # The verification URL travels in the signed revision's metadata too, so an uploaded PDF
    # says which licence it is without decoding its QR code.
    pdf.set_keywords(qr_url)
    with font_file(font_bytes) as path:
        pdf.add_font(_FONT, fname=path)
        font = pdf.fonts[_FONT]
        if not isinstance(font, TTFFont):
            raise TypeError("fpdf2 did not load the licence font as TrueType")
        # The subset font's bounding boxes are exact already; recomputing them would decode
        # and re-encode every outline.
        font.ttfont.recalcBBoxes = False
        pdf.add_page()
        page = _Page(pdf)
        page.background()
        page.header(data)
        page.fields(rows)
        page.qr(qr_image(qr_url), qr_host)
        page.seal(data.authority_name_zh)
        page.footer()
        if font.missing_glyphs:
            raise GlyphMissing(chr(c) for c in font.missing_glyphs)
        return bytes(pdf.output())


class _Page:
    """Drawing steps of the licence page, top to bottom."""

    def __init__(self, pdf: FPDF) -> None:
        self.pdf = pdf

    def _text(
        self,
        x: float,
        y: float,
        w: float,
        text: str,
        size: float,
        color: tuple[int, int, int],
        align: str = "L",
        spacing: float = 0.0,
    ) -> None:
        pdf = self.pdf
        pdf.set_font(_FONT, size=size)
        pdf.set_text_color(*color)
        pdf.set_char_spacing(spacing)
        pdf.set_xy(x, y)
        pdf.cell(w, size * 0.45, text, align=align)
        if spacing:
            pdf.set_char_spacing(0)

    def background(self) -> None:
        pdf = self.pdf
        pdf.set_fill_color(*_PAPER)
        pdf.rect(0, 0, PAGE_WIDTH_MM, PAGE_HEIGHT_MM, style="F")
        pdf.set_draw_color(*_DARK_RED)
        pdf.set_line_width(1.6)
        pdf.rect(8, 8, PAGE_WIDTH_MM - 16, PAGE_HEIGHT_MM - 16)
        pdf.set_draw_color(*_GOLD)
        pdf.set_line_width(0.35)
        pdf.rect(11, 11, PAGE_WIDTH_MM - 22, PAGE_HEIGHT_MM - 22)
        pdf.set_fill_color(*_GOLD)
        for cx, cy in (
            (11, 11),
            (PAGE_WIDTH_MM - 11, 11),
            (11, PAGE_HEIGHT_MM - 11),
            (PAGE_WIDTH_MM - 11, PAGE_HEIGHT_MM - 11),
        ):
            pdf.polygon([(cx - 2.2, cy), (cx, cy - 2.2), (cx + 2.2, cy), (cx, cy + 2.2)], style="F")
        # A faint emblem under the fields: hard to imitate cleanly, harmless to read through.
        with pdf.local_context(fill_opacity=0.045, stroke_opacity=0.07):
            pdf.set_draw_color(*_RED)
            pdf.set_line_width(1.2)
            pdf.circle(PAGE_WIDTH_MM / 2, 150, 52)
            pdf.set_fill_color(*_RED)
            pdf.star(PAGE_WIDTH_MM / 2, 150, 17, 44, corners=5, rotate_degrees=180, style="F")

    def header(self, data: LicenceData) -> None:
        pdf = self.pdf
        cx = PAGE_WIDTH_MM / 2
        _emblem(pdf, cx, 28, 9.5)
        self._text(20, 40.5, PAGE_WIDTH_MM - 40, data.authority_name_zh, 12, _INK, "C", 0.6)
        self._text(20, 47, PAGE_WIDTH_MM - 40, data.authority_name_en, 8.5, _GREY, "C")
        title_zh, title_en = KIND_TITLES[data.kind]
        self._text(20, 55, PAGE_WIDTH_MM - 40, title_zh, 30, _DARK_RED, "C", 3.0)
        self._text(20, 70.5, PAGE_WIDTH_MM - 40, title_en.upper(), 12, _DARK_RED, "C", 1.2)
        rule = _FIELDS_TOP - 6
        pdf.set_draw_color(*_GOLD)
        pdf.set_line_width(0.5)
        pdf.line(40, rule, cx - 5, rule)
        pdf.line(cx + 5, rule, PAGE_WIDTH_MM - 40, rule)
        pdf.set_fill_color(*_GOLD)
        pdf.polygon([(cx - 3, rule), (cx, rule - 2), (cx + 3, rule), (cx, rule + 2)], style="F")

    def _lay_out(self, lines: list[Line], *, compact: bool) -> tuple[list[_Cells], list[float]]:
        laid_out = [
            [
                (row, geometry, *_wrap_value(self.pdf, row.value_zh, geometry[2], compact))
                for row, geometry in zip(line, _CELLS[len(line)], strict=True)
            ]
            for line in lines
        ]
        heights = [
            max(_height(row, len(wrapped), size) for row, _, wrapped, size in cells)
            for cells in laid_out
        ]
        return laid_out, heights

    def fields(self, lines: list[Line]) -> None:
        pdf = self.pdf
        room = _FIELDS_BOTTOM - _FIELDS_TOP
        laid_out, heights = self._lay_out(lines, compact=False)
        if (room - sum(heights)) / len(lines) < _MIN_PADDING:
            # Long names, scopes or subjects: wrapped values in smaller type rather than rows
            # running into each other.
            laid_out, heights = self._lay_out(lines, compact=True)
        padding = max(0.0, min(5.7, (room - sum(heights)) / len(lines)))
        y = _FIELDS_TOP
        pdf.set_draw_color(225, 214, 190)
        pdf.set_line_width(0.2)
        for cells, height in zip(laid_out, heights, strict=True):
            for row, (label_x, value_x, value_w), wrapped, size in cells:
                self._text(label_x, y, value_x - label_x, row.label_zh, 11, _INK, spacing=0.8)
                self._text(label_x, y + 5.6, value_x - label_x, row.label_en, 7, _GREY)
                for i, text in enumerate(wrapped):
                    self._text(value_x, y + i * size * 0.45, value_w, text, size, _INK)
                if row.value_en:
                    english = _fit(pdf, row.value_en, 8, value_w)
                    self._text(value_x, y + height - _ROW_HEIGHT + 5.6, value_w, english, 8, _GREY)
            y += height + padding
            pdf.line(_LEFT, y - padding / 2 - 0.6, _RIGHT, y - padding / 2 - 0.6)

    def qr(self, image: Image.Image, host: str) -> None:
        pdf = self.pdf
        x0, y0, size = 30.0, SEAL_BOX_MM[1] + 2, QR_SIZE_MM
        quiet = 3.0
        pdf.set_fill_color(255, 255, 255)
        pdf.rect(x0 - quiet, y0 - quiet, size + 2 * quiet, size + 2 * quiet, style="F")
        # One pixel per module; PDF images are not interpolated unless asked, so it stays sharp.
        pdf.image(image, x=x0, y=y0, w=size, h=size)
        self._text(x0 + size + 6, y0 + 10, 50, _QR_LABEL[0], 11, _INK, spacing=0.8)
        self._text(x0 + size + 6, y0 + 16, 50, _QR_LABEL[1], 8, _GREY)
        self._text(x0 + size + 6, y0 + 21, 50, host, 7, _GREY)

    def seal(self, authority_zh: str) -> None:
        pdf = self.pdf
        x, y, w, h = SEAL_BOX_MM
        pdf.set_draw_color(*_GOLD)
        pdf.set_line_width(0.3)
        pdf.set_dash_pattern(dash=1.2, gap=0.8)
        pdf.rect(x, y, w, h)
        pdf.set_dash_pattern()
        self._text(x + 2, y + 2, 30, f"{_SEAL_LABEL[0]} / {_SEAL_LABEL[1]}", 6.5, _GREY)
        radius = min(w, h - SEAL_STRIP_MM - 6) / 2
        _official_seal(self, x + w / 2, y + 5 + radius, radius, authority_zh)

    def footer(self) -> None:
        self._text(18, 274, PAGE_WIDTH_MM - 36, _FOOTER_ZH, 7.5, _GREY, "C")
        self._text(18, 279, PAGE_WIDTH_MM - 36, _FOOTER_EN, 6.2, _GREY, "C")


def _height(row: Row, lines: int, size: float) -> float:
    """A row's height: its Chinese lines, then the English line if it has one."""
    if row.value_en:
        return _ROW_HEIGHT + (lines - 1) * size * 0.45
    return max(_ROW_HEIGHT, lines * size * 0.45 + 1.2)


def _wrap_value(pdf: FPDF, text: str, width: float, compact: bool) -> tuple[list[str], float]:
    """Lines of ``text`` at the largest size that fits in four lines (``compact``: a text that
    needs more than one line goes straight to the smallest size); the last line of a text too
    long even at the smallest size ends in an ellipsis."""
    for size in (12.5, 9.5) if compact else (12.5, 11.0, 9.5):
        lines = _wrap(pdf, text, size, width)
        if len(lines) <= (1 if size == 12.5 else 4):
            return lines, size
    lines = _wrap(pdf, text, 9.5, width)
    return [*lines[:3], _fit(pdf, "".join(lines[3:]), 9.5, width)], 9.5


def _wrap(pdf: FPDF, text: str, size: float, width: float) -> list[str]:
    """Greedy line breaking: after a list separator when possible, else between characters."""
    pdf.set_font(_FONT, size=size)
    lines: list[str] = []
    current = ""
    for token in re.findall(r"[^；;，,、\s]*[；;，,、\s]?", text):
        if not token:
            continue
        if pdf.get_string_width(current + token) <= width:
            current += token
            continue
        if current:
            lines.append(current.rstrip())
            current = ""
        for ch in token:
            if pdf.get_string_width(current + ch) > width and current:
                lines.append(current)
                current = ""
            current += ch
    if current.strip() or not lines:
        lines.append(current.rstrip())
    return lines


def _fit(pdf: FPDF, text: str, size: float, width: float) -> str:
    """Shorten ``text`` with an ellipsis so it stays on its line."""
    pdf.set_font(_FONT, size=size)
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text + "…"


def _emblem(pdf: FPDF, cx: float, cy: float, r: float) -> None:
    """The commission's mark: a red ring around a red cross."""
    pdf.set_draw_color(*_RED)
    pdf.set_line_width(0.9)
    pdf.circle(cx, cy, r)
    pdf.set_line_width(0.3)
    pdf.circle(cx, cy, r - 1.6)
    pdf.set_fill_color(*_RED)
    arm, half = r * 0.62, r * 0.2
    pdf.rect(cx - half, cy - arm, 2 * half, 2 * arm, style="F")
    pdf.rect(cx - arm, cy - half, 2 * arm, 2 * half, style="F")


def _official_seal(page: _Page, cx: float, cy: float, r: float, authority_zh: str) -> None:
    """A round red seal: double ring, star, the authority's name along the upper arc."""
    pdf = page.pdf
    with pdf.local_context(fill_opacity=0.9, stroke_opacity=0.9):
        pdf.set_draw_color(*_RED)
        pdf.set_line_width(1.1)
        pdf.circle(cx, cy, r)
        pdf.set_line_width(0.25)
        pdf.circle(cx, cy, r - 1.5)
        pdf.set_fill_color(*_RED)
        pdf.star(cx, cy, r * 0.13, r * 0.34, corners=5, rotate_degrees=180, style="F")
        size = 8.5 if len(authority_zh) <= 12 else 7.0
        pdf.set_font(_FONT, size=size)
        pdf.set_text_color(*_RED)
        span = min(250.0, 21.0 * len(authority_zh))
        text_r = r - 2.0 - size * 0.35 * 0.5
        for i, ch in enumerate(authority_zh):
            angle = -span / 2 + span * (i + 0.5) / len(authority_zh)
            rad = math.radians(angle)
            px, py = cx + text_r * math.sin(rad), cy - text_r * math.cos(rad)
            with pdf.rotation(angle=-angle, x=px, y=py):
                width = pdf.get_string_width(ch)
                pdf.text(px - width / 2, py + size * 0.35 * 0.5, ch)
        page._text(cx - r, cy + r * 0.45, 2 * r, _SEAL_BOTTOM, 6.5, _RED, "C", 0.4)
