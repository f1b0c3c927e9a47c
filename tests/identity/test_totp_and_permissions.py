"""TOTP verification windows and replay; the permission enum and role map."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp

from access.actor import Actor, Grant, Role
from access.permissions import ROLE_PERMISSIONS, Permission, has_permission, permissions_of
from identity import totp


def test_codes_match_one_step_either_way() -> None:
    secret = totp.new_secret()
    at = datetime(2026, 11, 25, 2, 0, 10, tzinfo=UTC)
    now_code = pyotp.TOTP(secret).at(at)
    assert totp.matching_step(secret, now_code, at) == int(at.timestamp()) // 30
    assert totp.matching_step(secret, now_code, at + timedelta(seconds=30)) is not None
    assert totp.matching_step(secret, now_code, at + timedelta(seconds=90)) is None
    assert totp.matching_step(secret, "12345", at) is None
    assert totp.matching_step(secret, "abcdef", at) is None


def test_enrolment_uri_and_qr() -> None:
    made = totp.enrolment("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", account_name="op.1", issuer="medreg")
    assert made.otpauth_uri == (
        "otpauth://totp/medreg:op.1?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=medreg"
    )
    assert made.qr_png_data_uri.startswith("data:image/png;base64,iVBOR")


def test_permissions_are_alphabetised_and_named_scope_resource_action() -> None:
    values = [p.value for p in Permission]
    assert values == sorted(values)
    assert all(len(v.split(":")) == 3 for v in values)
    assert "registry:application:decide" in values
    assert "certificates:licence:suspend" in values


def test_roles_map_to_permissions() -> None:
    assert set(ROLE_PERMISSIONS) == set(Role)
    officer = Actor(
        account_id=__import__("uuid").uuid4(),
        grants=(Grant(Role.AUTHORITY_OFFICER, authority_code="310115"),),
    )
    assert has_permission(officer, Permission.REGISTRY_APPLICATION_DECIDE)
    assert not has_permission(officer, Permission.IDENTITY_CERTIFICATION_DECIDE)
    practitioner = Actor(account_id=officer.account_id, grants=(Grant(Role.PRACTITIONER),))
    assert permissions_of(practitioner) >= {
        Permission.REGISTRY_APPLICATION_SUBMIT,
        Permission.IDENTITY_CERTIFICATION_REQUEST,
    }
    assert Permission.REGISTRY_APPLICATION_DECIDE not in permissions_of(practitioner)
    assert not has_permission(Actor(), Permission.REGISTRY_APPLICATION_READ)
