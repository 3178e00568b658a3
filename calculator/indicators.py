"""The nine indicators and the education deduction line: points, with the arithmetic in Chinese.

Each scorer takes a validated Applicant and returns (points, detail), or (points, detail, Limited)
where a limit of the rules lowered the points (a cap in points, or 住所 months capped by the
就业 months): the result's item then says so in `capped` (engine.py). Every number
comes from rules.toml as it applies to the applicant's round (`a.rules`, params.py), so a
dated value reaches the scorers without a change here; where the law changed its structure,
the dated `formula` of the rule picks the variant (tax: `per_year` since 2020, `average`
under the 2016 trial rules). Points are exact Decimals rounded where the rules round.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from functools import cache, lru_cache
from typing import NamedTuple

from . import records
from .calendar import completed_years, show_date
from .periods import spans, tier_of
from .rounding import round2, show, times
from .rules import exact, show_number
from .validation import Applicant

_ZERO = Decimal(0)


class Limited(NamedTuple):
    """What a limit of the rules took off a line's points."""

    uncapped: Decimal  # the points the inputs would give without the limit
    cap: int | None  # the rule's cap in points where the points stand at it; None: another limit
    # (住所 months capped by the 就业 months; the 2016 rules' own cap of a part of the line)


# A scorer's answer: (points, detail), and the Limited where a limit lowered the points.
Scored = tuple[Decimal, str] | tuple[Decimal, str, Limited]


def scored(points: Decimal, detail: str, uncapped: Decimal, cap: int | None = None) -> Scored:
    """(points, detail), with what the limit took off when `uncapped` (the points without it) is more."""
    if uncapped <= points:
        return points, detail
    return points, detail, Limited(uncapped, cap if cap is not None and points == cap else None)


_rate_of = lru_cache(maxsize=None)(exact)  # "1/12" -> Fraction, parsed once per distinct text


@cache
def _deduction_rates(si: str, owned: str, rented: str) -> tuple[Fraction, Fraction, Fraction]:
    """A deduction month's points: insurance only, with an owned home, with a rental (summed once)."""
    return exact(si), exact(si) + exact(owned), exact(si) + exact(rented)


def _rule(a: Applicant, key: str) -> dict:
    """The indicator's rules table as it applies to the applicant's round."""
    return a.rules["indicators"][key]


_RATE_TEXT: dict[Fraction, str] = {}


def _rate(value: Fraction) -> str:
    """A rate as shown in details ("0.25", "1/12"), formatted once per distinct rate."""
    text = _RATE_TEXT.get(value)
    if text is None:
        text = _RATE_TEXT[value] = show_number(value)
    return text


def employment(a: Applicant) -> tuple[Decimal, str]:
    per_month = _rate_of(_rule(a, "employment")["points_per_month"])
    points = times(per_month, a.si_months)
    period = spans(a.application_year).employment_label
    detail = f"{a.si_months}个月 × {_rate(per_month)}分/月 = {show(points)}分（{period}正常缴纳月数，不含补缴）"
    return points, detail + (records.employment_note(a.derivation) if a.derivation else "")


def residence_months(a: Applicant) -> tuple[int, int]:
    """Owned and rented months that score: capped by the employment months, owned months first."""
    owned = min(a.owned_months, a.si_months)
    rented = min(a.rented_months, a.si_months - owned)
    return owned, rented


