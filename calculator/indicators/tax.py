"""6 纳税: since 2020, points per year of income tax above the threshold; under the 2016 trial rules
(the dated `formula = "average"`), a flat bonus for a 3-year average and a deduction per violation."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from .. import params
from ..fields import CURRENT_SET, MAX_DETENTIONS, TRIAL, field
from ..rounding import show
from ..rules import INDICATORS, show_number
from ._line import Scored, rule, scored

if TYPE_CHECKING:
    from ..validation import Applicant

PAGE = ("tax", "纳税")  # docs/indicators/<slug>.md, and its title in the site's menu

_TAX = INDICATORS["tax"]
_THRESHOLD = show_number(_TAX["threshold_10k_yuan"])
_TRIAL = params.rule_set_trees()["2016"]["indicators"]["tax"]

FIELDS = (
    field(
        "tax_qualifying_years",
        "int",
        f"纳税{_THRESHOLD}万元及以上的年数",
        f"{{tax_years}}中，个人所得税（综合所得与经营所得）纳税额达到{_THRESHOLD}万元及以上的年数。",
        widget="select",
        default=0,
        min_=0,
        max_=_TAX["years"],
        unit="年",
        rule_sets=CURRENT_SET,
        section="tax",
    ),
    field(
        "tax_average_qualifies",
        "bool",
        f"近3年平均每年纳税{_THRESHOLD}万元及以上",
        f"试行办法：{{tax_years}}连续纳税，工资、薪金以及劳务报酬的个人所得税纳税额平均每年"
        f"{_THRESHOLD}万元及以上的，加{_TRIAL['average_points']}分。",
        default=False,
        rule_sets=TRIAL,
        section="tax",
    ),
    field(
        "tax_violations",
        "int",
        "涉税违法行为记录数",
        f"试行办法：2017年1月1日起有涉税违法行为记录的，每条计{_TRIAL['violation_points']}分。",
        default=0,
        min_=0,
        max_=MAX_DETENTIONS,
        unit="条",
        rule_sets=TRIAL,
        section="tax",
    ),
)


def overview(r: dict) -> tuple[str, str]:
    """The overview table's 怎么计分 and 上限."""
    return (
        f"近{r['years']}年中个税每年达到{r['threshold_10k_yuan']}万元的，每年{r['points_per_year']}分",
        f"{r['cap']}分",
    )


def formula(a: Applicant) -> Scored:
    r = rule(a, "tax")
    first, last = a.application_year - r["years"], a.application_year - 1
    if r.get("formula") == "average":
        return _average(a, r, first, last)
    years = a.tax_qualifying_years
    raw = Decimal(years * r["points_per_year"])
    points = min(raw, Decimal(r["cap"]))
    detail = (
        f"{first}—{last}年中纳税{r['threshold_10k_yuan']}万元及以上的有{years}年 × "
        f"{r['points_per_year']}分 = {show(points)}分。{r['open_note']}"
    )
    return scored(points, detail, raw, r["cap"])


def _average(a: Applicant, r: dict, first: int, last: int) -> tuple[Decimal, str]:
    """The 2016 trial rules: a flat bonus for a 3-year average, and a deduction per tax violation."""
    bonus = r["average_points"] if a.tax_average_qualifies else 0
    penalty = a.tax_violations * r["violation_points"]
    points = Decimal(bonus + penalty)
    parts = [
        f"{first}—{last}年平均每年纳税{r['threshold_10k_yuan']}万元及以上：" + (f"{bonus}分" if bonus else "否，0分")
    ]
    if a.tax_violations:
        parts.append(f"涉税违法行为记录{a.tax_violations}条 × {r['violation_points']}分 = {penalty}分")
    return points, "；".join(parts) + f"；合计{show(points)}分。{r['open_note']}"
