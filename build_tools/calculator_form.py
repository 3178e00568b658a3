"""The calculator's form, generated from the applicant field table (calculator/schema.py).

Every field of `schema.describe()` becomes one control, chosen by its `widget`; its label,
help, options, unit, example and starting value come from the table, so a new field needs no
change here: it lands in the section its row names, or its parent's (`section` in the table). This
module adds only the layout: the sections, each indicator's rule folded in, the choice of
input mode, and the rows of dated records.

The markup the page script (docs/calculator/form.js, records.js) relies on:

    data-field="<path>"           on every control ("records.housing[1].from" in a record row)
    data-wrap="<path>"            the field's box (label, control, error slot, help)
    data-mode="counts|records"    shown only in that input mode (calc-mode radios)
    data-when / data-when-in      shown only while that field (the same row's, for "[]" paths)
                                  has one of these values (space-separated)
    data-rule-sets="2016"         shown only for the application years of these rule sets (CONTRACT 2c):
                                  on a field's box, an option, or a rule's summary
    data-rows="<path>"            the list of record rows, with <template data-row-template>:
                                  one row, "{i}" for its index and "{n}" for its number
    id="<field_id(path)>-error"   the error slot of a field, a record row or a record list
    id="obj-<path>-error"         the error slot of an object (social_insurance, records, …)
"""

from __future__ import annotations

import html
import re

from calculator import indicators, params, schema
from calculator.rules import ELIGIBILITY, EVIDENCE, INDICATORS, RULES, is_open
from calculator.rules import render as render_rule

DESCRIPTION = schema.describe()
FIELDS: list[dict] = DESCRIPTION["fields"]
BY_PATH: dict[str, dict] = {field["path"]: field for field in FIELDS}
MODES = ("records", "counts")  # the first is the form's default

# The sections, in form order: key, title (None: the indicator's own), rules table folded in.
_SI_RULE = ELIGIBILITY["social_insurance"]
SECTIONS = (
    ("basic", "申报年度与个人情况", None),
    ("si_records", None, None),
    ("housing_records", None, None),
    ("eligibility", "资格条件", _SI_RULE),
    # then one per indicator page, in the rules' order (calculator/indicators/)
    *((key, None, INDICATORS[key]) for key in indicators.PAGE_LINES),
)
# Record lists start with this many rows (the visitor adds more).
FIRST_ROWS = {"records.social_insurance": 1}
# Month inputs that may say 至今 ("up to the cut-off and on"), and the start month of their record
# (a record that starts after the cut-off, a plan, runs on from its start: records.js).
ONGOING_KEYS = {"to": "from"}


def e(text: object) -> str:
    return html.escape(str(text), quote=True)


def field_id(path: str) -> str:
    """ "social_insurance.months" -> "f-social-insurance-months"; "records.housing[1].from" -> "f-records-housing-1-from"."""
    return "f-" + re.sub(r"[._\[\]]+", "-", path).strip("-")


def generic(path: str) -> str:
    """ "records.housing[1].from" -> "records.housing[].from" (the field table's path)."""
    return re.sub(r"\[[^\]]*\]", "[]", path)


def section_of(path: str) -> str:
    """The form section of a field: its row's `section` (schema.py), else its nearest parent's, else "basic"."""
    parts = generic(path).split(".")
    for n in range(len(parts), 0, -1):
        key = ".".join(parts[:n])
        for row in (key, key.removesuffix("[]")):
            field = BY_PATH.get(row)
            if field is not None and field.get("section"):
                return field["section"]
    return "basic"


def with_years(text: str, values: dict) -> str:
    """Help text (escaped) with its {name} placeholders as spans that the page updates with the year."""

    def span(match: re.Match) -> str:
        name = match.group(1)
        if name not in values:
            raise KeyError(f"help text names {{{name}}}, which schema.year_values() does not give")
        return f'<span class="calc-dyn" data-dyn="{name}">{e(values[name])}</span>'

    return re.sub(r"\{(\w+)\}", span, e(text))


