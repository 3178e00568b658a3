"""The rules in force for an application round: dated values resolved, as OpenFisca does.

A value in rules.toml that changed over time is written as a table keyed by the dates it
applies from, each entry with its `value` and, where it differs from the rule's own source,
its `reference`:

    points_lost_per_year = { "2018-01-01" = { value = 20, reference = {…} },
                             "2020-01-01" = { value = 4 } }

An entry `{ ends = true }` means the value no longer exists from that date (a field or a
type of one rule set only); before its first date a value does not exist either. A value
written plainly applies to every round.

The date is the round's, not the document's: the round of application year Y is scored
under the values that apply on 1 January of Y (`for_year`). The 2020 rules were released on
2020-07-16, after the 2020 round's cut-off (2019-12-31) but before its application window,
and governed that round (CONTRACT 2c), so their values are keyed 2020-01-01, the round's
year, with the document's own dates in `documents`.

`params_at(day)` returns the rules tree with every dated value replaced by the value that
applies on `day` (absent ones removed). Days with the same choices share one tree, so the
engine's per-tree caches hold one entry per rule set.
"""

from __future__ import annotations

import json
import os
import re
from datetime import date
from functools import cache


def _from_json(value):
    """Undo the wheel's conversion (build_tools/engine_wheel.py): {"$date": "..."} -> date."""
    if isinstance(value, dict):
        if len(value) == 1 and "$date" in value:
            return date.fromisoformat(value["$date"])
        return {key: _from_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_from_json(item) for item in value]
    return value


def _load() -> dict:
    # Read beside this file: importlib.resources would double the engine's import time.
    # In the browser's wheel the same rules also come as JSON, converted from rules.toml at
    # build time, which spares Pyodide the import of tomllib.
    here = os.path.dirname(__file__)
    converted = os.path.join(here, "rules.json")
    if os.path.exists(converted):
        with open(converted, encoding="utf-8") as handle:
            return _from_json(json.load(handle))
    import tomllib

    with open(os.path.join(here, "rules.toml"), "rb") as handle:
        return tomllib.load(handle)


RULES: dict = _load()

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_GONE = object()


def is_dated(node: object) -> bool:
    """Whether `node` is a dated value: a table whose keys are all dates, each entry a value or an end."""
    return (
        isinstance(node, dict)
        and bool(node)
        and all(
            isinstance(key, str)
            and _DAY.match(key)
            and isinstance(entry, dict)
            and ("value" in entry or entry.get("ends") is True)
            for key, entry in node.items()
        )
    )


def _dated_nodes(node: object, path: tuple = ()) -> list[tuple[tuple, dict]]:
    """Every dated value in the tree, with its path, in a fixed order."""
    if isinstance(node, dict) and is_dated(node):
        found: list[tuple[tuple, dict]] = [(path, node)]
        for key, entry in sorted(node.items()):
            found += _dated_nodes(entry.get("value"), path + (key, "value"))
        return found
    if isinstance(node, dict):
        return [found for key, item in node.items() for found in _dated_nodes(item, path + (key,))]
    if isinstance(node, list):
        return [found for index, item in enumerate(node) for found in _dated_nodes(item, path + (index,))]
    return []


DATED: list[tuple[tuple, dict]] = _dated_nodes(RULES)


def chosen_date(node: dict, day: str) -> str | None:
    """The date key of the entry that applies on `day` (ISO text), or None before the first."""
    applying = [key for key in node if key <= day]
    return max(applying) if applying else None


def _resolve(node: object, day: str) -> object:
    if isinstance(node, dict) and is_dated(node):
        key = chosen_date(node, day)
        if key is None or "value" not in node[key]:
            return _GONE
        return _resolve(node[key]["value"], day)
    if isinstance(node, dict):
        resolved = {key: _resolve(item, day) for key, item in node.items()}
        return {key: item for key, item in resolved.items() if item is not _GONE}
    if isinstance(node, list):
        return [item for item in (_resolve(entry, day) for entry in node) if item is not _GONE]
    return node


_TREES: dict[tuple, dict] = {}


@cache
def params_at(day: date) -> dict:
    """The rules tree as it applies on `day`."""
    text = day.isoformat()
    signature = tuple(chosen_date(node, text) for _, node in DATED)
    if signature not in _TREES:
        resolved = _resolve(RULES, text)
        assert isinstance(resolved, dict)
        _TREES[signature] = resolved
    return _TREES[signature]


def for_year(year: int) -> dict:
    """The rules tree of application year `year`'s round."""
    return params_at(date(year, 1, 1))


def rule_set(year: int) -> dict:
    """{"id": "2016" | "2020", "title": "…"} of application year `year` (CONTRACT 2c)."""
    return for_year(year)["rule_set"]


def rule_set_years() -> dict[str, tuple[int, int]]:
    """Each rule set's id -> its (first, last) application year, within the years the engine scores."""
    years = RULES["application_years"]
    spans: dict[str, list[int]] = {}
    for year in range(years["first"], years["last"] + 1):
        spans.setdefault(rule_set(year)["id"], []).append(year)
    return {key: (found[0], found[-1]) for key, found in spans.items()}


def rule_set_trees() -> dict[str, dict]:
    """Each rule set's id -> its rules tree in its first year (a value dated later within a rule set is
    not in it: the comparison page and the form describe each rule set as it began)."""
    return {key: for_year(first) for key, (first, _) in rule_set_years().items()}
