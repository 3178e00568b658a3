"""The comparison with the known cut-offs (calculator/comparison.py, CONTRACT 4b): the gap sentences
the calculator page lays out, written once by the engine. Expected figures come from
policy/history.csv, read here on its own."""

from __future__ import annotations

import csv
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from engine_helpers import dec, make  # noqa: E402

import calculator

ROOT = Path(__file__).resolve().parent.parent
with open(ROOT / "policy" / "history.csv", encoding="utf-8", newline="") as handle:
    YEARS = sorted(csv.DictReader(handle), key=lambda row: int(row["year"]))
LATEST = YEARS[-1]


def comparison_of(applicant: dict) -> tuple[dict, Decimal]:
    result = calculator.score(applicant, advice=True)
    return result["comparison"], dec(result["total"])


def test_the_gap_is_to_the_latest_known_year_with_its_status_and_source():
    comparison, total = comparison_of(make())
    latest = comparison["latest"]
    assert latest["year"] == int(LATEST["year"])
    assert dec(latest["gap"]) == total - Decimal(LATEST["lowest_admitted_score"])
    assert latest["text"].startswith(f"比{LATEST['year']}年最低落户分值{LATEST['lowest_admitted_score']}分低 ")
    if LATEST["status"] != "verified":
        assert "非官方数字，未核实" in latest["text"] and LATEST["source_zh"] in latest["text"]
    assert comparison["past"] == ""  # the chosen round (2025 in make()) is the latest known itself


def test_before_a_total_the_gap_line_waits_for_the_form_or_for_a_correction():
    from calculator import comparison, history

    head = f"与{LATEST['year']}年最低落户分值{LATEST['lowest_admitted_score']}分的差距："
    assert comparison.waiting_sentence(history.latest()) == head + "填写后显示"
    assert comparison.waiting_sentence(history.latest(), invalid=True) == head + "请先修改输入"


def test_every_known_year_has_its_line_and_a_held_round_its_own_sentence():
    applicant = make(application_year=2019)
    applicant.pop("tax_qualifying_years", None)
    comparison, total = comparison_of(applicant)
    assert [y["year"] for y in comparison["years"]] == [int(row["year"]) for row in YEARS]
    for line, row in zip(comparison["years"], YEARS):
        diff = total - Decimal(row["lowest_admitted_score"])
        assert dec(line["gap"]) == diff and line["verified"] == (row["status"] == "verified")
        assert line["chosen"] == (row["year"] == "2019")
        assert ("非官方数字，未核实" in line["text"]) == (row["status"] != "verified")
    row = next(row for row in YEARS if row["year"] == "2019")
    diff = Decimal(row["lowest_admitted_score"]) - total
    assert comparison["past"] == (
        f"你选的2019年度已经结束：当年最低落户分值{row['lowest_admitted_score']}分，你的总分低 {diff.normalize():f} 分。"
    )


def test_an_equal_total_reads_as_level():
    from calculator import comparison, history

    latest = history.latest()
    assert comparison.latest_sentence(Decimal(0), latest).startswith(f"与{latest.year}年最低落户分值")
    assert "持平" in comparison.year_line(latest.score, latest, False)
