"""Input checking, driven by the field table (schema.py): every problem at once.

`check(data)` returns either an `Applicant` (every default filled in; in records mode the
counts derived from the records, see records.py) or the list of problems. It never
raises, whatever JSON-like value it is given. A problem is a dict:

    {"path": "records.housing[1].from",          # "" for the whole input
     "label": "住房记录第2条的起始年月",            # the path in the form's own words (schema.label_of)
     "message": "…",                             # Chinese, in the form's words: no internal field names
     "code": "format",                           # what kind of problem (CODES), for code, not for people
     "related": ["records.housing[0]"]}          # only when it concerns other fields too

`line(problem)` is the command line's form of it: "path: message" (section 2 of the contract).
"""

from __future__ import annotations

import math
import re
from collections import namedtuple
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from . import params, periods, records
from .calendar import month_index, show_month
from .plain_input import compile_applicant, compile_object
from .schema import BY_PATH, CHILDREN, FIELDS, MAX_RECORDS, TYPE_RULE_SETS, key_of, label_of

_DATE_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # fromisoformat alone would take 1988-W10-3
_MONTH_SHAPE = re.compile(r"([0-9]{4})-([0-9]{2})")
_FIRST_MONTH, _LAST_MONTH = month_index(1900, 1), month_index(2100, 12)  # a bound on nonsense, not a rule
_YEARS = BY_PATH["application_year"]
MAX_UNKNOWN = 10  # unknown fields named one by one; the rest are counted
_RULE_SET_YEARS = params.rule_set_years()


# One validated applicant, every default filled in: one attribute per scalar field of the field
# table (schema.Field.name), then what validation adds. A namedtuple: dataclasses would add ~10 ms
# to the engine's import (they load inspect), which the browser pays too.
_ATTRIBUTE_FIELDS = tuple(field for field in FIELDS if field.name)
if TYPE_CHECKING:

    class Applicant:
        """For mypy: the attributes come from the field table when the module loads."""

        def __init__(self, *values: Any) -> None: ...
        def __getattr__(self, name: str) -> Any: ...
        def _replace(self, **changes: Any) -> Applicant: ...

else:
    Applicant = namedtuple(
        "Applicant",
        [field.name for field in _ATTRIBUTE_FIELDS]
        + [
            "derivation",  # records mode: records.Derivation (what each record counted and scored), else None
            "rules",  # the rules tree of the application year's round (params.for_year)
            "rule_set",  # its {"id", "title"}
        ],
    )


# What an absent field is on the Applicant (a field of the other rule set, an innovation type's
# value that this type lacks): nothing of its kind; points picked by another field (奖项分值) 0.
_ABSENT = {"int": 0, "number": 0.0, "bool": False}


def _absent(field) -> object:
    return 0 if field.options_by else _ABSENT.get(field.type)


# Per attribute: (its object's keys, its own key, counts-mode only, absent value); records mode
# leaves the counts at _NO_COUNTS' values until records.apply derives them.
_GETTERS = tuple(
    (
        tuple(field.path.split(".")[:-1]),
        field.path.rpartition(".")[2],
        field.mode == "counts",
        _absent(field),
    )
    for field in _ATTRIBUTE_FIELDS
)


# What a problem is about; pages decide by the code, never by the words (errors.js: a `required`
# field the visitor has not reached yet is "still to fill in", not a mistake).
CODES = {
    "required": "a required field is missing",
    "type": "a value of the wrong kind (text for a number, …)",
    "range": "a number outside its bounds",
    "format": "a date or month not written as asked, or one that does not exist",
    "choice": "not one of the options",
    "unknown": "a field the contract does not have",
    "rule_set": "a field or option of the other rule set (CONTRACT 2c)",
    "conflict": "values that contradict each other or their period",
    "input": "the input as a whole (not JSON, not an object, too deep)",
    "internal": "the engine failed: a bug to report",
}


