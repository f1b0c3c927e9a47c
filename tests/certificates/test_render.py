"""The printed page, checked by other programs: poppler for text and fonts, zxing for the QR."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from certificates.config import SigningConfig
from certificates.fonts import GlyphMissing
from certificates.render import QR_SIZE_MM, qr_image, render_licence
from certificates.values import LicenceData, LicenceKind
from certificates.wording import KIND_TITLES
from tests.factories.licences import SignedSample, licence_data, require_tool

KINDS = list(LicenceKind)


def pdftotext(pdf: bytes) -> str:
    tool = require_tool("pdftotext", "poppler-utils")
    result = subprocess.run([tool, "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return result.stdout.decode()


def _words(pdf: bytes) -> list[tuple[float, float, float, float, str]]:
    """Each word poppler finds, as (x0, y0, x1, y1) in millimetres from the top left, text."""
    tool = require_tool("pdftotext", "poppler-utils")
    result = subprocess.run(
        [tool, "-bbox", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    mm = 25.4 / 72
    return [
        (float(x0) * mm, float(y0) * mm, float(x1) * mm, float(y1) * mm, text)
        for x0, y0, x1, y1, text in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
            result,
        )
    ]


def page_png(pdf: bytes, tmp_path: Path, dpi: int = 150) -> Image.Image:
    tool = require_tool("pdftoppm", "poppler-utils")
    source = tmp_path / "licence.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        [tool, "-png", "-r", str(dpi), "-singlefile", source, tmp_path / "page"], check=True
    )
    return Image.open(tmp_path / "page.png")


@pytest.mark.parametrize("kind", KINDS)
def test_the_text_layer_holds_the_chinese_holder_name_and_title(
    kind: LicenceKind, signed: dict[LicenceKind, SignedSample]
) -> None:
    sample = signed[kind]
    text = re.sub(r"\s+", "", pdftotext(sample.pdf))
    assert sample.data.holder_name in text
    assert KIND_TITLES[kind][0] in text
    assert sample.data.number in text
    assert sample.data.authority_name_zh in text


@pytest.mark.parametrize("kind", KINDS)
def test_the_qr_code_decodes_at_150_dpi_with_zbar_and_zxing(
    kind: LicenceKind, signed: dict[LicenceKind, SignedSample], tmp_path: Path
) -> None:
    sample = signed[kind]
    page = page_png(sample.pdf, tmp_path, dpi=150)
    barcodes = zxingcpp.read_barcodes(page)
    assert [b.text for b in barcodes if b.format == zxingcpp.BarcodeFormat.QRCode] == [sample.url]
    zbarimg = require_tool("zbarimg", "zbar-tools")
    decoded = subprocess.run(
        [zbarimg, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", tmp_path / "page.png"],
        capture_output=True,
        check=False,
    )
    assert decoded.stdout.decode().splitlines() == [sample.url]
    assert sample.url.startswith("https://medreg.example.gov.cn/v/")


@pytest.mark.parametrize("kind", KINDS)
def test_the_qr_code_has_modules_a_camera_resolves(
    kind: LicenceKind, signed: dict[LicenceKind, SignedSample]
) -> None:
    modules = qr_image(signed[kind].url).size[0]
    assert (modules - 17) // 4 <= 9  # QR version 9 at most for this host
    assert QR_SIZE_MM / modules >= 0.75  # millimetres a module: 4.4 pixels at 150 dpi


@pytest.mark.parametrize("kind", KINDS)
def test_one_a4_page_with_an_embedded_subset_cjk_font(
    kind: LicenceKind, signed: dict[LicenceKind, SignedSample]
) -> None:
    pdffonts = require_tool("pdffonts", "poppler-utils")
    pdfinfo = require_tool("pdfinfo", "poppler-utils")
    info = subprocess.run([pdfinfo, "-"], input=signed[kind].pdf, capture_output=True, check=True)
    assert re.search(r"Pages:\s+1\n", info.stdout.decode())
    assert "pts (A4)" in info.stdout.decode()
    fonts = (
        subprocess.run([pdffonts, "-"], input=signed[kind].pdf, capture_output=True, check=True)
        .stdout.decode()
        .splitlines()[2:]
    )
    licence_fonts = [line.split() for line in fonts if "NotoSans" in line]
    assert licence_fonts, fonts
    for columns in licence_fonts:
        emb, sub, uni = columns[-5:-2]
        assert (emb, sub, uni) == ("yes", "yes", "yes")
    assert len(signed[kind].pdf) < 120_000  # a subset, not the 16 MB collection


def test_a_character_the_font_lacks_is_an_error_not_a_box(
    signing_config: SigningConfig,
) -> None:
    data = licence_data(holder_name="张\U000f0001华")  # a private-use character
    with pytest.raises(GlyphMissing) as caught:
        render_licence(data, "https://x/v/t", signing_config)
    assert caught.value.characters == "\U000f0001"


def test_rare_name_characters_outside_gb2312_render(signing_config: SigningConfig) -> None:
    data = licence_data(holder_name="王堃喆")  # 堃 and 喆 are common in names, not in GB2312
    assert "王堃喆" in re.sub(
        r"\s+", "", pdftotext(render_licence(data, "https://x/v/t", signing_config))
    )


def test_a_physician_without_expiry_says_so(signing_config: SigningConfig) -> None:
    data = licence_data(LicenceKind.PHYSICIAN_PRACTICE, valid_until=None)
    text = pdftotext(render_licence(data, "https://x/v/t", signing_config))
    assert "长期有效" in text
    assert "no expiry" in text


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (
            LicenceKind.NURSE_PRACTICE,
            [
                "ZHANG Weihua",
                "女",
                "出生年份",
                "1986年",
                "3101**********7442",
                "执业地点",
                "上海市浦东新区",
            ],
        ),
        (
            LicenceKind.PHYSICIAN_PRACTICE,
            [
                "OUYANG Mingkun",
                "男",
                "3101**********7442",
                "医师资格证书编码",
                "201831310115000123",
                "主要执业机构",
                "上海市浦东新区人民医院",
                "Pudong New Area, Shanghai",
            ],
        ),
    ],
)
def test_a_practitioner_licence_names_the_holder_checkably(
    kind: LicenceKind, expected: list[str], signed: dict[LicenceKind, SignedSample]
) -> None:
    text = pdftotext(signed[kind].pdf)
    flat = re.sub(r"\s+", "", text)
    for value in expected:
        assert re.sub(r"\s+", "", value) in flat, value


def test_a_snapshot_stored_before_the_personal_fields_still_renders(
    signing_config: SigningConfig,
) -> None:
    stored = licence_data().to_json()
    for key in (
        "sex",
        "birth_year",
        "id_number_masked",
        "qualification_number",
        "practice_place",
        "practice_place_en",
        "institution_name_en",
    ):
        del stored[key]
    data = LicenceData.from_json(stored)
    assert (data.sex, data.birth_year, data.practice_place) == (None, None, None)
    text = pdftotext(render_licence(data, "https://x/v/t", signing_config))
    assert "张伟华" in text
    assert "性别" not in text
    assert "执业地点" not in text


def test_long_values_wrap_and_stay_inside_the_fields_area(signing_config: SigningConfig) -> None:
    long_name = "上海交通大学医学院附属瑞金医院无锡分院暨上海市浦东新区周家渡街道社区卫生服务中心"
    data = replace(
        licence_data(LicenceKind.PHYSICIAN_PRACTICE),
        institution_name=long_name,
        scope="内科专业；外科专业；妇产科专业；儿科专业；眼耳鼻咽喉科专业；精神卫生专业",
    )
    pdf = render_licence(data, "https://x/v/t", signing_config)
    words = _words(pdf)
    assert "瑞金医院" in re.sub(r"\s+", "", pdftotext(pdf))
    last_row = [w for w in words if w[4] in ("Version", "1")]
    assert last_row
    assert max(w[3] for w in last_row) < 221  # the table ends above the QR code and the seal
    table = [w for w in words if 80 < w[1] < 221]
    assert max(w[2] for w in table) <= 183  # nothing runs past the right edge of the table
