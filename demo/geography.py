"""Shanghai's 16 districts as the demo data needs them: names, weights, towns, roads and the
resident-ID region codes that were in use when people of each age were born."""

from __future__ import annotations

from dataclasses import dataclass

MUNICIPAL_CODE = "310000"


@dataclass(frozen=True)
class RegionCode:
    """A GB/T 2260 county code and the years it was assigned (inclusive, open when None)."""

    code: str
    first_year: int | None = None
    last_year: int | None = None

    def valid_in(self, year: int) -> bool:
        return (self.first_year is None or self.first_year <= year) and (
            self.last_year is None or year <= self.last_year
        )


@dataclass(frozen=True)
class District:
    code: str
    name: str
    name_en: str
    weight: float
    """Share of the city's institutions (before the fixed CDC and MCH of every district)."""
    central: bool
    """Central districts hold most of the tertiary hospitals."""
    towns: tuple[str, ...]
    roads: tuple[str, ...]
    id_regions: tuple[RegionCode, ...]
    """Newest first: suburban districts were counties (3102xx) before they became districts."""

    def id_region(self, birth_year: int) -> str:
        for region in self.id_regions:
            if region.valid_in(birth_year):
                return region.code
        return self.id_regions[-1].code


def _suburb(code: str, since: int, county: str, old_county: str) -> tuple[RegionCode, ...]:
    return (
        RegionCode(code, since),
        RegionCode(county, 1982, since),
        RegionCode(old_county, None, 1982),
    )


def _district(
    code: str,
    name: str,
    name_en: str,
    weight: float,
    central: bool,
    towns: str,
    roads: str,
    id_regions: tuple[RegionCode, ...],
) -> District:
    return District(
        code, name, name_en, weight, central, tuple(towns.split()), tuple(roads.split()), id_regions
    )


