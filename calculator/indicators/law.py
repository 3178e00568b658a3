"""9 守法记录: a deduction per administrative detention in Beijing."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from ..fields import MAX_DETENTIONS, field
from ..trace import words
from ._line import ZERO, Scored, rule

if TYPE_CHECKING:
    from ..validation import Applicant

PAGE = ("law", "守法记录")  # docs/indicators/<slug>.md, and its title in the site's menu

FIELDS = (
    field(
        "detentions",
        "int",
        "在本市被处以行政拘留的记录数",
        "",
        default=0,
        min_=0,
        max_=MAX_DETENTIONS,
        unit="条",
        section="law",
    ),
)


def overview(r: dict) -> tuple[str, str]:
    """The overview table's 怎么计分 and 上限."""
    return f"每条行政拘留记录{r['points_per_record']}分", "扣减项"


# The words of this line's steps (calculator/trace.py renders them)
WORDS = {
    "law.none": words("无行政拘留记录：0分"),
    "law.records": words(
        "行政拘留{count}条 × {per}分 = {points}分", "count", "per", "points", per="indicators.law.points_per_record"
    ),
}
_NOTE = ("note", "indicators.law.open_note")


def formula(a: Applicant) -> Scored:
    r = rule(a, "law")
    note = (*_NOTE, r["open_note"])
    per = r["points_per_record"]
    if a.detentions == 0:
        return ZERO, (("law.none",), note)
    points = Decimal(a.detentions * per)
    return points, (("law.records", a.detentions, per, points), note)
