"""Records mode (CONTRACT.md 2b): dated records in, the section-2 month counts out.

Months are integers (calendar.month_index), so a period is a range. E = the first
employment month (1998-07), C = the cut-off month (Dec of Y−1), R = the first month
a rental must be declared (2020-08; 2017-01 under the 2016 rules), J = the first
职住 month (2018-01; 2017-01 under the 2016 rules), all from the year's rules. The five rules:

1. 就业 months: months in E..C covered by a `normal` social-insurance record.
2. Continuity: the run of consecutive months covered by any record that ends at C,
   and the months in it that only a `backpay` record covers.
3. 住所, record by record: each owned record in date order, then the inferred rental
   block (就业 months in E..R−1 without an owned record), then each rented or
   dormitory record in date order. The 就业 months cap them in that order (a record
   keeps its first months); each scores its months × its rate rounded on its own.
4. Education deduction: each 就业 month of the window ending at graduation (under the
   2016 rules the study period itself, from `education.study_from`) deducts
   0.25 plus the residence rate that month scored under 3 (scored by indicators.py
   from the counts derived here, which give exactly that sum).
5. 职住: months from J in an owned `outer` home; live-and-work where that month
   is a 就业 month with `outer` work; living there at cut-off = an owned `outer`
   record covers C.

`apply()` puts the derived counts into the Applicant, so every scorer works unchanged;
only the 住所 line is scored record by record (`residence()`).
"""

from __future__ import annotations

from collections import namedtuple
from decimal import Decimal
from functools import cache

from .calendar import month_index, show_month
from .params import for_year
from .periods import deduction_window_months, spans
from .rounding import as_json_number, show, times
from .rules import exact, show_number


@cache
def rates_of(year: int) -> dict:
    """The 住所 rates of the year's rules: owned, and rental (rented or dormitory)."""
    residence = for_year(year)["indicators"]["residence"]
    return {"owned": exact(residence["owned_points_per_month"]), "rental": exact(residence["rented_points_per_month"])}


_KIND_TEXT = {"owned": "自有住所", "rented": "租赁住所", "dormitory": "单位宿舍", "inferred": "推算的租赁住所"}

# The records as read: months as integers, item `index` as given (for the error paths and details).
SIRecord = namedtuple("SIRecord", ["index", "first", "last", "normal", "outer"])
HousingRecord = namedtuple("HousingRecord", ["index", "first", "last", "kind", "outer"])

# One line of the 住所 arithmetic: a record (index) or the inferred rental block (index None).
#   months: the months it counts (in E..C), in order; scored: how many of the first ones score
HousingLine = namedtuple("HousingLine", ["index", "kind", "months", "scored", "points"])

Derivation = namedtuple(
    "Derivation",
    [
        "year",
        "cutoff_month",
        "si_records",
        "housing_records",
        "graduation",
        "window_months",
        "window",  # the deduction window: its length, (first, last) or None
        "normal",
        "backpay_only",
        "outer_work",  # sets of months in E..C
        "run_first",
        "continuous_months",
        "backpay_months",  # rule 2 (run_first None: C is not covered)
        "housing_lines",
        "owned_months",
        "rented_months",  # rule 3
        "deduction_months",  # rule 4: (owned, rental, si_only) months in the window
        "live_and_work",
        "live_only",
        "living_there",  # rule 5: sets of months, bool
    ],
)


def _span(first: int, last: int, low: int, high: int) -> range:
    return range(max(first, low), min(last, high) + 1)


