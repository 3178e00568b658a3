"""Decision support on the calculator page (issue 9) in headless Chromium: the projection
(CONTRACT 4b) in records and count mode, the scenario comparison, opt-in storage and the
printed report. Every expected number is computed here by CPython (calculator.score) on
inputs this test carries forward itself (tests/projection_helpers.py)."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

import calculator
from tests.browser import PATH_TEXT, PHONE, TRACEBACK, show_case, wait_ready, wait_result
from tests.browser_fixtures import calc, context  # noqa: F401 (fixtures)
from tests.engine_helpers import make
from tests.projection_helpers import SAMPLE_RECORDS, band, later_input

RECORDS = SAMPLE_RECORDS
COUNTS = make(
    application_year=2025,
    birth_date="1983-05-01",
    social_insurance={"months": 170, "continuous_months": 170},
    housing={"owned_months": 60, "rented_months": 100},
)


def wait_projection(page) -> None:
    """The projection is asked for after the result: wait until it belongs to the latest answer."""
    page.wait_for_function(
        """() => { const r = document.querySelector('[data-testid=calculator]');
        const p = document.querySelector('[data-testid=projection]');
        return r.dataset.result === r.dataset.request && p.dataset.request === r.dataset.result; }""",
        timeout=30_000,
    )


def save_scenario(page, count: int) -> None:
    page.click('[data-testid="scenario-save"]')
    page.wait_for_function("n => document.querySelectorAll('[data-testid=scenario-column]').length === n", arg=count)
    wait_same(page)


def wait_same(page) -> None:
    """The sentences under the table are the engine's answer (calculator/scenarios.py) to the latest list."""
    page.wait_for_function(
        "() => { const s = document.querySelector('[data-testid=scenario-same]');"
        " return !s.dataset.asked || s.dataset.asked === s.dataset.answered; }"
    )


def same_text(page) -> str:
    wait_same(page)
    return page.inner_text('[data-testid="scenario-same"]')


def shown_projection(page) -> list[dict]:
    wait_projection(page)
    return page.evaluate("""() => [...document.querySelectorAll('[data-testid="projection"] [data-testid="projection-year"]')]
        .map(r => ({year: r.dataset.year, points: r.dataset.points, low: r.dataset.cutoffLow, high: r.dataset.cutoffHigh,
                    text: r.innerText}))""")


@pytest.mark.parametrize("applicant", [RECORDS, COUNTS], ids=["records", "counts"])
def test_projection_rows_equal_the_engine_scores_of_the_carried_forward_inputs(calc, applicant):
    show_case(calc, applicant)
    rows = shown_projection(calc)
    year = applicant["application_year"]
    assert [int(r["year"]) for r in rows] == list(range(year + 1, year + 1 + len(rows)))
    assert len(rows) >= 5
    for row in rows:
        later = later_input(applicant, int(row["year"]))
        expected = calculator.score(later)["total"]  # what `python -m calculator score` gives for it
        assert Decimal(row["points"]) == Decimal(repr(expected)), row
        low, high = band(int(row["year"]))
        assert (Decimal(row["low"]), Decimal(row["high"])) == (low, high)
        assert f"{Decimal(repr(expected)):.2f}" in row["text"]
    plan = calculator.score(applicant, projection=True)["projection"]
    assert calc.inner_text('[data-testid="projection-conclusion"]') == plan["conclusion"]
    # the chart: one score point per year (this year included) and the band
    points = calc.get_attribute('[data-testid="projection"] svg polyline.score', "points").split()
    assert len(points) == len(rows) + 1
    assert calc.locator('[data-testid="projection"] svg polygon.band').count() == 1
    assumptions = calc.inner_text(".calc-proj-assumptions")
    assert all(line in assumptions for line in plan["assumptions"])


def test_the_method_is_stated_on_the_page(calc):
    method = calc.inner_text('[data-testid="projection-method"]')
    steps = re.findall(r"最小([\d.]+)分.*最大([\d.]+)分", method)
    assert steps, method
    low_step, high_step = map(Decimal, steps[0])
    low, high = band(2030)
    assert low - band(2029)[0] == low_step and high - band(2029)[1] == high_step
    from calculator.history import cutoffs

    assert all(f"{c.year}（非官方数字，未核实）" in method for c in cutoffs() if not c.verified)