def problem(
    path: str, message: str, related: list[str] | tuple = (), label: str | None = None, code: str = "conflict"
) -> dict:
    found: dict[str, object] = {"path": path, "label": label or label_of(path), "message": message, "code": code}
    if related:
        found["related"] = list(related)
    return found


def line(found: dict) -> str:
    """A problem as the command line prints it: it starts with the field's path."""
    text = f"{found['path'] or found['label']}: {found['message']}"
    if found.get("related"):
        text += f"（相关字段：{'、'.join(found['related'])}）"
    return text


def _integral(value: object) -> object:
    """150.0 reads as 150: a count written as a whole float is still that count."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and value.bit_length() > 64:
        return "过大的整数"  # repr of a 5,000-digit int raises ValueError
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        shown = value if len(value) <= 20 else value[:20] + "…"
        return f"“{shown}”"
    if isinstance(value, list):
        return "数组"
    if isinstance(value, dict):
        return "对象"
    return type(value).__name__


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


class _Input:
    """One applicant being read: the problems found so far, and which input mode it is in."""

    def __init__(self, prefix: str, records_mode: bool, rule_set: str | None):
        self.prefix = prefix  # "[3]" for the fourth applicant of a batch
        self.records_mode = records_mode
        self.rule_set = rule_set  # the application year's rule set id; None while the year is invalid
        self.errors: list[dict] = []
        self.conflicts: list[str] = []  # count fields given together with records

    def at(self, path: str) -> str:
        if self.prefix:
            return f"{self.prefix}.{path}" if path else self.prefix
        return path

    def fail(self, path: str, message: str, related: tuple | list = (), code: str = "conflict") -> None:
        self.errors.append(problem(self.at(path), message, [self.at(other) for other in related], code=code))


# ---------------------------------------------------------------- one value of each type
# Each reader returns the value as the engine uses it, or None after reporting the problem.


def _read_int(ctx: _Input, field, value, where: str, key: str, _values: dict):
    value = _integral(value)
    if isinstance(value, bool) or not isinstance(value, int):
        ctx.fail(_join(where, key), f"应为整数，收到{_kind(value)}", code="type")
        return None
    low, high = field.min, field.max
    if (low is not None and value < low) or (high is not None and value > high):
        bound = f"{low}到{high}之间" if high is not None else f"不小于{low}"
        ctx.fail(_join(where, key), f"应为{bound}的整数，收到{_kind(value)}", code="range")
        return None
    return value


def _read_number(ctx: _Input, field, value, where: str, key: str, _values: dict):
    # (the range test first: math.isfinite cannot take a 400-digit integer)
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not field.min <= value <= field.max
        or not math.isfinite(value)
    ):
        ctx.fail(
            _join(where, key),
            f"应为{field.min}到{field.max}之间的数（单位：{field.unit}），收到{_kind(value)}",
            code="range" if isinstance(value, (int, float)) and not isinstance(value, bool) else "type",
        )
        return None
    return value


def _read_bool(ctx: _Input, field, value, where: str, key: str, _values: dict):
    if not isinstance(value, bool):
        ctx.fail(_join(where, key), f"应为true或false，收到{_kind(value)}", code="type")
        return None
    return value


def _read_enum(ctx: _Input, field, value, where: str, key: str, values: dict):
    options = field.options
    if field.options_by:
        options = options[values[key_of(BY_PATH[field.options_by])]]
    allowed = _ALLOWED[id(options)]
    if isinstance(allowed[0], int):  # points: 12, 11, 10, …
        value = _integral(value)
        if isinstance(value, bool) or value not in allowed:
            ctx.fail(_join(where, key), f"应为{'、'.join(map(str, allowed))}之一，收到{_kind(value)}", code="choice")
            return None
        return value
    if not isinstance(value, str) or value not in allowed:
        shown = "、".join(f"{option}（{label}）" for option, label in options)
        ctx.fail(_join(where, key), f"应为{shown}之一，收到{_kind(value)}", code="choice")
        return None
    return value


def _read_date(ctx: _Input, field, value, where: str, key: str, _values: dict):
    if not isinstance(value, str) or not _DATE_SHAPE.fullmatch(value):
        ctx.fail(
            _join(where, key), f"日期写作“年-月-日”（YYYY-MM-DD，如{field.example}），收到{_kind(value)}", code="format"
        )
        return None
    year, month, day = (int(part) for part in value.split("-"))
    try:
        return date(year, month, day)
    except ValueError:
        if not 1 <= month <= 12:
            ctx.fail(_join(where, key), f"月份应为1—12，收到{month}", code="format")
        elif year < 1:
            ctx.fail(_join(where, key), f"年份应为四位数，收到{_kind(value)}", code="format")
        else:
            ctx.fail(_join(where, key), f"{year}年{month}月没有{day}日", code="format")
        return None


_MONTHS: dict[str, int] = {}  # "2015-07" -> its month, once read: a batch of records repeats the same months


def _read_month(ctx: _Input, field, value, where: str, key: str, _values: dict):
    known = _MONTHS.get(value) if isinstance(value, str) else None
    if known is not None:
        return known
    shape = _MONTH_SHAPE.fullmatch(value) if isinstance(value, str) else None
    month = None
    if shape and 1 <= int(shape.group(2)) <= 12:
        month = month_index(int(shape.group(1)), int(shape.group(2)))
    if shape and not 1 <= int(shape.group(2)) <= 12:
        ctx.fail(_join(where, key), f"月份应为1—12，收到{int(shape.group(2))}", code="format")
        return None
    if month is None or not _FIRST_MONTH <= month <= _LAST_MONTH:
        ctx.fail(_join(where, key), f"年月写作“年-月”（YYYY-MM，如{field.example}），收到{_kind(value)}", code="format")
        return None
    if len(_MONTHS) < 4096:  # the valid months of 1900-2100 number 2,412: a bound against nothing
        _MONTHS[value] = month
    return month


def _read_object(ctx: _Input, field, value, where: str, key: str, _values: dict):
    return _object(ctx, value, _join(where, key), field.path)


def _read_array(ctx: _Input, field, value, where: str, key: str, _values: dict):
    path = _join(where, key)
    if not isinstance(value, list):
        ctx.fail(path, f"应为数组（[…]），收到{_kind(value)}", code="type")
        return None
    if len(value) > MAX_RECORDS:
        ctx.fail(path, f"最多{MAX_RECORDS}条，收到{len(value)}条", code="range")
        return None
    return [_object(ctx, item, f"{path}[{index}]", field.path + "[]") for index, item in enumerate(value)]


_READERS = {
    "int": _read_int,
    "number": _read_number,
    "bool": _read_bool,
    "enum": _read_enum,
    "date": _read_date,
    "month": _read_month,
    "object": _read_object,
    "array": _read_array,
}


def _option_label(field, value) -> str:
    return dict(field.options).get(value, str(value)) if not field.options_by else str(value)


def _allowed() -> dict[int, tuple]:
    """Each option list's values, by the list's identity (built once, not for every applicant)."""
    lists = []
    for field in BY_PATH.values():
        if field.options_by:
            lists += field.options.values()
        elif field.options:
            lists.append(field.options)
    return {id(options): tuple(value for value, _ in options) for options in lists}


_ALLOWED = _allowed()
_MODES = {"both": None, "records": True, "counts": False}  # field.mode -> the records_mode it needs


def _plan(fields) -> tuple:
    """How to read one kind of object, worked out once: its keys, and a step per field:
    (field, key, reader, records_mode it needs or None, (control key, values, otherwise, control field) or None,
    the rule sets it belongs to or None for all)."""
    names = tuple(key_of(field) for field in fields)
    steps = []
    for field, key in zip(fields, names):
        when = None
        if field.when:
            control = BY_PATH[field.when[0]]
            when = (key_of(control), field.when[1], field.when[2], control)
        steps.append((field, key, _READERS[field.type], _MODES[field.mode], when, field.rule_sets))
    return frozenset(names), "、".join(names), tuple(steps)


_PLANS = {generic: _plan(fields) for generic, fields in CHILDREN.items()}


def _object(ctx: _Input, data: object, where: str, generic: str) -> dict | None:
    """Read one JSON object by the table's fields of `generic` (its path with "[]" for array items).

    Returns {key: value} for every field that applies: the value read, its default when
    missing, or None when it is invalid (so later cross-field checks skip it rather than
    pile up follow-on messages); None when `data` is not an object.
    """
    if not isinstance(data, dict):
        ctx.fail(where, f"应为JSON对象（{{…}}），收到{_kind(data)}", code="type" if where else "input")
        return None
    names, listed, steps = _PLANS[generic]
    unknown = [key for key in data if key not in names]
    for key in unknown[:MAX_UNKNOWN]:
        ctx.fail(_join(where, str(key)[:40]), f"未知字段；可用字段：{listed}", code="unknown")
    if len(unknown) > MAX_UNKNOWN:  # a file of 100,000 stray keys gets a readable answer
        ctx.fail(where, f"另有{len(unknown) - MAX_UNKNOWN}个未知字段未列出", code="unknown")
    values: dict = {}
    for field, key, reader, mode, when, rule_sets in steps:
        present = key in data
        if rule_sets is not None and ctx.rule_set not in rule_sets:
            if ctx.rule_set is not None:  # a field of the other rule set
                if present:
                    ctx.fail(_join(where, key), _other_rule_set(ctx.rule_set, field.rule_sets), code="rule_set")
                continue
            if not present:  # the year is invalid: check what is given, ask for nothing
                continue
        if mode is not None and mode != ctx.records_mode:
            if present and ctx.records_mode:
                ctx.conflicts.append(_join(where, key))  # reported once, as one problem of `records`
            elif present:
                ctx.fail(_join(where, key), "只在按记录填写时使用；按月数填写时不填此项")
            continue
        if when:
            control_key, applies_to, otherwise, control = when
            value = values.get(control_key)
            if otherwise == "error" and value not in applies_to:
                if present and value is not None:
                    ctx.fail(_join(where, key), f"{control.label}为“{_option_label(control, value)}”时不使用此字段")
                continue
        if present:
            values[key] = reader(ctx, field, data[key], where, key, values)
        elif field.required:
            ctx.fail(_join(where, key), "缺少必填字段", code="required")
            values[key] = None
        elif field.default_from:
            values[key] = values[key_of(BY_PATH[field.default_from])]
        elif field.type == "object":
            values[key] = _object(ctx, {}, _join(where, key), field.path)
        else:
            values[key] = [] if field.type == "array" else field.default
    return values


class _Quiet(_Input):
    """A reading that only needs the value: its problems are found again, and worded, by _object."""

    def fail(self, path: str, message: str, related: tuple | list = (), code: str = "conflict") -> None:
        pass


_QUIET = _Quiet("", False, None)


def _quietly(reader) -> Callable:
    """A date or month field's reader as the fast path calls it: value -> value, or None."""
    return lambda field: lambda value: reader(_QUIET, field, value, "", field.path, {})


