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
   0.25 plus the residence rate that month scored under 3 (scored by the education unit,
   calculator/indicators/education.py, from the counts derived here, which give exactly that sum).
5. 职住: months from J in an owned `outer` home; live-and-work where that month
   is a 就业 month with `outer` work; living there at cut-off = an owned `outer`
   record covers C.

`apply()` puts the derived counts into the Applicant, so every scorer works unchanged;
only the 住所 line is scored record by record (`residence()`).
"""

from __future__ import annotations

from collections import namedtuple
from decimal import Decimal
from functools import cache, lru_cache

from .calendar import Month, month_index, show_month
from .params import for_year
from .periods import deduction_window_months, spans
from .rounding import as_json_number, show, times
from .rules import exact
from .trace import words


@cache
def rates_of(year: int) -> dict:
    """The 住所 rates of the year's rules: owned, and rental (rented or dormitory)."""
    residence = for_year(year)["indicators"]["residence"]
    return {"owned": exact(residence["owned_points_per_month"]), "rental": exact(residence["rented_points_per_month"])}


_KIND_TEXT = {"owned": "自有住所", "rented": "租赁住所", "dormitory": "单位宿舍", "inferred": "推算的租赁住所"}

# The records as read: months as integers, item `index` as given (for the error paths and details).
SIRecord = namedtuple("SIRecord", ["index", "first", "last", "normal", "outer"])
HousingRecord = namedtuple("HousingRecord", ["index", "first", "last", "kind", "outer"])

# Sets of months are bitmasks (ints): bit i is month E + i (Derivation.base), so a union is |, a
# count is bit_count(), and a batch allocates no set of month objects per applicant (records mode
# scored 2,750 applicants/s with sets).
#
# One line of the 住所 arithmetic: a record (index) or the inferred rental block (index None).
#   months: the months it counts (in E..C), a mask; count: how many; scored: how many of the
#   first ones score; scored_months: those, a mask
HousingLine = namedtuple("HousingLine", ["index", "kind", "months", "count", "scored", "scored_months", "points"])

Derivation = namedtuple(
    "Derivation",
    [
        "year",
        "base",  # E: bit 0 of every month mask
        "cutoff_month",
        "si_records",
        "housing_records",
        "graduation",
        "window_months",
        "window",  # the deduction window: its length, (first, last) or None
        "normal",
        "backpay_only",
        "outer_work",  # masks of months in E..C
        "run_first",
        "continuous_months",
        "backpay_months",  # rule 2 (run_first None: C is not covered)
        "housing_lines",
        "owned_months",
        "rented_months",  # rule 3
        "deduction_months",  # rule 4: (owned, rental, si_only) months in the window
        "live_and_work",
        "live_only",
        "living_there",  # rule 5: masks of months, bool
    ],
)


def _mask(first: int, last: int, low: int, high: int, base: int) -> int:
    """The months first..last within low..high, as a mask from `base`."""
    first, last = max(first, low), min(last, high)
    return ((1 << (last - first + 1)) - 1) << (first - base) if first <= last else 0


