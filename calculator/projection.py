"""Which year could I settle: the same applicant in later rounds, against an estimated cut-off.

For each application year after Y the applicant's input is carried forward ("life goes on
as at the cut-off"), validated and scored by the same code as any input, so a row's total
is exactly what `python -m calculator score` gives for the row's `input`:

- records mode (CONTRACT 2b): every record that covers the cut-off month continues to the
  new cut-off (a housing record stops the month before a later housing record starts);
- month-count mode: 12 more months a year of insurance, of the same housing and of the
  same job-residence situation (the assumptions are returned in words, for the page).

The cut-off range of a year comes from every known year of the history (`CutoffBand`). A year is
"likely" when the applicant is eligible and scores at least the middle of that year's range,
"possible" from its low end. This module is the one home of the year-to-year step; advice.py's next-year estimate
is this module's first row.
"""

from __future__ import annotations

from decimal import Decimal

from .calendar import month_index, parse_year_month, show_month
from .eligibility import assess
from .history import Cutoff, cutoffs, describe
from .indicators import SCORERS
from .params import rule_set
from .periods import spans
from .rounding import as_json_number, show
from .rules import INDICATORS, RULES
from .schema import fit_rule_set
from .validation import Applicant, check, line

_LAST_YEAR = RULES["application_years"]["last"]
_AGE = INDICATORS["age"]
# Rows shown: from Y+1 to Y+HORIZON, fewer where the rules' last year or the retirement age comes first.
HORIZON = 10


# ---------------------------------------------------------------- the cut-off range
class CutoffBand:
    """The estimated range of a year's lowest admitted score, from every known year (CONTRACT 4b).

    Method: the smallest and the largest rise between two consecutive known years under the same
    rules; from the latest known year, whatever its status, each later year adds the smallest rise
    to the low end and the largest to the high end, so the range widens the further it looks. A
    known year is its own value, called unverified when it is. (Simple and visible on purpose:
    with six to eight points, a fitted curve would claim more than the data knows.)
    """

    def __init__(self, years: tuple[Cutoff, ...] | list[Cutoff]):
        known = sorted(years)
        self.known = {c.year: c for c in known}
        self.steps = [
            (b.score - a.score, a.year, b.year)
            for a, b in zip(known, known[1:])
            if b.year == a.year + 1 and a.rules == b.rules
        ]
        if not self.steps:
            raise ValueError("history: need two consecutive years under the same rules")
        self.low_step = min(self.steps)
        self.high_step = max(self.steps)
        self.base = known[-1]
        self.years = known

    def range(self, year: int) -> tuple[Decimal, Decimal, str] | None:
        """(low, high, "verified" | "unverified" | "estimate"), or None before the first known year."""
        if year in self.known:
            cutoff = self.known[year]
            return cutoff.score, cutoff.score, "verified" if cutoff.verified else "unverified"
        if year < self.base.year:
            return None
        ahead = year - self.base.year
        return self.base.score + ahead * self.low_step[0], self.base.score + ahead * self.high_step[0], "estimate"

    def method(self) -> str:
        (low, low_from, low_to), (high, high_from, high_to) = self.low_step, self.high_step
        years = "、".join(f"{c.year}" + ("" if c.verified else "（非官方数字，未核实）") for c in self.years)
        base = self.base
        return (
            f"分数线区间用本站已知的各年最低分估算（{years}年）：同一套规则下相邻两年最低分的涨幅，"
            f"最小{show(low)}分（{low_from}→{low_to}年），最大{show(high)}分（{high_from}→{high_to}年）。"
            f"从已知的最近一年{base.year}年的{show(base.score)}分"
            f"{'' if base.verified else '（非官方数字，未核实）'}起，每往后一年，下限加{show(low)}分，"
            f"上限加{show(high)}分，越往后区间越宽。实际分数线由当年申报者的分数决定，可能落在区间之外。"
        )

    def basis(self) -> list[dict]:
        return [describe(c) for c in self.years]


# Read at import, like the rules: the browser may start the engine from a memory snapshot
# taken after the imports, where the wheel's files are no longer there to read.
_BAND = CutoffBand(cutoffs())


def band() -> CutoffBand:
    return _BAND


# ---------------------------------------------------------------- one year later, and the next
def _copy(value):
    """A copy of JSON-like input (much faster than copy.deepcopy, which the browser pays for every row)."""
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


def _cutoff_month(year: int) -> int:
    cutoff = spans(year).cutoff
    return month_index(cutoff.year, cutoff.month)