def _quick_month(field) -> Callable:
    """A month field's fast reader: a month already read is one lookup (records repeat their months)."""
    slow = _quietly(_read_month)(field)
    known = _MONTHS.get

    def read(value: object) -> int | None:
        month = known(value) if type(value) is str else None
        return month if month is not None else slow(value)

    return read


_PLAIN: dict[tuple[str, str, bool], Callable] = {}


def _plain_reader(generic: str, rule_set: str, records_mode: bool) -> Callable[[object], dict | None]:
    """The compiled fast reading of one object kind (plain_input.py), made the first time it is needed."""
    found = _PLAIN.get((generic, rule_set, records_mode))
    if found is None:
        names, _listed, steps = _PLANS[generic]

        def nested(field) -> Callable:
            return _plain_reader(field.path, rule_set, records_mode)

        def array(field) -> Callable:
            read_item = _plain_reader(field.path + "[]", rule_set, records_mode)

            def read(value: object) -> list | None:
                if type(value) is not list or len(value) > MAX_RECORDS:
                    return None
                items = [read_item(item) for item in value]
                return None if None in items else items

            return read

        readers = {"date": _quietly(_read_date), "month": _quick_month, "object": nested, "array": array}
        found = compile_object(
            steps,
            names,
            rule_set,
            records_mode,
            lambda path: key_of(BY_PATH[path]),
            readers,
            lambda options: _ALLOWED[id(options)],
        )
        _PLAIN[(generic, rule_set, records_mode)] = found
    return found


