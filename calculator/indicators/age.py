"""7 年龄: full points up to an age, then fewer per year (under the 2016 trial rules, none above it).
Its one input, the birth date, is the applicant's own (schema.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from ..calendar import completed_years, show_date
from ..periods import spans
from ._line import ZERO, rule

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


def formula(a: Applicant) -> tuple[Decimal, str]:
    r = rule(a, "age")
    on = spans(a.application_year).age_reference
    years = completed_years(a.birth_date, on)
    limit, full, lost = r["full_points_until"], r["full_points"], r["points_lost_per_year"]
    head = f"出生日期{a.birth_date.isoformat()}，至{show_date(on)}为{years}周岁"
    if years <= limit:
        return Decimal(full), f"{head}，不超过{limit}周岁：{full}分"
    over = years - limit
    if lost >= full:  # the 2016 trial rules: nothing above the limit (每岁少{lost}分 >= all of it)
        return ZERO, f"{head}，超过{limit}周岁：0分（{a.rule_set['title']}：超过{limit}周岁不加分）"
    points = max(0, full - over * lost)
    return Decimal(points), (
        f"{head}，超过{limit}周岁{over}岁，{full} − {over} × {lost} = {points}分"
        + ("（最低0分）" if points == 0 else "")
    )
