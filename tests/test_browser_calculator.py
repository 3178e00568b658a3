"""The calculator page in headless Chromium, served from the built site over HTTP.

The engine runs in the page's Web Worker (Pyodide); every expected value is computed in
this process by CPython with the same engine (calculator.score_json), and compared as text:
`data-points` must spell each number exactly as the engine's JSON does.

The page has two input modes: dated records (CONTRACT.md 2b, the default form) and month
counts (section 2, "我已知道月数"); the tests that fill the form run in both (`mode`).
Records-only behaviour (rows, 至今, switching modes, the timeline) is in test_browser_records.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import calculator
from build_tools import calculator_page
from calculator import comparison, history, indicators, schema
from calculator.rules import INDICATORS
from tests.browser import (
    CALCULATOR,
    PATH_TEXT,
    PHONE,
    TRACEBACK,
    assert_errors_beside_fields,
    b64url,
    choose_mode,
    expected_from_cpython,
    fill_record,
    from_b64url,
    page_result,
    record_field,
    show_case,
    visible_text,
    wait_ready,
    wait_result,
    wait_state,
)
from tests.browser_fixtures import calc, context, fresh, new_page  # noqa: F401 (fixtures)
from tests.html_tools import parse

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = sorted((ROOT / "tests" / "golden").glob("*.json"))
COUNT_GOLDEN = [p for p in GOLDEN if "records" not in json.loads(p.read_text(encoding="utf-8"))["input"]]
RECORD_GOLDEN = [p for p in GOLDEN if "records" in json.loads(p.read_text(encoding="utf-8"))["input"]]
MODES = ("records", "counts")


# The same person by hand in either mode: 96 months of insurance up to the 2025 round's cut-off.
BY_HAND = {"application_year": 2025, "birth_date": "1990-01-01", "sex": "male", "residence_permit": True}
BY_HAND_COUNTS = {**BY_HAND, "social_insurance": {"months": 96}}
BY_HAND_RECORDS = {**BY_HAND, "records": {"social_insurance": [{"from": "2017-01", "to": "2024-12"}]}}


def fill_by_hand(page, mode: str, year: bool = True) -> dict:
    """Fill BY_HAND in `mode` with the mouse and keys; returns the applicant it stands for."""
    choose_mode(page, mode)
    if year:
        page.select_option('[data-field="application_year"]', "2025")
    page.fill('[data-field="birth_date"]', BY_HAND["birth_date"])
    page.check("#f-sex-male")
    page.check('[data-field="residence_permit"]')
    if mode == "counts":
        page.fill('[data-field="social_insurance.months"]', "96")
        return BY_HAND_COUNTS
    fill_record(page, "social_insurance", 0, **{"from": "2017-01", "to": "2024-12"})
    return BY_HAND_RECORDS


# ---------------------------------------------------------------- the built page (no browser)
def _built(built_site) -> str:
    return (built_site / "calculator" / "index.html").read_text(encoding="utf-8")


def _generic(path: str) -> str:
    return re.sub(r"\[[^\]]*\]", "[]", path)


def test_the_form_has_a_control_for_every_field_of_the_table_and_nothing_else(built_site):
    from tests.html_tools import parse

    root = parse(built_site / "calculator" / "index.html")
    fields = {_generic(node.attrs["data-field"]) for node in root.iter() if node.attrs.get("data-field")}
    leaves = {f.path for f in schema.FIELDS if f.type not in ("object", "array")}
    assert fields == leaves
    lists = {node.attrs["data-rows"] for node in root.iter() if node.attrs.get("data-rows")}
    assert lists == {f.path for f in schema.FIELDS if f.type == "array"}

    def options(select_id: str) -> list[str]:
        select = [n for n in root.iter() if n.tag == "select" and n.attrs.get("id") == select_id][0]
        return [o.attrs["value"] for o in select.find_all("option")]

    from calculator.rules import RULES

    years = RULES["application_years"]
    assert options("f-application-year") == [str(y) for y in range(years["first"], years["last"] + 1)]
    assert options("f-education-level") == list(INDICATORS["education"]["levels"])
    assert options("f-education-certificates") == list(INDICATORS["education"]["certificates"])
    types = INDICATORS["innovation"]["types"]
    assert options("f-innovation-type") == ["none", *types, "employment"]  # the last: the 2016 trial rules' item
    select = [n for n in root.iter() if n.tag == "select" and n.attrs.get("id") == "f-innovation-type"][0]
    only = {o.attrs["value"]: o.attrs.get("data-rule-sets") for o in select.find_all("option")}
    assert only == {"none": None, "award": None, "competition": "2020", "equity": "2020", "employment": "2016"}
    # no points are chosen for the visitor: an empty first choice until they pick one
    assert options("f-innovation-points-award") == [""] + [str(p) for p in types["award"]["points"]]
    assert options("f-innovation-points-competition") == [""] + [str(p) for p in types["competition"]["points"]]
    assert options("f-tax-qualifying-years") == [str(n) for n in range(INDICATORS["tax"]["years"] + 1)]
    calc = [n for n in root.iter() if n.attrs.get("data-testid") == "calculator"][0]
    for node in calc.iter():  # the engine judges the input: no browser-side constraint blocks it
        if node.tag == "input":
            assert not {"required", "min", "max", "pattern", "maxlength"} & set(node.attrs), node.attrs
    labels = {n.attrs.get("for") for n in calc.iter() if n.tag == "label"}
    for node in calc.iter():
        if node.tag in ("input", "select") and node.attrs.get("type") not in ("radio", "checkbox", "hidden"):
            assert node.attrs.get("id") in labels, node.attrs
    # what the table says the form starts with: 居住证 not ticked, no innovation points, records first
    by_id = {n.attrs.get("id"): n for n in calc.iter() if n.attrs.get("id")}
    assert "checked" not in by_id["f-residence-permit"].attrs
    assert "checked" in by_id["calc-mode-records"].attrs and "checked" not in by_id["calc-mode-counts"].attrs


def test_the_labels_and_help_come_from_the_field_table_and_the_rules(built_site):
    from calculator.rules import render
    from tests.html_tools import parse, squash

    text = squash(parse(built_site / "calculator" / "index.html").text())
    values = schema.year_values(calculator_page.default_year())
    for field in schema.FIELDS:
        if field.type in ("object",):
            continue
        assert squash(field.label) in text, field.path
        if field.help:
            assert squash(field.help.format(**values)) in text, field.path
    for key in ("employment", "residence", "job_residence", "innovation", "tax", "age", "honours", "law"):
        assert squash(render(INDICATORS[key]["summary"], INDICATORS[key])) in text, key
    assert squash(INDICATORS["residence"]["rental_note"]) in text
    # the rule summary below the form is there, folded (it is the fallback when the engine cannot run)
    assert "计分规则摘要" in text
    page = _built(built_site)
    assert re.search(r'<div class="rule-summary">\s*<details', page)
    assert "&lt;span" not in page, "markup shown as text"


def test_the_result_lines_follow_the_rules_data(built_site):
    from tests.html_tools import parse

    root = parse(built_site / "calculator" / "index.html")
    rows = [n for n in root.iter() if (n.attrs.get("data-testid") or "").startswith("item-")]
    assert [n.attrs["data-testid"][5:] for n in rows] == list(INDICATORS)
    for node, (_key, table) in zip(rows, INDICATORS.items()):
        assert table["label"] in node.text()
    conditions = [n.attrs["data-condition"] for n in root.iter() if n.attrs.get("data-condition")]
    assert conditions == [c["id"] for c in schema.describe()["eligibility"]]


def test_the_page_data_holds_the_field_table_the_cutoffs_and_the_links(built_site):
    import csv

    from tests.html_tools import parse

    root = parse(built_site / "calculator" / "index.html")
    script = [n for n in root.iter() if n.tag == "script" and n.attrs.get("id") == "calculator-data"][0]
    data = json.loads(script.text())
    with (ROOT / "policy" / "history.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [(h["year"], h["text"], h["verified"]) for h in data["history"]] == [
        (int(r["year"]), r["lowest_admitted_score"], r["status"] == "verified") for r in rows
    ]
    for key in INDICATORS:
        assert data["links"][key] == f"../indicators/{indicators.UNITS[key].PAGE[0]}/"
        assert (built_site / "indicators" / indicators.UNITS[key].PAGE[0] / "index.html").is_file()
    from calculator import periods

    for year, values in data["years"].items():
        assert values["employment_months"] == periods.spans(int(year)).employment_months
    described = schema.describe()
    assert [f["path"] for f in data["fields"]] == [f["path"] for f in described["fields"]]
    for shipped, field in zip(data["fields"], described["fields"]):
        assert all(shipped[key] == field[key] for key in shipped), field["path"]
    assert data["modes"][0] == "records"


def test_only_the_calculator_page_loads_the_calculator_and_it_starts_in_the_head(built_site):
    modules = sorted(p.name for p in (ROOT / "docs" / "calculator").glob("*.js"))
    for html in built_site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        if html == built_site / "calculator" / "index.html":
            continue
        for marker in ("calculator.css", "assets/pyodide", "assets/engine", "calculator-boot", *modules):
            assert marker not in text, (html, marker)
    page = built_site / "calculator" / "index.html"
    text = _built(built_site)
    assert text.count("calculator-boot") == 1 and text.count("calculator.css") == 1
    head = parse(page).find_all("head")[0]
    tags = [child for child in head.children if not isinstance(child, str)]
    # first the Content-Security-Policy (it must govern every script), then the charset
    assert tags[0].tag == "meta" and tags[0].attrs.get("http-equiv") == "Content-Security-Policy"
    assert tags[1].tag == "meta" and tags[1].attrs.get("charset") == "utf-8"
    # the start-up script (overrides/calculator.html): the first script, before the title and every
    # stylesheet; only <meta> and non-loading <link>s (icon, prev, next, canonical) come before it
    boot = next(i for i, tag in enumerate(tags) if tag.attrs.get("id") == "calculator-boot")
    assert tags[boot].tag == "script" and "async" not in tags[boot].attrs and "defer" not in tags[boot].attrs
    assert (page.parent / tags[boot].attrs["src"]).resolve() == (built_site / "calculator" / "boot.js").resolve()
    for tag in tags[:boot]:
        assert tag.tag == "meta" or (tag.tag == "link" and tag.attrs.get("rel") != "stylesheet"), tag.attrs
    assert [tag.tag for tag in tags].index("title") > boot
    # its stylesheet: in <head>, after the theme's and the site's, which it refines
    sheets = [tag for tag in tags if tag.tag == "link" and tag.attrs.get("rel") == "stylesheet"]
    assert sheets[-1].attrs.get("id") == "calculator-css" and len(sheets) > 1
    assert (page.parent / sheets[-1].attrs["href"]).resolve() == (
        built_site / "calculator" / "calculator.css"
    ).resolve()
    body = parse(page).find_all("body")[0]
    assert not body.find_all("script", id="calculator-boot") and not body.find_all("link", id="calculator-css")
    assert (built_site / "assets" / "pyodide" / "pyodide.asm.wasm").is_file()
    lock = json.loads((built_site / "assets" / "engine" / "pyodide-lock.json").read_text(encoding="utf-8"))
    wheel = lock["packages"]["calculator"]["file_name"]
    assert "/" not in wheel and (built_site / "assets" / "engine" / wheel).is_file()


def test_the_theme_search_is_off_on_the_calculator_page_only(built_site):
    """`search_off: true` (overrides/partials/search.html): no form named "search" and no search
    component, so the theme neither downloads the index nor starts its worker; every other page
    with the theme's header keeps both."""
    calculator_html = built_site / "calculator" / "index.html"
    page = parse(calculator_html)
    assert not page.find_all("form", name="search") and not page.find_all(data_md_component="search")
    assert page.find_all("form", name="search-off") and page.find_all(data_md_component="search-off")
    others = [html for html in built_site.rglob("*.html") if html != calculator_html and parse(html).find_all("header")]
    assert len(others) > 40
    for html in others:
        other = parse(html)
        assert len(other.find_all("form", name="search")) == 1, html
        assert len(other.find_all(data_md_component="search")) == 1, html
        assert not other.find_all(data_md_component="search-off"), html


