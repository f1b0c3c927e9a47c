"""The lifecycle as data: which action is legal in which status, who takes it, where it leads.

DRAFT ─submit→ AWAITING_INSTITUTION ─forward→ AWAITING_ACCEPTANCE ─accept→ UNDER_REVIEW
  ─approve→ (AWAITING_PAPER ─confirm paper→) COMPLETED        UNDER_REVIEW ─reject→ REJECTED
(no institution step: submit → AWAITING_ACCEPTANCE)   AWAITING_ACCEPTANCE ─refuse→ NOT_ACCEPTED
any step before a decision ─return→ RETURNED ─resubmit→ the step that returned it
the applicant ─withdraw→ WITHDRAWN, before a decision
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from core.errors import InvalidState
from registry.errors import RegistryProblem
from registry.workflow.models import TERMINAL, ApplicationStatus
from registry.workflow.policy import Party

S = ApplicationStatus


class Action(StrEnum):
    CREATE = "CREATE"
    SUBMIT = "SUBMIT"
    FORWARD = "FORWARD"
    RETURN = "RETURN"
    RESUBMIT = "RESUBMIT"
    ACCEPT = "ACCEPT"
    REFUSE = "REFUSE"
    APPROVE = "APPROVE"
    REJECT = "REJECT"
    CONFIRM_PAPER = "CONFIRM_PAPER"
    WITHDRAW = "WITHDRAW"
    ADD_MATERIALS = "ADD_MATERIALS"


WAITING_ON: dict[ApplicationStatus, Party] = {
    S.DRAFT: Party.APPLICANT,
    S.RETURNED: Party.APPLICANT,
    S.AWAITING_INSTITUTION: Party.INSTITUTION,
    S.AWAITING_ACCEPTANCE: Party.AUTHORITY,
    S.UNDER_REVIEW: Party.AUTHORITY,
    S.AWAITING_PAPER: Party.AUTHORITY,
}
"""The party each open step waits on; closed applications wait on nobody."""

BEFORE_DECISION = frozenset(
    {S.DRAFT, S.RETURNED, S.AWAITING_INSTITUTION, S.AWAITING_ACCEPTANCE, S.UNDER_REVIEW}
)

LEGAL: dict[Action, frozenset[ApplicationStatus]] = {
    Action.SUBMIT: frozenset({S.DRAFT}),
    Action.FORWARD: frozenset({S.AWAITING_INSTITUTION}),
    Action.RETURN: frozenset({S.AWAITING_INSTITUTION, S.AWAITING_ACCEPTANCE, S.UNDER_REVIEW}),
    Action.RESUBMIT: frozenset({S.RETURNED}),
    Action.ACCEPT: frozenset({S.AWAITING_ACCEPTANCE}),
    Action.REFUSE: frozenset({S.AWAITING_ACCEPTANCE}),
    Action.APPROVE: frozenset({S.UNDER_REVIEW}),
    Action.REJECT: frozenset({S.UNDER_REVIEW}),
    Action.CONFIRM_PAPER: frozenset({S.AWAITING_PAPER}),
    Action.WITHDRAW: BEFORE_DECISION,
    # The party handling a submitted application may add materials it received meanwhile.
    Action.ADD_MATERIALS: frozenset(
        {S.AWAITING_INSTITUTION, S.AWAITING_ACCEPTANCE, S.UNDER_REVIEW, S.AWAITING_PAPER}
    ),
}

NEEDS_OPINION = frozenset({Action.RETURN, Action.REFUSE, Action.REJECT})
"""Actions that must say why: the applicant reads the reason."""

PAST_TENSE = {
    Action.CREATE: "created",
    Action.SUBMIT: "submitted",
    Action.FORWARD: "forwarded",
    Action.RETURN: "returned",
    Action.RESUBMIT: "resubmitted",
    Action.ACCEPT: "accepted",
    Action.REFUSE: "refused",
    Action.APPROVE: "approved",
    Action.REJECT: "rejected",
    Action.CONFIRM_PAPER: "paper_confirmed",
    Action.WITHDRAW: "withdrawn",
    Action.ADD_MATERIALS: "materials_added",
}


@dataclass(frozen=True)
class Step:
    """A legal move: who takes it and the status it leads to."""

    party: Party
    to: ApplicationStatus


def party_for(action: Action, status: ApplicationStatus) -> Party:
    if action in (Action.SUBMIT, Action.RESUBMIT, Action.WITHDRAW):
        return Party.APPLICANT
    if action is Action.FORWARD:
        return Party.INSTITUTION
    if action in (Action.RETURN, Action.ADD_MATERIALS):
        return WAITING_ON[status]
    return Party.AUTHORITY


def plan(
    action: Action,
    status: ApplicationStatus,
    *,
    institution_review: bool,
    paper_required: bool,
    returned_from: ApplicationStatus | None,
) -> Step:
    """The step ``action`` takes from ``status``; InvalidState when it is not legal there."""
    if status not in LEGAL.get(action, frozenset()):
        raise InvalidState(
            f"cannot {action.value.lower()} an application that is {status.value}",
            reason=RegistryProblem.ACTION_NOT_ALLOWED,
            params={"action": action.value, "status": status.value},
        )
    party = party_for(action, status)
    to: ApplicationStatus
    if action is Action.SUBMIT:
        to = S.AWAITING_INSTITUTION if institution_review else S.AWAITING_ACCEPTANCE
    elif action is Action.FORWARD:
        to = S.AWAITING_ACCEPTANCE
    elif action is Action.RETURN:
        to = S.RETURNED
    elif action is Action.RESUBMIT:
        if returned_from is None:
            raise InvalidState(
                "this application does not say which step returned it",
                reason=RegistryProblem.RETURN_STEP_UNKNOWN,
            )
        to = returned_from
    elif action is Action.ACCEPT:
        to = S.UNDER_REVIEW
    elif action is Action.REFUSE:
        to = S.NOT_ACCEPTED
    elif action is Action.APPROVE:
        to = S.AWAITING_PAPER if paper_required else S.COMPLETED
    elif action is Action.REJECT:
        to = S.REJECTED
    elif action is Action.CONFIRM_PAPER:
        to = S.COMPLETED
    elif action is Action.ADD_MATERIALS:
        to = status
    else:
        to = S.WITHDRAWN
    return Step(party=party, to=to)


def legal_actions(status: ApplicationStatus) -> list[Action]:
    return [action for action, sources in LEGAL.items() if status in sources]


def is_open(status: ApplicationStatus) -> bool:
    return status not in TERMINAL and status is not S.DRAFT
