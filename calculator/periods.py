"""The spans each rule counts over, for an application year Y (all from rules.toml)."""

from __future__ import annotations

from collections import namedtuple
from datetime import date
from functools import cache

from .calendar import completed_months, month_index, months_inclusive, parse_year_month, show_month
from .params import for_year
from .rules import INDICATORS, RULES

_CUTOFF = RULES["dates"]["cutoff"]
_AGE_REFERENCE = RULES["dates"]["age_reference"]
_TIERS = {tier["id"]: tier for tier in INDICATORS["education"]["tiers"]}
_LEVELS = INDICATORS["education"]["levels"]


# The spans of one application year:
#   year
#   cutoff                31 Dec of Y-1: eligibility, employment, residence, job-residence, tax
#   age_reference         1 Jan of Y-1: the age indicator
#   employment_months     months from 1998-07 through the cut-off month
#   employment_label
#   job_residence_months  months from the rule's start (2018-01; 2017-01 under the 2016 rules) through the cut-off month
#   job_residence_label
#   employment_from, job_residence_from, rental_declared_from: those months (calendar.month_index)
#   deduction_window      "tier_years" (2020 rules: a fixed span by tier) or "study_period" (2016: 入学至毕业)
Spans = namedtuple(
    "Spans",
    [
        "year",
        "cutoff",
        "age_reference",
        "employment_months",
        "employment_label",
        "job_residence_months",
        "job_residence_label",
        "employment_from",
        "job_residence_from",
        "rental_declared_from",
        "deduction_window",
    ],
)


@cache
def spans(year: int) -> Spans:
    cutoff = date(year - _CUTOFF["years_before_application"], _CUTOFF["month"], _CUTOFF["day"])
    age_reference = date(
        year - _AGE_REFERENCE["years_before_application"], _AGE_REFERENCE["month"], _AGE_REFERENCE["day"]
    )
    last = month_index(cutoff.year, cutoff.month)
    indicators = for_year(year)["indicators"]
    employment_from = parse_year_month(indicators["employment"]["counting_from"])
    job_from = parse_year_month(indicators["job_residence"]["counting_from"])
    return Spans(
        year=year,
        cutoff=cutoff,
        age_reference=age_reference,
        employment_months=months_inclusive(employment_from, last),
        employment_label=f"{show_month(employment_from)}至{show_month(last)}",
        job_residence_months=months_inclusive(job_from, last),
        job_residence_label=f"{show_month(job_from)}至{show_month(last)}",
        employment_from=employment_from,
        job_residence_from=job_from,
        rental_declared_from=parse_year_month(indicators["residence"]["rental_declared_from"]),
        deduction_window=indicators["education_deduction"]["window"],
    )


def tier_of(level: str, certificates: str) -> dict | None:
    """The education tier an applicant's highest qualification scores, or None."""
    mapping = _LEVELS[level]
    tier_id = mapping["both"] if certificates == "both" else mapping["single"]
    return _TIERS.get(tier_id) if tier_id else None


def deduction_window_months(level: str, certificates: str) -> int:
    tier = tier_of(level, certificates)
    return tier["deduction_years"] * 12 if tier else 0


def months_lived(birth: date, on: date) -> int:
    return completed_months(birth, on) + 1
