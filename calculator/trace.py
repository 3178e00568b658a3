"""A result line's explanation as data, and the one renderer that words it (PolicyEngine's tracer).

A formula returns its points and a trace: a tuple of steps, each a plain tuple
`(code, value, …)`. The code names the step's words (a `Words`: its values' names, its Chinese
with a `{name}` per value, and which values are parameters of the rules, by their path); the
values are the step's numbers as numbers (months, a rate as a Fraction, points as a Decimal),
dates, or the rules' own texts. Each indicator unit declares the words of its steps (`WORDS`);
`render` writes the line's `detail` from the trace, `steps_json` gives the trace as data with
every value named and every parameter's path beside it (`python -m calculator score --steps`).

Formulas build tuples and never format text, so a line scored only for its points (the
projection's later years, advice's what-ifs) costs no words. Each step's text is compiled once
into an f-string over the step tuple when a trace first shows it, as plain_input.py compiles the field plans.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from string import Formatter
from typing import Any, NamedTuple

from .calendar import Age, Month, show_age, show_date, show_month
from .rounding import show
from .rules import show_number


def _float(value: float) -> str:
    return show(Decimal(repr(value)))  # a decimal input as typed: 0.5, 1200


# How a value shows in the words, by its type: 37.5 and 1/12, 2024年1月1日, the text itself.
_SHOW: dict[type, Callable[[Any], str]] = {
    Decimal: show,
    Fraction: show_number,
    float: _float,
    date: show_date,
    Age: show_age,
    Month: show_month,
    int: str,
    str: str,
}


class Words(NamedTuple):
    names: tuple[str, ...]  # the step's values, in the order the step tuple holds them
    text: str  # the Chinese, {name} where a value goes
    params: dict[str, str]  # value name -> its parameter's path in the rules ("indicators.tax.cap")
    parsed: tuple  # the text's parts (string.Formatter), compiled when the step is first rendered
    keep: int = 0  # > 0: the words of that many distinct steps are kept (steps that repeat across applicants)

    def write(self, step: tuple) -> str:
        """The step's words, compiled afresh (for a one-off; `render` keeps each code's compiled)."""
        return _compiled(self.parsed, self.names)(step)


def words(text: str, *names: str, keep: int = 0, **params: str) -> Words:
    """A step's words; every {name} in `text` must be one of `names`, and every name shown, but a
    reference ("ref": data for steps_json, not words) (checked here, once). `keep`: see Words."""
    parsed = tuple(Formatter().parse(text))
    used = {field for _, field, _, _ in parsed if field is not None}
    if used != set(names) - {"ref"} or not set(params) <= set(names):
        raise ValueError(f"words {text!r}: names {names} do not match its fields {sorted(used)}")
    return Words(names, text, params, parsed, keep)


def _writer(found: Words) -> Callable[[tuple], str]:
    compiled = _compiled(found.parsed, found.names)
    return lru_cache(maxsize=found.keep)(compiled) if found.keep else compiled


def _compiled(parsed: tuple, names: tuple[str, ...]) -> Callable[[tuple], str]:
    """The text as one f-string over the step tuple: s[i] shown by its type (_SHOW)."""
    parts = []
    for literal, field, _spec, _conversion in parsed:
        parts.append(literal.replace("{", "{{").replace("}", "}}"))
        if field is not None:
            at = names.index(field) + 1  # the step's values follow its code
            parts.append(f"{{SHOW[type(s[{at}])](s[{at}])}}")
    namespace: dict[str, Any] = {"SHOW": _SHOW}
    exec(f"def write(s): return f{''.join(parts)!r}", namespace)  # noqa: S102 - from the words' own text
    return namespace["write"]


# Steps every line may use: the joints between terms, a note of the rules, records-derived words.
COMMON = {
    "then": words("；"),
    "plus": words(" + "),
    "colon": words("："),
    "sum": words("；合计{points}分", "points"),
    # a note of the rules, by its path (an OPEN rule's 待核实 sentence, a rule set's caveat)
    "note": words("。{text}", "ref", "text"),
}

STEPS: dict[str, Words] = dict(COMMON)


def _first_use(code: str) -> Callable[[tuple], str]:
    """Compiles the code's words when a trace first shows it, and puts the compiled in its place:
    compiling all 80 at import cost 6.6 ms of the engine's 52 (more in the browser's first visit),
    and a result shows a quarter of them."""

    def write(step: tuple) -> str:
        compiled = _WRITE[code] = _writer(STEPS[code])
        return compiled(step)

    return write


_WRITE = {code: _first_use(code) for code in STEPS}  # the renderer's one lookup a step


def compile_all() -> None:
    """Compile every registered step's words now (a test does: a bad text fails there, not in a result)."""
    for code, found in STEPS.items():
        _WRITE[code] = _writer(found)


def register(unit_words: dict[str, Words]) -> None:
    """Add an indicator unit's steps (indicators/__init__.py does, for every unit)."""
    clash = STEPS.keys() & unit_words.keys()
    if clash:
        raise ValueError(f"step codes defined twice: {sorted(clash)}")
    STEPS.update(unit_words)
    _WRITE.update((code, _first_use(code)) for code in unit_words)


def render(trace: tuple) -> str:
    """The line's detail: its steps' words, in order."""
    return "".join([_WRITE[step[0]](step) for step in trace])


def _json_value(value: object) -> object:
    if isinstance(value, bool | int | str) and not isinstance(value, Month):
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date):
        return value.isoformat()  # as the result's own dates
    if isinstance(value, Month):
        year, month0 = divmod(value, 12)
        return f"{year:04d}-{month0 + 1:02d}"  # as the input's months
    return _SHOW[type(value)](value)  # a rate as its exact text ("1/12")


def steps_json(trace: tuple) -> list[dict]:
    """The trace as data: per step its code, each value by name, and the parameters' paths."""
    out = []
    for step in trace:
        found = STEPS[step[0]]
        entry: dict[str, object] = {"step": step[0]}
        entry.update(zip(found.names, map(_json_value, step[1:]), strict=True))
        if found.params:
            entry["params"] = dict(found.params)
        out.append(entry)
    return out
