"""The calculator page's form, result panel and page data, generated at build time.

Marker (dispatched by build_tools/mkdocs_hooks.py):

    <!-- calculator: form -->     the whole calculator: form, results, page data (its start-up script and stylesheet: overrides/calculator.html)

The form comes from the applicant field table (calculator/schema.py, drawn by
build_tools/calculator_form.py); the rule text, indicator order and labels from
calculator/rules.toml; year-dependent values from the engine's own helpers. So the form,
the page script and the engine cannot disagree. The form is plain HTML: it is there,
usable and readable, before Python has loaded.

The page's scripts (docs/calculator/, plain ES modules):

    calculator.js       entry: engine messages, compute on every change, the "calc:result" event
    form.js             form <-> applicant JSON, driven by the field table in the page data
    records.js          rows of dated records: add, remove, 至今
    errors.js           the engine's errors beside their fields, in the form's own words
    results.js          the result panel; timeline-model.js + timeline.js draw the records
    share.js            #data= links
    rental-helper.js    month-count mode: all rental months from the three the official simulator asks for
    months.js           "YYYY-MM" <-> month numbers; a month box's example where there is no month picker
    engine-worker.js    module Web Worker: Pyodide + the engine wheel, calculator.score_json();
                        the same script, started again after a cold start, keeps the snapshot
    boot.js             the first script in <head>: starts the worker and compiles the interpreter (not a module)
    calculator.css      the calculator's styles (phone first)
                        (both in <head> through the page's template, overrides/calculator.html)
    decide.js           projection, scenarios, opt-in storage, the printed report (build_tools/decision_panel.py)
"""

from __future__ import annotations

import html
import json
import posixpath
from datetime import date
from pathlib import Path

from build_tools import admitted_lists, calculator_form, decision_panel, reproducible, runtime_bundle
from build_tools.calculator_form import DESCRIPTION
from calculator import comparison, history, indicators
from calculator.calendar import months_inclusive, parse_year_month, show_month
from calculator.rules import INDICATORS, RULES

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

# The result lines, in the rules data's order (via the field table's export).
ITEM_IDS = tuple(item["id"] for item in DESCRIPTION["items"])

_YEARS = RULES["application_years"]
_EMPLOYMENT = INDICATORS["employment"]
_RESIDENCE = INDICATORS["residence"]
_DEDUCTION = INDICATORS["education_deduction"]


def e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _ym(text: str) -> str:
    """ "1998-07" -> "1998年7月"."""
    return show_month(parse_year_month(text))


def _month_before(text: str) -> str:
    return show_month(parse_year_month(text) - 1)


# ---------------------------------------------------------------- year-dependent values
def default_year(today: date | None = None) -> int:
    """The round a visitor is most likely preparing for: this year's until May, then next year's.

    (Applications run from mid-April to mid-May; calculator.js applies the same rule with
    the visitor's own date, this one only fills the static HTML.)
    """
    today = today or reproducible.build_date()  # SOURCE_DATE_EPOCH: the same bytes from the same commit
    year = today.year if today.month <= 5 else today.year + 1
    return max(_YEARS["first"], min(_YEARS["last"], year))


def _dyn(name: str, year: int) -> str:
    """A span that the page refreshes when the application year changes."""
    return f'<span class="calc-dyn" data-dyn="{name}">{e(DESCRIPTION["years"][str(year)][name])}</span>'


def _rental_free_months() -> int:
    """Months from the start of employment counting to the month before rental must be declared."""
    return months_inclusive(
        parse_year_month(_EMPLOYMENT["counting_from"]), parse_year_month(_RESIDENCE["rental_declared_from"]) - 1
    )


# ---------------------------------------------------------------- what the form adds to its fields
def _rental_helper(year: int) -> str:
    """Counts mode: all rental months from the three numbers the official simulator asks for."""
    free = _rental_free_months()
    declared_from = _ym(_RESIDENCE["rental_declared_from"])
    until = _month_before(_RESIDENCE["rental_declared_from"])
    return (
        '<details class="calc-helper" data-helper="rented"><summary>帮我算租赁月数</summary>'
        f'<p>{e(_RESIDENCE["rental_note"])}官方模拟计算工具只问{declared_from}起的租赁月数，'
        "本计算器需要全部租赁（含单位宿舍）月数，可用下面三项算出：</p>"
        + _helper_input("rh-si", f"{_ym(_EMPLOYMENT['counting_from'])}至{until}的社保正常缴纳月数", f"最多{free}个月")
        + _helper_input("rh-owned", f"其中住在自有住所的月数（{until}及以前）", "")
        + _helper_input(
            "rh-declared", f"{declared_from}起登记备案的租赁住所、单位宿舍月数", f"截至{_dyn('cutoff', year)}"
        )
        + '<p class="calc-helper-out">租赁住所月数 = 第一项 − 第二项 + 第三项 = <output id="rh-result" '
        'for="rh-si rh-owned rh-declared">—</output></p>'
        '<button type="button" class="calc-button" id="rh-apply" disabled>填入“租赁住所或单位宿舍月数”</button>'
        "</details>"
    )


