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
from tests.browser import PHONE, show_case, wait_ready, wait_result
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
        result = calculator.score(applicant)
        for item in result["items"]:
            assert Decimal(table[f"item-{item['id']}"][index]) == Decimal(repr(item["points"]))
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
