"""Rule tables rendered from calculator/rules.toml (via calculator.rules), at build time.

A page asks for a table with the marker

    <!-- rules: education.tiers -->

and the hook replaces it with a Markdown table wrapped in
`<div class="rules-table" data-rules="education.tiers" markdown>`, so the tests can
find every generated table and compare it with the rules data. `table(name)` gives
the header and rows (plain strings); `render(name)` the Markdown. Numbers are never
typed here: every value comes from the rules data file.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from build_tools.evidence_text import check_statement
from calculator import indicators
from calculator.rules import (
    ELIGIBILITY,
    INDICATORS,
    RULES,
    document_title,
    evidence_codes,
    evidence_labels,
    is_open,
    show_number,
    weaker_parts_text,
)

Table = tuple[list[str], list[list[str]]]
_TABLES: dict[str, Callable[[], Table]] = {}

OPEN_MARK = "待核实"
# Columns that only say where a rule comes from: kept out of the search index (the theme's index
# skips an element marked data-search-exclude), so that a search result shows the rule itself.
SOURCE_COLUMNS = {"eligibility.conditions": 2}


def _table(name: str):
    def register(function: Callable[[], Table]) -> Callable[[], Table]:
        _TABLES[name] = function
        return function

    return register


def names() -> list[str]:
    return sorted(_TABLES)


def table(name: str) -> Table:
    if name not in _TABLES:
        raise KeyError(f"unknown rules table {name!r}; known: {', '.join(names())}")
    return _TABLES[name]()


def _year_month(text: str) -> str:
    year, month = str(text).split("-")
    return f"{int(year)}年{int(month)}月"


def _cell(value: str) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _overview_links(rows: list[list[str]], page_uri: str) -> list[list[str]]:
    """Link each indicator's name in the overview to its page (relative to the page showing it)."""
    import posixpath

    base = posixpath.dirname(page_uri) or "."
    linked = []
    for key, row in zip(OVERVIEW_ORDER, rows, strict=True):
        target = posixpath.relpath(indicators.page_of(key), base)
        linked.append([f"[{row[0]}]({target})"] + row[1:])
    return linked


