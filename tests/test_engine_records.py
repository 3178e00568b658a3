"""Records mode (CONTRACT.md section 2b): dated records in, the section-2 counts derived, the 住所 line
record by record; every records error with its record path; the same answer through every entry point.
The records golden cases (tests/golden/43-… onwards) hold the hand-computed arithmetic."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))  # engine_helpers, whatever pytest's import mode
from engine_helpers import ITEM_IDS, ROOT, dec, load_golden, points, subprocess_env  # noqa: E402

import calculator

SETTINGS = settings(
    derandomize=True, database=None, deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow]
)

# CONTRACT.md section 2b's example
EXAMPLE = json.loads((ROOT / "tests" / "golden" / "43-records-contract-example.json").read_text(encoding="utf-8"))[
    "input"
]  # CONTRACT 2b


def example(**changes) -> dict:
    data = copy.deepcopy(EXAMPLE)
    data.update(changes)
    return data


def with_housing(*records) -> dict:
    data = example()
    data["records"]["housing"] = list(records)
    return data


def problems(data) -> list[dict]:
    found = calculator.input_errors(data)
    with pytest.raises(calculator.InvalidInput) as caught:
        calculator.score(data)
    assert caught.value.problems == found
    assert caught.value.errors == calculator.validate(data)
    for problem in found:  # in the form's words: the label is never the path, the message names no field
        if problem["message"].startswith("未知字段"):
            continue  # a field the form does not have: only its path can name it
        assert problem["label"] != problem["path"], problem
        assert not re.search(r"[a-z]+_[a-z]+|records\.", problem["message"]), problem
    return found


def paths(found: list[dict]) -> list[str]:
    return [problem["path"] for problem in found]


# ------------------------------------------------------------------ the contract's example


def test_the_contract_example_scores_with_derived_counts():
    result = calculator.score(EXAMPLE)
    assert result["total"] == 69.12  # by hand: tests/golden/43-records-contract-example.json
    assert result["derived"] == {
        "social_insurance": {"months": 99, "continuous_months": 102, "backpay_months": 3},
        "housing": {"owned_months": 36, "rented_months": 66},
        "education": {"deduction_owned_months": 6, "deduction_rented_months": 18, "deduction_si_only_months": 0},
        "job_residence": {"live_and_work_months": 6, "live_only_months": 18, "living_there_at_cutoff": False},
    }


def test_detail_lists_what_each_record_scored():
    items = {item["id"]: item["detail"] for item in calculator.score(EXAMPLE)["items"]}
    residence = items["residence"]
    assert "自有住所（第1条，2017年1月至2019年12月）36个月 × 1/12分 = 3分" in residence
    assert "推算的租赁住所（1998年7月至2020年7月有就业、无自有住所的月份）25个月 × 1/24分 = 1.04分" in residence
    assert "租赁住所（第2条，2020年8月至2024年6月）41个月，就业月数用完，只计前38个月 × 1/24分 = 1.58分" in residence
    assert "合计5.62分（每条记录分别四舍五入到2位小数）" in residence
    employment = items["employment"]
    assert "第1条（2015年7月至2019年3月，正常缴纳）45个月" in employment
    assert "第2条（2019年4月至2019年6月，补缴，不计）0个月" in employment
    assert "第3条（2019年7月至2024年6月，正常缴纳）54个月" in employment
    assert "扣减期2014年7月至2017年6月" in items["education_deduction"]


def test_derivation_gives_the_months_for_a_timeline():
    timeline = calculator.score(EXAMPLE)["derivation"]
    assert timeline["cutoff_month"] == "2023-12" and timeline["employment_from"] == "1998-07"
    assert timeline["social_insurance"] == {
        "normal": [["2015-07", "2019-03"], ["2019-07", "2023-12"]],
        "backpay": [["2019-04", "2019-06"]],
        "outer_work": [["2019-07", "2023-12"]],
    }
    assert timeline["continuity"] == {"from": "2015-07", "to": "2023-12", "months": 102, "backpay_months": 3}
    assert timeline["housing"] == [
        {
            "record": 0,
            "kind": "owned",
            "months": 36,
            "scored_months": 36,
            "points": 3,
            "scored": [["2017-01", "2019-12"]],
            "capped": [],
        },
        {
            "record": None,
            "kind": "inferred",
            "months": 25,
            "scored_months": 25,
            "points": 1.04,
            "scored": [["2015-07", "2016-12"], ["2020-01", "2020-07"]],
            "capped": [],
        },
        {
            "record": 1,
            "kind": "rented",
            "months": 41,
            "scored_months": 38,
            "points": 1.58,
            "scored": [["2020-08", "2023-09"]],
            "capped": [["2023-10", "2023-12"]],
        },
    ]
    assert timeline["deduction_window"] == {"from": "2014-07", "to": "2017-06", "months": 36}
    assert timeline["job_residence"] == {
        "live_and_work": [["2019-07", "2019-12"]],
        "live_only": [["2018-01", "2019-06"]],
        "living_there_at_cutoff": False,
    }


def test_counts_mode_results_have_no_derived_counts():
    result = calculator.score(
        {"application_year": 2025, "birth_date": "1988-03-15", "sex": "female", "social_insurance": {"months": 150}}
    )
    assert "derived" not in result and "derivation" not in result


# ------------------------------------------------------------------ every entry point takes records


def test_records_through_score_json_score_many_and_arrays():
    result = calculator.score(EXAMPLE)
    assert json.loads(calculator.score_json(json.dumps(EXAMPLE))) == {"ok": True, "result": result}
    assert calculator.score_many([EXAMPLE, EXAMPLE]) == [result, result]
    bad = example()
    bad["records"]["housing"][1]["from"] = "2020-07"
    answer = json.loads(calculator.score_json(json.dumps([EXAMPLE, bad])))
    assert answer["ok"] is False
    assert paths(answer["errors"]) == ["[1].records.housing[1].from"]
    assert answer["errors"][0]["label"] == "住房记录第2条的起始年月"


def run_cli(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "calculator", "score", str(path)],
        cwd=ROOT,
        capture_output=True,
        env=subprocess_env(),
        timeout=60,
    )


def test_cli_takes_records_and_prints_record_paths(tmp_path):
    good = tmp_path / "records.json"
    good.write_text(json.dumps(EXAMPLE, ensure_ascii=False), encoding="utf-8")
    done = run_cli(good)
    assert done.returncode == 0 and done.stderr == b""
    assert json.loads(done.stdout.decode("utf-8")) == calculator.score(EXAMPLE)
    bad = with_housing(
        {"from": "2017-01", "to": "2019-12", "kind": "owned"}, {"from": "2019-06", "to": "2016-01", "kind": "owned"}
    )
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    done = run_cli(path)
    assert done.returncode == 2 and done.stdout == b""
    assert done.stderr.decode("utf-8").splitlines() == ["records.housing[1].to: 截止年月2016年1月早于起始年月2019年6月"]


# ------------------------------------------------------------------ records errors


@pytest.mark.parametrize(
    "field,value",
    [
        ("social_insurance", {"months": 99}),
        ("housing", {"owned_months": 36}),
        ("job_residence", {"live_only_months": 0}),
    ],
)
def test_records_with_a_count_object_is_an_error_naming_records(field, value):
    found = problems(example(**{field: value}))
    assert paths(found) == ["records"]
    assert found[0]["related"] == [field]
    assert found[0]["label"] == "缴费与住房记录"


@pytest.mark.parametrize("key", ["deduction_owned_months", "deduction_rented_months", "deduction_si_only_months"])
def test_records_with_a_deduction_count_is_an_error_naming_records(key):
    data = example()
    data["education"][key] = 0
    found = problems(data)
    assert paths(found) == ["records"] and found[0]["related"] == [f"education.{key}"]


def test_records_with_several_counts_is_one_error_naming_them_all():
    data = example(social_insurance={"months": 1}, housing={}, job_residence={})
    data["education"]["deduction_si_only_months"] = 0
    found = problems(data)
    assert paths(found) == ["records"]
    assert found[0]["related"] == ["social_insurance", "housing", "education.deduction_si_only_months", "job_residence"]
    assert calculator.validate(data)[0].startswith("records: ")


@pytest.mark.parametrize("value", [None, [], "x", 3])
def test_records_must_be_an_object(value):
    assert paths(problems(example(records=value))) == ["records"]


@pytest.mark.parametrize("kind", ["social_insurance", "housing"])
@pytest.mark.parametrize("value", [None, {}, "x", 3])
def test_record_lists_must_be_arrays_of_objects(kind, value):
    data = example()
    data["records"][kind] = value
    assert paths(problems(data)) == [f"records.{kind}"]
    data["records"][kind] = [value]
    if value != {}:
        assert paths(problems(data)) == [f"records.{kind}[0]"]


def test_record_lists_have_a_bound():
    data = example()
    data["records"]["social_insurance"] = [{"from": "2015-07", "to": "2015-07"}] * 101
    assert paths(problems(data)) == ["records.social_insurance"]


@pytest.mark.parametrize(
    "value",
    [
        "2019-13",
        "2019-00",
        "2019-7",
        "201907",
        "2019/07",
        "2019-07-01",
        " 2019-07",
        "２０１９-07",
        "1899-12",
        "2101-01",
        201907,
        None,
        True,
        ["2019-07"],
    ],
)
def test_record_months_must_be_yyyy_mm(value):
    data = example()
    data["records"]["social_insurance"][0]["from"] = value
    found = problems(data)
    assert paths(found) == ["records.social_insurance[0].from"]
    assert found[0]["label"] == "社保缴纳记录第1条的起始年月"


@pytest.mark.parametrize(
    "kind,key",
    [
        ("social_insurance", "from"),
        ("social_insurance", "to"),
        ("housing", "from"),
        ("housing", "to"),
        ("housing", "kind"),
    ],
)
def test_record_fields_that_are_required(kind, key):
    data = example()
    del data["records"][kind][0][key]
    found = problems(data)
    assert paths(found) == [f"records.{kind}[0].{key}"] and found[0]["message"] == "缺少必填字段"


def test_record_defaults():
    data = example()
    data["records"]["social_insurance"] = [{"from": "2015-07", "to": "2024-06"}]  # normal, central
    data["records"]["housing"] = [{"from": "2017-01", "to": "2019-12", "kind": "owned"}]  # central
    result = calculator.score(data)
    assert result["derived"]["social_insurance"]["months"] == 102
    assert result["derived"]["job_residence"] == {
        "live_and_work_months": 0,
        "live_only_months": 0,
        "living_there_at_cutoff": False,
    }


@pytest.mark.parametrize(
    "kind,key,value",
    [
        ("social_insurance", "kind", "extra"),
        ("social_insurance", "work_district", "haidian"),
        ("housing", "kind", "bought"),
        ("housing", "district", "east"),
    ],
)
def test_record_choices(kind, key, value):
    data = example()
    data["records"][kind][0][key] = value
    assert paths(problems(data)) == [f"records.{kind}[0].{key}"]


def test_unknown_record_fields():
    data = example()
    data["records"]["housing"][0]["area"] = 90
    data["records"]["other"] = []
    assert paths(problems(data)) == ["records.other", "records.housing[0].area"]  # unknown keys first, then the fields


def test_to_before_from_is_an_error_on_to():
    data = example()
    data["records"]["social_insurance"][2]["to"] = "2019-06"
    found = problems(data)
    assert paths(found) == ["records.social_insurance[2].to"]
    assert found[0]["message"] == "截止年月2019年6月早于起始年月2019年7月"
    data["records"]["social_insurance"][2]["to"] = "2019-07"  # one month: fine
    assert calculator.validate(data) == []


@pytest.mark.parametrize("kind", ["rented", "dormitory"])
def test_rented_and_dormitory_records_before_2020_08_are_refused_with_the_reason(kind):
    found = problems(with_housing({"from": "2020-07", "to": "2021-12", "kind": kind}))
    assert paths(found) == ["records.housing[0].from"]
    message = found[0]["message"]
    assert "2020年8月起" in message and "不用填" in message and "推算" in message
    assert calculator.validate(with_housing({"from": "2020-08", "to": "2021-12", "kind": kind})) == []
    # an owned home may start any time
    assert calculator.validate(with_housing({"from": "2001-01", "to": "2021-12", "kind": "owned"})) == []


def test_overlapping_homes_name_both_records():
    found = problems(
        with_housing(
            {"from": "2020-08", "to": "2022-03", "kind": "rented"},
            {"from": "2022-03", "to": "2024-06", "kind": "owned"},
        )
    )
    assert paths(found) == ["records.housing[1]"]
    assert found[0]["related"] == ["records.housing[0]"]
    assert found[0]["label"] == "住房记录第2条"
    assert "住房记录第1条（2020年8月至2022年3月）" in found[0]["message"] and "重叠" in found[0]["message"]
    assert (
        calculator.validate(
            found
            and with_housing(
                {"from": "2020-08", "to": "2022-02", "kind": "rented"},
                {"from": "2022-03", "to": "2024-06", "kind": "owned"},
            )
        )
        == []
    )


def test_every_overlapping_pair_is_reported_whatever_the_order_given():
    found = problems(
        with_housing(
            {"from": "2021-01", "to": "2021-12", "kind": "rented"},
            {"from": "2010-01", "to": "2030-12", "kind": "owned"},
            {"from": "2022-01", "to": "2022-06", "kind": "dormitory"},
        )
    )
    assert sorted((p["path"], p["related"][0]) for p in found) == [
        ("records.housing[0]", "records.housing[1]"),
        ("records.housing[2]", "records.housing[1]"),
    ]


def test_overlapping_insurance_records_are_fine():
    data = example()
    data["records"]["social_insurance"].append({"from": "2016-01", "to": "2020-12", "kind": "normal"})
    assert calculator.validate(data) == []
    assert calculator.score(data)["derived"]["social_insurance"]["months"] == 102  # the gap 2019-04..06 now normal


def test_insurance_before_birth_is_an_error():
    data = example()
    data["records"]["social_insurance"][0]["from"] = "1992-10"
    found = problems(data)
    assert paths(found) == ["records.social_insurance[0].from"] and "出生" in found[0]["message"]


def test_graduation():
    data = example()
    del data["education"]["graduation"]
    assert paths(problems(data)) == ["education.graduation"]  # required for a level that scores
    data["education"] = {"level": "none"}
    assert calculator.validate(data) == []
    data["education"] = {"level": "none", "graduation": "2010-06"}
    assert paths(problems(data)) == ["education.graduation"]  # unused without a level that scores
    data["education"] = {"level": "master", "graduation": "2024-01"}  # after the cut-off (2023-12)
    found = problems(data)
    assert paths(found) == ["education.graduation"] and "截止日" in found[0]["message"]
    data["education"] = {"level": "master", "graduation": "2023-12"}
    assert calculator.validate(data) == []
    data["education"] = {"level": "master", "graduation": "2023"}
    assert paths(problems(data)) == ["education.graduation"]


def test_graduation_is_an_error_in_counts_mode():
    data = {
        "application_year": 2025,
        "birth_date": "1988-03-15",
        "sex": "female",
        "social_insurance": {"months": 150},
        "education": {"level": "bachelor", "graduation": "2010-06"},
    }
    found = problems(data)
    assert paths(found) == ["education.graduation"] and "按记录" in found[0]["message"]


def test_every_problem_at_once_with_record_paths():
    data = example()
    data["records"]["social_insurance"][0] = {"from": "2015-13", "to": "2019-03", "kind": "x"}
    data["records"]["housing"] = [
        {"from": "2019-01", "to": "2018-01", "kind": "owned"},
        {"from": "2019-01", "to": "2021-01", "kind": "rented", "district": "outer"},
    ]
    data["education"]["graduation"] = "June"
    assert paths(problems(data)) == [  # the fields in the table's order, then the checks across records
        "education.graduation",
        "records.social_insurance[0].from",
        "records.social_insurance[0].kind",
        "records.housing[1].district",
        "records.housing[0].to",
        "records.housing[1].from",
    ]


# ------------------------------------------------------------------ records and counts agree


def _round(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _months(first: str, last: str) -> int:
    (y1, m1), (y2, m2) = map(int, first.split("-")), map(int, last.split("-"))
    return max(0, (y2 - y1) * 12 + m2 - m1 + 1)


def _month(year: int, month: int) -> str:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return f"{year:04d}-{month:02d}"


@st.composite
def one_record_of_each_kind(draw):
    year = draw(st.integers(2020, 2035))
    cutoff = f"{year - 1}-12"
    si_from = _month(draw(st.integers(1996, year - 1)), draw(st.integers(1, 12)))
    si_to = _month(draw(st.integers(int(si_from[:4]), year + 1)), draw(st.integers(1, 12)))
    assume(si_from <= si_to)
    owned_from = _month(draw(st.integers(1996, year - 1)), draw(st.integers(1, 12)))
    owned_to = _month(draw(st.integers(int(owned_from[:4]), year + 1)), draw(st.integers(1, 12)))
    assume(owned_from <= owned_to)
    housing = [
        {"from": owned_from, "to": owned_to, "kind": "owned", "district": draw(st.sampled_from(["central", "outer"]))}
    ]
    rent_from = max(_month(int(owned_to[:4]), int(owned_to[5:]) + 1), "2020-08")
    if rent_from <= cutoff and draw(st.booleans()):
        housing.append(
            {
                "from": rent_from,
                "to": _month(int(rent_from[:4]) + draw(st.integers(0, 5)), 12),
                "kind": draw(st.sampled_from(["rented", "dormitory"])),
            }
        )
    level = draw(st.sampled_from(["none", "college", "bachelor", "master", "doctor"]))
    education = {"level": level, "certificates": draw(st.sampled_from(["both", "diploma_only", "degree_only"]))}
    if level != "none":
        education["graduation"] = _month(draw(st.integers(1995, year - 1)), draw(st.integers(1, 12)))
    return {
        "application_year": year,
        "birth_date": "1975-06-15",
        "sex": "male",
        "records": {
            "social_insurance": [
                {
                    "from": si_from,
                    "to": si_to,
                    "kind": "normal",
                    "work_district": draw(st.sampled_from(["central", "outer"])),
                }
            ],
            "housing": housing,
        },
        "education": education,
    }


def _by_hand_residence(applicant: dict) -> Decimal:
    """Rule 3 for one record of each kind, written out independently: owned, inferred block, rental, in order."""
    cutoff = f"{applicant['application_year'] - 1}-12"
    si = applicant["records"]["social_insurance"][0]
    si_first, si_last = max(si["from"], "1998-07"), min(si["to"], cutoff)
    employment = _months(si_first, si_last)
    owned, *rented = applicant["records"]["housing"]
    owned_first, owned_last = max(owned["from"], "1998-07"), min(owned["to"], cutoff)
    owned_months = _months(owned_first, owned_last)
    block_last = min(si_last, "2020-07")
    inferred = _months(si_first, block_last) - _months(max(si_first, owned_first), min(block_last, owned_last))
    rental = _months(max(rented[0]["from"], "1998-07"), min(rented[0]["to"], cutoff)) if rented else 0
    total, left = Decimal(0), employment
    for months, rate in ((owned_months, Fraction(1, 12)), (inferred, Fraction(1, 24)), (rental, Fraction(1, 24))):
        scored = min(months, left)
        left -= scored
        total += _round(scored * rate)
    return total


@SETTINGS
@given(one_record_of_each_kind())
def test_one_record_of_each_kind_gives_the_total_of_its_derived_counts(applicant):
    """Records mode and counts mode with the `derived` counts agree on every line but 住所, where the records
    round per record; there they agree whenever that rounding is the same, and differ by 0.01 at most."""
    result = calculator.score(applicant)
    replay = {key: value for key, value in applicant.items() if key != "records"}
    replay.update(copy.deepcopy(result["derived"]))
    replay["education"] = {
        **{k: v for k, v in applicant["education"].items() if k != "graduation"},
        **result["derived"]["education"],
    }
    assert calculator.validate(replay) == []
    counted = calculator.score(replay)
    got, again = points(result), points(counted)
    for key in ITEM_IDS:
        if key != "residence":
            assert got[key] == again[key], key
    assert result["eligibility"] == counted["eligibility"]
    assert dec(got["residence"]) == _by_hand_residence(applicant)
    difference = dec(got["residence"]) - dec(again["residence"])
    assert abs(difference) <= Decimal("0.01")
    assert dec(result["total"]) - dec(counted["total"]) == difference
    derived = result["derived"]
    owned_scored = min(derived["housing"]["owned_months"], derived["social_insurance"]["months"])
    rental_scored = min(derived["housing"]["rented_months"], derived["social_insurance"]["months"] - owned_scored)
    rental_lines = [
        line for line in result["derivation"]["housing"] if line["kind"] != "owned" and line["scored_months"]
    ]
    if len(rental_lines) <= 1:  # one rounding of the rentals is then the same as per record
        assert result["total"] == counted["total"]
        assert sum(line["scored_months"] for line in rental_lines) == rental_scored


@SETTINGS
@given(one_record_of_each_kind(), st.integers(1, 30))
def test_longer_insurance_never_lowers_the_employment_or_residence(applicant, more):
    longer = copy.deepcopy(applicant)
    record = longer["records"]["social_insurance"][0]
    record["from"] = _month(int(record["from"][:4]), int(record["from"][5:]) - more)
    assume(calculator.validate(longer) == [])
    a, b = points(calculator.score(applicant)), points(calculator.score(longer))
    assert dec(b["employment"]) >= dec(a["employment"]) and dec(b["residence"]) >= dec(a["residence"])


# ------------------------------------------------------------------ the golden cases ask for this


def test_records_golden_cases_cover_what_the_issue_asks_for():
    cases = [
        (name, case["input"], calculator.score(case["input"]))
        for name, case in load_golden()
        if "records" in case["input"]
    ]
    assert len(cases) >= 15

    def any_case(test) -> bool:
        return any(test(data, result) for _, data, result in cases)

    def per_record_differs(data, result):
        derived = result["derived"]
        si = derived["social_insurance"]["months"]
        owned = min(derived["housing"]["owned_months"], si)
        rental = min(derived["housing"]["rented_months"], si - owned)
        once = _round(Fraction(owned, 12)) + _round(Fraction(rental, 24))
        return once != dec(points(result)["residence"])

    def spans_cutoff(data, result):
        cutoff = f"{data['application_year'] - 1}-12"
        return any(r["to"] > cutoff for kind in ("social_insurance", "housing") for r in data["records"].get(kind, []))

    def si_overlap(data, result):
        records = data["records"].get("social_insurance", [])
        return any(a is not b and a["from"] <= b["to"] and b["from"] <= a["to"] for a in records for b in records)

    def window_kinds(data, result):
        window = result["derivation"]["deduction_window"]
        if not window:
            return set()
        kinds = set()
        for line in result["derivation"]["housing"]:
            for first, last in line["scored"]:
                if first <= window["to"] and window["from"] <= last:
                    kinds.add(line["kind"])
        return kinds

    assert any_case(per_record_differs)
    assert any_case(
        lambda d, r: any(
            0 < line["scored_months"] < line["months"] and line["record"] is not None
            for line in r["derivation"]["housing"]
        )
    )  # the cap inside a record
    assert any_case(si_overlap)
    assert any_case(lambda d, r: r["derived"]["social_insurance"]["backpay_months"] > 0 and r["eligible"])
    assert any_case(
        lambda d, r: (
            r["derivation"]["social_insurance"]["backpay"] and r["derived"]["social_insurance"]["backpay_months"] == 0
        )
    )  # 补缴 outside the run
    assert any_case(lambda d, r: {"owned", "inferred"} <= window_kinds(d, r))
    assert any_case(
        lambda d, r: points(r)["job_residence"] > 0 and r["derived"]["job_residence"]["living_there_at_cutoff"]
    )
    assert any_case(
        lambda d, r: (
            r["derived"]["job_residence"]["live_and_work_months"] > 0
            and not r["derived"]["job_residence"]["living_there_at_cutoff"]
        )
    )
    assert any_case(spans_cutoff)


def test_the_two_readings_of_contract_2b():
    """住所 months count from 1998-07; a record that starts after the cut-off is a plan: valid, nothing
    this year, counted in the projection years it reaches."""
    base = {"application_year": 2026, "birth_date": "1970-01-01", "sex": "male"}
    early = calculator.score(
        {
            **base,
            "records": {
                "social_insurance": [{"from": "1996-01", "to": "2025-12"}],
                "housing": [{"from": "1995-01", "to": "2000-06", "kind": "owned"}],
            },
        }
    )
    owned = next(item for item in early["items"] if item["id"] == "residence")["detail"]
    assert "24个月 × 1/12分 = 2分" in owned  # 1998-07..2000-06 only
    assert early["derived"]["housing"]["owned_months"] == 24
    plan = {
        **base,
        "records": {
            "social_insurance": [{"from": "2012-01", "to": "2030-12"}],
            "housing": [{"from": "2027-03", "to": "2030-12", "kind": "owned"}],
        },
    }
    result = calculator.score(plan, projection=True)
    assert result["derived"]["housing"]["owned_months"] == 0
    assert "以后各年度的推算中计入" in next(i for i in result["items"] if i["id"] == "residence")["detail"]
    rows = {row["application_year"]: row for row in result["projection"]["years"]}
    assert calculator.score(rows[2028]["input"])["derived"]["housing"]["owned_months"] == 10  # 2027-03..2027-12


def test_a_plan_that_runs_on_counts_in_every_projection_year_it_reaches():
    """The page's 至今 on a record that starts after the cut-off sends the last cut-off the rules know
    (2034-12 for the 2035 round): each later year counts its months from the start to that year's cut-off,
    and the assumptions name it."""
    plan = {
        "application_year": 2025,
        "birth_date": "1990-01-01",
        "sex": "male",
        "records": {
            "social_insurance": [{"from": "2012-01", "to": "2024-12"}],
            "housing": [
                {"from": "2020-08", "to": "2024-12", "kind": "rented"},
                {"from": "2027-01", "to": "2034-12", "kind": "owned", "district": "outer"},
            ],
        },
    }
    result = calculator.score(plan, projection=True)
    assert result["derived"]["housing"]["owned_months"] == 0
    assert result["derived"]["job_residence"]["live_only_months"] == 0
    assert any("以后才开始的住所记录第2条（2027年1月起）" in line for line in result["projection"]["assumptions"])
    for row in result["projection"]["years"]:
        year = row["application_year"]
        owned = max(0, (year - 1 - 2027 + 1) * 12)  # 2027-01 .. Dec of year-1
        derived = calculator.score(row["input"])["derived"]
        assert derived["housing"]["owned_months"] == owned, year
        assert derived["job_residence"]["live_only_months"] == owned  # an outer home, the job inside
        assert derived["job_residence"]["living_there_at_cutoff"] is (owned > 0)


def test_the_timeline_words_are_the_engines():
    """The timeline's sentences (derivation.text), worded once here; the page only lays them out.
    CONTRACT 2b's example: record 1 is 2015-07..2019-03 (45 months), record 3 counts to the
    cut-off 2023-12 (54 of its months), the run from 2015-07 is 102 months with 3 back-paid."""
    text = calculator.score(EXAMPLE)["derivation"]["text"]
    assert text["title"] == "你的社保、住房和学历记录（计算截止2023年12月）"
    assert text["social_insurance"] == [
        "社保缴纳记录第1条（正常缴纳）：2015年7月至2019年3月，45个月在就业计算期内",
        "社保缴纳记录第2条（补缴）：2019年4月至2019年6月，3个月只算连续缴纳，不计分",
        "社保缴纳记录第3条（正常缴纳）：2019年7月至2024年6月，54个月在就业计算期内",
    ]
    assert text["continuity"] == "连续缴纳：2015年7月至2023年12月，102个月，其中补缴3个月"
    assert text["housing"] == [
        "住房记录第1条（自有住所）：2017年1月至2019年12月，计分36个月，3分",
        "推算的租赁住所：2015年7月至2020年7月，计分25个月，1.04分",
        "住房记录第2条（租赁住所）：2020年8月至2024年6月，计分38个月，1.58分；3个月超出就业月数，不计分",
    ]
    assert text["deduction_window"] == (
        "教育背景扣减期：2014年7月至2017年6月（36个月，到毕业年月为止），其中24个月有就业积分，要扣减"
    )
    assert text["employment_from"] == "就业月数从1998年7月起算"
    assert text["rental_declared_from"] == "2020年8月起租赁住所须登记，之前的按就业月数推算"
