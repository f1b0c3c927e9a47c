"""Rollout supervision (``rolloutSupervision``): how far each district and institution has
moved online — activated accounts, certification by institutions, online submissions,
decisions without paper, working days to a decision, overdue work, returns and refusals,
licences issued — with a ranking of districts and the institutions lagging behind."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from datetime import date

from sqlalchemy import and_, case, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from access.actor import Actor
from access.permissions import Permission
from access.scope import MUNICIPAL
from certificates.statistics import verifications_between
from core.clock import SHANGHAI, clock_of
from directory.models import Institution
from registry.statistics import census, cubes, suppression
from registry.statistics.history import end_of, start_of
from registry.statistics.models import AdoptionSnapshot, LicencesIssuedDay, WorkingDay
from registry.statistics.scope import (
    EARLIEST,
    Area,
    area_for,
    audit_read,
    check_as_of,
    check_period,
)
from registry.statistics.sqlfuncs import percentiles, shanghai_date, without_jit
from registry.statistics.summary import ensure_built, first_day, snapshot_day, summary_note
from registry.statistics.suppression import Key
from registry.statistics.tables import (
    Report,
    Row,
    Spec,
    Table,
    Value,
    linked_tables,
    named,
    rate,
)
from registry.workflow.models import Application, ApplicationEvent, ApplicationStatus

LAGGING = 20
"""How many institutions the lagging list shows."""
APPROVED = (ApplicationStatus.AWAITING_PAPER, ApplicationStatus.COMPLETED)
REFUSED = (ApplicationStatus.REJECTED, ApplicationStatus.NOT_ACCEPTED)
APPLICATION_MEASURES = (
    "submittedOnline",
    "submittedCounter",
    "decided",
    "approved",
    "approvedWithoutPaper",
    "refused",
    "returned",
    "overdueNow",
)
Counts = dict[Key, dict[str, int]]


async def rollout_supervision(
    session: AsyncSession, actor: Actor, authority: str, start: date, end: date
) -> Report:
    area = area_for(actor, authority, Permission.REGISTRY_SUPERVISION_READ)
    check_period(start, end)
    today = clock_of(session).now().astimezone(SHANGHAI).date()
    check_as_of(start, today, None, "from")
    check_as_of(end, today, None, "to")
    await ensure_built(session, end)
    first = await first_day(session) or EARLIEST
    check_as_of(start, today, first, "from")
    check_as_of(end, today, first, "to")
    report = await build_supervision(session, area, start, end, today)
    period = {"from": start.isoformat(), "to": end.isoformat()}
    await audit_read(session, actor, "supervision", area, period)
    return report


async def build_supervision(
    session: AsyncSession, area: Area, start: date, end: date, today: date
) -> Report:
    """Counts the whole city and suppresses over it, then shows ``area``'s rows: a district's
    read hides exactly what the city's read hides in that district."""
    await without_jit(session)
    city_area = Area(MUNICIPAL, census.DISTRICTS)
    adoption = await _adoption(session, end)
    apps = await _applications(session, city_area, start, end, today)
    days_district = await _working_days(session, area, start, end, ("district",))
    days_item = await _working_days(session, area, start, end, ("item",))
    days_city = await _working_days(session, area, start, end, ())
    licences = await _licences(session, start, end)
    verifications = await _verifications(session, area, start, end)
    district_counts: Counts = {(d,): defaultdict(int) for d in census.DISTRICTS}
    for (district, _inst, _name), measures in adoption.items():
        for k, n in measures.items():
            district_counts[(district,)][k] += n
    item_counts: Counts = defaultdict(lambda: defaultdict(int))
    for (district, item), measures in apps.items():
        for k, n in measures.items():
            district_counts[(district,)][k] += n
            item_counts[(district, item)][k] += n
            item_counts[(MUNICIPAL, item)][k] += n
    for district, n in licences.items():
        if district in census.RESIDENTS_2020:
            district_counts[(district,)]["licencesIssued"] += n
    city: dict[str, int] = defaultdict(int)
    for measures in list(district_counts.values()):
        for k, n in measures.items():
            city[k] += n
    district_counts[(MUNICIPAL,)] = city
    days_by_district = {k[0]: v for k, v in days_district.items()}
    if area.is_city and () in days_city:
        days_by_district[MUNICIPAL] = days_city[()]
    # The items of the area: the city's totals, or the district's own row of each item.
    own = MUNICIPAL if area.is_city else area.authority
    districts, items = linked_tables(
        (
            _shares("supervisionDistricts", ("district",), district_counts),
            _shares(
                "supervisionItems",
                ("district", "item"),
                item_counts,
                dimensions=("item",),
                shown=lambda key: key[0] == own,
                shown_key=lambda key: key[1:],
            ),
        ),
        area.shows,
        ("measure",),
    )
    districts = _with_days(_ranked(area, districts), days_by_district)
    items = _with_days(items, {k[0]: v for k, v in days_item.items()})
    lagging = _lagging({k: v for k, v in adoption.items() if k[0] in area.districts})
    return Report(
        kind="SUPERVISION",
        authority=area.authority,
        as_of=end,
        period_from=start,
        period_to=end,
        generated_at=clock_of(session).now(),
        tables=(districts, items, lagging, verifications),
        notes={
            **await summary_note(session),
            "suppression": suppression.RULE,
            "suppressionZh": suppression.RULE_ZH,
        },
    )