def residence(a: Applicant) -> Scored:
    if a.derivation:  # records mode: each record rounded on its own
        return scored(*records.residence(a.derivation))
    owned, rented = residence_months(a)
    rule = _rule(a, "residence")
    owned_rate, rented_rate = _rate_of(rule["owned_points_per_month"]), _rate_of(rule["rented_points_per_month"])
    owned_points = times(owned_rate, owned)
    rented_points = times(rented_rate, rented)
    points = owned_points + rented_points
    declared = a.owned_months + a.rented_months
    if declared == 0:
        return _ZERO, "未填写自有住所或租赁住所月数：0分"
    parts = [
        f"自有住所{owned}个月 × {_rate(owned_rate)}分/月 = {show(owned_points)}分",
        f"租赁住所或单位宿舍{rented}个月 × {_rate(rented_rate)}分/月 = {show(rented_points)}分",
    ]
    detail = "；".join(parts) + f"；合计{show(points)}分（每段分别四舍五入到2位小数）"
    if declared > owned + rented:
        detail = (
            f"住所月数{declared}个月多于就业月数{a.si_months}个月，以就业月数为限并优先计自有住所，"
            f"{declared - owned - rented}个月不计分。"
        ) + detail
    # every declared month scored: what the 就业 months' limit took off
    return scored(points, detail, times(owned_rate, a.owned_months) + times(rented_rate, a.rented_months))


def _declared_deduction(a: Applicant, tier: dict) -> tuple[Decimal, str]:
    """The deduction line if the qualification is declared: (points <= 0, arithmetic)."""
    rule = _rule(a, "education_deduction")
    d_si, d_owned_rate, d_rented_rate = _deduction_rates(
        rule["si_points_per_month"], rule["owned_points_per_month"], rule["rented_points_per_month"]
    )
    window = tier["deduction_years"] * 12
    # A month deducts the residence points it actually scored: months whose housing fell
    # outside the employment cap scored none, so they deduct the insurance part only.
    owned_scored, rented_scored = residence_months(a)
    d_owned = min(a.deduction_owned_months, owned_scored)
    d_rented = min(a.deduction_rented_months, rented_scored)
    unscored = a.deduction_owned_months + a.deduction_rented_months - d_owned - d_rented
    # each month's rate spelled out ("7/24分" alone said nothing): 就业 plus the residence it scored
    si_text = _rate(d_si)
    owned_text = f"（就业{si_text}＋自有住所{show_number(rule['owned_points_per_month'])}）"
    rented_text = f"（就业{si_text}＋租赁{show_number(rule['rented_points_per_month'])}）"
    counts = (
        (d_owned, d_owned_rate, "社保且自有住所", owned_text),
        (d_rented, d_rented_rate, "社保且租赁住所或单位宿舍", rented_text),
        (a.deduction_si_only_months + unscored, d_si, "仅社保", ""),
    )
    used = [(months, rate, what, parts) for months, rate, what, parts in counts if months]
    if rule["window"] == "study_period":  # the 2016 rules: the actual study period
        intro = f"{show(Decimal(tier['points']))}分档扣除实际就读期间（入学至毕业）同时获得的就业、住所积分"
    else:
        intro = f"{show(Decimal(tier['points']))}分档往前扣{tier['deduction_years']}年（{window}个月）"
    if a.derivation:  # records mode: the counts are the window's 就业 months, by what their housing scored
        intro += records.deduction_note(a.derivation)
    if not used:
        return _ZERO, f"{intro}，期间未同时获得就业及住所积分，不扣减"
    exact_total = sum(
        (rate * months for months, rate, _, _ in used), Fraction(0)
    )  # Fraction first: int * Fraction takes a slow path
    points = -round2(exact_total)
    terms = " + ".join(f"{what}{months}个月 × {_rate(rate)}分{parts}" for months, rate, what, parts in used)
    note = f"（其中{unscored}个月的住所未计分，只扣社保分）" if unscored else ""
    return points, f"{intro}：{terms} = {show(-points)}分{note}"


