"""9 守法记录: a deduction per administrative detention in Beijing."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from ..fields import MAX_DETENTIONS, field
from ..rounding import show
from ._line import ZERO, rule

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


def formula(a: Applicant) -> tuple[Decimal, str]:
    r = rule(a, "law")
    note = f"。{r['open_note']}"
    per = r["points_per_record"]
    if a.detentions == 0:
        return ZERO, f"无行政拘留记录：0分{note}"
    points = Decimal(a.detentions * per)
    return points, f"行政拘留{a.detentions}条 × {per}分 = {show(points)}分{note}"
