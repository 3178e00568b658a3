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
