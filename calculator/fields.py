"""One row of the field table, and the helpers that write rows.

The rows themselves live beside their use: the applicant's own fields and the records in
schema.py, each indicator's fields in its unit (calculator/indicators/). schema.py gathers
them into one table, in form order.
"""

from __future__ import annotations

from collections import namedtuple

# A namedtuple, not a dataclass: dataclasses would load inspect (~10 ms), which the browser pays too.
Field = namedtuple(
    "Field",
    [
        "path",
        "type",
        "label",
        "help",
        "widget",
        "mode",
        "required",
        "default",
        "default_from",
        "initial",
        "min",
        "max",
        "unit",
        "example",
        "options",
        "options_by",
        "when",
        "rule_sets",
        "name",  # its attribute on validation.Applicant ("" = none: objects, lists, a record's fields)
        # the form's section it goes in (build_tools/calculator_form.SECTIONS); None: its parent's
        # (a record's fields their list's), and "basic" at the top
        "section",
    ],
)

_WIDGETS = {
    "int": "number",
    "number": "number",
    "bool": "checkbox",
    "enum": "select",
    "date": "date",
    "month": "month",
    "object": "group",
    "array": "rows",
}
_UNSET = object()


def field(
    path: str,
    type_: str,
    label: str,
    help_: str = "",
    *,
    widget: str = "",
    mode: str = "both",
    required: bool = False,
    default: object = None,
    default_from: str | None = None,
    initial: object = _UNSET,
    min_: int | None = None,
    max_: int | None = None,
    unit: str = "",
    example: str = "",
    options: object = None,
    options_by: str | None = None,
    when: tuple | None = None,
    rule_sets: tuple | None = None,
    name: str | None = None,
    section: str | None = None,
) -> Field:
    return Field(
        path,
        type_,
        label,
        help_,
        widget or _WIDGETS[type_],
        mode,
        required,
        default,
        default_from,
        default if initial is _UNSET else initial,
        min_,
        max_,
        unit,
        example,
        options,
        options_by,
        when,
        rule_sets,
        # the Applicant's attribute: the path's last key unless the row names one ("months" is
        # ambiguous); none for objects, lists and the fields of a record
        ("" if type_ in ("object", "array") or "[]" in path else path.rpartition(".")[2]) if name is None else name,
        section,
    )


def choices(pairs) -> tuple:
    return tuple((value, label) for value, label in pairs)


# A field of one rule set only names it (CONTRACT 2c).
TRIAL, CURRENT_SET = ("2016",), ("2020",)
MAX_RECORDS = 100  # rows per record list: a bound on nonsense, not a rule
MAX_DETENTIONS = 99  # likewise
MAX_FINANCING = 100_000_000  # 万元, i.e. 1万亿元: likewise
MAX_YEARS = 99  # likewise
