"""Input checking: every problem at once, each one Chinese line that starts with the field's path.

`check(data)` returns either an `Applicant` (all defaults filled in) or a list of
messages. It never raises, whatever JSON-like value it is given.
"""

from __future__ import annotations

import math
import re
from collections import namedtuple
from datetime import date

from . import periods
from .rules import INDICATORS, RULES

_YEARS = RULES["application_years"]
_LEVELS = INDICATORS["education"]["levels"]
_CERTIFICATES = INDICATORS["education"]["certificates"]
_INNOVATION_TYPES = INDICATORS["innovation"]["types"]
_MAX_TAX_YEARS = INDICATORS["tax"]["years"]
_MAX_DETENTIONS = 99  # a bound on nonsense, not a rule
_MAX_FINANCING = 100_000_000  # 万元, i.e. 1万亿元: likewise
_DATE_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}")  # fromisoformat alone would take 1988-W10-3


# One validated applicant, every default filled in. A namedtuple: dataclasses would add
# ~10 ms to the engine's import (they load inspect), which the browser pays too.
Applicant = namedtuple("Applicant", [
    "application_year",
    "birth_date",
    "sex",
    "retirement_group",
    "residence_permit",
    "criminal_record",
    "si_months",
    "si_continuous_months",
    "si_backpay_months",
    "owned_months",
    "rented_months",
    "education_level",
    "certificates",
    "deduction_owned_months",
    "deduction_rented_months",
    "deduction_si_only_months",
    "live_and_work_months",
    "live_only_months",
    "living_there_at_cutoff",
    "innovation_type",
    "innovation_points",
    "financing_10k_yuan",
    "tax_qualifying_years",
    "honours",
    "detentions",
])


_REQUIRED = object()  # marks a field without a default


class _Reader:
    """Reads one JSON object's fields, collecting messages instead of raising.

    A field that is missing takes its default; one that is invalid reads as None,
    so later cross-field checks skip it rather than pile up follow-on messages.
    """

    def __init__(self, data: object, path: str, errors: list[str], fields: tuple[str, ...]):
        self.path = path
        self.errors = errors
        self.is_object = isinstance(data, dict)
        self.data: dict = data if self.is_object else {}
        if not self.is_object:
            errors.append(f"{path or '输入'}: 应为JSON对象（{{…}}），收到{_kind(data)}")
            return
        for key in data:
            if key not in fields:
                self.fail(str(key), f"未知字段；可用字段：{'、'.join(fields)}")

    def where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, message: str) -> None:
        self.errors.append(f"{self.where(key)}: {message}")

    def object_error(self, message: str) -> None:
        self.errors.append(f"{self.path or '输入'}: {message}")

    def raw(self, key: str, default: object) -> object:
        """The field's value, its default when absent, or None (after a message) when required."""
        if not self.is_object:
            return None
        if key in self.data:
            return self.data[key]
        if default is _REQUIRED:
            self.fail(key, "缺少必填字段")
            return None
        return default

    def required(self, key: str) -> tuple[bool, object]:
        """(True, value) for a field that is present, even as null; (False, None) after reporting it missing."""
        if not self.is_object:
            return False, None
        if key not in self.data:
            self.fail(key, "缺少必填字段")
            return False, None
        return True, self.data[key]

    def integer(self, key: str, low: int, high: int | None = None, default: object = _REQUIRED) -> int | None:
        if key not in self.data:
            return self.raw(key, default)
        value = _integral(self.data[key])
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(key, f"应为整数，收到{_kind(value)}")
            return None
        if value < low or (high is not None and value > high):
            bound = f"{low}到{high}之间" if high is not None else f"不小于{low}"
            self.fail(key, f"应为{bound}的整数，收到{_kind(value)}")
            return None
        return value

    def boolean(self, key: str, default: bool) -> bool | None:
        if key not in self.data:
            return self.raw(key, default)
        value = self.data[key]
        if not isinstance(value, bool):
            self.fail(key, f"应为true或false，收到{_kind(value)}")
            return None
        return value

    def choice(self, key: str, options: dict[str, str], default: object = _REQUIRED) -> str | None:
        if key not in self.data:
            return self.raw(key, default)
        value = self.data[key]
        if not isinstance(value, str) or value not in options:
            self.fail(key, f"应为{_options(options)}之一，收到{_kind(value)}")
            return None
        return value

    def child(self, key: str, fields: tuple[str, ...], required: bool = False) -> "_Reader":
        value = self.raw(key, _REQUIRED if required else {})
        if value is None and key not in self.data:
            return _Reader({}, self.where(key), [], fields)  # missing: already reported, read as empty
        return _Reader(value, self.where(key), self.errors, fields)


