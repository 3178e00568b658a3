"""Unit tests, one group per rule of policy/RULES.md, with the edges of each.

Expected values are written out by hand from RULES.md; where a table is long, the oracle
is a small independent restatement of the rule in this file (never the engine's own code).
"""

from __future__ import annotations

import re
import sys
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # engine_helpers, whatever pytest's import mode
from engine_helpers import ITEM_IDS, dec, make, met, points  # noqa: E402 (it puts the repo root on sys.path)

import calculator


def score_points(**changes) -> dict:
    return points(calculator.score(make(**changes)))


def half_up(value: Fraction) -> Decimal:
    """四舍五入 to 2 decimals through Decimal with ample precision (independent of calculator.rounding)."""
    with localcontext() as ctx:
        ctx.prec = 60
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# ------------------------------------------------------------------ reference dates and spans


@pytest.mark.parametrize(
    "year,employment_max,job_residence_max",
    [
        (2020, 258, 24),  # 1998-07..2019-12 = 6 + 21*12; 2018-01..2019-12
        (2021, 270, 36),
        (2022, 282, 48),  # published maximum 70.5 = 282 months
        (2025, 318, 84),
        (2035, 438, 204),
    ],
)
def test_periods_end_on_december_31_of_the_previous_year(year, employment_max, job_residence_max):
    base = make(
        application_year=year,
        birth_date="1980-05-05",
        social_insurance={"months": employment_max, "continuous_months": employment_max},
        housing={"owned_months": employment_max, "rented_months": 0},
        job_residence={"live_and_work_months": job_residence_max, "live_only_months": 0},
    )
    result = calculator.score(base)
    assert result["cutoff_date"] == f"{year - 1}-12-31"
    assert result["age_reference_date"] == f"{year - 1}-01-01"
    assert dec(points(result)["employment"]) == Decimal(employment_max) / 4
    over = make(application_year=year, birth_date="1980-05-05", social_insurance={"months": employment_max + 1})
    assert any(line.startswith("social_insurance.months: ") for line in calculator.validate(over))
    over_jr = make(
        application_year=year,
        birth_date="1980-05-05",
        social_insurance={"months": employment_max, "continuous_months": employment_max},
        housing={"owned_months": employment_max, "rented_months": 0},
        job_residence={"live_and_work_months": job_residence_max, "live_only_months": 1},
    )
    assert any(line.startswith("job_residence: ") for line in calculator.validate(over_jr))


@pytest.mark.parametrize(
    "year,ok", [(2017, False), (2018, True), (2019, True), (2020, True), (2035, True), (2036, False)]
)
def test_application_year_range(year, ok):
    # (without tax_qualifying_years: a field of the 2020 rules only, refused for 2018 and 2019)
    errors = calculator.validate(
        make(
            application_year=year, birth_date="1990-01-01", social_insurance={"months": 100}, tax_qualifying_years=None
        )
    )
    assert (errors == []) is ok
    if not ok:
        assert errors[0].startswith("application_year: ")


# ------------------------------------------------------------------ 1 就业


@pytest.mark.parametrize(
    "months,expected",
    [(0, "0"), (1, "0.25"), (2, "0.5"), (3, "0.75"), (12, "3"), (150, "37.5"), (281, "70.25"), (318, "79.5")],
)
def test_employment_is_a_quarter_point_per_month(months, expected):
    got = score_points(
        social_insurance={"months": months, "continuous_months": 150}, housing={"owned_months": 0, "rented_months": 0}
    )
    assert dec(got["employment"]) == Decimal(expected)


def test_employment_ignores_backpay_and_continuity():
    """补缴 months are not in `months`; continuity and back-pay only decide eligibility."""
    a = score_points(social_insurance={"months": 120, "continuous_months": 120, "backpay_months": 0})
    b = score_points(social_insurance={"months": 120, "continuous_months": 200, "backpay_months": 5})
    assert a == b
    assert a["employment"] == 30


# ------------------------------------------------------------------ 2 住所


@pytest.mark.parametrize("owned", range(0, 61))
def test_owned_home_one_twelfth_per_month_rounded(owned):
    got = score_points(social_insurance={"months": 100}, housing={"owned_months": owned, "rented_months": 0})
    assert dec(got["residence"]) == half_up(Fraction(owned, 12))


@pytest.mark.parametrize("rented", range(0, 61))
def test_rented_home_one_twenty_fourth_per_month_rounded(rented):
    got = score_points(social_insurance={"months": 100}, housing={"owned_months": 0, "rented_months": rented})
    assert dec(got["residence"]) == half_up(Fraction(rented, 24))


@pytest.mark.parametrize(
    "rented,expected",
    [
        (3, "0.13"),  # 0.125 exactly -> half up
        (9, "0.38"),  # 0.375
        (15, "0.63"),  # 0.625
        (21, "0.88"),  # 0.875
        (27, "1.13"),  # 1.125
        (1, "0.04"),  # 0.041666…
        (110, "4.58"),  # 4.58333…
    ],
)
def test_rented_values_landing_on_xx5_round_up(rented, expected):
    got = score_points(social_insurance={"months": 120}, housing={"owned_months": 0, "rented_months": rented})
    assert dec(got["residence"]) == Decimal(expected)