async def _adoption(session: AsyncSession, day: date) -> dict[Key, dict[str, int]]:
    """(district, institution id, name) → practitioners in force on ``day``, how many of
    them activated an account, how many their institution certified: the rebuild's snapshot
    when ``day`` is its day, else grouped from the periods now."""
    if day == await snapshot_day(session):
        a = AdoptionSnapshot
        grouped = select(
            a.institution_id, a.district_code, a.practitioners, a.activated, a.certified
        ).subquery("adoption")
    else:
        grouped = cubes.adoption(day).subquery("adoption")
    institution_id, district, practitioners, activated, certified = grouped.c
    stmt = select(
        district, institution_id, Institution.name, practitioners, activated, certified
    ).join(Institution, Institution.id == institution_id)
    return {
        (r[0], str(r[1]), r[2]): {
            "practitioners": int(r[3]),
            "activated": int(r[4] or 0),
            "certified": int(r[5] or 0),
        }
        for r in (await session.execute(stmt)).all()
        if r[0] in census.RESIDENTS_2020
    }


async def _applications(
    session: AsyncSession, area: Area, start: date, end: date, today: date
) -> dict[tuple[str, str], dict[str, int]]:
    a = Application
    begin, finish = start_of(start), end_of(end)
    submitted = and_(a.submitted_at >= begin, a.submitted_at < finish)
    decided = and_(a.decided_at >= begin, a.decided_at < finish)
    returned = exists().where(
        ApplicationEvent.application_id == a.id, ApplicationEvent.action == "RETURN"
    )
    approved = and_(decided, a.status.in_(APPROVED))
    flags = {
        "submittedOnline": and_(submitted, a.applicant_account_id.is_not(None)),
        "submittedCounter": and_(submitted, a.applicant_account_id.is_(None)),
        "decided": decided,
        "approved": approved,
        "approvedWithoutPaper": and_(approved, a.paper_required.is_(False)),
        "refused": and_(decided, a.status.in_(REFUSED)),
        "returned": and_(decided, returned),
        "overdueNow": and_(a.status == ApplicationStatus.UNDER_REVIEW, a.deadline < today),
    }
    stmt = (
        select(
            a.district_code,
            a.item_code,
            *[func.sum(case((cond, 1), else_=0)) for cond in flags.values()],
        )
        .where(a.district_code.in_(area.districts))
        .group_by(a.district_code, a.item_code)
    )
    out: dict[tuple[str, str], dict[str, int]] = {}
    for row in (await session.execute(stmt)).all():
        out[(row[0], str(getattr(row[1], "value", row[1])))] = {
            name: int(row[2 + i] or 0) for i, name in enumerate(flags)
        }
    return out


async def _working_days(
    session: AsyncSession, area: Area, start: date, end: date, keys: tuple[str, ...]
) -> dict[tuple[str, ...], tuple[int, int | None, int | None]]:
    """Per ``keys``: decisions after acceptance in the period, and the median and 90th
    percentile of their working days from acceptance to decision (returns pause the clock)."""
    a = Application
    begin, finish = start_of(start), end_of(end)
    decided_day, started = aliased(WorkingDay), aliased(WorkingDay)
    days = decided_day.ordinal - started.ordinal + a.clock_days_used
    values = (
        select(
            a.district_code.label("district"),
            a.item_code.label("item"),
            days.label("days"),
        )
        .join(decided_day, decided_day.day == shanghai_date(a.decided_at))
        .join(started, started.day == a.clock_started_on)
        .where(
            a.decided_at >= begin,
            a.decided_at < finish,
            a.accepted_at.is_not(None),
            a.district_code.in_(area.districts),
        )
    )
    stmt = percentiles(values.subquery("decisions"), "days", keys)
    out: dict[tuple[str, ...], tuple[int, int | None, int | None]] = {}
    for row in (await session.execute(stmt)).all():
        key = tuple(str(getattr(k, "value", k)) for k in row[: len(keys)])
        n, median, p90 = row[len(keys) :]
        if not n:  # no decisions: the ungrouped aggregate's single row of NULLs
            continue
        out[key] = (int(n), median, p90)
    return out


async def _licences(session: AsyncSession, start: date, end: date) -> dict[str, int]:
    """Licence versions issued in the period, per district (the summary's daily counts)."""
    d = LicencesIssuedDay
    stmt = (
        select(d.district_code, func.sum(d.licences))
        .where(d.day >= start, d.day <= end)
        .group_by(d.district_code)
    )
    return {r[0]: int(r[1]) for r in (await session.execute(stmt)).all()}


