"""6 纳税: since 2020, points per year of income tax above the threshold; under the 2016 trial rules
(the dated `formula = "average"`), a flat bonus for a 3-year average and a deduction per violation."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from .. import params
from ..fields import CURRENT_SET, MAX_DETENTIONS, TRIAL, field
from ..rules import INDICATORS, show_number
from ..trace import words
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


# The words of this line's steps (calculator/trace.py renders them)
_T = "indicators.tax."
WORDS = {
    "tax.years": words(
        "{first}—{last}年中纳税{threshold}万元及以上的有{years}年 × {per}分 = {points}分",
        "first",
        "last",
        "threshold",
        "years",
        "per",
        "points",
        threshold=_T + "threshold_10k_yuan",
        per=_T + "points_per_year",
    ),
    "tax.average": words(
        "{first}—{last}年平均每年纳税{threshold}万元及以上：{points}分",
        "first",
        "last",
        "threshold",
        "points",
        threshold=_T + "threshold_10k_yuan",
        points=_T + "average_points",
    ),
    "tax.no_average": words(
        "{first}—{last}年平均每年纳税{threshold}万元及以上：否，0分",
        "first",
        "last",
        "threshold",
        threshold=_T + "threshold_10k_yuan",
    ),
    "tax.violations": words(
        "；涉税违法行为记录{count}条 × {per}分 = {points}分", "count", "per", "points", per=_T + "violation_points"
    ),
}
_NOTE = ("note", _T + "open_note")


def formula(a: Applicant) -> Scored:
    r = rule(a, "tax")
    first, last = a.application_year - r["years"], a.application_year - 1
    if r.get("formula") == "average":
        return _average(a, r, first, last)
    years = a.tax_qualifying_years
    raw = Decimal(years * r["points_per_year"])
    points = min(raw, Decimal(r["cap"]))
    trace = (
        ("tax.years", first, last, r["threshold_10k_yuan"], years, r["points_per_year"], points),
        (*_NOTE, r["open_note"]),
    )
    return scored(points, trace, raw, r["cap"])


def _average(a: Applicant, r: dict, first: int, last: int) -> Scored:
    """The 2016 trial rules: a flat bonus for a 3-year average, and a deduction per tax violation."""
    threshold = r["threshold_10k_yuan"]
    bonus = r["average_points"] if a.tax_average_qualifies else 0
    penalty = a.tax_violations * r["violation_points"]
    points = Decimal(bonus + penalty)
    trace: tuple = (
        ("tax.average", first, last, threshold, bonus) if bonus else ("tax.no_average", first, last, threshold),
    )
    if a.tax_violations:
        trace += (("tax.violations", a.tax_violations, r["violation_points"], penalty),)
    return points, (*trace, ("sum", points), (*_NOTE, r["open_note"]))
