"""Small explicit builders of valid directory data: identity numbers, credit codes, mobiles,
institutions and persons."""

from __future__ import annotations

import itertools
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession
from stdnum.cn import ric, uscc

from core.audit import SYSTEM
from directory import service
from directory.models import Institution, InstitutionLevel, InstitutionType, Person

_serial = itertools.count(1)


def resident_id(
    region: str = "310115",
    born: date = date(1995, 5, 17),
    seq: int | None = None,
    female: bool = True,
) -> str:
    n = seq if seq is not None else next(_serial)
    order = f"{(n * 2) % 1000:03d}"
    order = order[:2] + str((int(order[2]) // 2) * 2 + (0 if female else 1))
    body = f"{region}{born:%Y%m%d}{order}"
    return body + ric.calc_check_digit(body + "0")  # stdnum expects a placeholder check digit


def social_credit_code(seq: int | None = None) -> str:
    n = seq if seq is not None else next(_serial)
    body = f"12310115{n:09d}"
    return body + uscc.calc_check_digit(body)


def mobile(seq: int | None = None) -> str:
    n = seq if seq is not None else next(_serial)
    return f"138{n:08d}"


async def institution(
    session: AsyncSession,
    *,
    name: str | None = None,
    district: str = "310115",
    authority: str | None = None,
    type: InstitutionType = InstitutionType.GENERAL_HOSPITAL,
    beds: int = 300,
) -> Institution:
    n = next(_serial)
    return await service.create_institution(
        session,
        SYSTEM,
        service.InstitutionInput(
            uscc=social_credit_code(n),
            licence_number=f"TEST{n:08d}",
            name=name or f"测试医院{n}",
            type=type,
            level=InstitutionLevel.SECONDARY,
            beds=beds,
            district_code=district,
            authority_code=authority or district,
            subjects=["内科", "外科"],
            contact_name="王联系",
            contact_mobile=mobile(n),
        ),
    )


async def person(
    session: AsyncSession,
    *,
    name: str = "张晓华",
    id_number: str | None = None,
    mobile_number: str | None = None,
) -> Person:
    return await service.create_person(
        session,
        SYSTEM,
        name=name,
        id_number=id_number or resident_id(),
        mobile=mobile_number or mobile(),
    )


def id_numbers_fitting(masked: str, birth_year: int, male: bool | None = None) -> list[str]:
    """Every valid ID number consistent with a masked number (digits 1–4 and 15–18 shown),
    a birth year and (optionally) the sex: what a reader can narrow the number down to."""
    from datetime import timedelta

    from stdnum.cn import ric

    found = []
    day = date(birth_year, 1, 1)
    while day.year == birth_year:
        for hidden in range(100):
            first17 = f"{masked[:4]}{hidden:02d}{day:%Y%m%d}{masked[14:17]}"
            number = first17 + ric.calc_check_digit(first17 + "0")
            if number[-1] == masked[-1] and (male is None or int(number[16]) % 2 == male):
                found.append(number)
        day += timedelta(days=1)
    return found
