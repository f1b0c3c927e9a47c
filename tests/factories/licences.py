"""Licence builders: what a completed application asks to print (``content``,
``licence_data``, ``request``) for the 17 authorities, the development PKI in a data
directory and settings that point at it, signing what is pending as the worker does, licence
rows, a nurse with a signed licence made through the workflow, signed samples and how poppler
reads their signatures.

Fixtures: ``licence_home`` (a data directory with a development PKI, made once per run),
``licence_pki``, ``licence_sample`` (a licence signed with it, once per run) and
``hostile_pdfs`` (``tests.factories.hostile_pdfs`` built once per run)."""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from joserfc import jws
from joserfc.jwk import ECKey
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import undefer
from starlette.applications import Starlette

from access.actor import Actor
from api.settings import Settings
from api.worker import Background
from certificates import jobs
from certificates.models import Licence
from certificates.pki import AuthorityInfo, Pki, init_pki, load_pki
from certificates.render import render_licence
from certificates.runtime import LicenceRuntime
from certificates.signing import sign_licence
from certificates.tokens import issue_token, key_id
from certificates.values import LicenceContent, LicenceData, LicenceKind, LicenceRequest
from directory.models import Person, Practitioner, Profession
from registry.catalogue.models import ItemCode
from registry.registrations.models import Registration
from tests.factories import hostile_pdfs as hostile
from tests.factories.database import database_url
from tests.factories.workflow import City

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
    personal: dict[str, Any] = {
        "sex": "FEMALE" if kind is LicenceKind.NURSE_PRACTICE else "MALE",
        "birth_year": 1986,
        "id_number_masked": "3101**********7442",
        "practice_place": "上海市浦东新区",
        "practice_place_en": "Pudong New Area, Shanghai",
    }
    if kind is LicenceKind.PHYSICIAN_PRACTICE:
        return LicenceContent(
            **common,
            **personal,
            category="CLINICAL",
            scope="内科专业",
            qualification_number="201831310115000123",
            institution_name="上海市浦东新区人民医院",
            institution_name_en="Pudong New Area People's Hospital",
        )
    if kind is LicenceKind.INSTITUTION_PRACTICE:
        return LicenceContent(
            **common,
            institution_type="COMMUNITY_HEALTH_CENTRE",
            subjects=("预防保健科", "全科医疗科", "内科", "外科", "妇产科", "儿科", "口腔科"),
            address="上海市浦东新区云莲路 100 号",
            legal_representative="李建国",
        )
    return LicenceContent(
        **common,
        **personal,
        institution_name="复旦大学附属中山医院",
        institution_name_en="Zhongshan Hospital, Fudan University",
    )


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


def token_printed_before(data: LicenceData, pki: Pki) -> str:
    """A token as licences printed before the short form carry it: a full compact JWS."""
    kid = key_id(data.authority_code, pki.authority_key(data.authority_code).public_key())
    claims = {
        "n": data.number,
        "v": data.version,
        "h": data.holder_name,
        "k": data.kind.value,
        "u": data.valid_until.isoformat() if data.valid_until else None,
        "i": data.authority_code,
        "iat": int(data.issued_at.timestamp()),
    }
    payload = json.dumps(claims, ensure_ascii=False, separators=(",", ":")).encode()
    key = ECKey.import_key(pki.authority_key(data.authority_code))
    return jws.serialize_compact({"alg": "ES256", "kid": kid}, payload, key, ["ES256"])


def require_tool(name: str, package: str) -> str:
    """The path of an external program; a missing one fails the test (never a skip)."""
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"`{name}` is not installed; install the Debian package {package}")
    return path


@dataclass(frozen=True)
class SignedSample:
    """A licence as signed and printed: its data, QR token, verification URL and PDF."""

    data: LicenceData
    token: str
    url: str
    pdf: bytes


def pdfsig(pdf: bytes, nss_dir: Path, tmp_path: Path) -> str:
    """What poppler's ``pdfsig`` reports on ``pdf``, trusting the CAs in ``nss_dir``."""
    tool = require_tool("pdfsig", "poppler-utils")
    path = tmp_path / "signed.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        [tool, "-nssdir", f"sql:{nss_dir}", path], capture_output=True, check=False
    )
    return result.stdout.decode()


