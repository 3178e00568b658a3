"""The page 历年公示名单分析 and the calculator's typical items, from the published lists.

Markers: `<!-- admitted: summary|distribution|items|births|coverage -->`. The data:
policy/data/admitted-totals.csv (total and birth month of everyone admitted, per list year) and
policy/data/published-scores.csv (every item of the 2020 and 2022 lists). Which years are
unverified comes from policy/history.csv, never from prose here.
"""

from __future__ import annotations

import csv
import html
from collections import defaultdict
from decimal import Decimal
from functools import cache
from pathlib import Path
from statistics import median

from calculator import history
from calculator.rules import INDICATORS
from calculator.standing import read_csv

ROOT = Path(__file__).resolve().parent.parent
SCORES = ROOT / "policy" / "data" / "published-scores.csv"
ITEMS = list(INDICATORS)
#: Age groups of those admitted, by years reached in the list's year (the question people ask: "is 35 too young?").
AGE_GROUPS = ((0, 34, "35岁以下"), (35, 39, "35—39岁"), (40, 44, "40—44岁"), (45, 200, "45岁及以上"))


@cache
def lists() -> dict[int, dict]:
    """Per list year: sorted totals (Decimal) and birth years."""
    years: dict[int, dict] = defaultdict(lambda: {"totals": [], "births": []})
    for row in read_csv():
        year = years[int(row["year"])]
        year["totals"].append(Decimal(row["total"]))
        year["births"].append(int(row["birth_month"][:4]))
    return {y: {"totals": sorted(v["totals"]), "births": v["births"]} for y, v in sorted(years.items())}


def _status(year: int) -> str:
    known = {c.year: c for c in history.cutoffs()}
    return history.STATUS_TEXT[known[year].verified] if year in known else "非官方数字，未核实"


def _show(value: Decimal) -> str:
    return f"{value:.2f}"


def coverage_sentence() -> str:
    """Which lists the site has and which of them are not checked against the official ones."""
    have = list(lists())
    unverified = [y for y in have if _status(y) != history.STATUS_TEXT[True]]
    missing = [c.year for c in history.cutoffs() if c.year not in have]
    text = f"本站有{'、'.join(map(str, have))}年的名单（来自第三方保存的副本，不含姓名、单位和证件号）"
    if unverified:
        text += f"；其中{'、'.join(map(str, unverified))}年未与官方名单核对，是非官方数字"
    if missing:
        text += f"；{'、'.join(map(str, missing))}年本站没有名单"
    return text + "。"


def summary() -> str:
    lines = ["| 年度 | 人数 | 最低分 | 中位数 | 最高分 | 核实情况 |", "|---|---|---|---|---|---|"]
    for year, data in lists().items():
        t = data["totals"]
        lines.append(
            f"| {year} | {len(t):,} | {_show(t[0])} | {_show(Decimal(median(t)))} | {_show(t[-1])} | {_status(year)} |"
        )
    return '<div class="admitted-summary" data-admitted="summary" markdown>\n\n' + "\n".join(lines) + "\n\n</div>\n"


def bins(totals: list[Decimal]) -> tuple[int, list[int]]:
    """One year's totals in one-point bins: (the first bin's lower edge, counts)."""
    low, high = int(totals[0]), int(totals[-1]) + 1
    counts = [0] * (high - low)
    for t in totals:
        counts[int(t) - low] += 1
    return low, counts


def distributions() -> dict[int, dict]:
    """For the calculator's small charts: per list year, one-point bins of the totals."""
    return {year: dict(zip(("low", "counts"), bins(data["totals"]))) for year, data in lists().items()}


def _histogram(year: int, totals: list[Decimal]) -> str:
    """One year's totals in one-point bins, as a small inline SVG."""
    low, bins_ = bins(totals)
    high = low + len(bins_)
    width, height, pad = 320, 90, 18
    bar = (width - 2 * pad) / len(bins_)
    peak = max(bins_)
    rects = "".join(
        f'<rect x="{pad + i * bar:.1f}" y="{height - pad - n * (height - 2 * pad) / peak:.1f}" '
        f'width="{max(bar - 0.5, 0.5):.1f}" height="{n * (height - 2 * pad) / peak:.1f}"/>'
        for i, n in enumerate(bins_)
        if n
    )
    desc = f"{year}年{len(totals)}人，总分{_show(totals[0])}至{_show(totals[-1])}分，每一分一格，最多的一格{peak}人"
    return (
        f'<figure class="admitted-hist" data-year="{year}"><svg viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{html.escape(desc)}" xmlns="http://www.w3.org/2000/svg">{rects}'
        f'<text x="{pad}" y="{height - 3}">{low}</text>'
        f'<text x="{width - pad}" y="{height - 3}" text-anchor="end">{high}</text></svg>'
        f"<figcaption>{year}年（{_status(year)}）</figcaption></figure>"
    )


def distribution() -> str:
    return (
        '<div class="admitted-hists">\n'
        + "\n".join(_histogram(y, d["totals"]) for y, d in lists().items())
        + "\n</div>\n"
    )


@cache
def item_medians() -> dict[int, dict[str, float]]:
    """The median of each item among those admitted, for the years whose lists give every item."""
    by_year: dict[int, dict[str, list[Decimal]]] = defaultdict(lambda: defaultdict(list))
    with SCORES.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            for item in ITEMS:
                by_year[int(row["year"])][item].append(Decimal(row[item]))
    return {
        year: {item: float(round(Decimal(median(values)), 2)) for item, values in items.items()}
        for year, items in sorted(by_year.items())
    }


def items() -> str:
    medians = item_medians()
    years = list(medians)
    lines = ["| 指标 | " + " | ".join(f"{y}年中位数" for y in years) + " |", "|---|" + "---|" * len(years)]
    for item in ITEMS:
        lines.append(f"| {INDICATORS[item]['label']} | " + " | ".join(f"{medians[y][item]:g}" for y in years) + " |")
    return '<div class="admitted-items" data-admitted="items" markdown>\n\n' + "\n".join(lines) + "\n\n</div>\n"


def age_groups(year: int) -> list[tuple[str, int]]:
    births = lists()[year]["births"]
    return [(label, sum(1 for b in births if low <= year - b <= high)) for low, high, label in AGE_GROUPS]


def births() -> str:
    lines = [
        "| 年度 | 出生年份中位数 | " + " | ".join(label for *_, label in AGE_GROUPS) + " |",
        "|---|---|" + "---|" * len(AGE_GROUPS),
    ]
    for year, data in lists().items():
        n = len(data["births"])
        groups = " | ".join(f"{count * 100 / n:.0f}%" for _, count in age_groups(year))
        lines.append(f"| {year} | {int(median(data['births']))} | {groups} |")
    return '<div class="admitted-births" data-admitted="births" markdown>\n\n' + "\n".join(lines) + "\n\n</div>\n"


def marker(name: str) -> str:
    makers = {
        "summary": summary,
        "distribution": distribution,
        "items": items,
        "births": births,
        "coverage": coverage_sentence,
    }
    if name not in makers:
        raise KeyError(f"unknown admitted marker {name!r}")
    return makers[name]()
