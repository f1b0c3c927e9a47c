"""The demo loader: a realistic, valid, deterministic city that never stores personal data in
the clear and is loaded only once."""

from __future__ import annotations

import random
import re
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, cast

import pytest
from sqlalchemy import Connection, Table, func, insert, inspect, select
from sqlalchemy.ext.asyncio import AsyncEngine
from stdnum.cn import ric, uscc

from core.crypto import Keyring, mask_id_number, mask_mobile
from core.db import Base, create_engine
from core.sealing import FieldSealer
from demo import AuthoritiesMissing, DemoAlreadyLoaded, DemoSummary, Scale, load_demo
from demo.geography import DISTRICT_BY_CODE, DISTRICTS, OTHER_PROVINCE_REGIONS
from demo.names import resident_id
from directory import validation
from directory.models import (
    Authority,
    AuthorityLevel,
    Institution,
    InstitutionLevel,
    InstitutionType,
    Person,
    Practitioner,
    Profession,
)
from registry.registrations.models import (
    Filing,
    Registration,
    RegistrationEvent,
    RegistrationStatus,
    RegistrationSubject,
)
from registry.workflow.models import RegistryCounter
from registry.workflow.numbering import format_number, parse_number

KEYRING = Keyring.from_master(b"medreg-demo-test-master-key-0123456789")
TODAY = date(2026, 11, 25)
PUDONG = "310115"

AUTHORITIES = [
    ("310000", "上海市卫生健康委员会", "Shanghai Municipal Health Commission"),
    ("310101", "黄浦区卫生健康委员会", "Huangpu District Health Commission"),
    ("310104", "徐汇区卫生健康委员会", "Xuhui District Health Commission"),
    ("310105", "长宁区卫生健康委员会", "Changning District Health Commission"),
    ("310106", "静安区卫生健康委员会", "Jing'an District Health Commission"),
    ("310107", "普陀区卫生健康委员会", "Putuo District Health Commission"),
    ("310109", "虹口区卫生健康委员会", "Hongkou District Health Commission"),
    ("310110", "杨浦区卫生健康委员会", "Yangpu District Health Commission"),
    ("310112", "闵行区卫生健康委员会", "Minhang District Health Commission"),
    ("310113", "宝山区卫生健康委员会", "Baoshan District Health Commission"),
    ("310114", "嘉定区卫生健康委员会", "Jiading District Health Commission"),
    ("310115", "浦东新区卫生健康委员会", "Pudong New Area Health Commission"),
    ("310116", "金山区卫生健康委员会", "Jinshan District Health Commission"),
    ("310117", "松江区卫生健康委员会", "Songjiang District Health Commission"),
    ("310118", "青浦区卫生健康委员会", "Qingpu District Health Commission"),
    ("310120", "奉贤区卫生健康委员会", "Fengxian District Health Commission"),
    ("310151", "崇明区卫生健康委员会", "Chongming District Health Commission"),
]


async def empty_registry(path: Path, *, authorities: bool = True) -> AsyncEngine:
    """A fresh SQLite database with the schema and, as the migration does, the authorities."""
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
        if authorities:
            await conn.execute(
                insert(Authority),
                [
                    {
                        "code": code,
                        "name_zh": zh,
                        "name_en": en,
                        "level": AuthorityLevel.MUNICIPAL
                        if code == "310000"
                        else AuthorityLevel.DISTRICT,
                        "parent_code": None if code == "310000" else "310000",
                    }
                    for code, zh, en in AUTHORITIES
                ],
            )
    return engine


async def rows(
    engine: AsyncEngine, model: type[Base], *, exclude: tuple[str, ...] = ()
) -> list[tuple[Any, ...]]:
    """Every column but ``exclude``, ordered by id: comparable across databases."""
    table = cast(Table, model.__table__)
    columns = [c for c in table.columns if c.name not in exclude]
    async with engine.connect() as conn:
        result = await conn.execute(select(*columns).order_by(table.c.id))
        return [tuple(r) for r in result]


