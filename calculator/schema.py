"""The applicant's fields, declared once: validation, the form and the page script all read this table.

Every field of CONTRACT.md sections 2 and 2b is one `Field` row (calculator/fields.py): the
applicant's own and the records' here, each indicator's in its unit (calculator/indicators/),
gathered here in form order. The engine's validation
(validation.py) reads input by it; the page build embeds `describe()` and generates the
form, the page's collect/fill code and the error labels from it. Options, bounds and
labels that the rules define come from rules.toml, so they are written down once.

`describe()` returns (JSON-serialisable; every key always present):

    {
      "schema_version": 1,
      "fields": [                       # in form order; a parent comes before its children
        {
          "path": "records.housing[].district",   # "[]" = each item of the array field before it
          "parent": "records.housing[]",          # the object holding it ("" = the applicant)
          "key": "district",                      # its key in that object
          "type": "enum",        # int | number | bool | enum | date (YYYY-MM-DD) | month (YYYY-MM) | object | array
          "mode": "records",     # counts | records | both: the input mode it belongs to (below)
          "label": "房屋所在区",  # the form's own words (never a placeholder)
          "help": "…{cutoff}…",  # may hold {name} placeholders for years[Y][name]
          "widget": "select",    # number | checkbox | radio | select | date | month | rows | group
          "required": false,     # true: an error when missing (where `when` holds)
          "default": "central",  # the engine's value when the field is missing (null: none)
          "default_from": null,  # or the path whose value is the default (continuous_months)
          "initial": "central",  # what the form starts with (may differ from default; null: nothing chosen)
          "min": null, "max": null,   # bounds of int and number fields (null: none; period bounds are
                                      # cross-field checks, see years[Y].employment_months)
          "unit": "",            # 个月, 万元, 条, 年
          "example": "",         # an example value (placeholder text)
          "options": [{"value": "central", "label": "城六区（…）"}, …],   # enum choices, in order;
                                 # with options_by: {controlling value: [choices]}
          "options_by": null,    # the path whose value selects the option list (innovation.points)
          "when": {"path": "records.housing[].kind", "in": ["owned"], "otherwise": "error"}
                                 # null, or: the field applies only while that field (same object)
                                 # has one of these values; otherwise giving it is an "error" or "ignored"
          "section": null,       # the form section it goes in (build_tools/calculator_form.py);
                                 # null: its parent's, "basic" at the top
        }, …
      ],
      "items": [{"id": "employment", "label": "合法稳定就业", "number": "1"}, …],  # result lines, in order
      "eligibility": [{"id": "residence_permit", "label": "持有本市居住证"}, …],
      "years": {"2025": {"cutoff": "2024年12月31日", "cutoff_month": "2024-12", …}, …},
      "deduction_windows": {"bachelor": {"both": 48, "diploma_only": 36, …}, …},
      "records": {"employment_from": "1998-07", "rental_declared_from": "2020-08",
                  "job_residence_from": "2018-01", "max_records": 100}
    }

Modes: an applicant with `records` is in records mode (section 2b): the `counts` fields
must then be absent (an error naming `records`); without it, in counts mode, the
`records` fields must be absent.

Errors (validation.py) carry `path` (`records.housing[1].from`) and `label_of(path)`,
the same words in the form ("住房记录第2条的起始年月").
"""

from __future__ import annotations

import re

from . import indicators, params, periods
from .calendar import parse_year_month, show_date, show_month
from .fields import MAX_RECORDS, Field, choices
from .fields import field as _field
from .indicators import innovation, job_residence
from .rules import ELIGIBILITY, INDICATORS, RULES

# ---------------------------------------------------------------- values from the rules
_YEARS = RULES["application_years"]
_RULE_SET_YEARS = params.rule_set_years()
_EDUCATION = INDICATORS["education"]
_GROUPS = {group["id"]: group for group in ELIGIBILITY["retirement_age"]["groups"]}

