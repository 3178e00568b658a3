"""The four eligibility conditions, each with `met` and a Chinese explanation."""

from __future__ import annotations

from datetime import date

from .calendar import add_months, completed_months, month_index, parse_year_month, show_age, show_date
from .periods import spans
from .rules import ELIGIBILITY
from .validation import Applicant

_RETIREMENT = ELIGIBILITY["retirement_age"]
_GROUPS = {group["id"]: group for group in _RETIREMENT["groups"]}
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
    offset = born - parse_year_month(group["reform_from"])
    extra = 0 if offset < 0 else min(group["max_extra_months"], offset // group["months_per_step"] + 1)
    return group["base_years"] * 12 + extra


def _condition(key: str, met: bool, detail: str) -> dict:
    return {"id": key, "label": ELIGIBILITY[key]["label"], "met": met, "detail": detail}


def assess(applicant: Applicant) -> list[dict]:
    cutoff = spans(applicant.application_year).cutoff
    cutoff_text = show_date(cutoff)

    permit = applicant.residence_permit
    permit_detail = "持有北京市居住证" if permit else f"未持有北京市居住证（须在{cutoff_text}前申领），不能申报"

    group = retirement_group(applicant)
    age_limit = retirement_age_months(group, applicant.birth_date)
    retires_on = add_months(applicant.birth_date, age_limit)
    age_now = completed_months(applicant.birth_date, cutoff)
    under_age = cutoff < retires_on
    raised = age_limit - group["base_years"] * 12
    reform = (
        f"（原{group['base_years']}周岁，按延迟退休规定延长{raised}个月）"
        if raised
        else "（出生早于延迟退休起始月份，不延长）"
    )
    age_detail = (
        f"{group['label']}，法定退休年龄{show_age(age_limit)}{reform}，于{show_date(retires_on)}达到；"
        f"截至{cutoff_text}年满{show_age(age_now)}，"
        + ("未超过法定退休年龄" if under_age else "已达到法定退休年龄，不能申报")
    )

    continuous, backpay = applicant.si_continuous_months, applicant.si_backpay_months
    long_enough = continuous >= _MIN_CONTINUOUS
    backpay_ok = backpay <= _MAX_BACKPAY
    si_detail = (
        f"截至{cutoff_text}连续缴纳{continuous}个月（要求至少{_MIN_CONTINUOUS}个月，"
        + ("满足" if long_enough else "不足")
        + f"），其中补缴{backpay}个月（允许不超过{_MAX_BACKPAY}个月，"
        + ("满足" if backpay_ok else "超出")
        + "）"
    )

    clean = not applicant.criminal_record
    return [
        _condition("residence_permit", permit, permit_detail),
        _condition("retirement_age", under_age, age_detail),
        _condition("social_insurance", long_enough and backpay_ok, si_detail),
        _condition("criminal_record", clean, "无刑事犯罪记录" if clean else "有刑事犯罪记录，不能申报"),
    ]


def verdict(conditions: list[dict]) -> str:
    """The page's one line on the conditions as a whole."""
    return "全部满足，可以申报" if all(c["met"] for c in conditions) else "未全部满足，不能申报（分数仅供参考）"