def derive(si_records, housing_records, year: int, window: int, graduation: int | None) -> Derivation:
    """The five rules for application year `year`; `window`: the deduction window in months (0: none)."""
    span = spans(year)
    cutoff, first_month, declared_from, job_from = (
        span.cutoff,
        span.employment_from,
        span.rental_declared_from,
        span.job_residence_from,
    )
    rates = rates_of(year)
    last = month_index(cutoff.year, cutoff.month)
    normal: set[int] = set()
    covered: set[int] = set()
    outer: set[int] = set()
    for record in si_records:
        paid = _span(record.first, record.last, first_month, last)
        covered.update(paid)
        if record.normal:
            normal.update(paid)
            if record.outer:
                outer.update(paid)

    run_first = None
    if last in covered:
        run_first = last
        while run_first - 1 in covered:
            run_first -= 1
    run = range(run_first, last + 1) if run_first is not None else range(0)
    backpay_in_run = sum(1 for month in run if month not in normal)

    owned = sorted((r for r in housing_records if r.kind == "owned"), key=lambda r: (r.first, r.index))
    others = sorted((r for r in housing_records if r.kind != "owned"), key=lambda r: (r.first, r.index))
    owned_set: set[int] = set()
    for record in owned:
        owned_set.update(_span(record.first, record.last, first_month, last))
    inferred = tuple(sorted(normal.intersection(range(first_month, min(declared_from - 1, last) + 1)) - owned_set))
    entries = [(r.index, "owned", tuple(_span(r.first, r.last, first_month, last))) for r in owned]
    if inferred:
        entries.append((None, "inferred", inferred))
    entries += [(r.index, r.kind, tuple(_span(r.first, r.last, first_month, last))) for r in others]
    remaining = len(normal)
    lines, scored_as = [], {}
    for index, kind, months in entries:
        scored = min(len(months), remaining)
        remaining -= scored
        rate = "owned" if kind == "owned" else "rental"
        for month in months[:scored]:
            scored_as[month] = rate
        lines.append(HousingLine(index, kind, months, scored, times(rates[rate], scored)))

    deduction = [0, 0, 0]
    window_span = None
    if window and graduation is not None:
        window_span = (graduation - window + 1, graduation)
        for month in range(window_span[0], graduation + 1):
            if month in normal:
                deduction[("owned", "rental", None).index(scored_as.get(month))] += 1

    live: set[int] = set()
    living = False
    for record in owned:
        if record.outer:
            live.update(_span(record.first, record.last, job_from, last))
            living = living or record.first <= last <= record.last
    live_and_work = live & outer

    return Derivation(
        year=year,
        cutoff_month=last,
        si_records=tuple(si_records),
        housing_records=tuple(housing_records),
        graduation=graduation,
        window_months=window,
        window=window_span,
        normal=normal,
        backpay_only=covered - normal,
        outer_work=outer,
        run_first=run_first,
        continuous_months=len(run),
        backpay_months=backpay_in_run,
        housing_lines=tuple(lines),
        owned_months=len(owned_set),
        rented_months=len(inferred)
        + sum(len(months) for _, kind, months in entries if kind not in ("owned", "inferred")),
        deduction_months=tuple(deduction),
        live_and_work=live_and_work,
        live_only=live - live_and_work,
        living_there=living,
    )


def _counts(d: Derivation) -> dict:
    """The Applicant's count fields, as derived."""
    owned, rental, si_only = d.deduction_months
    return {
        "si_months": len(d.normal),
        "si_continuous_months": d.continuous_months,
        "si_backpay_months": d.backpay_months,
        "owned_months": d.owned_months,
        "rented_months": d.rented_months,
        "deduction_owned_months": owned,
        "deduction_rented_months": rental,
        "deduction_si_only_months": si_only,
        "live_and_work_months": len(d.live_and_work),
        "live_only_months": len(d.live_only),
        "living_there_at_cutoff": d.living_there,
    }


def apply(applicant, found: dict, graduation: int | None):
    """The validated Applicant (its counts still zero) with the counts that `found` (the read records) give."""
    si = [
        SIRecord(index, item["from"], item["to"], item["kind"] == "normal", item["work_district"] == "outer")
        for index, item in enumerate(found["social_insurance"])
    ]
    housing = [
        HousingRecord(index, item["from"], item["to"], item["kind"], item.get("district") == "outer")
        for index, item in enumerate(found["housing"])
    ]
    window = deduction_window_months(applicant.education_level, applicant.certificates)
    if window and spans(applicant.application_year).deduction_window == "study_period":
        # the 2016 rules: the study period itself (validation makes sure it does not run backwards)
        study_from = applicant.study_from
        window = graduation - study_from + 1 if None not in (graduation, study_from) else 0
    d = derive(si, housing, applicant.application_year, window, graduation)
    return applicant._replace(graduation=graduation, derivation=d, **_counts(d))


# ---------------------------------------------------------------- 住所, record by record
def _period(first: int, last: int) -> str:
    return f"{show_month(first)}至{show_month(last)}"


def _record_name(line: HousingLine, d: Derivation) -> str:
    if line.index is None:
        span = spans(d.year)
        return (
            f"{_KIND_TEXT['inferred']}（{_period(span.employment_from, span.rental_declared_from - 1)}"
            "有就业、无自有住所的月份）"
        )
    record = next(r for r in d.housing_records if r.index == line.index)
    return f"{_KIND_TEXT[line.kind]}（第{line.index + 1}条，{_period(record.first, record.last)}）"


