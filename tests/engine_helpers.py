"""Shared helpers for the engine tests (tests/test_engine_*.py) and nothing else.

Only the engine's public API is used here: calculator.score / score_many / validate.
"""

from __future__ import annotations

import copy
import json
import os
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

GOLDEN_DIR = ROOT / "tests" / "golden"
DATA_DIR = ROOT / "tests" / "data"

# The items in the rules' order (calculator/rules.toml through schema.ITEMS): a test does not keep a
# second list, so an indicator added to the rules needs no change here (issue 18).
from calculator.schema import ITEMS  # noqa: E402 (after the repository is on sys.path)

ITEM_IDS = [key for key, _label, _number in ITEMS]
ELIGIBILITY_IDS = ["residence_permit", "retirement_age", "social_insurance", "criminal_record"]

# A valid, eligible applicant with every field written out (CONTRACT.md section 2's example).
BASE = {
    "application_year": 2025,
    "birth_date": "1988-03-15",
    "sex": "female",
    "retirement_group": "worker",
    "residence_permit": True,
    "criminal_record": False,
    "social_insurance": {"months": 150, "continuous_months": 150, "backpay_months": 0},
    "housing": {"owned_months": 40, "rented_months": 110},
    "education": {
        "level": "bachelor",
        "certificates": "both",
        "deduction_owned_months": 0,
        "deduction_rented_months": 0,
        "deduction_si_only_months": 0,
    },
    "job_residence": {"live_and_work_months": 0, "live_only_months": 0, "living_there_at_cutoff": True},
    "innovation": {"type": "none"},
    "tax_qualifying_years": 0,
    "honours": False,
    "detentions": 0,
}


def make(**changes) -> dict:
    """BASE with changes; nested objects are merged (`social_insurance={"months": 90}`),
    a value of None removes the field."""
    data = copy.deepcopy(BASE)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        elif isinstance(value, dict) and isinstance(data.get(key), dict) and key != "innovation":
            data[key].update(value)
        else:
            data[key] = value
    return data


def points(result: dict) -> dict:
    """{id: points} of a result."""
    return {item["id"]: item["points"] for item in result["items"]}


def met(result: dict) -> dict:
    """{id: met} of a result's eligibility conditions."""
    return {condition["id"]: condition["met"] for condition in result["eligibility"]}


def dec(number) -> Decimal:
    """A JSON number as the Decimal its repr spells (37.5 -> Decimal('37.5'))."""
    return Decimal(repr(number))


def load_golden() -> list[tuple[str, dict]]:
    return [(path.name, json.loads(path.read_text(encoding="utf-8"))) for path in sorted(GOLDEN_DIR.glob("*.json"))]


def subprocess_env() -> dict:
    """Environment for running the CLI from the repo root: UTF-8 I/O, nothing else changed."""
    env = dict(os.environ)
    env["PYTHONIOENCODING"] = "utf-8"
    env.pop("PYTHONPATH", None)
    return env
