"""Hypothesis strategies for public inputs: valid identifiers written the ways people type
them, Chinese names with rare characters (CJK Extension A and the Supplementary Ideographic
Plane, e.g. 𠈌), and hostile text (anything at all, control characters and NUL included)."""

from __future__ import annotations

import os
from datetime import date

from hypothesis import strategies as st
from stdnum.cn import ric, uscc


def examples(default: int) -> int:
    """Hypothesis examples per test: ``default`` in ``make test``, more under ``make fuzz``
    (``MEDREG_FUZZ_EXAMPLES``)."""
    return max(default, int(os.environ.get("MEDREG_FUZZ_EXAMPLES", "0")))


# Counties of Shanghai and elsewhere, current and former (310103 Luwan, merged into Huangpu).
AREAS = ["310101", "310103", "310104", "310115", "310151", "110105", "440305", "650102"]
COMMON = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何林罗高晓华伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞"
RARE = "堃喆赟昇玥㛃䶮〇"  # in names, outside GB2312 (䶮 and 㛃: Extension A)
SIP = "𠈌𠮷𡈽𬌗𬍡𫚉"  # Supplementary Ideographic Plane (U+2xxxx), all in Noto Sans CJK SC


def resident_ids() -> st.SearchStrategy[str]:
    """Valid 18-character resident ID numbers (any check digit, X included)."""

    def build(area: str, born: date, seq: int) -> str:
        body = f"{area}{born:%Y%m%d}{seq:03d}"
        return body + ric.calc_check_digit(body + "0")

    return st.builds(
        build,
        st.sampled_from(AREAS),
        st.dates(min_value=date(1930, 1, 1), max_value=date(2008, 12, 31)),
        st.integers(min_value=0, max_value=999),
    )


def typed_resident_ids() -> st.SearchStrategy[tuple[str, str]]:
    """(as typed, as stored): a lower-case x and surrounding spaces are accepted."""
    return resident_ids().flatmap(
        lambda number: st.sampled_from([number, number.lower(), f" {number}\t"]).map(
            lambda typed: (typed, number)
        )
    )


def social_credit_codes() -> st.SearchStrategy[str]:
    """Valid unified social credit codes (GB 32100)."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

    def build(head: str, region: str, body: str) -> str:
        first17 = head + region + body
        return first17 + uscc.calc_check_digit(first17)

    return st.builds(
        build,
        st.sampled_from(["11", "12", "13", "19", "51", "52", "91", "92", "93"]),
        st.sampled_from(AREAS),
        st.text(alphabet=alphabet, min_size=9, max_size=9),
    )


def typed_mobiles() -> st.SearchStrategy[tuple[str, str]]:
    """(as typed, 11 national digits): with +86 / 0086, spaces and hyphens."""
    prefixes = ["130", "135", "138", "139", "150", "158", "166", "177", "180", "186", "199"]

    def variants(number: str) -> st.SearchStrategy[tuple[str, str]]:
        spaced = f"{number[:3]} {number[3:7]} {number[7:]}"
        typed = [number, f"+86{number}", f"+86 {spaced}", f"0086{number}", spaced.replace(" ", "-")]
        return st.sampled_from(typed).map(lambda t: (t, number))

    digits = st.text(alphabet="0123456789", min_size=8, max_size=8)
    return st.builds(str.__add__, st.sampled_from(prefixes), digits).flatmap(variants)


def names() -> st.SearchStrategy[str]:
    """Chinese names of 2 to 6 characters, often with rare ones; some minority names with a
    middle dot (买买提·艾力)."""
    char = st.one_of(st.sampled_from(COMMON), st.sampled_from(RARE), st.sampled_from(SIP))
    plain = st.text(alphabet=char, min_size=2, max_size=6)
    dotted = st.builds(lambda a, b: f"{a}·{b}", plain, plain)
    return st.one_of(plain, plain, dotted)


def sip_names() -> st.SearchStrategy[str]:
    """Names with at least one character from the Supplementary Ideographic Plane."""
    return st.builds(
        lambda head, rare, tail: head + rare + tail,
        st.text(alphabet=COMMON, min_size=1, max_size=2),
        st.text(alphabet=SIP, min_size=1, max_size=2),
        st.text(alphabet=COMMON + RARE, max_size=2),
    )


def hostile_text(max_size: int = 80) -> st.SearchStrategy[str]:
    """Any text (NUL and other control characters included), and near-misses of the valid
    forms (digits, letters, spaces, hyphens)."""
    return st.one_of(
        st.text(max_size=max_size),
        st.text(alphabet="0123456789Xx -+()", max_size=24),
        st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=max_size),
    )