DISTRICTS: tuple[District, ...] = (
    _district(
        "310101",
        "黄浦区",
        "Huangpu District",
        0.050,
        True,
        (
            "外滩街道 南京东路街道 半淞园路街道 小东门街道 豫园街道 "
            "老西门街道 五里桥街道 打浦桥街道 淮海中路街道 瑞金二路街道"
        ),
        ("西藏中路 河南中路 复兴东路 中山南路 陆家浜路 制造局路 建国东路 淮海中路"),
        (RegionCode("310101"),),
    ),
    _district(
        "310104",
        "徐汇区",
        "Xuhui District",
        0.060,
        True,
        (
            "天平路街道 湖南路街道 斜土路街道 枫林路街道 长桥街道 田林街道 "
            "虹梅路街道 康健新村街道 徐家汇街道 凌云路街道 龙华街道 华泾镇"
        ),
        ("漕溪北路 肇嘉浜路 宜山路 龙华中路 桂林路 田林路 钦州路 虹漕路"),
        (RegionCode("310104"),),
    ),
    _district(
        "310105",
        "长宁区",
        "Changning District",
        0.040,
        True,
        (
            "华阳路街道 江苏路街道 新华路街道 周家桥街道 天山路街道 "
            "仙霞新村街道 虹桥街道 程家桥街道 北新泾街道 新泾镇"
        ),
        ("延安西路 天山路 遵义路 仙霞路 金钟路 淞虹路 安顺路 中山西路"),
        (RegionCode("310105"),),
    ),
    _district(
        "310106",
        "静安区",
        "Jing'an District",
        0.060,
        True,
        (
            "江宁路街道 石门二路街道 南京西路街道 静安寺街道 曹家渡街道 "
            "天目西路街道 北站街道 宝山路街道 共和新路街道 大宁路街道 "
            "彭浦新村街道 临汾路街道 芷江西路街道 彭浦镇"
        ),
        ("共和新路 西康路 武定路 延长路 万荣路 广中路 平型关路 灵石路"),
        (RegionCode("310106"),),
    ),
    _district(
        "310107",
        "普陀区",
        "Putuo District",
        0.045,
        True,
        (
            "曹杨新村街道 长风新村街道 长寿路街道 甘泉路街道 石泉路街道 "
            "宜川路街道 万里街道 真如镇街道 长征镇 桃浦镇"
        ),
        ("枣阳路 中山北路 金沙江路 武宁路 同普路 真北路 兰溪路 志丹路"),
        (RegionCode("310107"),),
    ),
    _district(
        "310109",
        "虹口区",
        "Hongkou District",
        0.035,
        True,
        (
            "欧阳路街道 曲阳路街道 广中路街道 嘉兴路街道 凉城新村街道 "
            "四川北路街道 北外滩街道 江湾镇街道"
        ),
        ("四平路 大连西路 水电路 车站南路 新港路 虹口路 飞虹路 中州路"),
        (RegionCode("310109"),),
    ),
    _district(
        "310110",
        "杨浦区",
        "Yangpu District",
        0.045,
        True,
        (
            "定海路街道 平凉路街道 江浦路街道 四平路街道 控江路街道 "
            "长白新村街道 延吉新村街道 殷行街道 大桥街道 五角场街道 "
            "新江湾城街道 长海路街道"
        ),
        ("控江路 国和路 黄兴路 政立路 民星路 长阳路 隆昌路 淞沪路"),
        (RegionCode("310110"),),
    ),
    _district(
        "310112",
        "闵行区",
        "Minhang District",
        0.085,
        False,
        (
            "江川路街道 古美路街道 新虹街道 浦锦街道 莘庄镇 七宝镇 颛桥镇 "
            "华漕镇 虹桥镇 梅陇镇 吴泾镇 马桥镇 浦江镇"
        ),
        ("莘松路 沪闵路 七莘路 吴中路 漕宝路 都市路 银都路 顾戴路"),
        (RegionCode("310112", 1981), RegionCode("310201", None, 1982)),
    ),
    _district(
        "310113",
        "宝山区",
        "Baoshan District",
        0.065,
        False,
        (
            "友谊路街道 吴淞街道 张庙街道 罗店镇 大场镇 杨行镇 月浦镇 "
            "罗泾镇 顾村镇 高境镇 庙行镇 淞南镇"
        ),
        ("牡丹江路 友谊路 殷高西路 沪太路 共康路 泰和路 呼兰路 长江西路"),
        _suburb("310113", 1988, "310223", "310203"),
    ),
    _district(
        "310114",
        "嘉定区",
        "Jiading District",
        0.055,
        False,
        (
            "新成路街道 真新街道 菊园新区 嘉定镇街道 南翔镇 安亭镇 马陆镇 "
            "徐行镇 华亭镇 外冈镇 江桥镇"
        ),
        ("城中路 塔城路 博乐路 沪宜公路 曹安公路 清河路 墨玉南路 叶城路"),
        _suburb("310114", 1992, "310222", "310202"),
    ),
    _district(
        "310115",
        "浦东新区",
        "Pudong New Area",
        0.200,
        True,
        (
            "潍坊新村街道 陆家嘴街道 周家渡街道 塘桥街道 上钢新村街道 "
            "南码头路街道 沪东新村街道 金杨新村街道 洋泾街道 浦兴路街道 "
            "东明路街道 花木街道 川沙新镇 高桥镇 北蔡镇 合庆镇 唐镇 曹路镇 "
            "金桥镇 高行镇 高东镇 张江镇 三林镇 惠南镇 周浦镇 新场镇 "
            "大团镇 康桥镇 航头镇 祝桥镇 泥城镇 宣桥镇 书院镇 万祥镇 "
            "老港镇"
        ),
        (
            "张杨路 浦东南路 东方路 世纪大道 锦绣路 川沙路 沪南公路 "
            "杨高中路 金科路 浦建路 德州路 临沂路"
        ),
        _suburb("310115", 1992, "310224", "310204"),
    ),
    _district(
        "310116",
        "金山区",
        "Jinshan District",
        0.030,
        False,
        ("石化街道 朱泾镇 枫泾镇 张堰镇 亭林镇 吕巷镇 廊下镇 金山卫镇 漕泾镇 山阳镇"),
        ("卫零路 龙航路 蒙山路 朱枫公路 亭卫公路 板桥西路"),
        _suburb("310116", 1997, "310228", "310208"),
    ),
    _district(
        "310117",
        "松江区",
        "Songjiang District",
        0.065,
        False,
        (
            "岳阳街道 永丰街道 方松街道 中山街道 广富林街道 泗泾镇 佘山镇 "
            "车墩镇 新桥镇 洞泾镇 九亭镇 泖港镇 石湖荡镇 新浜镇 叶榭镇 "
            "小昆山镇"
        ),
        ("人民北路 中山中路 荣乐中路 松汇路 谷阳北路 九亭大街 泗通路 新松江路"),
        _suburb("310117", 1998, "310227", "310207"),
    ),
    _district(
        "310118",
        "青浦区",
        "Qingpu District",
        0.045,
        False,
        ("夏阳街道 盈浦街道 香花桥街道 朱家角镇 练塘镇 金泽镇 赵巷镇 徐泾镇 华新镇 重固镇 白鹤镇"),
        ("公园路 城中北路 华青南路 外青松公路 淀山湖大道 盈港东路"),
        _suburb("310118", 1999, "310229", "310209"),
    ),
    _district(
        "310120",
        "奉贤区",
        "Fengxian District",
        0.045,
        False,
        ("南桥镇 奉城镇 庄行镇 金汇镇 四团镇 青村镇 柘林镇 海湾镇 西渡街道 奉浦街道 金海街道"),
        ("南桥路 解放中路 沪杭公路 南奉公路 望园路 环城东路"),
        _suburb("310120", 2001, "310226", "310206"),
    ),
    _district(
        "310151",
        "崇明区",
        "Chongming District",
        0.030,
        False,
        ("城桥镇 堡镇 新河镇 庙镇 竖新镇 向化镇 三星镇 港沿镇 中兴镇 陈家镇 长兴镇 横沙乡"),
        ("八一路 南门路 北门路 人民路 崇明大道 东门路"),
        _suburb("310151", 2016, "310230", "310210"),
    ),
)

DISTRICT_BY_CODE: dict[str, District] = {d.code: d for d in DISTRICTS}

# Where Shanghai's health workers from other provinces were born: Jiangsu, Zhejiang, Anhui,
# Jiangxi, Fujian, Hunan, Sichuan, Beijing, Tianjin, Shaanxi, Gansu, Ningxia. The year ranges
# follow GB/T 2260 (Jiangsu's prefecture-level cities were reorganised in 1983).
OTHER_PROVINCE_REGIONS: tuple[RegionCode, ...] = (
    RegionCode("320102", 1983),
    RegionCode("320104", 1983),
    RegionCode("320106", 1983),
    RegionCode("320321", 1983),
    RegionCode("320322", 1983),
    RegionCode("320324", 1983),
    RegionCode("320481", 1990),
    RegionCode("320582", 1989),
    RegionCode("320583", 1989),
    RegionCode("330122"),
    RegionCode("330127"),
    RegionCode("340121"),
    RegionCode("340421"),
    RegionCode("340621"),
    RegionCode("350121"),
    RegionCode("360121"),
    RegionCode("430121"),
    RegionCode("430321"),
    RegionCode("510121"),
    RegionCode("510321"),
    RegionCode("110108"),
    RegionCode("120103"),
    RegionCode("610323"),
    RegionCode("620123"),
    RegionCode("640121"),
)