@pytest.mark.parametrize(
    "owned,expected", [(1, "0.08"), (2, "0.17"), (5, "0.42"), (7, "0.58"), (11, "0.92"), (13, "1.08")]
)
def test_owned_values_never_land_on_xx5(owned, expected):
    # m/12 is either a multiple of 0.25 or has a repeating 3 or 6: its third decimal is never an exact 5
    got = score_points(social_insurance={"months": 120}, housing={"owned_months": owned, "rented_months": 0})
    assert dec(got["residence"]) == Decimal(expected)


@pytest.mark.parametrize(
    "owned,rented,expected",
    [
        (5, 3, "0.55"),  # 0.42 + 0.13; one rounding of 0.541666… would give 0.54
        (29, 15, "3.05"),  # 2.42 + 0.63; one rounding: 3.04
        (1, 1, "0.12"),  # 0.08 + 0.04; one rounding of 0.125 would give 0.13
        (40, 110, "7.91"),  # contract example
    ],
)
def test_each_housing_record_is_rounded_then_summed(owned, rented, expected):
    got = score_points(social_insurance={"months": 200}, housing={"owned_months": owned, "rented_months": rented})
    assert dec(got["residence"]) == Decimal(expected)


@pytest.mark.parametrize(
    "si,owned,rented,expected",
    [
        (100, 80, 60, "7.5"),  # owned 80 -> 6.67, rented min(60, 20) = 20 -> 0.83
        (90, 120, 30, "7.5"),  # owned capped at 90 -> 7.5, rented 0
        (100, 100, 0, "8.33"),  # exactly at the cap
        (100, 0, 101, "4.17"),  # rented capped at 100 -> 4.1666…
        (100, 60, 40, "6.67"),  # 5 + 1.67: exactly at the cap, nothing lost
        (100, 60, 41, "6.67"),  # one rented month over the cap does not score
        (0, 10, 10, "0"),  # no insurance months: no residence points
    ],
)
def test_residence_is_capped_by_employment_months_owned_first(si, owned, rented, expected):
    got = score_points(
        social_insurance={"months": si, "continuous_months": 100},
        housing={"owned_months": owned, "rented_months": rented},
    )
    assert dec(got["residence"]) == Decimal(expected)


def test_residence_cap_is_not_a_validation_error():
    assert (
        calculator.validate(make(social_insurance={"months": 90}, housing={"owned_months": 120, "rented_months": 30}))
        == []
    )


# ------------------------------------------------------------------ 3 教育 and 3b deduction

TIERS = [  # level, certificates, points, deduction window in months
    ("none", "both", "0", 0),
    ("none", "degree_only", "0", 0),
    ("college", "both", "10.5", 36),
    ("college", "diploma_only", "10.5", 36),
    ("college", "degree_only", "10.5", 36),
    ("bachelor", "both", "15", 48),
    ("bachelor", "diploma_only", "10.5", 36),
    ("bachelor", "degree_only", "10.5", 36),
    ("master", "both", "26", 36),
    ("master", "diploma_only", "15", 48),
    ("master", "degree_only", "15", 48),
    ("doctor", "both", "37", 36),
    ("doctor", "diploma_only", "26", 36),
    ("doctor", "degree_only", "26", 36),
]


@pytest.mark.parametrize("level,certificates,expected,window", TIERS)
def test_education_tier_and_single_certificate_rule(level, certificates, expected, window):
    got = score_points(education={"level": level, "certificates": certificates})
    assert dec(got["education"]) == Decimal(expected)
    assert got["education_deduction"] == 0


@pytest.mark.parametrize("level,certificates,expected,window", TIERS)
def test_deduction_window_follows_the_tier(level, certificates, expected, window):
    si = {"months": 200, "continuous_months": 200}
    housing = {"owned_months": 0, "rented_months": 0}
    at_limit = make(
        social_insurance=si,
        housing=housing,
        education={"level": level, "certificates": certificates, "deduction_si_only_months": window},
    )
    over = make(
        social_insurance=si,
        housing=housing,
        education={"level": level, "certificates": certificates, "deduction_si_only_months": window + 1},
    )
    assert calculator.validate(at_limit) == []
    assert dec(points(calculator.score(at_limit))["education_deduction"]) == -Decimal(window) / 4
    errors = calculator.validate(over)
    assert errors and all(line.startswith("education: ") for line in errors), errors


