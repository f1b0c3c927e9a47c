"""NIST SP 800-63B password rules and argon2id."""

from __future__ import annotations

import pytest

from core.errors import ValidationFailed
from identity.passwords import check_new_password, hash_password, verify_password
from tests.factories.accounts import CHEAP


@pytest.mark.parametrize(
    ("password", "with_mfa"),
    [
        ("eight ch", True),  # 8 with a second factor
        ("fifteen chars!!", False),  # 15 without
        ("密码是一句很长的中文句子不是吗", False),  # any Unicode
        ("x" * 10 + "🙂 emoji and spaces " * 4, False),  # 64+ accepted
        ("alllowercase but long enough", False),  # no composition rules
    ],
)
def test_accepted(password: str, with_mfa: bool) -> None:
    assert check_new_password(password, CHEAP, with_mfa=with_mfa)


@pytest.mark.parametrize(
    ("password", "with_mfa", "why"),
    [
        ("seven c", True, "at least 8"),
        ("fourteen chars", False, "at least 15"),
        ("passwordpassword", False, "too common"),
        ("1qaz2wsx3edc", True, "too common"),
        ("WOAINI1314", True, "too common"),
        ("aaaaaaaaaaaaaaaa", False, "too common"),
        ("abcdefghijklmnop", False, "too common"),
        ("x" * 257, False, "at most 256"),
    ],
)
def test_refused(password: str, with_mfa: bool, why: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        check_new_password(password, CHEAP, with_mfa=with_mfa, field="newPassword")
    assert caught.value.problems[0].field == "newPassword"
    assert why in caught.value.problems[0].message


def test_own_name_refused() -> None:
    with pytest.raises(ValidationFailed):
        check_new_password("zhangsan.op1234", CHEAP, with_mfa=True, context=("zhangsan.op",))


def test_hash_is_argon2id_and_verifies_normalised() -> None:
    stored = hash_password("ｆｕｌｌｗｉｄｔｈ password", CHEAP)
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, "fullwidth password", CHEAP)  # NFKC
    assert not verify_password(stored, "fullwidth passwore", CHEAP)
    assert not verify_password(None, "anything at all", CHEAP)
