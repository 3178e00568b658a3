"""Traces (calculator/trace.py): a line's explanation is data, worded by one renderer."""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction

import pytest

import calculator
from calculator.indicators import SCORERS, UNITS
from calculator.params import for_year
from calculator.trace import STEPS, render, steps_json, words
from calculator.validation import check
from tests.engine_helpers import BASE, GOLDEN_DIR, ROOT, subprocess_env


def _golden_applicants():
    for path in sorted(GOLDEN_DIR.glob("*.json")):
        applicant = check(json.loads(path.read_text(encoding="utf-8"))["input"])
        if not isinstance(applicant, list):
            yield path.stem, applicant


def test_every_step_of_every_golden_line_is_registered_and_named():
    seen = set()
    for _name, applicant in _golden_applicants():
        for key, scorer in SCORERS.items():
            trace = scorer(applicant)[1]
            assert isinstance(trace, tuple) and trace, key
            for entry, step in zip(steps_json(trace), trace, strict=True):
                found = STEPS[step[0]]
                assert entry["step"] == step[0] and len(entry) >= len(found.names) + 1
                seen.add(step[0])
            assert render(trace)  # worded
    assert len(seen) > 20  # the golden cases reach most steps


def test_a_rate_is_data_with_its_parameter_path():
    _name, applicant = next(_golden_applicants())
    entry = steps_json(SCORERS["employment"](applicant)[1])[0]
    assert entry["step"] == "employment.months"
    assert entry["params"] == {"rate": "indicators.employment.points_per_month"}
    assert entry["rate"] == "0.25" and entry["months"] == applicant.si_months


def test_words_must_name_every_value():
    with pytest.raises(ValueError):
        words("{months}个月", "months", "rate")
    with pytest.raises(ValueError):
        words("{months}个月 × {rate}", "months")
    assert words("{n}条", "n").write(("x", 3)) == "3条"


def test_every_unit_declares_its_words():
    assert all(isinstance(unit.WORDS, dict) for unit in UNITS.values())


def _at(tree: dict, path: str):
    for part in path.split("."):
        tree = tree[part]
    return tree


def test_eligibility_words_are_steps_whose_parameters_are_the_rules_values():
    from calculator.eligibility import WORDS
    from calculator.rules import CURRENT

    assert WORDS.keys() <= STEPS.keys()  # registered with the one renderer
    params = {path for found in WORDS.values() for path in found.params.values()}
    assert params == {
        "eligibility.social_insurance.min_continuous_months",
        "eligibility.social_insurance.max_backpay_months",
    }
    for path in params:
        assert isinstance(_at(CURRENT, path), int)


def test_eligibility_conditions_are_worded_from_the_rules_and_are_new_dicts():
    from calculator.eligibility import assess
    from calculator.rules import ELIGIBILITY

    _name, applicant = next(_golden_applicants())
    first, second = assess(applicant), assess(applicant)
    assert first == second and all(a is not b for a, b in zip(first, second, strict=True))
    first[2]["detail"] = "changed by a caller"
    assert assess(applicant)[2]["detail"] != "changed by a caller"  # a cached condition is copied
    minimum = ELIGIBILITY["social_insurance"]["min_continuous_months"]
    continuous = applicant.si_continuous_months
    assert f"连续缴纳{continuous}个月（要求至少{minimum}个月，" in second[2]["detail"]
    assert second[2]["met"] == (
        continuous >= minimum and applicant.si_backpay_months <= ELIGIBILITY["social_insurance"]["max_backpay_months"]
    )


def _without_steps(result: dict) -> dict:
    return {
        **result,
        "eligibility": [{k: v for k, v in c.items() if k != "steps"} for c in result["eligibility"]],
        "items": [{k: v for k, v in item.items() if k != "steps"} for item in result["items"]],
    }


def test_cli_steps_gives_every_line_and_condition_its_trace_and_changes_nothing_else(tmp_path):
    path = tmp_path / "one.json"
    path.write_text(json.dumps(BASE, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "calculator", "score", "--steps", str(path)],
        cwd=ROOT,
        capture_output=True,
        env=subprocess_env(),
        timeout=60,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    result = json.loads(done.stdout.decode("utf-8"))
    assert _without_steps(result) == calculator.score(BASE)
    assert all(entry["steps"] for entry in result["items"] + result["eligibility"])
    employment = next(item for item in result["items"] if item["id"] == "employment")
    months = employment["steps"][0]
    path_of_rate = months["params"]["rate"]
    assert Fraction(months["rate"]) == Fraction(_at(for_year(BASE["application_year"]), path_of_rate))
    assert employment["points"] == float(Fraction(months["rate"]) * months["months"])


def test_every_parameter_a_golden_trace_names_is_that_years_rule():
    checked = 0
    for path in sorted(GOLDEN_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))["input"]
        try:
            result = calculator.score(data, steps=True)
        except calculator.InvalidInput:
            continue
        assert _without_steps(result) == calculator.score(data)
        rules = for_year(data["application_year"])
        for entry in result["items"] + result["eligibility"]:
            for step in entry["steps"]:
                assert step["step"] in STEPS
                for name, rule_path in step.get("params", {}).items():
                    assert Fraction(str(step[name])) == Fraction(_at(rules, rule_path)), (path.stem, rule_path)
                    checked += 1
    assert checked > 100


def test_every_registered_step_compiles_and_words_its_values():
    from calculator import trace

    trace.compile_all()
    for code, found in STEPS.items():
        step = (code, *(f"<{name}>" for name in found.names))
        text = trace.render((step,))
        assert text == found.write(step)
        assert all(f"<{name}>" in text for name in found.names if name != "ref"), code


def test_every_rate_cap_and_per_year_value_a_step_shows_names_its_rule():
    derived = {"deduction.owned", "deduction.rented"}  # a month's rate as the sum of two rates, each named
    unnamed = [
        (code, name)
        for code, found in STEPS.items()
        if code not in derived
        for name in found.names
        if name in ("rate", "cap", "per", "minimum", "maximum") and name not in found.params
    ]
    assert unnamed == []


def test_records_steps_name_each_record_and_its_months_as_the_input_gives_them():
    path = next(p for p in sorted(GOLDEN_DIR.glob("*.json")) if '"records"' in p.read_text(encoding="utf-8"))
    data = json.loads(path.read_text(encoding="utf-8"))["input"]
    result = calculator.score(data, steps=True)
    items = {item["id"]: item for item in result["items"]}
    given = {(r["from"], r["to"]) for r in data["records"]["social_insurance"]}
    named = [s for s in items["employment"]["steps"] if s["step"] in ("records.si_normal", "records.si_backpay")]
    assert {(s["first"], s["last"]) for s in named} == given  # months as "YYYY-MM", one step a record
    assert all(s["step"] != "records" for item in result["items"] for s in item["steps"])  # no pre-worded text
    homes = [s for s in items["residence"]["steps"] if s["step"] == "records.record"]
    assert homes and all(isinstance(h["record"], int) for h in homes)  # each names its record by number
    assert {(h["first"], h["last"]) for h in homes} <= {(r["from"], r["to"]) for r in data["records"]["housing"]}
