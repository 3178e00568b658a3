"""One applicant in, the contract's result out: eligibility, the ten lines, the total
(with, on request, the advice and the projection of later years).

Besides the contract's keys, an item whose points a limit of the rules lowered carries
`capped`: {"uncapped": the points the inputs would give without it, "cap": the rule's cap in
points where the points stand at it, else null (住所 months capped by the 就业 months, a part's
own cap under the 2016 rules)}. The page explains equal scenario totals from it."""

from __future__ import annotations

from functools import cache

from . import records
from .advice import advise
from .comparison import compare
from .eligibility import assess, verdict
from .indicators import SCORERS
from .periods import spans
from .projection import project
from .rounding import as_json_number
from .rules import EVIDENCE, cite, is_open, weaker_parts_text
from .standing import age_text, standing
from .standing import lines as standing_lines
from .trace import render, steps_json
from .validation import Applicant


def _source(table: dict) -> str:
    """The rule's document and, in plain words, how far it is verified (no evidence codes)."""
    text = cite(table["source"])
    text += weaker_parts_text(table)
    if is_open(table) and "OPEN" not in table["source"]["evidence"]:
        text += "；" + EVIDENCE["OPEN"]["in_line"]
    return text


_LINES: dict[int, tuple] = {}


def _lines(rules: dict) -> tuple:
    """(id, label, source, scorer) of each line under a rules tree, in the rules' order (the contract's
    order of `items`). Built once per rule set: trees of one rule set are one object (params.py)."""
    lines = _LINES.get(id(rules))
    if lines is None:
        lines = _LINES[id(rules)] = tuple(
            (key, table["label"], _source(table), SCORERS[key]) for key, table in rules["indicators"].items()
        )
    return lines


@cache
def _dates(year: int) -> tuple[str, str]:
    """The round's cut-off and age reference dates as the result gives them (ISO)."""
    span = spans(year)
    return span.cutoff.isoformat(), span.age_reference.isoformat()


def score_applicant(
    applicant: Applicant,
    advice: bool = False,
    projection: bool = False,
    data: dict | None = None,
    steps: bool = False,
) -> dict:
    """The result; with `advice`, also next year's estimate and the levers that raise the score;
    with `projection`, the later years against the estimated cut-off (CONTRACT 4b). Both carry
    the input forward, so they need `data`, the applicant's input as given. With `steps`, each
    line and condition also carries its trace as data (`steps`: trace.steps_json), what its
    `detail` says with every number named and every rate's parameter path."""
    items = []
    points_by_id = {}
    for key, label, source, scorer in _lines(applicant.rules):
        answer = scorer(applicant)
        points = points_by_id[key] = answer[0]
        item = {
            "id": key,
            "label": label,
            "points": as_json_number(points),
            "detail": render(answer[1]),
            "source": source,
        }
        if steps:
            item["steps"] = steps_json(answer[1])
        if len(answer) > 2:  # a limit of the rules lowered the points: by how much, and at which cap
            uncapped, cap = answer[2]
            item["capped"] = {"uncapped": as_json_number(uncapped), "cap": cap}
        items.append(item)
    total = sum(points_by_id.values())
    eligibility = assess(applicant, steps)
    cutoff_date, age_reference_date = _dates(applicant.application_year)
    result = {
        "application_year": applicant.application_year,
        "rule_set": dict(applicant.rule_set),
        "eligible": all(condition["met"] for condition in eligibility),
        "eligibility": eligibility,
        "eligibility_verdict": verdict(eligibility),
        "items": items,
        "total": as_json_number(total),
        "cutoff_date": cutoff_date,
        "age_reference_date": age_reference_date,
    }
    if applicant.derivation:
        result["derived"] = records.derived(applicant.derivation)
        result["derivation"] = records.derivation(applicant.derivation)
    if (advice or projection) and data is None:
        raise ValueError("advice and projection carry the input forward: pass it as `data`")
    if advice:
        assert data is not None
        result["advice"] = advise(applicant, points_by_id, data)
        result["standing"] = standing(total)  # where this total stood among those admitted (CONTRACT 4d)
        result["standing_text"] = standing_lines(result["standing"])  # the page's line per year
        result["standing_age"] = age_text(applicant.birth_date.year, applicant.application_year)
        result["comparison"] = compare(total, applicant.application_year)  # the gap sentences (CONTRACT 4b)
    if projection:
        assert data is not None
        result["projection"] = project(data, applicant, total, points_by_id, eligibility)
    return result