def _helper_input(hid: str, label: str, hint_html: str) -> str:
    """One input of the rental helper; `hint_html` is markup (it may hold a year-dependent span)."""
    hint_html = f'<span class="calc-unit">{hint_html}</span>' if hint_html else ""
    return (
        f'<div class="calc-field calc-helper-field"><label for="{hid}">{e(label)}</label>'
        f'<div class="calc-input-row"><input type="text" id="{hid}" inputmode="numeric" autocomplete="off" '
        f'placeholder="0">{hint_html}</div></div>'
    )


def _extras(year: int) -> dict[str, list[tuple[str | None, str]]]:
    """Notes and helpers beside the fields of a section: section -> [(input mode or None, HTML)]."""
    graduation = calculator_form.BY_PATH["education.graduation"]
    levels = " ".join(graduation["when"]["in"])
    window = (
        f'<p class="calc-help calc-window" data-when="education.level" data-when-in="{e(levels)}">'
        '扣减期 <span class="calc-dyn" data-dyn="deduction_window">—</span> 个月：'
        "从毕业年月（只有学位的按学位日期）往前数。"
        f"{e(_DEDUCTION['summary'].split('：', 1)[0])}。</p>"
    )
    derived = '<p class="calc-help calc-derived">{}</p>'
    return {
        "eligibility": [("records", derived.format("连续缴纳月数和其中的补缴月数，由上面的社保缴纳记录推算。"))],
        "residence": [("counts", _rental_helper(year))],
        "education": [(None, window)],
        "job_residence": [
            (
                "records",
                derived.format(
                    "按日期填写时不用填：由住房记录中城六区以外的自有住所、社保缴纳记录中的缴费单位所在区推算。"
                ),
            )
        ],
        "age": [
            (None, f'<p class="calc-help">不用填写：由出生日期算出，按{_dyn("age_reference", year)}的周岁计。</p>')
        ],
    }


def form_html(year: int, links: dict[str, str]) -> str:
    return calculator_form.form_html(year, links, _extras(year), after={"housing_records": timeline_html()})


# ---------------------------------------------------------------- the result panel
def results_html(links: dict[str, str]) -> str:
    rows = "".join(
        f'<li class="calc-item" data-testid="item-{e(item["id"])}" data-points="">'
        f'<div class="calc-item-head"><a href="{e(links[item["id"]])}">{e(item["number"])} {e(item["label"])}</a>'
        f'<span class="calc-points">—</span></div>'
        f'<p class="calc-detail"></p><p class="calc-source"></p></li>'
        for item in DESCRIPTION["items"]
    )
    conditions = "".join(
        f'<li data-condition="{e(condition["id"])}"><span class="calc-mark" aria-hidden="true">·</span>'
        f'<span class="calc-cond-label">{e(condition["label"])}</span>'
        f'<span class="calc-cond-detail"></span></li>'
        for condition in DESCRIPTION["eligibility"]
    )
    latest = history.latest()
    waiting = comparison.waiting_sentence(latest)
    return (
        '<section class="calc-results" aria-labelledby="calc-results-title">'
        '<h2 id="calc-results-title">估算结果</h2>'
        '<div class="calc-input-error" data-testid="input-error" role="alert" hidden>'
        '<p class="calc-input-error-title">输入有误，请按提示修改（其他内容保持不变）：</p><ul></ul></div>'
        '<p class="calc-pending" data-testid="pending" role="status" hidden></p>'
        '<div class="calc-live" aria-live="polite" aria-atomic="true">'
        '<p class="calc-total-line">总分 <strong class="calc-total" data-testid="total">—</strong>'
        '<span class="calc-total-unit"> 分</span>'
        '<span class="calc-estimate">（估算，非官方结果）</span></p>'
        '<p class="calc-rule-set" data-testid="rule-set" hidden></p>'
        # the line before a total, and while the input is wrong (results.js), in the engine's words
        f'<p class="calc-gap" data-testid="gap" data-waiting="{e(waiting)}" '
        f'data-invalid="{e(comparison.waiting_sentence(latest, invalid=True))}">{e(waiting)}</p>'
        "</div>"
        '<div class="calc-eligibility" data-testid="eligibility" data-eligible="">'
        '<h3>资格条件 <span class="calc-elig-verdict" aria-live="polite"></span></h3>'
        f'<ul class="calc-conditions">{conditions}</ul></div>'
        # the breakdown shows once there is a result (ten rows of dashes only made the page long)
        '<div class="calc-breakdown">'
        f'<h3>各项分值</h3><ol class="calc-items">{rows}</ol>'
        '<div class="calc-history" data-testid="history-compare"><h3>与历年最低落户分值比较</h3>'
        '<ul class="calc-history-list"></ul>'
        f'<p class="calc-note">标“非官方数字，未核实”的年份只有非官方来源（见<a href="{e(links["history"])}">历年分数线</a>）。'
        f'2018、2019年按2016年试行办法计分，与现行规则不完全可比。每年约{RULES["selection"]["yearly_scale"]}人，'
        "分数线由当年申报者的分数决定，没有固定的合格线。</p></div>"
        + standing_html(links)
        + '<div class="calc-advice" data-testid="advice"><h3>怎样提高分数</h3>'
        '<p class="calc-next-year"></p><ul class="calc-levers"></ul>'
        '<p class="calc-note">按现行规则估算，假设条件列在括号里；政策或个人情况变化时结果会不同。</p></div>'
        "</div>"
        '<p class="calc-disclaimer">本结果由本站的计算引擎按公开资料估算，仅供参考，不是官方结果；'
        "以北京市人力资源和社会保障局的审核为准。</p>"
        "</section>"
    )


