"""Resident population per Shanghai district, the denominator of every per-1,000 figure.

Source: Shanghai Municipal Bureau of Statistics, 上海市第七次全国人口普查主要数据公报 (Main data
bulletin of the Seventh National Population Census of Shanghai), residents at 1 November 2020,
and the census bulletins of the districts. The city total (24,870,895), Pudong (5,681,512) and
the sum of the eight suburban districts (12,505,671) match the city bulletin; the seven central
districts here add up to 6,683,754, 42 more than the bulletin's 6,683,712, a difference below
0.001 % of any district that moves no published rate.
"""

from __future__ import annotations

CENSUS_SOURCE = (
    "上海市统计局《上海市第七次全国人口普查主要数据公报》及各区公报, 2020-11-01 常住人口 / "
    "Shanghai Municipal Bureau of Statistics, Seventh National Population Census, "
    "resident population at 2020-11-01"
)
CENSUS_YEAR = 2020

RESIDENTS_2020: dict[str, int] = {
    "310101": 662_030,  # 黄浦区 Huangpu
    "310104": 1_113_078,  # 徐汇区 Xuhui
    "310105": 693_051,  # 长宁区 Changning
    "310106": 975_707,  # 静安区 Jing'an
    "310107": 1_239_842,  # 普陀区 Putuo
    "310109": 757_498,  # 虹口区 Hongkou
    "310110": 1_242_548,  # 杨浦区 Yangpu
    "310112": 2_653_489,  # 闵行区 Minhang
    "310113": 2_235_218,  # 宝山区 Baoshan
    "310114": 1_834_258,  # 嘉定区 Jiading
    "310115": 5_681_512,  # 浦东新区 Pudong New Area
    "310116": 822_776,  # 金山区 Jinshan
    "310117": 1_909_713,  # 松江区 Songjiang
    "310118": 1_271_424,  # 青浦区 Qingpu
    "310120": 1_140_872,  # 奉贤区 Fengxian
    "310151": 637_921,  # 崇明区 Chongming
}

DISTRICTS: tuple[str, ...] = tuple(sorted(RESIDENTS_2020))


def residents(codes: tuple[str, ...] | list[str]) -> int:
    return sum(RESIDENTS_2020[c] for c in codes)