async def table_counts(engine: AsyncEngine) -> dict[str, int]:
    async with engine.connect() as conn:
        return {
            model.__tablename__: int(
                await conn.scalar(select(func.count()).select_from(model)) or 0
            )
            for model in (
                Institution,
                Person,
                Practitioner,
                Registration,
                RegistrationEvent,
                Filing,
            )
        }


@dataclass
class Loaded:
    engine: AsyncEngine
    path: Path
    summary: DemoSummary
    progress: list[tuple[str, int, int]]


@pytest.fixture(scope="module")
async def small(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Loaded]:
    path = tmp_path_factory.mktemp("demo-small") / "d.db"
    engine = await empty_registry(path)
    progress: list[tuple[str, int, int]] = []
    summary = await load_demo(
        engine,
        KEYRING,
        seed=2026,
        scale=Scale.SMALL,
        today=TODAY,
        progress=lambda stage, done, total: progress.append((stage, done, total)),
    )
    yield Loaded(engine, path, summary, progress)
    await engine.dispose()


async def test_small_scale_loads_the_requested_sizes(small: Loaded) -> None:
    counts = await table_counts(small.engine)
    assert counts["institution"] == 200
    assert counts["person"] == counts["practitioner"] == 5_000
    assert counts["registration"] == 5_200  # one per practitioner and per institution
    assert {k: v for k, v in small.summary.rows.items() if k in counts} == counts
    async with small.engine.connect() as conn:
        by_profession = dict(
            (
                await conn.execute(
                    select(Practitioner.profession, func.count()).group_by(Practitioner.profession)
                )
            ).all()
        )
    assert by_profession == {Profession.DOCTOR: 2_200, Profession.NURSE: 2_800}
    assert sum(d.doctors for d in small.summary.districts.values()) == 2_200
    assert sum(d.nurses for d in small.summary.districts.values()) == 2_800
    assert small.summary.seconds > 0


async def test_progress_is_reported_per_batch_up_to_the_total(small: Loaded) -> None:
    stages = [stage for stage, _, _ in small.progress]
    assert stages.index("institutions") < stages.index("practitioners")
    for stage in ("institutions", "practitioners"):
        done = [d for s, d, _ in small.progress if s == stage]
        totals = {t for s, _, t in small.progress if s == stage}
        assert done == sorted(done)
        assert len(totals) == 1
        assert done[-1] == totals.pop()
    assert ("practitioners", 5_000, 5_000) in small.progress
    assert sum(1 for s, _, _ in small.progress if s == "practitioners") > 1  # per batch


async def test_identifiers_are_valid_and_sealed_as_the_service_seals_them(small: Loaded) -> None:
    async with small.engine.connect() as conn:
        persons = (await conn.execute(select(Person))).all()
        homes = dict(
            (
                await conn.execute(
                    select(Practitioner.person_id, Institution.district_code)
                    .join(Registration, Registration.practitioner_id == Practitioner.id)
                    .join(Institution, Institution.id == Registration.institution_id)
                )
            ).all()
        )
    local = 0
    for p in persons:
        number = KEYRING.decrypt(p.id_number_enc, table="person", column="id_number", row_id=p.id)
        mobile = KEYRING.decrypt(p.mobile_enc, table="person", column="mobile", row_id=p.id)
        checked = validation.resident_id(number)  # stdnum: length, date, region, check digit
        assert ric.is_valid(number)
        assert (checked.sex, checked.birth_date) == (p.sex, p.birth_date)
        assert 22 <= (TODAY - p.birth_date).days / 365.2425 < 66
        assert p.id_number_masked == mask_id_number(number)
        assert p.id_number_index == KEYRING.blind_index(number, purpose="person.id_number")
        assert validation.mobile(mobile) == mobile
        assert p.mobile_masked == mask_mobile(mobile)
        assert p.mobile_index == KEYRING.blind_index(mobile, purpose="person.mobile")
        assert 2 <= len(p.name) <= 4
        district = DISTRICT_BY_CODE[homes[p.id]]
        local += number[:6] in {r.code for r in district.id_regions}
    assert 0.6 < local / len(persons) < 0.8  # most were born where they work


