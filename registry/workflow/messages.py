"""What the applicant is told at each step (one SMS carries Chinese and English), registered
with identity's notification templates as ``application.<step>``."""

from __future__ import annotations

from typing import Any

from notifications.templates import register_template
from registry.catalogue.models import ApprovalItem
from registry.workflow.models import Application, ApplicationStatus
from registry.workflow.states import PAST_TENSE, Action

TEXTS: dict[Action, tuple[str, str]] = {
    Action.SUBMIT: (
        "您的{item_zh}申请 {number} 已提交。",
        "Your application {number} ({item_en}) was submitted.",
    ),
    Action.FORWARD: (
        "您的申请 {number} 已通过机构初审，报送卫生健康委员会。",
        "Your application {number} passed your institution's review and went to the commission.",
    ),
    Action.RETURN: (
        "您的申请 {number} 被退回补正：{opinion}",
        "Your application {number} was returned for correction: {opinion}",
    ),
    Action.RESUBMIT: (
        "您的申请 {number} 已重新提交。",
        "Your application {number} was resubmitted.",
    ),
    Action.ACCEPT: (
        "您的申请 {number} 已受理，办理时限至 {deadline}。",
        "Your application {number} was accepted; the decision is due by {deadline}.",
    ),
    Action.REFUSE: (
        "您的申请 {number} 不予受理：{opinion}",
        "Your application {number} was not accepted: {opinion}",
    ),
    Action.APPROVE: (
        "您的申请 {number} 已审核通过。{next_zh}",
        "Your application {number} was approved. {next_en}",
    ),
    Action.REJECT: (
        "您的申请 {number} 未予批准：{opinion}",
        "Your application {number} was rejected: {opinion}",
    ),
    Action.CONFIRM_PAPER: (
        "您的申请 {number} 纸质材料已核验。{next_zh}",
        "The paper materials of your application {number} were checked. {next_en}",
    ),
    Action.WITHDRAW: (
        "您的申请 {number} 已撤回。",
        "Your application {number} was withdrawn.",
    ),
}

NEXT = {
    ApplicationStatus.AWAITING_PAPER: (
        "请向卫生健康委员会提交纸质材料。",
        "Please hand in the paper materials to the commission.",
    ),
    ApplicationStatus.COMPLETED: ("已办结。", "It is complete."),
}


def template_of(action: Action) -> str:
    return f"application.{PAST_TENSE[action]}"


def params(application: Application, item: ApprovalItem, opinion: str | None) -> dict[str, Any]:
    next_zh, next_en = NEXT.get(application.status, ("", ""))
    deadline = application.deadline
    return {
        "number": application.number or "",
        "item_zh": item.name_zh,
        "item_en": item.name_en,
        "status": application.status.value,
        "opinion": opinion or "—",
        "deadline": deadline.isoformat() if deadline else "—",
        "next_zh": next_zh,
        "next_en": next_en,
    }


for _action, (_zh, _en) in TEXTS.items():
    register_template(template_of(_action), _zh, _en)
