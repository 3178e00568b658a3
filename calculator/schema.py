"""The applicant's fields, declared once: validation, the form and the page script all read this table.

Every field of CONTRACT.md sections 2 and 2b is one `Field` row. The engine's validation
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
from collections import namedtuple

from . import params, periods
from .calendar import parse_year_month, show_date, show_month
from .rules import ELIGIBILITY, INDICATORS, RULES, show_number

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


def _field(
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


def _choices(pairs) -> tuple:
    return tuple((value, label) for value, label in pairs)


# ---------------------------------------------------------------- values from the rules
_YEARS = RULES["application_years"]
# A field of one rule set only names it (CONTRACT 2c); the 2016 trial rules' own values come from their tree.
_RULE_SET_YEARS = params.rule_set_years()
_TRIAL = params.rule_set_trees()["2016"]["indicators"]
TRIAL, CURRENT_SET = ("2016",), ("2020",)
_EMPLOYMENT = INDICATORS["employment"]
_RESIDENCE = INDICATORS["residence"]
_EDUCATION = INDICATORS["education"]
_JOB = INDICATORS["job_residence"]
_INNOVATION = INDICATORS["innovation"]
_TAX = INDICATORS["tax"]
_SI_RULE = ELIGIBILITY["social_insurance"]
_GROUPS = {group["id"]: group for group in ELIGIBILITY["retirement_age"]["groups"]}

EMPLOYMENT_FROM = _EMPLOYMENT["counting_from"]
RENTAL_DECLARED_FROM = _RESIDENCE["rental_declared_from"]
JOB_RESIDENCE_FROM = _JOB["counting_from"]
MAX_RECORDS = 100  # rows per record list: a bound on nonsense, not a rule
MAX_DETENTIONS = 99  # likewise
MAX_FINANCING = 100_000_000  # 万元, i.e. 1万亿元: likewise
MAX_YEARS = 99  # likewise

_CENTRAL = "城六区（" + "、".join(name.removesuffix("区") for name in _JOB["central_districts"]) + "）"
_DISTRICTS = _choices([("central", _CENTRAL), ("outer", "城六区以外的区")])
_LEVELS_WITH_POINTS = tuple(key for key, level in _EDUCATION["levels"].items() if level["both"])
_TWO_CERTIFICATE_LEVELS = tuple(
    key for key, level in _EDUCATION["levels"].items() if level["both"] and level["both"] != level["single"]
)


# Every type of any rule set (the validation refuses one of the other rule set, naming innovation.type).
_ALL_TYPES = {
    key: table
    for tree in reversed(params.rule_set_trees().values())  # the current rules' order first
    for key, table in tree["indicators"]["innovation"]["types"].items()
}
INNOVATION_TYPES = _choices([("none", "无")] + [(key, table["label"]) for key, table in _ALL_TYPES.items()])
# type -> the rule sets it exists under
TYPE_RULE_SETS = {
    key: tuple(
        rule_set
        for rule_set, tree in params.rule_set_trees().items()
        if key in tree["indicators"]["innovation"]["types"]
    )
    for key in _ALL_TYPES
}
_POINT_TYPES = tuple(key for key, table in _ALL_TYPES.items() if "points" in table)
_FINANCING_TYPES = tuple(key for key, table in _ALL_TYPES.items() if "bands" in table)
_YEARS_TYPES = tuple(key for key, table in _ALL_TYPES.items() if table.get("unit") == "年")
_BANDS = "；".join(
    f"{band['from']}—{band['to']}万元{band['points']}分"
    if "to" in band
    else f"{band['from']}万元及以上{band['points']}分"
    for table in _INNOVATION["types"].values()
    for band in table.get("bands", ())
)


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
        options=_choices([("male", "男"), ("female", "女")]),
    ),
    _field(
        "retirement_group",
        "enum",
        "原法定退休年龄（女性）",
        "按2025年1月1日起施行的渐进式延迟退休规定，在原年龄上按出生年月延长。",
        widget="radio",
        default="worker",
        options=_choices([("worker", _GROUPS["female_worker"]["label"]), ("cadre", _GROUPS["female_cadre"]["label"])]),
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
    # -- counts mode (section 2): the month counts
    _field("social_insurance", "object", "社会保险缴纳", mode="counts", required=True, section="eligibility"),
    _field(
        "social_insurance.months",
        "int",
        "社会保险正常缴纳月数",
        "{employment_label}在京正常缴纳社会保险的累计月数（取月数最多的险种），不含补缴；最多{employment_months}个月。",
        mode="counts",
        required=True,
        min_=0,
        unit="个月",
        example="150",
        name="si_months",
        section="employment",
    ),
    _field(
        "social_insurance.continuous_months",
        "int",
        "连续缴纳社会保险月数",
        f"截至{{cutoff}}在京连续缴纳的月数（补缴后连续的月份也算），至少{_SI_RULE['min_continuous_months']}"
        "个月才能申报。不填则等于正常缴纳月数。",
        mode="counts",
        default_from="social_insurance.months",
        min_=0,
        unit="个月",
        name="si_continuous_months",
    ),
    _field(
        "social_insurance.backpay_months",
        "int",
        "其中补缴月数",
        f"连续缴纳记录中补缴的月数，不超过{_SI_RULE['max_backpay_months']}个月才能申报。",
        mode="counts",
        default=0,
        min_=0,
        unit="个月",
        name="si_backpay_months",
    ),
    _field("housing", "object", _RESIDENCE["label"], mode="counts", default={}, section="residence"),
    _field(
        "housing.owned_months",
        "int",
        "自有住所月数",
        "在本市自有住所（有房屋所有权证或不动产权证）居住的月数，各区都算。",
        mode="counts",
        default=0,
        min_=0,
        unit="个月",
    ),
    _field(
        "housing.rented_months",
        "int",
        "租赁住所或单位宿舍月数",
        "全部租赁住所和单位宿舍月数：{rental_before}及以前的不用申报，按该期间的就业月数减去自有住所月数计算；"
        "{rental_from}起为登记备案的租赁月数。",
        mode="counts",
        default=0,
        min_=0,
        unit="个月",
    ),
    # -- both modes
    _field("education", "object", _EDUCATION["label"], default={}, section="education"),
    _field(
        "education.level",
        "enum",
        "最高学历（学位）",
        "只计最高一项，须为国家教育部承认的学历学位。",
        default="none",
        options=_choices((key, level["label"]) for key, level in _EDUCATION["levels"].items()),
        name="education_level",
    ),
    _field(
        "education.certificates",
        "enum",
        "证书",
        _EDUCATION["single_certificate_rule"] + "。",
        default="both",
        options=_choices(_EDUCATION["certificates"].items()),
        when=("education.level", _TWO_CERTIFICATE_LEVELS, "ignored"),
    ),
    _field(
        "education.graduation",
        "month",
        "毕业年月",
        "计分学历的毕业时间（学历证书上的日期）；只有学位证书的，填学位证书上的日期。教育背景扣减从这个月往前数。",
        mode="records",
        required=True,
        example="2017-06",
        when=("education.level", _LEVELS_WITH_POINTS, "error"),
    ),
    _field(
        "education.study_from",
        "month",
        "入学年月",
        "试行办法扣除实际就读期间（入学至毕业）的就业、住所积分：填计分学历的入学时间。",
        mode="records",
        required=True,
        example="2013-09",
        when=("education.level", _LEVELS_WITH_POINTS, "error"),
        rule_sets=TRIAL,
    ),
    _field(
        "education.deduction_owned_months",
        "int",
        "扣减期内有社保且住自有住所的月数",
        "扣减期内同时正常缴纳社保、住在自有住所的月数。",
        mode="counts",
        default=0,
        min_=0,
        unit="个月",
        when=("education.level", _LEVELS_WITH_POINTS, "ignored"),
    ),
    _field(
        "education.deduction_rented_months",
        "int",
        "扣减期内有社保且住租赁住所或宿舍的月数",
        "扣减期内同时正常缴纳社保、住在租赁住所或单位宿舍的月数。",
        mode="counts",
        default=0,
        min_=0,
        unit="个月",
        when=("education.level", _LEVELS_WITH_POINTS, "ignored"),
    ),
    _field(
        "education.deduction_si_only_months",
        "int",
        "扣减期内有社保但住所未计分的月数",
        "扣减期内正常缴纳社保、但没有住所积分的月数。三项合计不超过扣减期。",
        mode="counts",
        default=0,
        min_=0,
        unit="个月",
        when=("education.level", _LEVELS_WITH_POINTS, "ignored"),
    ),
    _field("job_residence", "object", _JOB["label"], mode="counts", default={}, section="job_residence"),
    _field(
        "job_residence.live_and_work_months",
        "int",
        "城六区外自有住所居住、且在城六区外工作的月数",
        f"{{job_residence_label}}，住在{_CENTRAL}以外的自有住所，同时在城六区以外的任一区工作"
        "（以缴纳社保的单位所在区为准）的月数。",
        mode="counts",
        default=0,
        min_=0,
        unit="个月",
    ),
    _field(
        "job_residence.live_only_months",
        "int",
        "城六区外自有住所居住、在城六区内工作的月数",
        "{job_residence_label}，住在城六区以外的自有住所、在城六区内工作的月数。两项合计最多{job_residence_months}个月。",
        mode="counts",
        default=0,
        min_=0,
        unit="个月",
    ),
    _field(
        "job_residence.living_there_at_cutoff",
        "bool",
        "申报年度上一年12月仍住在该住所",
        "须在{previous_december}仍住在城六区以外的该自有住所（取得落户资格后在该住所落户），职住区域才计分。",
        mode="counts",
        default=True,
    ),
    _field("innovation", "object", _INNOVATION["label"], default={"type": "none"}, section="innovation"),
    _field(
        "innovation.type",
        "enum",
        "创新创业类型",
        f"三类只能选一类，不累计，最高{show_number(_INNOVATION['cap'])}分。",
        default="none",
        options=INNOVATION_TYPES,
        name="innovation_type",
    ),
    _field(
        "innovation.points",
        "enum",
        "奖项分值",
        "按获得的奖项选择对应分值。",
        required=True,
        options={key: _choices((p, f"{p}分") for p in _ALL_TYPES[key]["points"]) for key in _POINT_TYPES},
        options_by="innovation.type",
        when=("innovation.type", _POINT_TYPES, "error"),
        name="innovation_points",
    ),
    _field(
        "innovation.financing_10k_yuan",
        "number",
        "企业近3年股权现金融资额",
        f"持股10%以上并在该企业工作满一个自然年度；按融资额计分：{_BANDS}。",
        required=True,
        min_=0,
        max_=MAX_FINANCING,
        unit="万元",
        example="2500",
        when=("innovation.type", _FINANCING_TYPES, "error"),
    ),
    _field(
        "innovation.years",
        "int",
        "在规定企业就业或投资的整年数",
        f"试行办法：持股比例、工资收入等符合条件的，每满1年加{_TRIAL['innovation']['employment_points_per_year']}分，"
        f"最高{_TRIAL['innovation']['employment_cap']}分（具体条件待核实）。",
        required=True,
        min_=0,
        max_=MAX_YEARS,
        unit="年",
        example="2",
        when=("innovation.type", _YEARS_TYPES, "error"),
        rule_sets=TRIAL,
        name="innovation_years",
    ),
    _field(
        "tax_qualifying_years",
        "int",
        f"纳税{show_number(_TAX['threshold_10k_yuan'])}万元及以上的年数",
        f"{{tax_years}}中，个人所得税（综合所得与经营所得）纳税额达到{show_number(_TAX['threshold_10k_yuan'])}"
        "万元及以上的年数。",
        widget="select",
        default=0,
        min_=0,
        max_=_TAX["years"],
        unit="年",
        rule_sets=CURRENT_SET,
        section="tax",
    ),
    _field(
        "tax_average_qualifies",
        "bool",
        f"近3年平均每年纳税{show_number(_TAX['threshold_10k_yuan'])}万元及以上",
        f"试行办法：{{tax_years}}连续纳税，工资、薪金以及劳务报酬的个人所得税纳税额平均每年"
        f"{show_number(_TAX['threshold_10k_yuan'])}万元及以上的，加{_TRIAL['tax']['average_points']}分。",
        default=False,
        rule_sets=TRIAL,
        section="tax",
    ),
    _field(
        "tax_violations",
        "int",
        "涉税违法行为记录数",
        f"试行办法：2017年1月1日起有涉税违法行为记录的，每条计{_TRIAL['tax']['violation_points']}分。",
        default=0,
        min_=0,
        max_=MAX_DETENTIONS,
        unit="条",
        rule_sets=TRIAL,
        section="tax",
    ),
    _field(
        "honours",
        "bool",
        "获得规定的荣誉称号",
        "；".join(INDICATORS["honours"]["titles"]) + "，获得其一即可。",
        default=False,
        section="honours",
    ),
    _field(
        "detentions",
        "int",
        "在本市被处以行政拘留的记录数",
        "",
        default=0,
        min_=0,
        max_=MAX_DETENTIONS,
        unit="条",
        section="law",
    ),
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
        options=_choices([("normal", "正常缴纳"), ("backpay", "补缴")]),
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
        options=_choices(
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
