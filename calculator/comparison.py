"""A total against the known cut-offs (CONTRACT 4b), as data and as the sentences the page shows.

The gap to the latest known year (whatever its status; an unverified figure is always named so,
with its source), the chosen round's own cut-off when that round has been held, and every known
year's difference. Written here once: the calculator page lays these sentences out (results.js)
and the batch page's gap column is the same `gap` (batch.py).
"""

from __future__ import annotations

from decimal import Decimal

from . import history
from .rounding import as_json_number


def gap(total: Decimal, cutoff: history.Cutoff) -> Decimal:
    """Total minus the year's lowest admitted score, to the cent."""
    return (Decimal(total) - cutoff.score).quantize(Decimal("0.01"))


def _amount(diff: Decimal) -> str:
    """0.5 not 0.50, 36.92, 3 not 3.00: the page's way of writing a difference."""
    text = f"{abs(diff):.2f}".rstrip("0").rstrip(".")
    return text or "0"


def _compared(diff: Decimal) -> str:
    return "持平" if diff == 0 else f"{'高' if diff > 0 else '低'} {_amount(diff)} 分"


def _status(cutoff: history.Cutoff) -> str:
    return "已核实" if cutoff.verified else f"{cutoff.status_text}；来源：{cutoff.source}"


def waiting_sentence(cutoff: history.Cutoff, invalid: bool = False) -> str:
    """The gap line before there is a total: the form still empty, or its input wrong."""
    return f"与{cutoff.year}年最低落户分值{cutoff.score_text}分的差距：{'请先修改输入' if invalid else '填写后显示'}"


def latest_sentence(diff: Decimal, cutoff: history.Cutoff) -> str:
    if diff == 0:
        return f"与{cutoff.year}年最低落户分值{cutoff.score_text}分持平（{_status(cutoff)}）。"
    return f"比{cutoff.year}年最低落户分值{cutoff.score_text}分{_compared(diff)}（{_status(cutoff)}；分数线逐年上升）。"


def past_sentence(total: Decimal, cutoff: history.Cutoff) -> str:
    """The chosen round, already held (2019 under the 2016 trial rules …): its own cut-off (issue 21)."""
    mark = "" if cutoff.verified else f"（{cutoff.status_text}）"
    return (
        f"你选的{cutoff.year}年度已经结束：当年最低落户分值{cutoff.score_text}分{mark}，"
        f"你的总分{_compared(gap(total, cutoff))}。"
    )


def year_line(total: Decimal, cutoff: history.Cutoff, chosen: bool) -> str:
    diff = gap(total, cutoff)
    mark = "" if cutoff.verified else f"（{cutoff.status_text}）"
    said = "持平" if diff == 0 else f"高出 {_amount(diff)} 分" if diff > 0 else f"低 {_amount(diff)} 分"
    return f"{cutoff.year}年{'（你选的申报年度）' if chosen else ''} {cutoff.score_text}分{mark}：{said}"


def compare(total: Decimal, application_year: int) -> dict:
    """The result's `comparison`: the latest known year's gap and sentence, the chosen round's own
    sentence when it has been held ("" otherwise), and one line per known year, oldest first."""
    years = history.cutoffs()
    latest = years[-1]
    diff = gap(total, latest)
    own = next((c for c in years if c.year == application_year and c.year != latest.year), None)
    return {
        "latest": {"year": latest.year, "gap": as_json_number(diff), "text": latest_sentence(diff, latest)},
        "past": past_sentence(total, own) if own else "",
        "years": [
            {
                "year": cutoff.year,
                "gap": as_json_number(gap(total, cutoff)),
                "verified": cutoff.verified,
                "chosen": cutoff.year == application_year,
                "text": year_line(total, cutoff, cutoff.year == application_year),
            }
            for cutoff in years
        ],
    }
