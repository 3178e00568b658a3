"""1 合法稳定就业: the months of social insurance paid in Beijing, at a rate per month."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import records
from ..fields import field
from ..periods import spans
from ..rounding import times
from ..rules import ELIGIBILITY, show_number
from ..trace import words
from ._line import Scored, rate_of, rule

if TYPE_CHECKING:
    from ..validation import Applicant

PAGE = ("employment", "合法稳定就业")  # docs/indicators/<slug>.md, and its title in the site's menu
_SI_RULE = ELIGIBILITY["social_insurance"]

FIELDS = (
    field("social_insurance", "object", "社会保险缴纳", mode="counts", required=True, section="eligibility"),
    field(
        "social_insurance.months",
        "int",
        "社会保险正常缴纳月数",
        "{employment_label}在京正常缴纳社会保险的累计月数（取月数最多的险种），不含补缴；最多{employment_months}个月。",
        mode="counts",
        required=True,
        min_=0,
        unit="个月",
        example="150",
        name="si_months",
        section="employment",
    ),
    field(
        "social_insurance.continuous_months",
        "int",
        "连续缴纳社会保险月数",
        f"截至{{cutoff}}在京连续缴纳的月数（补缴后连续的月份也算），至少{_SI_RULE['min_continuous_months']}"
        "个月才能申报。不填则等于正常缴纳月数。",
        mode="counts",
        default_from="social_insurance.months",
        min_=0,
        unit="个月",
        name="si_continuous_months",
    ),
    field(
        "social_insurance.backpay_months",
        "int",
        "其中补缴月数",
        f"连续缴纳记录中补缴的月数，不超过{_SI_RULE['max_backpay_months']}个月才能申报。",
        mode="counts",
        default=0,
        min_=0,
        unit="个月",
        name="si_backpay_months",
    ),
)


def overview(r: dict) -> tuple[str, str]:
    """The overview table's 怎么计分 and 上限."""
    return f"每月{show_number(r['points_per_month'])}分（满1年{r['points_per_year']}分）", "不封顶"


# The words of this line's steps (calculator/trace.py renders them)
WORDS = {
    "employment.months": words(
        "{months}个月 × {rate}分/月 = {points}分（{period}正常缴纳月数，不含补缴）",
        "months",
        "rate",
        "points",
        "period",
        rate="indicators.employment.points_per_month",
    ),
}


def formula(a: Applicant) -> Scored:
    per_month = rate_of(rule(a, "employment")["points_per_month"])
    points = times(per_month, a.si_months)
    step = ("employment.months", a.si_months, per_month, points, spans(a.application_year).employment_label)
    if a.derivation:  # records mode: which records the months came from
        return points, (step, *records.employment_note(a.derivation))
    return points, (step,)