def test_not_within_n_years_says_why(calc):
    older = make(application_year=2026, birth_date="1981-06-01", sex="male")
    show_case(calc, older)
    wait_projection(calc)
    text = calc.inner_text('[data-testid="projection-conclusion"]')
    assert "年龄指标开始减少" in text and re.search(r"未来\d+年内", text)
    assert calc.get_attribute('[data-testid="projection"]', "data-first-likely-year") == ""


def test_scenarios_compare_totals_items_and_first_likely_year(calc):
    first = COUNTS
    second = make(
        **{
            **COUNTS,
            "education": {"level": "master", "certificates": "both"},
            "housing": {"owned_months": 160, "rented_months": 0},
            "job_residence": {"live_and_work_months": 30, "live_only_months": 0, "living_there_at_cutoff": True},
        }
    )
    third = make(**{**COUNTS, "tax_qualifying_years": 3})
    for count, applicant in enumerate((first, second, third), start=1):
        show_case(calc, applicant)
        save_scenario(calc, count)
    columns = calc.evaluate("""() => [...document.querySelectorAll('[data-testid="scenario-column"]')]
        .map(th => ({total: th.dataset.total, likely: th.dataset.firstLikelyYear}))""")
    assert len(columns) == 3
    for column, applicant in zip(columns, (first, second, third)):
        result = calculator.score(applicant, projection=True)
        assert Decimal(column["total"]) == Decimal(repr(result["total"]))
        assert column["likely"] == str(result["projection"]["first_likely_year"] or "")
    table = calc.evaluate("""() => Object.fromEntries([...document.querySelectorAll('[data-testid="scenario-compare"] tbody tr')]
        .map(tr => [tr.dataset.row, [...tr.querySelectorAll('td')].map(td => td.textContent)]))""")
    for index, applicant in enumerate((first, second, third)):
        result = calculator.score(applicant, projection=True)
        for item in result["items"]:
            assert Decimal(table[f"item-{item['id']}"][index]) == Decimal(repr(item["points"]))
        assert table["first-likely"][index] == result["projection"]["first_likely_text"]  # the engine's words
    assert calc.is_disabled('[data-testid="scenario-save"]')  # three is the most
    # load the second scenario back into the form, then remove the first
    calc.click('[data-testid="scenario-column"][data-index="1"] button[data-action="load"]')
    wait_result(calc)
    assert calc.inner_text('[data-testid="total"]') == f"{calculator.score(second)['total']:.2f}"
    calc.click('[data-testid="scenario-column"][data-index="0"] button[data-action="remove"]')
    assert calc.locator('[data-testid="scenario-column"]').count() == 2
    assert not calc.is_disabled('[data-testid="scenario-save"]')
    calc.click('[data-testid="scenario-column"][data-index="0"] button[data-action="remove"]')
    calc.click('[data-testid="scenario-column"][data-index="0"] button[data-action="remove"]')
    assert calc.is_hidden('[data-testid="scenario-compare"]')