def _month_text(index: int) -> str:
    year, month0 = divmod(index, 12)
    return f"{year:04d}-{month0 + 1:02d}"


def _continuing(records: list, cutoff: int) -> list[int]:
    """Indexes of the records that cover the cut-off month."""
    return [i for i, r in enumerate(records) if parse_year_month(r["from"]) <= cutoff <= parse_year_month(r["to"])]


def _records_later(data: dict, year: int, later_year: int) -> dict:
    later = _copy(data)
    later["application_year"] = later_year
    cutoff, new_cutoff = _cutoff_month(year), _cutoff_month(later_year)
    records = later.get("records", {})
    for kind, entries in records.items():
        for i in _continuing(entries, cutoff):
            end = new_cutoff
            if kind == "housing":  # one housing type a month: stop before a later housing record
                starts = [parse_year_month(r["from"]) for j, r in enumerate(entries) if j != i]
                end = min([end] + [s - 1 for s in starts if s > cutoff])
            if end > parse_year_month(entries[i]["to"]):
                entries[i]["to"] = _month_text(end)
    return later


def _records_assumptions(data: dict, year: int) -> list[str]:
    # `year` is the validated application year (the raw input may say 2024.0)
    cutoff = _cutoff_month(year)
    records = data.get("records", {})
    names = {"social_insurance": "社会保险", "housing": "住所"}

    def name(kind: str, i: int, entries: list) -> str:
        return f"{names.get(kind, kind)}记录第{i + 1}条（{show_month(parse_year_month(entries[i]['from']))}起）"

    going = [name(kind, i, entries) for kind, entries in records.items() for i in _continuing(entries, cutoff)]
    # a plan (CONTRACT 2b): a record that starts after the cut-off counts as written in the years it reaches
    planned = [
        name(kind, i, entries)
        for kind, entries in records.items()
        for i, record in enumerate(entries)
        if parse_year_month(record["from"]) > cutoff
    ]
    lines = []
    if going:
        lines.append(f"截至{show_month(cutoff)}仍在继续的{'、'.join(going)}，按同样情况延续到各年度的截止月份")
    elif not planned:
        lines.append(f"没有记录延续到{show_month(cutoff)}：以后各年度不再增加社保或住所月数")
    if planned:
        lines.append(f"{show_month(cutoff)}以后才开始的{'、'.join(planned)}，按填写的起止年月计入以后各年度")
    lines.append("已结束的记录和其他情况不变；年龄按各年度重新计算")
    return lines


def _counts_later(data: dict, a: Applicant, years: int) -> dict:
    """Month-count mode: `years` more years of insurance, of the same housing and job-residence."""
    add = 12 * years
    housing, job = _count_habits(a)
    later = _copy(data)
    later["application_year"] = a.application_year + years
    si = later["social_insurance"]
    si["months"] = a.si_months + add
    si["continuous_months"] = a.si_continuous_months + add
    if housing:
        later.setdefault("housing", {})[f"{housing}_months"] = getattr(a, f"{housing}_months") + add
    if job:
        field = "live_and_work_months" if job == "work" else "live_only_months"
        later.setdefault("job_residence", {})[field] = getattr(a, field) + add
    return later


def _count_habits(a: Applicant) -> tuple[str | None, str | None]:
    """Which housing and which job-residence situation goes on (month-count mode cannot know
    the order of the months: owned housing is taken to continue if there is any)."""
    housing = "owned" if a.owned_months else "rented" if a.rented_months else None
    job = None
    if a.living_there_at_cutoff:
        job = "work" if a.live_and_work_months else "live" if a.live_only_months else None
    return housing, job


def _counts_assumptions(a: Applicant) -> list[str]:
    housing, job = _count_habits(a)
    lines = ["每年再正常缴纳12个月社会保险（连续缴纳月数同样增加）"]
    if housing:
        lines.append("每年继续住在" + ("自有住所" if housing == "owned" else "租赁住所或单位宿舍") + "12个月")
    if job:
        lines.append("每年继续在城六区以外的自有住所" + ("居住并工作" if job == "work" else "居住") + "12个月")
    lines.append("学历、纳税、创新创业、荣誉、守法记录等其他情况不变；年龄按各年度重新计算")
    return lines


def is_records(data: dict) -> bool:
    return isinstance(data, dict) and "records" in data


def later_input(data: dict, a: Applicant, years: int) -> dict:
    """The applicant's input for application year Y + `years`, carried forward as described above;
    a field of the trial rules only is left out once the 2020 rules apply (CONTRACT 2c)."""
    year = a.application_year + years
    if is_records(data):
        later = _declared_leases(_records_later(data, a.application_year, year), year)
    else:
        later = _counts_later(data, a, years)
    return fit_rule_set(later, year)[0]