@pytest.mark.parametrize(
    "housing,deduction,expected",
    [
        # 50 insurance months; 80 housing months declared, so only 40 owned + 10 rented score.
        # 40 rented deduction months: 10 scored rented (10 × 7/24 = 2.9167), 30 scored nothing
        # for housing and deduct the insurance part only (30 × 0.25 = 7.5): 10.4167 -> -10.42.
        ({"owned_months": 40, "rented_months": 40}, {"deduction_rented_months": 40}, "-10.42"),
        # 30 owned + 20 rented months score. Owned deduction months always scored (owned come first,
        # and deduction months never exceed insurance months); of 30 rented deduction months, 10 did not:
        # 10 × 1/3 + 20 × 7/24 + 10 × 0.25 = 3.3333 + 5.8333 + 2.5 = 11.6667 -> -11.67
        (
            {"owned_months": 30, "rented_months": 40},
            {"deduction_owned_months": 10, "deduction_rented_months": 30},
            "-11.67",
        ),
        # every deducted month scored its housing: nothing reclassified (48 × 7/24 = 14)
        ({"owned_months": 0, "rented_months": 50}, {"deduction_rented_months": 48}, "-14"),
    ],
)
def test_deduction_takes_only_the_residence_points_a_month_scored(housing, deduction, expected):
    """RULES 3b: a month deducts 0.25 plus the residence points *that month scored*."""
    result = calculator.score(
        make(
            social_insurance={"months": 50, "continuous_months": 50},
            housing=housing,
            education={"level": "bachelor", "certificates": "both", **deduction},
        )
    )
    line = next(item for item in result["items"] if item["id"] == "education_deduction")
    assert dec(line["points"]) == Decimal(expected)
    assert ("住所未计分" in line["detail"]) == (expected != "-14")


@pytest.mark.parametrize(
    "owned,rented,si_only,expected",
    [
        (1, 0, 0, "-0.33"),  # 0.25 + 1/12 = 0.3333…
        (0, 1, 0, "-0.29"),  # 0.25 + 1/24 = 0.291666…  (published -0.29)
        (0, 0, 1, "-0.25"),
        (0, 3, 0, "-0.88"),  # 21/24 = 0.875 exactly -> half up (published -0.88)
        (0, 9, 0, "-2.63"),  # 2.625 -> 2.63 (published -2.63)
        (1, 1, 0, "-0.63"),  # 8/24 + 7/24 = 0.625 -> rounded once, not 0.33 + 0.29 = 0.62
        (0, 36, 0, "-10.5"),  # published maximum of the 3-year tiers
        (36, 0, 0, "-12"),
        (10, 20, 6, "-10.67"),  # 10×4/12 + 20×3.5/12 + 6×3/12 = (40 + 70 + 18)/12 = 128/12 = 10.666…
    ],
)
def test_deduction_per_month_rates_rounded_once(owned, rented, si_only, expected):
    # The 26-point tier (3-year window): every deduction here stays below its points,
    # so the qualification is declared and the deduction line shows the raw arithmetic.
    got = score_points(
        social_insurance={"months": 200},
        housing={"owned_months": 100, "rented_months": 100},
        education={
            "level": "master",
            "deduction_owned_months": owned,
            "deduction_rented_months": rented,
            "deduction_si_only_months": si_only,
        },
    )
    assert dec(got["education_deduction"]) == Decimal(expected)


def test_deduction_maximum_of_the_15_tier_is_14_rented_16_owned():
    rented = score_points(
        social_insurance={"months": 200},
        housing={"owned_months": 100, "rented_months": 100},
        education={"level": "bachelor", "deduction_rented_months": 48},
    )
    assert (rented["education"], rented["education_deduction"]) == (15, -14)
    # 48 owned months would deduct 16 > 15: declaring costs a point, so it is not declared
    owned = calculator.score(
        make(
            social_insurance={"months": 200},
            housing={"owned_months": 100, "rented_months": 100},
            education={"level": "bachelor", "deduction_owned_months": 48},
        )
    )
    lines = {item["id"]: item for item in owned["items"]}
    assert (lines["education"]["points"], lines["education_deduction"]["points"]) == (0, 0)
    assert "= 16分" in lines["education_deduction"]["detail"]


# The better of declaring and not declaring the qualification (RULES.md 3/3b, 京人社积发〔2018〕82号;
# 待核实 for the 2020 rules). level, certificates, deduction months (owned, rented, si-only) ->
# education, deduction as scored; each net worked out by hand in the comment.
@pytest.mark.parametrize(
    "level,certificates,months,expected",
    [
        ("bachelor", "both", (48, 0, 0), (0, 0)),  # 15 − 48/3 = 15 − 16 = −1 < 0: not declared
        ("college", "both", (36, 0, 0), (0, 0)),  # 10.5 − 12 = −1.5: not declared
        ("college", "both", (0, 36, 0), (10.5, -10.5)),  # 10.5 − 36×7/24 = 0: a tie stays declared
        ("bachelor", "both", (24, 24, 0), (15, -15)),  # 8 + 7 = 15: tie, declared
        ("master", "diploma_only", (23, 25, 0), (15, -14.96)),  # 7.6667 + 7.2917 = 14.9583 → 14.96 < 15
        ("master", "diploma_only", (47, 1, 0), (0, 0)),  # 15.6667 + 0.25 = 15.9167 → 15.92 > 15
        ("doctor", "both", (36, 0, 0), (37, -12)),  # 37 − 12 = 25: declared
    ],
)
def test_declaring_the_qualification_only_when_it_does_not_cost_points(level, certificates, months, expected):
    owned, rented, si_only = months
    result = calculator.score(
        make(
            social_insurance={"months": 200},
            housing={"owned_months": 100, "rented_months": 100},
            education={
                "level": level,
                "certificates": certificates,
                "deduction_owned_months": owned,
                "deduction_rented_months": rented,
                "deduction_si_only_months": si_only,
            },
        )
    )
    lines = {item["id"]: item for item in result["items"]}
    got = (lines["education"]["points"], lines["education_deduction"]["points"])
    assert got == expected
    if expected == (0, 0):
        assert "按不申报计0分" in lines["education"]["detail"] and "待核实" in lines["education"]["detail"]
        assert lines["education_deduction"]["detail"].startswith("不申报学历，不扣减：0分（如申报：")
    else:
        assert "申报学历净得" in lines["education_deduction"]["detail"]


