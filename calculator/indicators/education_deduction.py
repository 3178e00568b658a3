"""3b 教育背景扣减: the 就业 and 住所 points earned while studying for the declared qualification,
deducted (the choice whether to declare it is the education unit's)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from ..fields import field
from ..rounding import show
from . import education
from ._line import ZERO

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


def formula(a: Applicant) -> tuple[Decimal, str]:
    made = education.choice(a)
    if made is None:
        return ZERO, "无学历（学位）积分，不扣减：0分"
    if not made.declared:
        return ZERO, f"不申报学历，不扣减：0分（如申报：{made.deduction_text}）"
    if made.deduction == 0:
        return ZERO, f"{made.deduction_text}：0分"
    net = made.points + made.deduction
    compared = "与不申报（0分）相同，按申报计" if net == 0 else "高于不申报（0分）"
    return made.deduction, (
        f"{made.deduction_text}，本项计{show(made.deduction)}分；申报学历净得{show(net)}分，{compared}"
    )