# ---------------------------------------------------------------- one field
class Form:
    """Renders the fields for one default application year (the page updates the year's values)."""

    def __init__(self, year: int):
        self.year = year
        self.values = DESCRIPTION["years"][str(year)]

    def help(self, fid: str, text: str) -> str:
        return f'<p class="calc-help" id="{fid}-help">{with_years(text, self.values)}</p>' if text else ""

    @staticmethod
    def slot(fid: str) -> str:
        return f'<p class="calc-error" id="{fid}-error" hidden></p>'

    @staticmethod
    def described(fid: str, has_help: bool) -> str:
        return f' aria-describedby="{fid}-error{f" {fid}-help" if has_help else ""}"'

    def wrap_attrs(self, field: dict, path: str, *, skip_mode: bool = False) -> str:
        attrs = f' data-wrap="{e(path)}"'
        if field["mode"] != "both" and not skip_mode:
            attrs += f' data-mode="{field["mode"]}"'
        when = field["when"]
        if when:
            attrs += f' data-when="{e(when["path"])}" data-when-in="{e(" ".join(map(str, when["in"])))}"'
        if field["rule_sets"]:
            attrs += f' data-rule-sets="{e(" ".join(field["rule_sets"]))}"'
        return attrs

    def field(self, field: dict, path: str | None = None, *, skip_mode: bool = False, in_row: bool = False) -> str:
        """One field's box. `path`: the concrete path (record rows: "records.housing[{i}].from");
        in a record row the help is not repeated in every row (the list says it once)."""
        path = path or field["path"]
        widget = field["widget"]
        if widget == "rows":
            return self.rows(field)
        if widget == "group":
            return ""
        if field["options_by"]:
            return "".join(
                self.single(field, path, skip_mode=skip_mode, options=options, variant=key)
                for key, options in field["options"].items()
            )
        return self.single(field, path, skip_mode=skip_mode, options=field["options"], in_row=in_row)

    def single(
        self, field: dict, path: str, *, skip_mode: bool, options, variant: str | None = None, in_row: bool = False
    ) -> str:
        widget = field["widget"]
        fid = field_id(path) + (f"-{variant}" if variant else "")
        attrs = self.wrap_attrs(field, path, skip_mode=skip_mode)
        if variant:  # one control per value of the field that picks the options (innovation.points)
            attrs = re.sub(r' data-when="[^"]*" data-when-in="[^"]*"', "", attrs)
            attrs += f' data-when="{e(field["options_by"])}" data-when-in="{e(variant)}"'
        label = e(field["label"])
        help_html = "" if in_row else self.help(fid, field["help"])
        described = self.described(fid, bool(help_html))
        data = f'data-field="{e(path)}"'
        if widget == "radio":
            choices = "".join(
                f'<label class="calc-choice"><input type="radio" name="{e(path)}" value="{e(o["value"])}" {data} '
                f'id="{fid}-{e(o["value"])}"{" checked" if o["value"] == field["initial"] else ""}> {e(o["label"])}</label>'
                for o in options
            )
            return (
                f'<fieldset class="calc-field calc-radios"{attrs} id="{fid}"{described}>'
                f'<legend>{label}</legend><div class="calc-choices">{choices}</div>'
                f"{self.slot(fid)}{help_html}</fieldset>"
            )
        if widget == "checkbox":
            checked = " checked" if field["initial"] else ""
            return (
                f'<div class="calc-field calc-check"{attrs}><label class="calc-choice" for="{fid}">'
                f'<input type="checkbox" id="{fid}" name="{e(path)}" {data}{checked}{described}> {label}</label>'
                f"{self.slot(fid)}{help_html}</div>"
            )
        if widget == "select":
            control = self.select(field, path, fid, options, data, described)
        else:
            control = self.text_input(field, path, fid, data, described)
        return (
            f'<div class="calc-field"{attrs}><label for="{fid}">{label}</label>{control}'
            f"{self.slot(fid)}{help_html}</div>"
        )

    def select(self, field: dict, path: str, fid: str, options, data: str, described: str) -> str:
        if options is None:  # an int chosen from its bounds (tax_qualifying_years, application_year)
            options = [{"value": n, "label": f"{n}{field['unit']}"} for n in range(field["min"], field["max"] + 1)]
        selected = self.year if field["path"] == "application_year" else field["initial"]
        choices = [] if selected is not None else [{"value": "", "label": "请选择"}]
        choices += list(options)
        only = DESCRIPTION["option_rule_sets"].get(field["path"], {})
        opts = "".join(
            f'<option value="{e(o["value"])}"{" selected" if o["value"] == selected else ""}'
            + (f' data-rule-sets="{e(" ".join(only[o["value"]]))}"' if o["value"] in only else "")
            + f'>{e(o["label"])}</option>'
            for o in choices
        )
        return f'<select id="{fid}" name="{e(path)}" {data}{described}>{opts}</select>'

    def text_input(self, field: dict, path: str, fid: str, data: str, described: str) -> str:
        widget = field["widget"]
        if widget == "month":
            # Typed, like a date, not the browser's month control: that one is three Tab stops in
            # Chromium (two segments in the browser's own language's order, and its picker button),
            # hides the example, and Firefox and Safari do not have it. months.parseMonth reads
            # what a phone's number pad can type: 2015.07, 201507 (and 2015-07, 2015年7月).
            kind = 'type="text" inputmode="decimal"'
        elif widget == "date":
            kind = 'type="text" inputmode="text"'
        else:
            kind = f'type="text" inputmode="{"decimal" if field["type"] == "number" else "numeric"}"'
        placeholder = field["example"]
        if not placeholder and field["default_from"]:
            placeholder = "同" + BY_PATH[field["default_from"]]["label"]
        elif not placeholder and isinstance(field["default"], (int, float)) and not isinstance(field["default"], bool):
            placeholder = str(field["default"])
        unit = f'<span class="calc-unit" aria-hidden="true">{e(field["unit"])}</span>' if field["unit"] else ""
        ongoing = ""
        record, _, key = path.rpartition(".")
        if widget == "month" and key in ONGOING_KEYS and "[" in path:
            ongoing = (
                f'<label class="calc-choice calc-ongoing" for="{fid}-ongoing"><input type="checkbox" '
                f'id="{fid}-ongoing" data-ongoing="{e(path)}" data-ongoing-from="{e(record)}.{e(ONGOING_KEYS[key])}">'
                " 至今</label>"
            )
        # HTML allows no placeholder on a month input; a browser without a month picker draws it as a
        # text box, and months.js gives that box this one (showMonthPlaceholders).
        hint = f'{"data-placeholder" if widget == "month" else "placeholder"}="{e(placeholder)}"'
        return (
            f'<div class="calc-input-row"><input {kind} id="{fid}" name="{e(path)}" {data} autocomplete="off" '
            f'spellcheck="false" {hint}{described}>{unit}{ongoing}</div>'
        )

    # ------------------------------------------------------------ record rows
    def row(self, field: dict, index: str, number: str) -> str:
        """One record row; index and number are "{i}"/"{n}" in the template."""
        base = f"{field['path']}[{index}]"
        fid = field_id(base)
        children = [f for f in FIELDS if f["parent"] == field["path"] + "[]"]
        body = "".join(self.field(child, f"{base}.{child['key']}", skip_mode=True, in_row=True) for child in children)
        what = e(field["label"])
        return (
            f'<li class="calc-row" data-row="{index}" data-path="{e(base)}">'
            f'<div class="calc-row-head"><span class="calc-row-title">第{number}条</span>'
            f'<button type="button" class="calc-row-remove" data-remove aria-label="删除{what}第{number}条">删除</button>'
            f"</div>{body}{self.slot(fid)}</li>"
        )

    def rows(self, field: dict) -> str:
        path = field["path"]
        fid = field_id(path)
        first = "".join(self.row(field, str(i), str(i + 1)) for i in range(FIRST_ROWS.get(path, 0)))
        template = self.row(field, "{i}", "{n}")
        children = [f for f in FIELDS if f["parent"] == path + "[]" and f["help"]]
        child_help = "".join(
            f'<li><strong>{e(f["label"])}</strong>：{with_years(f["help"], self.values)}</li>' for f in children
        )
        return (
            f'<div class="calc-rows-box"{self.wrap_attrs(field, path, skip_mode=True)}>'
            f"{self.help(fid, field['help'])}"
            + (f'<ul class="calc-help calc-row-help">{child_help}</ul>' if child_help else "")
            + f'<ol class="calc-rows" data-rows="{e(path)}" aria-label="{e(field["label"])}">{first}</ol>'
            f"{self.slot(fid)}"
            f'<button type="button" class="calc-button" data-add="{e(path)}">＋ 添加一条{e(field["label"])}</button>'
            f'<template data-row-template="{e(path)}">{template}</template></div>'
        )


