"""Golden cases: tests/golden/NN-*.json, each computed by hand from policy/RULES.md.

The browser tests replay the same files, so their format is checked here as well.
"""

from __future__ import annotations

import json
import re
import sys
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # engine_helpers, whatever pytest's import mode
from engine_helpers import ELIGIBILITY_IDS, GOLDEN_DIR, ITEM_IDS, dec, load_golden, met, points  # noqa: E402 (it puts the repo root on sys.path)

import calculator

CASES = load_golden()


def test_at_least_25_golden_cases_numbered_in_sequence():
    names = [name for name, _ in CASES]
    assert len(names) >= 25
    for number, name in enumerate(names, 1):
        assert re.fullmatch(rf"{number:02d}-[a-z0-9.\-]+\.json", name), name


@pytest.mark.parametrize("name,case", CASES, ids=[name for name, _ in CASES])
def test_golden_file_format(name, case):
    assert set(case) == {"name", "hand_computation", "input", "expected"}
    assert isinstance(case["name"], str) and case["name"]
    assert isinstance(case["hand_computation"], list) and len(case["hand_computation"]) >= 2
    assert all(isinstance(line, str) and line for line in case["hand_computation"])
    expected = case["expected"]
    if "records" in case["input"]:  # records mode (CONTRACT.md 2b): the derived counts are computed by hand too
        assert set(expected) == {"eligible", "eligibility", "points", "total", "derived"}
    else:
        assert set(expected) == {"eligible", "eligibility", "points", "total"}
    assert list(expected["eligibility"]) == ELIGIBILITY_IDS
    # the items the case was written with, in the rules' order; one added to the rules later is not
    # listed in older files (test_golden_case: it must score 0 for them)
    assert list(expected["points"]) == [key for key in ITEM_IDS if key in expected["points"]]
    assert len(expected["points"]) >= 10
    assert expected["eligible"] == all(expected["eligibility"].values())
    # the hand computation itself adds up
    assert sum(dec(value) for value in expected["points"].values()) == dec(expected["total"])
    assert calculator.validate(case["input"]) == []
    assert (GOLDEN_DIR / name).read_bytes().decode("utf-8")  # UTF-8


@pytest.mark.parametrize("name,case", CASES, ids=[name for name, _ in CASES])
def test_golden_case(name, case):
    result = calculator.score(case["input"])
    expected = case["expected"]
    assert result["eligible"] is expected["eligible"]
    assert result["eligibility_verdict"] == (
        "全部满足，可以申报" if expected["eligible"] else "未全部满足，不能申报（分数仅供参考）"
    )
    assert [c["id"] for c in result["eligibility"]] == ELIGIBILITY_IDS
    assert met(result) == expected["eligibility"]
    assert [item["id"] for item in result["items"]] == ITEM_IDS
    got = points(result)
    for key in ITEM_IDS:
        by_hand = expected["points"].get(key, 0)  # an item newer than the case: nothing for it
        assert dec(got[key]) == dec(by_hand), f"{key}: engine {got[key]}, by hand {by_hand}"
    assert dec(result["total"]) == dec(expected["total"])
    # spelled alike in JSON (20 not 20.0, 7.5 not 7.50), so a replay may compare the text
    assert json.dumps(result["total"]) == json.dumps(expected["total"])
    assert {k: json.dumps(got[k]) for k in expected["points"]} == {
        k: json.dumps(v) for k, v in expected["points"].items()
    }
    # total is the sum of the ten lines, exactly
    assert sum((dec(item["points"]) for item in result["items"]), Decimal(0)) == dec(result["total"])
    assert result["application_year"] == case["input"]["application_year"]
    if "derived" in expected:
        assert result["derived"] == expected["derived"]
    else:
        assert "derived" not in result


