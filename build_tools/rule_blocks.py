"""Rule text blocks from calculator/rules.toml: the plain-language summary, the verbatim
quote with its source and evidence level, the 待核实 notice, and single values.

Markers (replaced by the hook):

    <!-- rule: indicators.employment -->          summary box (+ 待核实 box if the rule is OPEN)
    <!-- quote: indicators.employment -->         the `quote` key, with `source`
    <!-- quote: indicators.job_residence#simulator -->   `simulator_quote` with `simulator_source`
    <!-- value: selection.yearly_scale -->        one value, inline (numbers via show_number)

Quotes are written as raw HTML (`<blockquote class="official-quote">`) so Markdown
cannot alter the wording; the tests check that every such quote on the site is a
`quote` value of the rules data file, i.e. nothing else is presented as official wording.
"""

from __future__ import annotations

import html
from datetime import date
from fractions import Fraction
from typing import Any

from build_tools.evidence_text import quote_source_line, source_line
from calculator.rules import CURRENT, is_open, render, show_number

QUOTE_TAGS = {"V-OFF", "V-SEED", "V-SEC"}


def lookup(path: str) -> Any:
    node: Any = CURRENT  # the rules of the round the site describes (dated values resolved)
    for part in path.split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        else:
            raise KeyError(f"rules data has no {path!r}")
    return node


def value(path: str) -> str:
    node = lookup(path)
    if isinstance(node, bool) or isinstance(node, (dict, list)):
        raise TypeError(f"{path!r} is not a single value")
    if isinstance(node, (int, Fraction)) or (isinstance(node, str) and _is_number(node)):
        return show_number(node)
    if isinstance(node, date):
        return f"{node.year}年{node.month}月{node.day}日"
    return str(node)


def _is_number(text: str) -> bool:
    try:
        Fraction(text)
    except (ValueError, ZeroDivisionError):
        return False
    return True


def quote(spec: str, page_uri: str) -> str:
    path, _, prefix = spec.partition("#")
    table = lookup(path)
    quote_key = f"{prefix}_quote" if prefix else "quote"
    source_key = f"{prefix}_source" if prefix else "source"
    text, source = table[quote_key], table[source_key]
    if not QUOTE_TAGS & set(source["evidence"]):
        raise ValueError(f"{spec}: a quote needs V-OFF, V-SEED or V-SEC evidence")
    return (
        f'<blockquote class="official-quote" data-quote="{html.escape(spec)}">\n'
        f"<p>“{html.escape(text, quote=False)}”</p>\n"
        f'<p class="quote-source" data-search-exclude>{quote_source_line(source, page_uri)}</p>\n'
        f"</blockquote>\n"
    )


def rule(path: str, page_uri: str) -> str:
    table = lookup(path)
    summary = render(table["summary"], table)
    out = (
        f'<div class="rule-box" data-rule="{path}" markdown>\n\n'
        f"**规则要点**（本站用自己的话概括）：{summary}\n\n"
        f'<span class="rule-source" data-search-exclude>{source_line(table, page_uri)}</span>\n\n'
        f"</div>\n"
    )
    if is_open(table):
        note = table.get("open_note", "本规则尚未核实，按现有资料介绍，仅供参考。")
        out += f'\n!!! warning "待核实"\n    {note}\n'
    return out