def test_nothing_is_stored_unless_opted_in_and_clear_removes_it(chromium_browser, served_site):
    context = chromium_browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(served_site + "calculator/")
    wait_ready(page)
    wait_result(page)
    show_case(page, COUNTS)
    page.fill('[data-field="birth_date"]', "1984-02-03")
    wait_result(page)
    save_scenario(page, 1)
    stored = "() => Object.fromEntries(Object.keys(localStorage).map(k => [k, localStorage.getItem(k)]))"
    assert page.evaluate(stored) == {}
    assert not page.is_checked('[data-testid="storage-opt-in"]')

    page.check('[data-testid="storage-opt-in"]')
    kept = page.evaluate(stored)
    assert len(kept) == 1
    saved = json.loads(next(iter(kept.values())))
    assert saved["form"]["birth_date"] == "1984-02-03" and len(saved["scenarios"]) == 1
    total = page.inner_text('[data-testid="total"]')
    likely = page.get_attribute('[data-testid="scenario-column"]', "data-first-likely-year")
    page.wait_for_selector('html[data-engine-snapshot="stored"]', state="attached", timeout=60_000)

    page.goto(served_site + "calculator/")  # a new visit: the form comes back
    wait_ready(page)
    # started from the stored memory snapshot (no wheel files): the projection works there too
    assert page.get_attribute("html", "data-engine-start") == "snapshot"
    page.wait_for_function("t => document.querySelector('[data-testid=total]').textContent === t", arg=total)
    assert page.is_checked('[data-testid="storage-opt-in"]')
    assert page.input_value('[data-field="birth_date"]') == "1984-02-03"
    page.wait_for_selector('[data-testid="scenario-column"]')
    assert page.get_attribute('[data-testid="scenario-column"]', "data-first-likely-year") == likely
    assert shown_projection(page)
    kept = json.loads(next(iter(page.evaluate(stored).values())))
    assert len(kept["scenarios"]) == 1  # not lost while being scored again

    page.click('[data-testid="storage-clear"]')
    assert page.evaluate(stored) == {}
    assert not page.is_checked('[data-testid="storage-opt-in"]')
    page.fill('[data-field="birth_date"]', "1985-02-03")
    wait_result(page)
    assert page.evaluate(stored) == {}  # nothing written again until the box is ticked
    page.goto(served_site + "calculator/")
    wait_ready(page)
    wait_result(page)
    assert page.input_value('[data-field="birth_date"]') == ""
    context.close()


def test_the_printed_report_is_at_most_three_a4_pages_without_navigation(calc):
    """Issue 21: a print button on the page; the report keeps the gap to the cut-off, the year
    comparison and the advice (what people print it for), not the form or the page's chrome."""
    show_case(calc, RECORDS)
    wait_projection(calc)
    assert calc.is_visible('[data-testid="print"]')
    calc.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    calc.click('[data-testid="print"]')
    assert calc.evaluate("() => window.__printed") == 1
    calc.emulate_media(media="print")
    try:
        for chrome in (
            ".md-header",
            ".md-sidebar--primary",
            ".md-footer",
            "#calc-form",
            '[data-testid="share"]',
            '[data-testid="scenarios"]',
            '[data-testid="keep"]',
            '[data-testid="engine-status"]',
        ):
            assert calc.locator(chrome).count() == 1 and calc.is_hidden(chrome), chrome
        inputs = calc.inner_text(".calc-print-inputs")
        assert "出生日期" in inputs and "1990-11-20" in inputs and "社保缴纳记录第2条" in inputs
        head = calc.inner_text(".calc-print-head")
        assert "打印日期" in head and calc.evaluate("location.origin + location.pathname") in head
        assert calc.is_visible('[data-testid="projection"]') and calc.is_visible(".calc-disclaimer")
        assert calc.is_visible('[data-testid="item-employment"] .calc-detail')
        for kept in ('[data-testid="gap"]', '[data-testid="history-compare"]', '[data-testid="advice"]'):
            assert calc.is_visible(kept), kept
        assert calc.is_hidden('[data-testid="print"]')
        pdf = calc.pdf(format="A4", print_background=True)
    finally:
        calc.emulate_media(media="screen")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert 1 <= pages <= 3, pages


STORED = "() => Object.fromEntries(Object.keys(localStorage).map(k => [k, localStorage.getItem(k)]))"


def _kept_visit(chromium_browser, served_site, kept: object):
    """A new context whose storage holds `kept` under the page's key, the calculator opened."""
    context = chromium_browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(served_site + "calculator/")
    wait_ready(page)
    key = page.evaluate(
        "() => document.querySelector('[data-testid=keep]').dataset.key + '@' + new URL('../', location.href).pathname"
    )
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, json.dumps(kept, ensure_ascii=False)])
    return context, page, key