def test_the_calculator_page_fetches_no_search_index_and_starts_no_search_worker(new_page, served_site):
    """In Chromium: another page downloads the index and starts the site's search worker (so the check
    can fail); the calculator page does neither, and its engine still gets ready."""
    fetched: dict[str, list[str]] = {}
    for path in ("process/", "calculator/"):
        page = new_page()
        urls = fetched[path] = []
        page.on("request", lambda request, urls=urls: urls.append(request.url))
        page.goto(served_site + path)
        page.wait_for_load_state("load")
        if path == "calculator/":
            wait_ready(page)
        else:
            page.wait_for_function(
                "() => performance.getEntriesByType('resource').some(e => e.name.includes('search_index'))"
            )
        fetched[path].extend(worker.url for worker in page.workers)
    assert any("search/search_index.json" in url for url in fetched["process/"])
    assert any("search-worker.js" in url for url in fetched["process/"])
    assert not [url for url in fetched["calculator/"] if "search_index" in url or "search-worker" in url]


def test_the_runtime_download_starts_after_the_pages_text_is_painted(new_page, served_site):
    """Issue 20: on a first visit the interpreter's download waits for the page's largest text to be
    painted (so on a slow link the text and styles get the bandwidth first), and the engine still
    gets ready."""
    page = new_page()
    page.goto(served_site + "calculator/")
    wait_ready(page)
    times = page.evaluate(
        """async () => ({
            lcp: await new Promise(done => new PerformanceObserver(list => done(list.getEntries().map(e => e.startTime)))
                .observe({type: 'largest-contentful-paint', buffered: true})),
            fcp: performance.getEntriesByName('first-contentful-paint').map(e => e.startTime),
            wasm: performance.getEntriesByType('resource').filter(e => e.name.endsWith('pyodide.asm.wasm'))
                .map(e => e.startTime),
        })"""
    )
    assert times["fcp"] and times["lcp"] and len(times["wasm"]) == 1, times
    assert times["wasm"][0] >= times["lcp"][0] >= times["fcp"][0], times


