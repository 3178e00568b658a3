"""3b 教育背景扣减: the 就业 and 住所 points earned while studying for the declared qualification,
deducted (the choice whether to declare it is the education unit's)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..fields import field
from ..trace import words
from . import education
from ._line import ZERO, Scored

if TYPE_CHECKING:
    from ..validation import Applicant

PAGE = education.PAGE  # explained on the education page

_WHEN = ("education.level", education.LEVELS_WITH_POINTS, "ignored")
FIELDS = (
    field(
        "education.deduction_owned_months",
        "int",
        "扣减期内有社保且住自有住所的月数",
        "扣减期内同时正常缴纳社保、住在自有住所的月数。",
        mode="counts",
        default=0,
        min_=0,
        unit="个月",
        when=_WHEN,
    ),
    field(
        "education.deduction_rented_months",
        "int",
        "扣减期内有社保且住租赁住所或宿舍的月数",
        "扣减期内同时正常缴纳社保、住在租赁住所或单位宿舍的月数。",
        mode="counts",
        default=0,
        min_=0,
        unit="个月",
        when=_WHEN,
    ),
    field(
        "education.deduction_si_only_months",
        "int",
        "扣减期内有社保但住所未计分的月数",
        "扣减期内正常缴纳社保、但没有住所积分的月数。三项合计不超过扣减期。",
        mode="counts",
        default=0,
        min_=0,
        unit="个月",
        when=_WHEN,
    ),
)


def overview(r: dict) -> tuple[str, str]:
    """The overview table's 怎么计分 and 上限."""
    return "扣除取得学历（学位）前规定年限内的就业、住所分", "扣减项"


# The words of this line's own steps (the deduction's arithmetic is education's)
WORDS = {
    "deduction.no_education": words("无学历（学位）积分，不扣减：0分"),
    "deduction.if_declared": words("不申报学历，不扣减：0分（如申报："),
    "deduction.end_if": words("）"),
    "deduction.zero": words("：0分"),
    "deduction.net_same": words(
        "，本项计{points}分；申报学历净得{net}分，与不申报（0分）相同，按申报计", "points", "net"
    ),
    "deduction.net_more": words("，本项计{points}分；申报学历净得{net}分，高于不申报（0分）", "points", "net"),
}


def formula(a: Applicant) -> Scored:
    made = education.choice(a)
    if made is None:
        return ZERO, (("deduction.no_education",),)
    if not made.declared:
        return ZERO, (("deduction.if_declared",), *made.deduction_trace, ("deduction.end_if",))
    if made.deduction == 0:
        return ZERO, (*made.deduction_trace, ("deduction.zero",))
    net = made.points + made.deduction
    verdict = "deduction.net_same" if net == 0 else "deduction.net_more"
    return made.deduction, (*made.deduction_trace, (verdict, made.deduction, net))
