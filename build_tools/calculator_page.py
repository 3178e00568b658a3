"""The calculator page's form, result panel and page data, generated at build time.

Marker (dispatched by build_tools/mkdocs_hooks.py):

    <!-- calculator: form -->     the whole calculator: engine start-up, form, results, page data

Everything the visitor reads about a field (labels, options, bounds, help text, cut-off
dates) comes from calculator/rules.toml and the engine's own helpers (calculator.periods),
so the form and the engine cannot disagree. The form is plain HTML: it is there, usable
and readable, before Python has loaded (and without JavaScript at all).

The page's scripts (docs/calculator/):

    calculator.js       main-thread ES module: form <-> applicant JSON, results, #data= links
    engine-worker.js    module Web Worker: Pyodide + the engine wheel, calculator.score_json()
    calculator.css      the calculator's styles (phone first)

Every input that maps to an applicant field carries `data-field="<contract path>"`
(for example `social_insurance.months`), so the engine's error lines map straight back.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from datetime import date
from pathlib import Path
from typing import Iterable

from build_tools import history_chart
from calculator import periods
from calculator.calendar import months_inclusive, parse_year_month, show_date, show_month
from calculator.rules import ELIGIBILITY, EVIDENCE, INDICATORS, RULES, is_open, show_number
from calculator.rules import render as render_rule

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

# The applicant fields of CONTRACT.md section 2, in its order: the form has exactly these.
CONTRACT_FIELDS = (
    "application_year", "birth_date", "sex", "retirement_group", "residence_permit", "criminal_record",
    "social_insurance.months", "social_insurance.continuous_months", "social_insurance.backpay_months",
    "housing.owned_months", "housing.rented_months",
    "education.level", "education.certificates", "education.deduction_owned_months",
    "education.deduction_rented_months", "education.deduction_si_only_months",
    "job_residence.live_and_work_months", "job_residence.live_only_months", "job_residence.living_there_at_cutoff",
    "innovation.type", "innovation.points", "innovation.financing_10k_yuan",
    "tax_qualifying_years", "honours", "detentions",
)
REQUIRED = ("application_year", "birth_date", "sex", "social_insurance.months")
ITEM_IDS = ("employment", "residence", "education", "education_deduction", "job_residence",
            "innovation", "tax", "age", "honours", "law")
ELIGIBILITY_IDS = ("residence_permit", "retirement_age", "social_insurance", "criminal_record")

_YEARS = RULES["application_years"]
_CUTOFF = RULES["dates"]["cutoff"]
_AGE_REF = RULES["dates"]["age_reference"]
_EMPLOYMENT = INDICATORS["employment"]
_RESIDENCE = INDICATORS["residence"]
_EDUCATION = INDICATORS["education"]
_DEDUCTION = INDICATORS["education_deduction"]
_JOB = INDICATORS["job_residence"]
_INNOVATION = INDICATORS["innovation"]
_TAX = INDICATORS["tax"]
_AGE = INDICATORS["age"]
_HONOURS = INDICATORS["honours"]
_LAW = INDICATORS["law"]
_SI_RULE = ELIGIBILITY["social_insurance"]


def e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _ym(text: str) -> str:
    """"1998-07" -> "1998年7月"."""
    return show_month(parse_year_month(text))


def _month_before(text: str) -> str:
    return show_month(parse_year_month(text) - 1)


# ---------------------------------------------------------------- year-dependent values
def default_year(today: date | None = None) -> int:
    """The round a visitor is most likely preparing for: this year's until May, then next year's.

    (Applications run from mid-April to mid-May; calculator.js applies the same rule with
    the visitor's own date, this one only fills the static HTML.)
    """
    today = today or date.today()
    year = today.year if today.month <= 5 else today.year + 1
    return max(_YEARS["first"], min(_YEARS["last"], year))


def year_values(year: int) -> dict[str, object]:
    """Every year-dependent value the form shows, from the engine's own period helper."""
    span = periods.spans(year)
    return {
        "cutoff": show_date(span.cutoff),
        "age_reference": show_date(span.age_reference),
        "employment_months": span.employment_months,
        "employment_label": span.employment_label,
        "job_residence_months": span.job_residence_months,
        "job_residence_label": span.job_residence_label,
        "tax_years": f"{year - _TAX['years']}—{year - 1}年",
        "previous_december": f"{year - 1}年12月",
    }


def _dyn(name: str, year: int) -> str:
    """A span that calculator.js refreshes when the application year changes."""
    return f'<span class="calc-dyn" data-dyn="{name}">{e(year_values(year)[name])}</span>'


def deduction_windows() -> dict[str, dict[str, int]]:
    levels = _EDUCATION["levels"]
    return {level: {cert: periods.deduction_window_months(level, cert) for cert in _EDUCATION["certificates"]}
            for level in levels}


def _rental_free_months() -> int:
    """Months from the start of employment counting to the month before rental must be declared."""
    return months_inclusive(parse_year_month(_EMPLOYMENT["counting_from"]),
                            parse_year_month(_RESIDENCE["rental_declared_from"]) - 1)


# ---------------------------------------------------------------- HTML pieces
def _help(field_id: str, text: str) -> str:
    return f'<p class="calc-help" id="{field_id}-help">{text}</p>'


def _error_slot(field_id: str) -> str:
    return f'<p class="calc-error" id="{field_id}-error" hidden></p>'


def field_id(path: str) -> str:
    return "f-" + path.replace(".", "-").replace("_", "-")


def _text_field(path: str, label: str, help_html: str, *, placeholder: str = "", inputmode: str = "numeric",
                 value: str = "", unit: str = "", extra: str = "", wrap: str = "") -> str:
    fid = field_id(path)
    unit_html = f'<span class="calc-unit" aria-hidden="true">{e(unit)}</span>' if unit else ""
    return (
        f'<div class="calc-field" data-wrap="{e(path)}"{wrap}>'
        f'<label for="{fid}">{label}</label>'
        f'<div class="calc-input-row"><input type="text" id="{fid}" name="{e(path)}" data-field="{e(path)}" '
        f'inputmode="{inputmode}" autocomplete="off" spellcheck="false" value="{e(value)}" '
        f'placeholder="{e(placeholder)}" aria-describedby="{fid}-error {fid}-help"{extra}>{unit_html}</div>'
        f"{_error_slot(fid)}{_help(fid, help_html)}</div>"
    )


def _select_field(path: str, label: str, options: Iterable[tuple[str, str]], selected: str, help_html: str,
                  *, wrap: str = "", fid: str | None = None, extra: str = "") -> str:
    fid = fid or field_id(path)
    opts = "".join(
        f'<option value="{e(value)}"{" selected" if value == selected else ""}>{e(text)}</option>'
        for value, text in options
    )
    return (
        f'<div class="calc-field" data-wrap="{e(path)}"{wrap}>'
        f'<label for="{fid}">{label}</label>'
        f'<select id="{fid}" name="{e(path)}" data-field="{e(path)}" aria-describedby="{fid}-error {fid}-help"{extra}>'
        f"{opts}</select>{_error_slot(fid)}{_help(fid, help_html)}</div>"
    )


def _radio_field(path: str, legend: str, options: Iterable[tuple[str, str]], checked: str | None,
                 help_html: str, *, wrap: str = "") -> str:
    fid = field_id(path)
    radios = "".join(
        f'<label class="calc-choice"><input type="radio" name="{e(path)}" value="{e(value)}" data-field="{e(path)}" '
        f'id="{fid}-{e(value)}"{" checked" if value == checked else ""}> {e(text)}</label>'
        for value, text in options
    )
    return (
        f'<fieldset class="calc-field calc-radios" data-wrap="{e(path)}" id="{fid}" '
        f'aria-describedby="{fid}-error {fid}-help"{wrap}>'
        f"<legend>{legend}</legend><div class=\"calc-choices\">{radios}</div>"
        f"{_error_slot(fid)}{_help(fid, help_html)}</fieldset>"
    )


def _check_field(path: str, label: str, checked: bool, help_html: str, *, wrap: str = "") -> str:
    fid = field_id(path)
    return (
        f'<div class="calc-field calc-check" data-wrap="{e(path)}"{wrap}>'
        f'<label class="calc-choice" for="{fid}"><input type="checkbox" id="{fid}" name="{e(path)}" '
        f'data-field="{e(path)}"{" checked" if checked else ""} aria-describedby="{fid}-error {fid}-help"> {label}</label>'
        f"{_error_slot(fid)}{_help(fid, help_html)}</div>"
    )


def _rule_details(table: dict, extra: str = "") -> str:
    """The section's rule, in the site's own words, folded (the field help stays visible)."""
    text = e(render_rule(table["summary"], table))
    open_note = ""
    if is_open(table):
        note = table.get("open_note", "本规则尚未核实。")
        open_note = f'<p class="calc-open"><strong>{e(EVIDENCE["OPEN"]["label"])}</strong>：{e(note)}</p>'
    return (f'<details class="calc-rule"><summary>计分规则</summary><p>{text}</p>{extra}{open_note}'
            f"</details>")


def _section(key: str, number: str, title: str, href: str | None, body: str, *, obj: str | None = None,
             rule: str = "") -> str:
    link = f' <a class="calc-section-link" href="{e(href)}">详细规则</a>' if href else ""
    obj_attr = f' data-object="{e(obj)}"' if obj else ""
    obj_slot = (f'<p class="calc-error calc-object-error" id="obj-{e(obj)}-error" hidden></p>' if obj else "")
    num = f'<span class="calc-num">{e(number)}</span> ' if number else ""
    return (
        f'<fieldset class="calc-section" data-section="{e(key)}"{obj_attr}>'
        f"<legend>{num}{e(title)}{link}</legend>{rule}{body}{obj_slot}</fieldset>"
    )


# ---------------------------------------------------------------- the form
def form_html(year: int, links: dict[str, str]) -> str:
    y = year
    years = [(str(v), f"{v}年") for v in range(_YEARS["first"], _YEARS["last"] + 1)]
    groups = {g["id"]: g for g in ELIGIBILITY["retirement_age"]["groups"]}
    cutoff = _dyn("cutoff", y)

    basic = "".join([
        _select_field("application_year", "申报年度", years, str(y),
                      f"{e(_CUTOFF['summary'])}申报{_dyn_year(y)}年：计算到{cutoff}，"
                      f"年龄算到{_dyn('age_reference', y)}。"),
        _text_field("birth_date", "出生日期", "按身份证填写，如 1988-03-15（也可写 1988/3/15、19880315）。"
                    f"{e(_AGE_REF['summary'])}", placeholder="1988-03-15", inputmode="text"),
        _radio_field("sex", "性别", [("male", "男"), ("female", "女")], None,
                     "用于判断法定退休年龄（资格条件）。"),
        _radio_field("retirement_group", "原法定退休年龄（女性）",
                     [("worker", groups["female_worker"]["label"]), ("cadre", groups["female_cadre"]["label"])],
                     "worker", "按2025年1月1日起施行的渐进式延迟退休规定，在原年龄上按出生年月延长。",
                     wrap=' data-show="female"'),
    ])
    eligibility = "".join([
        _check_field("residence_permit", "持有北京市居住证", False,
                     f"{e(ELIGIBILITY['residence_permit']['summary'])}有居住证请勾选。"),
        _check_field("criminal_record", "有刑事犯罪记录", False,
                     f"资格条件要求“{e(ELIGIBILITY['criminal_record']['label'])}”：有记录的请勾选，勾选后不能申报。"),
        _text_field("social_insurance.continuous_months", "连续缴纳社会保险月数",
                    f"截至{cutoff}在京连续缴纳的月数（含补缴后连续的月份）；至少{_SI_RULE['min_continuous_months']}"
                    "个月。不填则按下面“合法稳定就业”的月数计算。", placeholder="同就业月数", unit="个月"),
        _text_field("social_insurance.backpay_months", "其中补缴月数",
                    f"连续记录中补缴的月数，允许不超过{_SI_RULE['max_backpay_months']}个月。", placeholder="0",
                    unit="个月"),
    ])
    employment = _text_field(
        "social_insurance.months", "社会保险正常缴纳月数（累计）",
        f"{_ym(_EMPLOYMENT['counting_from'])}起至{cutoff}，在京正常缴纳社会保险的累计月数（取月数最多的险种），"
        f"不含补缴；最多{_dyn('employment_months', y)}个月（{_dyn('employment_label', y)}）。",
        placeholder="如 150", unit="个月")
    free = _rental_free_months()
    declared_from = _ym(_RESIDENCE["rental_declared_from"])
    until = _month_before(_RESIDENCE["rental_declared_from"])
    rental_helper = (
        '<details class="calc-helper" data-helper="rented"><summary>帮我算租赁月数</summary>'
        f'<p>{e(_RESIDENCE["rental_note"])}官方模拟计算工具只请你填写{declared_from}起的租赁月数；本计算器需要全部租赁'
        f"（含单位宿舍）月数，可用下面三项算出：</p>"
        + _helper_input("rh-si", f"{_ym(_EMPLOYMENT['counting_from'])}至{until}的社保正常缴纳月数",
                        f"最多{free}个月")
        + _helper_input("rh-owned", f"其中住在自有住所的月数（{until}及以前）", "")
        + _helper_input("rh-declared", f"{declared_from}起登记备案的租赁住所、单位宿舍月数", f"截至{cutoff}")
        + '<p class="calc-helper-out">租赁住所月数 = 第一项 − 第二项 + 第三项 = <output id="rh-result" '
          'for="rh-si rh-owned rh-declared">—</output></p>'
          '<button type="button" class="calc-button" id="rh-apply" disabled>填入“租赁住所或单位宿舍月数”</button>'
          "</details>"
    )
    residence = "".join([
        _text_field("housing.owned_months", "自有住所月数",
                    f"截至{cutoff}，在本市自有住所（有房屋所有权证或不动产权证）居住的月数，各区都算。", placeholder="0",
                    unit="个月"),
        _text_field("housing.rented_months", "租赁住所或单位宿舍月数",
                    f"截至{cutoff}的全部租赁住所、单位宿舍月数：{until}及以前的部分不用申报（就业月数减自有住所月数），"
                    f"{declared_from}起为登记备案的租赁月数。同一个月只算一种住所；住所月数多于就业月数时以就业月数为限。",
                    placeholder="0", unit="个月"),
        rental_helper,
    ])
    levels = [(key, value["label"]) for key, value in _EDUCATION["levels"].items()]
    certs = list(_EDUCATION["certificates"].items())
    tiers = "；".join(f"{t['label']}{show_number(t['points'])}分" for t in _EDUCATION["tiers"])
    education = "".join([
        _select_field("education.level", "最高学历（学位）层次", levels, "none",
                      f"{e(tiers)}。只计最高一项，须为国家教育部承认的学历学位。"),
        _select_field("education.certificates", "证书", certs, "both",
                      f"{e(_EDUCATION['single_certificate_rule'])}（本科只有其一按专科、硕士按本科、博士按硕士档计分）。",
                      wrap=' data-show="certificates"'),
        '<div class="calc-subgroup" data-show="deduction">'
        f'<p class="calc-subhead">教育背景扣减：扣减期 <span class="calc-dyn" data-dyn="deduction_window">—</span>'
        "个月，从毕业日期（只有学位的按学位日期）往前数</p>"
        + _text_field("education.deduction_owned_months", "扣减期内：有社保且住自有住所的月数",
                      "扣减期内同时有正常缴纳社保、住在自有住所的月数。", placeholder="0", unit="个月")
        + _text_field("education.deduction_rented_months", "扣减期内：有社保且住租赁住所或宿舍的月数",
                      "扣减期内同时有正常缴纳社保、住在租赁住所或单位宿舍的月数。", placeholder="0", unit="个月")
        + _text_field("education.deduction_si_only_months", "扣减期内：有社保但没有住所积分的月数",
                      "扣减期内有正常缴纳社保、但没有自有或租赁住所积分的月数。三项合计不超过扣减期。",
                      placeholder="0", unit="个月")
        + "</div>",
    ])
    job_from = _ym(_JOB["counting_from"])
    districts = "、".join(_JOB["central_districts"])
    job = "".join([
        _text_field("job_residence.live_and_work_months", "住城六区外自有住所、且在城六区外工作的月数",
                    f"{job_from}起至{cutoff}，住在城六区（{e(districts)}）以外的自有住所、同时在城六区以外任一区工作"
                    "（以缴纳社保的单位所在区为准，不必与住所同区）的月数。", placeholder="0", unit="个月"),
        _text_field("job_residence.live_only_months", "住城六区外自有住所、但在城六区内工作的月数",
                    f"{job_from}起至{cutoff}，住在城六区以外自有住所、但在城六区内工作的月数。"
                    f"两项合计最多{_dyn('job_residence_months', y)}个月（{_dyn('job_residence_label', y)}）。",
                    placeholder="0", unit="个月"),
        _check_field("job_residence.living_there_at_cutoff", f"{_dyn('previous_december', y)}仍住在该住所", True,
                     "须在申报年度上一年12月仍居住在该自有住所，取得落户资格后在该住所落户。"),
    ])
    types = _INNOVATION["types"]
    bands = "；".join(
        f"{b['from']}—{b['to']}万元{b['points']}分" if "to" in b else f"{b['from']}万元及以上{b['points']}分"
        for b in types["equity"]["bands"])
    innovation = "".join([
        _select_field("innovation.type", "创新创业类型",
                      [("none", "无")] + [(key, types[key]["label"]) for key in ("award", "competition", "equity")],
                      "none", "三类只能选一类，不累计，最高" + show_number(_INNOVATION["cap"]) + "分。"),
        _select_field("innovation.points", "奖项对应分值",
                      [("", "请选择分值")] + [(str(p), f"{p}分") for p in types["award"]["points"]], "",
                      "科技、文化领域奖项的分值：" + "、".join(map(str, types["award"]["points"])) + "分之一。",
                      wrap=' data-show="award"', fid="f-innovation-points-award"),
        _select_field("innovation.points", "大赛奖项对应分值",
                      [("", "请选择分值")] + [(str(p), f"{p}分") for p in types["competition"]["points"]], "",
                      "创新创业大赛奖项的分值：" + "、".join(map(str, types["competition"]["points"])) + "分之一。",
                      wrap=' data-show="competition"', fid="f-innovation-points-competition"),
        _text_field("innovation.financing_10k_yuan", "企业近3年股权现金融资额",
                    f"持股10%以上并在该企业工作满一个自然年度；按融资额计分：{e(bands)}。", placeholder="如 2500",
                    inputmode="decimal", unit="万元", wrap=' data-show="equity"'),
    ])
    tax = _select_field("tax_qualifying_years", "纳税10万元及以上的年数",
                        [(str(n), f"{n}年") for n in range(0, _TAX["years"] + 1)], "0",
                        f"{_dyn('tax_years', y)}中，综合所得与经营所得的个人所得税纳税额达到"
                        f"{show_number(_TAX['threshold_10k_yuan'])}万元及以上的年数。")
    age = (f'<p class="calc-help">不用填写：由出生日期算出，按{_dyn("age_reference", y)}的周岁计。'
           f"{e(render_rule(_AGE['summary'], _AGE))}</p>")
    honours = _check_field("honours", "获得下列荣誉称号之一", False, e("；".join(_HONOURS["titles"])) + "。")
    law = _text_field("detentions", "在本市被处以行政拘留的记录数",
                      "每条记录" + show_number(_LAW["points_per_record"]) + "分。", placeholder="0", unit="条")

    def sect(key, table, title, body, obj=None, extra_rule=""):
        return _section(key, str(table["number"]), title, links.get(key), body, obj=obj,
                        rule=_rule_details(table, extra_rule))

    parts = [
        _section("basic", "", "申报年度与个人情况", None, basic),
        _section("eligibility", "", "资格条件", links.get("eligibility"), eligibility, obj="social_insurance",
                 rule=_rule_details(_SI_RULE)),
        sect("employment", _EMPLOYMENT, _EMPLOYMENT["label"], employment),
        sect("residence", _RESIDENCE, _RESIDENCE["label"], residence, obj="housing"),
        sect("education", _EDUCATION, _EDUCATION["label"], education, obj="education",
             extra_rule=f"<p>{e(render_rule(_DEDUCTION['summary'], _DEDUCTION))}</p>"),
        sect("job_residence", _JOB, _JOB["label"], job, obj="job_residence"),
        sect("innovation", _INNOVATION, _INNOVATION["label"], innovation, obj="innovation"),
        sect("tax", _TAX, _TAX["label"], tax),
        sect("age", _AGE, _AGE["label"], age),
        sect("honours", _HONOURS, _HONOURS["label"], honours),
        sect("law", _LAW, _LAW["label"], law),
    ]
    return ('<form class="calc-form" id="calc-form" novalidate autocomplete="off" '
            'aria-label="积分计算器输入">' + "".join(parts) + "</form>")


def _dyn_year(year: int) -> str:
    return f'<span class="calc-dyn" data-dyn="year">{year}</span>'


def _helper_input(hid: str, label: str, hint_html: str) -> str:
    """One input of the rental helper; `hint_html` is markup (it may hold a year-dependent span)."""
    hint_html = f'<span class="calc-unit">{hint_html}</span>' if hint_html else ""
    return (f'<div class="calc-field calc-helper-field"><label for="{hid}">{e(label)}</label>'
            f'<div class="calc-input-row"><input type="text" id="{hid}" inputmode="numeric" autocomplete="off" '
            f'placeholder="0">{hint_html}</div></div>')


# ---------------------------------------------------------------- the result panel
def results_html(links: dict[str, str]) -> str:
    labels = {key: INDICATORS[key]["label"] for key in ITEM_IDS}
    rows = "".join(
        f'<li class="calc-item" data-testid="item-{key}" data-points="">'
        f'<div class="calc-item-head"><a href="{e(links[key])}">{e(_item_number(key))}{e(labels[key])}</a>'
        f'<span class="calc-points">—</span></div>'
        f'<p class="calc-detail"></p><p class="calc-source"></p></li>'
        for key in ITEM_IDS
    )
    conditions = "".join(
        f'<li data-condition="{key}"><span class="calc-mark" aria-hidden="true">·</span>'
        f'<span class="calc-cond-label">{e(ELIGIBILITY[key]["label"])}</span>'
        f'<span class="calc-cond-detail"></span></li>'
        for key in ELIGIBILITY_IDS
    )
    latest = history_chart.latest_verified()
    return (
        '<section class="calc-results" aria-labelledby="calc-results-title">'
        '<h2 id="calc-results-title">估算结果</h2>'
        '<div class="calc-input-error" data-testid="input-error" role="alert" hidden>'
        '<p class="calc-input-error-title">输入有误，请按提示修改（其他内容保持不变）：</p><ul></ul></div>'
        '<p class="calc-pending" data-testid="pending" hidden></p>'
        '<div class="calc-live" aria-live="polite" aria-atomic="true">'
        '<p class="calc-total-line">总分 <strong class="calc-total" data-testid="total">—</strong>'
        '<span class="calc-total-unit"> 分</span>'
        '<span class="calc-estimate">（估算，非官方结果）</span></p>'
        f'<p class="calc-gap" data-testid="gap">与{latest.year}年最低落户分值{e(latest.score_text)}分的差距：填写后显示</p>'
        "</div>"
        '<div class="calc-eligibility" data-testid="eligibility" data-eligible="">'
        '<h3>资格条件 <span class="calc-elig-verdict"></span></h3>'
        f'<ul class="calc-conditions">{conditions}</ul></div>'
        f'<h3>各项分值</h3><ol class="calc-items">{rows}</ol>'
        '<div class="calc-history" data-testid="history-compare"><h3>与历年最低落户分值比较</h3>'
        '<ul class="calc-history-list"></ul>'
        f'<p class="calc-note">只比较已核实的年份。2018、2019年按2016年试行办法计分，与现行规则不完全可比；'
        f'未核实的年份见<a href="{e(links["history"])}">历年分数线</a>。每年约{RULES["selection"]["yearly_scale"]}人，'
        "分数线由当年申报者的分数决定，没有固定的合格线。</p></div>"
        '<div class="calc-advice" data-testid="advice"><h3>怎样提高分数</h3>'
        '<p class="calc-next-year"></p><ul class="calc-levers"></ul>'
        '<p class="calc-note">按现行规则估算，假设条件列在括号里；政策或个人情况变化时结果会不同。</p></div>'
        '<p class="calc-disclaimer">本结果由本站的计算引擎按公开资料估算，仅供参考，不是官方结果；'
        "以北京市人力资源和社会保障局的审核为准。</p>"
        "</section>"
    )


def _item_number(key: str) -> str:
    if key == "education_deduction":
        return "3b "
    return f"{INDICATORS[key]['number']} "


def share_html() -> str:
    return (
        '<div class="calc-share">'
        '<button type="button" class="calc-button calc-button--primary" data-testid="share">生成分享链接</button>'
        '<p class="calc-share-status" role="status"></p>'
        '<label class="calc-share-label" for="calc-share-link" hidden>分享链接（链接里包含你填写的内容）</label>'
        '<input type="text" id="calc-share-link" class="calc-share-link" data-testid="share-link" readonly hidden>'
        "</div>"
    )


# ---------------------------------------------------------------- page data
def page_data(links: dict[str, str], year: int) -> dict:
    years = load_history()
    return {
        "default_year": year,
        "years": {str(v): year_values(v) for v in range(_YEARS["first"], _YEARS["last"] + 1)},
        "deduction_windows": deduction_windows(),
        "rental_free_months": _rental_free_months(),
        "required": list(REQUIRED),
        "fields": list(CONTRACT_FIELDS),
        "history": [{"year": y.year, "score": y.score, "text": y.score_text, "verified": y.verified,
                     "rules": y.rules} for y in years],
        "links": links,
        "runtime_sizes": runtime_sizes(),
    }


def load_history():
    return history_chart.load()


def runtime_sizes() -> dict[str, int]:
    """Sizes of the runtime files the worker fetches (for the progress bar), from node_modules."""
    from build_tools import pyodide_runtime

    package = pyodide_runtime.PYODIDE_PACKAGE_DIR
    sizes = {}
    for name in ("pyodide.asm.wasm", "python_stdlib.zip"):
        path = package / name
        if path.is_file():
            sizes[name] = path.stat().st_size
    return sizes


def _json_script(data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="calculator-data">{text}</script>'


# The earliest possible start: this classic inline script runs while the page is still being
# parsed, creates the module worker (so the runtime downloads while the page renders) and keeps
# its messages until calculator.js (a deferred module) takes over.
_BOOT = (
    "<script id=\"calculator-boot\">(function(){var b=window.__calcBoot={messages:[],error:null,worker:null,t0:performance.now()};"
    "if(typeof WebAssembly!=='object'||typeof Worker!=='function'){b.error='nowasm';return}"
    "try{var w=new Worker(new URL('engine-worker.js',document.baseURI),{type:'module'});"
    "w.onmessage=function(ev){b.messages.push(ev.data)};"
    "w.onerror=function(ev){b.error='worker';b.errorText=ev&&ev.message||''};"
    "b.worker=w}catch(x){b.error='worker';b.errorText=String(x)}})();</script>"
)


_CSS = '<link rel="stylesheet" href="calculator.css" id="calculator-css">'


def move_to_head(output: str) -> str:
    """on_post_page: on the calculator page, move the boot script and the stylesheet into <head>.

    In <head>, right after the charset, the boot script starts the engine worker before the
    browser has even fetched the theme's CSS; in the body it would wait for that CSS and for
    the parser. Pages without the calculator are returned unchanged. (Without this step the
    calculator still works, only its start is later.)
    """
    boot_at = output.find('<script id="calculator-boot">')
    if boot_at < 0:
        return output
    boot_end = output.index("</script>", boot_at) + len("</script>")
    boot = output[boot_at:boot_end]
    output = output[:boot_at] + output[boot_end:]
    output = output.replace(_CSS, "", 1)
    charset = re.search(r"<meta charset=[\"']?utf-8[\"']?\s*/?>", output, re.IGNORECASE)
    head_end = output.find("</head>")
    if not charset or head_end < 0 or charset.start() > head_end:
        raise ValueError("calculator page: no <meta charset> in <head>")
    output = output[:charset.end()] + boot + output[charset.end():]
    head_end = output.find("</head>")
    return output[:head_end] + _CSS + output[head_end:]


SEARCH_FORM = 'name="search"'  # without it the theme does not download the search index
SEARCH_COMPONENT = 'data-md-component="search"'  # without it the theme does not start its search worker


def without_search(output: str) -> str:
    """on_post_page, calculator page only: keep Material's site search from starting.

    The theme downloads the whole search index (35 KB compressed) on every page that has a
    form named "search", and starts its search worker (12 KB) for the search component. On the calculator, whose
    visitors came to fill in a form, that download is a third of what the page transfers
    beyond the runtime; calculator.css hides the search button, and the page says where
    to search. Other pages keep their search.
    """
    if '<script id="calculator-boot">' not in output:
        return output
    for marker in (SEARCH_FORM, SEARCH_COMPONENT):
        if output.count(marker) != 1:
            raise ValueError(f"calculator page: expected exactly one {marker} in the theme's header")
    return output.replace(SEARCH_FORM, 'name="search-off"').replace(SEARCH_COMPONENT, 'data-md-component="search-off"')


def links_for(page_uri: str) -> dict[str, str]:
    """Relative URLs (use_directory_urls) from the calculator page to the indicator pages."""
    here = _url_of(page_uri)  # with use_directory_urls every page is a directory

    def rel(src: str) -> str:
        if not (DOCS / src).is_file():
            raise ValueError(f"the calculator links to {src}, which does not exist")
        return posixpath.relpath(_url_of(src), here or ".") + "/"

    links = {key: rel(f"indicators/{INDICATORS[key]['slug']}.md") for key in ITEM_IDS}
    links["eligibility"] = rel("eligibility.md")
    links["history"] = rel("history.md")
    return links


def _url_of(src: str) -> str:
    """docs path -> site directory URL without trailing slash ("indicators/tax.md" -> "indicators/tax")."""
    stem = src[:-3] if src.endswith(".md") else src
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")].rstrip("/")
    return stem


def render_calculator(page_uri: str, today: date | None = None) -> str:
    """The whole calculator block for the marker `<!-- calculator: form -->`."""
    year = default_year(today)
    links = links_for(page_uri)
    status = (
        '<div class="calc-status" data-testid="engine-status" role="status">'
        '<p class="calc-status-text">正在加载计算引擎（Python 运行环境，首次约 11 MB，之后由浏览器缓存）…'
        "表单现在就可以填写。</p>"
        '<progress class="calc-progress" max="1" value="0" aria-label="计算引擎加载进度"></progress>'
        "<noscript><p>需要启用 JavaScript 才能在本页计算积分；也可以按下方的计分规则摘要自行估算。</p></noscript>"
        "</div>"
    )
    return (
        '<div class="calculator" data-testid="calculator" data-state="loading" data-request="0" data-result="0">'
        + _BOOT
        + _CSS
        + '<script type="module" src="calculator.js"></script>'
        + status
        + '<p class="calc-link-notice" data-testid="link-notice" role="status" hidden></p>'
        + form_html(year, links)
        + share_html()
        + results_html(links)
        + _json_script(page_data(links, year))
        + '<div class="calc-sticky" aria-hidden="true"><span class="calc-sticky-label">总分</span> '
          '<span class="calc-sticky-total">—</span><a class="calc-sticky-link" href="#calc-results-title" '
          'tabindex="-1">看明细</a></div>'
        + "</div>\n"
    )


def render(name: str, page_uri: str) -> str:
    if name != "form":
        raise KeyError(f"unknown calculator marker {name!r}")
    return render_calculator(page_uri)
