"""The rules data file (rules.toml), loaded once, and the helpers that show its values.

Everyone reads the rules through this module: the engine, the site's generated
tables and the calculator form, so a number is written down exactly once.
"""

from __future__ import annotations

import re
from fractions import Fraction
from functools import lru_cache

from .params import RULES
from .params import for_year as _for_year

# RULES: as written (dated values are tables keyed by date); CURRENT: the rules of the round the
# site's rule pages describe ([application_years] current), every dated value resolved. Code that
# scores an applicant reads the applicant's own year (Applicant.rules).
CURRENT: dict = _for_year(RULES["application_years"]["current"])
INDICATORS: dict = CURRENT["indicators"]
ELIGIBILITY: dict = CURRENT["eligibility"]
EVIDENCE: dict = RULES["evidence"]
DOCUMENTS: dict = RULES["documents"]


def exact(value: int | str) -> Fraction:
    """A rule value as an exact number: rates are stored as "1/12", points as "10.5"."""
    return Fraction(value)


@lru_cache(maxsize=512)  # a handful of distinct rates, shown in every applicant's details
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
    """How far a rule is verified, in plain words, never the tags (those are for the sources page
    only, evidence_codes). One tag: its label ("官方原文"). Several: not a list of labels, which
    reads as a contradiction, but what each one vouches for ([evidence] `supports`, `in_line`):
    the wording ("文字依据…" from one source; from several "部分依据官方原文，部分为转载（…）"),
    then the method and the status: "…，计算方法根据公示数据推算"."""
    tags = list(dict.fromkeys(tags))
    if len(tags) == 1:
        return EVIDENCE[tags[0]]["label"]
    wording = [EVIDENCE[tag]["in_line"] for tag in tags if EVIDENCE[tag]["supports"] == "wording"]
    rest = [EVIDENCE[tag]["in_line"] for tag in tags if EVIDENCE[tag]["supports"] != "wording"]
    said = ["文字" + wording[0]] if len(wording) == 1 else ["部分" + phrase for phrase in wording]
    return "，".join(said + rest)


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
    return [
        value
        for key, value in sorted(table.items())
        if key.endswith("_source")
        and isinstance(value, dict)
        and "part" in value
        and {"PARA", "OPEN"} & set(value["evidence"])
    ]


def weaker_parts_text(table: dict, words=evidence_labels) -> str:
    """The weaker sub-rules as they follow a rule's source: "；其中“…”：<their evidence in `words`>"."""
    return "".join(f"；其中“{part['part']}”：{words(part['evidence'])}" for part in weaker_parts(table))


def is_open(table: dict) -> bool:
    """Whether the rule is marked OPEN (unverified), by flag or by evidence tag."""
    return bool(table.get("open")) or "OPEN" in table.get("source", {}).get("evidence", [])