def test_deduction_is_zero_or_negative_and_zero_without_months():
    got = score_points(education={"level": "doctor"})
    assert got["education_deduction"] == 0
    assert repr(got["education_deduction"]) == "0"  # never -0.0


def test_no_deduction_without_an_education_tier():
    errors = calculator.validate(make(education={"level": "none", "deduction_si_only_months": 1}))
    assert errors and errors[0].startswith("education: ")


# ------------------------------------------------------------------ 4 职住区域


@pytest.mark.parametrize(
    "live_work,live_only,expected",
    [
        (0, 0, 0),
        (11, 0, 0),  # a remainder scores nothing
        (12, 0, 3),
        (0, 11, 0),
        (0, 12, 2),
        (11, 1, 2),  # leftover 11 + 1 live-only = 12 -> one live-only year
        (23, 0, 3),
        (24, 0, 6),
        (30, 5, 6),  # leftover 6 + 5 = 11 -> nothing
        (30, 6, 8),  # leftover 6 + 6 = 12 -> 2
        (30, 8, 8),  # leftover 6 + 8 = 14 -> 2, 2 months unused
        (36, 23, 11),  # 9 + 23//12 × 2
        (47, 0, 9),
        (47, 1, 11),  # 9 + (11 + 1)//12 × 2
        (48, 0, 12),  # exactly the cap
        (48, 12, 12),  # 14 -> cap
        (0, 72, 12),  # 6 × 2 = 12, the cap from live-only months alone
        (0, 84, 12),  # 14 -> cap
        (84, 0, 12),  # 21 -> cap
        (36, 24, 12),  # 9 + 4 = 13 -> cap
    ],
)
def test_job_residence_full_years_leftover_and_cap(live_work, live_only, expected):
    got = score_points(
        social_insurance={"months": 150},
        housing={"owned_months": 150, "rented_months": 0},
        job_residence={
            "live_and_work_months": live_work,
            "live_only_months": live_only,
            "living_there_at_cutoff": True,
        },
    )
    assert got["job_residence"] == expected


@pytest.mark.parametrize("live_work,live_only", [(48, 0), (12, 12), (0, 24)])
def test_job_residence_needs_living_there_at_cutoff(live_work, live_only):
    got = score_points(
        social_insurance={"months": 150},
        housing={"owned_months": 150, "rented_months": 0},
        job_residence={
            "live_and_work_months": live_work,
            "live_only_months": live_only,
            "living_there_at_cutoff": False,
        },
    )
    assert got["job_residence"] == 0


def test_job_residence_2020_maximum_is_6():
    got = points(
        calculator.score(
            make(
                application_year=2020,
                birth_date="1985-05-05",
                social_insurance={"months": 150},
                housing={"owned_months": 150, "rented_months": 0},
                job_residence={"live_and_work_months": 24, "live_only_months": 0},
            )
        )
    )
    assert got["job_residence"] == 6


# ------------------------------------------------------------------ 5 创新创业


@pytest.mark.parametrize("value", [12, 11, 10, 9, 8, 6, 5, 4, 2])
def test_award_points(value):
    assert score_points(innovation={"type": "award", "points": value})["innovation"] == value


@pytest.mark.parametrize("value", [12, 10, 9, 8, 6, 4, 3, 2, 1])
def test_competition_points(value):
    assert score_points(innovation={"type": "competition", "points": value})["innovation"] == value


@pytest.mark.parametrize(
    "kind,value",
    [
        ("award", 7),
        ("award", 3),
        ("award", 1),
        ("award", 13),
        ("award", 0),
        ("competition", 11),
        ("competition", 5),
        ("competition", 7),
        ("competition", 0),
        ("award", 12.5),
        ("award", "12"),
        ("award", True),
    ],
)
def test_points_outside_the_option_lists_are_errors(kind, value):
    errors = calculator.validate(make(innovation={"type": kind, "points": value}))
    assert len(errors) == 1 and errors[0].startswith("innovation.points: ")


