"""7 年龄: full points up to an age, then fewer per year (under the 2016 trial rules, none above it).
Its one input, the birth date, is the applicant's own (schema.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from ..calendar import completed_years
from ..periods import spans
from ..trace import words
from ._line import ZERO, Scored, rule

if TYPE_CHECKING:
    from ..validation import Applicant

PAGE = ("age", "年龄")  # docs/indicators/<slug>.md, and its title in the site's menu
FIELDS = ()


def overview(r: dict) -> tuple[str, str]:
    """The overview table's 怎么计分 and 上限."""
    return (
        f"不超过{r['full_points_until']}周岁{r['full_points']}分，之后每大1岁少{r['points_lost_per_year']}分",
        f"{r['full_points']}分",
    )


# The words of this line's steps (calculator/trace.py renders them)
_A = "indicators.age."
WORDS = {
    "age.head": words("出生日期{birth}，至{on}为{years}周岁", "birth", "on", "years"),
    "age.within": words(
        "，不超过{limit}周岁：{full}分", "limit", "full", limit=_A + "full_points_until", full=_A + "full_points"
    ),
    "age.none_above": words(
        "，超过{limit}周岁：0分（{rule_set}：超过{limit}周岁不加分）",
        "limit",
        "rule_set",
        limit=_A + "full_points_until",
    ),
    "age.above": words(
        "，超过{limit}周岁{over}岁，{full} − {over} × {lost} = {points}分",
        "limit",
        "over",
        "full",
        "lost",
        "points",
        limit=_A + "full_points_until",
        full=_A + "full_points",
        lost=_A + "points_lost_per_year",
    ),
    "age.floor": words("（最低0分）"),
}


def formula(a: Applicant) -> Scored:
    r = rule(a, "age")
    on = spans(a.application_year).age_reference
    years = completed_years(a.birth_date, on)
    limit, full, lost = r["full_points_until"], r["full_points"], r["points_lost_per_year"]
    head = ("age.head", a.birth_date.isoformat(), on, years)
    if years <= limit:
        return Decimal(full), (head, ("age.within", limit, full))
    over = years - limit
    if lost >= full:  # the 2016 trial rules: nothing above the limit (每岁少{lost}分 >= all of it)
        return ZERO, (head, ("age.none_above", limit, a.rule_set["title"]))
    points = max(0, full - over * lost)
    trace = (head, ("age.above", limit, over, full, lost, points))
    return Decimal(points), trace + (("age.floor",),) if points == 0 else trace