def test_a_share_link_never_replaces_what_the_visitor_kept(chromium_browser, served_site):
    from tests.browser import b64url

    mine = {"version": 1, "form": dict(COUNTS, birth_date="1984-02-03"), "scenarios": []}
    context, page, key = _kept_visit(chromium_browser, served_site, mine)
    other = dict(COUNTS, birth_date="1970-07-07")
    page.goto(served_site + "calculator/#data=" + b64url(other))
    page.reload()
    wait_ready(page)
    wait_result(page)
    assert page.input_value('[data-field="birth_date"]') == "1970-07-07"
    page.fill('[data-field="birth_date"]', "1971-01-01")
    wait_result(page)
    assert json.loads(page.evaluate(STORED)[key])["form"]["birth_date"] == "1984-02-03"  # untouched
    assert "没有被替换" in page.inner_text(".calc-keep-status")
    page.click('[data-testid="keep-mine"]')
    wait_result(page)
    assert page.input_value('[data-field="birth_date"]') == "1984-02-03"
    assert "#data=" not in page.url
    context.close()


def test_kept_data_that_does_not_fit_is_dropped_with_a_notice_and_not_written_back(chromium_browser, served_site):
    context, page, key = _kept_visit(
        chromium_browser, served_site, {"version": 99, "form": {"birth_date": "1999-09-09"}}
    )
    page.reload()
    wait_ready(page)
    assert page.input_value('[data-field="birth_date"]') != "1999-09-09"
    assert "其他版本" in page.inner_text(".calc-keep-status")
    assert not page.is_checked('[data-testid="storage-opt-in"]')
    for junk in (True, 1, "x", [1, 2]):  # a truthy non-object ticks nothing
        page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, json.dumps(junk)])
        page.reload()
        wait_ready(page)
        assert not page.is_checked('[data-testid="storage-opt-in"]')
    garbage = {"version": 1, "form": dict(COUNTS), "scenarios": [None, 1, "x", {"name": {"a": 1}, "applicant": {}}]}
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, json.dumps(garbage)])
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.reload()
    wait_ready(page)
    wait_result(page)
    assert "4个格式不对" in page.inner_text(".calc-keep-status") and not errors
    assert "[object Object]" not in page.inner_text("body")
    context.close()


# ---------------------------------------------------------------- named scenarios, what differs, why equal (issue 21)
# A job moved to 昌平 (城六区以外) by someone who has lived in an owned home there since 2016: 职住
# is at its cap of 12 either way, so the two totals are equal; the page says why, from the engine.
CHANGPING = {
    "application_year": 2025,
    "birth_date": "1988-06-01",
    "sex": "male",
    "records": {
        "social_insurance": [{"from": "2012-07", "to": "2024-12", "kind": "normal", "work_district": "central"}],
        "housing": [{"from": "2016-03", "to": "2024-12", "kind": "owned", "district": "outer"}],
    },
    "education": {"level": "master", "certificates": "both", "graduation": "2012-06"},
}
COLUMN_NAMES = "() => [...document.querySelectorAll('[data-testid=scenario-name]')].map(i => i.value)"
DIFF_ROWS = """() => [...document.querySelectorAll('[data-testid="scenario-diff"]')]
    .map(tr => [...tr.children].map(c => c.textContent))"""


def clear_scenarios(page) -> None:
    while page.locator('[data-testid="scenario-column"]').count():
        page.click('[data-testid="scenario-column"][data-index="0"] button[data-action="remove"]')


def item_of(result: dict, key: str) -> dict:
    return next(item for item in result["items"] if item["id"] == key)


def option_text(path: str, value: object) -> str:
    """An option's words in the field table (calculator/schema.py), without the explanation in brackets."""
    from calculator import schema

    field = next(f for f in schema.describe()["fields"] if f["path"] == path)
    label = next(o["label"] for o in field["options"] if o["value"] == value)
    return re.sub(r"（.*?）", "", label)


def unit(path: str) -> str:
    from calculator import schema

    return next(f["unit"] for f in schema.describe()["fields"] if f["path"] == path)


def last_cutoff_month() -> str:
    """What 至今 sends for a record that starts after the cut-off: the last cut-off the rules know."""
    from calculator.rules import RULES

    return f"{RULES['application_years']['last'] - 1}-12"


