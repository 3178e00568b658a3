"""The yearly lowest admitted scores (policy/history.csv): the one loader.

policy/history.csv is the one home of these figures: a year added there as one row reaches the
engine (gap, projection band, standing), the calculator page, the home page and the history
page, all of which read them through `cutoffs()`. In the repository the engine reads the CSV
itself; the browser's wheel carries the same rows as history.json, written at build time
(build_tools/engine_wheel.py), because the package cannot reach ../policy inside the wheel.

Figures are shown whatever their status (CONTRACT 4b): an unverified one is always said to be
one, in `STATUS_TEXT`'s words, with its source (`source_zh`) beside it.
"""

from __future__ import annotations

import json
import os
from decimal import Decimal
from functools import cache
from typing import NamedTuple

# The columns the engine and the site read (`source` is the project's English note on the source).
COLUMNS = ("year", "lowest_admitted_score", "people_admitted", "rules", "status", "source_zh")

RULES_LABELS = {"2016 trial": "2016年试行办法", "2020": "2020年办法"}
STATUS_TEXT = {True: "已核实", False: "非官方数字，未核实"}


class Cutoff(NamedTuple):
    """One year's row: score exact (Decimal) and as written; admitted may be None. Sorts by year."""

    year: int
    score: Decimal
    rules: str
    verified: bool
    score_text: str
    admitted: int | None
    source: str

    @property
    def status_text(self) -> str:
        return STATUS_TEXT[self.verified]

    @property
    def rules_label(self) -> str:
        return RULES_LABELS.get(self.rules, self.rules)


def csv_path() -> str:
    """policy/history.csv, or the copy named by CALCULATOR_HISTORY_CSV (the tests' year-in-one-row build)."""
    default = os.path.join(os.path.dirname(__file__), os.pardir, "policy", "history.csv")
    return os.environ.get("CALCULATOR_HISTORY_CSV") or default


def read_csv(path: str) -> list[dict]:
    import csv  # only here: the browser's wheel reads the JSON

    with open(path, encoding="utf-8", newline="") as handle:
        return [{key: (row.get(key) or "") for key in COLUMNS} for row in csv.DictReader(handle)]


def _rows() -> list[dict]:
    shipped = os.path.join(os.path.dirname(__file__), "history.json")
    if os.path.exists(shipped):
        with open(shipped, encoding="utf-8") as handle:
            return json.load(handle)
    return read_csv(csv_path())


def parse(rows: list[dict]) -> list[Cutoff]:
    """CSV-shaped rows (text cells) -> Cutoffs in year order."""
    years = []
    for row in rows:
        status = row["status"].strip()
        if status not in ("verified", "unverified"):
            raise ValueError(f"history.csv {row['year']}: unknown status {status!r}")
        text = row["lowest_admitted_score"].strip()
        admitted = (row.get("people_admitted") or "").strip()
        years.append(
            Cutoff(
                int(row["year"]),
                Decimal(text),
                row["rules"].strip(),
                status == "verified",
                text,
                int(admitted) if admitted else None,
                (row.get("source_zh") or "").strip(),
            )
        )
    return sorted(years)


@cache
def cutoffs() -> tuple[Cutoff, ...]:
    """Every year of the history file, verified or not, oldest first."""
    return tuple(parse(_rows()))


def latest() -> Cutoff:
    """The latest known year, whatever its status (CONTRACT 4b)."""
    return cutoffs()[-1]


def describe(cutoff: Cutoff) -> dict:
    """A year as JSON for results and the page: the status in words, the source for an unverified one."""
    from .rounding import as_json_number

    return {
        "year": cutoff.year,
        "score": as_json_number(cutoff.score),
        "text": cutoff.score_text,
        "admitted": cutoff.admitted,
        "rules": cutoff.rules_label,
        "verified": cutoff.verified,
        "status": cutoff.status_text,
        "source": cutoff.source,
    }
