"""Builders of licence data and the development PKI for the certificates tests."""

from __future__ import annotations

import itertools
import shutil
from datetime import UTC, date, datetime

import pytest

from certificates.pki import AuthorityInfo
from certificates.values import LicenceContent, LicenceData, LicenceKind, LicenceRequest

AUTHORITIES = [
    AuthorityInfo("310000", "上海市卫生健康委员会", "Shanghai Municipal Health Commission"),
    AuthorityInfo("310101", "上海市黄浦区卫生健康委员会", "Huangpu District Health Commission"),
    AuthorityInfo("310104", "上海市徐汇区卫生健康委员会", "Xuhui District Health Commission"),
    AuthorityInfo("310105", "上海市长宁区卫生健康委员会", "Changning District Health Commission"),
    AuthorityInfo("310106", "上海市静安区卫生健康委员会", "Jing'an District Health Commission"),
    AuthorityInfo("310107", "上海市普陀区卫生健康委员会", "Putuo District Health Commission"),
    AuthorityInfo("310109", "上海市虹口区卫生健康委员会", "Hongkou District Health Commission"),
    AuthorityInfo("310110", "上海市杨浦区卫生健康委员会", "Yangpu District Health Commission"),
    AuthorityInfo("310112", "上海市闵行区卫生健康委员会", "Minhang District Health Commission"),
    AuthorityInfo("310113", "上海市宝山区卫生健康委员会", "Baoshan District Health Commission"),
    AuthorityInfo("310114", "上海市嘉定区卫生健康委员会", "Jiading District Health Commission"),
    AuthorityInfo("310115", "上海市浦东新区卫生健康委员会", "Pudong New Area Health Commission"),
    AuthorityInfo("310116", "上海市金山区卫生健康委员会", "Jinshan District Health Commission"),
    AuthorityInfo("310117", "上海市松江区卫生健康委员会", "Songjiang District Health Commission"),
    AuthorityInfo("310118", "上海市青浦区卫生健康委员会", "Qingpu District Health Commission"),
    AuthorityInfo("310120", "上海市奉贤区卫生健康委员会", "Fengxian District Health Commission"),
    AuthorityInfo("310151", "上海市崇明区卫生健康委员会", "Chongming District Health Commission"),
]
_NAMES = {a.code: a for a in AUTHORITIES}
_serial = itertools.count(1)

HOLDERS = {
    LicenceKind.NURSE_PRACTICE: ("张伟华", "ZHANG Weihua"),
    LicenceKind.PHYSICIAN_PRACTICE: ("欧阳明堃", "OUYANG Mingkun"),
    LicenceKind.INSTITUTION_PRACTICE: (
        "上海市浦东新区周家渡社区卫生服务中心",
        "Zhoujiadu Community Health Centre, Pudong",
    ),
}


def content(
    kind: LicenceKind = LicenceKind.NURSE_PRACTICE,
    *,
    number: str | None = None,
    authority: str = "310115",
    holder_name: str | None = None,
    valid_from: date = date(2026, 11, 25),
    valid_until: date | None = date(2031, 11, 24),
) -> LicenceContent:
    """What a completed application would ask to print, for each kind of licence."""
    name_zh, name_en = HOLDERS[kind]
    prefix = {"NURSE_PRACTICE": "HS", "PHYSICIAN_PRACTICE": "YS", "INSTITUTION_PRACTICE": "JG"}
    authority_info = _NAMES[authority]
    common = {
        "number": number or f"{prefix[kind.value]}{authority}-2026-{next(_serial):06d}",
        "kind": kind,
        "holder_name": holder_name or name_zh,
        "holder_name_en": name_en,
        "valid_from": valid_from,
        "valid_until": valid_until,
        "authority_code": authority,
        "authority_name_zh": authority_info.name_zh,
        "authority_name_en": authority_info.name_en,
    }
    if kind is LicenceKind.PHYSICIAN_PRACTICE:
        return LicenceContent(
            **common,
            category="CLINICAL",
            scope="内科专业",
            institution_name="上海市浦东新区人民医院",
        )
    if kind is LicenceKind.INSTITUTION_PRACTICE:
        return LicenceContent(
            **common,
            institution_type="COMMUNITY_HEALTH_CENTRE",
            subjects=("预防保健科", "全科医疗科", "内科", "外科", "妇产科", "儿科", "口腔科"),
            address="上海市浦东新区云莲路 100 号",
            legal_representative="李建国",
        )
    return LicenceContent(**common, institution_name="复旦大学附属中山医院")


def licence_data(kind: LicenceKind = LicenceKind.NURSE_PRACTICE, **kwargs: object) -> LicenceData:
    return LicenceData.of(
        content(kind, **kwargs),  # type: ignore[arg-type]
        version=1,
        issued_at=datetime.now(UTC),
    )


def request(
    kind: LicenceKind = LicenceKind.NURSE_PRACTICE,
    *,
    holder_ref: str = "registration-1",
    registration_version: int = 1,
    **kwargs: object,
) -> LicenceRequest:
    return LicenceRequest(holder_ref, registration_version, content(kind, **kwargs))  # type: ignore[arg-type]


def require_tool(name: str, package: str) -> str:
    """The path of an external program; a missing one fails the test (never a skip)."""
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"`{name}` is not installed; install the Debian package {package}")
    return path