# ---------------------------------------------------------------- golden cases
def test_there_are_golden_cases_of_both_kinds():
    assert len(COUNT_GOLDEN) >= 40, "tests/golden/*.json: the engine's golden cases (month counts)"
    assert len(RECORD_GOLDEN) >= 15, "tests/golden/*.json: the engine's golden cases (records)"


def _replay(page, paths) -> list:
    mismatches = []
    for path in paths:
        case = json.loads(path.read_text(encoding="utf-8"))
        show_case(page, case["input"])
        shown = page_result(page)
        expected = expected_from_cpython(case["input"])
        if shown["input_error_shown"]:
            mismatches.append((path.name, "input error shown", shown["input_error"]))
            continue
        for key in ("total", "items", "conditions", "eligible"):
            if shown[key] != expected[key]:
                mismatches.append((path.name, key, shown[key], expected[key]))
    return mismatches


@pytest.mark.parametrize("mode", MODES)
def test_every_golden_case_replayed_through_the_page_equals_cpython(calc, mode):
    cases = RECORD_GOLDEN if mode == "records" else COUNT_GOLDEN
    assert cases
    assert not _replay(calc, cases)
    expected_mode = calc.evaluate("document.querySelector('input[name=calc-mode]:checked').value")
    assert expected_mode == mode, "a link fills the form in the mode of its data"


def test_the_advice_shown_is_the_engines(calc):
    """Next year's estimate and the levers come from calculator.score(..., advice=True), unchanged."""
    for path in COUNT_GOLDEN[:4] + RECORD_GOLDEN[:3]:
        applicant = json.loads(path.read_text(encoding="utf-8"))["input"]
        show_case(calc, applicant)
        advice = calculator.score(applicant, advice=True)["advice"]
        levers = calc.locator('[data-testid="advice"] .calc-levers li').all_inner_texts()
        assert levers == advice["levers"], path.name
        next_text = calc.inner_text('[data-testid="advice"] .calc-next-year')
        assert next_text == advice["next_year"]["text"]  # the engine's sentence, as it says it
        assert (
            f"{advice['next_year']['application_year']}年申报的估算：{advice['next_year']['total']:.2f} 分" in next_text
        )
        assert all(assumption in next_text for assumption in advice["next_year"]["assumptions"])


@pytest.mark.parametrize("mode", MODES)
def test_the_form_reproduces_each_golden_input(calc, mode):
    """Hash -> form -> applicant JSON: what the page sends scores like the original input."""
    for path in RECORD_GOLDEN if mode == "records" else COUNT_GOLDEN[:12]:
        case = json.loads(path.read_text(encoding="utf-8"))
        show_case(calc, case["input"])
        link = _share(calc)
        sent = from_b64url(link.split("#data=", 1)[1])
        assert calculator.validate(sent) == [], (path.name, sent)
        assert ("records" in sent) == (mode == "records"), path.name
        assert _numbers(calculator.score(sent)) == _numbers(calculator.score(case["input"])), path.name


def _numbers(result: dict) -> tuple:
    return (
        result["total"],
        result["eligible"],
        [i["points"] for i in result["items"]],
        [c["met"] for c in result["eligibility"]],
    )


def _share(page) -> str:
    page.evaluate("document.querySelector('[data-testid=share-link]').value = ''")
    page.click('[data-testid="share"]')
    page.wait_for_function("() => document.querySelector('[data-testid=share-link]').value.includes('#data=')")
    return page.input_value('[data-testid="share-link"]')


# ---------------------------------------------------------------- result panel
@pytest.mark.parametrize("mode", MODES)
def test_result_panel_shows_items_sources_links_gap_and_history(calc, built_site, mode):
    case = json.loads((RECORD_GOLDEN if mode == "records" else COUNT_GOLDEN)[0].read_text(encoding="utf-8"))
    show_case(calc, case["input"])
    result = calculator.score(case["input"])
    for item in result["items"]:
        row = calc.locator(f'[data-testid="item-{item["id"]}"]')
        assert row.locator(".calc-detail").inner_text() == item["detail"]
        assert item["source"] in row.locator(".calc-source").inner_text()
        href = row.locator("a").get_attribute("href")
        assert href == f"../indicators/{indicators.UNITS[item['id']].PAGE[0]}/"
        assert (built_site / "calculator" / href / "index.html").resolve().is_file()
    latest = _history()[-1]  # the latest known year, whatever its status (CONTRACT 4b)
    gap = round(result["total"] - float(latest["lowest_admitted_score"]), 2)
    gap_text = calc.inner_text('[data-testid="gap"]')
    assert latest["year"] in gap_text and latest["lowest_admitted_score"] in gap_text
    assert ("非官方数字，未核实" in gap_text and latest["source_zh"] in gap_text) == (latest["status"] != "verified")
    assert calc.get_attribute('[data-testid="gap"]', "data-gap") == f"{gap:.2f}"
    years = calc.eval_on_selector_all(
        '[data-testid="history-compare"] li[data-year]', "els => els.map(e => e.dataset.year)"
    )
    assert years == [row["year"] for row in _history()]
    for row in _history():
        text = calc.inner_text(f'[data-testid="history-compare"] li[data-year="{row["year"]}"]')
        assert ("非官方数字，未核实" in text) == (row["status"] != "verified")
    # where this total would have stood each year (CONTRACT 4d), as the engine counts it
    standing = calculator.standing(result["total"])
    age_sentence = calculator.score(case["input"], advice=True)["standing_age"]
    assert age_sentence and calc.inner_text('[data-testid="standing-age"]') == age_sentence  # the engine's words
    shown = calc.eval_on_selector_all(
        '[data-testid="standing"] [data-testid="standing-year"]',
        "els => els.map(e => [e.dataset.year, e.dataset.admitted, e.dataset.rank, e.textContent])",
    )
    assert [tuple(s[:3]) for s in shown] == [
        (str(r["year"]), str(r["admitted"]), "" if r["rank"] is None else str(r["rank"])) for r in standing
    ]
    standing_text = calculator.score(case["input"], advice=True)["standing_text"]
    for (_, _, _, text), r, line in zip(shown, standing, standing_text):
        assert text.startswith(line)  # the engine's line (the chart's own text follows it)
        assert (
            f"第{r['rank']:,}名，共{r['admitted']:,}人" if r["rank"] else f"低于当年最低分{r['lowest']:.2f}"
        ) in text
    assert calc.locator('[data-testid="standing"] svg.calc-standing-bar').count() == len(standing)
    own = calc.eval_on_selector_all(
        '[data-testid="typical-items"] tbody tr', "els => els.map(e => [...e.children].map(c => c.textContent))"
    )
    assert [row[:2] for row in own] == [[INDICATORS[i["id"]]["label"], str(i["points"])] for i in result["items"]]
    assert "非官方" in visible_text(calc) and "仅供参考" in visible_text(calc)
    for condition in result["eligibility"]:
        li = calc.locator(f'[data-testid="eligibility"] li[data-condition="{condition["id"]}"]')
        assert condition["detail"] in li.inner_text()
    assert calc.locator('[data-testid="timeline"]').is_visible() == (mode == "records")