def _lowest(mask: int, count: int) -> int:
    """The first `count` months of a mask (a run of consecutive months at a time: records are runs)."""
    if count >= mask.bit_count():
        return mask
    out = 0
    while count:
        low = mask & -mask  # the lowest month left
        run = ((mask + low) & ~mask) - low  # its run of consecutive months
        length = run.bit_count()
        if length > count:
            return out | ((low << count) - low)  # the run's first `count` months
        out |= run
        mask ^= run
        count -= length
    return out


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
    base = first_month
    normal = covered = outer = 0
    for record in si_records:
        paid = _mask(record.first, record.last, first_month, last, base)
        covered |= paid
        if record.normal:
            normal |= paid
            if record.outer:
                outer |= paid

    run_first = None
    top = last - base
    if top >= 0 and covered >> top & 1:  # the run of covered months that ends at C
        gaps = ~covered & ((1 << (top + 1)) - 1)
        run_first = base + gaps.bit_length()  # the month after the last uncovered one
    run = _mask(run_first, last, first_month, last, base) if run_first is not None else 0
    backpay_in_run = (run & ~normal).bit_count()

    owned = sorted((r for r in housing_records if r.kind == "owned"), key=lambda r: (r.first, r.index))
    others = sorted((r for r in housing_records if r.kind != "owned"), key=lambda r: (r.first, r.index))
    owned_set = 0
    for record in owned:
        owned_set |= _mask(record.first, record.last, first_month, last, base)
    inferred = normal & _mask(first_month, declared_from - 1, first_month, last, base) & ~owned_set
    entries = [(r.index, "owned", _mask(r.first, r.last, first_month, last, base)) for r in owned]
    if inferred:
        entries.append((None, "inferred", inferred))
    entries += [(r.index, r.kind, _mask(r.first, r.last, first_month, last, base)) for r in others]
    remaining = normal.bit_count()
    lines = []
    rented_months = 0
    for index, kind, months in entries:
        count = months.bit_count()
        scored = min(count, remaining)
        remaining -= scored
        rate = "owned" if kind == "owned" else "rental"
        lines.append(
            HousingLine(index, kind, months, count, scored, _lowest(months, scored), times(rates[rate], scored))
        )
        if kind != "owned":
            rented_months += count

    deduction = [0, 0, 0]
    window_span = None
    if window and graduation is not None:
        window_span = (graduation - window + 1, graduation)
        worked = normal & _mask(window_span[0], graduation, first_month, last, base)
        # a window month deducts the rate its housing scored (a later line wins where two did)
        owned_rate = rental_rate = 0
        for line in lines:
            if line.kind == "owned":
                owned_rate |= line.scored_months
                rental_rate &= ~line.scored_months
            else:
                rental_rate |= line.scored_months
                owned_rate &= ~line.scored_months
        deduction = [
            (worked & owned_rate).bit_count(),
            (worked & rental_rate).bit_count(),
            (worked & ~owned_rate & ~rental_rate).bit_count(),
        ]

    live = 0
    living = False
    for record in owned:
        if record.outer:
            live |= _mask(record.first, record.last, job_from, last, base)
            living = living or record.first <= last <= record.last
    live_and_work = live & outer

    return Derivation(
        year=year,
        base=base,
        cutoff_month=last,
        si_records=tuple(si_records),
        housing_records=tuple(housing_records),
        graduation=graduation,
        window_months=window,
        window=window_span,
        normal=normal,
        backpay_only=covered & ~normal,
        outer_work=outer,
        run_first=run_first,
        continuous_months=run.bit_count(),
        backpay_months=backpay_in_run,
        housing_lines=tuple(lines),
        owned_months=owned_set.bit_count(),
        rented_months=rented_months,
        deduction_months=tuple(deduction),
        live_and_work=live_and_work,
        live_only=live & ~live_and_work,
        living_there=living,
    )


