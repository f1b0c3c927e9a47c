"""What can be wrong with directory data (identifiers, names, contact data), as codes."""

from __future__ import annotations

from enum import StrEnum


class DirectoryProblem(StrEnum):
    """Codes of the directory's validation problems; the web localises each one."""

    AUTHORITY_NOT_FOUND = "AUTHORITY_NOT_FOUND"
    BIRTH_DATE_INVALID = "BIRTH_DATE_INVALID"
    ID_AREA_UNKNOWN = "ID_AREA_UNKNOWN"
    ID_CHECKSUM = "ID_CHECKSUM"
    ID_FORMAT = "ID_FORMAT"
    INSTITUTION_NOT_FOUND = "INSTITUTION_NOT_FOUND"
    MOBILE_FORMAT = "MOBILE_FORMAT"
    MOBILE_NOT_MAINLAND = "MOBILE_NOT_MAINLAND"
    NEGATIVE = "NEGATIVE"
    PERSON_ON_FILE = "PERSON_ON_FILE"
    PRACTICE_LICENCE_TAKEN = "PRACTICE_LICENCE_TAKEN"
    USCC_CHECKSUM = "USCC_CHECKSUM"
    USCC_FORMAT = "USCC_FORMAT"
    USCC_TAKEN = "USCC_TAKEN"