def first_signature_block(report: str) -> str:
    return report.split("Signature #2:")[0]


PUBLIC_URL = "https://testserver"


def licence_settings(home: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "environment": "development",
        "database_url": database_url(),
        "data_dir": home,
        "master_key": None,
        "web_dist": home / "no-web",
        "public_url": PUBLIC_URL,
        "licence_lookup_limits": "3/minute",
        **overrides,
    }
    return Settings(**values)


@pytest.fixture(scope="session")
def licence_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory holding a development PKI for the 17 authorities."""
    home = tmp_path_factory.mktemp("licence-home")
    init_pki(licence_settings(home).signing_config(), AUTHORITIES, now=datetime.now(UTC))
    return home


@pytest.fixture
def licence_pki(licence_home: Path) -> Pki:
    return load_pki(licence_settings(licence_home).signing_config())


@pytest.fixture(scope="session")
async def licence_sample(licence_home: Path) -> SignedSample:
    """A nurse's licence signed with the PKI of ``licence_home``."""
    config = licence_settings(licence_home).signing_config()
    pki = load_pki(config)
    data = licence_data()
    token = issue_token(data, pki)
    url = config.verify_url(token)
    pdf = await sign_licence(render_licence(data, url, config), data.authority_code, pki, config)
    return SignedSample(data, token, url, pdf)


@pytest.fixture(scope="session")
def hostile_pdfs(licence_sample: SignedSample) -> dict[str, bytes]:
    """The hostile uploads by name, built once per run (about 30 MB in all)."""
    return {
        "many-objects": hostile.many_objects(licence_sample.pdf),
        "garbage": hostile.garbage(),
        "nested": hostile.nested(),
        "truncated": hostile.truncated(licence_sample.pdf),
        "garbage-with-trailer": hostile.garbage_with_trailer(),
    }


def runtime_of(app: Starlette) -> LicenceRuntime:
    runtime: LicenceRuntime = app.state.services.licences
    return runtime


def background(sessions: async_sessionmaker[AsyncSession], app: Starlette) -> Background:
    """The job handlers over the test's sessions, as a worker would run them."""
    services = app.state.services
    return Background(sessions, runtime_of(app), services.identity.channel, services.clock)


async def sign_all(sessions: async_sessionmaker[AsyncSession], app: Starlette) -> int:
    """What the worker does after the commit: run the signing job of every licence that
    waits for one, most urgent first."""
    handlers = background(sessions, app)
    async with sessions() as session:
        waiting = await jobs.waiting(session, limit=100_000)
    signed = 0
    for licence_id, _priority in waiting:
        signed += await handlers.sign_licence(str(licence_id))
    return signed


async def licence_rows(session: AsyncSession, number: str) -> list[Licence]:
    stmt = (
        select(Licence)
        .where(Licence.number == number)
        .order_by(Licence.version)
        .options(undefer(Licence.pdf))
        .execution_options(populate_existing=True)
    )
    return list((await session.scalars(stmt)).all())


@dataclass(frozen=True)
class Issued:
    person: Person
    actor: Actor
    number: str
    licence: Licence

    @property
    def token(self) -> str:
        assert self.licence.token is not None
        return self.licence.token


async def issue_nurse_licence(
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    app: Starlette,
    city: City,
    actors: dict[str, Actor],
    key: str,
    name: str,
) -> Issued:
    """Register ``name`` as a nurse at city.pudong, sign the licence; ``actors[key]`` is the
    nurse."""
    person, applicant = await city.person(name)
    actors[key] = applicant
    city.certify(person, city.pudong, Profession.NURSE)
    form = {"institutionId": str(city.pudong.id), "qualificationNumber": "Q", "education": "本科"}
    await city.through(await city.apply(applicant, ItemCode.NURSE_FIRST_REGISTRATION, form))
    await session.commit()
    number = await session.scalar(
        select(Registration.number)
        .join(Practitioner, Registration.practitioner_id == Practitioner.id)
        .where(Practitioner.person_id == person.id)
    )
    assert number is not None
    await sign_all(sessions, app)
    (licence,) = await licence_rows(session, number)
    return Issued(person, applicant, number, licence)
