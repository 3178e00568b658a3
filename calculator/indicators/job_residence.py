"""4 职住区域: years in an owned home outside the six central districts, more while also working there."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from ..fields import field
from ..periods import spans
from ..rules import INDICATORS
from ..trace import words
from ._line import ZERO, Scored, rule, scored

if TYPE_CHECKING:
    from ..validation import Applicant

PAGE = ("job-residence", "职住区域")  # docs/indicators/<slug>.md, and its title in the site's menu

_JOB = INDICATORS["job_residence"]
CENTRAL = "城六区（" + "、".join(name.removesuffix("区") for name in _JOB["central_districts"]) + "）"

FIELDS = (
    field("job_residence", "object", _JOB["label"], mode="counts", default={}, section="job_residence"),
    field(
        "job_residence.live_and_work_months",
        "int",
        "城六区外自有住所居住、且在城六区外工作的月数",
        f"{{job_residence_label}}，住在{CENTRAL}以外的自有住所，同时在城六区以外的任一区工作"
        "（以缴纳社保的单位所在区为准）的月数。",
        mode="counts",
        default=0,
        min_=0,
        unit="个月",
    ),
    field(
        "job_residence.live_only_months",
        "int",
        "城六区外自有住所居住、在城六区内工作的月数",
        "{job_residence_label}，住在城六区以外的自有住所、在城六区内工作的月数。两项合计最多{job_residence_months}个月。",
        mode="counts",
        default=0,
        min_=0,
        unit="个月",
    ),
    field(
        "job_residence.living_there_at_cutoff",
        "bool",
        "申报年度上一年12月仍住在该住所",
        "须在{previous_december}仍住在城六区以外的该自有住所（取得落户资格后在该住所落户），职住区域才计分。",
        mode="counts",
        default=True,
    ),
)


def overview(r: dict) -> tuple[str, str]:
    """The overview table's 怎么计分 and 上限."""
    return (
        f"城六区外自有住所居住每满1年{r['live_points_per_year']}分，"
        f"同时在城六区外工作每满1年{r['live_and_work_points_per_year']}分",
        f"{r['cap']}分",
    )


# The words of this line's steps (calculator/trace.py renders them)
_J = "indicators.job_residence."
WORDS = {
    "job_residence.none": words("无城六区以外自有住所居住月数：0分"),
    "job_residence.cap": words("，超过上限{cap}分，按{cap}分计", "cap", cap="indicators.job_residence.cap"),
    "job_residence.not_living": words("{year}年12月未在该自有住所居住，不计分：0分", "year"),
    "job_residence.work": words(
        "居住并工作{months}个月，满{years}年 × {per}分",
        "months",
        "years",
        "per",
        per=_J + "live_and_work_points_per_year",
    ),
    "job_residence.leftover": words("（剩余{months}个月并入只居住月数）", "months"),
    "job_residence.live": words(
        "；只居住{months}个月，满{years}年 × {per}分", "months", "years", "per", per=_J + "live_points_per_year"
    ),
    "job_residence.unused": words("（不足12个月的{months}个月不计分）", "months"),
    "job_residence.live_capped": words(
        " = {points}分，超过只居住的上限{cap}分，按{cap}分计", "points", "cap", cap=_J + "live_cap"
    ),
}


def formula(a: Applicant) -> Scored:
    r = rule(a, "job_residence")
    note = (("note", _J + "open_note", r["open_note"]),) if "open_note" in r else ()
    if a.live_and_work_months + a.live_only_months == 0:
        return ZERO, (("job_residence.none",), *note)
    if not a.living_there_at_cutoff:
        return ZERO, (("job_residence.not_living", spans(a.application_year).cutoff.year), *note)
    work_years, leftover = divmod(a.live_and_work_months, 12)
    live_years, unused = divmod(a.live_only_months + leftover, 12)
    live_points = live_years * r["live_points_per_year"]
    live_cap = r.get("live_cap")  # the 2016 rules cap the live-only part on its own
    capped_live = min(live_points, live_cap) if live_cap is not None else live_points
    raw = work_years * r["live_and_work_points_per_year"] + capped_live
    points = Decimal(min(raw, r["cap"]))
    trace: tuple = (("job_residence.work", a.live_and_work_months, work_years, r["live_and_work_points_per_year"]),)
    if leftover:
        trace += (("job_residence.leftover", leftover),)
    trace += (("job_residence.live", a.live_only_months + leftover, live_years, r["live_points_per_year"]),)
    if unused:
        trace += (("job_residence.unused", unused),)
    if capped_live < live_points:
        trace += (("job_residence.live_capped", live_points, live_cap),)
    trace += (("sum", raw),)
    if raw > r["cap"]:
        trace += (("job_residence.cap", r["cap"]),)
    uncapped = Decimal(work_years * r["live_and_work_points_per_year"] + live_points)
    return scored(points, trace + note, uncapped, r["cap"])