def _declared_leases(later: dict, year: int) -> dict:
    """Leases that start before the year's rules ask for them (2020-08 under the 2020 rules, 2017-01 under
    the trial rules) start then: the months before are inferred by that year's rules. One that ends
    before is left out."""
    declared_from = spans(year).rental_declared_from
    homes = []
    for home in later.get("records", {}).get("housing", []):
        if home.get("kind") in ("rented", "dormitory") and parse_year_month(home["from"]) < declared_from:
            if parse_year_month(home["to"]) < declared_from:
                continue
            home["from"] = _month_text(declared_from)
        homes.append(home)
    if "housing" in later.get("records", {}):
        later["records"]["housing"] = homes
    return later


def _rule_set_change(data: dict, a: Applicant) -> list[str]:
    """The assumption's line where a later round falls under another rule set."""
    last = min(_LAST_YEAR, a.application_year + HORIZON)
    for year in range(a.application_year + 1, last + 1):
        after = rule_set(year)
        if after["id"] != a.rule_set["id"]:
            dropped = fit_rule_set(data, year)[1]
            return [
                f"{year}年度起按{after['title']}计分"
                + (f"，{'、'.join(dropped)}不再适用，按新规则的默认值计算" if dropped else "")
            ]
    return []


def assumptions(data: dict, a: Applicant) -> list[str]:
    lines = _records_assumptions(data, a.application_year) if is_records(data) else _counts_assumptions(a)
    return lines + _rule_set_change(data, a)


# ---------------------------------------------------------------- scoring the rows
def _scored(a: Applicant) -> tuple[Decimal, dict[str, Decimal], list[dict]]:
    points = {key: scorer(a)[0] for key, scorer in SCORERS.items()}
    return sum(points.values(), Decimal(0)), points, assess(a)


def next_year(data: dict, a: Applicant, total_now: Decimal) -> dict | None:
    """The advice's one-year estimate: the first step of the projection."""
    if a.application_year >= _LAST_YEAR:
        return None
    later = check(later_input(data, a, 1))
    if isinstance(later, list):
        return None
    total = _scored(later)[0]
    change = total - total_now
    assumed = assumptions(data, a)
    compared = (
        f"，比现在高 {show(change)} 分"
        if change > 0
        else f"，比现在低 {show(-change)} 分"
        if change < 0
        else "，与现在相同"
    )
    return {
        "application_year": later.application_year,
        "total": as_json_number(total),
        "change": as_json_number(change),
        "assumptions": assumed,
        # the sentence the page shows (one home for its words)
        "text": f"{later.application_year}年申报的估算：{total:.2f} 分{compared}（{'；'.join(assumed)}）。",
    }


def _row(year: int, later_data: dict, total: Decimal, total_now: Decimal, conditions: list[dict]) -> dict:
    eligible = all(c["met"] for c in conditions)
    low_high = band().range(year)
    row = {
        "application_year": year,
        "input": later_data,
        "total": as_json_number(total),
        "change": as_json_number(total - total_now),
        "eligible": eligible,
        "unmet": [c["label"] for c in conditions if not c["met"]],
    }
    if low_high is None:
        row.update(cutoff_low=None, cutoff_high=None, cutoff_basis=None, position=None, likely=False, possible=False)
        row.update(cutoff_text="—", verdict=_verdict(row))
        return row
    low, high, basis = low_high
    middle = (low + high) / 2
    position = "above" if total >= high else "upper" if total >= middle else "lower" if total >= low else "below"
    row.update(
        cutoff_low=as_json_number(low),
        cutoff_high=as_json_number(high),
        cutoff_basis=basis,
        position=position,
        likely=eligible and total >= middle,
        possible=eligible and total >= low,
        cutoff_text=_cutoff_text(low, high, basis),
    )
    row["verdict"] = _verdict(row)
    return row


# A year's row in words (the page's table shows these as they are).
_VERDICTS = {"above": "多半能达到", "upper": "多半能达到", "lower": "有机会", "below": "难以达到"}
_BASIS_WORDS = {"verified": "已核实", "unverified": "非官方数字，未核实"}


def _verdict(row: dict) -> str:
    if not row["eligible"]:
        return f"不能申报（不满足：{'、'.join(row['unmet'])}）"
    return _VERDICTS[row["position"]] if row["position"] else "—"


