"""8 荣誉表彰: a fixed bonus for any of the listed titles, once."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from ..fields import field
from ..rules import INDICATORS
from ..trace import words
from ._line import ZERO, Scored, rule

if TYPE_CHECKING:
    from ..validation import Applicant

PAGE = ("honours", "荣誉表彰")  # docs/indicators/<slug>.md, and its title in the site's menu

FIELDS = (
    field(
        "honours",
        "bool",
        "获得规定的荣誉称号",
        "；".join(INDICATORS["honours"]["titles"]) + "，获得其一即可。",
        default=False,
        section="honours",
    ),
)


def overview(r: dict) -> tuple[str, str]:
    """The overview table's 怎么计分 and 上限."""
    return f"获得规定的荣誉称号之一加{r['points']}分", f"{r['points']}分"


# The words of this line's steps (calculator/trace.py renders them)
WORDS = {
    "honours.yes": words("获得规定的荣誉称号：{points}分（不累计）", "points", points="indicators.honours.points"),
    "honours.no": words("无规定的荣誉称号：0分"),
}


def formula(a: Applicant) -> Scored:
    points = rule(a, "honours")["points"]
    if a.honours:
        return Decimal(points), (("honours.yes", points),)
    return ZERO, (("honours.no",),)