def _years_text(rule_set: str) -> str:
    first, last = _RULE_SET_YEARS[rule_set]
    return f"{first}—{last}年度" if last > first else f"{first}年度"


def _other_rule_set(rule_set: str, applies: tuple) -> str:
    """Why a field of the other rule set is refused: "2019年度按…计分，没有此项；此项只用于2020—2035年度"."""
    title = params.for_year(_RULE_SET_YEARS[rule_set][0])["rule_set"]["title"]
    return f"{_years_text(rule_set)}按{title}计分，没有此项；此项只用于" + "、".join(
        _years_text(other) for other in applies
    )


# The counts of records mode before they are derived (records.apply): zero, living there.
_NO_COUNTS = {
    "months": 0,
    "continuous_months": 0,
    "backpay_months": 0,
    "owned_months": 0,
    "rented_months": 0,
    "deduction_owned_months": 0,
    "deduction_rented_months": 0,
    "deduction_si_only_months": 0,
    "live_and_work_months": 0,
    "live_only_months": 0,
    "living_there_at_cutoff": True,
}

# The Applicant from a read input, in each mode (plain_input.py: the attribute walk compiled once).
_MAKE_APPLICANT = {mode: compile_applicant(_GETTERS, _NO_COUNTS, mode, Applicant) for mode in (False, True)}

