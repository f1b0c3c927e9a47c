"""Why a row was rejected, quarantined or normalised: a stable code and its sentence in
Chinese and English (the report is read by people; the web localises by code)."""

from __future__ import annotations

from enum import StrEnum


class ImportReason(StrEnum):
    # Rejections: the row is not imported.
    REQUIRED = "REQUIRED"
    TOO_LONG = "TOO_LONG"
    INVALID_TEXT = "INVALID_TEXT"
    ID_FORMAT = "ID_FORMAT"
    ID_CHECKSUM = "ID_CHECKSUM"
    ID_AREA_UNKNOWN = "ID_AREA_UNKNOWN"
    BIRTH_DATE_INVALID = "BIRTH_DATE_INVALID"
    SEX_UNKNOWN = "SEX_UNKNOWN"
    SEX_MISMATCH = "SEX_MISMATCH"
    MOBILE_FORMAT = "MOBILE_FORMAT"
    MOBILE_NOT_MAINLAND = "MOBILE_NOT_MAINLAND"
    USCC_FORMAT = "USCC_FORMAT"
    USCC_CHECKSUM = "USCC_CHECKSUM"
    DATE_INVALID = "DATE_INVALID"
    NUMBER_INVALID = "NUMBER_INVALID"
    NEGATIVE = "NEGATIVE"
    DISTRICT_UNKNOWN = "DISTRICT_UNKNOWN"
    AUTHORITY_UNKNOWN = "AUTHORITY_UNKNOWN"
    TYPE_UNKNOWN = "TYPE_UNKNOWN"
    LEVEL_UNKNOWN = "LEVEL_UNKNOWN"
    CATEGORY_UNKNOWN = "CATEGORY_UNKNOWN"
    SCOPE_UNKNOWN = "SCOPE_UNKNOWN"
    INSTITUTION_UNKNOWN = "INSTITUTION_UNKNOWN"
    REGISTRATION_UNKNOWN = "REGISTRATION_UNKNOWN"
    DUPLICATE_IN_FILE = "DUPLICATE_IN_FILE"
    LICENCE_NUMBER_TAKEN = "LICENCE_NUMBER_TAKEN"
    # Quarantine: kept for an officer to decide.
    NAME_CONFLICT = "NAME_CONFLICT"
    # Normalisations: the row is imported, the change is recorded.
    FULL_WIDTH = "FULL_WIDTH"
    SPACES = "SPACES"
    LOWER_X = "LOWER_X"
    DISTRICT_NAME = "DISTRICT_NAME"
    DISTRICT_HISTORICAL = "DISTRICT_HISTORICAL"
    TRADITIONAL = "TRADITIONAL"
    DATE_FORMAT = "DATE_FORMAT"
    MOBILE_PREFIX = "MOBILE_PREFIX"
    SCOPE_NAME = "SCOPE_NAME"


NORMALISATIONS = frozenset(
    {
        ImportReason.FULL_WIDTH,
        ImportReason.SPACES,
        ImportReason.LOWER_X,
        ImportReason.DISTRICT_NAME,
        ImportReason.DISTRICT_HISTORICAL,
        ImportReason.TRADITIONAL,
        ImportReason.DATE_FORMAT,
        ImportReason.MOBILE_PREFIX,
        ImportReason.SCOPE_NAME,
    }
)

R = ImportReason
TEXT: dict[ImportReason, tuple[str, str]] = {
    R.REQUIRED: ("必填项为空", "a required value is empty"),
    R.TOO_LONG: ("内容过长", "the value is too long"),
    R.INVALID_TEXT: ("含有控制字符", "the value contains control characters"),
    R.ID_FORMAT: ("身份证号格式错误（应为18位）", "not a resident ID number (18 characters)"),
    R.ID_CHECKSUM: ("身份证号校验位错误", "the ID number's check digit does not match"),
    R.ID_AREA_UNKNOWN: ("身份证号地区码不存在", "the ID number's area code never existed"),
    R.BIRTH_DATE_INVALID: ("身份证号出生日期无效", "the birth date in the ID number is not a date"),
    R.SEX_UNKNOWN: ("性别无法识别", "the sex is not recognised"),
    R.SEX_MISMATCH: ("性别与身份证号不符", "the sex does not match the ID number"),
    R.MOBILE_FORMAT: ("手机号无效", "not a valid mainland China mobile number"),
    R.MOBILE_NOT_MAINLAND: ("手机号不是中国大陆号码", "not a mainland China mobile number"),
    R.USCC_FORMAT: ("统一社会信用代码格式错误", "not a unified social credit code"),
    R.USCC_CHECKSUM: (
        "统一社会信用代码校验位错误",
        "the credit code's check character does not match",
    ),
    R.DATE_INVALID: ("日期无法识别", "the date is not recognised"),
    R.NUMBER_INVALID: ("不是整数", "not a whole number"),
    R.NEGATIVE: ("不能为负数", "must not be negative"),
    R.DISTRICT_UNKNOWN: ("所在区无法识别", "the district is not one of the city's"),
    R.AUTHORITY_UNKNOWN: ("登记机关无法识别", "the registering authority is not known"),
    R.TYPE_UNKNOWN: ("机构类别无法识别", "the institution type is not recognised"),
    R.LEVEL_UNKNOWN: ("医院等级无法识别", "the hospital level is not recognised"),
    R.CATEGORY_UNKNOWN: ("执业类别无法识别", "the practice category is not recognised"),
    R.SCOPE_UNKNOWN: (
        "执业范围不在该执业类别的范围目录中",
        "the practice scope is not one listed for the practice category",
    ),
    R.REGISTRATION_UNKNOWN: (
        "未找到该执业证书编号的医师注册（请先导入医师）",
        "no doctor's registration has this licence number (import the doctors first)",
    ),
    R.INSTITUTION_UNKNOWN: (
        "执业机构未登记（按统一社会信用代码未找到）",
        "no registered institution has this credit code",
    ),
    R.DUPLICATE_IN_FILE: (
        "文件中重复的记录（以首次出现为准）",
        "a repeat of an earlier row of the file",
    ),
    R.LICENCE_NUMBER_TAKEN: (
        "证书编号已属于其他人员或机构",
        "the licence number already belongs to another holder",
    ),
    R.NAME_CONFLICT: (
        "同一身份证号姓名不一致，已隔离待审核",
        "the same ID number with a different name: quarantined for an officer",
    ),
    R.FULL_WIDTH: ("全角字符已转为半角", "full-width characters made half-width"),
    R.SPACES: ("已去除多余空格", "spaces removed"),
    R.LOWER_X: ("身份证号末位小写x已改为大写X", "lower-case x of the ID number made upper-case"),
    R.DISTRICT_NAME: ("区名已转为区划代码", "district name turned into its code"),
    R.DISTRICT_HISTORICAL: (
        "已撤并的区名已转为现行区划代码",
        "a former district mapped to its successor",
    ),
    R.TRADITIONAL: ("繁体字区名已识别", "traditional characters of the district name recognised"),
    R.DATE_FORMAT: ("日期已转为标准格式", "date written in the standard form"),
    R.MOBILE_PREFIX: (
        "手机号已去除国家代码或分隔符",
        "country code or separators removed from the mobile",
    ),
    R.SCOPE_NAME: ("执业范围已补全为目录中的名称", "practice scope completed to its listed name"),
}


def zh(reason: ImportReason) -> str:
    return TEXT[reason][0]


def en(reason: ImportReason) -> str:
    return TEXT[reason][1]
