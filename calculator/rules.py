"""The rules data file (rules.toml), loaded once, and the helpers that show its values.

Everyone reads the rules through this module: the engine, the site's generated
tables and the calculator form, so a number is written down exactly once.
"""

from __future__ import annotations

import re
import json
from datetime import date
from fractions import Fraction
import os


def _from_json(value):
    """Undo the wheel's conversion (build_tools/engine_wheel.py): {"$date": "..."} -> date."""
    if isinstance(value, dict):
        if len(value) == 1 and "$date" in value:
            return date.fromisoformat(value["$date"])
        return {key: _from_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_from_json(item) for item in value]
    return value


def _load() -> dict:
    # Read beside this file: importlib.resources would double the engine's import time.
    # In the browser's wheel the same rules also come as JSON, converted from rules.toml at
    # build time, which spares Pyodide the import of tomllib.
    here = os.path.dirname(__file__)
    converted = os.path.join(here, "rules.json")
    if os.path.exists(converted):
        with open(converted, encoding="utf-8") as handle:
            return _from_json(json.load(handle))
    import tomllib

    with open(os.path.join(here, "rules.toml"), "rb") as handle:
        return tomllib.load(handle)


RULES: dict = _load()
INDICATORS: dict = RULES["indicators"]
ELIGIBILITY: dict = RULES["eligibility"]
EVIDENCE: dict = RULES["evidence"]
DOCUMENTS: dict = RULES["documents"]


def exact(value: int | str) -> Fraction:
    """A rule value as an exact number: rates are stored as "1/12", points as "10.5"."""
    return Fraction(value)


def show_number(value: int | str | Fraction) -> str:
    """Display a rule value: decimals where they terminate (1/4 -> 0.25), else a fraction (1/12)."""
    number = Fraction(value)
    if number.denominator == 1:
        return str(number.numerator)
    for places in range(1, 5):
        scaled = number * 10**places
        if scaled.denominator == 1:
            return f"{number.numerator / number.denominator:.{places}f}"
    return f"{number.numerator}/{number.denominator}"


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def render(text: str, table: dict) -> str:
    """Fill `{name}` in a summary with the values of the same rules table."""
    return _PLACEHOLDER.sub(lambda m: show_number(table[m.group(1)]), text)


def evidence_labels(tags: list[str]) -> str:
    """"V-SEED、DATA" -> "官方答复原文；根据公示数据推算": plain words, never the tags.

    The tags themselves are for the sources page only (evidence_codes)."""
    return "；".join(EVIDENCE[tag]["label"] for tag in tags)


def evidence_codes(tags: list[str]) -> str:
    """The sources page's form: "官方答复原文（V-SEED）、根据公示数据推算（DATA）"."""
    return "、".join(f"{EVIDENCE[tag]['label']}（{tag}）" for tag in tags)


def document_title(source: dict) -> str:
    document = DOCUMENTS[source["doc"]]
    return document["title"] + (document.get("number") and f"（{document['number']}）" or "")


def cite(source: dict) -> str:
    """One line naming the document, the place in it and, in plain words, how far it is verified."""
    return f"{document_title(source)} {source['where']}——{evidence_labels(source['evidence'])}"


def weaker_parts(table: dict) -> list[dict]:
    """The sub-rules of a rule whose own source is weaker than quoted or official wording
    (second-hand or open), e.g. the education deduction's window lengths. In key order: the
    browser's rules come as JSON with sorted keys, and both must give the same text."""
    return [value for key, value in sorted(table.items())
            if key.endswith("_source") and isinstance(value, dict) and "part" in value
            and {"PARA", "OPEN"} & set(value["evidence"])]


def weaker_parts_text(table: dict, words=evidence_labels) -> str:
    """The weaker sub-rules as they follow a rule's source: "；其中“…”：<their evidence in `words`>"."""
    return "".join(f"；其中“{part['part']}”：{words(part['evidence'])}" for part in weaker_parts(table))


def is_open(table: dict) -> bool:
    """Whether the rule is marked OPEN (unverified), by flag or by evidence tag."""
    return bool(table.get("open")) or "OPEN" in table.get("source", {}).get("evidence", [])