def test_equal_totals_say_why_from_the_engine_and_print_side_by_side(calc):
    from calculator.schema import describe, label_of

    moved = json.loads(json.dumps(CHANGPING))
    moved["records"]["social_insurance"][0]["work_district"] = "outer"
    here, there = calculator.score(CHANGPING), calculator.score(moved)
    assert here["total"] == there["total"]  # the case: nothing else changes
    held, moved_held = item_of(here, "job_residence"), item_of(there, "job_residence")
    assert held["points"] == moved_held["points"] and held["capped"]["uncapped"] != moved_held["capped"]["uncapped"]

    clear_scenarios(calc)
    show_case(calc, CHANGPING)
    save_scenario(calc, 1)
    calc.select_option('[data-field="records.social_insurance[0].work_district"]', "outer")
    wait_result(calc)
    save_scenario(calc, 2)
    assert calc.evaluate(COLUMN_NAMES) == ["方案1", "方案2"]
    totals = calc.evaluate(
        "() => [...document.querySelectorAll('[data-testid=scenario-column]')].map(t => t.dataset.total)"
    )
    assert [Decimal(t) for t in totals] == [Decimal(repr(here["total"]))] * 2

    # the one input that differs, in the form's words
    path = "records.social_insurance[0].work_district"
    assert calc.evaluate(DIFF_ROWS) == [
        [label_of(path), option_text(generic_path(path), "central"), option_text(generic_path(path), "outer")]
    ]

    # why the totals are equal: the line the cap held, its points without the cap in each, the cap
    same = same_text(calc)
    label = next(i["label"] for i in describe()["items"] if i["id"] == "job_residence")
    cap = held["capped"]["cap"]
    assert f"“方案1”和“方案2”的总分相同（{here['total']:.2f}分）" in same
    assert (
        f"{label}：按填写，“方案1”应得{held['capped']['uncapped']}分、“方案2”应得{moved_held['capped']['uncapped']}分"
        in same
    )
    assert f"都超过上限{cap}分，都按{held['points']}分计" in same

    # a new name is taken into the sentence at once
    name = calc.locator('[data-testid="scenario-name"][data-index="1"]')
    name.fill("工作搬到昌平")
    name.press("Tab")
    assert "“方案1”和“工作搬到昌平”的总分相同" in same_text(calc)
    assert (
        calc.get_attribute('[data-testid="scenario-column"][data-index="1"] button[data-action="remove"]', "aria-label")
        == "删除“工作搬到昌平”"
    )

    # printed: side by side, with the names, the differing input and the sentence; no buttons
    calc.emulate_media(media="print")
    try:
        assert calc.is_visible('[data-testid="scenario-compare"]') and calc.is_visible('[data-testid="scenario-same"]')
        assert calc.is_visible('[data-testid="scenario-name"][data-index="1"]')
        assert calc.evaluate(COLUMN_NAMES) == ["方案1", "工作搬到昌平"]
        assert calc.is_visible('[data-testid="scenario-diff"]')
        assert calc.locator('[data-testid="scenarios"] button:visible').count() == 0
        boxes = calc.evaluate("""() => [...document.querySelectorAll('[data-testid=scenario-column]')]
            .map(th => th.getBoundingClientRect()).map(r => [r.left, r.top])""")
        assert boxes[0][1] == boxes[1][1] and boxes[0][0] < boxes[1][0]  # side by side
        pdf = calc.pdf(format="A4", print_background=True)
    finally:
        calc.emulate_media(media="screen")
    assert 1 <= len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) <= 3
    clear_scenarios(calc)


def generic_path(path: str) -> str:
    return re.sub(r"\[\d+\]", "[]", path)


