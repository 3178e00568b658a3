"""The published 公示 scores of 2020 and 2022 (12,038 applicants, policy/data/published-scores.csv,
a copy of ../shared/data/published-scores.csv) against the engine."""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # engine_helpers, whatever pytest's import mode
from engine_helpers import ITEM_IDS, ROOT, dec, points  # noqa: E402 (it puts the repo root on sys.path)

import calculator
from calculator.rounding import as_json_number, round2

COLUMNS = [
    "year",
    "birth_month",
    "employment",
    "residence",
    "education",
    "education_deduction",
    "job_residence",
    "innovation",
    "tax",
    "age",
    "honours",
    "law",
    "total",
]


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    with open(ROOT / "policy" / "data" / "published-scores.csv", encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == COLUMNS
        return list(reader)


def employment_span(year: int) -> int:
    return 6 + 12 * (year - 1999)  # 1998-07 .. Dec of Y−1


def applicant(year: int, birth_date: str, months: int, **extra) -> dict:
    data = {
        "application_year": year,
        "birth_date": birth_date,
        "sex": "male",
        "social_insurance": {"months": months, "continuous_months": 0},
    }
    data.update(extra)
    return data


def test_the_copy_is_complete(rows):
    assert len(rows) == 12038
    assert {row["year"] for row in rows} == {"2020", "2022"}
    assert sum(row["year"] == "2020" for row in rows) == 6032
    assert sum(row["year"] == "2022" for row in rows) == 6006


def test_age_and_employment_points_of_every_applicant(rows):
    """Born on the 15th of the published month; employment months = published points / 0.25."""
    batch = []
    for row in rows:
        year = int(row["year"])
        months = Decimal(row["employment"]) / Decimal("0.25")
        assert months == months.to_integral_value(), row
        months = int(months)
        assert 0 <= months <= employment_span(year), row  # within 1998-07 .. Dec of Y−1
        batch.append(applicant(year, row["birth_month"] + "-15", months))
    results = calculator.score_many(batch)
    age_wrong = [
        (row["year"], row["birth_month"], row["age"], points(r)["age"])
        for row, r in zip(rows, results)
        if dec(points(r)["age"]) != Decimal(row["age"])
    ]
    employment_wrong = [
        (row["employment"], points(r)["employment"])
        for row, r in zip(rows, results)
        if dec(points(r)["employment"]) != Decimal(row["employment"])
    ]
    assert age_wrong == []
    assert employment_wrong == []
    # both ends of the age table occur in the data: the test can tell 20 from 16 … 0
    assert {points(r)["age"] for r in results} == {20, 16, 12, 8, 4, 0}


def producible_deductions(level: str, certificates: str, window: int) -> set[Decimal]:
    """Every deduction value the engine gives for an applicant of this level, over all
    (owned, rented, si-only) month triples that fit in the window."""
    batch = []
    for owned in range(window + 1):
        for rented in range(window + 1 - owned):
            for si_only in range(window + 1 - owned - rented):
                batch.append(
                    {
                        "application_year": 2022,
                        "birth_date": "1985-06-15",
                        "sex": "male",
                        "social_insurance": {"months": window, "continuous_months": 0},
                        "housing": {"owned_months": owned, "rented_months": rented},
                        "education": {
                            "level": level,
                            "certificates": certificates,
                            "deduction_owned_months": owned,
                            "deduction_rented_months": rented,
                            "deduction_si_only_months": si_only,
                        },
                    }
                )
    values = {dec(points(result)["education_deduction"]) for result in calculator.score_many(batch)}
    # and one month past the window is refused
    too_many = dict(
        batch[-1],
        education=dict(
            batch[-1]["education"],
            deduction_si_only_months=window + 1,
            deduction_owned_months=0,
            deduction_rented_months=0,
        ),
    )
    too_many["social_insurance"] = {"months": window + 1, "continuous_months": 0}
    assert calculator.validate(too_many)
    return values


def test_every_published_deduction_is_one_the_engine_can_produce(rows):
    published: dict[Decimal, set[Decimal]] = defaultdict(set)
    for row in rows:
        published[Decimal(row["education"])].add(Decimal(row["education_deduction"]))
    assert set(published) == {Decimal(0), Decimal("10.5"), Decimal(15), Decimal(26), Decimal(37)}
    producible = {
        Decimal(0): {Decimal(0)},
        Decimal("10.5"): producible_deductions("college", "both", 36),
        Decimal(15): producible_deductions("bachelor", "both", 48),
        Decimal(26): producible_deductions("master", "both", 36),
        Decimal(37): producible_deductions("doctor", "both", 36),
    }
    # the engine gives 0 for an applicant without an education tier
    assert points(calculator.score(applicant(2022, "1985-06-15", 100)))["education_deduction"] == 0
    for tier, values in published.items():
        missing = sorted(values - producible[tier])
        assert missing == [], f"{tier}-point rows: deductions the engine cannot produce: {missing}"
    # the maxima match the published maxima: 10.5 for the 3-year tiers, 14 for the 15-point tier (all rented)
    assert min(published[Decimal(15)]) == Decimal(-14)
    assert min(published[Decimal("10.5")]) == min(published[Decimal(26)]) == Decimal("-10.5")


def test_every_published_job_residence_innovation_tax_honours_value_is_producible(rows):
    by_year: dict[int, set[int]] = defaultdict(set)
    for row in rows:
        by_year[int(row["year"])].add(int(row["job_residence"]))
    for year, published in by_year.items():
        span = 12 * (year - 2018)
        batch = [
            applicant(
                year,
                "1985-06-15",
                span,
                housing={"owned_months": span},
                job_residence={"live_and_work_months": lw, "live_only_months": lo},
            )
            for lw in range(span + 1)
            for lo in range(span + 1 - lw)
        ]
        producible = {points(r)["job_residence"] for r in calculator.score_many(batch)}
        assert published <= producible, (year, sorted(published - producible))
        assert max(producible) == (6 if year == 2020 else 12) == max(published)
    innovation = {int(row["innovation"]) for row in rows}
    producible = set()
    for kind, options in (("award", [12, 11, 10, 9, 8, 6, 5, 4, 2]), ("competition", [12, 10, 9, 8, 6, 4, 3, 2, 1])):
        for value in options:
            producible.add(
                points(
                    calculator.score(applicant(2022, "1985-06-15", 100, innovation={"type": kind, "points": value}))
                )["innovation"]
            )
    for financing in (0, 500, 2000, 4000):
        producible.add(
            points(
                calculator.score(
                    applicant(2022, "1985-06-15", 100, innovation={"type": "equity", "financing_10k_yuan": financing})
                )
            )["innovation"]
        )
    assert innovation <= producible
    for column, field, values in (("tax", "tax_qualifying_years", range(4)), ("honours", "honours", (False, True))):
        made = {points(calculator.score(applicant(2022, "1985-06-15", 100, **{field: v})))[column] for v in values}
        assert {int(row[column]) for row in rows} <= made
    assert {row["law"] for row in rows} == {"0"}


def engine_sum(parts: list[str]) -> Decimal:
    """The engine's way (engine.py): each line a 2-decimal Decimal (rounding.round2), summed exactly."""
    total = 0
    for part in parts:
        value = round2(Fraction(part))
        assert value == Decimal(part), part  # every published part already has at most 2 decimals
        total += value
    return total


def test_published_totals_are_the_sum_of_the_published_parts(rows):
    wrong = []
    for row in rows:
        total = engine_sum([row[column] for column in ITEM_IDS])
        if total != Decimal(row["total"]) or as_json_number(total) != float(row["total"]):
            wrong.append((row, total))
    assert wrong == []


def test_round2_rounds_half_up_on_exact_halves():
    """The rounding the totals and every line go through: 四舍五入, exactly, negatives away from zero."""
    assert round2(Fraction(21, 24)) == Decimal("0.88")
    assert round2(Fraction(-21, 24)) == Decimal("-0.88")
    assert round2(Fraction(1, 8)) == Decimal("0.13")
    assert round2(Fraction(1, 3)) == Decimal("0.33")
    assert round2(Fraction(2, 3)) == Decimal("0.67")
    assert round2(Fraction(0)) == Decimal("0.00")