# Each application year's round: (its rules tree, its rule set {"id", "title"}), worked out once.
_ROUNDS = {year: (params.for_year(year), params.rule_set(year)) for year in range(_YEARS.min, _YEARS.max + 1)}


def _rule_set_of(data: object) -> str | None:
    """The rule set of the input's application year, if the year is valid (it is read first)."""
    year = _integral(data.get("application_year")) if isinstance(data, dict) else None
    found = _ROUNDS.get(year) if type(year) is int else None  # (bool is not int here)
    return found[1]["id"] if found else None


def _label(path: str) -> str:
    return BY_PATH[path].label


def _get(values: dict | None, key: str):
    return values.get(key) if values else None


# ---------------------------------------------------------------- checks across fields
def _check_counts(ctx: _Input, top: dict, year: int | None, birth: date | None) -> None:
    """Counts mode: bounds that depend on the application year, and counts that contradict each other.

    Each is checked only when the fields it compares are themselves valid.
    """
    si, housing, edu, jr = top["social_insurance"], top["housing"], top["education"], top["job_residence"]
    months, continuous, backpay = _get(si, "months"), _get(si, "continuous_months"), _get(si, "backpay_months")
    owned, rented = _get(housing, "owned_months"), _get(housing, "rented_months")
    live_work, live_only = _get(jr, "live_and_work_months"), _get(jr, "live_only_months")

    def over(value: int | None, limit: int) -> bool:
        return value is not None and value > limit

    if year is not None:
        spans = periods.spans(year)
        cutoff = spans.cutoff
        if over(months, spans.employment_months):
            ctx.fail(
                "social_insurance.months",
                f"不能超过{spans.employment_label}的{spans.employment_months}个月，收到{months}",
            )
        if birth is not None and over(continuous, periods.months_lived(birth, cutoff)):
            ctx.fail(
                "social_insurance.continuous_months", f"不能超过出生至{cutoff.isoformat()}的月数，收到{continuous}"
            )
        if None not in (owned, rented) and owned + rented > spans.employment_months:
            ctx.fail(
                "housing",
                f"自有住所与租赁住所月数合计{owned + rented}个月，超过{spans.employment_label}的"
                f"{spans.employment_months}个月（同一个月只能算一种住所）",
            )
        if None not in (live_work, live_only) and live_work + live_only > spans.job_residence_months:
            ctx.fail(
                "job_residence",
                f"两类月数合计{live_work + live_only}个月，超过{spans.job_residence_label}的"
                f"{spans.job_residence_months}个月",
            )
    if None not in (backpay, continuous) and backpay > continuous:
        ctx.fail("social_insurance", f"补缴月数{backpay}多于连续缴纳月数{continuous}")
    if None not in (live_work, live_only, owned) and live_work + live_only > owned:
        ctx.fail(
            "job_residence",
            f"两类月数合计{live_work + live_only}个月，多于{_label('housing.owned_months')}{owned}个月",
            ["housing.owned_months"],
        )
    if None not in (live_work, months) and live_work > months:
        ctx.fail(
            "job_residence",
            f"居住并工作月数{live_work}多于{_label('social_insurance.months')}{months}",
            ["social_insurance.months"],
        )
    level, certificates = _get(edu, "level"), _get(edu, "certificates")
    d_owned, d_rented, d_si = (
        _get(edu, "deduction_owned_months"),
        _get(edu, "deduction_rented_months"),
        _get(edu, "deduction_si_only_months"),
    )
    if None in (level, certificates, d_owned, d_rented, d_si):
        return
    total = d_owned + d_rented + d_si
    window = periods.deduction_window_months(level, certificates)
    # The 2016 rules deduct the actual study period, which has no fixed length (the bounds below still hold).
    fixed = year is None or periods.spans(year).deduction_window == "tier_years"
    if window and fixed and total > window:
        ctx.fail("education", f"三项扣减月数合计{total}个月，超过扣减年限{window}个月")
    elif not window and total:
        ctx.fail("education", f"无学历（学位）积分时不扣减，三项扣减月数应为0，收到合计{total}个月")
    if owned is not None and d_owned > owned:
        ctx.fail(
            "education",
            f"扣减的自有住所月数{d_owned}多于{_label('housing.owned_months')}{owned}",
            ["housing.owned_months"],
        )
    if rented is not None and d_rented > rented:
        ctx.fail(
            "education",
            f"扣减的租赁住所月数{d_rented}多于{_label('housing.rented_months')}{rented}",
            ["housing.rented_months"],
        )
    if months is not None and total > months:
        ctx.fail(
            "education",
            f"三项扣减月数合计{total}多于{_label('social_insurance.months')}{months}",
            ["social_insurance.months"],
        )


