"""What would raise the score: next year's estimate and the levers the rules offer.

An extension of the contract's result (`advice`), computed by the same scorers, so
every figure here follows the rules file. Each hint states its assumption. Next year's
estimate is the first step of the projection (projection.py, the one home of that step).
"""

from __future__ import annotations

from decimal import Decimal

from .indicators import SCORERS, residence_months
from .params import for_year, rule_set
from .periods import tier_of
from .projection import next_year
from .rounding import show
from .rules import RULES
from .validation import Applicant

_LAST_YEAR = RULES["application_years"]["last"]


def _tax_lever(a: Applicant, tax: dict) -> str | None:
    if tax.get("formula") == "average":  # the 2016 trial rules
        if a.tax_average_qualifies:
            return None
        return f"近{tax['years']}年平均每年纳税{tax['threshold_10k_yuan']}万元及以上的，纳税指标加{tax['average_points']}分。"
    if a.tax_qualifying_years < tax["years"]:
        return (
            f"近{tax['years']}年中每多一个纳税{tax['threshold_10k_yuan']}万元及以上的年度，加{tax['points_per_year']}分"
            f"（最高{tax['cap']}分）。"
        )
    return None


def _levers(a: Applicant, points_now: dict[str, Decimal]) -> list[str]:
    rules = a.rules["indicators"]
    employment, residence, job = rules["employment"], rules["residence"], rules["job_residence"]
    levers = [f"每多正常缴纳12个月社会保险，就业指标加{employment['points_per_year']}分（补缴月数不计）。"]
    owned, rented = residence_months(a)
    if owned + rented < a.si_months:
        gap = a.si_months - owned - rented
        levers.append(
            f"住所计分月数比就业月数少{gap}个月：这些月份如有自有住所（每年{residence['owned_points_per_year']}分）"
            f"或登记备案的租赁住所、单位宿舍（每年{residence['rented_points_per_year']}分）记录，可以计分。"
        )
    if a.living_there_at_cutoff and (a.live_and_work_months or a.live_only_months):
        current = points_now["job_residence"]
        if current < job["cap"]:
            rest = 12 - a.live_and_work_months % 12 if a.live_and_work_months else 12 - (a.live_only_months % 12)
            levers.append(
                f"职住区域目前{show(current)}分，上限{job['cap']}分：再满{rest}个月可再计一年"
                f"（居住{job['live_points_per_year']}分，居住并工作{job['live_and_work_points_per_year']}分）。"
            )
    tax_lever = _tax_lever(a, rules["tax"])
    if tax_lever:
        levers.append(tax_lever)
    if (
        tier_of(a.education_level, a.certificates) is not None
        and a.certificates != "both"
        and a.education_level != "college"
    ):
        levers.append("只有学历或学位之一时按低一档计分；两证齐全可按本档计分。")
    later_year = min(a.application_year + 1, _LAST_YEAR)
    later_age = a._replace(application_year=later_year, rules=for_year(later_year), rule_set=rule_set(later_year))
    now_age, next_age = points_now["age"], SCORERS["age"](later_age)[0]
    if later_age.application_year > a.application_year and next_age < now_age:
        levers.append(
            f"注意：{later_age.application_year}年申报时年龄指标将从{show(now_age)}分降为{show(next_age)}分。"
        )
    return levers


def advise(a: Applicant, points_now: dict[str, Decimal], data: dict) -> dict:
    """`points_now`: this year's points by line id, as the engine just scored them; `data`: the input as given."""
    total_now = sum(points_now.values(), Decimal(0))
    return {"next_year": next_year(data, a, total_now), "levers": _levers(a, points_now)}
