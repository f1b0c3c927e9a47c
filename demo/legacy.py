"""``medreg demo export-legacy``: the synthetic city written as the old systems exported it
(three CSV files with Chinese headers), with a chosen share of realistic dirt, so anyone can
try ``medreg import``. The same seed gives the same files.

The demo stages run unchanged; their inserts are caught instead of sent to a database, and
their sealer keeps values in clear (nothing here is stored)."""

from __future__ import annotations

import csv
import random
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any, cast

from sqlalchemy.ext.asyncio import AsyncConnection

from core.db import Base
from core.sealing import FieldSealer
from demo import names
from demo.context import DemoContext
from demo.institutions import load_institutions
from demo.practitioners import load_practitioners
from demo.scale import Scale
from directory.models import Institution, Person, Practitioner, Profession
from directory.regions import DISTRICTS
from registry.imports.columns import DOCTOR_COLUMNS, INSTITUTION_COLUMNS, NURSE_COLUMNS
from registry.imports.vocabulary import CATEGORY_WORDS, LEVEL_WORDS, SEX_WORDS, TYPE_WORDS
from registry.registrations.models import Filing, Registration, RegistrationSubject

FILES = {"institutions": "institutions.csv", "doctors": "doctors.csv", "nurses": "nurses.csv"}
ENCODINGS = {"institutions": "gb18030", "doctors": "utf-8-sig", "nurses": "utf-8"}
"""As the three old systems wrote them: GB18030, UTF-8 with a BOM, UTF-8 without."""

_TRADITIONAL = str.maketrans(
    {"黄": "黃", "汇": "匯", "长": "長", "宁": "寧", "静": "靜", "杨": "楊", "闵": "閔",
     "宝": "寶", "东": "東", "区": "區", "贤": "賢"}
)  # fmt: skip
_FULL_WIDTH = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})


class _PlainSealer(FieldSealer):
    """Keeps the values in clear: the export writes them, nothing stores them."""

    def __init__(self) -> None:
        pass

    def encrypt(self, plaintext: str, *, table: str, column: str, row_id: uuid.UUID) -> bytes:
        return plaintext.encode()

    def blind_index(self, value: str, *, purpose: str) -> str:
        return ""


@dataclass
class LegacySummary:
    files: dict[str, Path]
    rows: Counter[str] = field(default_factory=Counter)
    dirt: Counter[str] = field(default_factory=Counter)