async def _verifications(session: AsyncSession, area: Area, start: date, end: date) -> Table:
    """Licence verifications per day and outcome (counts of checks, not of persons: shown as
    they are). A district reads those of the licences it issued; the city reads all, the
    municipal commission's licences and forged tokens included."""
    stmt = verifications_between(start, end, None if area.is_city else area.districts)
    rows = sorted(
        (day.isoformat(), str(outcome), int(n))
        for day, outcome, n in (await session.execute(stmt)).all()
    )
    return Table(
        "verificationsByDay",
        ("day", "outcome"),
        ("verifications",),
        tuple(Row((day, outcome), (Value(n),)) for day, outcome, n in rows),
    )


def _shares(
    table_id: str,
    keys: tuple[str, ...],
    counts: Counts,
    *,
    dimensions: tuple[str, ...] | None = None,
    shown: Callable[[Key], bool] | None = None,
    shown_key: Callable[[Key], Key] = lambda key: key,
) -> Spec:
    measures = ("practitioners", "activated", "certified", *APPLICATION_MEASURES, "licencesIssued")
    return Spec(
        table_id,
        dimensions or keys,
        counts,
        measures,
        named(keys, {m: (("measure", m),) for m in measures}, _omit_city),
        derived=(
            (
                "activatedShare",
                _share("activated", "practitioners"),
                ("activated", "practitioners"),
            ),
            (
                "certifiedShare",
                _share("certified", "practitioners"),
                ("certified", "practitioners"),
            ),
            ("onlineShare", _online_share, ("submittedOnline", "submittedCounter")),
            (
                "paperlessShare",
                _share("approvedWithoutPaper", "approved"),
                ("approvedWithoutPaper", "approved"),
            ),
            ("returnedShare", _share("returned", "decided"), ("returned", "decided")),
            ("refusedShare", _share("refused", "decided"), ("refused", "decided")),
        ),
        shown=shown,
        shown_key=shown_key,
    )


def _omit_city(dimension: str, key: str) -> bool:
    return dimension == "district" and key == MUNICIPAL


def _share(part: str, whole: str) -> Callable[[Mapping[str, int]], float | None]:
    def compute(row: Mapping[str, int]) -> float | None:
        return rate(row.get(part, 0), row.get(whole, 0), per=100, digits=1)

    return compute


def _online_share(row: Mapping[str, int]) -> float | None:
    online, counter = row.get("submittedOnline", 0), row.get("submittedCounter", 0)
    return rate(online, online + counter, per=100, digits=1)


def _ranked(area: Area, table: Table) -> Table:
    """Adds ``rank``: districts by activated share, highest first (the city row has none)."""
    share = table.measures.index("activatedShare")
    districts = [r for r in table.rows if r.keys[0] in census.RESIDENTS_2020]
    order = sorted(
        districts,
        key=lambda r: (
            -(r.values[share].value or 0) if not r.values[share].suppressed else 0,
            r.keys,
        ),
    )
    ranks = {r.keys: i + 1 for i, r in enumerate(order)} if area.is_city else {}
    rows = tuple(Row(r.keys, (*r.values, Value(ranks.get(r.keys)))) for r in table.rows)
    return Table(table.id, table.dimensions, (*table.measures, "rank"), rows)


def _with_days(table: Table, days: dict[str, tuple[int, int | None, int | None]]) -> Table:
    """Adds the median and 90th percentile of working days to a decision, hidden when fewer
    than five decisions make them."""
    rows = []
    for row in table.rows:
        n, median, p90 = days.get(row.keys[0], (0, None, None))
        small = suppression.is_small(n)
        extra = (
            Value(None, small) if small else Value(median),
            Value(None, small) if small else Value(p90),
        )
        rows.append(Row(row.keys, (*row.values, *extra)))
    return Table(
        table.id,
        table.dimensions,
        (*table.measures, "medianWorkingDays", "p90WorkingDays"),
        tuple(rows),
    )


def _lagging(adoption: dict[Key, dict[str, int]]) -> Table:
    """The institutions with the lowest share of activated practitioners (five or more
    practitioners), lowest first."""
    eligible = {k: v for k, v in adoption.items() if v["practitioners"] >= suppression.THRESHOLD}
    order = sorted(
        eligible, key=lambda k: (eligible[k]["activated"] / eligible[k]["practitioners"], k)
    )
    rows = []
    for key in order[:LAGGING]:
        district, _id, name = key
        measures = eligible[key]
        hidden = suppression.is_small(measures["activated"])
        share = rate(measures["activated"], measures["practitioners"], per=100, digits=1)
        rows.append(
            Row(
                (str(district), str(name)),
                (
                    Value(measures["practitioners"]),
                    Value(None, True) if hidden else Value(measures["activated"]),
                    Value(None, True) if hidden else Value(share),
                ),
            )
        )
    return Table(
        "laggingInstitutions",
        ("district", "institution"),
        ("practitioners", "activated", "activatedShare"),
        tuple(rows),
    )