def _history() -> list[dict]:
    import csv

    with (ROOT / "policy" / "history.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("mode", MODES)
def test_ineligible_applicant_is_shown_with_the_reason(calc, mode):
    applicant = {"application_year": 2025, "birth_date": "1990-05-01", "sex": "male", "residence_permit": False}
    if mode == "counts":
        applicant["social_insurance"] = {"months": 60}
    else:  # 60 months, and a gap: the run that ends at the cut-off is only 24 months
        applicant["records"] = {
            "social_insurance": [{"from": "2018-01", "to": "2020-12"}, {"from": "2023-01", "to": "2024-12"}]
        }
    show_case(calc, applicant)
    assert calc.get_attribute('[data-testid="eligibility"]', "data-eligible") == "false"
    result = calculator.score(applicant)
    for condition in result["eligibility"]:
        li = calc.locator(f'li[data-condition="{condition["id"]}"]')
        assert li.get_attribute("data-met") == json.dumps(condition["met"])
        if not condition["met"]:
            assert "不满足" in li.inner_text() and condition["detail"] in li.inner_text()
    assert calc.inner_text('[data-testid="total"]') == f"{result['total']:.2f}"
    assert calc.inner_text('[data-testid="eligibility"] .calc-elig-verdict') == result["eligibility_verdict"]
    assert result["eligibility_verdict"].startswith("未全部满足")


# ---------------------------------------------------------------- bad input
def test_bad_counts_show_the_engines_chinese_messages_next_to_the_fields(fresh):
    page = fresh
    wait_ready(page)
    choose_mode(page, "counts")
    page.select_option('[data-field="application_year"]', "2025")
    page.check("#f-sex-female")
    page.fill('[data-field="birth_date"]', "1988-13-45")
    page.fill('[data-field="social_insurance.months"]', "999")
    page.fill('[data-field="housing.owned_months"]', "abc")
    page.select_option('[data-field="education.level"]', "master")
    page.fill('[data-field="detentions"]', "2")
    wait_result(page)

    sent = {
        "application_year": 2025,
        "birth_date": "1988-13-45",
        "sex": "female",
        "social_insurance": {"months": 999},
        "housing": {"owned_months": "abc"},
    }
    assert {p["path"] for p in calculator.input_errors(sent)} == {
        "birth_date",
        "social_insurance.months",
        "housing.owned_months",
    }
    assert_errors_beside_fields(page, sent)
    assert page.inner_text('[data-testid="total"]') == "—"
    assert page.get_attribute('[data-testid="item-employment"]', "data-points") == ""
    # the visitor's other inputs are as they were
    assert page.is_checked("#f-sex-female")
    assert page.input_value('[data-field="education.level"]') == "master"
    assert page.input_value('[data-field="detentions"]') == "2"
    assert page.input_value('[data-field="housing.owned_months"]') == "abc"
    assert page.input_value('[data-field="birth_date"]') == "1988-13-45"

    # a summary link takes the keyboard to the field
    page.locator('[data-testid="input-error"] a', has_text="社会保险正常缴纳月数").click()
    assert page.evaluate("document.activeElement.dataset.field") == "social_insurance.months"

    # correcting the input clears the messages and shows the result
    page.fill('[data-field="birth_date"]', "1988-03-15")
    page.fill('[data-field="social_insurance.months"]', "150")
    page.fill('[data-field="housing.owned_months"]', "40")
    wait_result(page)
    assert not page.locator('[data-testid="input-error"]').is_visible()
    assert page.locator("[aria-invalid]").count() == 0
    fixed = {
        **sent,
        "birth_date": "1988-03-15",
        "residence_permit": False,
        "social_insurance": {"months": 150},
        "housing": {"owned_months": 40},
        "education": {"level": "master"},
        "detentions": 2,
    }
    assert page_result(page)["items"] == expected_from_cpython(fixed)["items"]


def test_object_level_errors_go_to_their_section_in_the_forms_words(fresh):
    page = fresh
    wait_ready(page)
    choose_mode(page, "counts")
    page.select_option('[data-field="application_year"]', "2025")
    page.check("#f-sex-male")
    page.fill('[data-field="birth_date"]', "1985-01-01")
    page.fill('[data-field="social_insurance.months"]', "100")
    page.fill('[data-field="housing.owned_months"]', "10")
    page.fill('[data-field="job_residence.live_only_months"]', "30")
    wait_result(page)
    sent = {
        "application_year": 2025,
        "birth_date": "1985-01-01",
        "sex": "male",
        "social_insurance": {"months": 100},
        "housing": {"owned_months": 10},
        "job_residence": {"live_only_months": 30},
    }
    problems = calculator.input_errors(sent)
    assert [p["path"] for p in problems] == ["job_residence"]
    slot = page.locator("#obj-job_residence-error")
    assert slot.is_visible() and problems[0]["message"] in slot.inner_text()
    box = page.inner_text('[data-testid="input-error"]')
    assert "职住区域" in box and "自有住所月数" in box
    assert not PATH_TEXT.search(box), box
    # no total while the input is wrong: the gap line says so, in the engine's words
    assert page.inner_text('[data-testid="gap"]') == comparison.waiting_sentence(history.latest(), invalid=True)


@pytest.mark.parametrize("mode", MODES)
def test_empty_form_asks_for_the_required_fields_without_errors(fresh, mode):
    page = fresh
    wait_ready(page)
    choose_mode(page, mode)
    wait_result(page)
    assert not page.locator('[data-testid="input-error"]').is_visible()
    pending = page.locator('[data-testid="pending"]')
    assert pending.is_visible()
    still = ["出生日期", "性别"] + (["社会保险正常缴纳月数"] if mode == "counts" else ["社保缴纳记录第1条的起始年月"])
    for label in still:
        assert label in pending.inner_text()
    assert not PATH_TEXT.search(pending.inner_text())
    assert page.inner_text('[data-testid="gap"]') == comparison.waiting_sentence(history.latest())
    # the rule summary below (the fallback when the engine cannot run) stays folded
    assert (
        page.locator(".rule-summary").is_visible() and not page.locator(".rule-summary .rules-table").first.is_visible()
    )


def test_an_innovation_type_asks_for_its_points_instead_of_picking_them(calc):
    show_case(calc, BY_HAND_COUNTS)
    calc.select_option('[data-field="innovation.type"]', "award")
    wait_result(calc)
    assert calc.input_value("#f-innovation-points-award") == ""
    note = calc.locator("#f-innovation-points-award-error")
    assert note.is_visible() and "奖项分值" in note.inner_text()
    assert "奖项分值" in calc.inner_text('[data-testid="pending"]')
    assert calc.inner_text('[data-testid="total"]') == "—"
    calc.select_option("#f-innovation-points-award", "8")
    wait_result(calc)
    assert not note.is_visible()
    assert calc.get_attribute('[data-testid="item-innovation"]', "data-points") == "8"


def test_invalid_data_link_shows_a_message_and_keeps_working(new_page, served_site):
    page = new_page()
    page.goto(served_site + "calculator/#data=%%%not-base64!!")
    wait_ready(page)
    notice = page.locator('[data-testid="link-notice"]')
    assert notice.is_visible() and "无法读取" in notice.inner_text()
    page.evaluate("h => { location.hash = h; }", "#data=" + b64url([1]))  # JSON, but not an applicant
    page.wait_for_function(
        "() => document.querySelector('[data-testid=link-notice]').innerText.includes('不是一位申请人')"
    )
    show_case(
        page,
        {
            "application_year": 2025,
            "birth_date": "1990-01-01",
            "sex": "male",
            "social_insurance": {"months": 120},
            "unknown_thing": 1,
        },
    )
    assert "unknown_thing" in notice.inner_text()
    assert (
        page.inner_text('[data-testid="total"]')
        == expected_from_cpython(
            {"application_year": 2025, "birth_date": "1990-01-01", "sex": "male", "social_insurance": {"months": 120}}
        )["total"]
    )


# ---------------------------------------------------------------- share links
def _fill_share_form(page, mode: str) -> None:
    """The same person, with every kind of control used, in either mode."""
    choose_mode(page, mode)
    page.select_option('[data-field="application_year"]', "2026")
    page.fill('[data-field="birth_date"]', "1984/2/29")
    page.check("#f-sex-female")
    page.check("#f-retirement-group-cadre")
    page.check('[data-field="residence_permit"]')
    page.select_option('[data-field="education.level"]', "master")
    page.select_option('[data-field="education.certificates"]', "diploma_only")
    if mode == "counts":
        page.fill('[data-field="social_insurance.months"]', "190")
        page.fill('[data-field="social_insurance.backpay_months"]', "3")
        page.fill('[data-field="housing.owned_months"]', "70")
        page.fill('[data-field="housing.rented_months"]', "100")
        page.fill('[data-field="education.deduction_rented_months"]', "20")
        page.fill('[data-field="job_residence.live_and_work_months"]', "40")
    else:
        fill_record(page, "social_insurance", 0, **{"from": "2010-03", "to": "2018-05", "work_district": "outer"})
        fill_record(page, "social_insurance", 1, **{"from": "2018-06", "to": "2018-08", "kind": "backpay"})
        fill_record(page, "social_insurance", 2, **{"from": "2018-09", "to": "至今"})
        fill_record(page, "housing", 0, **{"from": "2016-04", "to": "至今", "kind": "owned", "district": "outer"})
        page.fill('[data-field="education.graduation"]', "2011-07")
    page.select_option('[data-field="innovation.type"]', "competition")
    page.select_option("#f-innovation-points-competition", "6")
    page.select_option('[data-field="tax_qualifying_years"]', "2")
    page.check('[data-field="honours"]')


COUNTS_SHARED = (
    '[data-field="application_year"]',
    '[data-field="social_insurance.months"]',
    '[data-field="social_insurance.backpay_months"]',
    '[data-field="education.certificates"]',
    "#f-innovation-points-competition",
    '[data-field="tax_qualifying_years"]',
    '[data-field="housing.rented_months"]',
    '[data-field="education.deduction_rented_months"]',
    '[data-field="job_residence.live_and_work_months"]',
    '[data-field="innovation.type"]',
)


RECORDS_SHARED = (
    record_field("social_insurance", 0, "from"),
    record_field("social_insurance", 0, "work_district"),
    record_field("social_insurance", 1, "kind"),
    record_field("social_insurance", 2, "to"),
    record_field("housing", 0, "to"),
    record_field("housing", 0, "district"),
    '[data-field="education.graduation"]',
    '[data-field="education.certificates"]',
    "#f-innovation-points-competition",
    '[data-field="tax_qualifying_years"]',
)


@pytest.mark.parametrize("mode", MODES)
def test_share_link_reproduces_the_form_and_the_result(new_page, served_site, mode):
    page = new_page()
    page.goto(served_site + "calculator/")
    wait_ready(page)
    _fill_share_form(page, mode)
    wait_result(page)
    first = page_result(page)
    assert not first["input_error_shown"], first["input_error"]

    link = _share(page)
    assert page.locator('[data-testid="share-link"]').is_visible()
    assert link.startswith(served_site + "calculator/#data=")
    payload = link.split("#data=", 1)[1]
    assert re.fullmatch(r"[A-Za-z0-9_-]+", payload), "base64url, no padding"
    applicant = from_b64url(payload)
    assert applicant["birth_date"] == "1984-02-29" and applicant["retirement_group"] == "cadre"
    assert applicant["innovation"] == {"type": "competition", "points": 6}
    assert calculator.validate(applicant) == []
    if mode == "records":
        assert set(applicant) & {"social_insurance", "housing", "job_residence"} == set()
        assert [r["to"] for r in applicant["records"]["social_insurance"]] == ["2018-05", "2018-08", "2025-12"]
        assert applicant["records"]["housing"] == [
            {"from": "2016-04", "to": "2025-12", "kind": "owned", "district": "outer"}
        ]
        assert applicant["education"] == {"level": "master", "certificates": "diploma_only", "graduation": "2011-07"}
    else:
        assert "records" not in applicant
    assert _strip(first) == _strip(expected_from_cpython(applicant))

    other = new_page()
    other.goto(link)
    wait_ready(other)
    wait_result(other)
    assert page_result(other) == first
    assert other.input_value('[data-field="birth_date"]') == "1984-02-29"
    for selector in RECORDS_SHARED if mode == "records" else COUNTS_SHARED:
        assert other.input_value(selector) == page.input_value(selector), selector
    assert other.is_checked("#f-retirement-group-cadre") and other.is_checked('[data-field="honours"]')
    assert other.is_checked(f"#calc-mode-{mode}")
    if mode == "records":  # 至今 comes back as 至今
        assert other.is_checked("#f-records-social-insurance-2-to-ongoing")
        assert other.is_checked("#f-records-housing-0-to-ongoing")
        assert not other.is_checked("#f-records-social-insurance-0-to-ongoing")
    assert _share(other) == link, "the link of a link is the same link"


def _strip(shown: dict) -> dict:
    return {key: shown[key] for key in ("total", "items", "conditions", "eligible")}


def test_padded_and_unpadded_links_both_work(calc):
    applicant = {
        "application_year": 2024,
        "birth_date": "1980-06-30",
        "sex": "male",
        "social_insurance": {"months": 200},
        "housing": {"rented_months": 1},
    }
    raw = json.dumps(applicant).encode()
    import base64

    padded = base64.urlsafe_b64encode(raw).decode()
    assert padded.endswith("=")
    before = int(calc.get_attribute(CALCULATOR, "data-request"))
    calc.evaluate("h => { location.hash = h; }", "#data=" + padded)
    calc.wait_for_function(
        "n => { const r = document.querySelector('[data-testid=calculator]');"
        " return Number(r.dataset.request) > n && r.dataset.result === r.dataset.request; }",
        arg=before,
    )
    assert _strip(page_result(calc)) == _strip(expected_from_cpython(applicant))


# ---------------------------------------------------------------- keyboard only
@pytest.mark.parametrize("mode", MODES)
def test_the_form_can_be_completed_with_the_keyboard_alone(new_page, served_site, mode):
    page = new_page()
    page.goto(served_site + "calculator/")
    wait_ready(page)
    keyboard = page.keyboard

    def tab_to(predicate: str, limit: int = 80) -> None:
        for _ in range(limit):
            keyboard.press("Tab")
            if page.evaluate(f"(() => {{ const el = document.activeElement; return {predicate}; }})()"):
                return
        raise AssertionError(f"Tab never reached {predicate}")

    def focused_outline() -> str:
        return page.evaluate("getComputedStyle(document.activeElement).outlineStyle")

    def type_month(month: int, year: int) -> None:  # a month input is typed text, as on a number pad
        keyboard.type(f"{year}.{month}")

    tab_to("el.dataset.field === 'application_year'")
    assert focused_outline() != "none", "visible focus"
    keyboard.press("End")  # 2035 ...
    keyboard.press("Home")  # ... then 2018: arrows and Home/End work on a closed select
    for _ in range(7):
        keyboard.press("ArrowDown")
    assert page.input_value('[data-field="application_year"]') == "2025"
    tab_to("el.dataset.field === 'birth_date'")
    keyboard.type("1988-03-15")
    tab_to("el.dataset.field === 'sex'")
    keyboard.press("Space")  # first radio: 男
    keyboard.press("ArrowRight")  # 女
    assert page.is_checked("#f-sex-female")
    tab_to("el.dataset.field === 'retirement_group'")  # shown now, reached in order
    tab_to("el.name === 'calc-mode'")
    if mode == "counts":
        keyboard.press("ArrowDown")  # the second choice: 我已知道月数
        assert page.is_checked("#calc-mode-counts")
        tab_to("el.dataset.field === 'residence_permit'")
        keyboard.press("Space")
        tab_to("el.dataset.field === 'social_insurance.months'")
        keyboard.type("150")
        tab_to("el.dataset.field === 'housing.owned_months'")
        keyboard.type("40")
        tab_to("el.dataset.field === 'housing.rented_months'")
        keyboard.type("110")
    else:
        assert page.is_checked("#calc-mode-records")
        tab_to("el.dataset.field === 'records.social_insurance[0].from'")
        type_month(1, 2012)
        tab_to("el.dataset.field === 'records.social_insurance[0].to'")
        tab_to("el.dataset.ongoing === 'records.social_insurance[0].to'")
        keyboard.press("Space")  # 至今
        tab_to("el.dataset.add === 'records.housing'")
        keyboard.press("Enter")  # a housing row, its first input focused
        assert page.evaluate("document.activeElement.dataset.field") == "records.housing[0].from"
        type_month(3, 2019)
        tab_to("el.dataset.ongoing === 'records.housing[0].to'")
        keyboard.press("Space")
        tab_to("el.dataset.field === 'residence_permit'")
        keyboard.press("Space")
    assert page.is_checked('[data-field="residence_permit"]')
    tab_to("el.dataset.field === 'education.level'")
    keyboard.press("ArrowDown")
    keyboard.press("ArrowDown")  # none -> college -> bachelor
    assert page.input_value('[data-field="education.level"]') == "bachelor"
    if mode == "records":
        tab_to("el.dataset.field === 'education.graduation'")
        type_month(7, 2011)
    tab_to("el.dataset.field === 'honours'")
    keyboard.press("Space")
    keyboard.press("Space")  # on and off again
    tab_to("el.dataset.testid === 'share'")
    keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('[data-testid=share-link]').value.includes('#data=')")
    assert page.evaluate("document.activeElement.dataset.testid") == "share-link"
    wait_result(page)
    if mode == "counts":
        case = json.loads(GOLDEN[0].read_text(encoding="utf-8"))  # the contract's example applicant
        expected = {**case["input"], "residence_permit": True}
    else:
        expected = {
            "application_year": 2025,
            "birth_date": "1988-03-15",
            "sex": "female",
            "residence_permit": True,
            "records": {
                "social_insurance": [{"from": "2012-01", "to": "2024-12"}],
                "housing": [{"from": "2019-03", "to": "2024-12", "kind": "owned"}],
            },
            "education": {"level": "bachelor", "graduation": "2011-07"},
        }
    assert _strip(page_result(page)) == _strip(expected_from_cpython(expected))


def test_every_form_control_has_a_label(fresh):
    wait_ready(fresh)
    fill_record(fresh, "housing", 0, **{"kind": "owned"})  # rows added by the page are labelled too
    fill_record(fresh, "social_insurance", 1, **{"kind": "backpay"})
    for mode in MODES:
        choose_mode(fresh, mode)
        unlabeled = fresh.evaluate("""() => [...document.querySelectorAll('.calculator input, .calculator select, .calculator button')]
            .filter(el => el.type !== 'hidden')
            .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.textContent.trim())
            .map(el => el.id || el.outerHTML.slice(0, 80))""")
        assert unlabeled == [], mode
        ids = fresh.evaluate("[...document.querySelectorAll('[id]')].map(el => el.id)")
        assert len(ids) == len(set(ids)), "ids are unique"
    live = fresh.evaluate(
        "[...document.querySelectorAll('.calculator [aria-live], .calculator [role=alert], "
        ".calculator [role=status]')].map(el => el.dataset.testid || el.className)"
    )
    for region in ("input-error", "pending", "engine-status", "calc-live", "mode-note"):
        assert any(region in name for name in live), (region, live)


# Where the keyboard is, seen from the page: the focused element's ring (computed style), its box,
# the sticky total bar's and the header's, and what is drawn at the element's centre.
FOCUSED = """() => {
    const el = document.activeElement;
    if (!document.querySelector('[data-testid=calculator]').contains(el)) return null;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    const bar = document.querySelector('.calc-sticky');
    const barStyle = getComputedStyle(bar);
    const shown = barStyle.display !== 'none' && barStyle.visibility === 'visible';
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    const headerBottom = document.querySelector('.md-header').getBoundingClientRect().bottom;
    const barTop = shown && !bar.contains(el) ? bar.getBoundingClientRect().top : innerHeight;
    // the middle of its first line (a link that wraps) where it is on screen (a region taller than it)
    const first = el.getClientRects()[0] || box;
    const top = Math.max(first.top, headerBottom), bottom = Math.min(first.bottom, barTop);
    const hit = document.elementFromPoint(first.left + first.width / 2, (top + bottom) / 2);
    return {
        name: el.dataset.testid || el.dataset.field || el.dataset.ongoing || el.dataset.add || el.id
            || el.textContent.trim().slice(0, 24) || el.tagName,
        element: el,
        ring: outline || style.boxShadow !== 'none',
        ringWidth: outline ? parseFloat(style.outlineWidth) + Math.max(0, parseFloat(style.outlineOffset)) : 0,
        focusVisible: el.matches(':focus-visible'),
        top: box.top, bottom: box.bottom, size: box.width * box.height,
        barTop: shown && !bar.contains(el) ? barTop : null,
        headerBottom,
        drawn: hit !== null && (hit === el || el.contains(hit)),
    };
}"""


@pytest.mark.parametrize("mode", MODES)
def test_every_control_shows_its_focus_clear_of_the_total_bar(new_page, served_site, mode):
    """Tab through the whole calculator (a result shown, so the results, 在本设备保存, the projection
    and the scenarios are all there): every stop has a visible ring (outline or box-shadow), lies
    inside the screen, below the header and above the sticky total bar with its ring (the page's
    scroll-padding), is drawn on top; and no control takes two Tab stops (a month input is one)."""
    page = new_page()
    page.goto(served_site + "calculator/")
    wait_ready(page)
    applicant = dict(BY_HAND_RECORDS) if mode == "records" else dict(BY_HAND_COUNTS)
    if mode == "records":
        applicant["records"] = {
            **BY_HAND_RECORDS["records"],
            "housing": [{"from": "2019-03", "to": "2024-12", "kind": "owned"}],
        }
    show_case(page, applicant)
    page.focus('[data-field="application_year"]')
    page.keyboard.press("Shift+Tab")  # from the text above, so that the first stop is a keyboard one
    stops, seen = [], []
    for _ in range(300):
        page.keyboard.press("Tab")
        handle = page.evaluate_handle(FOCUSED)
        state = handle.json_value()
        if state is None:
            break
        element = handle.get_property("element")
        assert not any(element.evaluate("(el, other) => el === other", other) for other in seen), (
            f"{state['name']} takes a second Tab stop"
        )
        seen.append(element)
        stops.append(state)
    else:
        raise AssertionError("Tab never left the calculator")
    names = [stop["name"] for stop in stops]
    assert "storage-opt-in" in names and "storage-clear" in names and "scenario-save" in names, names
    if mode == "records":
        for month in ("records.social_insurance[0].from", "records.housing[0].from", "records.housing[0].to"):
            assert month in names, names
    else:
        assert "social_insurance.months" in names, names
    assert len(stops) >= 30, names
    for stop in stops:
        name = stop["name"]
        assert stop["focusVisible"] and stop["ring"] and stop["size"] > 0, name
        ring = stop["ringWidth"]
        room = (stop["barTop"] or PHONE["viewport"]["height"]) - stop["headerBottom"]
        if (
            stop["bottom"] - stop["top"] + 2 * ring <= room
        ):  # one that fits is shown whole (not a table taller than that)
            assert stop["top"] - ring >= stop["headerBottom"] - 0.5, (name, stop["top"], stop["headerBottom"])
        assert stop["bottom"] + ring <= PHONE["viewport"]["height"] + 0.5, (name, stop["bottom"])
        if stop["barTop"] is not None:
            assert stop["bottom"] + ring <= stop["barTop"] + 0.5, (name, stop["bottom"], stop["barTop"])
        assert stop["drawn"], f"{name} is covered"


MONTH_BOXES = "els => els.map(el => [el.dataset.field, el.getAttribute('placeholder'), el.type])"


def test_every_month_box_shows_its_example_rows_added_later_too(new_page, served_site):
    """The month boxes are typed text (one Tab stop); the field table's example, carried in
    data-placeholder (tests/test_site_html.py: no placeholder where a browser may draw a month
    picker), is shown in each, in the rows the page adds as well."""
    examples = {f.path: f.example for f in schema.FIELDS if f.widget == "month" and f.example}
    page = new_page()
    page.goto(served_site + "calculator/")
    fill_record(page, "housing", 1)  # rows the page adds too
    shown = {
        path: (placeholder, kind)
        for path, placeholder, kind in page.eval_on_selector_all("input[data-placeholder]", MONTH_BOXES)
    }
    assert {_generic(path) for path in shown} == set(examples)
    assert "records.housing[1].from" in shown
    for path, (placeholder, kind) in shown.items():
        assert kind == "text" and placeholder == examples[_generic(path)], path
    page.close()


# ---------------------------------------------------------------- loading, progress, failure
@pytest.mark.parametrize("mode", MODES)
def test_form_is_usable_while_the_runtime_loads_and_progress_is_shown(new_page, served_site, built_site, mode):
    page = new_page()
    page.add_init_script("""
        window.__statusLog = [];
        document.addEventListener('DOMContentLoaded', () => {
            const el = document.querySelector('.calc-status-text');
            window.__statusLog.push(el.textContent);
            new MutationObserver(() => window.__statusLog.push(el.textContent))
                .observe(el, {childList: true, characterData: true, subtree: true});
        });""")
    held = []  # the interpreter's download, held back until the form has been used
    page.route("**/pyodide.asm.wasm", lambda route: held.append(route))
    page.goto(served_site + "calculator/", wait_until="domcontentloaded")
    assert page.get_attribute(CALCULATOR, "data-state") == "loading"
    expected = fill_by_hand(page, mode)
    assert page.get_attribute(CALCULATOR, "data-state") == "loading"
    for _ in range(400):  # let Playwright dispatch the route event
        if held:
            break
        page.wait_for_timeout(50)
    assert len(held) == 1
    held[0].continue_()
    wait_ready(page)
    wait_result(page)
    assert _strip(page_result(page)) == _strip(expected_from_cpython(expected))
    log = page.evaluate("window.__statusLog")
    assert any("正在下载" in text for text in log), log
    # plain words, the size that travels, the share done (issue 20)
    download = page.get_attribute(CALCULATOR, "data-engine-download")
    static = (built_site / "calculator" / "index.html").read_text(encoding="utf-8")
    assert re.fullmatch(r"正在下载计算引擎（只在第一次需要，约\d+\.\d MB，之后由浏览器保存）", download), download
    assert download in static
    assert any(f"{download}：已下载 " in text and "%" in text for text in log), log
    assert not [text for text in log if "Python" in text or "解释器" in text], log
    assert any("正在导入计算引擎" in text or "正在启动计算引擎" in text for text in log), log
    assert "已就绪" in log[-1]


def test_a_blocked_runtime_file_gives_a_plain_error_and_opens_the_rule_summary(new_page, served_site):
    page = new_page()
    page.route("**/pyodide.asm.wasm", lambda route: route.abort())
    page.goto(served_site + "calculator/")
    summary = page.locator(".rule-summary")
    tables = page.locator(".rule-summary .rules-table")
    assert wait_state(page, timeout=30_000) == "error"
    status = page.locator('[data-testid="engine-status"]')
    assert status.is_visible()
    text = status.inner_text()
    assert "计算引擎无法加载" in text and "pyodide.asm.wasm" in text and "计分规则摘要" in text
    assert not TRACEBACK.search(text)
    assert tables.first.is_visible() and "资格条件" in summary.inner_text()
    assert page.locator(record_field("social_insurance", 0, "from")).is_editable()


def test_no_webassembly_gives_a_plain_error(new_page, served_site):
    page = new_page()
    page.add_init_script("delete globalThis.WebAssembly;")
    page.goto(served_site + "calculator/")
    assert wait_state(page, timeout=30_000) == "error"
    assert "WebAssembly" in page.inner_text('[data-testid="engine-status"]')
    assert page.locator(".rule-summary").is_visible()


def test_a_missing_engine_wheel_gives_a_plain_error(chromium_browser, served_site):
    # A first visit (a context of its own): a later one starts from the stored snapshot, without the wheel.
    context = chromium_browser.new_context(**PHONE, service_workers="block")
    page = context.new_page()
    page.route("**/assets/engine/*.whl", lambda route: route.fulfill(status=404, body="not found"))
    page.goto(served_site + "calculator/")
    assert wait_state(page) == "error"
    assert "计算引擎" in page.inner_text('[data-testid="engine-status"]')
    context.close()


# ---------------------------------------------------------------- recompute (smoke; the benchmark measures)
@pytest.mark.parametrize("mode", MODES)
def test_every_change_recomputes(calc, mode):
    applicant = BY_HAND_RECORDS if mode == "records" else BY_HAND_COUNTS
    show_case(calc, applicant)
    seen = []
    for n in range(3):  # one more month each time
        if mode == "counts":
            calc.fill('[data-field="social_insurance.months"]', str(101 + n))
        else:
            calc.fill(record_field("social_insurance", 0, "from"), f"2016-{12 - n:02d}")
        wait_result(calc)
        seen.append(calc.get_attribute('[data-testid="item-employment"]', "data-points"))
    assert seen == (["25.25", "25.5", "25.75"] if mode == "counts" else ["24.25", "24.5", "24.75"])


# ---------------------------------------------------------------- help that follows the form
def test_help_follows_the_year_and_the_level_and_the_rental_helper_fills_in(calc):
    show_case(
        calc,
        {
            "application_year": 2025,
            "birth_date": "1990-01-01",
            "sex": "male",
            "social_insurance": {"months": 200},
            "education": {"level": "master", "certificates": "both"},
        },
    )
    data = json.loads(calc.inner_text("#calculator-data"))

    def dyn(name: str) -> str:
        return calc.inner_text(f'[data-dyn="{name}"] >> nth=0')

    assert dyn("employment_months") == str(data["years"]["2025"]["employment_months"]) == "318"
    assert dyn("cutoff") == "2024年12月31日"
    calc.select_option('[data-field="application_year"]', "2030")
    assert dyn("cutoff") == "2029年12月31日"
    assert dyn("employment_months") == str(data["years"]["2030"]["employment_months"])
    assert dyn("deduction_window") == "36"
    calc.select_option('[data-field="education.certificates"]', "diploma_only")
    assert dyn("deduction_window") == "48"  # 只有学历：硕士按本科档，往前4年
    assert calc.locator('[data-wrap="retirement_group"]').is_hidden()
    calc.check("#f-sex-female")
    assert calc.locator('[data-wrap="retirement_group"]').is_visible()
    calc.select_option('[data-field="education.level"]', "none")
    assert calc.locator('[data-wrap="education.deduction_owned_months"]').is_hidden()
    assert calc.locator('[data-wrap="education.certificates"]').is_hidden()

    calc.click('[data-helper="rented"] > summary')
    assert "<span" not in calc.inner_text('[data-helper="rented"]')
    assert "2029年12月31日" in calc.inner_text('[data-helper="rented"]')
    calc.fill("#rh-si", "120")
    calc.fill("#rh-owned", "40")
    calc.fill("#rh-declared", "30")
    assert calc.inner_text("#rh-result") == "110"
    calc.click("#rh-apply")
    assert calc.input_value('[data-field="housing.rented_months"]') == "110"
    wait_result(calc)
    assert calc.get_attribute('[data-testid="item-residence"]', "data-points") == json.dumps(
        calculator.score(
            {
                "application_year": 2030,
                "birth_date": "1990-01-01",
                "sex": "female",
                "social_insurance": {"months": 200},
                "housing": {"rented_months": 110},
            }
        )["items"][1]["points"]
    )


def test_a_field_is_checked_when_left_or_after_a_pause_and_the_compute_button_moves_focus(calc):
    """Issue 21: no error while a date is being typed; a specific message once the typing pauses or
    the field is left; 计算 takes the focus to the first error, or to the result."""
    calc.goto(calc.url.split("#")[0] + "#")
    calc.reload()
    wait_ready(calc)
    error = calc.locator("#f-birth-date-error")
    calc.click('[data-field="birth_date"]')
    calc.keyboard.type("1")
    calc.wait_for_timeout(250)
    assert not error.is_visible()
    assert "正在填写" in calc.inner_text('[data-testid="pending"]') or "出生日期" in calc.inner_text(
        '[data-testid="pending"]'
    )
    calc.wait_for_function("() => !document.querySelector('#f-birth-date-error').hidden", timeout=5000)
    assert "日期写作" in error.inner_text()
    calc.fill('[data-field="birth_date"]', "1992-13-20")
    calc.keyboard.press("Tab")
    calc.wait_for_function("() => document.querySelector('#f-birth-date-error').textContent.includes('月份应为1—12')")
    calc.click('[data-testid="compute"]')
    calc.wait_for_function("() => document.activeElement && document.activeElement.dataset.field === 'birth_date'")
    show_case(calc, json.loads(GOLDEN[0].read_text(encoding="utf-8"))["input"])
    wait_result(calc)
    calc.click('[data-testid="compute"]')
    calc.wait_for_function("() => document.activeElement && document.activeElement.id === 'calc-results-title'")
