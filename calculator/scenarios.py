"""Why two what-if scenarios score the same total (the calculator's comparison table): one sentence
each, from the engine's own results (the items' points and `capped`, the derivation's cut-off month,
the projections), the two inputs and which of them differ. The page saves the scenarios and compares
their inputs in the form's words (the same comparison as its table's rows); the words are written here.

    why_same_json('[{"first": {"name", "applicant", "result"}, "second": {…}, "differences": [path, …]}, …]')
    -> '{"ok": true, "sentences": ["“方案1”和“方案2”的总分相同（63.00分）：…", …]}'
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

from .rounding import show
from .schema import ITEMS, label_of

_RECORD = re.compile(r"^(records\.(\w+))\[(\d+)\]")


def _cents(value: object) -> int:
    return int((Decimal(str(value)) * 100).to_integral_value())


def _number(value: object) -> str:
    """A JSON number as the page shows one (20, 37.5)."""
    return show(Decimal(str(value)))


def _fixed(value: object) -> str:
    return f"{Decimal(str(value)):.2f}"


def _plans(a: dict, b: dict, differences: list[str]) -> str:
    """Records that differ and start after the cut-off month (a plan, CONTRACT 2b): nothing this year."""
    cutoff = (a["result"].get("derivation") or b["result"].get("derivation") or {}).get("cutoff_month")
    if not cutoff:
        return ""
    found: dict[str, str] = {}
    for path in differences:
        match = _RECORD.match(path)
        if not match:
            continue
        for s in (a, b):
            records = s["applicant"].get("records")
            rows = records.get(match[2]) if isinstance(records, dict) else None
            row = rows[int(match[3])] if isinstance(rows, list) and int(match[3]) < len(rows) else None
            start = row.get("from") if isinstance(row, dict) else None
            if isinstance(start, str) and start > cutoff:
                found[match[0]] = f"{label_of(match[0])}（“{s['name']}”，{start}起）"
    if not found:
        return ""
    return f"不同之处是{'、'.join(found.values())}，在计算截止月{cutoff}以后才开始，这一年度不计分，计入以后的年度"


def _later(a: dict, b: dict) -> str:
    """The first later year whose projected totals differ."""

    def years(s: dict) -> dict:
        return {row["application_year"]: row for row in (s["result"].get("projection") or {}).get("years", [])}

    other = years(b)
    for year, row in years(a).items():
        if year in other and _cents(row["total"]) != _cents(other[year]["total"]):
            return (
                f"以后的年度不同：{year}年申报时“{a['name']}”{_fixed(row['total'])}分、"
                f"“{b['name']}”{_fixed(other[year]['total'])}分"
            )
    return ""


def why_same(a: dict, b: dict, differences: list[str]) -> str:
    """Why scenario b scores what scenario a scores (each {"name", "applicant", "result"});
    `differences`: the paths of the inputs that differ, as the page's table compares them in the
    form's words (inputs.js InputWords.differences: "records.housing[2]", "birth_date")."""
    head = f"“{a['name']}”和“{b['name']}”的总分相同（{_fixed(a['result']['total'])}分）"
    if not differences:
        return f"{head}：两个方案的填写内容相同。"
    left = {item["id"]: item for item in a["result"]["items"]}
    right = {item["id"]: item for item in b["result"]["items"]}
    held, moved = [], []
    for key, label, _ in ITEMS:
        x, y = left.get(key), right.get(key)
        if not x or not y:
            continue
        ux = x["capped"]["uncapped"] if x.get("capped") else x["points"]
        uy = y["capped"]["uncapped"] if y.get("capped") else y["points"]
        if _cents(x["points"]) != _cents(y["points"]):
            diff = _cents(y["points"]) - _cents(x["points"])
            moved.append(f"{label}“{b['name']}”{'高' if diff > 0 else '低'}{show(Decimal(abs(diff)) / 100)}分")
        elif _cents(ux) != _cents(uy) and (x.get("capped") or y.get("capped")):
            cap = (x.get("capped") or y.get("capped"))["cap"]
            limit = "受这一项规则的限制" if cap is None else f"超过上限{cap}分"
            as_is = f"按{_number(x['points'])}分计"
            if x.get("capped") and y.get("capped"):
                held.append(
                    f"{label}：按填写，“{a['name']}”应得{_number(ux)}分、“{b['name']}”应得{_number(uy)}分，"
                    f"都{limit}，都{as_is}"
                )
            else:
                over, other, raw = (a, b, ux) if x.get("capped") else (b, a, uy)
                held.append(
                    f"{label}：按填写，“{over['name']}”应得{_number(raw)}分，{limit}，{as_is}，与“{other['name']}”相同"
                )
    parts = []
    if held:
        parts.append("；".join(held))
    if moved:
        parts.append(f"{'，'.join(moved)}，相互抵消")
    if not parts:
        parts.append(_plans(a, b, differences) or "填写的不同之处没有改变这一年度的任何一项分值")
    if a["result"]["eligible"] != b["result"]["eligible"]:
        parts.append(f"但资格条件不同（“{(a if a['result']['eligible'] else b)['name']}”满足）")
    later = _later(a, b)
    if later:
        parts.append(later)
    return f"{head}：{'。'.join(parts)}。"


def why_same_json(text: str) -> str:
    """The browser's entry: a JSON list of {"first", "second"} pairs in, their sentences out (never raises
    on bad input: {"ok": false, "errors": [...]})."""
    try:
        pairs = json.loads(text)
        sentences = [why_same(pair["first"], pair["second"], pair["differences"]) for pair in pairs]
    except (ValueError, TypeError, KeyError, AttributeError, IndexError) as error:
        return json.dumps(
            {"ok": False, "errors": [f"方案比较: 输入无法读取（{type(error).__name__}）"]}, ensure_ascii=False
        )
    return json.dumps({"ok": True, "sentences": sentences}, ensure_ascii=False)
