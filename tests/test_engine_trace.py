"""Traces (calculator/trace.py): a line's explanation is data, worded by one renderer."""

from __future__ import annotations

import json

import pytest

from calculator.indicators import SCORERS, UNITS
from calculator.trace import STEPS, render, steps_json, words
from calculator.validation import check
from tests.engine_helpers import GOLDEN_DIR


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