def _valid_items(items: list | None) -> list[tuple[int, dict]]:
    return [(index, item) for index, item in enumerate(items or ()) if item]


def _check_records(ctx: _Input, top: dict, year: int | None, birth: date | None) -> None:
    """Records mode: periods that run backwards, rentals the rule infers, overlapping homes, late graduation."""
    if ctx.conflicts:
        ctx.fail(
            "records",
            "按记录填写时，社保、住所、职住区域和教育背景扣减的月数都由记录推算，不能同时填写："
            + "、".join(label_of(path) for path in ctx.conflicts),
            ctx.conflicts,
        )
    found = top["records"]
    for name in ("social_insurance", "housing"):
        for index, item in _valid_items(_get(found, name)):
            first, last = item["from"], item["to"]
            where = f"records.{name}[{index}]"
            if None not in (first, last) and last < first:
                ctx.fail(f"{where}.to", f"截止年月{show_month(last)}早于起始年月{show_month(first)}")
            if (
                name == "social_insurance"
                and first is not None
                and birth is not None
                and first < month_index(birth.year, birth.month)
            ):
                ctx.fail(
                    f"{where}.from",
                    f"{show_month(first)}早于出生年月（{show_month(month_index(birth.year, birth.month))}）",
                )
            declared_from = periods.spans(year).rental_declared_from if year is not None else None
            if (
                item.get("kind") in ("rented", "dormitory")
                and first is not None
                and declared_from is not None
                and first < declared_from
            ):
                ctx.fail(
                    f"{where}.from",
                    f"租赁住所和单位宿舍从{show_month(declared_from)}起填写，收到"
                    f"{show_month(first)}：{show_month(declared_from - 1)}及以前租住的月份不用填，"
                    "由就业月数减去自有住所月数推算",
                )
    homes = sorted(
        (item["from"], index, item["to"])
        for index, item in _valid_items(_get(found, "housing"))
        if None not in (item["from"], item["to"]) and item["from"] <= item["to"]
    )
    for position, (first, index, _last) in enumerate(homes):
        for other_first, other, other_last in homes[:position]:
            if first <= other_last:
                ctx.fail(
                    f"records.housing[{index}]",
                    f"与住房记录第{other + 1}条（{show_month(other_first)}至"
                    f"{show_month(other_last)}）时间重叠：同一个月只能有一种住所",
                    [f"records.housing[{other}]"],
                )
    graduation = _get(top["education"], "graduation")
    if year is not None and graduation is not None:
        cutoff = periods.spans(year).cutoff
        if graduation > month_index(cutoff.year, cutoff.month):
            ctx.fail(
                "education.graduation",
                f"{show_month(graduation)}晚于计算截止日{cutoff.isoformat()}："
                "各项指标都计算到截止日，该学历（学位）这一年度还不能计分",
            )
    study_from = _get(top["education"], "study_from")
    if None not in (study_from, graduation) and study_from > graduation:
        ctx.fail("education.study_from", f"入学年月{show_month(study_from)}晚于毕业年月{show_month(graduation)}")


