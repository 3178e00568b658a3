"""The yearly lowest admitted scores (policy/history.csv), as the projection reads them.

policy/history.csv is the one home of these figures (the site's history tables and chart
read it too). In the repository the engine reads the CSV itself; the browser's wheel
carries the same rows as history.json, written at build time (build_tools/engine_wheel.py),
because the package cannot reach ../policy inside the wheel.
"""

from __future__ import annotations

import json
import os
from collections import namedtuple
from decimal import Decimal
from functools import lru_cache

# The columns the engine needs (the `source` column is prose for the site).
COLUMNS = ("year", "lowest_admitted_score", "rules", "status")

Cutoff = namedtuple("Cutoff", ["year", "score", "rules", "verified"])


def _rows() -> list[dict]:
    here = os.path.dirname(__file__)
    shipped = os.path.join(here, "history.json")
    if os.path.exists(shipped):
        with open(shipped, encoding="utf-8") as handle:
            return json.load(handle)
    import csv  # only here: the browser's wheel reads the JSON

    with open(os.path.join(here, os.pardir, "policy", "history.csv"), encoding="utf-8", newline="") as handle:
        return [{key: row[key] for key in COLUMNS} for row in csv.DictReader(handle)]


def parse(rows: list[dict]) -> list[Cutoff]:
    """CSV-shaped rows (text cells) -> Cutoffs in year order; the score stays exact (Decimal)."""
    years = []
    for row in rows:
        status = row["status"].strip()
        if status not in ("verified", "unverified"):
            raise ValueError(f"history.csv {row['year']}: unknown status {status!r}")
        years.append(Cutoff(int(row["year"]), Decimal(row["lowest_admitted_score"].strip()),
                            row["rules"].strip(), status == "verified"))
    return sorted(years)


@lru_cache(maxsize=None)
def cutoffs() -> tuple[Cutoff, ...]:
    """Every year of the history file, verified or not (callers choose)."""
    return tuple(parse(_rows()))