@pytest.mark.parametrize(
    "financing,expected",
    [
        (0, 0),
        (100, 0),
        (499.99, 0),
        (499.999999, 0),
        (500, 2),
        (500.0, 2),
        (500.01, 2),
        (1999.99, 2),
        (2000, 4),
        (2000.5, 4),
        (3999.99, 4),
        (4000, 6),
        (4000.01, 6),
        (100000, 6),
    ],
)
def test_equity_bands_lower_bounds_inclusive(financing, expected):
    assert score_points(innovation={"type": "equity", "financing_10k_yuan": financing})["innovation"] == expected


def test_innovation_none_is_zero_and_types_do_not_accumulate():
    assert score_points(innovation={"type": "none"})["innovation"] == 0
    errors = calculator.validate(make(innovation={"type": "award", "points": 12, "financing_10k_yuan": 5000}))
    assert errors and errors[0].startswith("innovation.financing_10k_yuan: ")


# ------------------------------------------------------------------ 6 纳税


@pytest.mark.parametrize("years,expected", [(0, 0), (1, 2), (2, 4), (3, 6)])
def test_tax_two_points_per_qualifying_year(years, expected):
    assert score_points(tax_qualifying_years=years)["tax"] == expected


@pytest.mark.parametrize("years", [-1, 4, 1.5, "3", True, None])
def test_tax_years_outside_0_to_3_are_errors(years):
    data = make()
    data["tax_qualifying_years"] = years
    errors = calculator.validate(data)
    assert len(errors) == 1 and errors[0].startswith("tax_qualifying_years: ")


# ------------------------------------------------------------------ 7 年龄 (reference date 1 Jan of Y−1)


@pytest.mark.parametrize(
    "birth,expected",
    [
        ("1979-01-01", 20),  # exactly 45 on 2024-01-01
        ("1978-12-31", 20),  # 45
        ("1978-01-02", 20),  # 45 (turns 46 the day after the reference date)
        ("1978-01-01", 16),  # turns 46 on the reference date
        ("1977-06-15", 16),  # 46
        ("1977-01-02", 16),  # 46
        ("1977-01-01", 12),  # 47
        ("1976-06-15", 12),  # 47
        ("1975-06-15", 8),  # 48
        ("1975-01-01", 4),  # 49
        ("1974-06-15", 4),  # 49
        ("1974-01-01", 0),  # 50
        ("1973-06-15", 0),  # 50
        ("1966-06-15", 0),  # 57
        ("2000-02-29", 20),
    ],
)
def test_age_points_for_2025(birth, expected):
    got = points(calculator.score(make(birth_date=birth, sex="male", social_insurance={"months": 100})))
    assert got["age"] == expected


def test_age_depends_only_on_birth_year_except_january_first():
    """For Y=2025 (reference 2024-01-01): every day of 1977 but Jan 1 gives 46 -> 16; Jan 1 gives 47 -> 12."""
    batch, expected = [], []
    day = date(1977, 1, 1)
    while day.year == 1977:
        batch.append(make(birth_date=day.isoformat(), sex="male", social_insurance={"months": 100}))
        expected.append(12 if (day.month, day.day) == (1, 1) else 16)
        day = date.fromordinal(day.toordinal() + 1)
    assert [points(r)["age"] for r in calculator.score_many(batch)] == expected


@pytest.mark.parametrize(
    "year,birth,expected",
    [
        (2020, "1973-01-01", 16),  # 46 on 2019-01-01
        (2020, "1973-01-02", 20),
        (2035, "1988-01-01", 16),  # 46 on 2034-01-01
        (2035, "1988-01-02", 20),
    ],
)
def test_age_reference_moves_with_the_year(year, birth, expected):
    got = points(
        calculator.score(make(application_year=year, birth_date=birth, sex="male", social_insurance={"months": 100}))
    )
    assert got["age"] == expected


# ------------------------------------------------------------------ 8 荣誉, 9 守法


def test_honours():
    assert score_points(honours=True)["honours"] == 20
    assert score_points(honours=False)["honours"] == 0


@pytest.mark.parametrize("count,expected", [(0, 0), (1, -30), (2, -60), (3, -90), (99, -2970)])
def test_law_minus_30_per_detention(count, expected):
    assert score_points(detentions=count)["law"] == expected


@pytest.mark.parametrize("count", [-1, 100, 1.5, "1", False])
def test_detentions_out_of_range(count):
    errors = calculator.validate(make(detentions=count))
    assert len(errors) == 1 and errors[0].startswith("detentions: ")


# ------------------------------------------------------------------ total


def test_total_is_the_sum_of_the_ten_lines_even_when_negative():
    result = calculator.score(
        make(
            detentions=5,
            social_insurance={"months": 84},
            housing={"owned_months": 0, "rented_months": 0},
            education={"level": "none"},
            birth_date="1970-06-15",
            sex="male",
        )
    )
    got = points(result)
    assert [item["id"] for item in result["items"]] == ITEM_IDS
    assert got["employment"] == 21 and got["age"] == 0 and got["law"] == -150
    assert result["total"] == -129


# ------------------------------------------------------------------ eligibility


