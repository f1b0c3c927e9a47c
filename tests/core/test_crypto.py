import uuid
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import ric

from core.crypto import (
    DecryptionFailed,
    Keyring,
    mask_id_number,
    mask_mobile,
    mask_name,
)
from tests.factories.directory import id_numbers_fitting

KEYRING = Keyring.from_master(b"k" * 32)


def test_round_trip_binds_row_and_column() -> None:
    row = uuid.uuid4()
    blob = KEYRING.encrypt("310115199505170028", table="person", column="id_number", row_id=row)
    assert b"310115" not in blob
    assert (
        KEYRING.decrypt(blob, table="person", column="id_number", row_id=row)
        == "310115199505170028"
    )


def test_ciphertext_copied_to_another_row_fails() -> None:
    blob = KEYRING.encrypt("13812345678", table="person", column="mobile", row_id=uuid.uuid4())
    with pytest.raises(DecryptionFailed):
        KEYRING.decrypt(blob, table="person", column="mobile", row_id=uuid.uuid4())


def test_ciphertext_copied_to_another_column_fails() -> None:
    row = uuid.uuid4()
    blob = KEYRING.encrypt("13812345678", table="person", column="mobile", row_id=row)
    with pytest.raises(DecryptionFailed):
        KEYRING.decrypt(blob, table="person", column="id_number", row_id=row)


def test_tampered_ciphertext_fails() -> None:
    row = uuid.uuid4()
    blob = bytearray(KEYRING.encrypt("x", table="t", column="c", row_id=row))
    blob[-1] ^= 1
    with pytest.raises(DecryptionFailed):
        KEYRING.decrypt(bytes(blob), table="t", column="c", row_id=row)


def test_other_key_fails() -> None:
    row = uuid.uuid4()
    blob = KEYRING.encrypt("x", table="t", column="c", row_id=row)
    with pytest.raises(DecryptionFailed):
        Keyring.from_master(b"z" * 32).decrypt(blob, table="t", column="c", row_id=row)


def test_blind_index_is_stable_keyed_and_separated_by_purpose() -> None:
    a = KEYRING.blind_index("13812345678", purpose="person.mobile")
    assert a == KEYRING.blind_index("13812345678", purpose="person.mobile")
    assert a != KEYRING.blind_index("13812345678", purpose="person.id_number")
    assert a != Keyring.from_master(b"z" * 32).blind_index("13812345678", purpose="person.mobile")


def test_short_master_key_refused() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        Keyring.from_master(b"short")


@pytest.mark.parametrize(
    ("value", "masked"),
    [("31011519950517123X", "3101**********123X"), ("310115199505171234", "3101**********1234")],
)
def test_mask_id_number(value: str, masked: str) -> None:
    assert mask_id_number(value) == masked


def _with_check_digit(first17: str) -> str:
    return first17 + ric.calc_check_digit(first17 + "0")


def _fitting(visible: dict[int, str], born: date, male: bool) -> list[str]:
    """Every valid ID number showing ``visible`` (1-based digit positions), ``born`` and the
    sex: what a reader of the printed fields can narrow the number down to."""
    found = []
    for area_tail in range(100):
        for sequence in range(1000):
            if sequence % 2 != male:
                continue
            number = _with_check_digit(f"3101{area_tail:02d}{born:%Y%m%d}{sequence:03d}")
            if all(number[i - 1] == digit for i, digit in visible.items()):
                found.append(number)
    return found


def _visible(masked: str) -> dict[int, str]:
    return {i: ch for i, ch in enumerate(masked, start=1) if ch != "*"}


@settings(max_examples=5, deadline=None)
@given(
    area=st.sampled_from(["310101", "310104", "310115", "310151"]),
    born=st.dates(min_value=date(1950, 1, 1), max_value=date(2006, 12, 31)),
    sequence=st.integers(min_value=0, max_value=999),
)
def test_beside_the_mask_a_birth_date_gives_the_number_away_and_a_birth_year_does_not(
    area: str, born: date, sequence: int
) -> None:
    """Why no page or document shows a full birth date beside a masked ID number."""
    number = _with_check_digit(f"{area}{born:%Y%m%d}{sequence:03d}")
    male = sequence % 2 == 1
    masked = mask_id_number(number)
    assert len(_fitting(_visible(masked), born, male)) <= 10
    by_year = id_numbers_fitting(masked, born.year, male)
    assert number in by_year
    assert len(by_year) >= 100


def test_mask_mobile_and_name() -> None:
    assert mask_mobile("13812345678") == "138****5678"
    assert mask_mobile("+8613812345678") == "138****5678"
    assert mask_name("张晓华") == "张*华"
    assert mask_name("李明") == "李*"
    assert mask_name("欧阳小明") == "欧**明"
