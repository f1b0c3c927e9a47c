"""Personal names in pinyin, as GB/T 28039 writes them: surname and given name apart, the
surname in capitals for international use (``ZHANG Weihua``, ``OUYANG Mingkun``).

A surname is read as a surname: 单 is Shan, 曾 Zeng, 解 Xie, 仇 Qiu, where pypinyin's most
common reading would be dan, ceng, jie, chou. The reading is picked among pypinyin's heteronyms
of the character, so a typo in the table below cannot invent a reading. A given name is read
as pypinyin reads it; a heteronym there (乐 le or yue) is the holder's to correct.
"""

from __future__ import annotations

import re
from functools import lru_cache

SURNAME_READINGS: dict[str, str] = {
    "单": "shan",
    "曾": "zeng",
    "解": "xie",
    "仇": "qiu",
    "朴": "piao",
    "查": "zha",
    "区": "ou",
    "乐": "yue",
    "缪": "miao",
    "盖": "ge",
    "翟": "zhai",
    "秘": "bi",
    "种": "chong",
    "召": "shao",
    "句": "gou",
    "员": "yun",
    "覃": "qin",
    "尉": "wei",
    "重": "chong",
    "宿": "su",
    "折": "she",
    "薄": "bo",
    "柏": "bai",
    "沈": "shen",
    "繁": "po",
    "隗": "wei",
    "冼": "xian",
    "能": "nai",
    "都": "du",
    "阚": "kan",
    "祭": "zhai",
    "逄": "pang",
    "蕃": "pi",
    "角": "jue",
    "贲": "ben",
    "卜": "bu",
    "莘": "shen",
    "瞿": "qu",
    "长": "chang",
    "石": "shi",
    "贾": "jia",
}
"""Single-character surnames whose surname reading is not pypinyin's first one (or might not
stay so): the reading as a surname."""

COMPOUND_SURNAMES: dict[str, tuple[str, ...]] = {
    "万俟": ("mo", "qi"),
    "澹台": ("tan", "tai"),
    "单于": ("chan", "yu"),
    "长孙": ("zhang", "sun"),
    "尉迟": ("yu", "chi"),
    "乐正": ("yue", "zheng"),
}
"""Two-character surnames with a surname heteronym in them, and their readings."""

# fmt: off
OTHER_COMPOUND_SURNAMES = frozenset((
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "公孙", "慕容", "令狐", "宇文", "司徒", "夏侯",
    "端木", "轩辕", "百里", "呼延", "独孤", "南宫", "西门", "闻人", "赫连", "申屠", "公羊", "太史",
    "钟离", "宗政", "濮阳", "淳于", "仲孙", "公冶", "谷梁", "段干", "巫马", "漆雕", "拓跋", "完颜",
    "鲜于", "闾丘", "司空", "司寇", "第五", "亓官", "夹谷", "东郭", "左丘",
))
# fmt: on
"""Two-character surnames read as pypinyin reads them."""

_HAN = re.compile(r"[\u3400-\u9fff\U00020000-\U0003134f]")
_PARTS = re.compile(r"[·•・．.\s]+")
_VOWEL_START = ("a", "o", "e")
_U_UMLAUT = {"lv": "lyu", "nv": "nyu", "lve": "lyue", "nve": "nyue"}
"""The only syllables with ü after l or n; pypinyin writes ü as v."""


@lru_cache(maxsize=8_192)  # surnames are few: pypinyin's lookup costs more than the rest
def _heteronyms(char: str) -> tuple[str, ...]:
    from pypinyin import Style, pinyin  # its dictionaries load in seconds: when first needed

    return tuple(pinyin(char, style=Style.NORMAL, heteronym=True)[0])


def _surname_syllables(surname: str) -> list[str]:
    fixed = COMPOUND_SURNAMES.get(surname, ())
    syllables = []
    for i, char in enumerate(surname):
        readings = _heteronyms(char)
        wanted = fixed[i] if fixed else SURNAME_READINGS.get(char)
        syllables.append(wanted if wanted in readings else readings[0])
    return syllables


def _join(syllables: list[str]) -> str:
    """Syllables of one word; an apostrophe where a syllable starting with a, o or e follows
    another (Xi'an, Jia'en). ü is written yu, as passports do (吕 Lyu)."""
    word = ""
    for i, syllable in enumerate(syllables):
        syllable = _U_UMLAUT.get(syllable, syllable)
        word += ("'" if i and syllable.startswith(_VOWEL_START) else "") + syllable
    return word


def _split(name: str) -> tuple[str, str]:
    if len(name) >= 3 and (name[:2] in COMPOUND_SURNAMES or name[:2] in OTHER_COMPOUND_SURNAMES):
        return name[:2], name[2:]
    return name[:1], name[1:]


@lru_cache(maxsize=65_536)  # given names repeat more often than whole names
def _given_name(given: str) -> str:
    from pypinyin import Style, lazy_pinyin

    return _join(lazy_pinyin(given, style=Style.NORMAL))


@lru_cache(maxsize=65_536)  # a city's names repeat: the demo issues licences in bulk
def name_in_pinyin(name: str) -> str | None:
    """``张伟华`` → ``ZHANG Weihua``; ``None`` for a name without Chinese characters (it is
    printed as written) or with a character pypinyin cannot read."""
    from pypinyin import Style, lazy_pinyin

    name = name.strip()
    if not _HAN.search(name):
        return None
    parts = [part for part in _PARTS.split(name) if part]
    if len(parts) > 1:
        # A transcribed name (阿依古丽·买买提) has no Han surname: each part is one word.
        words = [_join(lazy_pinyin(part, style=Style.NORMAL)) for part in parts]
        result = " ".join(word[:1].upper() + word[1:] for word in words)
    else:
        surname, given = _split(name)
        family = _join(_surname_syllables(surname)).upper()
        first = _given_name(given) if given else ""
        result = f"{family} {first[:1].upper()}{first[1:]}".strip()
    return None if _HAN.search(result) else result
