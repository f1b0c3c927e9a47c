"""The public data the browser tests look at: institutions across districts and types."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncEngine

from core.audit import SYSTEM
from core.clock import Clock
from core.crypto import Keyring
from core.db import session_factory
from core.uow import unit_of_work
from directory import service
from directory.models import InstitutionLevel, InstitutionType
from tests.factories import mobile, social_credit_code

# district, type, level, beds, name, address
_TABLE = """
310115 GENERAL_HOSPITAL TERTIARY 1200 上海市浦东新区人民医院 川沙新镇川环南路490号
310115 GENERAL_HOSPITAL TERTIARY 900 上海市浦东新区公利医院 苗圃路219号
310115 GENERAL_HOSPITAL SECONDARY 600 上海市浦东新区周浦医院 周浦镇周园路1500号
310115 TCM_HOSPITAL SECONDARY 300 上海市浦东新区中医医院 浦东南路2745号
310115 MATERNAL_CHILD_HEALTH SECONDARY 150 上海市浦东新区妇幼保健院 东明路3188号
310115 CDC UNGRADED 0 上海市浦东新区疾病预防控制中心 合崴路3039号
310115 COMMUNITY_HEALTH_CENTRE PRIMARY 60 浦东新区潍坊社区卫生服务中心 潍坊路480号
310115 COMMUNITY_HEALTH_CENTRE PRIMARY 40 浦东新区陆家嘴社区卫生服务中心 崂山路638号
310115 COMMUNITY_HEALTH_CENTRE PRIMARY 50 浦东新区花木社区卫生服务中心 梅花路1050号
310115 COMMUNITY_HEALTH_CENTRE PRIMARY 45 浦东新区金杨社区卫生服务中心 金杨路745号
310115 COMMUNITY_HEALTH_CENTRE PRIMARY 55 浦东新区张江社区卫生服务中心 张江路1000号
310115 CLINIC UNGRADED 0 上海浦东仁济口腔诊所 世纪大道1500号
310115 NURSING_HOME UNGRADED 120 浦东新区老港护理院 老港镇中港路88号
310106 GENERAL_HOSPITAL TERTIARY 1800 上海市第一人民医院 武进路85号
310106 GENERAL_HOSPITAL SECONDARY 500 上海市静安区中心医院 西康路259号
310106 COMMUNITY_HEALTH_CENTRE PRIMARY 30 静安区江宁路街道社区卫生服务中心 江宁路1157号
310104 GENERAL_HOSPITAL SECONDARY 700 上海市徐汇区中心医院 淮海中路966号
310104 GENERAL_HOSPITAL SECONDARY 450 上海市徐汇区大华医院 老沪闵路901号
310104 COMMUNITY_HEALTH_CENTRE PRIMARY 35 徐汇区枫林街道社区卫生服务中心 医学院路88号
310104 SPECIALIST_HOSPITAL TERTIARY 1500 上海市精神卫生中心 宛平南路600号
310101 GENERAL_HOSPITAL SECONDARY 400 上海市黄浦区中心医院 四川中路109号
310101 COMMUNITY_HEALTH_CENTRE PRIMARY 25 黄浦区外滩街道社区卫生服务中心 福州路155号
310112 GENERAL_HOSPITAL TERTIARY 1000 上海市闵行区中心医院 莘松路170号
310112 COMMUNITY_HEALTH_CENTRE PRIMARY 50 闵行区莘庄社区卫生服务中心 莘凌路211号
310113 TCM_HOSPITAL SECONDARY 350 上海市宝山区中西医结合医院 友谊路181号
310151 MATERNAL_CHILD_HEALTH UNGRADED 20 上海市崇明区妇幼保健所 城桥镇八一路25号
"""
_ENGLISH = {
    "上海市浦东新区人民医院": "Pudong New Area People's Hospital",
    "上海市浦东新区公利医院": "Gongli Hospital",
    "上海市浦东新区中医医院": "Pudong Hospital of TCM",
    "上海市浦东新区疾病预防控制中心": "Pudong CDC",
    "上海市第一人民医院": "Shanghai General Hospital",
    "上海市徐汇区中心医院": "Xuhui Central Hospital",
    "上海市精神卫生中心": "Shanghai Mental Health Center",
    "上海市闵行区中心医院": "Minhang Hospital",
}


@dataclass(frozen=True)
class Seeded:
    name: str
    name_en: str | None
    type: InstitutionType
    level: InstitutionLevel
    beds: int
    district: str
    address: str


def _parse(table: str) -> list[Seeded]:
    rows = []
    for line in table.strip().splitlines():
        district, kind, level, beds, name, address = line.split()
        rows.append(
            Seeded(
                name=name,
                name_en=_ENGLISH.get(name),
                type=InstitutionType[kind],
                level=InstitutionLevel[level],
                beds=int(beds),
                district=district,
                address=address,
            )
        )
    return rows


INSTITUTIONS = _parse(_TABLE)
PUDONG = "310115"
PUDONG_COUNT = sum(1 for row in INSTITUTIONS if row.district == PUDONG)


async def seed_directory(engine: AsyncEngine, keyring: Keyring) -> None:
    factory = session_factory(engine, keyring=keyring, clock=Clock())
    async with unit_of_work(factory) as session:
        for n, row in enumerate(INSTITUTIONS, 1):
            await service.create_institution(
                session,
                SYSTEM,
                service.InstitutionInput(
                    uscc=social_credit_code(900_000 + n),
                    licence_number=f"PDY{row.district}{n:06d}",
                    name=row.name,
                    name_en=row.name_en,
                    type=row.type,
                    level=row.level,
                    beds=row.beds,
                    district_code=row.district,
                    authority_code=row.district,
                    address=row.address,
                    subjects=["内科", "外科", "妇产科", "儿科"]
                    if row.beds >= 300
                    else ["全科医疗科"],
                    contact_name="王联系",
                    contact_mobile=mobile(900_000 + n),
                    validated_until=date(2027, 3, 31),
                ),
            )