async def test_the_workflow_numbers_after_the_demo(small: Loaded) -> None:
    async with small.engine.connect() as conn:
        numbers = (await conn.execute(select(Registration.number))).scalars().all()
        counters = {
            (c.scope, c.year): c.last for c in (await conn.execute(select(RegistryCounter))).all()
        }
    highest: dict[tuple[str, int], int] = {}
    for number in numbers:
        parts = parse_number(number)
        assert parts is not None, number
        key = (parts.scope, parts.year)
        highest[key] = max(highest.get(key, 0), parts.serial)
    assert counters == highest


async def test_institution_identifiers_are_valid_and_unique(small: Loaded) -> None:
    async with small.engine.connect() as conn:
        institutions = (await conn.execute(select(Institution))).all()
    assert all(uscc.is_valid(i.uscc) for i in institutions)
    assert all(i.uscc[2:8] == i.district_code for i in institutions)
    assert len({i.name for i in institutions}) == len(institutions)
    assert len({i.licence_number for i in institutions}) == len(institutions)
    for i in institutions:
        contact = KEYRING.decrypt(
            i.contact_mobile_enc, table="institution", column="contact_mobile", row_id=i.id
        )
        assert validation.mobile(contact) == contact
        assert i.contact_mobile_masked == mask_mobile(contact)
        assert i.subjects
        assert i.address.startswith("上海市")


async def test_institutions_follow_the_registration_rules(small: Loaded) -> None:
    async with small.engine.connect() as conn:
        institutions = (await conn.execute(select(Institution))).all()
        own = {
            r.institution_id: r
            for r in (
                await conn.execute(
                    select(Registration).where(
                        Registration.subject == RegistrationSubject.INSTITUTION
                    )
                )
            ).all()
        }
    kinds = Counter(i.type for i in institutions)
    assert kinds[InstitutionType.CLINIC] > kinds[InstitutionType.COMMUNITY_HEALTH_CENTRE]
    assert kinds[InstitutionType.COMMUNITY_HEALTH_CENTRE] > kinds[InstitutionType.GENERAL_HOSPITAL]
    hospitals = {
        InstitutionType.GENERAL_HOSPITAL,
        InstitutionType.SPECIALIST_HOSPITAL,
        InstitutionType.TCM_HOSPITAL,
    }
    for i in institutions:
        tertiary = i.level == InstitutionLevel.TERTIARY
        assert i.authority_code == ("310000" if tertiary else i.district_code)
        if i.type == InstitutionType.CLINIC:
            assert i.beds == 0
        if i.type in hospitals:
            assert 100 <= i.beds <= 2000
        period = 365 if i.beds < 100 else 3 * 365
        assert (
            TODAY - timedelta(days=period + 1)
            <= i.validated_until
            <= TODAY + timedelta(days=period + 1)
        )
        registration = own[i.id]
        assert registration.number == i.licence_number
        assert registration.number.startswith(f"JG{i.authority_code}-")
        assert format_number(**vars(parse_number(registration.number))) == registration.number
        assert registration.authority_code == i.authority_code
        assert registration.valid_until == i.validated_until
        # The licence runs from the last validation, not from the first registration.
        assert registration.valid_from >= i.validated_until - timedelta(days=3 * 366)
    assert sum(i.validated_until > TODAY for i in institutions) > 0.9 * len(institutions)
    per_district = Counter((i.district_code, i.type) for i in institutions)
    for district in DISTRICTS:
        assert per_district[(district.code, InstitutionType.CDC)] == 1
        assert per_district[(district.code, InstitutionType.MATERNAL_CHILD_HEALTH)] == 1


async def test_spread_over_all_districts_with_pudong_largest(small: Loaded) -> None:
    districts = small.summary.districts
    assert set(districts) == {d.code for d in DISTRICTS}
    for measure in ("institutions", "doctors", "nurses"):
        sizes = {code: getattr(d, measure) for code, d in districts.items()}
        assert min(sizes.values()) > 0, measure
        assert max(sizes, key=sizes.__getitem__) == PUDONG, measure
    async with small.engine.connect() as conn:
        in_db = dict(
            (
                await conn.execute(
                    select(Institution.district_code, func.count()).group_by(
                        Institution.district_code
                    )
                )
            ).all()
        )
    assert in_db == {code: d.institutions for code, d in districts.items()}


