"""The nine indicators and the education deduction line: points, with the arithmetic in Chinese.

Each scorer takes a validated Applicant and returns (points, detail). Every number
comes from rules.toml; points are exact Decimals rounded where the rules round.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from . import records
from .calendar import completed_years, show_date
from .periods import spans, tier_of
from .rounding import round2, show, times
from .rules import INDICATORS, exact, show_number
from .validation import Applicant

_ZERO = Decimal(0)

_EMPLOYMENT = INDICATORS["employment"]
_PER_MONTH = exact(_EMPLOYMENT["points_per_month"])

_RESIDENCE = INDICATORS["residence"]
_OWNED_RATE = exact(_RESIDENCE["owned_points_per_month"])
_RENTED_RATE = exact(_RESIDENCE["rented_points_per_month"])

_EDUCATION = INDICATORS["education"]
_DEDUCTION = INDICATORS["education_deduction"]
_D_SI = exact(_DEDUCTION["si_points_per_month"])
_D_OWNED = _D_SI + exact(_DEDUCTION["owned_points_per_month"])
_D_RENTED = _D_SI + exact(_DEDUCTION["rented_points_per_month"])
# Plain notes for the parts of the education rule that are not from an official text.
_SINGLE_NOTE = _EDUCATION["single_certificate_note"]
_CHOICE_NOTE = _EDUCATION["choice_note"]

_JOB_RESIDENCE = INDICATORS["job_residence"]
_INNOVATION = INDICATORS["innovation"]
_TAX = INDICATORS["tax"]
_AGE = INDICATORS["age"]
_HONOURS = INDICATORS["honours"]
_LAW = INDICATORS["law"]


_RATE_TEXT: dict[Fraction, str] = {}


def _rate(value: Fraction) -> str:
    """A rate as shown in details ("0.25", "1/12"), formatted once per distinct rate."""
    text = _RATE_TEXT.get(value)
    if text is None:
        text = _RATE_TEXT[value] = show_number(value)
    return text


def employment(a: Applicant) -> tuple[Decimal, str]:
    points = times(_PER_MONTH, a.si_months)
    period = spans(a.application_year).employment_label
    detail = f"{a.si_months}个月 × {_rate(_PER_MONTH)}分/月 = {show(points)}分（{period}正常缴纳月数，不含补缴）"
    return points, detail + (records.employment_note(a.derivation) if a.derivation else "")


def residence_months(a: Applicant) -> tuple[int, int]:
    """Owned and rented months that score: capped by the employment months, owned months first."""
    owned = min(a.owned_months, a.si_months)
    rented = min(a.rented_months, a.si_months - owned)
    return owned, rented


def residence(a: Applicant) -> tuple[Decimal, str]:
    if a.derivation:  # records mode: each record rounded on its own
        return records.residence(a.derivation)
    owned, rented = residence_months(a)
    owned_points = times(_OWNED_RATE, owned)
    rented_points = times(_RENTED_RATE, rented)
    points = owned_points + rented_points
    declared = a.owned_months + a.rented_months
    if declared == 0:
        return _ZERO, "未填写自有住所或租赁住所月数：0分"
    parts = [
        f"自有住所{owned}个月 × {_rate(_OWNED_RATE)}分/月 = {show(owned_points)}分",
        f"租赁住所或单位宿舍{rented}个月 × {_rate(_RENTED_RATE)}分/月 = {show(rented_points)}分",
    ]
    detail = "；".join(parts) + f"；合计{show(points)}分（每段分别四舍五入到2位小数）"
    if declared > owned + rented:
        detail = (f"住所月数{declared}个月多于就业月数{a.si_months}个月，以就业月数为限并优先计自有住所，"
                  f"{declared - owned - rented}个月不计分。") + detail
    return points, detail


def _declared_deduction(a: Applicant, tier: dict) -> tuple[Decimal, str]:
    """The deduction line if the qualification is declared: (points <= 0, arithmetic)."""
    window = tier["deduction_years"] * 12
    # A month deducts the residence points it actually scored: months whose housing fell
    # outside the employment cap scored none, so they deduct the insurance part only.
    owned_scored, rented_scored = residence_months(a)
    d_owned = min(a.deduction_owned_months, owned_scored)
    d_rented = min(a.deduction_rented_months, rented_scored)
    unscored = a.deduction_owned_months + a.deduction_rented_months - d_owned - d_rented
    counts = ((d_owned, _D_OWNED, "社保且自有住所"),
              (d_rented, _D_RENTED, "社保且租赁住所或单位宿舍"),
              (a.deduction_si_only_months + unscored, _D_SI, "仅社保"))
    used = [(months, rate, what) for months, rate, what in counts if months]
    intro = f"{show(Decimal(tier['points']))}分档往前扣{tier['deduction_years']}年（{window}个月）"
    if a.derivation:  # records mode: the counts are the window's 就业 months, by what their housing scored
        intro += records.deduction_note(a.derivation)
    if not used:
        return _ZERO, f"{intro}，期间未同时获得就业及住所积分，不扣减"
    exact_total = sum((rate * months for months, rate, _ in used), Fraction(0))  # Fraction first: int * Fraction takes a slow path
    points = -round2(exact_total)
    terms = " + ".join(f"{what}{months}个月 × {_rate(rate)}分" for months, rate, what in used)
    note = f"（其中{unscored}个月的住所未计分，只扣社保分）" if unscored else ""
    return points, f"{intro}：{terms} = {show(-points)}分{note}"


class _Education(NamedTuple):
    """The qualification's points and its deduction as they would be if declared, and
    whether declaring is the better choice (the scored lines are 0 and 0 when it is not)."""

    points: Decimal        # the tier's points
    deduction: Decimal     # zero or negative
    tier_text: str         # "本科…：15分", the qualification as it would score
    deduction_text: str    # the deduction's arithmetic
    declared: bool


# education() and education_deduction() both need the choice: worked out once per applicant.
# (One entry, the applicant and its choice in one tuple: replaced whole, so never mismatched.)
_last_choice: tuple = (None, None)


def _education_choice(a: Applicant) -> _Education | None:
    global _last_choice
    applicant, choice = _last_choice
    if applicant is a:
        return choice
    choice = _work_out_education_choice(a)
    _last_choice = (a, choice)
    return choice


def _work_out_education_choice(a: Applicant) -> _Education | None:
    tier = tier_of(a.education_level, a.certificates)
    if tier is None:
        return None
    points = Decimal(tier["points"])
    level = _EDUCATION["levels"][a.education_level]["label"]
    if a.education_level == "college" or a.certificates == "both":
        tier_text = f"{tier['label']}：{show(points)}分"
    else:
        certificate = _EDUCATION["certificates"][a.certificates]
        tier_text = (f"{level}，{certificate}：按低一档（{tier['label']}）计{show(points)}分"
                     f"（{_SINGLE_NOTE}）")
    deduction, deduction_text = _declared_deduction(a, tier)
    # Declared, the two lines net points + deduction; not declared, both are 0. A tie keeps
    # the qualification declared (the published lists show 243 such ties, all declared).
    return _Education(points, deduction, tier_text, deduction_text, points + deduction >= 0)


def education(a: Applicant) -> tuple[Decimal, str]:
    choice = _education_choice(a)
    if choice is None:
        level = _EDUCATION["levels"][a.education_level]["label"]
        return _ZERO, f"最高学历：{level}，不计分：0分"
    if choice.declared:
        return choice.points, choice.tier_text
    net = choice.points + choice.deduction
    return _ZERO, (f"{choice.tier_text}，但扣减{show(-choice.deduction)}分后净得{show(net)}分，"
                   f"少于不申报学历（0分）：按不申报计0分。{_CHOICE_NOTE}")


def education_deduction(a: Applicant) -> tuple[Decimal, str]:
    choice = _education_choice(a)
    if choice is None:
        return _ZERO, "无学历（学位）积分，不扣减：0分"
    if not choice.declared:
        return _ZERO, f"不申报学历，不扣减：0分（如申报：{choice.deduction_text}）"
    if choice.deduction == 0:
        return _ZERO, f"{choice.deduction_text}：0分"
    net = choice.points + choice.deduction
    compared = "与不申报（0分）相同，按申报计" if net == 0 else "高于不申报（0分）"
    return choice.deduction, (f"{choice.deduction_text}，本项计{show(choice.deduction)}分；"
                              f"申报学历净得{show(net)}分，{compared}")


def job_residence(a: Applicant) -> tuple[Decimal, str]:
    rule = _JOB_RESIDENCE
    if a.live_and_work_months + a.live_only_months == 0:
        return _ZERO, "无城六区以外自有住所居住月数：0分"
    if not a.living_there_at_cutoff:
        cutoff = spans(a.application_year).cutoff
        return _ZERO, f"{cutoff.year}年12月未在该自有住所居住，不计分：0分"
    work_years, leftover = divmod(a.live_and_work_months, 12)
    live_years, unused = divmod(a.live_only_months + leftover, 12)
    raw = work_years * rule["live_and_work_points_per_year"] + live_years * rule["live_points_per_year"]
    points = Decimal(min(raw, rule["cap"]))
    parts = [f"居住并工作{a.live_and_work_months}个月，满{work_years}年 × {rule['live_and_work_points_per_year']}分"
             + (f"（剩余{leftover}个月并入只居住月数）" if leftover else ""),
             f"只居住{a.live_only_months + leftover}个月，满{live_years}年 × {rule['live_points_per_year']}分"
             + (f"（不足12个月的{unused}个月不计分）" if unused else "")]
    detail = "；".join(parts) + f"；合计{raw}分"
    if raw > rule["cap"]:
        detail += f"，超过上限{rule['cap']}分，按{rule['cap']}分计"
    return points, detail


def innovation(a: Applicant) -> tuple[Decimal, str]:
    cap = _INNOVATION["cap"]
    note = f"。{_INNOVATION['open_note']}"
    if a.innovation_type == "none":
        return _ZERO, f"无创新创业项目：0分{note}"
    kind = _INNOVATION["types"][a.innovation_type]
    if a.innovation_type == "equity":
        points = 0
        for band in kind["bands"]:
            if a.financing_10k_yuan >= band["from"]:
                points = band["points"]
        lowest = kind["bands"][0]["from"]
        shown = show(Decimal(repr(a.financing_10k_yuan)))
        reason = f"不足{lowest}万元，不计分" if points == 0 else f"对应{points}分"
        return Decimal(min(points, cap)), f"{kind['label']}：企业近3年股权现金融资{shown}万元，{reason}{note}"
    points = min(a.innovation_points, cap)
    return Decimal(points), f"{kind['label']}：{points}分{note}"


def tax(a: Applicant) -> tuple[Decimal, str]:
    years = a.tax_qualifying_years
    points = Decimal(min(years * _TAX["points_per_year"], _TAX["cap"]))
    first, last = a.application_year - _TAX["years"], a.application_year - 1
    return points, (f"{first}—{last}年中纳税{_TAX['threshold_10k_yuan']}万元及以上的有{years}年 × "
                    f"{_TAX['points_per_year']}分 = {show(points)}分。{_TAX['open_note']}")


def age(a: Applicant) -> tuple[Decimal, str]:
    on = spans(a.application_year).age_reference
    years = completed_years(a.birth_date, on)
    limit = _AGE["full_points_until"]
    head = f"出生日期{a.birth_date.isoformat()}，至{show_date(on)}为{years}周岁"
    if years <= limit:
        return Decimal(_AGE["full_points"]), f"{head}，不超过{limit}周岁：{_AGE['full_points']}分"
    over = years - limit
    points = max(0, _AGE["full_points"] - over * _AGE["points_lost_per_year"])
    return Decimal(points), (f"{head}，超过{limit}周岁{over}岁，{_AGE['full_points']} − {over} × "
                             f"{_AGE['points_lost_per_year']} = {points}分" + ("（最低0分）" if points == 0 else ""))


def honours(a: Applicant) -> tuple[Decimal, str]:
    if a.honours:
        return Decimal(_HONOURS["points"]), f"获得规定的荣誉称号：{_HONOURS['points']}分（不累计）"
    return _ZERO, "无规定的荣誉称号：0分"


def law(a: Applicant) -> tuple[Decimal, str]:
    note = f"。{_LAW['open_note']}"
    per = _LAW["points_per_record"]
    if a.detentions == 0:
        return _ZERO, f"无行政拘留记录：0分{note}"
    points = Decimal(a.detentions * per)
    return points, f"行政拘留{a.detentions}条 × {per}分 = {show(points)}分{note}"


SCORERS = {
    "employment": employment,
    "residence": residence,
    "education": education,
    "education_deduction": education_deduction,
    "job_residence": job_residence,
    "innovation": innovation,
    "tax": tax,
    "age": age,
    "honours": honours,
    "law": law,
}
