import uuid

import pytest

from core.crypto import DecryptionFailed, Keyring, mask_id_number, mask_mobile, mask_name

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


def test_mask_mobile_and_name() -> None:
    assert mask_mobile("13812345678") == "138****5678"
    assert mask_mobile("+8613812345678") == "138****5678"
    assert mask_name("张晓华") == "张*华"
    assert mask_name("李明") == "李*"
    assert mask_name("欧阳小明") == "欧**明"
