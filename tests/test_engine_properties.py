"""Property tests (hypothesis), deterministic: derandomize=True, no example database."""

from __future__ import annotations

import json
import math
import re
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))  # engine_helpers, whatever pytest's import mode
from engine_helpers import ELIGIBILITY_IDS, ITEM_IDS, dec, points  # noqa: E402 (it puts the repo root on sys.path)

import calculator
from calculator.validation import CODES

SETTINGS = settings(
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=200,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FEWER = settings(SETTINGS, max_examples=100)

# education level, certificates -> deduction window in months (RULES.md 3b, restated)
WINDOW = {("none", c): 0 for c in ("both", "diploma_only", "degree_only")}
WINDOW.update({("college", c): 36 for c in ("both", "diploma_only", "degree_only")})
WINDOW.update(
    {
        ("bachelor", "both"): 48,
        ("bachelor", "diploma_only"): 36,
        ("bachelor", "degree_only"): 36,
        ("master", "both"): 36,
        ("master", "diploma_only"): 48,
        ("master", "degree_only"): 48,
        ("doctor", "both"): 36,
        ("doctor", "diploma_only"): 36,
        ("doctor", "degree_only"): 36,
    }
)


def employment_span(year: int) -> int:
    return 6 + 12 * (year - 1999)  # 1998-07 .. Dec of Y−1


def job_residence_span(year: int) -> int:
    return 12 * (year - 2018)  # 2018-01 .. Dec of Y−1


@st.composite
def applicants(draw, year=None):
    year = draw(st.integers(2020, 2035)) if year is None else year
    span = employment_span(year)
    birth = draw(st.dates(min_value=date(1950, 1, 1), max_value=date(2004, 12, 31)))
    months = draw(st.integers(0, span))
    continuous = draw(st.integers(0, 180))
    backpay = draw(st.integers(0, min(continuous, 8)))
    owned = draw(st.integers(0, span))
    rented = draw(st.integers(0, span - owned))
    level = draw(st.sampled_from(["none", "college", "bachelor", "master", "doctor"]))
    certificates = draw(st.sampled_from(["both", "diploma_only", "degree_only"]))
    window = min(WINDOW[(level, certificates)], months)
    d_owned = draw(st.integers(0, min(owned, window)))
    d_rented = draw(st.integers(0, min(rented, window - d_owned)))
    d_si = draw(st.integers(0, window - d_owned - d_rented))
    jr_span = job_residence_span(year)
    live_work = draw(st.integers(0, min(jr_span, owned, months)))
    live_only = draw(st.integers(0, min(jr_span - live_work, owned - live_work)))
    innovation = draw(
        st.one_of(
            st.just({"type": "none"}),
            st.builds(lambda p: {"type": "award", "points": p}, st.sampled_from([12, 11, 10, 9, 8, 6, 5, 4, 2])),
            st.builds(lambda p: {"type": "competition", "points": p}, st.sampled_from([12, 10, 9, 8, 6, 4, 3, 2, 1])),
            st.builds(
                lambda f: {"type": "equity", "financing_10k_yuan": f},
                st.one_of(
                    st.integers(0, 10000),
                    st.floats(0, 1e7, allow_nan=False, allow_infinity=False),
                    st.sampled_from([499.99, 500, 1999.99, 2000, 3999.99, 4000]),
                ),
            ),
        )
    )
    return {
        "application_year": year,
        "birth_date": birth.isoformat(),
        "sex": draw(st.sampled_from(["male", "female"])),
        "retirement_group": draw(st.sampled_from(["worker", "cadre"])),
        "residence_permit": draw(st.booleans()),
        "criminal_record": draw(st.booleans()),
        "social_insurance": {"months": months, "continuous_months": continuous, "backpay_months": backpay},
        "housing": {"owned_months": owned, "rented_months": rented},
        "education": {
            "level": level,
            "certificates": certificates,
            "deduction_owned_months": d_owned,
            "deduction_rented_months": d_rented,
            "deduction_si_only_months": d_si,
        },
        "job_residence": {
            "live_and_work_months": live_work,
            "live_only_months": live_only,
            "living_there_at_cutoff": draw(st.booleans()),
        },
        "innovation": innovation,
        "tax_qualifying_years": draw(st.integers(0, 3)),
        "honours": draw(st.booleans()),
        "detentions": draw(st.integers(0, 4)),
    }


def two_decimals(number) -> bool:
    value = dec(number)
    return value == value.quantize(Decimal("0.01")) and not isinstance(number, bool)


@SETTINGS
@given(applicants())
def test_total_is_the_sum_of_the_items(applicant):
    assert calculator.validate(applicant) == []
    result = calculator.score(applicant)
    assert [item["id"] for item in result["items"]] == ITEM_IDS
    assert [c["id"] for c in result["eligibility"]] == ELIGIBILITY_IDS
    assert result["eligible"] == all(c["met"] for c in result["eligibility"])
    assert all(two_decimals(item["points"]) for item in result["items"])
    assert two_decimals(result["total"])
    assert sum((dec(item["points"]) for item in result["items"]), Decimal(0)) == dec(result["total"])
    got = points(result)
    assert got["education_deduction"] <= 0 and got["law"] <= 0
    assert 0 <= got["job_residence"] <= 12 and 0 <= got["innovation"] <= 12 and got["tax"] in (0, 2, 4, 6)
    assert got["age"] in (0, 4, 8, 12, 16, 20) and got["honours"] in (0, 20) and got["law"] % 30 == 0
    # the JSON entry point and the batch API give the same answer
    assert json.loads(calculator.score_json(json.dumps(applicant))) == {"ok": True, "result": result}
    assert calculator.score_many([applicant]) == [result]


@SETTINGS
@given(st.data())
def test_more_insurance_months_never_lower_the_score(data):
    applicant = data.draw(applicants())
    span = employment_span(applicant["application_year"])
    months = applicant["social_insurance"]["months"]
    if months == span:
        return
    more = data.draw(st.integers(1, span - months))
    richer = json.loads(json.dumps(applicant))
    richer["social_insurance"]["months"] = months + more
    before, after = calculator.score(applicant), calculator.score(richer)
    assert dec(after["total"]) >= dec(before["total"])
    a, b = points(before), points(after)
    assert dec(b["employment"]) - dec(a["employment"]) == Decimal(more) / 4
    assert dec(b["residence"]) >= dec(a["residence"])
    # Housing months that now score may now be deducted too (a month deducts what it scored):
    # the deduction grows by at most the residence gained, give or take one rounding cent.
    # Education and its deduction are compared as their net: where the deduction grows past
    # the qualification's points, the qualification is no longer declared (both lines 0).
    residence_gain = dec(b["residence"]) - dec(a["residence"])
    net_loss = (dec(a["education"]) + dec(a["education_deduction"])) - (
        dec(b["education"]) + dec(b["education_deduction"])
    )
    assert Decimal(0) <= net_loss <= residence_gain + Decimal("0.01")
    assert dec(b["education"]) + dec(b["education_deduction"]) >= 0
    for key in ITEM_IDS:
        if key not in ("employment", "residence", "education", "education_deduction"):
            assert a[key] == b[key], key
    assert after["eligible"] == before["eligible"]


@FEWER
@given(applicants(), st.integers(1, 200))
def test_more_continuous_months_never_lower_the_score_or_the_eligibility(applicant, more):
    longer = json.loads(json.dumps(applicant))
    longer["social_insurance"]["continuous_months"] += more
    # Only records the person could have: no insurance months before birth (a validation error).
    assume(calculator.validate(longer) == [])
    before, after = calculator.score(applicant), calculator.score(longer)
    assert after["total"] == before["total"]
    assert after["eligible"] >= before["eligible"]


# ------------------------------------------------------------------ random JSON


def _json(floats):
    return st.recursive(
        st.none() | st.booleans() | st.integers() | floats | st.text(max_size=12),
        lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
        max_leaves=20,
    )


json_values = _json(st.floats())  # NaN and ±Infinity become the non-JSON literals the parser must refuse
strict_json_values = _json(st.floats(allow_nan=False, allow_infinity=False))

FIELD_PATHS = {
    "application_year",
    "birth_date",
    "sex",
    "retirement_group",
    "residence_permit",
    "criminal_record",
    "social_insurance",
    "social_insurance.months",
    "social_insurance.continuous_months",
    "social_insurance.backpay_months",
    "housing",
    "housing.owned_months",
    "housing.rented_months",
    "education",
    "education.level",
    "education.certificates",
    "education.deduction_owned_months",
    "education.deduction_rented_months",
    "education.deduction_si_only_months",
    "job_residence",
    "job_residence.live_and_work_months",
    "job_residence.live_only_months",
    "job_residence.living_there_at_cutoff",
    "innovation",
    "innovation.type",
    "innovation.points",
    "innovation.financing_10k_yuan",
    "tax_qualifying_years",
    "honours",
    "detentions",
    "education.graduation",
    "records",  # records mode (section 2b): errors in counts mode / with the counts
}


def check_answer(text: str) -> dict:
    answer = json.loads(calculator.score_json(text))
    assert isinstance(answer, dict) and isinstance(answer.get("ok"), bool)
    if answer["ok"]:
        assert set(answer) == {"ok", "result"}
        results = answer["result"] if isinstance(answer["result"], list) else [answer["result"]]
        for result in results:
            assert [item["id"] for item in result["items"]] == ITEM_IDS
    else:
        assert set(answer) == {"ok", "errors"}
        assert answer["errors"]
        for found in answer["errors"]:
            assert (
                {"path", "label", "message", "code"} <= set(found) <= {"path", "label", "message", "code", "related"}
            ), found
            assert found["code"] in CODES, found
            assert all(isinstance(found[key], str) and found[key] != "" for key in ("label", "message")), found
        # the internal-error answer has no path (an unknown key may itself read "内部错误")
        assert not any(found["path"] == "" and found["label"] == "内部错误" for found in answer["errors"]), answer[
            "errors"
        ]
    return answer


def check_python_api(value) -> None:
    try:
        result = calculator.score(value)
    except calculator.InvalidInput as error:
        assert error.errors and error.errors == calculator.validate(value)
    else:
        assert isinstance(result, dict) and calculator.validate(value) == []


@SETTINGS
@given(json_values)
def test_random_json_gives_a_result_or_validation_errors(value):
    check_answer(json.dumps(value))
    check_python_api(value)


@SETTINGS
@given(st.text(max_size=40))
def test_random_text_gives_a_result_or_validation_errors(text):
    check_answer(text)


def _set(data: dict, path: str, value) -> None:
    *parents, last = path.split(".")
    for part in parents:
        if not isinstance(data.get(part), dict):
            data[part] = {}
        data = data[part]
    data[last] = value


def _delete(data: dict, path: str) -> None:
    *parents, last = path.split(".")
    for part in parents:
        data = data.get(part)
        if not isinstance(data, dict):
            return
    data.pop(last, None)


@SETTINGS
@given(
    applicants(),
    st.lists(
        st.tuples(st.sampled_from(sorted(FIELD_PATHS)), st.one_of(strict_json_values, st.just(KeyError))),
        min_size=1,
        max_size=4,
    ),
)
def test_damaged_applicants_give_errors_that_start_with_a_field_path(applicant, changes):
    """Replace or delete some fields of a valid applicant: either it is still valid, or every error
    line starts with the path of a field (or an object) and says what is wrong in Chinese."""
    for path, value in changes:
        if value is KeyError:
            _delete(applicant, path)
        else:
            _set(applicant, path, value)
    answer = check_answer(json.dumps(applicant))
    check_python_api(applicant)
    if not answer["ok"]:
        for found in answer["errors"]:
            path, message = found["path"], found["message"]
            assert path in FIELD_PATHS or path.split(".")[0] in FIELD_PATHS, found
            assert re.search(r"[\u4e00-\u9fff]", message), found
            assert "." not in found["label"] or found["label"] == path, found  # the form's words, not a path
    # the same in an array: every path gets its index
    batch = [applicant, applicant]
    answer = check_answer(json.dumps(batch))
    if not answer["ok"]:
        assert all(re.match(r"^\[[01]\]\.", found["path"]) for found in answer["errors"]), answer["errors"]


@FEWER
@given(applicants(), st.text(min_size=1, max_size=10).filter(lambda k: k not in FIELD_PATHS))
def test_unknown_fields_are_always_errors(applicant, key):
    applicant[key] = 1
    errors = calculator.validate(applicant)
    assert len(errors) == 1 and errors[0].startswith(f"{key}: ") and "未知字段" in errors[0], errors


@SETTINGS
@given(st.floats(allow_nan=True, allow_infinity=True) | st.integers(-(10**30), 10**30))
def test_any_number_in_a_month_field_is_a_result_or_an_error(number):
    applicant = {
        "application_year": 2025,
        "birth_date": "1980-01-01",
        "sex": "male",
        "social_insurance": {"months": number},
    }
    text = json.dumps(applicant)
    answer = check_answer(text)
    valid = (
        isinstance(number, (int, float)) and math.isfinite(number) and float(number).is_integer() and 0 <= number <= 318
    )
    assert answer["ok"] is valid
