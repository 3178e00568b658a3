"""Records mode on the calculator page (CONTRACT.md 2b): rows of dated records, 至今, switching
to month counts, errors in the rows, the timeline picture, and the page's result hook.

Expected values come from CPython's engine in this process (calculator.score / input_errors).
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest

import calculator
from tests.browser import (
    CALCULATOR,
    PATH_TEXT,
    assert_errors_beside_fields,
    b64url,
    choose_mode,
    expected_from_cpython,
    fill_record,
    from_b64url,
    page_result,
    record_field,
    show_case,
    wait_ready,
    wait_result,
)
from tests.browser_fixtures import calc, context, fresh, new_page  # noqa: F401 (fixtures)

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "screenshots" / "tmp"

# CONTRACT.md 2b's example: an owned home before a registered lease, 补缴 inside the run, a master's degree.
# (golden case 43), with the 居住证 box ticked explicitly: the form starts it unticked.
EXAMPLE = {
    **json.loads((ROOT / "tests" / "golden" / "43-records-contract-example.json").read_text(encoding="utf-8"))["input"],
    "residence_permit": True,
}
# The cap falls inside the registered lease (golden case 45): owned 54 + inferred 49 + 5 of 53 leased months.
CAPPED = {
    "application_year": 2025,
    "birth_date": "1985-02-02",
    "sex": "male",
    "residence_permit": True,
    "records": {
        "social_insurance": [{"from": "2016-01", "to": "2024-12"}],
        "housing": [
            {"from": "2012-01", "to": "2016-06", "kind": "owned"},
            {"from": "2020-08", "to": "2024-12", "kind": "rented"},
        ],
    },
}


def sent(page) -> dict:
    """The applicant the page sends now (through the page's own hook)."""
    return page.evaluate("import('./calculator.js').then(m => m.calculator.collect())")


def _strip(shown: dict) -> dict:
    return {key: shown[key] for key in ("total", "items", "conditions", "eligible")}


def month_number(text: str) -> int:
    year, month = map(int, text.split("-"))
    return year * 12 + month - 1


# ---------------------------------------------------------------- rows
def test_rows_can_be_added_and_removed_and_keep_what_was_typed(fresh):
    page = fresh
    wait_ready(page)
    rows = page.locator('[data-rows="records.social_insurance"] > .calc-row')
    assert rows.count() == 1, "the form starts with one social-insurance row"
    assert page.locator('[data-rows="records.housing"] > .calc-row').count() == 0
    fill_record(page, "social_insurance", 0, **{"from": "2010-01", "to": "2012-12"})
    fill_record(page, "social_insurance", 1, **{"from": "2013-01", "to": "2013-03", "kind": "backpay"})
    fill_record(page, "social_insurance", 2, **{"from": "2013-04", "to": "至今", "work_district": "outer"})
    assert rows.count() == 3
    assert page.inner_text('[data-rows="records.social_insurance"] > .calc-row >> nth=2 >> .calc-row-title') == "第3条"

    page.click('[data-path="records.social_insurance[1]"] [data-remove]')  # the middle one
    assert rows.count() == 2
    # the third row is now the second: its values, its 至今, its number and its paths moved with it
    assert page.input_value(record_field("social_insurance", 1, "from")) == "2013-04"
    assert page.input_value(record_field("social_insurance", 1, "work_district")) == "outer"
    assert page.is_checked("#f-records-social-insurance-1-to-ongoing")
    assert page.get_attribute(record_field("social_insurance", 1, "to"), "readonly") is not None
    assert page.inner_text('[data-path="records.social_insurance[1]"] .calc-row-title') == "第2条"
    assert (
        page.get_attribute('[data-path="records.social_insurance[1]"] [data-remove]', "aria-label")
        == "删除社保缴纳记录第2条"
    )
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "删除社保缴纳记录第2条"
    year = int(page.input_value('[data-field="application_year"]'))
    assert [(r["from"], r["to"]) for r in sent(page)["records"]["social_insurance"]] == [
        ("2010-01", "2012-12"),
        ("2013-04", f"{year - 1}-12"),
    ]

    page.click('[data-path="records.social_insurance[1]"] [data-remove]')  # the last one
    assert rows.count() == 1
    assert page.evaluate("document.activeElement.dataset.add") == "records.social_insurance"

    page.check('[data-field="residence_permit"]')
    page.fill('[data-field="birth_date"]', "1985-05-05")
    page.check("#f-sex-male")
    wait_result(page)
    expected = {
        "application_year": year,
        "birth_date": "1985-05-05",
        "sex": "male",
        "residence_permit": True,
        "records": {"social_insurance": [{"from": "2010-01", "to": "2012-12"}]},
    }
    assert _strip(page_result(page)) == _strip(expected_from_cpython(expected))


def test_a_month_typed_as_text_is_read_like_a_date(fresh):
    """A month input is plain text (one Tab stop, a number pad on phones): 2015/7, 2015年7月, 201507,
    2015.7 all work."""
    page = fresh
    wait_ready(page)
    months = page.locator('input[data-field$="].from"], input[data-field$="].to"]')
    assert months.count() >= 2
    for index in range(months.count()):
        assert months.nth(index).get_attribute("type") == "text"
        assert months.nth(index).get_attribute("inputmode") == "decimal"
    for typed in ("2015/7", "2015年7月", "201507", "2015.07", "２０１５－０７"):
        page.fill(record_field("social_insurance", 0, "from"), typed)
        assert sent(page)["records"]["social_insurance"][0]["from"] == "2015-07", typed
    page.fill(record_field("social_insurance", 0, "from"), "2015-13")
    page.fill(record_field("social_insurance", 0, "to"), "2016-01")
    page.select_option('[data-field="application_year"]', "2025")
    page.fill('[data-field="birth_date"]', "1990-01-01")
    page.check("#f-sex-male")
    wait_result(page)
    # a month that is not one: the engine's message beside that input, in the form's words
    assert_errors_beside_fields(page, sent(page))
    assert "社保缴纳记录第1条的起始年月" in page.inner_text('[data-testid="input-error"]')


# ---------------------------------------------------------------- 至今
def test_ongoing_means_up_to_the_cutoff_and_follows_the_year(calc):
    show_case(calc, EXAMPLE)
    box = "#f-records-social-insurance-2-to-ongoing"
    end = record_field("social_insurance", 2, "to")
    assert not calc.is_checked(box), "2024-06 is not the 2024 round's cut-off month"
    calc.check(box)
    wait_result(calc)
    assert calc.input_value(end) == "2023-12"
    assert calc.get_attribute(end, "readonly") is not None
    ongoing = json.loads(json.dumps(EXAMPLE))
    ongoing["records"]["social_insurance"][2]["to"] = "2023-12"
    assert _strip(page_result(calc)) == _strip(expected_from_cpython(ongoing))

    calc.select_option('[data-field="application_year"]', "2026")
    wait_result(calc)
    assert calc.input_value(end) == "2025-12"
    ongoing["application_year"] = 2026
    ongoing["records"]["social_insurance"][2]["to"] = "2025-12"
    assert _strip(page_result(calc)) == _strip(expected_from_cpython(ongoing))

    calc.uncheck(box)
    assert calc.get_attribute(end, "readonly") is None and calc.input_value(end) == "2025-12"
    calc.fill(end, "2022-02")
    wait_result(calc)
    assert sent(calc)["records"]["social_insurance"][2]["to"] == "2022-02"


# ---------------------------------------------------------------- records -> counts
def test_switching_to_counts_fills_them_from_what_the_records_gave(calc):
    show_case(calc, EXAMPLE)
    derived = calculator.score(EXAMPLE)["derived"]
    records_result = page_result(calc)
    choose_mode(calc, "counts")
    wait_result(calc)
    for group, values in derived.items():
        for key, value in values.items():
            selector = f'[data-field="{group}.{key}"]'
            if isinstance(value, bool):
                assert calc.is_checked(selector) == value, selector
            else:
                assert calc.input_value(selector) == str(value), selector
    assert "已按你的记录填入" in calc.inner_text('[data-testid="mode-note"]')
    counts = sent(calc)
    assert "records" not in counts and "graduation" not in counts["education"]
    assert _strip(page_result(calc)) == _strip(expected_from_cpython(counts))
    # the same person: only the per-record rounding of 住所 and the deduction may differ, 0.01 a record
    total_records, total_counts = float(records_result["total"]), float(page_result(calc)["total"])
    assert abs(total_records - total_counts) <= 0.01 * (len(EXAMPLE["records"]["housing"]) + 2)

    choose_mode(calc, "records")  # and back: the rows are as they were
    wait_result(calc)
    assert calc.input_value(record_field("housing", 1, "from")) == "2020-08"
    assert page_result(calc) == records_result


def test_switching_with_unfinished_records_says_the_counts_were_not_filled(fresh):
    page = fresh
    wait_ready(page)
    choose_mode(page, "counts")
    page.fill('[data-field="social_insurance.months"]', "77")
    choose_mode(page, "records")
    fill_record(page, "social_insurance", 0, **{"from": "2019-01"})  # no end yet
    wait_result(page)
    choose_mode(page, "counts")
    assert "没有换算" in page.inner_text('[data-testid="mode-note"]')
    assert page.input_value('[data-field="social_insurance.months"]') == "77", "nothing typed is lost"


# ---------------------------------------------------------------- errors in the rows
def test_record_errors_are_shown_beside_their_rows_in_the_forms_words(fresh):
    page = fresh
    wait_ready(page)
    page.select_option('[data-field="application_year"]', "2025")
    page.fill('[data-field="birth_date"]', "1990-01-01")
    page.check("#f-sex-male")
    fill_record(page, "social_insurance", 0, **{"from": "2014-01", "to": "至今"})
    fill_record(page, "housing", 0, **{"from": "2016-01", "to": "2019-06", "kind": "owned"})
    fill_record(page, "housing", 1, **{"from": "2019-01", "to": "2021-12", "kind": "owned"})  # overlaps the first
    fill_record(page, "housing", 2, **{"from": "2019-09", "to": "2020-12", "kind": "rented"})  # before 2020-08
    fill_record(
        page, "housing", 3, **{"from": "2023-05", "to": "2022-01", "kind": "dormitory"}
    )  # ends before it starts
    wait_result(page)
    applicant = sent(page)
    problems = calculator.input_errors(applicant)
    paths = {p["path"] for p in problems}
    assert any(p.startswith("records.housing[1]") for p in paths), paths
    assert any(p.startswith("records.housing[2]") for p in paths), paths
    assert any(p.startswith("records.housing[3]") for p in paths), paths
    assert_errors_beside_fields(page, applicant)
    box = page.inner_text('[data-testid="input-error"]')
    assert "住房记录第2条" in box and "住房记录第3条" in box and "住房记录第4条" in box
    assert "2020年8月" in box, "a rental before 2020-08 is refused with the reason"
    overlap = next(p for p in problems if p.get("related"))
    for path in [overlap["path"], *overlap["related"]]:  # both records of an overlap are marked
        row = path if path.endswith("]") else path.rsplit(".", 1)[0]
        assert "calc-invalid" in page.get_attribute(f'[data-path="{row}"]', "class"), path
    assert page.inner_text('[data-testid="total"]') == "—"

    # removing the rows that were wrong clears their messages; what is left scores
    for _ in range(3):
        page.click('[data-path="records.housing[1]"] [data-remove]')
    wait_result(page)
    assert not page.locator('[data-testid="input-error"]').is_visible()
    assert page.locator(".calc-invalid, [aria-invalid]").count() == 0
    assert _strip(page_result(page)) == _strip(expected_from_cpython(sent(page)))


def test_an_empty_added_row_is_still_to_fill_in_not_an_error(calc):
    show_case(calc, EXAMPLE)
    calc.click('[data-add="records.housing"]')
    wait_result(calc)
    assert not calc.locator('[data-testid="input-error"]').is_visible()
    pending = calc.inner_text('[data-testid="pending"]')
    assert "住房记录第3条的起始年月" in pending and not PATH_TEXT.search(pending)


# ---------------------------------------------------------------- the timeline picture
def _timeline(page) -> dict:
    return page.evaluate("""() => {
        const svg = document.querySelector('[data-testid=timeline] svg');
        const lane = (id) => [...svg.querySelectorAll(`.tl-lane[data-lane="${id}"] .tl-bar`)].map(bar => ({
            kind: bar.dataset.kind, from: Number(bar.dataset.from), to: Number(bar.dataset.to),
            states: [...bar.querySelectorAll('.tl-part')].map(p => p.dataset.state),
            months: Object.fromEntries(['scored', 'capped', 'outside', 'counted', 'deducted', 'window'].map(s => [s,
                [...bar.querySelectorAll(`.tl-part[data-state=${s}]`)].reduce((n, p) => n + Number(p.dataset.to) - Number(p.dataset.from) + 1, 0)])),
        }));
        const box = svg.getBoundingClientRect();
        const fonts = [...svg.querySelectorAll('text')].map(t => t.getBoundingClientRect().height);
        return {
            si: lane('social_insurance'), housing: lane('housing'), education: lane('education'),
            cutoff: Number(svg.querySelector('.tl-cutoff').dataset.month),
            cutoffLabel: svg.querySelector('.tl-cutoff-label').textContent,
            window: svg.querySelector('rect.tl-window') && {from: Number(svg.querySelector('rect.tl-window').dataset.from),
                                                           to: Number(svg.querySelector('rect.tl-window').dataset.to)},
            span: svg.querySelector('.tl-span') && svg.querySelector('.tl-span text').textContent,
            title: svg.querySelector('title').textContent, desc: svg.querySelector('desc').textContent,
            labelledby: svg.getAttribute('aria-labelledby'), role: svg.getAttribute('role'),
            left: box.left, right: box.right, width: box.width, smallestText: Math.min(...fonts),
        };
    }""")


def _png_size(path: Path) -> tuple[int, int]:
    return struct.unpack(">II", path.read_bytes()[16:24])


def test_the_timeline_draws_each_record_the_cutoff_the_window_and_the_cap(calc):
    SHOTS.mkdir(parents=True, exist_ok=True)
    show_case(calc, EXAMPLE)
    figure = calc.locator('[data-testid="timeline"]')
    assert figure.is_visible()
    shown = _timeline(calc)
    derivation = calculator.score(EXAMPLE)["derivation"]
    assert [b["kind"] for b in shown["si"]] == ["si", "backpay", "si"]  # one bar per record, in order
    assert [(b["from"], b["to"]) for b in shown["si"]] == [
        (month_number(r["from"]), month_number(r["to"])) for r in EXAMPLE["records"]["social_insurance"]
    ]
    assert shown["si"][1]["states"] == ["counted"], "补缴 counts for continuity only"
    assert shown["si"][2]["months"]["outside"] == 6, "2024-01..06 is after the 2024 round's cut-off"
    assert shown["span"] == f"连续缴纳{derivation['continuity']['months']}个月"
    # housing: the two records and the inferred rental block between them, as the engine scored them
    assert sorted(b["kind"] for b in shown["housing"]) == ["inferred", "owned", "rented"]
    lines = {(line["record"] if line["record"] is not None else "inferred"): line for line in derivation["housing"]}
    by_kind = {b["kind"]: b for b in shown["housing"]}
    assert by_kind["owned"]["months"]["scored"] == lines[0]["scored_months"]
    assert by_kind["rented"]["months"]["scored"] == lines[1]["scored_months"]
    assert by_kind["rented"]["months"]["capped"] == lines[1]["months"] - lines[1]["scored_months"] > 0
    assert by_kind["inferred"]["months"]["scored"] == lines["inferred"]["scored_months"]
    assert shown["cutoff"] == month_number("2023-12") and shown["cutoffLabel"] == "截止 2023年12月"
    window = derivation["deduction_window"]
    assert shown["window"] == {"from": month_number(window["from"]), "to": month_number(window["to"])}
    assert len(shown["education"]) == 1 and shown["education"][0]["months"]["deducted"] > 0
    # accessible: a named image with a text alternative that says what each record did
    assert shown["role"] == "img" and len(shown["labelledby"].split()) == 2
    assert "住房记录第2条（租赁住所）" in shown["desc"] and "超出就业月数" in shown["desc"]
    assert "连续缴纳" in shown["desc"] and "扣减期" in shown["desc"]
    # the words are the engine's (derivation.text), laid out: the title, and every sentence in order
    words = derivation["text"]
    assert shown["title"] == words["title"]
    sentences = words["social_insurance"] + [words["continuity"]] + words["housing"] + [words["deduction_window"]]
    assert shown["desc"] == "；".join(sentences) + "。"
    # readable at 390 px: inside the screen, and no text smaller than 9 px
    assert shown["left"] >= 0 and shown["right"] <= 390 and shown["width"] >= 300
    assert shown["smallestText"] >= 9
    shot = SHOTS / "timeline-contract-example-390.png"
    figure.screenshot(path=str(shot))
    width, height = _png_size(shot)
    assert width <= 390 and height >= 200


def test_the_timeline_shows_where_the_cap_falls_inside_a_record(calc):
    show_case(calc, CAPPED)
    shown = _timeline(calc)
    leased = next(b for b in shown["housing"] if b["kind"] == "rented")
    assert leased["months"]["scored"] == 5 and leased["months"]["capped"] == 48  # golden case 45
    assert leased["states"] == ["scored", "capped"], "the record keeps its first months"
    owned = next(b for b in shown["housing"] if b["kind"] == "owned")
    assert owned["months"]["scored"] == 54 and owned["months"]["capped"] == 0
    assert shown["education"] == [] and shown["window"] is None
    calc.locator('[data-testid="timeline"]').screenshot(path=str(SHOTS / "timeline-cap-inside-a-lease-390.png"))


def test_the_timeline_is_only_for_records_and_only_with_a_result(calc):
    show_case(calc, EXAMPLE)
    assert calc.locator('[data-testid="timeline"]').is_visible()
    calc.fill(record_field("housing", 0, "to"), "2021-01")  # now overlaps the lease: an error
    wait_result(calc)
    assert not calc.locator('[data-testid="timeline"]').is_visible()
    show_case(
        calc, {"application_year": 2025, "birth_date": "1990-01-01", "sex": "male", "social_insurance": {"months": 100}}
    )
    assert not calc.locator('[data-testid="timeline"]').is_visible()


# ---------------------------------------------------------------- the hook for other modules
def test_other_modules_get_each_result_and_can_score_an_applicant(calc):
    calc.evaluate("""() => { window.__results = [];
        document.querySelector('[data-testid=calculator]').addEventListener('calc:result',
            (event) => window.__results.push(event.detail)); }""")
    show_case(calc, EXAMPLE)
    detail = calc.evaluate("window.__results[window.__results.length - 1]")
    assert detail["ok"] and detail["mode"] == "records"
    assert detail["applicant"] == sent(calc)
    assert detail["result"]["total"] == calculator.score(EXAMPLE)["total"]
    assert detail["id"] == int(calc.get_attribute(CALCULATOR, "data-request"))
    later = {**EXAMPLE, "application_year": 2026}
    answer = calc.evaluate("a => import('./calculator.js').then(m => m.calculator.score(a))", later)
    assert answer["ok"] and answer["result"]["total"] == calculator.score(later)["total"]
    assert calc.evaluate("window.__results.length") == 1, "scoring for a module does not touch the form's result"
    assert page_result(calc)["total"] == f"{calculator.score(EXAMPLE)['total']:.2f}"


@pytest.mark.parametrize("case", ["EXAMPLE", "CAPPED"])
def test_a_records_link_fills_the_rows_and_round_trips(new_page, served_site, case):
    applicant = {"EXAMPLE": EXAMPLE, "CAPPED": CAPPED}[case]
    page = new_page()
    page.goto(served_site + "calculator/#data=" + b64url(applicant))
    wait_ready(page)
    wait_result(page)
    for group, rows in applicant["records"].items():
        assert page.locator(f'[data-rows="records.{group}"] > .calc-row').count() == len(rows)
        for n, record in enumerate(rows):
            for key, value in record.items():
                assert page.input_value(record_field(group, n, key)) == value, (group, n, key)
    page.click('[data-testid="share"]')
    page.wait_for_function("() => document.querySelector('[data-testid=share-link]').value.includes('#data=')")
    again = from_b64url(page.input_value('[data-testid="share-link"]').split("#data=", 1)[1])
    assert calculator.score(again)["total"] == calculator.score(applicant)["total"]
    assert calculator.score(again)["derived"] == calculator.score(applicant)["derived"]


@pytest.mark.parametrize("mode", ["records", "counts"])
def test_each_mode_shows_only_its_own_fields(calc, mode):
    show_case(calc, EXAMPLE)  # a master's degree: every education field applies
    choose_mode(calc, mode)
    wait_result(calc)
    from calculator import params, schema

    for field in schema.FIELDS:
        if field.type in ("object", "array") or "[]" in field.path or field.path == "innovation.points":
            continue
        if field.path in ("retirement_group", "innovation.financing_10k_yuan"):
            continue  # shown by their own choice (sex, innovation type), in both modes
        wrap = calc.locator(f'[data-wrap="{field.path}"]')
        of_year = field.rule_sets is None or params.rule_set(EXAMPLE["application_year"])["id"] in field.rule_sets
        assert wrap.is_visible() == (field.mode in ("both", mode) and of_year), (mode, field.path)
    assert calc.locator('[data-rows="records.social_insurance"]').is_visible() == (mode == "records")


def test_a_counts_link_leaves_a_fresh_records_form_and_a_mixed_link_says_what_it_used(calc):
    show_case(
        calc, {"application_year": 2025, "birth_date": "1990-01-01", "sex": "male", "social_insurance": {"months": 100}}
    )
    assert calc.is_checked("#calc-mode-counts")
    choose_mode(calc, "records")
    wait_result(calc)
    assert calc.locator('[data-rows="records.social_insurance"] > .calc-row').count() == 1
    assert calc.input_value(record_field("social_insurance", 0, "from")) == ""
    mixed = {**EXAMPLE, "social_insurance": {"months": 5}}
    assert calculator.input_errors(mixed), "the engine refuses both at once"
    show_case(calc, mixed)
    assert "同时有记录和月数" in calc.inner_text('[data-testid="link-notice"]')
    assert _strip(page_result(calc)) == _strip(expected_from_cpython(EXAMPLE))


def test_the_trial_rules_fields_show_only_for_their_years(calc):
    """CONTRACT 2c: 2018 and 2019 show the 2016 trial rules' own fields and types; 2020 on, not."""
    show_case(
        calc, {**EXAMPLE, "application_year": 2019, "education": {**EXAMPLE["education"], "study_from": "2014-09"}}
    )
    wait_result(calc)
    assert calc.locator('[data-wrap="education.study_from"]').is_visible()
    assert calc.locator('[data-wrap="tax_average_qualifies"]').is_visible()
    assert not calc.locator('[data-wrap="tax_qualifying_years"]').is_visible()
    assert "2016年试行办法" in calc.inner_text('[data-testid="rule-set"]')
    hidden = calc.eval_on_selector_all(
        '[data-field="innovation.type"] option', "options => options.filter(o => o.hidden).map(o => o.value)"
    )
    assert hidden == ["competition", "equity"]
    gap = calc.inner_text('[data-testid="gap"]')
    assert "你选的2019年度已经结束：当年最低落户分值93.58分" in gap  # a past round: its own cut-off too
    assert calc.locator('.calc-history-list li[data-selected="true"][data-year="2019"]').count() == 1
    calc.select_option('[data-field="application_year"]', "2021")
    wait_result(calc)
    assert not calc.locator('[data-wrap="education.study_from"]').is_visible()
    assert calc.locator('[data-wrap="tax_qualifying_years"]').is_visible()
    assert "2020年办法" in calc.inner_text('[data-testid="rule-set"]')
    hidden = calc.eval_on_selector_all(
        '[data-field="innovation.type"] option', "options => options.filter(o => o.hidden).map(o => o.value)"
    )
    assert hidden == ["employment"]


def test_a_hostile_link_is_bounded_before_it_fills_the_form(calc):
    """Issue 22: 300 + 300 records fill only the first 100 of each list (the engine's bound), a link
    over 64 KB is refused unread, and a link of many unknown keys gives a short notice."""
    many = {
        **EXAMPLE,
        "records": {
            "social_insurance": [{"from": "2015-07", "to": "2015-07"}] * 300,
            "housing": [{"from": "2017-01", "to": "2017-01", "kind": "owned"}] * 300,
        },
    }
    calc.goto(calc.url.split("#")[0] + "#data=" + b64url(many))
    calc.wait_for_function("() => document.querySelector('[data-testid=link-notice]').textContent.includes('只填入前')")
    assert calc.locator('[data-rows="records.social_insurance"] > .calc-row').count() == 100
    assert calc.locator('[data-rows="records.housing"] > .calc-row').count() == 100
    junk = {**EXAMPLE, **{f"x{n}": n for n in range(3000)}}
    calc.goto(calc.url.split("#")[0] + "#data=" + b64url(junk))
    calc.wait_for_function("() => document.querySelector('[data-testid=link-notice]').textContent.includes('未列出')")
    assert len(calc.inner_text('[data-testid="link-notice"]')) < 600
    huge = "#data=" + "A" * 70_000
    calc.goto(calc.url.split("#")[0] + huge)
    calc.wait_for_function("() => document.querySelector('[data-testid=link-notice]').textContent.includes('太长')")