def _counts(d: Derivation) -> dict:
    """The Applicant's count fields, as derived."""
    owned, rental, si_only = d.deduction_months
    return {
        "si_months": d.normal.bit_count(),
        "si_continuous_months": d.continuous_months,
        "si_backpay_months": d.backpay_months,
        "owned_months": d.owned_months,
        "rented_months": d.rented_months,
        "deduction_owned_months": owned,
        "deduction_rented_months": rental,
        "deduction_si_only_months": si_only,
        "live_and_work_months": d.live_and_work.bit_count(),
        "live_only_months": d.live_only.bit_count(),
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
@lru_cache(maxsize=4096)  # a batch names the same periods again and again
def _period(first: int, last: int) -> str:
    return f"{show_month(first)}至{show_month(last)}"


def _record_of(line: HousingLine, d: Derivation) -> HousingRecord:
    """The housing record a 住所 line scores (not the inferred block's: it has none); records keep
    their input order."""
    return d.housing_records[line.index]


def _record_name(line: HousingLine, d: Derivation) -> tuple:
    """The step that names a 住所 line: its record (kind, number, months) or the inferred block."""
    if line.index is None:
        span = spans(d.year)
        first, last = Month(span.employment_from), Month(span.rental_declared_from - 1)
        return ("records.inferred", _KIND_TEXT["inferred"], first, last)
    record = _record_of(line, d)
    return ("records.record", _KIND_TEXT[line.kind], line.index + 1, Month(record.first), Month(record.last))


_RATE_PATHS = {
    "owned": "indicators.residence.owned_points_per_month",
    "rental": "indicators.residence.rented_points_per_month",
}

# The words of records mode's 住所 steps (calculator/trace.py renders them; the residence unit
# registers them with its own)
RESIDENCE_WORDS = {
    "records.no_housing": words("没有住房记录，也没有可推算的租赁月份：0分"),
    "records.limited": words(
        "住所月数{declared}个月多于就业月数{months}个月，以就业月数为限，按自有住所、推算的租赁、"
        "登记的租赁和宿舍的顺序计分，{unscored}个月不计分。",
        "declared",
        "months",
        "unscored",
    ),
    # a line's name: its record, or the block of rental months inferred before declaring began
    # (their words kept: a batch names the same records' periods again and again)
    "records.record": words("{kind}（第{record}条，{first}至{last}）", "kind", "record", "first", "last", keep=4096),
    "records.inferred": words("{kind}（{first}至{last}有就业、无自有住所的月份）", "kind", "first", "last", keep=64),
    "records.plan": words("：从计算截止月{cutoff}以后开始，这一年度不计分，以后各年度的推算中计入", "cutoff"),
    "records.outside": words("：不在{start}至计算截止月之间，不计分", "start"),
    # a record's months × its kind's rate: the owned rate, or the rental one (rented, dormitory, inferred)
    **{
        f"records.{kind}_line": words("{months}个月 × {rate}分 = {points}分", "months", "rate", "points", rate=path)
        for kind, path in _RATE_PATHS.items()
    },
    **{
        f"records.{kind}_line_limited": words(
            "{months}个月，就业月数用完，只计前{scored}个月 × {rate}分 = {points}分",
            *("months", "scored", "rate", "points"),
            rate=path,
        )
        for kind, path in _RATE_PATHS.items()
    },
    # which social-insurance records gave the 就业 months (the employment line), the deduction window
    "records.si_none": words("。没有社保缴纳记录"),
    "records.si_from": words("。由社保缴纳记录得出："),
    "records.si_normal": words(
        "第{record}条（{first}至{last}，正常缴纳）{months}个月", "record", "first", "last", "months"
    ),
    "records.si_backpay": words(
        "第{record}条（{first}至{last}，补缴，不计）{months}个月", "record", "first", "last", "months"
    ),
    "records.deduction_window": words("；扣减期{first}至{last}", "first", "last", keep=1024),
    "records.total": words("；合计{points}分（每条记录分别四舍五入到2位小数）", "points"),
}


def residence(d: Derivation) -> tuple[Decimal, tuple, Decimal]:
    """The 住所 line: each record's months × its rate, rounded on its own, then summed (its trace);
    and the points if every month counted had scored (more where the 就业 months capped them)."""
    if not d.housing_lines:
        return Decimal(0), (("records.no_housing",),), Decimal(0)
    rates = rates_of(d.year)
    steps: list[tuple] = []
    for line in d.housing_lines:
        if steps:
            steps.append(("then",))
        kind = "owned" if line.kind == "owned" else "rental"
        rate = rates[kind]
        steps.append(_record_name(line, d))
        record = None if line.index is None else _record_of(line, d)
        if not line.count and record is not None and record.first > d.cutoff_month:  # a plan (CONTRACT 2b)
            steps.append(("records.plan", Month(d.cutoff_month)))
        elif not line.count:
            steps.append(("records.outside", Month(spans(d.year).employment_from)))
        elif line.scored == line.count:
            steps.append((f"records.{kind}_line", line.scored, rate, line.points))
        else:
            steps.append((f"records.{kind}_line_limited", line.count, line.scored, rate, line.points))
    points = sum((line.points for line in d.housing_lines), Decimal(0))
    steps.append(("records.total", points))
    declared = sum(line.count for line in d.housing_lines)
    scored = sum(line.scored for line in d.housing_lines)
    if declared > scored:
        steps.insert(0, ("records.limited", declared, d.normal.bit_count(), declared - scored))
    uncapped = sum(
        (times(rates["owned" if line.kind == "owned" else "rental"], line.count) for line in d.housing_lines),
        Decimal(0),
    )
    return points, tuple(steps), uncapped


def employment_note(d: Derivation) -> tuple:
    """The steps saying which records the 就业 months came from (a month two records cover counts once)."""
    if not d.si_records:
        return (("records.si_none",),)
    counted = 0
    steps: list[tuple] = [("records.si_from",)]
    for record in sorted(d.si_records, key=lambda r: (r.first, r.index)):
        months = _mask(record.first, record.last, d.base, d.cutoff_month, d.base)
        if len(steps) > 1:
            steps.append(("then",))
        period = (record.index + 1, Month(record.first), Month(record.last))
        if record.normal:
            steps.append(("records.si_normal", *period, (months & ~counted).bit_count()))
            counted |= months
        else:
            steps.append(("records.si_backpay", *period, 0))
    return tuple(steps)


def deduction_note(d: Derivation) -> tuple:
    """The deduction window's step (none without a window)."""
    return () if d.window is None else (("records.deduction_window", Month(d.window[0]), Month(d.window[1])),)


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


@lru_cache(maxsize=4096)  # a batch shows the same few hundred months
def _ym(month: int) -> str:
    year, month0 = divmod(month, 12)
    return f"{year:04d}-{month0 + 1:02d}"


def _ranges(mask: int, base: int) -> list[list[str]]:
    """A mask's months as [first, last] runs of consecutive months, "YYYY-MM"."""
    out: list[list[str]] = []
    offset = 0
    while mask:
        skip = (mask & -mask).bit_length() - 1  # zeros before the next run
        mask >>= skip
        offset += skip
        length = (~mask & (mask + 1)).bit_length() - 1  # ones in the run
        out.append([_ym(base + offset), _ym(base + offset + length - 1)])
        mask >>= length
        offset += length
    return out


_SI_KIND_TEXT = {True: "正常缴纳", False: "补缴"}


def _timeline_text(d: Derivation) -> dict:
    """The timeline's words (the page lays them out: timeline-model.js): its title, a sentence per
    social-insurance record (in the input's order), on the continuous run, per 住所 line (in the
    order of `housing`) and on the deduction window, and the labels of its two date markers."""
    span = spans(d.year)
    records_text = []
    for record in d.si_records:
        inside = _mask(record.first, record.last, d.base, d.cutoff_month, d.base).bit_count()
        what = f"{inside}个月在就业计算期内" if record.normal else f"{inside}个月只算连续缴纳，不计分"
        records_text.append(
            f"社保缴纳记录第{record.index + 1}条（{_SI_KIND_TEXT[record.normal]}）：{_period(record.first, record.last)}，{what}"
        )
    continuity = None
    if d.run_first is not None:
        continuity = f"连续缴纳：{_period(d.run_first, d.cutoff_month)}，{d.continuous_months}个月，其中补缴{d.backpay_months}个月"
    housing = []
    for line in d.housing_lines:
        if line.index is None:  # the inferred block: from its first month to its last
            first, last = d.base + (line.months & -line.months).bit_length() - 1, d.base + line.months.bit_length() - 1
            name = _KIND_TEXT["inferred"]
        else:
            record = _record_of(line, d)
            first, last = record.first, record.last
            name = f"住房记录第{line.index + 1}条（{_KIND_TEXT[line.kind]}）"
        text = f"{name}：{_period(first, last)}，计分{line.scored}个月，{show(line.points)}分"
        if line.count > line.scored:
            text += f"；{line.count - line.scored}个月超出就业月数，不计分"
        housing.append(text)
    window = None
    if d.window is not None:
        deducted = (d.normal & _mask(d.window[0], d.window[1], d.base, d.cutoff_month, d.base)).bit_count()
        window = (
            f"教育背景扣减期：{_period(*d.window)}（{d.window[1] - d.window[0] + 1}个月，到毕业年月为止），"
            f"其中{deducted}个月有就业积分，要扣减"
        )
    return {
        "title": f"你的社保、住房和学历记录（计算截止{show_month(d.cutoff_month)}）",
        "social_insurance": records_text,
        "continuity": continuity,
        "housing": housing,
        "deduction_window": window,
        "employment_from": f"就业月数从{show_month(span.employment_from)}起算",
        "rental_declared_from": f"{show_month(span.rental_declared_from)}起租赁住所须登记，之前的按就业月数推算",
    }


def derivation(d: Derivation) -> dict:
    """What each record counted and scored, as month ranges, and the timeline's words (`text`)."""
    return {
        "text": _timeline_text(d),
        "cutoff_month": _ym(d.cutoff_month),
        "employment_from": _ym(spans(d.year).employment_from),
        "rental_declared_from": _ym(spans(d.year).rental_declared_from),  # 2017-01 under the 2016 rules
        "social_insurance": {
            "normal": _ranges(d.normal, d.base),
            "backpay": _ranges(d.backpay_only, d.base),
            "outer_work": _ranges(d.outer_work, d.base),
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
                "months": line.count,
                "scored_months": line.scored,
                "points": as_json_number(line.points),
                "scored": _ranges(line.scored_months, d.base),
                "capped": _ranges(line.months & ~line.scored_months, d.base),
            }
            for line in d.housing_lines
        ],
        "deduction_window": None
        if d.window is None
        else {"from": _ym(d.window[0]), "to": _ym(d.window[1]), "months": d.window[1] - d.window[0] + 1},
        "job_residence": {
            "live_and_work": _ranges(d.live_and_work, d.base),
            "live_only": _ranges(d.live_only, d.base),
            "living_there_at_cutoff": d.living_there,
        },
    }
