"""Generators of realistic identifiers: Chinese names, resident ID numbers (GB 11643), mainland
mobiles and unified social credit codes (GB 32100). Each takes the caller's ``random.Random``
so a seed reproduces every value."""

from __future__ import annotations

import random
from datetime import date, timedelta

from demo.draw import Weighted, below
from demo.geography import OTHER_PROVINCE_REGIONS, District

# Common surnames with their approximate share in per-mille: the national ranking with the
# Shanghai tilt (陈, 沈, 陆, 顾, 徐, 朱, 钱 are more frequent here than nationally).
_SURNAMES = (
    "王71 李66 张68 陈60 刘45 杨31 黄24 赵20 吴22 周22 徐22 孙15 马10 朱16 胡13 郭10 何10 "
    "高10 林10 罗9 郑8 梁7 谢7 宋6 唐6 许7 韩5 冯5 邓5 曹5 彭5 曾4 肖4 田4 董4 袁4 潘4 于4 "
    "蒋5 蔡4 余4 杜3 叶4 程3 苏3 魏3 吕3 丁3 任3 沈7 姚4 卢3 姜3 崔2 钟2 谭2 陆7 汪4 范3 "
    "金4 石2 廖2 贾2 夏2 韦2 付2 方3 白2 邹2 孟2 熊2 秦2 邱2 江2 尹2 薛2 闫1 段1 雷1 侯1 "
    "龙1 史1 陶2 黎1 贺1 顾6 毛2 郝1 龚2 邵2 万1 钱4 严2 武1 戴2 莫1 孔1 汤2 倪2 俞3 施3 "
    "褚1 欧阳0.3 司马0.1 上官0.1 诸葛0.1"
)


def _split(token: str) -> tuple[str, float]:
    digits = next(i for i, ch in enumerate(token) if ch.isdigit())
    return token[:digits], float(token[digits:])


SURNAMES = Weighted(_split(token) for token in _SURNAMES.split())

_FEMALE = (
    "静丽敏燕艳娟霞芳婷雪琳洁慧颖玲倩莉萍红梅琴云佳欣怡悦雯晶蕾璐瑶雅妍菲思诗梦月丹蓉薇露岚秀英华凤"
)
_MALE = "伟强磊军勇杰涛明超斌鹏辉华刚健峰浩宇俊晨凯鑫毅飞亮文博昊翔海东林波龙成志建国平荣良"
_EITHER = "晓子欣雨天嘉一思文佳晨宇安心正可怡立"


def person_name(rng: random.Random, *, female: bool) -> str:
    """A surname drawn by frequency and a one- or two-character given name for the sex."""
    surname = SURNAMES.draw(rng)
    pool = _FEMALE if female else _MALE
    if rng.random() < 0.3:
        return surname + rng.choice(pool)
    first = rng.choice(_EITHER) if rng.random() < 0.35 else rng.choice(pool)
    second = rng.choice(pool)
    if second == first and rng.random() < 0.8:  # 婷婷 happens, but rarely
        second = rng.choice(pool)
    return surname + first + second


# ---------------------------------------------------------------------------- resident ID


def ric_check_digit(body: str) -> str:
    """GB 11643 check character of the first 17 digits.

    The weights are 2**(17 - i) mod 11 and 13 ≡ 2 (mod 11), so reading the digits in base 13
    sums them weighted in one C call (the trick python-stdnum uses).
    """
    check = (1 - 2 * int(body, 13)) % 11
    return "X" if check == 10 else str(check)


def birth_date(rng: random.Random, today: date, *, youngest: int, oldest: int, mode: int) -> date:
    """A birth date for an age between ``youngest`` and ``oldest`` full years on ``today``."""
    latest = _years_before(today, youngest)
    earliest = _years_before(today, oldest + 1) + timedelta(days=1)
    span = (latest - earliest).days
    position = rng.triangular(0.0, 1.0, (mode - youngest) / max(oldest - youngest, 1))
    return latest - timedelta(days=round(position * span))


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year - years, day=28)


def id_region(
    rng: random.Random, district: District, others: tuple[District, ...], born: date
) -> str:
    """Mostly the district the person works in; some from elsewhere in Shanghai or China."""
    draw = rng.random()
    if draw < 0.7:
        return district.id_region(born.year)
    if draw < 0.8:
        return rng.choice(others).id_region(born.year)
    candidates = [r.code for r in OTHER_PROVINCE_REGIONS if r.valid_in(born.year)]
    return rng.choice(candidates)


def resident_id(rng: random.Random, region: str, born: date, *, female: bool) -> str:
    """18 characters: region, birth date, a sequence whose last digit is odd for men, check."""
    sequence = 2 * below(rng, 500) + (0 if female else 1)
    body = f"{region}{born:%Y%m%d}{sequence:03d}"
    return body + ric_check_digit(body)


# ---------------------------------------------------------------------------------- mobile

_MOBILE_SHARES = (
    "138:9 139:9 135:7 136:6 137:6 150:5 151:4 152:3 158:5 159:5 182:3 183:3 187:4 188:3 "
    "130:4 131:3 132:3 155:3 156:4 185:3 186:6 133:3 153:3 180:3 181:3 189:4 177:3 173:2 "
    "176:2 166:2 199:2 198:1 191:1 195:1 178:1 157:1 134:1"
)
MOBILE_PREFIXES = Weighted(
    (prefix, float(share)) for prefix, share in (p.split(":") for p in _MOBILE_SHARES.split())
)


def mobile(rng: random.Random) -> str:
    """An 11-digit mainland mobile number on a prefix of China Mobile, Unicom or Telecom."""
    return f"{MOBILE_PREFIXES.draw(rng)}{below(rng, 100_000_000):08d}"


# ------------------------------------------------------------ unified social credit code

# GB 32100 characters: digits and capitals without I, O, S, V, Z.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def _value(ch: str) -> int:
    return int(ch) if ch.isdigit() else ord(ch) - ord("A") + 10


def organization_code(body: str) -> str:
    """The 9-character organization code (GB 11714): 8 characters and their check."""
    check = 11 - sum(_value(c) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True)) % 11
    return body + ("X" if check == 10 else "0" if check == 11 else str(check))


def uscc_check_character(body: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def social_credit_code(rng: random.Random, *, registrar: str, region: str) -> str:
    """``registrar``: 12 public institution, 52 private non-profit, 91 company, 92 sole trader.

    Public institutions keep their old numeric organization code; organizations registered
    since 2015 have codes starting with ``MA``.
    """
    if registrar == "12":
        body = f"{rng.randrange(10_000_000, 100_000_000)}"
    else:
        body = "MA" + "".join(rng.choices(USCC_ALPHABET, k=6))
    prefix = registrar + region + organization_code(body)
    return prefix + uscc_check_character(prefix)