# ---------------------------------------------------------------- sections
def _one_rule(table: dict, rule_sets: str | None, title: str = "") -> str:
    shown = f' data-rule-sets="{rule_sets}"' if rule_sets else ""
    text = e(render_rule(table["summary"], table))
    open_note = ""
    if is_open(table):
        note = table.get("open_note", "本规则尚未核实。")
        open_note = f'<p class="calc-open"{shown}><strong>{e(EVIDENCE["OPEN"]["label"])}</strong>：{e(note)}</p>'
    summary = f"计分规则：{e(title)}" if title else "计分规则"
    return f'<details class="calc-rule"{shown}><summary>{summary}</summary><p>{text}</p></details>{open_note}'


def _rule_details(table: dict) -> str:
    """The section's rule, in the site's own words, folded on the section's title line; where the
    rules data marks it OPEN, 待核实 stays in sight below. Where the 2016 trial rules said otherwise,
    each rule set's own, shown for its years."""
    key = next((k for k, t in INDICATORS.items() if t is table), None)
    if key is None:
        return _one_rule(table, None)
    by_set = {rule_set: tree["indicators"][key] for rule_set, tree in params.rule_set_trees().items()}
    if all(t["summary"] == table["summary"] and is_open(t) == is_open(table) for t in by_set.values()):
        return _one_rule(table, None)
    current = params.rule_set(RULES["application_years"]["current"])["id"]
    return "".join(
        _one_rule(t, rule_set, "" if rule_set == current else DESCRIPTION["rule_sets"][rule_set]["title"])
        for rule_set, t in by_set.items()
    )