def test_residence_permit_and_criminal_record():
    assert met(calculator.score(make(residence_permit=False)))["residence_permit"] is False
    assert met(calculator.score(make(residence_permit=True)))["residence_permit"] is True
    assert met(calculator.score(make(criminal_record=True)))["criminal_record"] is False
    result = calculator.score(make(criminal_record=True))
    assert result["eligible"] is False
    # the score is computed whether or not the applicant is eligible
    assert result["total"] == calculator.score(make())["total"]


@pytest.mark.parametrize(
    "continuous,backpay,ok",
    [
        (83, 0, False),
        (84, 0, True),
        (85, 0, True),
        (84, 5, True),
        (84, 6, False),
        (200, 5, True),
        (200, 6, False),
        (0, 0, False),
    ],
)
def test_social_insurance_condition(continuous, backpay, ok):
    result = calculator.score(
        make(social_insurance={"months": 100, "continuous_months": continuous, "backpay_months": backpay})
    )
    assert met(result)["social_insurance"] is ok
    assert result["eligible"] is ok


def test_continuous_months_default_to_months():
    short = make(social_insurance={"months": 83})
    del short["social_insurance"]["continuous_months"]
    assert met(calculator.score(short))["social_insurance"] is False
    enough = make(social_insurance={"months": 84})
    del enough["social_insurance"]["continuous_months"]
    assert met(calculator.score(enough))["social_insurance"] is True


