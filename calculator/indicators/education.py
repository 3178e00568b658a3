"""3 教育背景: the highest qualification's tier, and whether declaring it pays once its deduction
(the line education_deduction, 3b) is counted: both lines read the one choice made here."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from .. import records
from ..fields import TRIAL, choices, field
from ..periods import tier_of
from ..rounding import round2
from ..rules import INDICATORS, exact, show_number
from ..trace import words
from ._line import ZERO, Scored, rate_of, rule
from .residence import residence_months

if TYPE_CHECKING:
    from ..validation import Applicant

PAGE = ("education", "教育背景（含扣减）")  # docs/indicators/<slug>.md, and its title in the site's menu

_EDUCATION = INDICATORS["education"]
LEVELS_WITH_POINTS = tuple(key for key, level in _EDUCATION["levels"].items() if level["both"])
_TWO_CERTIFICATE_LEVELS = tuple(
    key for key, level in _EDUCATION["levels"].items() if level["both"] and level["both"] != level["single"]
)

FIELDS = (
    field("education", "object", _EDUCATION["label"], default={}, section="education"),
    field(
        "education.level",
        "enum",
        "最高学历（学位）",
        "只计最高一项，须为国家教育部承认的学历学位。",
        default="none",
        options=choices((key, level["label"]) for key, level in _EDUCATION["levels"].items()),
        name="education_level",
    ),
    field(
        "education.certificates",
        "enum",
        "证书",
        _EDUCATION["single_certificate_rule"] + "。",
        default="both",
        options=choices(_EDUCATION["certificates"].items()),
        when=("education.level", _TWO_CERTIFICATE_LEVELS, "ignored"),
    ),
    field(
        "education.graduation",
        "month",
        "毕业年月",
        "计分学历的毕业时间（学历证书上的日期）；只有学位证书的，填学位证书上的日期。教育背景扣减从这个月往前数。",
        mode="records",
        required=True,
        example="2017-06",
        when=("education.level", LEVELS_WITH_POINTS, "error"),
    ),
    field(
        "education.study_from",
        "month",
        "入学年月",
        "试行办法扣除实际就读期间（入学至毕业）的就业、住所积分：填计分学历的入学时间。",
        mode="records",
        required=True,
        example="2013-09",
        when=("education.level", LEVELS_WITH_POINTS, "error"),
        rule_sets=TRIAL,
    ),
)


def overview(r: dict) -> tuple[str, str]:
    """The overview table's 怎么计分 and 上限."""
    tiers = "、".join(show_number(t["points"]) for t in r["tiers"])
    return f"按最高学历（学位）：{tiers}分", f"{show_number(max(Fraction(t['points']) for t in r['tiers']))}分"


@cache
def _deduction_rates(si: str, owned: str, rented: str) -> tuple[Fraction, Fraction, Fraction]:
    """A deduction month's points: insurance only, with an owned home, with a rental (summed once)."""
    return exact(si), exact(si) + exact(owned), exact(si) + exact(rented)


# The words of this line's steps and of the deduction's, which education_deduction shows too
# (calculator/trace.py renders them)
_D = "indicators.education_deduction."
WORDS = {
    "education.none": words("最高学历：{level}，不计分：0分", "level"),
    "education.tier": words("{tier}：{points}分", "tier", "points"),
    "education.lower_tier": words(
        "{level}，{certificate}：按低一档（{tier}）计{points}分（{note}）",
        "level",
        "certificate",
        "tier",
        "points",
        "note",
    ),
    "education.not_declared": words(
        "，但扣减{deduction}分后净得{net}分，少于不申报学历（0分）：按不申报计0分。{note}", "deduction", "net", "note"
    ),
    "deduction.study_period": words("{points}分档扣除实际就读期间（入学至毕业）同时获得的就业、住所积分", "points"),
    "deduction.window": words("{points}分档往前扣{years}年（{months}个月）", "points", "years", "months"),
    "deduction.nothing": words("，期间未同时获得就业及住所积分，不扣减"),
    "deduction.owned": words(
        "社保且自有住所{months}个月 × {rate}分（就业{si}＋自有住所{owned}）",
        "months",
        "rate",
        "si",
        "owned",
        si=_D + "si_points_per_month",
        owned=_D + "owned_points_per_month",
    ),
    "deduction.rented": words(
        "社保且租赁住所或单位宿舍{months}个月 × {rate}分（就业{si}＋租赁{rented}）",
        "months",
        "rate",
        "si",
        "rented",
        si=_D + "si_points_per_month",
        rented=_D + "rented_points_per_month",
    ),
    "deduction.si_only": words("仅社保{months}个月 × {rate}分", "months", "rate", rate=_D + "si_points_per_month"),
    "deduction.total": words(" = {points}分", "points"),
    "deduction.unscored": words("（其中{months}个月的住所未计分，只扣社保分）", "months"),
}


