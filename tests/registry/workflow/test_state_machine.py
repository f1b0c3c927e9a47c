"""The lifecycle under random actors and actions (hypothesis): only legal transitions happen,
only the party a step waits on may take it, stale versions conflict, the timeline and the
audit chain stay consistent, and there is at most one open application per item and subject.

The model below is written out independently of ``registry.workflow.states``."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Coroutine
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from access.actor import Actor
from core.audit import AuditEntry, verify_chain
from core.clock import FixedClock
from core.db import create_engine
from core.errors import Conflict, DomainError, InvalidState, NotFound, PermissionDenied
from directory.models import Profession
from registry.catalogue import service as catalogue
from registry.catalogue.models import ItemCode
from registry.workflow import service
from registry.workflow.models import Application, ApplicationEvent
from registry.workflow.states import Action
from tests.factories.database import database_url
from tests.factories.workflow import (
    City,
    FakeCertification,
    RecordingNotifier,
    practitioner_actor,
    upload_required,
    workflow_sessions,
)

T = TypeVar("T")
NURSE = ItemCode.NURSE_FIRST_REGISTRATION  # institution review, paper materials
DOCTOR = ItemCode.DOCTOR_FIRST_REGISTRATION  # institution review, paper switched off below
ACTORS = (
    "applicant",
    "stranger",
    "op_pudong",
    "op_xuhui",
    "officer_pudong",
    "officer_xuhui",
    "officer_city",
)
AUTHORITY = frozenset({"officer_pudong"})  # the municipal commission reads, never decides
# Creating and adding materials have services of their own (test_materials.py covers the latter).
ACTIONS = [a for a in Action if a not in (Action.CREATE, Action.ADD_MATERIALS)]

# (action, status) -> (who may take it, the status it leads to); "APPROVE" depends on paper.
MODEL: dict[tuple[Action, str], tuple[frozenset[str], str]] = {
    (Action.FORWARD, "AWAITING_INSTITUTION"): (frozenset({"op_pudong"}), "AWAITING_ACCEPTANCE"),
    (Action.RETURN, "AWAITING_INSTITUTION"): (frozenset({"op_pudong"}), "RETURNED"),
    (Action.RETURN, "AWAITING_ACCEPTANCE"): (AUTHORITY, "RETURNED"),
    (Action.RETURN, "UNDER_REVIEW"): (AUTHORITY, "RETURNED"),
    (Action.ACCEPT, "AWAITING_ACCEPTANCE"): (AUTHORITY, "UNDER_REVIEW"),
    (Action.REFUSE, "AWAITING_ACCEPTANCE"): (AUTHORITY, "NOT_ACCEPTED"),
    (Action.APPROVE, "UNDER_REVIEW"): (AUTHORITY, "?"),
    (Action.REJECT, "UNDER_REVIEW"): (AUTHORITY, "REJECTED"),
    (Action.CONFIRM_PAPER, "AWAITING_PAPER"): (AUTHORITY, "COMPLETED"),
    (Action.RESUBMIT, "RETURNED"): (frozenset({"applicant"}), "<returned from>"),
    **{
        (Action.WITHDRAW, s): (frozenset({"applicant"}), "WITHDRAWN")
        for s in ("AWAITING_INSTITUTION", "AWAITING_ACCEPTANCE", "UNDER_REVIEW", "RETURNED")
    },
}
CLOSED = frozenset({"COMPLETED", "REJECTED", "NOT_ACCEPTED", "WITHDRAWN"})


@dataclass
class Modelled:
    id: uuid.UUID
    item: ItemCode
    status: str
    version: int
    returned_from: str | None = None
    events: int = 2  # CREATE and SUBMIT


class Lifecycle(RuleBasedStateMachine):
    runner: asyncio.Runner
    engine: AsyncEngine

    apps = Bundle("apps")

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        return self.runner.run(coro)

    def __init__(self) -> None:
        super().__init__()
        self.conn: AsyncConnection = self.run(self._begin())
        clock = FixedClock(datetime(2026, 11, 25, 2, 0, tzinfo=UTC))
        makers: async_sessionmaker[AsyncSession] = workflow_sessions(
            self.conn, clock, FakeCertification(), RecordingNotifier()
        )
        self.session = makers()
        self.run(self._setup())
        self.model: dict[uuid.UUID, Modelled] = {}
        self.registered: set[ItemCode] = set()

    async def _begin(self) -> AsyncConnection:
        conn = await self.engine.connect()
        await conn.begin()
        return conn

    async def _setup(self) -> None:
        s = self.session
        certification = s.info["certification"]
        self.city = await City.build(s, certification, s.info["notifier"])
        person, applicant = await self.city.person("孙立")
        stranger = practitioner_actor((await self.city.person("钱多"))[0])
        for profession in Profession:
            self.city.certify(person, self.city.pudong, profession)
        await catalogue.update_settings(
            s,
            self.city.officer_city,
            code=DOCTOR,
            expected_version=1,
            change=catalogue.ItemSettings(paper_required=False),
        )
        self.actors: dict[str, Actor] = {
            "applicant": applicant,
            "stranger": stranger,
            "op_pudong": self.city.op_pudong,
            "op_xuhui": self.city.op_xuhui,
            "officer_pudong": self.city.officer_pudong,
            "officer_xuhui": self.city.officer_xuhui,
            "officer_city": self.city.officer_city,
        }
        await s.commit()

    def teardown(self) -> None:
        self.run(self.session.close())
        self.run(self.conn.rollback())
        self.run(self.conn.close())

    def _open(self, item: ItemCode) -> bool:
        return any(m.item is item and m.status not in CLOSED for m in self.model.values())

    async def _unit(self, call: Coroutine[Any, Any, Application]) -> Application | DomainError:
        try:
            result = await call
            await self.session.commit()
        except DomainError as exc:
            await self.session.rollback()
            return exc
        return result

    async def _apply(self, item: ItemCode, form: dict[str, Any]) -> Application | DomainError:
        applicant = self.actors["applicant"]
        attachments = await upload_required(self.session, applicant, item)
        return await self._unit(
            service.create_application(
                self.session,
                applicant,
                item_code=item,
                form=form,
                attachment_ids=attachments,
                submit=True,
            )
        )

    @rule(target=apps, item=st.sampled_from([NURSE, DOCTOR]))
    def apply(self, item: ItemCode) -> uuid.UUID | None:
        form: dict[str, Any] = {
            "institutionId": str(self.city.pudong.id),
            "qualificationNumber": "Q-HYP",
        }
        form.update(
            {"education": "本科"}
            if item is NURSE
            else {"category": "CLINICAL", "scope": "内科专业"}
        )
        outcome = self.run(self._apply(item, form))
        if self._open(item) or item in self.registered:
            assert isinstance(outcome, DomainError), "a second open application was accepted"
            return None
        assert isinstance(outcome, Application), outcome
        assert outcome.status.value == "AWAITING_INSTITUTION"
        self.model[outcome.id] = Modelled(outcome.id, item, "AWAITING_INSTITUTION", outcome.version)
        return outcome.id

    def _visible(self, who: str, m: Modelled) -> bool:
        return who in ("applicant", "op_pudong", "officer_pudong", "officer_city")

    def _open_apps(self) -> list[Modelled]:
        return [m for m in self.model.values() if m.status not in CLOSED]

    @precondition(lambda self: bool(self._open_apps()))
    @rule(data=st.data(), steps=st.integers(min_value=1, max_value=4))
    def progress(self, data: st.DataObject, steps: int) -> None:
        """Legal steps by someone allowed to take them, on one application: reaches the deep
        states (paper confirmation, completion) often enough."""
        m = data.draw(st.sampled_from(self._open_apps()), label="application")
        for _ in range(steps):
            options = sorted(
                (action.value, who)
                for (action, status), (allowed, _) in MODEL.items()
                if status == m.status
                for who in allowed
            )
            if not options:
                return
            action, who = data.draw(st.sampled_from(options))
            self.act(m.id, Action(action), who, False)

    @precondition(lambda self: bool(self._open_apps()))
    @rule(data=st.data())
    def illegal_step(self, data: st.DataObject) -> None:
        """An action not legal in the current status, by someone who could take it elsewhere."""
        m = data.draw(st.sampled_from(self._open_apps()), label="application")
        options = sorted(
            (action.value, who)
            for (action, status), (allowed, _) in MODEL.items()
            if (action, m.status) not in MODEL
            for who in allowed
        )
        action, who = data.draw(st.sampled_from(options))
        self.act(m.id, Action(action), who, False)

    @precondition(lambda self: bool(self._open_apps()))
    @rule(data=st.data(), stale=st.booleans())
    def wrong_actor(self, data: st.DataObject, stale: bool) -> None:
        """A legal action by someone else (another role, district or institution)."""
        m = data.draw(st.sampled_from(self._open_apps()), label="application")
        options = sorted(
            (action.value, who)
            for (action, status), (allowed, _) in MODEL.items()
            if status == m.status
            for who in ACTORS
            if who not in allowed
        )
        if options:
            action, who = data.draw(st.sampled_from(options))
            self.act(m.id, Action(action), who, stale)

    @rule(
        app_id=apps,
        action=st.sampled_from(ACTIONS),
        who=st.sampled_from(ACTORS),
        stale=st.booleans(),
    )
    def anything(self, app_id: uuid.UUID | None, action: Action, who: str, stale: bool) -> None:
        """Any action by anyone on any application, possibly with a stale version."""
        if app_id is not None:
            self.act(app_id, action, who, stale)

    def act(self, app_id: uuid.UUID, action: Action, who: str, stale: bool) -> None:
        m = self.model[app_id]
        outcome = self.run(
            self._unit(
                service.take(
                    self.session,
                    self.actors[who],
                    action,
                    application_id=app_id,
                    expected_version=m.version - 1 if stale else m.version,
                    opinion="理由",
                )
            )
        )
        step = MODEL.get((action, m.status))
        if not self._visible(who, m):
            assert isinstance(outcome, NotFound), (who, action, outcome)
        elif stale:
            assert isinstance(outcome, Conflict), (who, action, outcome)
        elif step is None:
            assert isinstance(outcome, InvalidState), (who, action, m.status, outcome)
        elif who not in step[0]:
            assert isinstance(outcome, PermissionDenied), (who, action, m.status, outcome)
        else:
            assert isinstance(outcome, Application), (who, action, m.status, outcome)
            to = step[1]
            if to == "?":
                to = "AWAITING_PAPER" if m.item is NURSE else "COMPLETED"
            elif to == "<returned from>":
                assert m.returned_from is not None
                to = m.returned_from
            m.returned_from = m.status if to == "RETURNED" else None
            m.status, m.version, m.events = to, m.version + 1, m.events + 1
            if to == "COMPLETED":
                self.registered.add(m.item)
            assert (outcome.status.value, outcome.version) == (m.status, m.version)

    @invariant()
    def timeline_and_audit_agree_with_the_model(self) -> None:
        if not self.model:
            return

        async def check() -> None:
            s = self.session
            for m in self.model.values():
                rows = (
                    await s.execute(
                        select(ApplicationEvent.seq, ApplicationEvent.to_status)
                        .where(ApplicationEvent.application_id == m.id)
                        .order_by(ApplicationEvent.seq)
                    )
                ).all()
                assert [r.seq for r in rows] == list(range(1, m.events + 1))
                assert rows[-1].to_status.value == m.status
                audited = await s.scalar(
                    select(func.count())
                    .select_from(AuditEntry)
                    .where(AuditEntry.target_id == str(m.id))
                )
                assert audited == m.events
            open_per_item = (
                await s.execute(
                    select(Application.item_code, func.count())
                    .where(Application.open_guard.is_not(None))
                    .group_by(Application.item_code)
                )
            ).all()
            assert all(count == 1 for _, count in open_per_item)
            assert (await verify_chain(s))[1] is None
            await s.commit()

        self.run(check())


def test_lifecycle_state_machine(engine: AsyncEngine) -> None:
    """``engine`` makes sure the test database is migrated; the machine has its own engine
    and loop and rolls each example back."""
    with asyncio.Runner() as runner:
        Lifecycle.runner = runner
        Lifecycle.engine = runner.run(_engine())
        try:
            run_state_machine_as_test(
                Lifecycle,
                settings=settings(
                    max_examples=40,
                    stateful_step_count=40,
                    deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
                ),
            )
        finally:
            runner.run(Lifecycle.engine.dispose())


async def _engine() -> AsyncEngine:
    return create_engine(database_url())