class _Writer:
    """Turns the stages' rows into the old systems' lines, dirtying a share of them."""

    def __init__(self, outdir: Path, dirty: float, seed: int) -> None:
        outdir.mkdir(parents=True, exist_ok=True)
        self.rng = random.Random(f"medreg-legacy:{seed}")
        self.dirty = dirty
        self.summary = LegacySummary({k: outdir / v for k, v in FILES.items()})
        self.handles: dict[str, IO[str]] = {}
        self.writers: dict[str, Any] = {}
        for kind, columns in (
            ("institutions", INSTITUTION_COLUMNS),
            ("doctors", DOCTOR_COLUMNS),
            ("nurses", NURSE_COLUMNS),
        ):
            handle = self.summary.files[kind].open("w", encoding=ENCODINGS[kind], newline="")
            self.handles[kind] = handle
            self.writers[kind] = csv.writer(handle)
            self.writers[kind].writerow([c.header for c in columns])
        self.usccs: dict[uuid.UUID, str] = {}
        self.persons: dict[uuid.UUID, dict[str, Any]] = {}
        self.practitioners: dict[uuid.UUID, dict[str, Any]] = {}
        self.pending: list[dict[str, Any]] = []
        self.filings: dict[uuid.UUID, list[str]] = {}
        self.doctors_seen: list[dict[str, Any]] = []
        self.repeats: list[tuple[str, list[str]]] = []

    def close(self) -> None:
        self._flush()
        for kind, line in self.repeats:  # duplicates and conflicts come at the end
            self._line(kind, line)
        for handle in self.handles.values():
            handle.close()

    def _line(self, kind: str, line: list[str]) -> None:
        self.writers[kind].writerow(line)
        self.summary.rows[kind] += 1

    def _dirt(self) -> bool:
        return self.rng.random() < self.dirty

    # -- institutions ----------------------------------------------------------------------

    def institutions(self, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            self.usccs[row["id"]] = row["uscc"]
            district = DISTRICTS[row["district_code"]][0]
            line = [
                row["name"],
                row["uscc"],
                row["licence_number"],
                TYPE_WORDS[row["type"]],
                district,
                str(row["beds"]),
                row["legal_representative"],
                row["address"],
                row["validated_until"].isoformat(),
                LEVEL_WORDS[row["level"]],
                "上海市" if row["authority_code"] == "310000" else district,
                row["contact_name"] or "",
                row["contact_mobile_enc"].decode() if row["contact_mobile_enc"] else "",
            ]
            if self._dirt():
                line = self._dirty_institution(line)
            self._line("institutions", line)

    def _dirty_institution(self, line: list[str]) -> list[str]:
        kind = self.rng.choice(
            ("uscc_checksum", "full_width", "traditional", "date", "district_code", "duplicate")
        )
        self.summary.dirt[f"institutions:{kind}"] += 1
        if kind == "uscc_checksum":
            line[1] = line[1][:-1] + ("0" if line[1][-1] != "0" else "1")
        elif kind == "full_width":
            line[1] = line[1].translate(_FULL_WIDTH)
        elif kind == "traditional":
            line[4] = line[4].translate(_TRADITIONAL)
        elif kind == "date":
            until = date.fromisoformat(line[8])
            line[8] = f"{until.year}年{until.month}月{until.day}日"
        elif kind == "district_code":
            line[4] = next(c for c, (zh, _) in DISTRICTS.items() if zh == line[4])
        else:
            self.repeats.append(("institutions", list(line)))
        return line

    # -- practitioners ---------------------------------------------------------------------

    def practitioner_rows(self, model: type[Base], rows: list[dict[str, Any]]) -> None:
        if model is Person:
            self._flush()
            self.persons = {r["id"]: r for r in rows}
        elif model is Practitioner:
            self.practitioners = {r["id"]: r for r in rows}
        elif model is Registration:
            self.pending = [r for r in rows if r["subject"] is not RegistrationSubject.INSTITUTION]
        elif model is Filing:
            for r in rows:
                self.filings.setdefault(r["registration_id"], []).append(
                    self.usccs[r["institution_id"]]
                )

    def _flush(self) -> None:
        for registration in self.pending:
            practitioner = self.practitioners[registration["practitioner_id"]]
            person = self.persons[practitioner["person_id"]]
            doctor = practitioner["profession"] is Profession.DOCTOR
            line = [
                person["name"],
                SEX_WORDS[person["sex"]],
                person["id_number_enc"].decode(),
                person["mobile_enc"].decode() if self.rng.random() < 0.9 else "",
                registration["number"],
                self.usccs[registration["institution_id"]],
                registration["valid_from"].isoformat(),
            ]
            if doctor:
                line += [
                    CATEGORY_WORDS[practitioner["category"]],
                    practitioner["scope"] or "",
                    practitioner["qualification_number"] or "",
                    ";".join(self.filings.get(registration["id"], [])),
                ]
                if len(self.doctors_seen) < 200:
                    self.doctors_seen.append({"line": list(line)})
            else:
                line += [
                    registration["valid_until"].isoformat(),
                    practitioner["qualification_number"] or "",
                ]
            kind = "doctors" if doctor else "nurses"
            if self._dirt():
                line = self._dirty_practitioner(kind, line)
            self._line(kind, line)
        self.pending, self.filings = [], {}

    def _dirty_practitioner(self, kind: str, line: list[str]) -> list[str]:
        rng = self.rng
        choices = [
            "id_checksum", "full_width", "lower_x", "spaces", "unknown_institution",
            "date", "bad_mobile", "duplicate", "conflicting_name",
        ]  # fmt: skip
        if kind == "nurses" and self.doctors_seen:
            choices.append("also_doctor")
        dirt = rng.choice(choices)
        if dirt == "lower_x" and not line[2].endswith("X"):
            dirt = "full_width"
        self.summary.dirt[f"{kind}:{dirt}"] += 1
        if dirt == "id_checksum":
            last = line[2][-1]
            line[2] = line[2][:-1] + ("0" if last != "0" else "1")
        elif dirt == "full_width":
            line[2] = line[2].translate(_FULL_WIDTH)
        elif dirt == "lower_x":
            line[2] = line[2][:-1] + "x"
        elif dirt == "spaces":
            line[0] = " ".join(line[0])
            line[2] = f"{line[2][:6]} {line[2][6:14]} {line[2][14:]}"
        elif dirt == "unknown_institution":
            line[5] = names.social_credit_code(rng, registrar="91", region="310115")
        elif dirt == "date":
            day = date.fromisoformat(line[6])
            line[6] = f"{day.year}/{day.month}/{day.day}"
        elif dirt == "bad_mobile":
            line[3] = "1" + "".join(rng.choice("0123456789") for _ in range(7))
        elif dirt == "duplicate":
            self.repeats.append((kind, list(line)))
        elif dirt == "conflicting_name":
            other = list(line)
            other[0] = names.person_name(rng, female=line[1] == "女")
            other[4] = other[4] + "B"
            self.repeats.append((kind, other))
        else:  # the same person registered as a doctor and as a nurse: one Person
            doctor = rng.choice(self.doctors_seen)["line"]
            line[0], line[1], line[2], line[3] = doctor[0], doctor[1], doctor[2], doctor[3]
        return line


class _CapturingContext(DemoContext):
    writer: _Writer

    async def insert(self, model: type[Base], rows: list[dict[str, Any]]) -> None:
        if model is Institution:
            self.writer.institutions(rows)
        else:
            self.writer.practitioner_rows(model, rows)
        self.rows[cast(Any, model).__tablename__] += len(rows)


async def export_legacy(
    outdir: Path,
    *,
    seed: int = 2026,
    scale: Scale = Scale.SMALL,
    dirty: float = 0.0,
    today: date,
    progress: Any = None,
) -> LegacySummary:
    """Write ``institutions.csv``, ``doctors.csv`` and ``nurses.csv`` into ``outdir``."""
    writer = _Writer(outdir, dirty, seed)
    ctx = _CapturingContext(
        conn=cast(AsyncConnection, None),
        sealer=_PlainSealer(),
        seed=seed,
        scale=scale,
        today=today,
        progress=progress,
    )
    ctx.writer = writer
    try:
        await load_institutions(ctx)
        await load_practitioners(ctx)
    finally:
        writer.close()
    return writer.summary
