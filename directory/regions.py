"""Shanghai's districts (GB/T 2260), named as a practice place is printed: ``上海市浦东新区``."""

from __future__ import annotations

CITY = ("上海市", "Shanghai")

DISTRICTS: dict[str, tuple[str, str]] = {
    "310101": ("黄浦区", "Huangpu District"),
    "310104": ("徐汇区", "Xuhui District"),
    "310105": ("长宁区", "Changning District"),
    "310106": ("静安区", "Jing'an District"),
    "310107": ("普陀区", "Putuo District"),
    "310109": ("虹口区", "Hongkou District"),
    "310110": ("杨浦区", "Yangpu District"),
    "310112": ("闵行区", "Minhang District"),
    "310113": ("宝山区", "Baoshan District"),
    "310114": ("嘉定区", "Jiading District"),
    "310115": ("浦东新区", "Pudong New Area"),
    "310116": ("金山区", "Jinshan District"),
    "310117": ("松江区", "Songjiang District"),
    "310118": ("青浦区", "Qingpu District"),
    "310120": ("奉贤区", "Fengxian District"),
    "310151": ("崇明区", "Chongming District"),
}


def place_of(district_code: str) -> tuple[str, str] | None:
    """``310115`` → ``("上海市浦东新区", "Pudong New Area, Shanghai")``; ``None`` for a code
    that is not one of the city's districts."""
    district = DISTRICTS.get(district_code)
    if district is None:
        return None
    return CITY[0] + district[0], f"{district[1]}, {CITY[1]}"
