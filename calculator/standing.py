"""Where a total would have stood among those admitted each year (CONTRACT 4d).

The data is policy/data/admitted-totals.csv: the total and birth month of everyone on each
year's published list (no names, employers or ids). The engine keeps only counts per hundredth
of a point, per year, and birth years; the browser's wheel carries exactly that as
standing.json (build_tools/engine_wheel.py), about 17 KB, 4.4 KB gzipped.
"""

from __future__ import annotations

import json
import os
from bisect import bisect_right
from collections import Counter
from decimal import Decimal

from .history import STATUS_TEXT, cutoffs
from .rounding import as_json_number


def csv_path() -> str:
    return os.path.join(os.path.dirname(__file__), os.pardir, "policy", "data", "admitted-totals.csv")


def compact(rows: list[dict]) -> dict:
    """CSV rows -> {"totals": {year: [gap, count, gap, count, …]}, "births": {year: {birth year: count}}}.

    Totals are in hundredths; each gap is the distance from the previous total present (the first
    from 0), so the file is short and every total is exact."""
    totals: dict[str, Counter] = {}
    births: dict[str, Counter] = {}
    for row in rows:
        year = str(int(row["year"]))
        totals.setdefault(year, Counter())[int(Decimal(row["total"].strip()) * 100)] += 1
        births.setdefault(year, Counter())[str(int(row["birth_month"][:4]))] += 1
    out: dict = {"totals": {}, "births": {}}
    for year in sorted(totals):
        flat, previous = [], 0
        for cents in sorted(totals[year]):
            flat += [cents - previous, totals[year][cents]]
            previous = cents
        out["totals"][year] = flat
        out["births"][year] = dict(sorted(births[year].items()))
    return out


def read_csv(path: str | None = None) -> list[dict]:
    import csv  # only here: the browser's wheel reads the JSON

    with open(path or csv_path(), encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _shipped() -> dict | None:
    shipped = os.path.join(os.path.dirname(__file__), "standing.json")
    if not os.path.exists(shipped):
        return None
    with open(shipped, encoding="utf-8") as handle:
        return json.load(handle)


def _expand(data: dict) -> dict[int, list[int]]:
    """Each year's totals in hundredths, ascending (one entry per person)."""
    years = {}
    for year, flat in data["totals"].items():
        cents, position = [], 0
        for gap, count in zip(flat[::2], flat[1::2]):
            position += gap
            cents += [position] * count
        years[int(year)] = cents
    return dict(sorted(years.items()))


# The wheel's JSON is read at import (about 1 ms), like the rules and the history: the browser may
# start the engine from a memory snapshot taken after the imports, where the wheel's files are no
# longer there to read. In the repository the CSV (about 0.3 s to read) waits for the first call,
# so that the CLI's start stays quick.
_DATA = _shipped()
_YEARS = _expand(_DATA) if _DATA is not None else None


def _loaded() -> tuple[dict, dict[int, list[int]]]:
    global _DATA, _YEARS
    if _DATA is None or _YEARS is None:
        _DATA = compact(read_csv())
        _YEARS = _expand(_DATA)
    return _DATA, _YEARS


def standing(total) -> list[dict]:
    """One row per year, oldest first: {year, admitted, lowest, above, rank} (CONTRACT 4d).

    `above` counts the admitted with a strictly higher total; `rank` is above + 1 when the total
    reaches that year's lowest, else None. `total` is compared to the hundredth, as published."""
    cents = int((Decimal(str(total)) * 100).to_integral_value())
    rows = []
    for year, totals in _loaded()[1].items():
        above = len(totals) - bisect_right(totals, cents)
        rows.append(
            {
                "year": year,
                "admitted": len(totals),
                "lowest": as_json_number(Decimal(totals[0]) / 100),
                "above": above,
                "rank": above + 1 if cents >= totals[0] else None,
            }
        )
    return rows


def births() -> dict[int, dict[int, int]]:
    """Per year, how many of those admitted were born in each year."""
    return {int(year): {int(b): n for b, n in counts.items()} for year, counts in _loaded()[0]["births"].items()}


def lines(rows: list[dict]) -> list[str]:
    """The page's line for each standing row, with the year's status where its figures are not verified."""
    unverified = {cutoff.year for cutoff in cutoffs() if not cutoff.verified}
    out = []
    for row in rows:
        if row["rank"] is None:
            text = f"{row['year']}年：低于当年最低分{row['lowest']:.2f}（共{row['admitted']:,}人）"
        else:
            text = f"{row['year']}年：第{row['rank']:,}名，共{row['admitted']:,}人"
        out.append(text + (f"（{STATUS_TEXT[False]}）" if row["year"] in unverified else ""))
    return out


def age_text(birth_year: int, application_year: int) -> str:
    """Of those admitted in the latest published list, how many were, in their year, as old (by
    birth year) as the applicant is in the application year, and how many were younger: "is 35 too
    young?" With the list's status where its year's figures are not verified."""
    by_year = births()
    if not by_year:
        return ""
    year = max(by_year)
    age = application_year - birth_year
    counts = by_year[year]
    same = counts.get(year - age, 0)
    younger = sum(n for born, n in counts.items() if born > year - age)
    unverified = any(cutoff.year == year and not cutoff.verified for cutoff in cutoffs())
    mark = f"（{STATUS_TEXT[False]}）" if unverified else ""
    return (
        f"按出生年份算，{year}年落户的{sum(counts.values()):,}人中，当年{age}岁的有{same:,}人，"
        f"比这更年轻的有{younger:,}人{mark}。"
    )