def _mode_of(fields: list[dict]) -> str | None:
    """The input mode a section belongs to when all its fields do (None: both)."""
    modes = {field["mode"] for field in fields}
    return next(iter(modes)) if len(modes) == 1 and modes != {"both"} else None


def mode_switch() -> str:
    labels = {"records": "按日期填写记录（推荐）", "counts": "我已知道月数"}
    radios = "".join(
        f'<label class="calc-choice"><input type="radio" name="calc-mode" value="{mode}" id="calc-mode-{mode}"'
        f'{" checked" if mode == MODES[0] else ""}> {labels[mode]}</label>'
        for mode in MODES
    )
    return (
        '<fieldset class="calc-section calc-mode" data-section="mode" aria-describedby="calc-mode-help">'
        f'<legend>填写方式</legend><div class="calc-choices">{radios}</div>'
        '<p class="calc-help" id="calc-mode-help">按社保缴费记录和房产证、租赁合同上的日期填写，月数由计算器推算；'
        "已经知道各项月数的，可以直接填月数。从记录切换到月数时，会填入由记录推算的月数。</p>"
        '<p class="calc-mode-note" data-testid="mode-note" role="status"></p></fieldset>'
    )


def form_html(
    year: int,
    links: dict[str, str],
    extras: dict[str, list[tuple[str | None, str]]],
    after: dict[str, str] | None = None,
) -> str:
    """The whole form. `extras`: more markup for a section, after its fields: key -> [(mode or None, HTML)];
    `after`: markup placed after a section (key -> HTML)."""
    form = Form(year)
    placed: dict[str, list[dict]] = {key: [] for key, _, _ in SECTIONS}
    for field in FIELDS:
        if "[]" not in field["path"]:  # record fields are drawn by their rows
            placed[section_of(field["path"])].append(field)
    parts = []
    for key, title, rules_table in SECTIONS:
        fields = placed[key]
        more = extras.get(key, [])
        body = "".join(form.field(field) for field in fields) + "".join(
            f'<div data-mode="{mode}">{markup}</div>' if mode else markup for mode, markup in more
        )
        objects = "".join(
            f'<p class="calc-error calc-object-error" id="obj-{e(f["path"])}-error" hidden></p>'
            for f in fields
            if f["widget"] == "group"
        )
        if not body.strip():
            continue
        indicator = INDICATORS.get(key)
        if title is None:
            rows = [f for f in fields if f["widget"] == "rows"]
            title = rows[0]["label"] if rows else indicator["label"]
        number = f'<span class="calc-num">{e(indicator["number"])}</span> ' if indicator else ""
        href = links.get(key)
        link = f' <a class="calc-section-link" href="{e(href)}">详细规则</a>' if href else ""
        mode = _mode_of([f for f in fields if f["widget"] != "group"] + [{"mode": m or "both"} for m, _ in more])
        mode_attr = f' data-mode="{mode}"' if mode else ""
        rule = _rule_details(rules_table) if rules_table else ""
        parts.append(
            f'<fieldset class="calc-section" data-section="{key}"{mode_attr}>'
            f"<legend>{number}{e(title)}{link}</legend>{rule}{body}{objects}</fieldset>"
        )
        if key == "basic":
            parts.append(mode_switch())
        parts.append((after or {}).get(key, ""))
    # The results follow every change; the button is for those who expect one, and it moves the
    # focus to the first error or to the result (calculator.js).
    submit = (
        '<div class="calc-submit"><button type="submit" class="calc-button calc-compute" data-testid="compute">'
        "计算</button></div>"
    )
    return (
        '<form class="calc-form" id="calc-form" novalidate autocomplete="off" aria-label="积分计算器输入">'
        + "".join(parts)
        + submit
        + "</form>"
    )


def page_fields() -> list[dict]:
    """The field table as the page script needs it (no help text: that is in the HTML). The option
    labels and units name the values in the printed report and the scenario comparison (inputs.js)."""
    keep = (
        "path",
        "parent",
        "key",
        "type",
        "widget",
        "mode",
        "label",
        "required",
        "default",
        "initial",
        "when",
        "options_by",
        "options",
        "unit",
        "rule_sets",
    )
    return [{key: field[key] for key in keep} for field in FIELDS]
