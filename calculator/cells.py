"""A spreadsheet cell as the JSON value of its field, read the way people write it (issue 21):
本科/硕士 and the form's option labels, 男/女, 是/否/Y/N/1/0, 1990/5/20, 1990.5.20, 1990年5月20日,
Excel's date serials, "120个月". The batch readers (batch.py, batch_records.py) share it."""

from __future__ import annotations

import re
from datetime import date

from .rules import INDICATORS

_TRUE = {"true", "是", "有", "1", "y", "yes", "√", "✓"}
_FALSE = {"false", "否", "无", "没有", "0", "n", "no", "×", "✗"}
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
# What HR sheets write beside a number: "120个月", "1,200", "2 年", "3条", "2500万元"
_UNITS = re.compile(r"\s*(个月|月|年|条|万元|万|分)\s*$")
# Words HR sheets use for an option, beside the form's own labels (issue 21)
_SYNONYMS = {
    "sex": {
        "男": "male",
        "男性": "male",
        "m": "male",
        "女": "female",
        "女性": "female",
        "f": "female",
        "女职工": "female",
        "女干部": "female",
    },
    "retirement_group": {
        "职工": "worker",
        "女职工": "worker",
        "工人": "worker",
        "50": "worker",
        "50岁": "worker",
        "干部": "cadre",
        "女干部": "cadre",
        "管理岗位": "cadre",
        "55": "cadre",
        "55岁": "cadre",
    },
    "education.level": {
        "高中": "none",
        "高中及以下": "none",
        "中专": "none",
        "无": "none",
        "专科": "college",
        "大专": "college",
        "高职": "college",
        "本科": "bachelor",
        "学士": "bachelor",
        "硕士": "master",
        "研究生": "master",
        "博士": "doctor",
    },
    "education.certificates": {
        "双证": "both",
        "两证齐全": "both",
        "学历和学位": "both",
        "只有学历": "diploma_only",
        "学历": "diploma_only",
        "只有学位": "degree_only",
        "学位": "degree_only",
    },
}
# A district by its name (昌平, 昌平区): the rules name the six central ones; every other district of
# Beijing is 城六区以外 (the ten below, and the economic-technological development area's names).
_CENTRAL_NAMES = tuple(INDICATORS["job_residence"]["central_districts"])
_OUTER_NAMES = ("门头沟区", "房山区", "通州区", "顺义区", "昌平区", "大兴区", "怀柔区", "平谷区", "密云区", "延庆区")
_DISTRICT_WORDS = {
    **{word: "central" for name in _CENTRAL_NAMES for word in (name, name.removesuffix("区"), "城六区")},
    **{
        word: "outer"
        for name in _OUTER_NAMES
        for word in (name, name.removesuffix("区"), "城六区以外", "经开区", "亦庄")
    },
}
for _path in ("records.social_insurance[].work_district", "records.housing[].district"):
    _SYNONYMS[_path] = _DISTRICT_WORDS
_EXCEL_EPOCH = 693594  # date(1899, 12, 30).toordinal(): Excel's day 0 (its 1900 leap-year bug included)
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(\d{1,2})\s*日?|月?)")


# ---------------------------------------------------------------- cells -> applicant values
def cell_value(field, text: str, row: dict) -> object:
    """A cell as the JSON value of its field. What cannot be read stays text: the engine then
    says, in its own words and naming the field, what it expected."""
    if field.type in ("int", "number"):
        number = _UNITS.sub("", text).replace(",", "").replace("，", "")
        if _NUMBER.fullmatch(number):
            return float(number) if "." in number else int(number)
        return text
    if field.type == "bool":
        lowered = text.lower()
        return True if lowered in _TRUE else False if lowered in _FALSE else text
    if field.type == "enum":
        options = field.options
        if isinstance(options, dict):  # options_by: the list the controlling field's value selects
            options = options.get(lookup(row, field.options_by), ())
        for value, label in options:
            if text in (str(value), label):
                return value
        synonym = _SYNONYMS.get(field.path, {}).get(text.lower())
        return synonym if synonym is not None else text
    if field.type in ("date", "month"):
        if text.isdigit() and 10_000 <= int(text) <= 80_000:  # a date Excel exported as its serial number
            serial = date.fromordinal(_EXCEL_EPOCH + int(text)).isoformat()
            return serial if field.type == "date" else serial[:7]
        match = _DATE.fullmatch(text)
        if match:
            year, month, day = match.groups()
            parts = [year, month.zfill(2)] + ([day.zfill(2)] if day and field.type == "date" else [])
            return "-".join(parts)
    return text


def lookup(data: dict, path: str) -> object:
    for key in path.split("."):
        data = data.get(key, {}) if isinstance(data, dict) else {}
    return data


def shown(field, value: object) -> str:
    """A field's value as a template cell shows it: the option's label, 是/否; "" for none."""
    if value == {} or value is None or field is None:
        return ""
    if field.type == "bool":
        return "是" if value else "否"
    if field.type == "enum" and not isinstance(field.options, dict):
        return dict(field.options).get(value, str(value))
    return str(value)