EMPLOYMENT_FROM = INDICATORS["employment"]["counting_from"]
RENTAL_DECLARED_FROM = INDICATORS["residence"]["rental_declared_from"]
JOB_RESIDENCE_FROM = INDICATORS["job_residence"]["counting_from"]
TYPE_RULE_SETS = innovation.TYPE_RULE_SETS  # (validation reads them here)
INNOVATION_TYPES = innovation.TYPES
_DISTRICTS = choices([("central", job_residence.CENTRAL), ("outer", "城六区以外的区")])


# ---------------------------------------------------------------- the table
FIELDS: tuple[Field, ...] = (
    # -- the applicant
    _field(
        "application_year",
        "int",
        "申报年度",
        "各项指标计算到{cutoff}，年龄计算到{age_reference}。",
        widget="select",
        required=True,
        min_=_YEARS["first"],
        max_=_YEARS["last"],
    ),
    _field("birth_date", "date", "出生日期", "按身份证填写。", required=True, example="1988-03-15"),
    _field(
        "sex",
        "enum",
        "性别",
        "用于判断法定退休年龄。",
        widget="radio",
        required=True,
        options=choices([("male", "男"), ("female", "女")]),
    ),
    _field(
        "retirement_group",
        "enum",
        "原法定退休年龄（女性）",
        "按2025年1月1日起施行的渐进式延迟退休规定，在原年龄上按出生年月延长。",
        widget="radio",
        default="worker",
        options=choices([("worker", _GROUPS["female_worker"]["label"]), ("cadre", _GROUPS["female_cadre"]["label"])]),
        when=("sex", ("female",), "ignored"),
    ),
    _field(
        "residence_permit",
        "bool",
        "持有北京市居住证",
        "须在{cutoff}前已申领北京市居住证；没有居住证不能申报。",
        default=True,
        initial=False,
        section="eligibility",
    ),
    _field(
        "criminal_record",
        "bool",
        "有刑事犯罪记录",
        "有刑事犯罪记录的不能申报（资格条件是无刑事犯罪记录）。没有的不要勾选。",
        default=False,
        section="eligibility",
    ),
    # -- each indicator's fields, from its unit (calculator/indicators/), in the rules' order
    *indicators.FIELDS,
    # -- records mode (section 2b): dated records instead of the counts
    _field(
        "records",
        "object",
        "缴费与住房记录",
        "按记录填写时，社保、住所、职住区域和教育背景扣减的月数都由记录推算。",
        mode="records",
        default={},
        section="si_records",
    ),
    _field(
        "records.social_insurance",
        "array",
        "社保缴纳记录",
        "按北京社保APP（社保个人权益记录）里的缴费记录，每段填一行，起止月份都算在内。补缴的月份单独填一行，选“补缴”。"
        "两家单位同时缴纳、重叠的月份只算一次。",
        mode="records",
        default=[],
    ),
    _field("records.social_insurance[].from", "month", "起始年月", mode="records", required=True, example="2015-07"),
    _field(
        "records.social_insurance[].to",
        "month",
        "截止年月",
        "仍在缴纳的选“至今”。",
        mode="records",
        required=True,
        example="2024-06",
    ),
    _field(
        "records.social_insurance[].kind",
        "enum",
        "缴费类型",
        mode="records",
        default="normal",
        options=choices([("normal", "正常缴纳"), ("backpay", "补缴")]),
    ),
    _field(
        "records.social_insurance[].work_district",
        "enum",
        "缴费单位所在区",
        "为你缴纳社保的单位所在区，用于职住区域指标。",
        mode="records",
        default="central",
        options=_DISTRICTS,
    ),
    _field(
        "records.housing",
        "array",
        "住房记录",
        "自有住所按房屋所有权证或不动产权证填写；租赁住所（登记备案的租赁合同）和单位宿舍从{rental_from}"
        "起填写，{rental_before}及以前租住的月份不用填，按规则由就业月数推算。同一个月只能有一种住所。",
        mode="records",
        default=[],
        section="housing_records",
    ),
    _field("records.housing[].from", "month", "起始年月", mode="records", required=True, example="2017-01"),
    _field(
        "records.housing[].to",
        "month",
        "截止年月",
        "仍在居住的选“至今”。",
        mode="records",
        required=True,
        example="2024-06",
    ),
    _field(
        "records.housing[].kind",
        "enum",
        "住房类型",
        mode="records",
        required=True,
        initial="owned",
        options=choices(
            [
                ("owned", "自有住所（房屋所有权证或不动产权证）"),
                ("rented", "租赁住所（登记备案）"),
                ("dormitory", "单位宿舍"),
            ]
        ),
    ),
    _field(
        "records.housing[].district",
        "enum",
        "房屋所在区",
        "用于职住区域指标。",
        mode="records",
        default="central",
        options=_DISTRICTS,
        when=("records.housing[].kind", ("owned",), "error"),
    ),
)