def test_the_comparison_lists_the_inputs_that_differ_in_the_forms_words(calc):
    from calculator.schema import label_of

    second = make(**{**COUNTS, "education": {"level": "master", "certificates": "both"}, "tax_qualifying_years": 3})
    third = make(**{**COUNTS, "birth_date": "1986-05-01"})
    clear_scenarios(calc)
    for count, applicant in enumerate((COUNTS, second, third), start=1):
        show_case(calc, applicant)
        save_scenario(calc, count)
    rows = {row[0]: row[1:] for row in calc.evaluate(DIFF_ROWS)}
    level = [option_text("education.level", a["education"]["level"]) for a in (COUNTS, second, third)]
    assert rows == {
        label_of("birth_date"): [COUNTS["birth_date"], COUNTS["birth_date"], "1986-05-01"],
        label_of("education.level"): level,
        label_of("tax_qualifying_years"): [
            f"{a['tax_qualifying_years']}{unit('tax_qualifying_years')}" for a in (COUNTS, second, third)
        ],
    }
    assert level[0] != level[1] and "master" not in str(rows)
    table = calc.inner_text('[data-testid="scenario-compare"]')
    assert not PATH_TEXT.search(table) and not TRACEBACK.search(table), table
    # born three years later: the same total this year (age 20 either way), so a sentence says why, and
    # which later year differs (the engine's projections); the second's total differs: nothing about it
    wait_same(calc)
    sentences = calc.locator('[data-testid="scenario-same"] li').all_inner_texts()
    first, last = (calculator.score(a, projection=True) for a in (COUNTS, third))
    assert first["total"] == last["total"] != calculator.score(second)["total"]
    year, a, b = next(
        (x["application_year"], x["total"], y["total"])
        for x, y in zip(first["projection"]["years"], last["projection"]["years"])
        if x["total"] != y["total"]
    )
    assert sentences == [
        f"“方案1”和“方案3”的总分相同（{first['total']:.2f}分）：填写的不同之处没有改变这一年度的任何一项分值。"
        f"以后的年度不同：{year}年申报时“方案1”{a:.2f}分、“方案3”{b:.2f}分。"
    ]
    clear_scenarios(calc)


def test_a_planned_record_after_the_cutoff_is_accepted_and_counts_in_the_years_it_reaches(calc):
    """CONTRACT 2b: a record that starts after the cut-off (a plan) is valid, counts nothing this year
    and counts in the projection years it reaches; 至今 on it means "from its start and on"."""
    clear_scenarios(calc)
    show_case(calc, RECORDS)
    save_scenario(calc, 1)
    rows = '[data-rows="records.housing"] > .calc-row'
    index = calc.locator(rows).count()
    calc.click('[data-add="records.housing"]')
    calc.check(f"#f-records-housing-{index}-to-ongoing")  # 至今 first: the end follows the start typed after
    calc.fill(f'[data-field="records.housing[{index}].from"]', "2027-01")
    calc.select_option(f'[data-field="records.housing[{index}].kind"]', "owned")
    calc.select_option(f'[data-field="records.housing[{index}].district"]', "outer")
    wait_result(calc)
    assert calc.is_hidden('[data-testid="input-error"]')
    assert calc.input_value(f'[data-field="records.housing[{index}].to"]') == last_cutoff_month()
    plan = json.loads(json.dumps(RECORDS))
    plan["records"]["housing"].append(
        {"from": "2027-01", "to": last_cutoff_month(), "kind": "owned", "district": "outer"}
    )
    expected = calculator.score(plan, projection=True)
    assert (
        calc.inner_text('[data-testid="total"]')
        == f"{expected['total']:.2f}"
        == f"{calculator.score(RECORDS)['total']:.2f}"
    )
    assert "以后各年度的推算中计入" in calc.inner_text('[data-testid="item-residence"]')
    # later years: what the engine gives for the carried-forward input, and more than without the plan
    without = {
        r["application_year"]: r["total"] for r in calculator.score(RECORDS, projection=True)["projection"]["years"]
    }
    shown = shown_projection(calc)
    for row in shown:
        year = int(row["year"])
        assert Decimal(row["points"]) == Decimal(repr(calculator.score(later_input(plan, year))["total"])), row
        assert (Decimal(row["points"]) > Decimal(repr(without[year]))) is (year >= 2028), (
            row
        )  # 2027-12 is 2028's cut-off
    assert any("以后才开始的住所记录第3条" in line for line in expected["projection"]["assumptions"])
    # as a scenario: equal this year, and the sentence says why (and when it starts to count)
    save_scenario(calc, 2)
    assert calc.evaluate(DIFF_ROWS) == [["住房记录第3条", "—", "2027-01 起，至今，自有住所，城六区以外的区"]]
    same = same_text(calc)
    assert "住房记录第3条（“方案2”，2027-01起），在计算截止月2024-12以后才开始，这一年度不计分" in same
    later = next(r for r in shown if Decimal(r["points"]) != Decimal(repr(without[int(r["year"])])))
    assert (
        f"{later['year']}年申报时“方案1”{without[int(later['year'])]:.2f}分、“方案2”{Decimal(later['points']):.2f}分"
        in same
    )
    clear_scenarios(calc)
    # a link with the plan reads its end as 至今 again
    show_case(calc, plan)
    assert calc.is_checked(f"#f-records-housing-{index}-to-ongoing")
    assert calc.inner_text('[data-testid="total"]') == f"{expected['total']:.2f}"