def _integral(value: object) -> object:
    """150.0 reads as 150: a count written as a whole float is still that count."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and value.bit_length() > 64:
        return "过大的整数"  # repr of a 5,000-digit int raises ValueError
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        shown = value if len(value) <= 20 else value[:20] + "…"
        return f"“{shown}”"
    if isinstance(value, list):
        return "数组"
    if isinstance(value, dict):
        return "对象"
    return type(value).__name__


def _options(options: dict[str, str] | tuple[str, ...]) -> str:
    if isinstance(options, dict):
        return "、".join(f"{key}（{label}）" for key, label in options.items())
    return "、".join(options)


_SEXES = {"male": "男", "female": "女"}
_GROUPS = {"worker": "女职工，原法定退休年龄50周岁", "cadre": "女干部，原法定退休年龄55周岁"}
_TOP = ("application_year", "birth_date", "sex", "retirement_group", "residence_permit", "criminal_record",
        "social_insurance", "housing", "education", "job_residence", "innovation", "tax_qualifying_years",
        "honours", "detentions")
_SI = ("months", "continuous_months", "backpay_months")
_HOUSING = ("owned_months", "rented_months")
_EDUCATION = ("level", "certificates", "deduction_owned_months", "deduction_rented_months", "deduction_si_only_months")
_JOB_RESIDENCE = ("live_and_work_months", "live_only_months", "living_there_at_cutoff")
_INNOVATION_FIELDS = {"none": (), "award": ("points",), "competition": ("points",), "equity": ("financing_10k_yuan",)}
# The choices offered in messages, built once from the rules (not for every applicant).
_INNOVATION_CHOICES = {"none": "无"} | {key: table["label"] for key, table in _INNOVATION_TYPES.items()}
_LEVEL_CHOICES = {key: value["label"] for key, value in _LEVELS.items()}


def _birth_date(top: _Reader) -> date | None:
    present, value = top.required("birth_date")
    if not present:
        return None
    try:
        if not isinstance(value, str) or not _DATE_SHAPE.fullmatch(value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        top.fail("birth_date", f"应为身份证上的出生日期，格式YYYY-MM-DD（如1988-03-15），收到{_kind(value)}")
        return None


def _innovation(top: _Reader) -> tuple[str | None, int, float]:
    errors_before = len(top.errors)
    reader = top.child("innovation", ("type", "points", "financing_10k_yuan"))
    if not reader.is_object:
        return None, 0, 0.0
    kind = reader.choice("type", _INNOVATION_CHOICES, default="none")
    if kind is None:
        return None, 0, 0.0
    for key in reader.data:
        if key in ("points", "financing_10k_yuan") and key not in _INNOVATION_FIELDS[kind]:
            reader.fail(key, f"类型{kind}不使用此字段")
    points, financing = 0, 0.0
    if kind in ("award", "competition"):
        allowed = _INNOVATION_TYPES[kind]["points"]
        present, value = reader.required("points")
        if present:
            value = _integral(value)
            if isinstance(value, bool) or value not in allowed:
                reader.fail("points", f"应为{'、'.join(map(str, allowed))}之一，收到{_kind(value)}")
            else:
                points = value
    elif kind == "equity":
        present, value = reader.required("financing_10k_yuan")
        if present:
            if (isinstance(value, bool) or not isinstance(value, (int, float))
                    or not 0 <= value <= _MAX_FINANCING or not math.isfinite(value)):
                reader.fail("financing_10k_yuan", f"应为0到{_MAX_FINANCING}之间的数（单位：万元），收到{_kind(value)}")
            else:
                financing = value
    return (kind if len(top.errors) == errors_before else None), points, financing


def check(data: object, path: str = "") -> Applicant | list[str]:
    """Validate one applicant: an Applicant, or the list of every problem found."""
    errors: list[str] = []
    top = _Reader(data, path, errors, _TOP)
    if not top.is_object:
        return errors
    year = top.integer("application_year", _YEARS["first"], _YEARS["last"])
    birth = _birth_date(top)
    sex = top.choice("sex", _SEXES)
    group = top.choice("retirement_group", _GROUPS, default="worker")
    permit = top.boolean("residence_permit", True)
    criminal = top.boolean("criminal_record", False)

    si = top.child("social_insurance", _SI, required=True)
    months = si.integer("months", 0)
    continuous = si.integer("continuous_months", 0, default=months)
    backpay = si.integer("backpay_months", 0, default=0)

    housing = top.child("housing", _HOUSING)
    owned = housing.integer("owned_months", 0, default=0)
    rented = housing.integer("rented_months", 0, default=0)

    edu = top.child("education", _EDUCATION)
    level = edu.choice("level", _LEVEL_CHOICES, default="none")
    certificates = edu.choice("certificates", _CERTIFICATES, default="both")
    d_owned = edu.integer("deduction_owned_months", 0, default=0)
    d_rented = edu.integer("deduction_rented_months", 0, default=0)
    d_si = edu.integer("deduction_si_only_months", 0, default=0)

    jr = top.child("job_residence", _JOB_RESIDENCE)
    live_work = jr.integer("live_and_work_months", 0, default=0)
    live_only = jr.integer("live_only_months", 0, default=0)
    living = jr.boolean("living_there_at_cutoff", True)

    kind, innovation_points, financing = _innovation(top)
    tax_years = top.integer("tax_qualifying_years", 0, _MAX_TAX_YEARS, default=0)
    honours = top.boolean("honours", False)
    detentions = top.integer("detentions", 0, _MAX_DETENTIONS, default=0)

    # Bounds that depend on the application year, and counts that contradict each other.
    # Each is checked only when the fields it compares are themselves valid.
    def over(value: int | None, limit: int) -> bool:
        return value is not None and value > limit

    if year is not None:
        spans = periods.spans(year)
        cutoff = spans.cutoff
        if birth is not None and not (date(1900, 1, 1) <= birth < cutoff):
            top.fail("birth_date", f"出生日期应早于计算截止日{cutoff.isoformat()}，收到{birth.isoformat()}")
            birth = None
        if over(months, spans.employment_months):
            si.fail("months", f"不能超过{spans.employment_label}的{spans.employment_months}个月，收到{months}")
        if birth is not None and over(continuous, periods.months_lived(birth, cutoff)):
            si.fail("continuous_months", f"不能超过出生至{cutoff.isoformat()}的月数，收到{continuous}")
        if None not in (owned, rented) and owned + rented > spans.employment_months:
            housing.object_error(f"自有住所与租赁住所月数合计{owned + rented}个月，超过{spans.employment_label}的{spans.employment_months}个月（同一个月只能算一种住所）")
        if None not in (live_work, live_only) and live_work + live_only > spans.job_residence_months:
            jr.object_error(f"两类月数合计{live_work + live_only}个月，超过{spans.job_residence_label}的{spans.job_residence_months}个月")
    if None not in (backpay, continuous) and backpay > continuous:
        si.object_error(f"补缴月数{backpay}多于连续缴纳月数{continuous}")
    if None not in (live_work, live_only, owned) and live_work + live_only > owned:
        jr.object_error(f"两类月数合计{live_work + live_only}个月，多于自有住所月数（housing.owned_months）{owned}个月")
    if None not in (live_work, months) and live_work > months:
        jr.object_error(f"居住并工作月数{live_work}多于社会保险缴纳月数（social_insurance.months）{months}")
    if None not in (level, certificates, d_owned, d_rented, d_si):
        total = d_owned + d_rented + d_si
        window = periods.deduction_window_months(level, certificates)
        if total > window:
            if window:
                edu.object_error(f"三项扣减月数合计{total}个月，超过扣减年限{window}个月")
            else:
                edu.object_error(f"无学历（学位）积分时不扣减，三项扣减月数应为0，收到合计{total}个月")
        if owned is not None and d_owned > owned:
            edu.object_error(f"扣减的自有住所月数{d_owned}多于自有住所月数（housing.owned_months）{owned}")
        if rented is not None and d_rented > rented:
            edu.object_error(f"扣减的租赁住所月数{d_rented}多于租赁住所月数（housing.rented_months）{rented}")
        if months is not None and total > months:
            edu.object_error(f"三项扣减月数合计{total}多于社会保险缴纳月数（social_insurance.months）{months}")

    if errors:
        return errors
    return Applicant(
        application_year=year, birth_date=birth, sex=sex, retirement_group=group,
        residence_permit=permit, criminal_record=criminal,
        si_months=months, si_continuous_months=continuous, si_backpay_months=backpay,
        owned_months=owned, rented_months=rented,
        education_level=level, certificates=certificates,
        deduction_owned_months=d_owned, deduction_rented_months=d_rented, deduction_si_only_months=d_si,
        live_and_work_months=live_work, live_only_months=live_only, living_there_at_cutoff=living,
        innovation_type=kind, innovation_points=innovation_points, financing_10k_yuan=financing,
        tax_qualifying_years=tax_years, honours=honours, detentions=detentions,
    )
