"""5 创新创业: one of the types of its rule set (awards, contests, equity financing; under the 2016
trial rules also years in a qualifying firm), up to the cap."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from .. import params
from ..fields import MAX_FINANCING, MAX_YEARS, TRIAL, choices, field
from ..rules import INDICATORS, show_number
from ..trace import words
from ._line import ZERO, Scored, rule, scored

if TYPE_CHECKING:
    from ..validation import Applicant

PAGE = ("innovation", "创新创业")  # docs/indicators/<slug>.md, and its title in the site's menu

_INNOVATION = INDICATORS["innovation"]
_TRIAL = params.rule_set_trees()["2016"]["indicators"]["innovation"]
# Every type of any rule set (the validation refuses one of the other rule set, naming innovation.type).
_ALL_TYPES = {
    key: table
    for tree in reversed(params.rule_set_trees().values())  # the current rules' order first
    for key, table in tree["indicators"]["innovation"]["types"].items()
}
TYPES = choices([("none", "无")] + [(key, table["label"]) for key, table in _ALL_TYPES.items()])
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

FIELDS = (
    field("innovation", "object", _INNOVATION["label"], default={"type": "none"}, section="innovation"),
    field(
        "innovation.type",
        "enum",
        "创新创业类型",
        f"三类只能选一类，不累计，最高{show_number(_INNOVATION['cap'])}分。",
        default="none",
        options=TYPES,
        name="innovation_type",
    ),
    field(
        "innovation.points",
        "enum",
        "奖项分值",
        "按获得的奖项选择对应分值。",
        required=True,
        options={key: choices((p, f"{p}分") for p in _ALL_TYPES[key]["points"]) for key in _POINT_TYPES},
        options_by="innovation.type",
        when=("innovation.type", _POINT_TYPES, "error"),
        name="innovation_points",
    ),
    field(
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
    field(
        "innovation.years",
        "int",
        "在规定企业就业或投资的整年数",
        f"试行办法：持股比例、工资收入等符合条件的，每满1年加{_TRIAL['employment_points_per_year']}分，"
        f"最高{_TRIAL['employment_cap']}分（具体条件待核实）。",
        required=True,
        min_=0,
        max_=MAX_YEARS,
        unit="年",
        example="2",
        when=("innovation.type", _YEARS_TYPES, "error"),
        rule_sets=TRIAL,
        name="innovation_years",
    ),
)


def overview(r: dict) -> tuple[str, str]:
    """The overview table's 怎么计分 and 上限."""
    return "奖项、创新创业大赛或科技型企业股权融资，三类选一", f"{r['cap']}分"


# The words of this line's steps (calculator/trace.py renders them)
_I = "indicators.innovation."
WORDS = {
    "innovation.none": words("无创新创业项目：0分"),
    "innovation.employment_cap": words(
        "，超过上限{cap}分，按{cap}分计", "cap", cap="indicators.innovation.employment_cap"
    ),
    "innovation.years": words(
        "{kind}：{years}年 × {per}分 = {points}分",
        "kind",
        "years",
        "per",
        "points",
        per=_I + "employment_points_per_year",
    ),
    "innovation.financing": words("{kind}：企业近3年股权现金融资{amount}万元，", "kind", "amount"),
    "innovation.below": words("不足{lowest}万元，不计分", "lowest"),
    "innovation.band": words("对应{points}分", "points"),
    "innovation.points": words("{kind}：{points}分", "kind", "points"),
}
_NOTE = ("note", _I + "open_note")


def formula(a: Applicant) -> Scored:
    r = rule(a, "innovation")
    cap = r["cap"]
    note = (*_NOTE, r["open_note"])
    if a.innovation_type == "none":
        return ZERO, (("innovation.none",), note)
    kind = r["types"][a.innovation_type]
    if a.innovation_type == "employment":  # the 2016 trial rules: years in a qualifying firm
        per, most = r["employment_points_per_year"], r["employment_cap"]
        raw = a.innovation_years * per
        points = min(raw, most, cap)
        trace: tuple = (("innovation.years", kind["label"], a.innovation_years, per, raw),)
        if raw > most:
            trace += (("innovation.employment_cap", most),)
        return scored(Decimal(points), (*trace, note), Decimal(raw), min(most, cap))
    if a.innovation_type == "equity":
        points = 0
        for band in kind["bands"]:
            if a.financing_10k_yuan >= band["from"]:
                points = band["points"]
        reason = ("innovation.below", kind["bands"][0]["from"]) if points == 0 else ("innovation.band", points)
        trace = (("innovation.financing", kind["label"], a.financing_10k_yuan), reason, note)
        return scored(Decimal(min(points, cap)), trace, Decimal(points), cap)
    points = min(a.innovation_points, cap)
    trace = (("innovation.points", kind["label"], points), note)
    return scored(Decimal(points), trace, Decimal(a.innovation_points), cap)