BY_PATH: dict[str, Field] = {field.path: field for field in FIELDS}


def _parent(path: str) -> str:
    """ "records.housing[].from" -> "records.housing[]"; "birth_date" -> ""."""
    return path.rpartition(".")[0]


def _children() -> dict[str, tuple[Field, ...]]:
    table: dict[str, list[Field]] = {"": []}
    for field in FIELDS:
        table.setdefault(_parent(field.path), []).append(field)
        if field.type == "object":
            table.setdefault(field.path, [])
        elif field.type == "array":
            table.setdefault(field.path + "[]", [])
    return {parent: tuple(fields) for parent, fields in table.items()}


# object path ("" = the applicant, "records.housing[]" = each item) -> its fields, in order
CHILDREN: dict[str, tuple[Field, ...]] = _children()


def key_of(field: Field) -> str:
    return field.path.rpartition(".")[2]


# Result lines and eligibility conditions, in the rules data's order.
ITEMS = tuple(
    (key, table["label"], str(table["number"]) + ("b" if key == "education_deduction" else ""))
    for key, table in INDICATORS.items()
)
CONDITIONS = tuple(
    (key, table["label"]) for key, table in ELIGIBILITY.items() if isinstance(table, dict) and "label" in table
)


def fit_rule_set(data: dict, year: int) -> tuple[dict, list[str]]:
    """The input carried into year `year`: without the fields (and the 创新创业 type) that do not exist
    under that year's rule set, and the labels of what was dropped (the projection says so)."""
    rule_set = params.rule_set(year)["id"]
    dropped: list[str] = []

    def strip(values: dict, parent: str) -> dict:
        kept = {}
        for key, value in values.items():
            field = BY_PATH.get(f"{parent}.{key}" if parent else key)
            if field is not None and field.rule_sets and rule_set not in field.rule_sets:
                dropped.append(field.label)
                continue
            kept[key] = (
                strip(value, field.path)
                if field is not None and field.type == "object" and isinstance(value, dict)
                else value
            )
        return kept

    fitted = strip(data, "")
    kind = fitted.get("innovation", {}).get("type") if isinstance(fitted.get("innovation"), dict) else None
    if kind in TYPE_RULE_SETS and rule_set not in TYPE_RULE_SETS[kind]:
        dropped.append(f"{BY_PATH['innovation.type'].label}“{dict(INNOVATION_TYPES)[kind]}”")
        fitted["innovation"] = {"type": "none"}
    return fitted, dropped


# ---------------------------------------------------------------- labels of error paths
_STEP = re.compile(r"([^.\[\]]+)((?:\[\d+\])?)")
_BATCH = re.compile(r"\[(\d+)\]\.?")


