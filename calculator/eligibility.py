"""The four eligibility conditions, each with `met` and its explanation, worded from steps by trace.render."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from .calendar import Age, add_months, completed_months, month_index, parse_year_month
from .periods import spans
from .rules import ELIGIBILITY
from .trace import register, render, steps_json, words
from .validation import Applicant

_RETIREMENT = ELIGIBILITY["retirement_age"]
_GROUPS = {group["id"]: group for group in _RETIREMENT["groups"]}
_REFORM_FROM = {group["id"]: parse_year_month(group["reform_from"]) for group in _RETIREMENT["groups"]}
_SI = ELIGIBILITY["social_insurance"]
_MIN_CONTINUOUS = _SI["min_continuous_months"]
_MAX_BACKPAY = _SI["max_backpay_months"]


def retirement_group(applicant: Applicant) -> dict:
    if applicant.sex == "male":
        return _GROUPS["male"]
    return _GROUPS["female_cadre" if applicant.retirement_group == "cadre" else "female_worker"]


def retirement_age_months(group: dict, birth: date) -> int:
    """Statutory retirement age in months under the gradual reform in force since 2025-01-01.

    Born in the group's first reform month or later: +1 month for each started step of
    `months_per_step` birth months, up to `max_extra_months`.
    """
    born = month_index(birth.year, birth.month)
    offset = born - _REFORM_FROM[group["id"]]
    extra = 0 if offset < 0 else min(group["max_extra_months"], offset // group["months_per_step"] + 1)
    return group["base_years"] * 12 + extra


# The conditions' words (trace.py renders them, as it renders the lines'): each step a tuple
# (code, values…), so the wording lives here once and the values stay numbers and dates.
WORDS = {
    "eligibility.permit": words("持有北京市居住证"),
    "eligibility.no_permit": words("未持有北京市居住证（须在{cutoff}前申领），不能申报", "cutoff"),
    "eligibility.retirement": words("{group}，法定退休年龄{age_limit_months}", "group", "age_limit_months"),
    "eligibility.raised": words(
        "（原{base_years}周岁，按延迟退休规定延长{raised_months}个月）", "base_years", "raised_months"
    ),
    "eligibility.not_raised": words("（出生早于延迟退休起始月份，不延长）"),
    "eligibility.age_at_cutoff": words(
        "，于{retires_on}达到；截至{cutoff}年满{age_months}，", "retires_on", "cutoff", "age_months"
    ),
    "eligibility.under_age": words("未超过法定退休年龄"),
    "eligibility.over_age": words("已达到法定退休年龄，不能申报"),
    "eligibility.continuous": words(
        "截至{cutoff}连续缴纳{months}个月（要求至少{minimum}个月，",
        "cutoff",
        "months",
        "minimum",
        minimum="eligibility.social_insurance.min_continuous_months",
    ),
    "eligibility.backpay": words(
        "），其中补缴{months}个月（允许不超过{maximum}个月，",
        "months",
        "maximum",
        maximum="eligibility.social_insurance.max_backpay_months",
    ),
    "eligibility.met": words("满足"),
    "eligibility.short": words("不足"),
    "eligibility.exceeded": words("超出"),
    "eligibility.close": words("）"),
    "eligibility.clean": words("无刑事犯罪记录"),
    "eligibility.criminal": words("有刑事犯罪记录，不能申报"),
}
register(WORDS)


# A condition's words repeat across applicants where its values do: one cut-off a year, a few
# hundred month counts, two groups' retirement ages. Those parts of a trace are worded once
# (keyed by their steps); a birth date's own part is worded each time (a batch has thousands).
_worded = lru_cache(maxsize=4096)(render)


def _permit(year: int, permit: bool) -> tuple[bool, tuple, str]:
    steps = (("eligibility.permit",),) if permit else (("eligibility.no_permit", spans(year).cutoff),)
    return permit, steps, _worded(steps)


def _age(year: int, group: dict, birth: date) -> tuple[bool, tuple, str]:
    cutoff = spans(year).cutoff
    age_limit = retirement_age_months(group, birth)
    retires_on = add_months(birth, age_limit)
    under_age = cutoff < retires_on
    raised = age_limit - group["base_years"] * 12
    steps = (
        ("eligibility.retirement", group["label"], Age(age_limit)),
        ("eligibility.raised", group["base_years"], raised) if raised else ("eligibility.not_raised",),
        ("eligibility.age_at_cutoff", retires_on, cutoff, Age(completed_months(birth, cutoff))),
        ("eligibility.under_age",) if under_age else ("eligibility.over_age",),
    )
    return under_age, steps, _worded(steps[:2]) + render(steps[2:])


def _social_insurance(year: int, continuous: int, backpay: int) -> tuple[bool, tuple, str]:
    long_enough = continuous >= _MIN_CONTINUOUS
    backpay_ok = backpay <= _MAX_BACKPAY
    steps = (
        ("eligibility.continuous", spans(year).cutoff, continuous, _MIN_CONTINUOUS),
        ("eligibility.met",) if long_enough else ("eligibility.short",),
        ("eligibility.backpay", backpay, _MAX_BACKPAY),
        ("eligibility.met",) if backpay_ok else ("eligibility.exceeded",),
        ("eligibility.close",),
    )
    return long_enough and backpay_ok, steps, _worded(steps[:2]) + _worded(steps[2:])


def _criminal(criminal_record: bool) -> tuple[bool, tuple, str]:
    steps = (("eligibility.criminal",),) if criminal_record else (("eligibility.clean",),)
    return not criminal_record, steps, _worded(steps)


_LABELS = tuple(
    ELIGIBILITY[key]["label"] for key in ("residence_permit", "retirement_age", "social_insurance", "criminal_record")
)


def assess(applicant: Applicant, steps: bool = False) -> list[dict]:
    """The four conditions in the contract's order; with `steps`, each also carries its trace as
    data (trace.steps_json)."""
    year = applicant.application_year
    permit = _permit(year, bool(applicant.residence_permit))
    age = _age(year, retirement_group(applicant), applicant.birth_date)
    insured = _social_insurance(year, applicant.si_continuous_months, applicant.si_backpay_months)
    clean = _criminal(bool(applicant.criminal_record))
    conditions = [
        {"id": "residence_permit", "label": _LABELS[0], "met": permit[0], "detail": permit[2]},
        {"id": "retirement_age", "label": _LABELS[1], "met": age[0], "detail": age[2]},
        {"id": "social_insurance", "label": _LABELS[2], "met": insured[0], "detail": insured[2]},
        {"id": "criminal_record", "label": _LABELS[3], "met": clean[0], "detail": clean[2]},
    ]
    if steps:
        for condition, made in zip(conditions, (permit, age, insured, clean), strict=True):
            condition["steps"] = steps_json(made[1])
    return conditions


def verdict(conditions: list[dict]) -> str:
    """The page's one line on the conditions as a whole."""
    return "全部满足，可以申报" if all(c["met"] for c in conditions) else "未全部满足，不能申报（分数仅供参考）"