def _expected_retirement_months(sex: str, group: str, year: int, month: int) -> int:
    """The 2025 reform restated: (base years, first reform month, months per step, max extra)."""
    base, start, step, most = {
        "male": (60, (1965, 1), 4, 36),
        "cadre": (55, (1970, 1), 4, 36),
        "worker": (50, (1975, 1), 2, 60),
    }["male" if sex == "male" else group]
    offset = (year - start[0]) * 12 + (month - start[1])
    extra = 0 if offset < 0 else min(most, offset // step + 1)
    return base * 12 + extra


@pytest.mark.parametrize(
    "sex,group,birth,age_text",
    [
        ("male", "worker", "1964-12-15", "60周岁（"),
        ("male", "worker", "1965-01-15", "60周岁1个月"),
        ("male", "worker", "1965-04-15", "60周岁1个月"),
        ("male", "worker", "1965-05-15", "60周岁2个月"),
        ("male", "worker", "1976-08-15", "62周岁11个月"),
        ("male", "worker", "1976-09-15", "63周岁"),
        ("male", "cadre", "1990-01-15", "63周岁"),
        ("female", "cadre", "1969-12-15", "55周岁（"),
        ("female", "cadre", "1970-01-15", "55周岁1个月"),
        ("female", "cadre", "1981-08-15", "57周岁11个月"),
        ("female", "cadre", "1981-09-15", "58周岁"),
        ("female", "cadre", "1995-09-15", "58周岁"),
        ("female", "worker", "1974-12-15", "50周岁（"),
        ("female", "worker", "1975-01-15", "50周岁1个月"),
        ("female", "worker", "1975-02-15", "50周岁1个月"),
        ("female", "worker", "1975-03-15", "50周岁2个月"),
        ("female", "worker", "1984-10-15", "54周岁11个月"),
        ("female", "worker", "1984-11-15", "55周岁"),
        ("female", "worker", "1995-11-15", "55周岁"),
    ],
)
def test_retirement_age_under_the_reform_is_shown(sex, group, birth, age_text):
    """Ages whose boundary lies beyond 2035 can only be seen in the condition's detail."""
    result = calculator.score(
        make(application_year=2020, birth_date=birth, sex=sex, retirement_group=group, social_insurance={"months": 100})
    )
    detail = next(c["detail"] for c in result["eligibility"] if c["id"] == "retirement_age")
    assert f"法定退休年龄{age_text}" in detail, detail


@pytest.mark.parametrize("sex,group", [("male", "worker"), ("female", "worker"), ("female", "cadre")])
def test_retirement_boundary_for_every_birth_month(sex, group):
    """Eligible iff Dec 31 of Y−1 is before the day the retirement age is reached, i.e. iff that day
    falls in year Y or later. Checked for every birth month (first and last day) in the years
    around the boundary, for every application year 2020–2035 where the boundary falls."""
    batch, expected = [], []
    for year in range(1955, 1992):
        for month in range(1, 13):
            months = _expected_retirement_months(sex, group, year, month)
            reached_year = (year * 12 + month - 1 + months) // 12
            last_day = date(year + month // 12, month % 12 + 1, 1).toordinal() - 1
            for day in (date(year, month, 1), date.fromordinal(last_day)):
                for application_year in (reached_year - 1, reached_year, reached_year + 1, reached_year + 2):
                    if 2020 <= application_year <= 2035:
                        batch.append(
                            make(
                                application_year=application_year,
                                birth_date=day.isoformat(),
                                sex=sex,
                                retirement_group=group,
                                social_insurance={"months": 100},
                            )
                        )
                        expected.append(reached_year >= application_year)
    assert len(batch) > 500
    got = [met(result)["retirement_age"] for result in calculator.score_many(batch)]
    wrong = [
        (entry["birth_date"], entry["application_year"], want)
        for entry, want, have in zip(batch, expected, got)
        if want != have
    ]
    assert wrong == []


@pytest.mark.parametrize(
    "sex,group,birth,year,ok",
    [
        ("male", "worker", "1964-12-31", 2025, False),  # 60 reached on 2024-12-31 = the cut-off: not before it
        ("male", "worker", "1965-01-01", 2025, True),  # 60y1m -> 2025-02-01
        ("male", "worker", "1965-01-01", 2026, False),
        ("male", "worker", "1965-09-30", 2026, False),  # 60y3m -> 2025-12-30
        ("male", "worker", "1965-10-01", 2026, True),  # 60y3m -> 2026-01-01
        ("female", "worker", "1974-12-31", 2025, False),  # 50 -> 2024-12-31
        ("female", "worker", "1975-01-01", 2025, True),  # 50y1m -> 2025-02-01
        ("female", "worker", "1975-08-31", 2026, False),  # 50y4m -> 2025-12-31
        ("female", "worker", "1975-09-01", 2026, True),  # 50y5m -> 2026-02-01
        ("female", "cadre", "1969-12-31", 2025, False),  # 55 -> 2024-12-31
        ("female", "cadre", "1970-09-30", 2026, False),  # 55y3m -> 2025-12-30
        ("female", "cadre", "1970-10-01", 2026, True),  # 55y3m -> 2026-01-01
        ("female", "worker", "1970-10-01", 2026, False),  # same woman as a worker: 50 in 2020
        ("male", "cadre", "1965-09-30", 2026, False),  # retirement_group does not apply to men
    ],
)
def test_retirement_boundary_days(sex, group, birth, year, ok):
    result = calculator.score(
        make(application_year=year, birth_date=birth, sex=sex, retirement_group=group, social_insurance={"months": 100})
    )
    assert met(result)["retirement_age"] is ok
    assert result["eligible"] is ok


def test_women_default_to_the_worker_group():
    data = make(application_year=2026, birth_date="1975-08-31", sex="female", social_insurance={"months": 100})
    del data["retirement_group"]
    assert met(calculator.score(data))["retirement_age"] is False


# ------------------------------------------------------------------ OPEN rules are marked 待核实 (CONTRACT.md section 3)


@pytest.mark.parametrize(
    "changes,item",
    [
        (dict(innovation={"type": "award", "points": 12}), "innovation"),
        (dict(innovation={"type": "none"}), "innovation"),
        (dict(detentions=1), "law"),
        (dict(detentions=0), "law"),
        # whether a year without tax voids the others ("近3年连续纳税") is not confirmed
        (dict(tax_qualifying_years=2), "tax"),
        (dict(tax_qualifying_years=0), "tax"),
    ],
)
def test_open_rules_say_unverified_in_detail_and_source(changes, item):
    result = calculator.score(make(**changes))
    line = next(i for i in result["items"] if i["id"] == item)
    assert "待核实" in line["detail"] and "待核实" in line["source"]


def test_verified_rules_are_not_marked_unverified():
    result = calculator.score(make())
    for line in result["items"]:
        if line["id"] in ("employment", "residence", "age", "honours"):
            assert "待核实" not in line["detail"] + line["source"], line["id"]


EVIDENCE_CODE = re.compile(r"V-(OFF|SEED|SEC)|\b(DATA|PARA|OPEN)\b")


@pytest.mark.parametrize(
    "changes",
    [
        dict(),
        dict(education={"level": "master", "certificates": "diploma_only", "deduction_owned_months": 10}),
        dict(innovation={"type": "award", "points": 12}, detentions=1, tax_qualifying_years=3),
    ],
)
def test_results_say_the_evidence_in_plain_words_without_codes(changes):
    """Evidence codes belong on the sources page only; a result's source line says it in words."""
    result = calculator.score(make(**changes))
    for line in result["items"] + result["eligibility"]:
        text = line["detail"] + line.get("source", "")
        assert not EVIDENCE_CODE.search(text), (line["id"], text)
    sources = {line["id"]: line["source"] for line in result["items"]}
    # the second-hand parts are named as such, never as quoted or official
    assert "“往前扣减的年限（3年、4年）”：文字为二手资料（待核实）" in sources["education_deduction"]
    assert "“只有学历或只有学位时低一档计分”：二手资料，待核实" in sources["education"]


def _evidence_lists(tree, found):
    """Every evidence list in a rules tree (rule sources and their parts)."""
    if isinstance(tree, dict):
        if isinstance(tree.get("evidence"), list):
            found.append(tree["evidence"])
        for value in tree.values():
            _evidence_lists(value, found)
    return found


def test_a_source_of_several_kinds_of_evidence_says_what_each_one_supports():
    """Several evidence tags are not listed side by side ("官方原文；转载，未与官方原文核对" reads as a
    contradiction): the line says which part of the rule each supports, from the [evidence] data."""
    from calculator.params import rule_set_trees
    from calculator.rules import EVIDENCE, RULES, evidence_labels

    lists = _evidence_lists(RULES, [])
    for tree in rule_set_trees().values():
        _evidence_lists(tree, lists)
    mixed = {tuple(tags) for tags in lists if len(set(tags)) > 1}
    assert len(mixed) >= 5, mixed  # the rules data has mixed sources to show
    for tags in {tuple(tags) for tags in lists}:
        text = evidence_labels(list(tags))
        assert not EVIDENCE_CODE.search(text), text
        if len(set(tags)) == 1:
            assert text == EVIDENCE[tags[0]]["label"]
            continue
        assert "；" not in text, text  # one sentence, not a list of labels
        wording = [EVIDENCE[tag]["in_line"] for tag in tags if EVIDENCE[tag]["supports"] == "wording"]
        for tag in tags:
            assert EVIDENCE[tag]["in_line"] in text, (tags, text)
        if len(wording) > 1:  # where the words come from several kinds of source: each "部分"
            assert all(f"部分{phrase}" in text for phrase in wording), text
        elif wording:
            assert text.startswith("文字" + wording[0]), text
    # the line of the issue, and where a reader meets it: the residence rule's source in a result
    residence = "部分依据官方原文，部分为转载（未与官方原文核对），计算方法根据公示数据推算"
    assert evidence_labels(["V-OFF", "V-SEC", "DATA"]) == residence
    result = calculator.score(make())
    line = next(item["source"] for item in result["items"] if item["id"] == "residence")
    assert line.endswith("——" + residence) and "官方原文；" not in line, line


# ------------------------------------------------------------------ limits, machine-readable (item `capped`)
# A line whose points a limit of the rules lowered says so: `capped` = {"uncapped": the points
# the inputs would give without the limit, "cap": the rule's cap where the points stand at it}.
# The page's scenario comparison explains equal totals from it (docs/calculator/scenarios.js).


def _item(result: dict, key: str) -> dict:
    return next(item for item in result["items"] if item["id"] == key)


@pytest.mark.parametrize(
    "live_work,live_only",
    [(48, 12), (0, 84), (84, 0), (36, 24), (48, 0), (0, 72), (24, 0), (0, 0), (47, 1)],
)
def test_job_residence_says_what_its_cap_took_off(live_work, live_only):
    result = calculator.score(
        make(
            social_insurance={"months": 150},
            housing={"owned_months": 150, "rented_months": 0},
            job_residence={"live_and_work_months": live_work, "live_only_months": live_only},
        )
    )
    line = _item(result, "job_residence")
    work_years, leftover = divmod(live_work, 12)
    raw = work_years * 3 + (live_only + leftover) // 12 * 2  # 3 and 2 a full year, RULES.md 4
    if raw > 12:
        assert line["capped"] == {"uncapped": raw, "cap": 12} and line["points"] == 12
    else:
        assert "capped" not in line and line["points"] == raw  # exactly at the cap is not lowered


@pytest.mark.parametrize("si,owned,rented", [(100, 80, 60), (100, 0, 101), (90, 120, 30), (100, 60, 41)])
def test_residence_says_what_the_employment_months_took_off(si, owned, rented):
    result = calculator.score(
        make(
            social_insurance={"months": si, "continuous_months": 100},
            housing={"owned_months": owned, "rented_months": rented},
        )
    )
    line = _item(result, "residence")
    every_month = half_up(Fraction(owned, 12)) + half_up(Fraction(rented, 24))
    assert dec(line["capped"]["uncapped"]) == every_month > dec(line["points"])
    assert line["capped"]["cap"] is None  # a limit in months, not a cap in points


def test_records_residence_says_what_the_employment_months_took_off():
    data = {
        "application_year": 2025,
        "birth_date": "1990-01-01",
        "sex": "male",
        "records": {
            "social_insurance": [{"from": "2022-01", "to": "2024-12"}],  # 36 就业 months
            "housing": [
                {"from": "2021-01", "to": "2024-12", "kind": "owned"},  # 48 owned months: 36 score
                {"from": "2025-01", "to": "2026-12", "kind": "rented"},  # after the cut-off: nothing, no limit
            ],
        },
    }
    line = _item(calculator.score(data), "residence")
    assert dec(line["points"]) == Decimal(3)
    assert dec(line["capped"]["uncapped"]) == half_up(Fraction(48, 12)) and line["capped"]["cap"] is None
    data["records"]["housing"][0]["from"] = "2022-01"  # 36 months: nothing lost
    assert "capped" not in _item(calculator.score(data), "residence")


def test_the_trial_rules_employment_based_innovation_says_its_cap():
    result = calculator.score(
        make(
            application_year=2019,
            birth_date="1985-05-05",
            tax_qualifying_years=None,
            innovation={"type": "employment", "years": 5},
        )
    )
    line = _item(result, "innovation")
    assert line["points"] == 6 and line["capped"] == {"uncapped": 10, "cap": 6}  # 2 a year, at most 6


def test_lines_that_no_limit_lowered_carry_no_capped():
    result = calculator.score(make(tax_qualifying_years=3, innovation={"type": "award", "points": 12}))
    assert all("capped" not in item for item in result["items"]), result["items"]
