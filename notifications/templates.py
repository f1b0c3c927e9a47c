"""Texts of the messages sent to people, in Chinese and English (one SMS carries both).
The channel puts the sender's signature in front (【上海市卫生健康委】 unless configured).

Other domains add theirs with ``register_template`` at import time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Template:
    zh: str
    en: str

    def render(self, params: dict[str, Any]) -> str:
        """Both languages; the sender's signature is the channel's (``SmsSignature``)."""
        return f"{self.zh.format(**params)} {self.en.format(**params)}"


TEMPLATES: dict[str, Template] = {
    "activation_code": Template(
        "您的账号激活验证码为 {code}，{minutes} 分钟内有效，请勿告诉他人。",
        "Your account activation code is {code}, valid for {minutes} minutes. Never share it.",
    ),
    "staff_activation_code": Template(
        "{institution}的工作人员账号 {username} 已开通，激活码 {code}，{minutes} 分钟内有效。",
        "Staff account {username} ({institution}) is ready: activation code {code}, "
        "valid for {minutes} minutes.",
    ),
    "password_reset_code": Template(
        "您正在重置密码，验证码 {code}，{minutes} 分钟内有效。如非本人操作请忽略。",
        "Password reset code: {code}, valid for {minutes} minutes. Ignore it if it was not you.",
    ),
    "mobile_change_code": Template(
        "您正在将此号码设为账号手机号，验证码 {code}，{minutes} 分钟内有效。",
        "Code to make this number your account's mobile: {code}, valid for {minutes} minutes.",
    ),
    "mobile_changed_notice": Template(
        "您的账号手机号已更改为 {new_mobile}。如非本人操作，请立即联系所在机构或卫生健康委员会。",
        "Your account's mobile was changed to {new_mobile}. If this was not you, contact your "
        "institution or health commission at once.",
    ),
    "password_changed_notice": Template(
        "您的账号密码已修改，所有设备已退出登录。如非本人操作，请立即重置密码。",
        "Your password was changed and every device signed out. If this was not you, "
        "reset your password now.",
    ),
    "dispute_opened": Template(
        "有人以您的身份证号申请激活账号，已提交{authority}处理。如有疑问请联系所在机构。",
        "Someone tried to activate an account with your ID number; {authority} will review it.",
    ),
    "dispute_resolved_kept": Template(
        "您的身份核实申请已处理：原账号保留。如有异议请联系{authority}。",
        "Your identity claim was reviewed: the existing account keeps the record. "
        "Contact {authority} if you disagree.",
    ),
    "dispute_resolved_transferred": Template(
        "您的身份核实申请已通过，账号已激活，可使用本手机号和密码登录。",
        "Your identity claim was upheld: your account is active; sign in with this mobile.",
    ),
    "account_detached": Template(
        "经核实，您的账号与该身份证号的关联已解除，账号已停用。如有异议请联系{authority}。",
        "After review, your account was detached from this ID number and disabled. "
        "Contact {authority} if you disagree.",
    ),
    "certification_certified": Template(
        "{institution}已认证您的{profession}身份。",
        "{institution} has certified you as a {profession_en}.",
    ),
    "certification_declined": Template(
        "{institution}未通过您的身份认证申请：{reason}",
        "{institution} declined your certification request: {reason}",
    ),
    "affiliation_ended": Template(
        "{institution}已结束与您的执业关系：{reason}",
        "{institution} ended your affiliation: {reason}",
    ),
}


def register_template(name: str, zh: str, en: str) -> None:
    if name in TEMPLATES and TEMPLATES[name] != Template(zh, en):
        raise ValueError(f"template {name!r} is already defined differently")
    TEMPLATES[name] = Template(zh, en)


def render(name: str, params: dict[str, Any]) -> str:
    try:
        template = TEMPLATES[name]
    except KeyError:
        raise ValueError(f"no notification template named {name!r}") from None
    return template.render(params)