def residence(d: Derivation) -> tuple[Decimal, str, Decimal]:
    """The 住所 line: each record's months × its rate, rounded on its own, then summed; and the
    points if every month counted had scored (more where the 就业 months capped them)."""
    if not d.housing_lines:
        return Decimal(0), "没有住房记录，也没有可推算的租赁月份：0分", Decimal(0)
    parts = []
    for line in d.housing_lines:
        rate = show_number(rates_of(d.year)["owned" if line.kind == "owned" else "rental"])
        name = _record_name(line, d)
        record = next((r for r in d.housing_records if r.index == line.index), None)
        if not line.months and record is not None and record.first > d.cutoff_month:  # a plan (CONTRACT 2b)
            parts.append(
                f"{name}：从计算截止月{show_month(d.cutoff_month)}以后开始，这一年度不计分，以后各年度的推算中计入"
            )
        elif not line.months:
            parts.append(f"{name}：不在{show_month(spans(d.year).employment_from)}至计算截止月之间，不计分")
        elif line.scored == len(line.months):
            parts.append(f"{name}{line.scored}个月 × {rate}分 = {show(line.points)}分")
        else:
            parts.append(
                f"{name}{len(line.months)}个月，就业月数用完，只计前{line.scored}个月 × {rate}分 = {show(line.points)}分"
            )
    points = sum((line.points for line in d.housing_lines), Decimal(0))
    detail = "；".join(parts) + f"；合计{show(points)}分（每条记录分别四舍五入到2位小数）"
    declared = sum(len(line.months) for line in d.housing_lines)
    scored = sum(line.scored for line in d.housing_lines)
    if declared > scored:
        detail = (
            f"住所月数{declared}个月多于就业月数{len(d.normal)}个月，以就业月数为限，按自有住所、推算的租赁、"
            f"登记的租赁和宿舍的顺序计分，{declared - scored}个月不计分。"
        ) + detail
    uncapped = sum(
        (
            times(rates_of(d.year)["owned" if line.kind == "owned" else "rental"], len(line.months))
            for line in d.housing_lines
        ),
        Decimal(0),
    )
    return points, detail, uncapped


def employment_note(d: Derivation) -> str:
    """Which records the 就业 months came from (a month two records cover counts once)."""
    counted: set[int] = set()
    parts = []
    for record in sorted(d.si_records, key=lambda r: (r.first, r.index)):
        months = set(_span(record.first, record.last, spans(d.year).employment_from, d.cutoff_month))
        kind = "正常缴纳" if record.normal else "补缴，不计"
        new = len(months - counted) if record.normal else 0
        if record.normal:
            counted |= months
        parts.append(f"第{record.index + 1}条（{_period(record.first, record.last)}，{kind}）{new}个月")
    return "。由社保缴纳记录得出：" + "；".join(parts) if parts else "。没有社保缴纳记录"


def deduction_note(d: Derivation) -> str:
    if d.window is None:
        return ""
    return f"；扣减期{_period(*d.window)}"


# ---------------------------------------------------------------- the result's `derived` and `derivation`
def derived(d: Derivation) -> dict:
    """The section-2 counts the records gave: replayed in counts mode they give the same result,
    but for the rounding of 住所 (per record here)."""
    counts = _counts(d)
    return {
        "social_insurance": {
            "months": counts["si_months"],
            "continuous_months": counts["si_continuous_months"],
            "backpay_months": counts["si_backpay_months"],
        },
        "housing": {"owned_months": counts["owned_months"], "rented_months": counts["rented_months"]},
        "education": {
            "deduction_owned_months": counts["deduction_owned_months"],
            "deduction_rented_months": counts["deduction_rented_months"],
            "deduction_si_only_months": counts["deduction_si_only_months"],
        },
        "job_residence": {
            "live_and_work_months": counts["live_and_work_months"],
            "live_only_months": counts["live_only_months"],
            "living_there_at_cutoff": counts["living_there_at_cutoff"],
        },
    }


def _ym(month: int) -> str:
    year, month0 = divmod(month, 12)
    return f"{year:04d}-{month0 + 1:02d}"


def _ranges(months) -> list[list[str]]:
    """Months as [first, last] runs of consecutive months, "YYYY-MM"."""
    runs: list[list[int]] = []
    for month in sorted(months):
        if runs and runs[-1][1] == month - 1:
            runs[-1][1] = month
        else:
            runs.append([month, month])
    return [[_ym(first), _ym(last)] for first, last in runs]


def derivation(d: Derivation) -> dict:
    """What each record counted and scored, as month ranges (for the page's timeline)."""
    return {
        "cutoff_month": _ym(d.cutoff_month),
        "employment_from": _ym(spans(d.year).employment_from),
        "rental_declared_from": _ym(spans(d.year).rental_declared_from),  # 2017-01 under the 2016 rules
        "social_insurance": {
            "normal": _ranges(d.normal),
            "backpay": _ranges(d.backpay_only),
            "outer_work": _ranges(d.outer_work),
        },
        "continuity": {
            "from": None if d.run_first is None else _ym(d.run_first),
            "to": _ym(d.cutoff_month),
            "months": d.continuous_months,
            "backpay_months": d.backpay_months,
        },
        "housing": [
            {
                "record": line.index,
                "kind": line.kind,
                "months": len(line.months),
                "scored_months": line.scored,
                "points": as_json_number(line.points),
                "scored": _ranges(line.months[: line.scored]),
                "capped": _ranges(line.months[line.scored :]),
            }
            for line in d.housing_lines
        ],
        "deduction_window": None
        if d.window is None
        else {"from": _ym(d.window[0]), "to": _ym(d.window[1]), "months": d.window[1] - d.window[0] + 1},
        "job_residence": {
            "live_and_work": _ranges(d.live_and_work),
            "live_only": _ranges(d.live_only),
            "living_there_at_cutoff": d.living_there,
        },
    }