class _Education(NamedTuple):
    """The qualification's points and its deduction as they would be if declared, and
    whether declaring is the better choice (the scored lines are 0 and 0 when it is not)."""

    points: Decimal  # the tier's points
    deduction: Decimal  # zero or negative
    tier_text: str  # "本科…：15分", the qualification as it would score
    deduction_text: str  # the deduction's arithmetic
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
    rule = _rule(a, "education")
    level = rule["levels"][a.education_level]["label"]
    if a.education_level == "college" or a.certificates == "both":
        tier_text = f"{tier['label']}：{show(points)}分"
    else:
        certificate = rule["certificates"][a.certificates]
        tier_text = (
            f"{level}，{certificate}：按低一档（{tier['label']}）计{show(points)}分"
            f"（{rule['single_certificate_note']}）"
        )
    deduction, deduction_text = _declared_deduction(a, tier)
    # Declared, the two lines net points + deduction; not declared, both are 0. A tie keeps
    # the qualification declared (the published lists show 243 such ties, all declared).
    return _Education(points, deduction, tier_text, deduction_text, points + deduction >= 0)


def education(a: Applicant) -> tuple[Decimal, str]:
    choice = _education_choice(a)
    if choice is None:
        level = _rule(a, "education")["levels"][a.education_level]["label"]
        return _ZERO, f"最高学历：{level}，不计分：0分"
    if choice.declared:
        return choice.points, choice.tier_text
    net = choice.points + choice.deduction
    return _ZERO, (
        f"{choice.tier_text}，但扣减{show(-choice.deduction)}分后净得{show(net)}分，"
        f"少于不申报学历（0分）：按不申报计0分。{_rule(a, 'education')['choice_note']}"
    )


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
    return choice.deduction, (
        f"{choice.deduction_text}，本项计{show(choice.deduction)}分；申报学历净得{show(net)}分，{compared}"
    )


def job_residence(a: Applicant) -> Scored:
    rule = _rule(a, "job_residence")
    note = f"。{rule['open_note']}" if "open_note" in rule else ""
    if a.live_and_work_months + a.live_only_months == 0:
        return _ZERO, "无城六区以外自有住所居住月数：0分" + note
    if not a.living_there_at_cutoff:
        cutoff = spans(a.application_year).cutoff
        return _ZERO, f"{cutoff.year}年12月未在该自有住所居住，不计分：0分" + note
    work_years, leftover = divmod(a.live_and_work_months, 12)
    live_years, unused = divmod(a.live_only_months + leftover, 12)
    live_points = live_years * rule["live_points_per_year"]
    live_cap = rule.get("live_cap")  # the 2016 rules cap the live-only part on its own
    capped_live = min(live_points, live_cap) if live_cap is not None else live_points
    raw = work_years * rule["live_and_work_points_per_year"] + capped_live
    points = Decimal(min(raw, rule["cap"]))
    parts = [
        f"居住并工作{a.live_and_work_months}个月，满{work_years}年 × {rule['live_and_work_points_per_year']}分"
        + (f"（剩余{leftover}个月并入只居住月数）" if leftover else ""),
        f"只居住{a.live_only_months + leftover}个月，满{live_years}年 × {rule['live_points_per_year']}分"
        + (f"（不足12个月的{unused}个月不计分）" if unused else ""),
    ]
    if capped_live < live_points:
        parts[-1] += f" = {live_points}分，超过只居住的上限{live_cap}分，按{live_cap}分计"
    detail = "；".join(parts) + f"；合计{raw}分"
    if raw > rule["cap"]:
        detail += f"，超过上限{rule['cap']}分，按{rule['cap']}分计"
    uncapped = Decimal(work_years * rule["live_and_work_points_per_year"] + live_points)
    return scored(points, detail + note, uncapped, rule["cap"])


