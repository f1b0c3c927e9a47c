"""The identity operations the access matrix runs: a document, its variables for one side
of the world, and how to read the answer (OK = done/visible, NONE = absent)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from schema.node import to_global_id
from tests import factories
from tests.schema.identity.matrix_world import Side

OK, NONE, FORBIDDEN, UNAUTH = "OK", "NONE", "FORBIDDEN", "UNAUTH"
Vars = Callable[[Side], dict[str, Any]]
Judge = Callable[[Any, Side], str]


def gid(kind: str, key: object) -> str:
    return str(to_global_id(kind, str(key)))


def present(value: Any, _side: Side) -> str:
    return OK if value else NONE


def member(value: Any, _side: Side) -> str:
    if value["__typename"] == "NotFound":
        return NONE
    assert value["__typename"] not in {"ValidationError", "Conflict", "InvalidState"}, value
    return OK


@dataclass(frozen=True)
class Op:
    field: str
    document: str
    variables: Vars
    judge: Judge


MUTATION_TAIL = "{ __typename ... on Error { code message } }"

OPS: dict[str, Op] = {
    "account": Op(
        "account",
        "query Q($id: ID!) { account(id: $id) { id grants { institution { id } } } }",
        lambda s: {"id": gid("Account", s.operator.id)},
        present,
    ),
    "accounts": Op(
        "accounts",
        "query Q($i: ID!) { accounts(filter: {institutionId: $i}, first: 50) { nodes { id } } }",
        lambda s: {"i": gid("Institution", s.institution.id)},
        lambda v, s: OK if gid("Account", s.operator.id) in {n["id"] for n in v["nodes"]} else NONE,
    ),
    "node_account": Op(
        "node",
        "query Q($id: ID!) { node(id: $id) { id ... on Account { username } } }",
        lambda s: {"id": gid("Account", s.operator.id)},
        present,
    ),
    "staff_certification": Op(
        "staffCertification",
        "query Q($id: ID!) { staffCertification(id: $id) { id person { idNumberMasked } } }",
        lambda s: {"id": gid("StaffCertification", s.requested.id)},
        present,
    ),
    "node_certification_nested": Op(
        "node",
        "query Q($id: ID!) { node(id: $id) { id ... on StaffCertification "
        "{ person { name idNumberMasked } institution { id } } } }",
        lambda s: {"id": gid("StaffCertification", s.requested.id)},
        lambda v, s: (
            OK
            if v and v["person"] and v["institution"]["id"] == gid("Institution", s.institution.id)
            else NONE
        ),
    ),
    "staff_certifications": Op(
        "staffCertifications",
        "query Q($i: ID!) { staffCertifications(filter: {institutionId: $i}, first: 50) "
        "{ nodes { id } } }",
        lambda s: {"i": gid("Institution", s.institution.id)},
        lambda v, s: (
            OK
            if gid("StaffCertification", s.certified.id) in {n["id"] for n in v["nodes"]}
            else NONE
        ),
    ),
    "certification_queue": Op(
        "certificationQueue",
        "query { certificationQueue(first: 50) { nodes { id } } }",
        lambda s: {},
        lambda v, s: (
            OK
            if gid("StaffCertification", s.requested.id) in {n["id"] for n in v["nodes"]}
            else NONE
        ),
    ),
    "dispute": Op(
        "dispute",
        "query Q($id: ID!) { dispute(id: $id) { id person { idNumberMasked } } }",
        lambda s: {"id": gid("Dispute", s.dispute.id)},
        present,
    ),
    "node_dispute": Op(
        "node",
        "query Q($id: ID!) { node(id: $id) { id ... on Dispute { claimantMobileMasked } } }",
        lambda s: {"id": gid("Dispute", s.dispute.id)},
        present,
    ),
    "disputes": Op(
        "disputes",
        "query { disputes(first: 50) { nodes { id } } }",
        lambda s: {},
        lambda v, s: OK if gid("Dispute", s.dispute.id) in {n["id"] for n in v["nodes"]} else NONE,
    ),
    "certify_staff": Op(
        "certifyStaff",
        "mutation M($id: ID!) { certifyStaff(input: {certificationId: $id, "
        "documentChecked: RESIDENT_ID_CARD}) " + MUTATION_TAIL + " }",
        lambda s: {"id": gid("StaffCertification", s.requested.id)},
        member,
    ),
    "decline_staff": Op(
        "declineStaff",
        'mutation M($id: ID!) { declineStaff(input: {certificationId: $id, reason: "不符"}) '
        + MUTATION_TAIL
        + " }",
        lambda s: {"id": gid("StaffCertification", s.requested.id)},
        member,
    ),
    "end_affiliation": Op(
        "endAffiliation",
        'mutation M($id: ID!) { endAffiliation(input: {certificationId: $id, reason: "离职"}) '
        + MUTATION_TAIL
        + " }",
        lambda s: {"id": gid("StaffCertification", s.certified.id)},
        member,
    ),
    "resolve_dispute": Op(
        "resolveDispute",
        "mutation M($id: ID!) { resolveDispute(input: {disputeId: $id, outcome: KEEP_EXISTING, "
        'note: "核实"}) ' + MUTATION_TAIL + " }",
        lambda s: {"id": gid("Dispute", s.dispute.id)},
        member,
    ),
    "disable_operator": Op(
        "disableAccount",
        'mutation M($id: ID!) { disableAccount(input: {accountId: $id, reason: "离职"}) '
        + MUTATION_TAIL
        + " }",
        lambda s: {"id": gid("Account", s.operator.id)},
        member,
    ),
    "enable_operator": Op(
        "enableAccount",
        "mutation M($id: ID!) { enableAccount(accountId: $id) " + MUTATION_TAIL + " }",
        lambda s: {"id": gid("Account", s.operator.id)},
        member,
    ),
    "reset_operator": Op(
        "resetStaffCredentials",
        "mutation M($id: ID!) { resetStaffCredentials(accountId: $id) " + MUTATION_TAIL + " }",
        lambda s: {"id": gid("Account", s.operator.id)},
        member,
    ),
    "link_operator_sign_on": Op(
        "linkStaffSignOn",
        "mutation M($id: ID!, $sub: String!) { linkStaffSignOn(accountId: $id, subject: $sub) "
        + MUTATION_TAIL
        + " }",
        lambda s: {"id": gid("Account", s.operator.id), "sub": f"sub-{s.operator.id}"},
        member,
    ),
    "unlink_operator_sign_on": Op(
        "unlinkStaffSignOn",
        "mutation M($id: ID!) { unlinkStaffSignOn(accountId: $id) " + MUTATION_TAIL + " }",
        lambda s: {"id": gid("Account", s.operator.id)},
        member,
    ),
    "reset_institution_admin": Op(
        "resetStaffCredentials",
        "mutation M($id: ID!) { resetStaffCredentials(accountId: $id) " + MUTATION_TAIL + " }",
        lambda s: {"id": gid("Account", s.admin.id)},
        member,
    ),
    "create_operator": Op(
        "createStaffAccount",
        "mutation M($input: CreateStaffAccountInput!) { createStaffAccount(input: $input) "
        + MUTATION_TAIL
        + " }",
        lambda s: {
            "input": {
                "role": "INSTITUTION_OPERATOR",
                "username": f"new.op.{s.authority}",
                "displayName": "新经办人",
                "mobile": factories.mobile(),
                "institutionId": gid("Institution", s.institution.id),
            }
        },
        member,
    ),
    "create_officer": Op(
        "createStaffAccount",
        "mutation M($input: CreateStaffAccountInput!) { createStaffAccount(input: $input) "
        + MUTATION_TAIL
        + " }",
        lambda s: {
            "input": {
                "role": "AUTHORITY_OFFICER",
                "username": f"new.officer.{s.authority}",
                "displayName": "新审批员",
                "mobile": factories.mobile(),
                "authorityCode": s.authority,
            }
        },
        member,
    ),
    "create_authority_admin": Op(
        "createStaffAccount",
        "mutation M($input: CreateStaffAccountInput!) { createStaffAccount(input: $input) "
        + MUTATION_TAIL
        + " }",
        lambda s: {
            "input": {
                "role": "AUTHORITY_ADMIN",
                "username": f"new.admin.{s.authority}",
                "displayName": "新管理员",
                "mobile": factories.mobile(),
                "authorityCode": s.authority,
            }
        },
        member,
    ),
    "issue_institution_account": Op(
        "issueInstitutionAccount",
        "mutation M($i: ID!) { issueInstitutionAccount(input: {institutionId: $i, "
        'username: "new.hospital"}) ' + MUTATION_TAIL + " }",
        lambda s: {"i": gid("Institution", s.institution.id)},
        member,
    ),
    "request_certification": Op(
        "requestCertification",
        "mutation M($code: String!) { requestCertification(input: {institutionCode: $code, "
        "profession: DOCTOR}) " + MUTATION_TAIL + " }",
        lambda s: {"code": s.institution.uscc},
        member,
    ),
}