def test_golden_cases_replay_through_the_json_entry_point():
    """score_json is what the browser calls: the same files must give the same numbers there."""
    for name, case in CASES:
        answer = json.loads(calculator.score_json(json.dumps(case["input"], ensure_ascii=False)))
        assert answer["ok"] is True, name
        assert answer["result"]["total"] == case["expected"]["total"], name
        # an item newer than the case: nothing for it
        assert points(answer["result"]) == {key: case["expected"]["points"].get(key, 0) for key in ITEM_IDS}, name


def test_golden_cases_cover_what_the_issue_asks_for():
    inputs = [case["input"] for _, case in CASES]
    levels = {
        (i.get("education", {}).get("level", "none"), i.get("education", {}).get("certificates", "both"))
        for i in inputs
    }
    for wanted in [
        ("college", "both"),
        ("bachelor", "both"),
        ("bachelor", "diploma_only"),
        ("bachelor", "degree_only"),
        ("master", "both"),
        ("master", "diploma_only"),
        ("master", "degree_only"),
        ("doctor", "both"),
        ("doctor", "diploma_only"),
        ("doctor", "degree_only"),
    ]:
        assert wanted in levels, wanted
    years = {i["application_year"] for i in inputs}
    assert {2020, 2035} <= years
    kinds = {i.get("innovation", {}).get("type", "none") for i in inputs}
    assert kinds == {"none", "award", "competition", "equity", "employment"}
    financing = {
        i["innovation"].get("financing_10k_yuan") for i in inputs if i.get("innovation", {}).get("type") == "equity"
    }
    assert {499.99, 500, 2000, 4000} <= financing
    assert {i.get("tax_qualifying_years", 0) for i in inputs} == {0, 1, 2, 3}
    expected = [case["expected"] for _, case in CASES]
    for key in ELIGIBILITY_IDS:
        assert any(e["eligibility"][key] is False for e in expected), key
    assert {e["points"]["age"] for e in expected} >= {20, 16, 4, 0}
    assert any(e["points"]["honours"] == 20 for e in expected)
    assert any(e["points"]["law"] < 0 for e in expected)
    assert any(e["points"]["job_residence"] == 12 for e in expected)


def test_golden_cases_cover_the_2016_trial_rules_and_the_boundary():
    """CONTRACT 2c: at least 10 hand-computed cases of the 2018 and 2019 rounds, covering each
    structural difference, and cases on both sides of the 2019 -> 2020 boundary."""
    trial = [(name, case) for name, case in CASES if case["input"]["application_year"] in (2018, 2019)]
    assert len(trial) >= 10
    assert {case["input"]["application_year"] for _, case in trial} == {2018, 2019}
    inputs = [case["input"] for _, case in trial]
    expected = [case["expected"]["points"] for _, case in trial]
    assert any(i.get("tax_average_qualifies") for i in inputs)  # the 3-year average
    assert any(i.get("tax_violations") for i in inputs) and min(e["tax"] for e in expected) < 0
    assert any(e["age"] == 0 for e in expected)  # the cliff at 46
    assert {e["job_residence"] for e in expected} >= {8, 6, 2}  # +4 / +2 a year from 2017-01
    assert any(i.get("innovation", {}).get("type") == "employment" for i in inputs)  # the employment item
    assert any("study_from" in i.get("education", {}) for i in inputs)  # the study period, records
    assert any(i.get("education", {}).get("deduction_rented_months", 0) > 48 for i in inputs)  # no fixed window
    rental = [
        i
        for i in inputs
        if "records" in i and any(h["kind"] == "rented" and h["from"] < "2020-08" for h in i["records"]["housing"])
    ]
    assert rental  # a lease declared before 2020-08: valid under the 2016 rules only
    for data in rental:
        later = {**data, "application_year": 2020}
        assert any(line.startswith("records.housing[0].from: ") for line in calculator.validate(later))
    boundary = [case for _, case in CASES if case["input"]["application_year"] == 2020 and "2019→2020" in case["name"]]
    assert len(boundary) >= 2
    for _, case in trial:
        assert calculator.score(case["input"])["rule_set"]["id"] == "2016"
    for case in boundary:
        assert calculator.score(case["input"])["rule_set"]["id"] == "2020"
