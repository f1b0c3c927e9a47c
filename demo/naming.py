"""Institution names in Chinese and English: fictional brands, universities and the naming
patterns of Shanghai's CDCs, maternal & child health institutes, community health centres,
hospitals, nursing homes and clinics."""

from __future__ import annotations

import random
from dataclasses import dataclass

from demo import vocabulary
from demo.geography import District
from demo.vocabulary import Specialty
from directory.models import InstitutionLevel, InstitutionType

T = InstitutionType
_ORDINALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Naming:
    zh: str
    en: str | None
    specialty: Specialty | None = None
    """A specialist hospital's or clinic's field, which decides its subjects and doctors."""


class InstitutionNamer:
    """Draws names and keeps them unique across the city."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.names: set[str] = set()
        self.community_centres: dict[str, int] = {}
        self.district_tcm: set[str] = set()

    def name(self, kind: InstitutionType, level: InstitutionLevel, district: District) -> Naming:
        for _ in range(30):
            naming = self._candidate(kind, level, district)
            if naming.zh not in self.names:
                break
        else:  # thousands of brands make this practically unreachable
            naming = Naming(f"{naming.zh}（{len(self.names)}）", naming.en, naming.specialty)
        self.names.add(naming.zh)
        return naming

    def _brand(self) -> tuple[str, str]:
        first, first_en = self.rng.choice(vocabulary.BRAND_FIRST)
        second, second_en = self.rng.choice(vocabulary.BRAND_SECOND)
        return first + second, first_en + second_en

    def _candidate(self, kind: InstitutionType, level: InstitutionLevel, d: District) -> Naming:
        rng = self.rng
        brand, brand_en = self._brand()
        city = f"上海市{d.name}"
        if kind is T.CDC:
            return Naming(f"{city}疾病预防控制中心", f"Shanghai {d.name_en} CDC")
        if kind is T.MATERNAL_CHILD_HEALTH:
            en = f"Shanghai {d.name_en} Maternal and Child Health Institute"
            return Naming(f"{city}妇幼保健所", en)
        if kind is T.COMMUNITY_HEALTH_CENTRE:
            n = self.community_centres.get(d.code, 0)
            self.community_centres[d.code] = n + 1
            town, branch = d.towns[n % len(d.towns)], n // len(d.towns)
            suffix = f"第{_ORDINALS[(branch - 1) % 10]}分中心" if branch else ""
            return Naming(f"{city}{town}社区卫生服务中心{suffix}", None)
        if kind is T.NURSING_HOME:
            return Naming(f"上海{d.name}{brand}护理院", f"Shanghai {brand_en} Nursing Home")
        if kind is T.CLINIC:
            specialty = rng.choices(
                vocabulary.CLINIC_SPECIALTIES, weights=vocabulary.CLINIC_SPECIALTY_WEIGHTS
            )[0]
            if rng.random() < 0.4:
                en = f"Shanghai {brand_en} {specialty.en} Outpatient Department"
                return Naming(f"上海{brand}{specialty.zh}门诊部", en, specialty)
            en = f"Shanghai {d.name_en} {brand_en} {specialty.en} Clinic"
            return Naming(f"上海{d.name}{brand}{specialty.zh}诊所", en, specialty)
        tertiary = level is InstitutionLevel.TERTIARY
        if kind is T.TCM_HOSPITAL:
            if tertiary:
                univ, univ_en = vocabulary.TCM_UNIVERSITY
                return Naming(f"{univ}附属{brand}医院", f"{brand_en} Hospital, {univ_en}")
            if d.code not in self.district_tcm:
                self.district_tcm.add(d.code)
                return Naming(f"{city}中医医院", f"Shanghai {d.name_en} Hospital of TCM")
            return Naming(f"上海{brand}中医医院", f"Shanghai {brand_en} Hospital of TCM")
        if kind is T.SPECIALIST_HOSPITAL:
            specialty = rng.choice(vocabulary.HOSPITAL_SPECIALTIES)
            en = f"Shanghai {brand_en} {specialty.en} Hospital"
            if tertiary and rng.random() < 0.5:
                univ, univ_en = rng.choice(vocabulary.UNIVERSITIES)
                en = f"{specialty.en} Hospital, {univ_en}"
                return Naming(f"{univ}附属{specialty.zh}医院", en, specialty)
            return Naming(f"上海{brand}{specialty.zh}医院", en, specialty)
        # general hospitals
        if tertiary:
            if rng.random() < 0.6:
                univ, univ_en = rng.choice(vocabulary.UNIVERSITIES)
                return Naming(f"{univ}附属{brand}医院", f"{brand_en} Hospital, {univ_en}")
            return Naming(f"上海市{brand}医院", f"Shanghai {brand_en} Hospital")
        if level is InstitutionLevel.SECONDARY and rng.random() < 0.4:
            town = rng.choice(d.towns)
            stem = town.removesuffix("街道").removesuffix("镇").removesuffix("乡")
            return Naming(f"{city}{stem}医院", None)
        return Naming(f"{city}{brand}医院", f"Shanghai {d.name_en} {brand_en} Hospital")