def innovation(a: Applicant) -> Scored:
    rule = _rule(a, "innovation")
    cap = rule["cap"]
    note = f"。{rule['open_note']}"
    if a.innovation_type == "none":
        return _ZERO, f"无创新创业项目：0分{note}"
    kind = rule["types"][a.innovation_type]
    if a.innovation_type == "employment":  # the 2016 trial rules: years in a qualifying firm
        per, most = rule["employment_points_per_year"], rule["employment_cap"]
        raw = a.innovation_years * per
        points = min(raw, most, cap)
        over = f"，超过上限{most}分，按{most}分计" if raw > most else ""
        detail = f"{kind['label']}：{a.innovation_years}年 × {per}分 = {raw}分{over}{note}"
        return scored(Decimal(points), detail, Decimal(raw), min(most, cap))
    if a.innovation_type == "equity":
        points = 0
        for band in kind["bands"]:
            if a.financing_10k_yuan >= band["from"]:
                points = band["points"]
        lowest = kind["bands"][0]["from"]
        shown = show(Decimal(repr(a.financing_10k_yuan)))
        reason = f"不足{lowest}万元，不计分" if points == 0 else f"对应{points}分"
        detail = f"{kind['label']}：企业近3年股权现金融资{shown}万元，{reason}{note}"
        return scored(Decimal(min(points, cap)), detail, Decimal(points), cap)
    points = min(a.innovation_points, cap)
    return scored(Decimal(points), f"{kind['label']}：{points}分{note}", Decimal(a.innovation_points), cap)


def tax(a: Applicant) -> Scored:
    rule = _rule(a, "tax")
    first, last = a.application_year - rule["years"], a.application_year - 1
    if rule.get("formula") == "average":
        return _tax_average(a, rule, first, last)
    years = a.tax_qualifying_years
    raw = Decimal(years * rule["points_per_year"])
    points = min(raw, Decimal(rule["cap"]))
    detail = (
        f"{first}—{last}年中纳税{rule['threshold_10k_yuan']}万元及以上的有{years}年 × "
        f"{rule['points_per_year']}分 = {show(points)}分。{rule['open_note']}"
    )
    return scored(points, detail, raw, rule["cap"])


def _tax_average(a: Applicant, rule: dict, first: int, last: int) -> tuple[Decimal, str]:
    """The 2016 trial rules: a flat bonus for a 3-year average, and a deduction per tax violation."""
    bonus = rule["average_points"] if a.tax_average_qualifies else 0
    penalty = a.tax_violations * rule["violation_points"]
    points = Decimal(bonus + penalty)
    parts = [
        f"{first}—{last}年平均每年纳税{rule['threshold_10k_yuan']}万元及以上：" + (f"{bonus}分" if bonus else "否，0分")
    ]
    if a.tax_violations:
        parts.append(f"涉税违法行为记录{a.tax_violations}条 × {rule['violation_points']}分 = {penalty}分")
    return points, "；".join(parts) + f"；合计{show(points)}分。{rule['open_note']}"


def age(a: Applicant) -> tuple[Decimal, str]:
    rule = _rule(a, "age")
    on = spans(a.application_year).age_reference
    years = completed_years(a.birth_date, on)
    limit, full, lost = rule["full_points_until"], rule["full_points"], rule["points_lost_per_year"]
    head = f"出生日期{a.birth_date.isoformat()}，至{show_date(on)}为{years}周岁"
    if years <= limit:
        return Decimal(full), f"{head}，不超过{limit}周岁：{full}分"
    over = years - limit
    if lost >= full:  # the 2016 trial rules: nothing above the limit (每岁少{lost}分 >= all of it)
        return _ZERO, f"{head}，超过{limit}周岁：0分（{a.rule_set['title']}：超过{limit}周岁不加分）"
    points = max(0, full - over * lost)
    return Decimal(points), (
        f"{head}，超过{limit}周岁{over}岁，{full} − {over} × "
        f"{lost} = {points}分" + ("（最低0分）" if points == 0 else "")
    )


def honours(a: Applicant) -> tuple[Decimal, str]:
    points = _rule(a, "honours")["points"]
    if a.honours:
        return Decimal(points), f"获得规定的荣誉称号：{points}分（不累计）"
    return _ZERO, "无规定的荣誉称号：0分"


def law(a: Applicant) -> tuple[Decimal, str]:
    rule = _rule(a, "law")
    note = f"。{rule['open_note']}"
    per = rule["points_per_record"]
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
