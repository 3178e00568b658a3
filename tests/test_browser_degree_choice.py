"""The degree choice on the calculator page (issue 10): the hand-computed golden cases
tests/golden/*degree-choice*.json, loaded through `#data=`, show the expected lines; the page's
explanations say which way the qualification was counted, and no evidence code reaches it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.browser import show_case

# The calculator page, loaded once at phone width (the fixtures of the calculator's browser tests).
from tests.test_browser_calculator import calc, context  # noqa: F401 (pytest fixtures)

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted((ROOT / "tests" / "golden").glob("*degree-choice*.json"))
EVIDENCE_CODE = re.compile(r"V-(OFF|SEED|SEC)|\b(DATA|PARA|OPEN)\b")


def test_there_are_degree_choice_cases_both_ways():
    expected = [json.loads(path.read_text(encoding="utf-8"))["expected"]["points"] for path in CASES]
    assert len(CASES) >= 4
    assert any(p["education"] == 0 for p in expected) and any(p["education"] > 0 for p in expected)


@pytest.mark.parametrize("path", CASES, ids=[path.stem for path in CASES])
def test_degree_choice_case_through_the_page(calc, path):
    case = json.loads(path.read_text(encoding="utf-8"))
    show_case(calc, case["input"])
    expected = case["expected"]
    for item in ("education", "education_deduction"):
        row = calc.locator(f'[data-testid="item-{item}"]')
        assert json.loads(row.get_attribute("data-points")) == expected["points"][item], item
    assert calc.inner_text('[data-testid="total"]').strip() == f"{expected['total']:.2f}"
    education = calc.locator('[data-testid="item-education"] .calc-detail').inner_text()
    deduction = calc.locator('[data-testid="item-education_deduction"] .calc-detail').inner_text()
    if expected["points"]["education"] == 0:
        assert "按不申报计0分" in education and "待核实" in education
        assert deduction.startswith("不申报学历，不扣减：0分")
    else:
        assert "申报学历净得" in deduction
    sources = " ".join(calc.locator(".calc-source").all_inner_texts())
    assert "二手资料，待核实" in sources and not EVIDENCE_CODE.search(sources)
