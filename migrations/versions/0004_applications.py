"""applications: the approval-item catalogue (loaded here), applications, their timeline,
attachments, idempotency keys and number counters

Revision ID: 0004
Revises: 0001
Create Date: 2026-11-25 20:23:42.357012
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import core.db

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _field(name: str, kind: str, zh: str, en: str, *, required: bool = True) -> dict[str, object]:
    return {"name": name, "kind": kind, "required": required, "label_zh": zh, "label_en": en}


# The catalogue as first published (registry/catalogue/items.py); later changes of the
# officer-editable settings are made in the application, not here.
F0 = _field("institutionId", "INSTITUTION", "执业机构", "Practice institution")
F1 = _field("qualificationNumber", "TEXT", "资格证书编号", "Qualification number")
F2 = _field("education", "TEXT", "学历", "Education")
F3 = _field("institutionId", "INSTITUTION", "拟执业机构", "New practice institution")
F4 = _field("reason", "TEXT", "注销原因", "Reason for cancellation")
F5 = _field("category", "CATEGORY", "执业类别", "Practice category")
F6 = _field("scope", "TEXT", "执业范围", "Practice scope")
F7 = _field(
    "institutionId", "INSTITUTION", "拟执业机构", "New practice institution", required=False
)
F8 = _field("category", "CATEGORY", "执业类别", "Practice category", required=False)
F9 = _field("scope", "TEXT", "执业范围", "Practice scope", required=False)
F10 = _field("institutionId", "INSTITUTION", "备案机构", "Additional practice site")
F11 = _field("address", "TEXT", "地址", "Address")
F12 = _field("legalRepresentative", "TEXT", "法定代表人", "Legal representative")
F13 = _field("beds", "INTEGER", "床位数", "Beds")
F14 = _field("subjects", "SUBJECTS", "诊疗科目", "Diagnosis and treatment subjects")
F15 = _field("name", "TEXT", "机构名称", "Institution name", required=False)
F16 = _field("address", "TEXT", "地址", "Address", required=False)
F17 = _field("legalRepresentative", "TEXT", "法定代表人", "Legal representative", required=False)
F18 = _field("beds", "INTEGER", "床位数", "Beds", required=False)
F19 = _field("subjects", "SUBJECTS", "诊疗科目", "Diagnosis and treatment subjects", required=False)

# code, subject, zh, en, institution review, online only, paper, time limit, notice, effect
ITEMS: list[tuple[object, ...]] = [
    (
        "NURSE_FIRST_REGISTRATION",
        "NURSE",
        "护士首次注册",
        "Nurse first registration",
        True,
        False,
        True,
        20,
        7,
        "CREATE_REGISTRATION",
        [F0, F1, F2],
        ["QUALIFICATION_CERTIFICATE", "HEALTH_CERTIFICATE"],
    ),
    (
        "NURSE_CHANGE_REGISTRATION",
        "NURSE",
        "护士变更注册",
        "Nurse change of registration",
        True,
        False,
        False,
        7,
        7,
        "CHANGE_REGISTRATION",
        [F3],
        [],
    ),
    (
        "NURSE_RENEWAL",
        "NURSE",
        "护士延续注册",
        "Nurse renewal of registration",
        True,
        False,
        False,
        20,
        7,
        "EXTEND_REGISTRATION",
        [],
        ["HEALTH_CERTIFICATE"],
    ),
    (
        "NURSE_REREGISTRATION",
        "NURSE",
        "护士重新注册",
        "Nurse re-registration",
        True,
        False,
        True,
        20,
        7,
        "REACTIVATE_REGISTRATION",
        [F3],
        ["HEALTH_CERTIFICATE", "TRAINING_CERTIFICATE"],
    ),
    (
        "NURSE_CANCELLATION",
        "NURSE",
        "护士注销注册",
        "Nurse cancellation of registration",
        True,
        False,
        False,
        7,
        7,
        "CANCEL_REGISTRATION",
        [F4],
        [],
    ),
    (
        "DOCTOR_FIRST_REGISTRATION",
        "DOCTOR",
        "医师执业注册",
        "Physician practice registration",
        True,
        False,
        True,
        20,
        7,
        "CREATE_REGISTRATION",
        [F0, F1, F5, F6],
        ["QUALIFICATION_CERTIFICATE", "HEALTH_CERTIFICATE"],
    ),
    (
        "DOCTOR_CHANGE_REGISTRATION",
        "DOCTOR",
        "医师变更注册",
        "Physician change of registration",
        True,
        False,
        False,
        20,
        7,
        "CHANGE_REGISTRATION",
        [F7, F8, F9],
        [],
    ),
    (
        "DOCTOR_MULTI_SITE_FILING",
        "DOCTOR",
        "医师多机构备案",
        "Physician multi-institution filing",
        True,
        True,
        False,
        5,
        7,
        "ADD_FILING",
        [F10],
        ["PRACTICE_AGREEMENT"],
    ),
    (
        "DOCTOR_MULTI_SITE_CANCELLATION",
        "DOCTOR",
        "医师多机构备案注销",
        "Cancellation of a multi-institution filing",
        False,
        True,
        False,
        5,
        7,
        "REMOVE_FILING",
        [F10],
        [],
    ),
    (
        "DOCTOR_CANCELLATION_FILING",
        "DOCTOR",
        "医师注销注册备案",
        "Physician cancellation filing",
        True,
        True,
        False,
        5,
        7,
        "CANCEL_REGISTRATION",
        [F4],
        [],
    ),
    (
        "DOCTOR_REREGISTRATION",
        "DOCTOR",
        "医师重新注册",
        "Physician re-registration",
        True,
        False,
        True,
        20,
        7,
        "REACTIVATE_REGISTRATION",
        [F3, F5, F6],
        ["HEALTH_CERTIFICATE", "TRAINING_CERTIFICATE"],
    ),
    (
        "INSTITUTION_PRACTICE_REGISTRATION",
        "INSTITUTION",
        "医疗机构执业登记",
        "Institution practice registration",
        False,
        False,
        True,
        30,
        7,
        "REGISTER_INSTITUTION",
        [F11, F12, F13, F14],
        ["PREMISES_PROOF", "EQUIPMENT_LIST", "STAFF_LIST"],
    ),
    (
        "INSTITUTION_CHANGE_REGISTRATION",
        "INSTITUTION",
        "医疗机构变更登记",
        "Institution change of registration",
        False,
        False,
        False,
        20,
        7,
        "CHANGE_INSTITUTION",
        [F15, F16, F17, F18, F19],
        [],
    ),
    (
        "INSTITUTION_VALIDATION",
        "INSTITUTION",
        "医疗机构校验",
        "Institution validation",
        False,
        False,
        False,
        20,
        7,
        "VALIDATE_INSTITUTION",
        [],
        ["SELF_INSPECTION_REPORT"],
    ),
    (
        "INSTITUTION_CANCELLATION",
        "INSTITUTION",
        "医疗机构注销登记",
        "Institution cancellation of registration",
        False,
        False,
        False,
        20,
        7,
        "CANCEL_INSTITUTION",
        [F4],
        [],
    ),
]
COLUMNS = (
    "code",
    "subject",
    "name_zh",
    "name_en",
    "institution_review",
    "online_only",
    "paper_required",
    "time_limit_days",
    "notice_days",
    "effect",
    "fields",
    "attachments",
)
CATALOGUE = [
    {**dict(zip(COLUMNS, row, strict=True)), "position": n, "version": 1}
    for n, row in enumerate(ITEMS, start=1)
]


def upgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    op.create_table(
        "approval_item",
        sa.Column(
            "code",
            sa.Enum(
                "NURSE_FIRST_REGISTRATION",
                "NURSE_CHANGE_REGISTRATION",
                "NURSE_RENEWAL",
                "NURSE_REREGISTRATION",
                "NURSE_CANCELLATION",
                "DOCTOR_FIRST_REGISTRATION",
                "DOCTOR_CHANGE_REGISTRATION",
                "DOCTOR_MULTI_SITE_FILING",
                "DOCTOR_MULTI_SITE_CANCELLATION",
                "DOCTOR_CANCELLATION_FILING",
                "DOCTOR_REREGISTRATION",
                "INSTITUTION_PRACTICE_REGISTRATION",
                "INSTITUTION_CHANGE_REGISTRATION",
                "INSTITUTION_VALIDATION",
                "INSTITUTION_CANCELLATION",
                name="item_code",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column(
            "subject",
            sa.Enum(
                "NURSE",
                "DOCTOR",
                "INSTITUTION",
                name="registration_subject",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("name_zh", sa.String(length=40), nullable=False),
        sa.Column("name_en", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("institution_review", sa.Boolean(), nullable=False),
        sa.Column("online_only", sa.Boolean(), nullable=False),
        sa.Column("paper_required", sa.Boolean(), nullable=False),
        sa.Column("time_limit_days", sa.Integer(), nullable=False),
        sa.Column("notice_days", sa.Integer(), nullable=False),
        sa.Column(
            "effect",
            sa.Enum(
                "CREATE_REGISTRATION",
                "CHANGE_REGISTRATION",
                "EXTEND_REGISTRATION",
                "REACTIVATE_REGISTRATION",
                "CANCEL_REGISTRATION",
                "ADD_FILING",
                "REMOVE_FILING",
                "REGISTER_INSTITUTION",
                "CHANGE_INSTITUTION",
                "VALIDATE_INSTITUTION",
                "CANCEL_INSTITUTION",
                name="item_effect",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column(
            "fields",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "attachments",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_by", sa.String(length=64), nullable=True),
        sa.CheckConstraint(
            "NOT (online_only AND paper_required)",
            name=op.f("ck_approval_item_online_only_paperless"),
        ),
        sa.CheckConstraint(
            "notice_days BETWEEN 0 AND 90", name=op.f("ck_approval_item_notice_days_range")
        ),
        sa.CheckConstraint(
            "time_limit_days BETWEEN 1 AND 120", name=op.f("ck_approval_item_time_limit_range")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_approval_item")),
    )
    op.create_table(
        "registry_counter",
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("scope", "year", name=op.f("pk_registry_counter")),
    )
    op.create_table(
        "application",
        sa.Column("number", sa.String(length=32), nullable=True),
        sa.Column(
            "item_code",
            sa.Enum(
                "NURSE_FIRST_REGISTRATION",
                "NURSE_CHANGE_REGISTRATION",
                "NURSE_RENEWAL",
                "NURSE_REREGISTRATION",
                "NURSE_CANCELLATION",
                "DOCTOR_FIRST_REGISTRATION",
                "DOCTOR_CHANGE_REGISTRATION",
                "DOCTOR_MULTI_SITE_FILING",
                "DOCTOR_MULTI_SITE_CANCELLATION",
                "DOCTOR_CANCELLATION_FILING",
                "DOCTOR_REREGISTRATION",
                "INSTITUTION_PRACTICE_REGISTRATION",
                "INSTITUTION_CHANGE_REGISTRATION",
                "INSTITUTION_VALIDATION",
                "INSTITUTION_CANCELLATION",
                name="item_code",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column(
            "subject",
            sa.Enum(
                "NURSE",
                "DOCTOR",
                "INSTITUTION",
                name="registration_subject",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "DRAFT",
                "AWAITING_INSTITUTION",
                "AWAITING_ACCEPTANCE",
                "UNDER_REVIEW",
                "AWAITING_PAPER",
                "RETURNED",
                "COMPLETED",
                "REJECTED",
                "NOT_ACCEPTED",
                "WITHDRAWN",
                name="app_status",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("applicant_account_id", sa.Uuid(), nullable=True),
        sa.Column("subject_person_id", sa.Uuid(), nullable=True),
        sa.Column("subject_institution_id", sa.Uuid(), nullable=True),
        sa.Column("subject_name", sa.String(length=120), nullable=False),
        sa.Column("registration_id", sa.Uuid(), nullable=True),
        sa.Column("institution_id", sa.Uuid(), nullable=True),
        sa.Column("authority_code", sa.String(length=6), nullable=True),
        sa.Column("district_code", sa.String(length=6), nullable=True),
        sa.Column(
            "payload",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("institution_review", sa.Boolean(), nullable=False),
        sa.Column("paper_required", sa.Boolean(), nullable=False),
        sa.Column("time_limit_days", sa.Integer(), nullable=False),
        sa.Column(
            "returned_from",
            sa.Enum(
                "DRAFT",
                "AWAITING_INSTITUTION",
                "AWAITING_ACCEPTANCE",
                "UNDER_REVIEW",
                "AWAITING_PAPER",
                "RETURNED",
                "COMPLETED",
                "REJECTED",
                "NOT_ACCEPTED",
                "WITHDRAWN",
                name="app_status",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("open_guard", sa.String(length=120), nullable=True),
        sa.Column("clock_started_on", sa.Date(), nullable=True),
        sa.Column("clock_days_used", sa.Integer(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("notice_until", sa.Date(), nullable=True),
        sa.Column("created_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("accepted_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decided_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("completed_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["authority_code"],
            ["authority.code"],
            name=op.f("fk_application_authority_code_authority"),
        ),
        sa.ForeignKeyConstraint(
            ["district_code"],
            ["authority.code"],
            name=op.f("fk_application_district_code_authority"),
        ),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institution.id"],
            name=op.f("fk_application_institution_id_institution"),
        ),
        sa.ForeignKeyConstraint(
            ["item_code"],
            ["approval_item.code"],
            name=op.f("fk_application_item_code_approval_item"),
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registration.id"],
            name=op.f("fk_application_registration_id_registration"),
        ),
        sa.ForeignKeyConstraint(
            ["subject_institution_id"],
            ["institution.id"],
            name=op.f("fk_application_subject_institution_id_institution"),
        ),
        sa.ForeignKeyConstraint(
            ["subject_person_id"],
            ["person.id"],
            name=op.f("fk_application_subject_person_id_person"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application")),
        sa.UniqueConstraint("number", name=op.f("uq_application_number")),
        sa.UniqueConstraint("open_guard", name=op.f("uq_application_open_guard")),
    )
    with op.batch_alter_table("application", schema=None) as batch_op:
        batch_op.create_index(
            "ix_application_authority_status_deadline",
            ["authority_code", "status", "deadline"],
            unique=False,
        )
        batch_op.create_index(
            "ix_application_institution_status", ["institution_id", "status"], unique=False
        )
        batch_op.create_index(
            "ix_application_notice", ["authority_code", "notice_until"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_application_registration_id"), ["registration_id"], unique=False
        )
        batch_op.create_index(
            "ix_application_subject_institution",
            ["subject_institution_id", "created_at"],
            unique=False,
        )
        batch_op.create_index(
            "ix_application_subject_person", ["subject_person_id", "created_at"], unique=False
        )

    op.create_table(
        "application_event",
        sa.Column("application_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column(
            "from_status",
            sa.Enum(
                "DRAFT",
                "AWAITING_INSTITUTION",
                "AWAITING_ACCEPTANCE",
                "UNDER_REVIEW",
                "AWAITING_PAPER",
                "RETURNED",
                "COMPLETED",
                "REJECTED",
                "NOT_ACCEPTED",
                "WITHDRAWN",
                name="app_status",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "to_status",
            sa.Enum(
                "DRAFT",
                "AWAITING_INSTITUTION",
                "AWAITING_ACCEPTANCE",
                "UNDER_REVIEW",
                "AWAITING_PAPER",
                "RETURNED",
                "COMPLETED",
                "REJECTED",
                "NOT_ACCEPTED",
                "WITHDRAWN",
                name="app_status",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("actor_account_id", sa.Uuid(), nullable=True),
        sa.Column("actor_role", sa.String(length=40), nullable=False),
        sa.Column("actor_name", sa.String(length=64), nullable=False),
        sa.Column("opinion", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["application.id"],
            name=op.f("fk_application_event_application_id_application"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application_event")),
        sa.UniqueConstraint(
            "application_id", "seq", name=op.f("uq_application_event_application_id_seq")
        ),
    )
    op.create_table(
        "attachment",
        sa.Column("application_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.Column("uploaded_by", sa.Uuid(), nullable=True),
        sa.Column("uploaded_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["application.id"],
            name=op.f("fk_attachment_application_id_application"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment")),
    )
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_attachment_application_id"), ["application_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_attachment_uploaded_by"), ["uploaded_by"], unique=False
        )

    op.create_table(
        "idempotency_key",
        sa.Column("scope", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("operation", sa.String(length=64), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("application_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["application.id"],
            name=op.f("fk_idempotency_key_application_id_application"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotency_key")),
        sa.UniqueConstraint("scope", "key", name=op.f("uq_idempotency_key_scope_key")),
    )
    # ### end Alembic commands ###
    approval_item = sa.table(
        "approval_item",
        *(sa.column(name) for name in (*COLUMNS[:-2], "position", "version")),
        sa.column("fields", sa.JSON()),
        sa.column("attachments", sa.JSON()),
    )
    op.bulk_insert(approval_item, CATALOGUE)


def downgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    op.drop_table("idempotency_key")
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachment_uploaded_by"))
        batch_op.drop_index(batch_op.f("ix_attachment_application_id"))

    op.drop_table("attachment")
    op.drop_table("application_event")
    with op.batch_alter_table("application", schema=None) as batch_op:
        batch_op.drop_index("ix_application_subject_person")
        batch_op.drop_index("ix_application_subject_institution")
        batch_op.drop_index(batch_op.f("ix_application_registration_id"))
        batch_op.drop_index("ix_application_notice")
        batch_op.drop_index("ix_application_institution_status")
        batch_op.drop_index("ix_application_authority_status_deadline")

    op.drop_table("application")
    op.drop_table("registry_counter")
    op.drop_table("approval_item")
    # ### end Alembic commands ###
