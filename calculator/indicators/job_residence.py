"""4 职住区域: years in an owned home outside the six central districts, more while also working there."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from ..fields import field
from ..periods import spans
from ..rules import INDICATORS
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


def formula(a: Applicant) -> Scored:
    r = rule(a, "job_residence")
    note = f"。{r['open_note']}" if "open_note" in r else ""
    if a.live_and_work_months + a.live_only_months == 0:
        return ZERO, "无城六区以外自有住所居住月数：0分" + note
    if not a.living_there_at_cutoff:
        cutoff = spans(a.application_year).cutoff
        return ZERO, f"{cutoff.year}年12月未在该自有住所居住，不计分：0分" + note
    work_years, leftover = divmod(a.live_and_work_months, 12)
    live_years, unused = divmod(a.live_only_months + leftover, 12)
    live_points = live_years * r["live_points_per_year"]
    live_cap = r.get("live_cap")  # the 2016 rules cap the live-only part on its own
    capped_live = min(live_points, live_cap) if live_cap is not None else live_points
    raw = work_years * r["live_and_work_points_per_year"] + capped_live
    points = Decimal(min(raw, r["cap"]))
    parts = [
        f"居住并工作{a.live_and_work_months}个月，满{work_years}年 × {r['live_and_work_points_per_year']}分"
        + (f"（剩余{leftover}个月并入只居住月数）" if leftover else ""),
        f"只居住{a.live_only_months + leftover}个月，满{live_years}年 × {r['live_points_per_year']}分"
        + (f"（不足12个月的{unused}个月不计分）" if unused else ""),
    ]
    if capped_live < live_points:
        parts[-1] += f" = {live_points}分，超过只居住的上限{live_cap}分，按{live_cap}分计"
    detail = "；".join(parts) + f"；合计{raw}分"
    if raw > r["cap"]:
        detail += f"，超过上限{r['cap']}分，按{r['cap']}分计"
    uncapped = Decimal(work_years * r["live_and_work_points_per_year"] + live_points)
    return scored(points, detail + note, uncapped, r["cap"])