def _declared_deduction(a: Applicant, tier: dict) -> tuple[Decimal, tuple]:
    """The deduction line if the qualification is declared: (points <= 0, its trace)."""
    r = rule(a, "education_deduction")
    d_si, d_owned_rate, d_rented_rate = _deduction_rates(
        r["si_points_per_month"], r["owned_points_per_month"], r["rented_points_per_month"]
    )
    window = tier["deduction_years"] * 12
    # A month deducts the residence points it actually scored: months whose housing fell
    # outside the employment cap scored none, so they deduct the insurance part only.
    owned_scored, rented_scored = residence_months(a)
    d_owned = min(a.deduction_owned_months, owned_scored)
    d_rented = min(a.deduction_rented_months, rented_scored)
    unscored = a.deduction_owned_months + a.deduction_rented_months - d_owned - d_rented
    si_only = a.deduction_si_only_months + unscored
    tier_points = Decimal(tier["points"])
    if r["window"] == "study_period":  # the 2016 rules: the actual study period
        trace: tuple = (("deduction.study_period", tier_points),)
    else:
        trace = (("deduction.window", tier_points, tier["deduction_years"], window),)
    if a.derivation:  # records mode: the counts are the window's 就业 months, by what their housing scored
        trace += records.deduction_note(a.derivation)
    if not (d_owned or d_rented or si_only):
        return ZERO, (*trace, ("deduction.nothing",))
    # each month's rate spelled out ("7/24分" alone said nothing): 就业 plus the residence it scored
    terms: list[tuple] = []
    exact_total = Fraction(0)  # Fraction first: int * Fraction takes a slow path
    if d_owned:
        terms.append(("deduction.owned", d_owned, d_owned_rate, d_si, rate_of(r["owned_points_per_month"])))
        exact_total += d_owned_rate * d_owned
    if d_rented:
        terms += [("plus",)] * bool(terms)
        terms.append(("deduction.rented", d_rented, d_rented_rate, d_si, rate_of(r["rented_points_per_month"])))
        exact_total += d_rented_rate * d_rented
    if si_only:
        terms += [("plus",)] * bool(terms)
        terms.append(("deduction.si_only", si_only, d_si))
        exact_total += d_si * si_only
    points = -round2(exact_total)
    trace += (("colon",), *terms, ("deduction.total", -points))
    if unscored:
        trace += (("deduction.unscored", unscored),)
    return points, trace


class Choice(NamedTuple):
    """The qualification's points and its deduction as they would be if declared, and
    whether declaring is the better choice (the scored lines are 0 and 0 when it is not)."""

    points: Decimal  # the tier's points
    deduction: Decimal  # zero or negative
    tier_trace: tuple  # "本科…：15分", the qualification as it would score
    deduction_trace: tuple  # the deduction's arithmetic
    declared: bool


# Both lines need the choice: worked out once per applicant.
# (One entry, the applicant and its choice in one tuple: replaced whole, so never mismatched.)
_last_choice: tuple = (None, None)


def choice(a: Applicant) -> Choice | None:
    """The choice for the applicant's qualification; None where it scores nothing."""
    global _last_choice
    applicant, made = _last_choice
    if applicant is a:
        return made
    made = _work_out_choice(a)
    _last_choice = (a, made)
    return made


def _work_out_choice(a: Applicant) -> Choice | None:
    tier = tier_of(a.education_level, a.certificates)
    if tier is None:
        return None
    points = Decimal(tier["points"])
    r = rule(a, "education")
    level = r["levels"][a.education_level]["label"]
    if a.education_level == "college" or a.certificates == "both":
        tier_trace: tuple = (("education.tier", tier["label"], points),)
    else:
        certificate = r["certificates"][a.certificates]
        tier_trace = (
            ("education.lower_tier", level, certificate, tier["label"], points, r["single_certificate_note"]),
        )
    deduction, deduction_trace = _declared_deduction(a, tier)
    # Declared, the two lines net points + deduction; not declared, both are 0. A tie keeps
    # the qualification declared (the published lists show 243 such ties, all declared).
    return Choice(points, deduction, tier_trace, deduction_trace, points + deduction >= 0)


def formula(a: Applicant) -> Scored:
    made = choice(a)
    if made is None:
        return ZERO, (("education.none", rule(a, "education")["levels"][a.education_level]["label"]),)
    if made.declared:
        return made.points, made.tier_trace
    net = made.points + made.deduction
    note = rule(a, "education")["choice_note"]
    return ZERO, (*made.tier_trace, ("education.not_declared", -made.deduction, net, note))
