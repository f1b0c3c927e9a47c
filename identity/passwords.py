"""Password rules (NIST SP 800-63B: length, no composition rules, a blocklist) and argon2id."""

from __future__ import annotations

import itertools
import unicodedata
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from core.errors import Problem, ValidationFailed
from identity.config import PasswordPolicy
from identity.errors import IdentityProblem

_BLOCKLIST = Path(__file__).with_name("data") / "common-passwords.txt"


@cache
def blocklist() -> frozenset[str]:
    lines = _BLOCKLIST.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line and not line.startswith("#"))


@cache
def _hasher(policy: PasswordPolicy) -> PasswordHasher:
    return PasswordHasher(
        time_cost=policy.argon2_time_cost,
        memory_cost=policy.argon2_memory_kib,
        parallelism=policy.argon2_parallelism,
    )


def normalise(password: str) -> str:
    """NFKC, as SP 800-63B asks, so the same password typed on two keyboards matches."""
    return unicodedata.normalize("NFKC", password)


def _monotonous(password: str) -> bool:
    """One repeated character, or a run like ``abcdefgh`` / ``98765432``."""
    if len(set(password)) <= 2:
        return True
    steps = {ord(b) - ord(a) for a, b in itertools.pairwise(password)}
    return len(steps) == 1 and steps <= {1, -1}


def check_new_password(
    password: str,
    policy: PasswordPolicy,
    *,
    with_mfa: bool,
    context: tuple[str | None, ...] = (),
    field: str = "password",
) -> str:
    """Return the normalised password or raise a ValidationFailed naming ``field``.

    Any Unicode is accepted (spaces too); the only rules are length, the blocklist and not
    being the user's own name, username or mobile."""
    value = normalise(password)
    minimum = policy.min_length_with_mfa if with_mfa else policy.min_length_single_factor
    length = len(value)
    if length < minimum:
        hint = "" if with_mfa else " (the password is your only sign-in factor)"
        raise ValidationFailed.on(
            field,
            f"must be at least {minimum} characters{hint}",
            Problem.TOO_SHORT,
            minimum=minimum,
        )
    if length > policy.max_length:
        raise ValidationFailed.on(
            field,
            f"must be at most {policy.max_length} characters",
            Problem.TOO_LONG,
            maximum=policy.max_length,
        )
    lowered = value.lower()
    if lowered in blocklist() or _monotonous(lowered):
        raise ValidationFailed.on(
            field,
            "is too common or too easy to guess; choose another",
            IdentityProblem.PASSWORD_COMMON,
        )
    for word in context:
        if word and len(word) >= 3 and word.lower() in lowered and len(word) * 2 > length:
            raise ValidationFailed.on(
                field,
                "must not be built from your name or number",
                IdentityProblem.PASSWORD_PERSONAL,
            )
    return value


def hash_password(password: str, policy: PasswordPolicy) -> str:
    return _hasher(policy).hash(normalise(password))


def verify_password(stored: str | None, password: str, policy: PasswordPolicy) -> bool:
    """Constant work whether or not an account exists: a missing hash is checked against a
    dummy one so response time does not tell which identifiers exist."""
    hasher = _hasher(policy)
    candidate = normalise(password)
    if len(candidate) > policy.max_length:
        return False
    try:
        return hasher.verify(stored or _dummy_hash(policy), candidate) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


@cache
def _dummy_hash(policy: PasswordPolicy) -> str:
    return _hasher(policy).hash("medreg dummy password for absent accounts")


def needs_rehash(stored: str, policy: PasswordPolicy) -> bool:
    return _hasher(policy).check_needs_rehash(stored)