def timeline_html() -> str:
    """Records mode: the picture of the records (timeline.js draws it from the engine's answer)."""
    # each key with the selector of what it explains in the picture (the page shows only those drawn)
    keys = (
        ("si", ".tl-si", "正常缴纳社保"),
        ("backpay", ".tl-backpay", "补缴（只算连续缴纳）"),
        ("owned", ".tl-owned", "自有住所"),
        ("rented", ".tl-rented", "租赁、宿舍"),
        ("inferred", ".tl-inferred", "推算的租赁"),
        ("capped", '[data-state="capped"]', "超出就业月数，不计分"),
        ("outside", '[data-state="outside"]', "计算期外"),
        ("window", "rect.tl-window", "教育背景扣减期"),
    )
    legend = "".join(
        f'<li data-key-for="{e(selector)}"><i class="tl-key tl-key-{key}"></i>{e(text)}</li>'
        for key, selector, text in keys
    )
    return (
        '<figure class="calc-timeline" data-testid="timeline" hidden>'
        '<figcaption>你的记录：时间轴</figcaption>'
        '<div class="calc-timeline-box"></div>'
        f'<ul class="calc-timeline-legend" aria-hidden="true">{legend}</ul>'
        "</figure>"
    )


def share_html() -> str:
    return (
        '<div class="calc-share">'
        '<button type="button" class="calc-button calc-button--primary" data-testid="share">生成分享链接</button>'
        # the printed report (decide.css @media print, report.js): on a phone the browser's own print is hard to find
        '<button type="button" class="calc-button" data-testid="print">打印 / 保存为PDF</button>'
        '<p class="calc-share-status" role="status"></p>'
        '<label class="calc-share-label" for="calc-share-link" hidden>分享链接（链接里包含你填写的内容）</label>'
        '<input type="text" id="calc-share-link" class="calc-share-link" data-testid="share-link" readonly hidden>'
        "</div>"
    )


# ---------------------------------------------------------------- page data
def page_data(links: dict[str, str], year: int) -> dict:
    return {
        "default_year": year,
        "years": DESCRIPTION["years"],
        "deduction_windows": DESCRIPTION["deduction_windows"],
        "records": DESCRIPTION["records"],
        "fields": calculator_form.page_fields(),
        "modes": list(calculator_form.MODES),
        "items": DESCRIPTION["items"],
        "history": [history.describe(y) for y in history.cutoffs()],
        "typical": admitted_lists.item_medians(),
        "distributions": admitted_lists.distributions(),
        "links": links,
        "runtime_sizes": runtime_sizes(),
    }


def standing_html(links: dict[str, str]) -> str:
    """Where the current total would have stood among those admitted (CONTRACT 4d; results.js fills it)."""
    return (
        '<div class="calc-standing" data-testid="standing"><h3>在历年落户人员中的位置</h3>'
        '<ul class="calc-standing-list"></ul>'
        '<p class="calc-standing-age" data-testid="standing-age"></p>'
        f'<p class="calc-note">按各年公示名单中每个人的总分计算（<a href="{e(links["admitted"])}">历年公示名单分析</a>）。'
        f"{e(admitted_lists.coverage_sentence())}</p>" + typical_html() + "</div>"
    )


