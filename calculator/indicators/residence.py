"""2 合法稳定住所: owned and rented months, capped by the 就业 months, owned months first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import records
from ..fields import field
from ..rounding import times
from ..rules import INDICATORS, show_number
from ..trace import words
from ._line import ZERO, Scored, rate_of, rule, scored

if TYPE_CHECKING:
    from ..validation import Applicant

PAGE = ("residence", "合法稳定住所")  # docs/indicators/<slug>.md, and its title in the site's menu

FIELDS = (
    field("housing", "object", INDICATORS["residence"]["label"], mode="counts", default={}, section="residence"),
    field(
        "housing.owned_months",
        "int",
        "自有住所月数",
        "在本市自有住所（有房屋所有权证或不动产权证）居住的月数，各区都算。",
        mode="counts",
        default=0,
        min_=0,
        unit="个月",
    ),
    field(
        "housing.rented_months",
        "int",
        "租赁住所或单位宿舍月数",
        "全部租赁住所和单位宿舍月数：{rental_before}及以前的不用申报，按该期间的就业月数减去自有住所月数计算；"
        "{rental_from}起为登记备案的租赁月数。",
        mode="counts",
        default=0,
        min_=0,
        unit="个月",
    ),
)


def overview(r: dict) -> tuple[str, str]:
    """The overview table's 怎么计分 and 上限."""
    owned, rented = show_number(r["owned_points_per_year"]), show_number(r["rented_points_per_year"])
    return f"自有住所每年{owned}分，租赁住所或单位宿舍每年{rented}分", "以就业月数为限"


def residence_months(a: Applicant) -> tuple[int, int]:
    """Owned and rented months that score: capped by the employment months, owned months first."""
    owned = min(a.owned_months, a.si_months)
    rented = min(a.rented_months, a.si_months - owned)
    return owned, rented


# The words of this line's steps (calculator/trace.py renders them; records.py words records mode's)
_R = "indicators.residence."
WORDS = {
    "residence.none": words("未填写自有住所或租赁住所月数：0分"),
    "residence.limited": words(
        "住所月数{declared}个月多于就业月数{months}个月，以就业月数为限并优先计自有住所，{unscored}个月不计分。",
        "declared",
        "months",
        "unscored",
    ),
    "residence.owned": words(
        "自有住所{months}个月 × {rate}分/月 = {points}分",
        "months",
        "rate",
        "points",
        rate=_R + "owned_points_per_month",
    ),
    "residence.rented": words(
        "；租赁住所或单位宿舍{months}个月 × {rate}分/月 = {points}分",
        "months",
        "rate",
        "points",
        rate=_R + "rented_points_per_month",
    ),
    "residence.total": words("；合计{points}分（每段分别四舍五入到2位小数）", "points"),
    **records.RESIDENCE_WORDS,
}


def formula(a: Applicant) -> Scored:
    if a.derivation:  # records mode: each record rounded on its own
        return scored(*records.residence(a.derivation))
    owned, rented = residence_months(a)
    r = rule(a, "residence")
    owned_rate, rented_rate = rate_of(r["owned_points_per_month"]), rate_of(r["rented_points_per_month"])
    owned_points = times(owned_rate, owned)
    rented_points = times(rented_rate, rented)
    points = owned_points + rented_points
    declared = a.owned_months + a.rented_months
    if declared == 0:
        return ZERO, (("residence.none",),)
    trace: tuple = (
        ("residence.owned", owned, owned_rate, owned_points),
        ("residence.rented", rented, rented_rate, rented_points),
        ("residence.total", points),
    )
    if declared > owned + rented:
        trace = (("residence.limited", declared, a.si_months, declared - owned - rented), *trace)
    # every declared month scored: what the 就业 months' limit took off
    return scored(points, trace, times(owned_rate, a.owned_months) + times(rented_rate, a.rented_months))
