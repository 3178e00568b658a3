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
