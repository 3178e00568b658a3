"""calculator.standing (CONTRACT 4d) against a direct count over policy/data/admitted-totals.csv."""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from decimal import Decimal

from engine_helpers import ROOT

import calculator

CSV = ROOT / "policy" / "data" / "admitted-totals.csv"


def _totals() -> dict[int, list[Decimal]]:
    years: dict[int, list[Decimal]] = defaultdict(list)
    with CSV.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            years[int(row["year"])].append(Decimal(row["total"]))
    return dict(sorted(years.items()))


def _expected(total: Decimal, years: dict[int, list[Decimal]]) -> list[dict]:
    rows = []
    for year, totals in years.items():
        lowest = min(totals)
        above = sum(1 for t in totals if t > total)
        rows.append(
            {
                "year": year,
                "admitted": len(totals),
                "lowest": float(lowest),
                "above": above,
                "rank": above + 1 if total >= lowest else None,
            }
        )
    return rows


def test_standing_equals_a_direct_count_for_many_totals():
    years = _totals()
    cent = Decimal("0.01")
    probes = {Decimal("0"), Decimal("200"), Decimal("94.45")}
    for totals in years.values():
        lowest, highest = min(totals), max(totals)
        probes |= {lowest, lowest - cent, lowest + cent, highest, highest + cent, highest - cent}
    rng = random.Random(18)
    probes |= {Decimal(rng.randrange(8000, 15000)) / 100 for _ in range(150)}
    for total in sorted(probes):
        assert calculator.standing(float(total)) == _expected(total, years), total


def test_the_lowest_ranks_last_and_a_cent_below_has_no_rank():
    for year, totals in _totals().items():
        lowest = min(totals)
        at = next(r for r in calculator.standing(float(lowest)) if r["year"] == year)
        below = next(r for r in calculator.standing(float(lowest - Decimal("0.01"))) if r["year"] == year)
        ties = sum(1 for t in totals if t == lowest)
        assert at["rank"] == len(totals) - ties + 1 and below["rank"] is None and below["above"] == len(totals)


def test_the_page_result_carries_the_standing_of_its_total():
    from engine_helpers import make

    result = calculator.score(make(), advice=True)
    assert result["standing"] == calculator.standing(result["total"])
    assert [r["year"] for r in result["standing"]] == sorted(_totals())


def test_birth_years_count_everyone():
    from calculator.standing import births as birth_counts

    births = birth_counts()
    for year, totals in _totals().items():
        assert sum(births[year].values()) == len(totals)


def test_the_age_sentence_counts_the_latest_list_directly():
    """result.standing_age: of those on the latest list, how many were as old (by birth year) in
    that year as the applicant in the application year, and how many younger; counted here from the CSV."""
    from engine_helpers import make

    born: dict[int, list[int]] = defaultdict(list)
    with CSV.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            born[int(row["year"])].append(int(row["birth_month"][:4]))
    latest = max(born)
    status = {
        int(r["year"]): r["status"] for r in csv.DictReader((ROOT / "policy" / "history.csv").open(encoding="utf-8"))
    }
    for birth_year, year in ((1988, 2025), (1975, 2026), (1999, 2025)):
        applicant = make(birth_date=f"{birth_year}-06-01", application_year=year)
        text = calculator.score(applicant, advice=True)["standing_age"]
        age = year - birth_year
        same = sum(1 for b in born[latest] if b == latest - age)
        younger = sum(1 for b in born[latest] if b > latest - age)
        expected = (
            f"按出生年份算，{latest}年落户的{len(born[latest]):,}人中，当年{age}岁的有{same:,}人，"
            f"比这更年轻的有{younger:,}人"
            + ("（非官方数字，未核实）" if status.get(latest) != "verified" else "")
            + "。"
        )
        assert text == expected, (birth_year, year)
    assert "standing_age" not in calculator.score(make())  # with the advice only, as the standing


def test_each_standing_row_has_its_line_with_the_years_status():
    from engine_helpers import make

    from calculator.standing import lines

    status = {
        int(r["year"]): r["status"] for r in csv.DictReader((ROOT / "policy" / "history.csv").open(encoding="utf-8"))
    }
    for total in (60, 95.5, 120, 150):  # below every list's lowest, within some, above all
        rows = calculator.standing(total)
        for row, line in zip(rows, lines(rows), strict=True):
            mark = "" if status.get(row["year"]) == "verified" else "（非官方数字，未核实）"
            if row["rank"] is None:
                lowest = Decimal(str(row["lowest"]))
                assert line == f"{row['year']}年：低于当年最低分{lowest:.2f}（共{row['admitted']:,}人）{mark}"
            else:
                assert line == f"{row['year']}年：第{row['rank']:,}名，共{row['admitted']:,}人{mark}"
    result = calculator.score(make(), advice=True)
    assert result["standing_text"] == lines(result["standing"])
