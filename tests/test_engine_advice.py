"""The optional advice: next year's estimate must equal scoring the assumed applicant, and
the levers must follow the applicant's situation."""

from __future__ import annotations

import copy
import json
import sys
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from engine_helpers import dec, make  # noqa: E402
from projection_helpers import under_2020_rules  # noqa: E402

import calculator

GOLDEN = sorted((Path(__file__).parent / "golden").glob("*.json"))


def assumed_next_year(applicant: dict) -> dict:
    """The assumption advice.py states, written out independently on the input format."""
    later = copy.deepcopy(applicant)
    later["application_year"] += 1
    if "records" in later:
        # records mode: each record that covers the cut-off month (Dec of Y−1) goes on to the next one
        cutoff, next_cutoff = f"{applicant['application_year'] - 1}-12", f"{applicant['application_year']}-12"
        for record in later["records"].get("social_insurance", []) + later["records"].get("housing", []):
            if record["from"] <= cutoff <= record["to"]:
                record["to"] = max(record["to"], next_cutoff)
        return under_2020_rules(later) if later["application_year"] == 2020 else later
    si = later["social_insurance"]
    si["continuous_months"] = si.get("continuous_months", si["months"]) + 12
    si["months"] += 12
    housing = later.setdefault("housing", {})
    if housing.get("owned_months"):
        housing["owned_months"] += 12
    elif housing.get("rented_months"):
        housing["rented_months"] += 12
    job = later.setdefault("job_residence", {})
    if job.get("living_there_at_cutoff", True):
        if job.get("live_and_work_months"):
            job["live_and_work_months"] += 12
        elif job.get("live_only_months"):
            job["live_only_months"] += 12
    return under_2020_rules(later) if later["application_year"] == 2020 else later


@pytest.mark.parametrize("path", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_next_year_equals_scoring_the_assumed_applicant(path):
    applicant = json.loads(path.read_text(encoding="utf-8"))["input"]
    result = calculator.score(applicant, advice=True)
    next_year = result["advice"]["next_year"]
    if applicant["application_year"] == 2035:
        assert next_year is None  # past the last application year the rules file knows
        return
    later = assumed_next_year(applicant)
    if calculator.validate(later):
        # counts of the 2016 rules that do not fit the 2020 rules' spans (职住 from 2018-01, the
        # deduction's fixed window): the engine does not guess them
        assert applicant["application_year"] == 2019 and "records" not in applicant
        assert next_year is None
        return
    expected = calculator.score(later)["total"]
    assert next_year["application_year"] == applicant["application_year"] + 1
    assert dec(next_year["total"]) == dec(expected)
    assert dec(next_year["change"]) == dec(expected) - dec(result["total"])
    # the sentence the page shows, from the same numbers
    change = dec(expected) - dec(result["total"])
    words = (
        f"比现在高 {change.normalize():f} 分"
        if change > 0
        else f"比现在低 {(-change).normalize():f} 分"
        if change < 0
        else "与现在相同"
    )
    assert next_year["text"] == (
        f"{next_year['application_year']}年申报的估算：{dec(expected):.2f} 分，{words}（{'；'.join(next_year['assumptions'])}）。"
    )


def test_advice_is_only_given_when_asked():
    assert "advice" not in calculator.score(make())
    answer = json.loads(calculator.score_json(json.dumps(make()), True))
    assert answer["ok"] and "advice" in answer["result"]


def test_levers_follow_the_situation():
    def levers(**changes):
        return calculator.score(make(**changes), advice=True)["advice"]["levers"]

    assert any("纳税" in line for line in levers(tax_qualifying_years=0))
    assert not any("纳税" in line for line in levers(tax_qualifying_years=3))
    # 150 insurance months, 40 owned + 110 rented: every month scores housing, no gap lever
    assert not any("住所计分月数" in line for line in levers())
    assert any("少50个月" in line for line in levers(housing={"owned_months": 40, "rented_months": 60}))
    # born 1978-06: 45 on 2024-01-01 (20 points), 46 on 2025-01-01 (16): the drop is announced
    assert any("从20分降为16分" in line for line in levers(birth_date="1978-06-15"))
    assert any("两证齐全" in line for line in levers(education={"level": "master", "certificates": "degree_only"}))


def test_next_year_of_the_contract_example_by_hand():
    # 2025 -> 2026: employment 150 -> 162 months (+3); residence owned 40 -> 52 of 162 capped months,
    # rented 110 stays: 52/12 = 4.33 + 110/24 = 4.58 -> 8.91 (+1.00); age 36 on 2025-01-01 stays 20.
    advice = calculator.score(make(), advice=True)["advice"]
    assert dec(advice["next_year"]["change"]) == Decimal(4)