async def test_practitioner_registrations(small: Loaded) -> None:
    async with small.engine.connect() as conn:
        regs = (
            await conn.execute(
                select(
                    Registration,
                    Practitioner.profession,
                    Practitioner.category.label("practitioner_category"),
                    Institution.authority_code.label("inst_authority"),
                    Institution.created_at.label("licensed_at"),
                )
                .join(Practitioner, Practitioner.id == Registration.practitioner_id)
                .join(Institution, Institution.id == Registration.institution_id)
            )
        ).all()
        events = Counter((await conn.scalars(select(RegistrationEvent.registration_id))).all())
        created = set(
            (
                await conn.scalars(
                    select(RegistrationEvent.registration_id).where(
                        RegistrationEvent.action == "CREATED", RegistrationEvent.version == 1
                    )
                )
            ).all()
        )
        filings = (await conn.execute(select(Filing.registration_id, Filing.institution_id))).all()
    assert len({r.practitioner_id for r in regs}) == len(regs) == 5_000
    assert len({r.number for r in regs}) == len(regs)
    nurses = [r for r in regs if r.profession == Profession.NURSE]
    doctors = [r for r in regs if r.profession == Profession.DOCTOR]
    for r in regs:
        parts = parse_number(r.number)
        assert parts is not None
        assert format_number(parts.scope, parts.year, parts.serial) == r.number  # one form
        assert r.authority_code == r.inst_authority
        assert r.id in created
        assert events[r.id] == r.version
    for r in doctors:
        assert r.status == RegistrationStatus.ACTIVE
        assert r.number.startswith("YS")
        assert r.scope
        assert r.category is not None
        assert r.category == r.practitioner_category
        assert r.licensed_at.date() <= r.valid_from < TODAY
    for r in nurses:
        assert r.number.startswith("HS" + r.authority_code)
        assert r.valid_until == five_years_on(r.valid_from) - timedelta(days=1)
        assert r.status == (
            RegistrationStatus.EXPIRED if r.valid_until < TODAY else RegistrationStatus.ACTIVE
        )
    expiring = sum(TODAY <= r.valid_until <= TODAY + timedelta(days=90) for r in nurses)
    expired = sum(r.status == RegistrationStatus.EXPIRED for r in nurses)
    assert 0.04 < expiring / len(nurses) < 0.15
    assert 0.01 < expired / len(nurses) < 0.06
    primary = {r.id: r.institution_id for r in doctors}
    filed = Counter(registration for registration, _ in filings)
    assert set(filed) <= set(primary)
    assert max(filed.values()) <= 2
    assert 0.07 < len(filed) / len(doctors) < 0.13
    assert all(site != primary[registration] for registration, site in filings)


async def test_nothing_personal_is_stored_in_the_clear(small: Loaded) -> None:
    async with small.engine.connect() as conn:
        persons = (
            await conn.execute(select(Person.id, Person.id_number_enc, Person.mobile_enc))
        ).all()
        contacts = (
            await conn.execute(select(Institution.id, Institution.contact_mobile_enc))
        ).all()
        secrets = {
            KEYRING.decrypt(p.id_number_enc, table="person", column="id_number", row_id=p.id)
            for p in persons
        }
        secrets |= {
            KEYRING.decrypt(p.mobile_enc, table="person", column="mobile", row_id=p.id)
            for p in persons
        }
        secrets |= {
            KEYRING.decrypt(
                c.contact_mobile_enc, table="institution", column="contact_mobile", row_id=c.id
            )
            for c in contacts
        }
        existing = set(await conn.run_sync(_table_names))
        cells: list[str] = []
        for table in Base.metadata.sorted_tables:
            if table.name in existing:
                for row in await conn.execute(select(table)):
                    cells.extend(v.hex() if isinstance(v, bytes) else str(v) for v in row)
    assert len(secrets) >= 2 * len(persons)
    assert not _digit_windows(" ".join(cells)) & secrets
    await small.engine.dispose()  # checkpoint the WAL, then read the file itself
    raw = small.path.read_bytes().decode("latin-1")
    assert not _digit_windows(raw) & secrets


