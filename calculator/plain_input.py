"""The fast path of validation: an object that is plainly valid, read by code compiled from its plan.

validation._object reads any input and words every problem; for a batch of valid applicants its
table walk is a third of the engine's time. Here each object kind's plan (validation._PLANS, made
from the field table) is compiled once per rule set and input mode into a Python function, as
dataclasses and attrs write their __init__: the same steps, in the same order, with the field's
bounds and options written in. It gives the very dict _object gives, or None as soon as anything
is not plain (a problem, a float count, an option of another list, …): validation then reads the
input the full way, so every problem is still found and worded there, and only there.
tests/test_engine_plain_input.py checks that both readings agree.
"""

from __future__ import annotations

import math
from collections.abc import Callable


class _Lines:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.names: dict[str, object] = {}

    def add(self, depth: int, text: str) -> None:
        self.lines.append("    " * depth + text)

    def name(self, prefix: str, value: object) -> str:
        """A constant the compiled code refers to by name (bounds, option sets, defaults, readers)."""
        name = f"{prefix}_{len(self.names)}"
        self.names[name] = value
        return name


def _read_value(out: _Lines, field, step_key: str, reader_of: dict, options_of: Callable, control: str | None) -> None:
    """Code that reads `v` (present) into values[step_key], or returns None when it is not plain."""
    kind = field.type
    target = f"values[{step_key!r}]"
    if kind == "int":
        low, high = field.min, field.max
        tests = ["type(v) is not int"]
        if low is not None:
            tests.append(f"v < {low!r}")
        if high is not None:
            tests.append(f"v > {high!r}")
        out.add(2, f"if {' or '.join(tests)}: return None")
        out.add(2, f"{target} = v")
    elif kind == "number":
        if not (math.isfinite(field.min) and math.isfinite(field.max)):
            raise ValueError(f"{field.path}: a number field needs finite bounds")
        out.add(2, f"if (type(v) is not int and type(v) is not float) or not {field.min!r} <= v <= {field.max!r}:")
        out.add(3, "return None")
        out.add(2, f"{target} = v")
    elif kind == "bool":
        out.add(2, "if v is not True and v is not False: return None")
        out.add(2, f"{target} = v")
    elif kind == "enum":
        if field.options_by:  # the options depend on another field's value
            allowed = out.name(
                "by", {value: frozenset(options_of(options)) for value, options in field.options.items()}
            )
            out.add(2, f"allowed = {allowed}.get(values.get({control!r}))")
            out.add(2, "if allowed is None: return None")
        else:
            out.add(2, f"allowed = {out.name('allowed', frozenset(options_of(field.options)))}")
        sample = next(iter(field.options.values()))[0] if field.options_by else field.options[0]
        wanted = "int" if isinstance(sample[0], int) else "str"
        out.add(2, f"if type(v) is not {wanted} or v not in allowed: return None")
        out.add(2, f"{target} = v")
    elif kind in reader_of:  # date, month, object, array: their own readers, None when not plain
        out.add(2, f"v = {out.name('read', reader_of[kind](field))}(v)")
        out.add(2, "if v is None: return None")
        out.add(2, f"{target} = v")
    else:
        raise ValueError(f"{field.path}: no plain reading for type {kind}")


def compile_object(
    steps: tuple,
    names: frozenset,
    rule_set: str,
    records_mode: bool,
    key_of_path: Callable[[str], str],
    reader_of: dict,
    options_of: Callable,
) -> Callable[[object], dict | None]:
    """One object kind's plain reading under a rule set and input mode (`steps`: validation._plan's).

    `reader_of[type](field)` gives the plain reader (value -> value, or None) of a date, month,
    object or array field; `options_of(options)` an option list's values.
    """
    out = _Lines()
    out.add(0, "def read(data):")
    out.add(1, f"if type(data) is not dict or not data.keys() <= {out.name('names', names)}: return None")
    out.add(1, "values = {}")
    for field, key, _reader, mode, when, rule_sets in steps:
        if rule_sets is not None and rule_set not in rule_sets:  # a field of the other rule set
            out.add(1, f"if {key!r} in data: return None")
            continue
        if mode is not None and mode != records_mode:  # a field of the other input mode
            out.add(1, f"if {key!r} in data: return None")
            continue
        depth = 1
        if when:
            control_key, applies_to, otherwise, _control_field = when
            if otherwise == "error":  # the field is refused unless the control has one of these values
                allowed = out.name("applies", frozenset(applies_to))
                out.add(1, f"control = values.get({control_key!r})")
                out.add(1, f"if control not in {allowed}:")
                out.add(2, f"if control is not None and {key!r} in data: return None")
                out.add(1, "else:")
                depth = 2
        out.add(depth, f"v = data.get({key!r}, MISSING)")
        out.add(depth, "if v is not MISSING:")
        inner = _Lines()
        inner.names = out.names
        control = key_of_path(field.options_by) if field.options_by else None
        _read_value(inner, field, key, reader_of, options_of, control)
        for text in inner.lines:
            out.add(depth - 1, text)  # _read_value writes at depth 2
        if field.required:
            out.add(depth, "else: return None")
        elif field.default_from:
            out.add(depth, f"else: values[{key!r}] = values[{key_of_path(field.default_from)!r}]")
        elif field.type == "object":
            out.add(depth, "else:")
            out.add(depth + 1, f"v = {out.name('empty', reader_of['object'](field))}({{}})")
            out.add(depth + 1, "if v is None: return None")
            out.add(depth + 1, f"values[{key!r}] = v")
        elif field.type == "array":
            out.add(depth, f"else: values[{key!r}] = []")
        else:
            out.add(depth, f"else: values[{key!r}] = {out.name('default', field.default)}")
    out.add(1, "return values")
    namespace: dict = {"MISSING": _MISSING, **out.names}
    exec("\n".join(out.lines), namespace)  # noqa: S102 - code written here, from the field table
    return namespace["read"]


_MISSING = object()


def compile_applicant(getters: tuple, counts: dict, records_mode: bool, make: Callable) -> Callable:
    """The Applicant made from a read input, in one expression (validation._GETTERS' walk, compiled).

    `getters`: per attribute (its object's keys, its key, counts mode only, absent value); in records
    mode the counts-only attributes take `counts` (their values until records.apply derives them).
    """
    out = _Lines()
    args = []
    for parents, key, counts_only, absent in getters:
        if records_mode and counts_only:
            args.append(out.name("count", counts[key]))
            continue
        node = "top" + "".join(f"[{name!r}]" for name in parents)
        args.append(f"({out.name('absent', absent)} if (v := {node}.get({key!r})) is None else v)")
    out.add(0, "def make_applicant(top, rules, rule_set):")
    out.add(1, f"return make({', '.join(args)}, None, rules, rule_set)")
    namespace: dict = {"make": make, **out.names}
    exec("\n".join(out.lines), namespace)  # noqa: S102 - code written here, from the field table
    return namespace["make_applicant"]