# ---------------------------------------------------------------- one applicant
def check(data: object, path: str = "") -> Applicant | list[dict]:
    """Validate one applicant: an Applicant, or the list of every problem found."""
    ctx = _Input(path, isinstance(data, dict) and "records" in data, _rule_set_of(data))
    # a plainly valid input is read by the compiled fast path; anything else the full way, which words it
    top = _plain_reader("", ctx.rule_set, ctx.records_mode)(data) if ctx.rule_set is not None else None
    if top is None:
        top = _object(ctx, data, "", "")
    if top is None:
        return ctx.errors
    year, birth = top["application_year"], top["birth_date"]
    innovation = top["innovation"]
    kind = _get(innovation, "type")
    if ctx.rule_set is not None and kind in TYPE_RULE_SETS and ctx.rule_set not in TYPE_RULE_SETS[kind]:
        ctx.fail(
            "innovation.type",
            f"“{_option_label(BY_PATH['innovation.type'], kind)}”："
            + _other_rule_set(ctx.rule_set, TYPE_RULE_SETS[kind]),
            code="rule_set",
        )
    if year is not None and birth is not None:
        cutoff = periods.spans(year).cutoff
        if not (date(1900, 1, 1) <= birth < cutoff):
            ctx.fail("birth_date", f"出生日期应早于计算截止日{cutoff.isoformat()}，收到{birth.isoformat()}")
            birth = None
    if ctx.records_mode:
        _check_records(ctx, top, year, birth)
    else:
        _check_counts(ctx, top, year, birth)
    if ctx.errors:
        return ctx.errors

    rules, rule_set = _ROUNDS[year]
    applicant = _MAKE_APPLICANT[ctx.records_mode](top, rules, rule_set)
    if ctx.records_mode:
        return records.apply(applicant, top["records"], top["education"].get("graduation"))
    return applicant