def typical_html() -> str:
    """Your items beside the median admitted applicant's, for the years whose lists give every item."""
    years = list(admitted_lists.item_medians())
    head = "".join(f"<th scope=\"col\">{year}年落户人员中位数</th>" for year in years)
    return (
        '<div class="calc-typical-box"><h4>你的各项与落户人员的中位数</h4>'
        '<div class="calc-table-scroll" tabindex="0" role="region" aria-label="你的各项与落户人员的中位数（可左右滚动）">'
        '<table class="calc-typical" data-testid="typical-items">'
        f'<thead><tr><th scope="col">指标</th><th scope="col">你的分数</th>{head}</tr></thead><tbody></tbody></table></div>'
        f'<p class="calc-note">只有{"、".join(map(str, years))}年的名单给出每一项分数；每项的中位数分别计算。</p></div>'
    )


def runtime_sizes() -> dict[str, int]:
    """Sizes of the big files the worker fetches (for the progress bar), as built for this site."""
    from build_tools import runtime_bundle

    return runtime_bundle.file_sizes()


def _json_script(data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="calculator-data">{text}</script>'


# boot.js (the engine's early start) and calculator.css are in the page's <head>, put there by the
# page's template (overrides/calculator.html, chosen in docs/calculator/index.md's front matter).
_BOOT_SCRIPT = "boot.js"


def links_for(page_uri: str) -> dict[str, str]:
    """Relative URLs (use_directory_urls) from the calculator page to the indicator pages."""
    here = _url_of(page_uri)  # with use_directory_urls every page is a directory

    def rel(src: str) -> str:
        if not (DOCS / src).is_file():
            raise ValueError(f"the calculator links to {src}, which does not exist")
        return posixpath.relpath(_url_of(src), here or ".") + "/"

    links = {key: rel(indicators.page_of(key)) for key in ITEM_IDS}
    links["eligibility"] = rel("eligibility.md")
    links["history"] = rel("history.md")
    links["admitted"] = rel("admitted.md")
    return links


def _url_of(src: str) -> str:
    """docs path -> site directory URL without trailing slash ("indicators/tax.md" -> "indicators/tax")."""
    stem = src[:-3] if src.endswith(".md") else src
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")].rstrip("/")
    return stem


def _module_preloads() -> str:
    """The page's other ES modules, fetched alongside calculator.js instead of one import level at a time
    (not the worker's script, nor boot.js: a classic script, already loaded, that would be fetched again)."""
    names = sorted(
        p.name
        for p in (DOCS / "calculator").glob("*.js")
        if p.name not in ("calculator.js", "engine-worker.js", _BOOT_SCRIPT)
    )
    return "".join(f'<link rel="modulepreload" href="{e(name)}">' for name in names)


def render_calculator(page_uri: str, today: date | None = None) -> str:
    """The whole calculator block for the marker `<!-- calculator: form -->`."""
    year = default_year(today)
    links = links_for(page_uri)
    status = (
        '<div class="calc-status" data-testid="engine-status" role="status" aria-busy="true">'
        f'<p class="calc-status-text">{runtime_bundle.downloading_text()}…'
        "表单现在就可以填写。</p>"
        '<progress class="calc-progress" max="1" value="0" aria-label="计算引擎加载进度"></progress>'
        "<noscript><p>需要启用 JavaScript 才能在本页计算积分；也可以按下方的计分规则摘要自行估算。</p></noscript>"
        "</div>"
    )
    return (
        '<div class="calculator" data-testid="calculator" data-state="loading" data-request="0" data-result="0" '
        f'data-engine-download="{runtime_bundle.downloading_text()}">'
        + '<script type="module" src="calculator.js"></script>'
        + _module_preloads()
        + status
        + '<p class="calc-link-notice" data-testid="link-notice" role="status" hidden></p>'
        + form_html(year, links)
        + share_html()
        + decision_panel.keep_html()
        + results_html(links)
        + decision_panel.panels_html()
        + _json_script(page_data(links, year))
        + '<div class="calc-sticky" aria-hidden="true"><span class="calc-sticky-label">总分</span> '
        '<span class="calc-sticky-total">—</span><a class="calc-sticky-link" href="#calc-results-title" '
        'tabindex="-1">看明细</a></div>' + "</div>\n"
    )


def render(name: str, page_uri: str) -> str:
    if name != "form":
        raise KeyError(f"unknown calculator marker {name!r}")
    return render_calculator(page_uri)