def render(name: str, page_uri: str | None = None) -> str:
    """The Markdown of one table; on a page (page_uri), the overview links to the indicator pages."""
    header, rows = table(name)
    cells = [[_cell(c) for c in row] for row in rows]
    if name in SOURCE_COLUMNS:
        column = SOURCE_COLUMNS[name]
        for row in cells:
            row[column] = f"<span data-search-exclude>{row[column]}</span>"
    if name == "indicators.overview" and page_uri is not None:
        cells = _overview_links(cells, page_uri)
    lines = ["| " + " | ".join(_cell(h) for h in header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in cells]
    body = "\n".join(lines)
    return f'<div class="rules-table" data-rules="{name}" markdown>\n\n{body}\n\n</div>\n'


def _points(value) -> str:
    """ "0.25分"; a rate that has no finite decimal also gets its approximate value: "1/12分（约0.083分）"."""
    text = show_number(value)
    if "/" in text:
        approx = f"{float(Fraction(value)):.3f}".rstrip("0")
        return f"{text}分（约{approx}分）"
    return f"{text}分"


# ------------------------------------------------------------------ eligibility
@_table("eligibility.conditions")
def _eligibility_conditions() -> Table:
    rows = []
    for key in ("residence_permit", "retirement_age", "social_insurance", "criminal_record"):
        rule = ELIGIBILITY[key]
        from calculator.rules import render as fill

        rows.append([rule["label"], fill(rule["summary"], rule), evidence_labels(rule["source"]["evidence"])])
    return ["条件", "说明（本站转述）", "依据"], rows


@_table("eligibility.retirement")
def _eligibility_retirement() -> Table:
    rows = []
    for group in ELIGIBILITY["retirement_age"]["groups"]:
        extra = int(group["max_extra_months"])
        highest = Fraction(group["base_years"]) + Fraction(extra, 12)
        rows.append(
            [
                group["label"],
                f"{group['base_years']}周岁",
                f"{_year_month(group['reform_from'])}及以后出生",
                f"每{group['months_per_step']}个月延迟1个月",
                f"{extra}个月",
                f"{show_number(highest)}周岁",
            ]
        )
    return ["人员", "原法定退休年龄", "适用延迟的出生时间", "延迟幅度", "最多延迟", "延迟后最高"], rows


@_table("eligibility.social_insurance")
def _eligibility_social_insurance() -> Table:
    rule = ELIGIBILITY["social_insurance"]
    months = int(rule["min_continuous_months"])
    return ["项目", "要求"], [
        ["在京连续缴纳社会保险", f"至少{months}个月（{show_number(Fraction(months, 12))}年）"],
        ["连续记录中的补缴月数", f"合计不超过{rule['max_backpay_months']}个月"],
    ]


# ------------------------------------------------------------------ overview
def overview_row(key: str) -> list[str]:
    """指标, 怎么计分 (short), 上限: the line's unit words them from its numbers (calculator/indicators/)."""
    rule = INDICATORS[key]
    return [rule["label"], *indicators.UNITS[key].overview(rule)]


OVERVIEW_ORDER = tuple(INDICATORS)  # the result lines' order, as rules.toml lists them


@_table("indicators.overview")
def _overview() -> Table:
    rows = []
    for key in OVERVIEW_ORDER:
        rule = INDICATORS[key]
        label, how, cap = overview_row(key)
        label = f"（{label}）" if key == "education_deduction" else f"{rule['number']}. {label}"
        if is_open(rule):
            how += f"（部分内容{OPEN_MARK}）"
        rows.append([label, how, cap])
    return ["指标", "怎么计分", "上限"], rows


# ------------------------------------------------------------------ the two rule sets (compare-2016)
@_table("compare.rule_sets")
def _compare_rule_sets() -> Table:
    """Each indicator under each rule set, from the rules data with its dated values resolved: the
    summary in the site's words and how far it is verified. "相同" where the later rule set kept it."""
    from calculator import params
    from calculator.rules import render as fill

    trees = params.rule_set_trees()
    years = params.rule_set_years()
    ids = sorted(trees)  # "2016", "2020"
    header = ["指标"] + [f"{params.rule_set(years[i][0])['title']}，{years[i][0]}—{years[i][1]}年度" for i in ids]
    rows = []
    for key in OVERVIEW_ORDER:
        cells, previous = [], None
        for rule_set in ids:
            rule = trees[rule_set]["indicators"][key]
            text = fill(rule["summary"], rule) + (rule["rental_note"] if "rental_note" in rule else "")
            said = (
                f"{text}（{evidence_labels(rule['source']['evidence'])}"
                + (f"；{OPEN_MARK}" if is_open(rule) else "")
                + "）"
            )
            cells.append("相同" if text == previous else said)
            previous = text
        label = INDICATORS[key]["label"]
        rows.append([label if key != "education_deduction" else f"（{label}）"] + cells)
    return header, rows


# ------------------------------------------------------------------ the indicators
@_table("employment.rates")
def _employment() -> Table:
    r = INDICATORS["employment"]
    return ["项目", "规则"], [
        ["每个正常缴费月", _points(r["points_per_month"])],
        ["满1年（12个月）", _points(r["points_per_year"])],
        ["起算时间", _year_month(r["counting_from"])],
        ["补缴月数", "不计入"],
        ["上限", "不封顶"],
    ]


@_table("residence.rates")
def _residence() -> Table:
    r = INDICATORS["residence"]
    return ["住所类型", "每月", "满1年"], [
        [
            "自有住所（已取得房屋所有权证或不动产权证）",
            _points(r["owned_points_per_month"]),
            _points(r["owned_points_per_year"]),
        ],
        ["租赁住所（登记备案）或单位宿舍", _points(r["rented_points_per_month"]), _points(r["rented_points_per_year"])],
    ]


@_table("education.tiers")
def _education_tiers() -> Table:
    rows = [[t["label"], _points(t["points"]), f"{t['deduction_years']}年"] for t in INDICATORS["education"]["tiers"]]
    return ["学历（学位）", "积分", "扣减时往前计算的年限（二手资料，待核实）"], rows


@_table("education.levels")
def _education_levels() -> Table:
    e = INDICATORS["education"]
    tiers = {t["id"]: t for t in e["tiers"]}

    def points(tier_id: str) -> str:
        return _points(tiers[tier_id]["points"]) if tier_id else "0分"

    rows = [[level["label"], points(level["both"]), points(level["single"])] for level in e["levels"].values()]
    return ["最高层次", "学历和学位都有", "只有学历或只有学位（二手资料，待核实）"], rows


@_table("education_deduction.rates")
def _deduction() -> Table:
    d = INDICATORS["education_deduction"]
    si = Fraction(d["si_points_per_month"])
    cases = [
        ("有社保，住自有住所", si + Fraction(d["owned_points_per_month"])),
        ("有社保，住租赁住所或单位宿舍", si + Fraction(d["rented_points_per_month"])),
        ("有社保，没有住所积分", si),
        ("没有社保", Fraction(0)),
    ]
    return ["窗口内某个月的情况", "该月扣减", "满12个月合计扣减"], [
        [label, _points(value), _points(value * 12)] for label, value in cases
    ]


@_table("job_residence.rates")
def _job_residence() -> Table:
    r = INDICATORS["job_residence"]
    return ["情形（" + _year_month(r["counting_from"]) + "起）", "每满12个月", "上限"], [
        ["在城六区以外的自有住所居住，工作在城六区", _points(r["live_points_per_year"]), _points(r["cap"])],
        [
            "在城六区以外的自有住所居住，并在城六区以外工作",
            _points(r["live_and_work_points_per_year"]),
            _points(r["cap"]),
        ],
        ["不足12个月的部分", "不计分", ""],
    ]


@_table("job_residence.districts")
def _districts() -> Table:
    r = INDICATORS["job_residence"]
    return ["城六区（不能取得职住区域积分的区）"], [["、".join(r["central_districts"])]]


@_table("innovation.types")
def _innovation_types() -> Table:
    types = INDICATORS["innovation"]["types"]
    rows = [
        [types[k]["label"], "、".join(str(p) for p in types[k]["points"]) + "分（具体奖项对应分值" + OPEN_MARK + "）"]
        for k in ("award", "competition")
    ]
    bands = types["equity"]["bands"]
    rows.append([types["equity"]["label"], "、".join(str(b["points"]) for b in bands) + "分（按融资额，见下表）"])
    return ["类型（三类只能选一类）", "可能的分值"], rows


@_table("innovation.equity")
def _innovation_equity() -> Table:
    equity = INDICATORS["innovation"]["types"]["equity"]
    unit = equity["unit"]
    rows = []
    for band in equity["bands"]:
        if "to" in band:
            span = f"{band['from']}{unit}及以上、不足{band['to']}{unit}"
        else:
            span = f"{band['from']}{unit}及以上"
        rows.append([span, _points(band["points"])])
    return ["企业近3年股权现金融资额", "积分"], rows


@_table("tax.rates")
def _tax() -> Table:
    r = INDICATORS["tax"]
    return ["项目", "规则"], [
        ["计算的年份", f"申报年度前{r['years']}年"],
        ["每年的门槛", f"综合所得和经营所得的个人所得税纳税额{r['threshold_10k_yuan']}万元及以上"],
        ["每个达到门槛的年份", _points(r["points_per_year"])],
        ["上限", _points(r["cap"])],
    ]


@_table("age.table")
def _age() -> Table:
    r = INDICATORS["age"]
    full, until, lost = int(r["full_points"]), int(r["full_points_until"]), int(r["points_lost_per_year"])
    rows = [[f"{until}周岁及以下", _points(full)]]
    age = until
    while True:
        age += 1
        points = full - (age - until) * lost
        if points <= 0:
            rows.append([f"{age}周岁及以上", "0分"])
            break
        rows.append([f"{age}周岁", _points(points)])
    return ["申报年度上一年1月1日的周岁", "积分"], rows


@_table("honours.titles")
def _honours() -> Table:
    r = INDICATORS["honours"]
    return ["荣誉称号", "积分"], [[title, _points(r["points"])] for title in r["titles"]]


@_table("law.rates")
def _law() -> Table:
    r = INDICATORS["law"]
    return ["项目", "规则"], [
        ["每条行政拘留记录（本市公安机关作出）", _points(r["points_per_record"])],
        ["计算的时间范围", OPEN_MARK],
    ]


@_table("selection")
def _selection() -> Table:
    s = RULES["selection"]
    return ["项目", "规则"], [
        ["每年落户规模", f"约{s['yearly_scale']}人"],
        ["排序", "按积分从高到低"],
        ["同分", "同分同落：与最低入围分数相同的人都取得资格"],
        ["固定分数线", "不设"],
    ]


# ------------------------------------------------------------------ sources
def _all_rules():
    """(name, table) for every rule that carries a source, in file order."""
    yield "计算截止日", RULES["dates"]["cutoff"]
    yield "年龄计算日", RULES["dates"]["age_reference"]
    yield "资格条件（总述）", ELIGIBILITY
    for key in ("residence_permit", "retirement_age", "social_insurance", "criminal_record"):
        yield "资格条件：" + ELIGIBILITY[key]["label"], ELIGIBILITY[key]
    for rule in INDICATORS.values():
        yield rule["label"], rule
    yield "落户规模与排序", RULES["selection"]


@_table("sources.rules")
def _sources() -> Table:
    """The only place where the evidence tags are shown, beside their plain words."""
    rows = []
    for name, rule in _all_rules():
        source = rule["source"]
        where = f"{document_title(source)} {source['where']}：{evidence_codes(source['evidence'])}" + weaker_parts_text(
            rule, evidence_codes
        )
        rows.append(
            [name + (f"（{OPEN_MARK}）" if is_open(rule) else ""), where, check_statement(source, limits=False)]
        )
    return ["规则", "出处与依据", "核对了什么、何时"], rows


@_table("sources.evidence")
def _evidence() -> Table:
    return ["标记", "本站其他页面上的说法", "含义", "核对时对照的是"], [
        [tag, e["label"], e["description"], e["checked"]] for tag, e in RULES["evidence"].items()
    ]


# ------------------------------------------------------------------ process
def _day(value) -> str:
    return f"{value.month}月{value.day}日"


@_table("process.stages")
def _process_stages() -> Table:
    stages = RULES["process"]["stages"]
    rows = [[f"{index}. {s['label']}", f"{s['days']}天", s["note"]] for index, s in enumerate(stages, start=1)]
    rows.append(["合计", f"约{sum(s['days'] for s in stages)}天", "公示通过后办理落户"])
    return ["阶段", "时长（自然日）", "做什么"], rows


@_table("process.rounds")
def _process_rounds() -> Table:
    rows = []
    for r in RULES["process"]["rounds"]:
        publicity = _day(r["publicity_from"]) + (f"—{_day(r['publicity_to'])}" if "publicity_to" in r else "起")
        rows.append([f"{r['year']}年", f"{_day(r['apply_from'])}—{_day(r['apply_to'])}", publicity])
    return ["年度", "申报", "公示"], rows
