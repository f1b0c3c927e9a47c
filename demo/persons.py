"""Person rows: a name, a unique resident ID number and mobile, both sealed (AES-GCM bound to
the row and column, HMAC blind index, masked copy) exactly as ``registry.service`` stores them."""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime
from typing import Any

from core.crypto import mask_id_number, mask_mobile
from core.sealing import FieldSealer
from demo import names
from demo.context import new_uuid
from demo.geography import DISTRICTS, District
from directory.models import Sex
from directory.service import ID_NUMBER_PURPOSE, MOBILE_PURPOSE


class PersonFactory:
    def __init__(self, rng: random.Random, sealer: FieldSealer) -> None:
        self.rng = rng
        self.sealer = sealer
        self.id_numbers: set[str] = set()
        self.mobiles: set[str] = set()

    def build(
        self, district: District, *, female: bool, born: date, created_at: datetime
    ) -> dict[str, Any]:
        """A person working in ``district`` (most were also born there)."""
        rng, sealer = self.rng, self.sealer
        while True:
            region = names.id_region(rng, district, DISTRICTS, born)
            number = names.resident_id(rng, region, born, female=female)
            if number not in self.id_numbers:
                self.id_numbers.add(number)
                break
        while True:
            mobile = names.mobile(rng)
            if mobile not in self.mobiles:
                self.mobiles.add(mobile)
                break
        person_id: uuid.UUID = new_uuid(rng)
        return {
            "id": person_id,
            "name": names.person_name(rng, female=female),
            "id_number_enc": sealer.encrypt(
                number, table="person", column="id_number", row_id=person_id
            ),
            "id_number_index": sealer.blind_index(number, purpose=ID_NUMBER_PURPOSE),
            "id_number_masked": mask_id_number(number),
            "sex": Sex.FEMALE if female else Sex.MALE,
            "birth_date": born,
            "mobile_enc": sealer.encrypt(mobile, table="person", column="mobile", row_id=person_id),
            "mobile_index": sealer.blind_index(mobile, purpose=MOBILE_PURPOSE),
            "mobile_masked": mask_mobile(mobile),
            "created_at": created_at,
        }