def label_of(path: str) -> str:
    """An error path in the form's own words.

    "records.housing[1].from" -> "住房记录第2条的起始年月"; "[3].birth_date" (batch) -> "出生日期";
    "" -> "输入". A path the table does not know (an unknown field) is its own label.
    """
    batch = _BATCH.match(path)
    rest = path[batch.end() :] if batch else path
    if not rest:
        return f"第{int(batch.group(1)) + 1}位申请人" if batch else "输入"
    generic, item, label = "", "", rest  # a path with no field name in it ("[") is its own label
    for name, index in _STEP.findall(rest):
        generic = f"{generic}.{name}" if generic else name
        field = BY_PATH.get(generic)
        if field is None:
            return rest
        label = field.label
        if index:
            item = f"{label}第{int(index[1:-1]) + 1}条"
            generic += "[]"
    if item and not rest.endswith("]"):
        return f"{item}的{label}"
    return item or label


# ---------------------------------------------------------------- the table for the page build
def year_values(year: int) -> dict[str, object]:
    """The year-dependent values that `help` placeholders name."""
    span = periods.spans(year)
    tax_years = INDICATORS["tax"]["years"]
    rental_from = parse_year_month(params.for_year(year)["indicators"]["residence"]["rental_declared_from"])
    rule_set = params.rule_set(year)
    return {
        "rule_set": rule_set["id"],
        "rule_set_title": rule_set["title"],
        "rental_from": show_month(rental_from),
        "rental_before": show_month(rental_from - 1),
        "cutoff": show_date(span.cutoff),
        "cutoff_month": f"{span.cutoff.year:04d}-{span.cutoff.month:02d}",
        "age_reference": show_date(span.age_reference),
        "employment_months": span.employment_months,
        "employment_label": span.employment_label,
        "job_residence_months": span.job_residence_months,
        "job_residence_label": span.job_residence_label,
        "tax_years": f"{year - tax_years}—{year - 1}年",
        "previous_december": f"{year - 1}年12月",
    }


def _options_json(options) -> object:
    if options is None:
        return None
    if isinstance(options, dict):
        return {key: _options_json(value) for key, value in options.items()}
    return [{"value": value, "label": label} for value, label in options]


def _field_json(field: Field) -> dict:
    when = field.when and {"path": field.when[0], "in": list(field.when[1]), "otherwise": field.when[2]}
    return {
        "path": field.path,
        "parent": _parent(field.path),
        "key": key_of(field),
        "type": field.type,
        "mode": field.mode,
        "label": field.label,
        "help": field.help,
        "widget": field.widget,
        "required": field.required,
        "default": field.default,
        "default_from": field.default_from,
        "initial": field.initial,
        "min": field.min,
        "max": field.max,
        "unit": field.unit,
        "example": field.example,
        "options": _options_json(field.options),
        "options_by": field.options_by,
        "when": when,
        "rule_sets": list(field.rule_sets) if field.rule_sets else None,
        "section": field.section,
    }


def describe() -> dict:
    """The whole table as JSON data (shape: this module's docstring)."""
    certificates = list(_EDUCATION["certificates"])
    return {
        "schema_version": 1,
        "fields": [_field_json(field) for field in FIELDS],
        "items": [{"id": key, "label": label, "number": number} for key, label, number in ITEMS],
        "eligibility": [{"id": key, "label": label} for key, label in CONDITIONS],
        "years": {str(year): year_values(year) for year in range(_YEARS["first"], _YEARS["last"] + 1)},
        "rule_sets": {
            key: {"first": first, "last": last, "title": params.for_year(first)["rule_set"]["title"]}
            for key, (first, last) in _RULE_SET_YEARS.items()
        },
        "option_rule_sets": {
            "innovation.type": {
                key: list(sets) for key, sets in TYPE_RULE_SETS.items() if len(sets) < len(_RULE_SET_YEARS)
            }
        },  # (the types of one rule set)
        "deduction_windows": {
            level: {cert: periods.deduction_window_months(level, cert) for cert in certificates}
            for level in _EDUCATION["levels"]
        },
        "records": {
            "employment_from": EMPLOYMENT_FROM,
            "rental_declared_from": RENTAL_DECLARED_FROM,
            "job_residence_from": JOB_RESIDENCE_FROM,
            "max_records": MAX_RECORDS,
        },
    }
