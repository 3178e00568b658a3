"""The projection's carrying-forward (CONTRACT 4b), written out independently of the engine,
for the engine and browser tests of the projection; and the cut-off range from history.csv."""

from __future__ import annotations

import copy
import csv
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# A person in records mode whose insurance and rental go on past the 2025 round's cut-off: the
# browser tests and build_tools/decision_shots.py show the projection with it.
SAMPLE_RECORDS = {
    "application_year": 2025,
    "birth_date": "1990-11-20",
    "sex": "female",
    "records": {
        "social_insurance": [
            {"from": "2012-07", "to": "2019-03", "kind": "normal", "work_district": "central"},
            {"from": "2019-04", "to": "2024-12", "kind": "normal", "work_district": "outer"},
        ],
        "housing": [
            {"from": "2016-01", "to": "2019-12", "kind": "owned", "district": "outer"},
            {"from": "2020-08", "to": "2024-12", "kind": "rented"},
        ],
    },
    "education": {"level": "master", "certificates": "both", "graduation": "2012-06"},
}


def carried_forward(applicant: dict, years: int) -> dict:
    """Month-count mode: 12 more months a year of insurance, of the housing there is (owned if
    any, else rented) and of the job-residence situation while living there at the cut-off."""
    later = copy.deepcopy(applicant)
    later["application_year"] += years
    add = 12 * years
    si = later["social_insurance"]
    si["continuous_months"] = si.get("continuous_months", si["months"]) + add
    si["months"] += add
    housing = later.get("housing", {})
    if housing.get("owned_months"):
        housing["owned_months"] += add
    elif housing.get("rented_months"):
        housing["rented_months"] += add
    job = later.get("job_residence", {})
    if job.get("living_there_at_cutoff", True):
        if job.get("live_and_work_months"):
            job["live_and_work_months"] += add
        elif job.get("live_only_months"):
            job["live_only_months"] += add
    return later


def _month_before(text: str) -> str:
    year, month = map(int, text.split("-"))
    return f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"


def extended(applicant: dict, year: int) -> dict:
    """Records mode: each record that covers the cut-off month (Dec of Y-1) runs on to the new
    cut-off (Dec of year-1); a home stops the month before a later home starts (one home a month)."""
    later = copy.deepcopy(applicant)
    later["application_year"] = year
    cutoff, new_cutoff = f"{applicant['application_year'] - 1}-12", f"{year - 1}-12"
    for kind, records in later["records"].items():
        for record in records:
            if record["from"] <= cutoff <= record["to"]:
                end = new_cutoff
                if kind == "housing":
                    end = min([end] + [_month_before(r["from"]) for r in records if r["from"] > cutoff])
                record["to"] = max(record["to"], end)
    return later


def under_2020_rules(data: dict) -> dict:
    """An input of the 2016 trial rules carried into a 2020-rules year, written out on its own: the
    trial rules' own inputs are dropped, and a lease declared before 2020-08 starts there (the months
    before are inferred under the 2020 rules; a lease that ended before 2020-08 is dropped)."""
    later = copy.deepcopy(data)
    for key in ("tax_average_qualifies", "tax_violations"):
        later.pop(key, None)
    later.get("education", {}).pop("study_from", None)
    if later.get("innovation", {}).get("type") == "employment":
        later["innovation"] = {"type": "none"}
    if "records" in later:
        homes = []
        for home in later["records"].get("housing", []):
            if home["kind"] in ("rented", "dormitory") and home["from"] < "2020-08":
                if home["to"] < "2020-08":
                    continue
                home["from"] = "2020-08"
            homes.append(home)
        later["records"]["housing"] = homes
    return later


def later_input(applicant: dict, year: int) -> dict:
    if "records" in applicant:
        later = extended(applicant, year)
    else:
        later = carried_forward(applicant, year - applicant["application_year"])
    return under_2020_rules(later) if applicant["application_year"] < 2020 <= year else later


def known_rows() -> list[tuple[int, Decimal, str]]:
    """Every year of policy/history.csv, whatever its status (CONTRACT 4b), read here on its own."""
    with (ROOT / "policy" / "history.csv").open(encoding="utf-8", newline="") as f:
        return [(int(r["year"]), Decimal(r["lowest_admitted_score"]), r["rules"]) for r in csv.DictReader(f)]


def band(year: int) -> tuple[Decimal, Decimal]:
    """The stated method: from the latest known year, the smallest and the largest rise between
    consecutive known years under the same rules, once per year ahead."""
    rows = known_rows()
    known = {y: score for y, score, _ in rows}
    if year in known:
        return known[year], known[year]
    steps = [b[1] - a[1] for a, b in zip(rows, rows[1:]) if b[0] == a[0] + 1 and a[2] == b[2]]
    last_year, last_score, _ = rows[-1]
    ahead = year - last_year
    return last_score + ahead * min(steps), last_score + ahead * max(steps)