def _cutoff_text(low: Decimal, high: Decimal, basis: str) -> str:
    """A known year's figure with its status, or an estimated range."""
    if basis in _BASIS_WORDS:
        return f"{low:.2f}（{_BASIS_WORDS[basis]}）"
    return f"{low:.2f}～{high:.2f}"


def project(
    data: dict, a: Applicant, total_now: Decimal, points_now: dict[str, Decimal], conditions_now: list[dict]
) -> dict:
    """The projection of CONTRACT 4b for a validated applicant (`data` is its input as given)."""
    current = _row(a.application_year, data, total_now, total_now, conditions_now)
    del current["input"], current["change"]
    rows, stop, ages = [], None, [(a.application_year, points_now["age"])]
    last = min(_LAST_YEAR, a.application_year + HORIZON)
    for year in range(a.application_year + 1, last + 1):
        later_data = later_input(data, a, year - a.application_year)
        later = check(later_data)
        if isinstance(later, list):  # cannot happen for valid input; say so rather than guess
            stop = f"{year}年的输入无法推算（{line(later[0])}）"
            break
        total, points, conditions = _scored(later)
        retirement = next(c for c in conditions if c["id"] == "retirement_age")
        if not retirement["met"]:
            stop = f"{year}年申报时已达到法定退休年龄，不能再申报"
            break
        ages.append((year, points["age"]))
        rows.append(_row(year, later_data, total, total_now, conditions))
    return {
        "mode": "records" if is_records(data) else "counts",
        "assumptions": assumptions(data, a),
        "cutoff_method": band().method(),
        "cutoff_basis": band().basis(),
        "current": current,
        "years": rows,
        "stopped": stop,
        "horizon": f"本站只估算到{_LAST_YEAR}年（规则数据只到这一年）。",
        **_conclusion(a.application_year, current, rows, stop, ages, total_now),
    }


def _conclusion(
    year: int, current: dict, rows: list[dict], stop: str | None, ages: list[tuple[int, Decimal]], total_now: Decimal
) -> dict:
    first_likely = next((r["application_year"] for r in [current] + rows if r["likely"]), None)
    first_possible = next((r["application_year"] for r in [current] + rows if r["possible"]), None)
    reasons = []
    if first_likely is None:
        if stop:
            reasons.append(stop)
        drop = next((later for (_, before), (later, now) in zip(ages, ages[1:]) if now < before), None)
        if drop:
            reasons.append(
                f"{drop}年起年龄指标开始减少（超过{_AGE['full_points_until']}周岁后每岁少"
                f"{_AGE['points_lost_per_year']}分）"
            )
        unmet = sorted({label for r in rows for label in r["unmet"] if label})
        if unmet and not any(r["eligible"] for r in rows):
            reasons.append("资格条件不满足：" + "、".join(unmet))
        if rows:
            gain = (Decimal(repr(rows[-1]["total"])) - total_now) / len(rows)
            low_step, high_step = band().low_step[0], band().high_step[0]
            reasons.append(
                f"按假设，总分每年平均增加{show(gain.quantize(Decimal('0.01')))}分，已知年份的分数线"
                f"每年上涨{show(low_step)}～{show(high_step)}分" + ("，差距只会拉大" if gain < low_step else "")
            )
        if not rows and not stop:
            reasons.append(f"规则数据只到{_LAST_YEAR}年")
    shown = len(rows)
    if first_likely == year:
        text = f"{year}年：现在的总分已在估算分数线区间的中点以上，多半能达到分数线。"
    elif first_likely:
        text = f"按假设推算，最早在{first_likely}年总分达到估算分数线区间的中点以上，多半能达到分数线。"
    elif shown:
        text = (
            f"未来{shown}年内（至{rows[-1]['application_year']}年），按假设推算总分都达不到估算分数线区间的中点："
            + "；".join(reasons)
            + "。"
        )
    else:
        text = "无法推算以后的年度：" + "；".join(reasons) + "。"
    if first_possible and (first_likely is None or first_possible < first_likely):
        text += f"{first_possible}年起总分进入估算区间，有机会达到。"
    if rows and rows[-1]["application_year"] == _LAST_YEAR:
        text += f"本站只估算到{_LAST_YEAR}年。"
    if first_likely:  # the short form, for the scenarios' table cell
        when = f"{first_likely}年"
    elif first_possible:
        when = f"{shown}年内难以确定（{first_possible}年起有机会）"
    else:
        when = f"{shown}年内难以达到" if shown else "无法推算"
    return {
        "first_likely_year": first_likely,
        "first_possible_year": first_possible,
        "within_years": shown,
        "reasons": reasons,
        "conclusion": text,
        "first_likely_text": when,
    }