def _table_names(sync: Connection) -> list[str]:
    return inspect(sync).get_table_names()


def five_years_on(day: date) -> date:
    try:
        return day.replace(year=day.year + 5)
    except ValueError:  # 29 February: the anniversary is 1 March
        return date(day.year + 5, 3, 1)


def _digit_windows(text: str) -> set[str]:
    """Every run of 11 digits (a mobile) and of 17 digits plus a check character (an ID)."""
    mobiles = set(re.findall(r"(?=(\d{11}))", text))
    ids = set(re.findall(r"(?=(\d{17}[\dX]))", text))
    return mobiles | ids


async def test_same_seed_same_city_other_seed_other_city(tmp_path: Path) -> None:
    engines = [await empty_registry(tmp_path / f"{name}.db") for name in ("a", "b", "c")]
    try:
        for engine, seed in zip(engines, (7, 7, 8), strict=True):
            await load_demo(engine, KEYRING, seed=seed, scale=Scale.TINY, today=TODAY)
        sealed = ("contact_mobile_enc", "id_number_enc", "mobile_enc")
        models = (Institution, Person, Practitioner, Registration, RegistrationEvent, Filing)
        a, b, c = [[await rows(e, m, exclude=sealed) for m in models] for e in engines]
        assert a == b
        assert a[0]
        assert a[1]
        assert [r[3] for r in a[0]] != [r[3] for r in c[0]]  # names differ
        assert {r[0] for r in a[0]}.isdisjoint({r[0] for r in c[0]})  # and so do the ids
    finally:
        for engine in engines:
            await engine.dispose()


async def test_loading_twice_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    engine = await empty_registry(tmp_path / "twice.db")
    try:
        await load_demo(engine, KEYRING, seed=1, scale=Scale.TINY, today=TODAY)
        before = await table_counts(engine)
        with pytest.raises(DemoAlreadyLoaded):
            await load_demo(engine, KEYRING, seed=2, scale=Scale.TINY, today=TODAY)
        assert await table_counts(engine) == before
    finally:
        await engine.dispose()


async def test_refuses_before_the_authorities_exist(tmp_path: Path) -> None:
    engine = await empty_registry(tmp_path / "bare.db", authorities=False)
    try:
        with pytest.raises(AuthoritiesMissing) as raised:
            await load_demo(engine, KEYRING, scale=Scale.TINY, today=TODAY)
        assert "310000" in raised.value.missing
        assert PUDONG in raised.value.missing
        assert set((await table_counts(engine)).values()) == {0}
    finally:
        await engine.dispose()


def test_sealer_writes_what_the_keyring_reads() -> None:
    sealer = FieldSealer(KEYRING)
    row_id = uuid.uuid4()
    blob = sealer.encrypt("13812345678", table="person", column="mobile", row_id=row_id)
    assert KEYRING.decrypt(blob, table="person", column="mobile", row_id=row_id) == "13812345678"
    assert sealer.blind_index("x", purpose="p") == KEYRING.blind_index("x", purpose="p")
    assert sealer.blind_index("x", purpose="p") != sealer.blind_index("x", purpose="q")


@pytest.mark.parametrize("year", range(1955, 2011))
def test_region_codes_are_valid_for_every_birth_year(year: int) -> None:
    """Suburban districts were counties before they became districts: an ID issued to someone
    born then carries the old code, and stdnum checks the code against the birth year."""
    rng = random.Random(year)
    born = date(year, 6, 15)
    regions = [d.id_region(year) for d in DISTRICTS]
    regions += [r.code for r in OTHER_PROVINCE_REGIONS if r.valid_in(year)]
    for region in regions:
        assert ric.is_valid(resident_id(rng, region, born, female=bool(year % 2))), region