def test_scenario_names_are_edited_kept_and_restored_clean(chromium_browser, served_site):
    context = chromium_browser.new_context(**PHONE)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(served_site + "calculator/")
    wait_ready(page)
    wait_result(page)
    show_case(page, COUNTS)
    save_scenario(page, 1)
    page.fill('[data-field="birth_date"]', "1984-02-03")
    wait_result(page)
    save_scenario(page, 2)
    assert page.evaluate(COLUMN_NAMES) == ["方案1", "方案2"]
    name = page.locator('[data-testid="scenario-name"][data-index="0"]')
    for refused, why in (("   ", "不能为空"), ("方案2", "已有名为“方案2”的方案")):
        name.fill(refused)
        name.press("Tab")
        assert page.evaluate(COLUMN_NAMES) == ["方案1", "方案2"] and why in page.inner_text(".calc-scn-status")
    name.fill("  现在的工作\t")
    name.press("Tab")
    assert page.evaluate(COLUMN_NAMES) == ["现在的工作", "方案2"]
    limit = int(page.get_attribute('[data-testid="scenarios"]', "data-name-length"))
    assert name.get_attribute("maxlength") == str(limit)

    page.check('[data-testid="storage-opt-in"]')
    kept = json.loads(next(iter(page.evaluate(STORED).values())))
    assert [s["name"] for s in kept["scenarios"]] == ["现在的工作", "方案2"]
    page.locator('[data-testid="scenario-name"][data-index="1"]').fill("晚两年出生")
    kept = json.loads(next(iter(page.evaluate(STORED).values())))
    assert [s["name"] for s in kept["scenarios"]] == ["现在的工作", "晚两年出生"]  # kept as it is typed

    page.goto(served_site + "calculator/")  # without the #data= of show_case: saving goes on
    wait_ready(page)
    page.wait_for_function("() => document.querySelectorAll('[data-testid=scenario-column]').length === 2")
    assert page.evaluate(COLUMN_NAMES) == ["现在的工作", "晚两年出生"]

    # names that do not fit are cleaned on the way in and written back clean, never as they were
    key = next(iter(page.evaluate(STORED)))
    long = "很" * (limit + 10)
    kept["scenarios"] = [
        {"name": "\u0007 买房\n\u200b 以后 ", "applicant": COUNTS},
        {"name": long, "applicant": kept["scenarios"][1]["applicant"]},
        {"name": "", "applicant": COUNTS},
    ]
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, json.dumps(kept, ensure_ascii=False)])
    page.goto(served_site + "calculator/")  # without the #data= of show_case: saving goes on
    wait_ready(page)
    page.wait_for_function("() => document.querySelectorAll('[data-testid=scenario-column]').length === 3")
    cleaned = ["买房 以后", "很" * limit, "方案3"]
    assert page.evaluate(COLUMN_NAMES) == cleaned
    page.wait_for_function(
        "([k, n]) => JSON.parse(localStorage.getItem(k)).scenarios.map(s => s.name).join('|') === n",
        arg=[key, "|".join(cleaned)],
    )
    assert not errors, errors
    context.close()
