"""The yearly cut-offs from policy/history.csv: tables and an inline SVG chart.

Markers: `<!-- history: verified -->`, `<!-- history: unverified -->` (tables) and
`<!-- history: chart -->` (an inline SVG, drawn here at build time; the visitor's
browser downloads no chart library).
"""

from __future__ import annotations

import html

from calculator.history import Cutoff, cutoffs, latest


def load() -> list[Cutoff]:
    """Every year of policy/history.csv, oldest first, through the engine's one loader."""
    return list(cutoffs())


def latest_verified(years: list[Cutoff] | None = None) -> Cutoff:
    return [y for y in (years or load()) if y.verified][-1]


def _count(y: Cutoff) -> str:
    return str(y.admitted) if y.admitted is not None else "—"


def latest_sentence() -> str:
    """The home page's and the history page's one sentence on the newest figures: the latest
    known year with its status and source, and, when that year is not verified, the latest one that is."""
    new, checked = latest(), latest_verified()
    text = f"已知最新的是{new.year}年度：最低落户分值{new.score_text}分"
    text += f"，公示{_count(new)}人" if new.admitted is not None else ""
    if new.verified:
        return text + "（已核实）。"
    later = [y.year for y in load() if y.year > checked.year]
    return (
        text + f"（{new.status_text}；来源：{new.source}）。"
        f"已核实的最近一年是{checked.year}年度：{checked.score_text}分，公示{_count(checked)}人；"
        f"{'、'.join(map(str, later))}年度的数字都不是官方数字。"
    )


def table(verified: bool) -> str:
    """Scores and counts in a narrow table (fits a phone), the sources listed below it."""
    years = [y for y in load() if y.verified == verified]
    kind = "verified" if verified else "unverified"
    if verified:
        lines = ["| 年度 | 最低分 | 公示人数 | 规则 |", "|---|---|---|---|"]
        for y in years:
            lines.append(f"| {y.year} | {y.score_text} | {_count(y)} | {y.rules_label} |")
    else:
        lines = ["| 年度 | 分值（未核实） | 公示人数 |", "|---|---|---|"]
        for y in years:
            lines.append(f"| {y.year} | {y.score_text}（未核实） | {_count(y)} |")
    sources = "\n".join(f"- {y.year}年：{_cell(y.source)}" for y in years)
    return (
        f'<div class="history-table" data-history="{kind}" markdown>\n\n'
        + "\n".join(lines)
        + f'\n\n<div class="history-sources" markdown>\n\n来源：\n\n{sources}\n\n</div>\n\n</div>\n'
    )


def currency() -> str:
    """Every round after the latest verified one, up to the year the rules were last checked:
    what the site has for it (dates, cut-off, count) and whether any of it is official."""
    from calculator.rules import RULES

    years = {y.year: y for y in load()}
    rounds = {r["year"]: r for r in RULES["process"]["rounds"]}
    first, last = latest_verified().year + 1, RULES["meta"]["checked"].year
    lines = ["| 年度 | 申报、公示日期 | 最低分值、人数 | 核实情况 |", "|---|---|---|---|"]
    for year in range(first, last + 1):
        r, y = rounds.get(year), years.get(year)
        dates = (
            (
                f"申报{r['apply_from'].month}月{r['apply_from'].day}日—{r['apply_to'].month}月{r['apply_to'].day}日，"
                f"公示{r['publicity_from'].month}月{r['publicity_from'].day}日起（官方通知）"
            )
            if r
            else "本站没有"
        )
        score = (
            f"{y.score_text}分、约{y.admitted}人（非官方）"
            if y and y.admitted
            else (f"{y.score_text}分（非官方）" if y else "尚未收录")
        )
        if y and y.verified:
            status = "已核实"
        elif r and y:
            status = "日期已核实；分值和人数未核实"
        elif y:
            status = "日期、分值和人数都未核实"
        else:
            status = "这一年的申报已经进行；分数线和人数本站还没有收录"
        lines.append(f"| {year} | {dates} | {score} | {status} |")
    return '<div class="history-currency" markdown>\n\n' + "\n".join(lines) + "\n\n</div>\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def chart() -> str:
    """A line chart of the lowest admitted score, verified points solid, unverified hollow and dashed."""
    years = load()
    # A narrow drawing, so that its text stays legible when a phone scales it to ~360 px.
    width, height = 420, 300
    left, right, top, bottom = 34, 22, 26, 50
    low = int(min(y.score for y in years) // 5 * 5)
    high = int(-(-max(y.score for y in years) // 5) * 5)
    first, last = years[0].year, years[-1].year

    def x(year: int) -> float:
        return left + (year - first) * (width - left - right) / max(1, last - first)

    def y_(score: float) -> float:
        return top + (high - score) * (height - top - bottom) / (high - low)

    parts = [
        f'<svg class="history-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="history-chart-title history-chart-desc" xmlns="http://www.w3.org/2000/svg">',
        '<title id="history-chart-title">北京市积分落户历年最低落户分值</title>',
        '<desc id="history-chart-desc">'
        + html.escape("；".join(f"{y.year}年{y.score_text}分{'' if y.verified else '（未核实）'}" for y in years))
        + "</desc>",
    ]
    for tick in range(low, high + 1, 5):
        ty = y_(tick)
        parts.append(f'<line class="grid" x1="{left}" y1="{ty:.1f}" x2="{width - right}" y2="{ty:.1f}"/>')
        parts.append(f'<text class="axis" x="{left - 6}" y="{ty + 4:.1f}" text-anchor="end">{tick}</text>')
    for y in years:
        parts.append(
            f'<text class="axis" x="{x(y.year):.1f}" y="{height - bottom + 18}" text-anchor="middle">{y.year}</text>'
        )
    verified = [y for y in years if y.verified]
    solid = " ".join(f"{x(y.year):.1f},{y_(y.score):.1f}" for y in verified)
    parts.append(f'<polyline class="line verified" points="{solid}"/>')
    tail = [verified[-1]] + [y for y in years if not y.verified]
    if len(tail) > 1:
        dashed = " ".join(f"{x(y.year):.1f},{y_(y.score):.1f}" for y in tail)
        parts.append(f'<polyline class="line unverified" points="{dashed}"/>')
    for y in years:
        cls = "verified" if y.verified else "unverified"
        px, py = x(y.year), y_(y.score)
        parts.append(f'<circle class="point {cls}" cx="{px:.1f}" cy="{py:.1f}" r="5"/>')
        parts.append(
            f'<text class="label {cls}" x="{px:.1f}" y="{py - 10:.1f}" text-anchor="middle">{y.score_text}</text>'
        )
    ly = height - 14
    parts.append(f'<circle class="point verified" cx="{left + 6}" cy="{ly - 4}" r="5"/>')
    parts.append(f'<text class="axis" x="{left + 16}" y="{ly}">已核实</text>')
    parts.append(f'<circle class="point unverified" cx="{left + 80}" cy="{ly - 4}" r="5"/>')
    parts.append(f'<text class="axis" x="{left + 90}" y="{ly}">未核实（非官方数字）</text>')
    parts.append("</svg>")
    return '<figure class="history-figure">\n' + "\n".join(parts) + "\n</figure>\n"
