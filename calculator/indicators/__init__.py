"""The indicators, one unit (module) per result line, named by the line's key in rules.toml.

A unit holds everything about its line that is not a number of the rules (those stay in
rules.toml, dated, with their sources):

    PAGE      (slug, title): its page docs/indicators/<slug>.md and its title in the site's menu
    FIELDS    its rows of the field table (calculator/fields.py), in form order; schema.py
              gathers them, and validation, the Applicant, the form and the batch columns follow
    overview  rule table -> (怎么计分, 上限), its row of the site's overview table
    formula   Applicant -> (points, trace) or (points, trace, Limited) (_line.py)
    WORDS     code -> the words of each step its traces hold (calculator/trace.py renders them)

The lines, their order (the results', the form's, the overview's) and their numbering are the
rules' (`[indicators.<key>]` in rules.toml): a line added there is scored by the unit of its key.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from .. import trace
from ..params import RULES
from .residence import residence_months

# key -> unit, in the rules' order (every line of any rule set; both rule sets have the same lines)
UNITS: dict[str, ModuleType] = {key: import_module(f"{__name__}.{key}") for key in RULES["indicators"]}
SCORERS = {key: unit.formula for key, unit in UNITS.items()}
FIELDS = tuple(row for unit in UNITS.values() for row in unit.FIELDS)
for _unit in UNITS.values():
    trace.register(_unit.WORDS)

__all__ = ["FIELDS", "SCORERS", "UNITS", "residence_months"]


def page_of(key: str) -> str:
    """The line's page, relative to docs/: "indicators/job-residence.md"."""
    return f"indicators/{UNITS[key].PAGE[0]}.md"


def _first_line_of_each_page() -> tuple[str, ...]:
    first: dict[str, str] = {}
    for key in UNITS:
        first.setdefault(page_of(key), key)
    return tuple(first.values())


# The lines with a page (and a form section) of their own; a line sharing an earlier line's page
# (education_deduction: education's) is explained there.
PAGE_LINES = _first_line_of_each_page()


def pages() -> list[tuple[str, str]]:
    """(menu title, page) of each indicator page, in the rules' order, numbered as the rules number
    the lines: ("1 合法稳定就业", "indicators/employment.md")."""
    return [(f"{RULES['indicators'][key]['number']} {UNITS[key].PAGE[1]}", page_of(key)) for key in PAGE_LINES]
