"""Rule sets by application year (CONTRACT 2c) and dated values (params.py).

The 2016 trial rules score 2018 and 2019, the 2020 rules every later round; a field of one
rule set only is refused, naming it, for a year of the other; a dated value added to the rules
file changes the rounds from its date on and no other (the recipe in CONTRIBUTING.md, done on a
copy of the engine).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from engine_helpers import make  # noqa: E402

import calculator
from calculator import params, schema

ROOT = Path(__file__).resolve().parent.parent
TRIAL = dict(tax_qualifying_years=None)  # make()'s base has the 2020 rules' tax field


@pytest.mark.parametrize(
    "year,rule_set", [(2018, "2016"), (2019, "2016"), (2020, "2020"), (2025, "2020"), (2035, "2020")]
)
def test_every_result_names_its_rule_set(year, rule_set):
    changes = TRIAL if rule_set == "2016" else {}
    result = calculator.score(make(application_year=year, **changes))
    assert result["rule_set"]["id"] == rule_set
    assert result["rule_set"]["title"] == params.rule_set(year)["title"]
    assert ("2016" in result["rule_set"]["title"]) is (rule_set == "2016")


def test_a_year_before_2018_is_an_error_naming_application_year():
    errors = calculator.validate(make(application_year=2017, **TRIAL))
    assert errors and errors[0].startswith("application_year: ")


@pytest.mark.parametrize("field,value", [("tax_average_qualifies", True), ("tax_violations", 1)])
def test_a_trial_field_for_a_2020_rules_year_is_an_error_naming_it(field, value):
    errors = calculator.validate(make(application_year=2021, **{field: value}))
    assert len(errors) == 1 and errors[0].startswith(f"{field}: ")
    assert "2018—2019年度" in errors[0]


def test_a_2020_field_for_a_trial_year_is_an_error_naming_it():
    errors = calculator.validate(make(application_year=2019, tax_qualifying_years=2))
    assert len(errors) == 1 and errors[0].startswith("tax_qualifying_years: ")
    assert "2020—2035年度" in errors[0]


@pytest.mark.parametrize(
    "year,innovation,ok",
    [
        (2019, {"type": "employment", "years": 2}, True),
        (2022, {"type": "employment", "years": 2}, False),
        (2019, {"type": "equity", "financing_10k_yuan": 3000}, False),
        (2019, {"type": "competition", "points": 6}, False),
        (2019, {"type": "award", "points": 6}, True),
        (2022, {"type": "equity", "financing_10k_yuan": 3000}, True),
    ],
)
def test_innovation_types_belong_to_their_rule_set(year, innovation, ok):
    changes = TRIAL if year < 2020 else {}
    errors = calculator.validate(make(application_year=year, innovation=innovation, **changes))
    assert (errors == []) is ok, errors
    if not ok:
        assert errors[0].startswith("innovation.")


def test_the_study_period_needs_its_start_in_records_mode_and_must_not_run_backwards():
    base = {
        "application_year": 2019,
        "birth_date": "1988-03-15",
        "sex": "male",
        "records": {"social_insurance": [{"from": "2011-01", "to": "2019-06"}], "housing": []},
    }
    missing = {**base, "education": {"level": "master", "graduation": "2017-06"}}
    assert any(e.startswith("education.study_from: ") for e in calculator.validate(missing))
    backwards = {**base, "education": {"level": "master", "graduation": "2017-06", "study_from": "2017-09"}}
    assert any(e.startswith("education.study_from: ") for e in calculator.validate(backwards))
    later = {
        **base,
        "application_year": 2020,
        "education": {"level": "master", "graduation": "2017-06", "study_from": "2014-09"},
    }
    assert [e.split(":")[0] for e in calculator.validate(later)] == ["education.study_from"]


def test_the_same_input_scores_under_each_rule_set_where_the_rules_differ():
    """A person aged 46 with a tax history: 2019 (trial) and 2020 differ only where the law changed."""
    trial = calculator.score(make(application_year=2019, birth_date="1971-03-01", tax_average_qualifies=True, **TRIAL))
    current = calculator.score(make(application_year=2020, birth_date="1972-03-01", tax_qualifying_years=3))
    by_id = {
        key: {item["id"]: item["points"] for item in result["items"]}
        for key, result in (("trial", trial), ("current", current))
    }
    assert by_id["trial"]["age"] == 0 and by_id["current"]["age"] == 16  # the cliff, then 4 a year
    assert by_id["trial"]["tax"] == 6 and by_id["current"]["tax"] == 6
    assert "平均每年" in next(i["detail"] for i in trial["items"] if i["id"] == "tax")
    assert all("试行" in item["source"] or "〔2018〕" in item["source"] for item in trial["items"])


def test_dated_values_resolve_to_one_tree_per_rule_set():
    assert params.for_year(2018) is params.for_year(2019)
    assert params.for_year(2020) is params.for_year(2035)
    assert params.for_year(2019) is not params.for_year(2020)
    assert params.params_at(date(2019, 12, 31)) is params.for_year(2019)
    trial, current = params.for_year(2019)["indicators"], params.for_year(2020)["indicators"]
    assert trial["residence"]["rental_declared_from"] == "2017-01"
    assert current["residence"]["rental_declared_from"] == "2020-08"
    assert (
        trial["job_residence"]["counting_from"] == "2017-01" and current["job_residence"]["counting_from"] == "2018-01"
    )
    assert "points_per_year" not in trial["tax"] and "average_points" not in current["tax"]
    assert set(trial["innovation"]["types"]) == {"award", "employment"}
    assert set(current["innovation"]["types"]) == {"award", "competition", "equity"}

    # no dated table is left in a resolved tree
    def walk(node):
        assert not params.is_dated(node)
        if isinstance(node, dict):
            for item in node.values():
                walk(item)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(params.for_year(2019))
    walk(params.for_year(2026))


def test_the_form_table_says_which_years_each_field_belongs_to():
    described = schema.describe()
    by_path = {field["path"]: field for field in described["fields"]}
    assert by_path["tax_qualifying_years"]["rule_sets"] == ["2020"]
    assert by_path["tax_average_qualifies"]["rule_sets"] == ["2016"]
    assert by_path["birth_date"]["rule_sets"] is None
    assert described["years"]["2019"]["rule_set"] == "2016" and described["years"]["2020"]["rule_set"] == "2020"
    assert described["rule_sets"]["2016"]["first"] == 2018 and described["rule_sets"]["2016"]["last"] == 2019
    assert described["option_rule_sets"]["innovation.type"]["employment"] == ["2016"]
    assert "2016年12月" in described["years"]["2019"]["rental_before"]


# ---------------------------------------------------------------- the recipe: a dated rule change
def _engine_copy(tmp_path: Path) -> Path:
    shutil.copytree(
        ROOT / "calculator", tmp_path / "calculator", ignore=shutil.ignore_patterns("__pycache__", "*.json")
    )
    (tmp_path / "policy").symlink_to(ROOT / "policy")  # the history and the published lists, unchanged
    return tmp_path / "calculator" / "rules.toml"


def _score(where: Path, data: dict) -> dict:
    answer = subprocess.run(
        [sys.executable, "-m", "calculator", "score", "-"],
        input=json.dumps(data),
        capture_output=True,
        text=True,
        cwd=where,
        check=True,
    )
    return json.loads(answer.stdout)


def test_recipe_a_dated_value_changes_the_rounds_from_its_date_only(tmp_path):
    """CONTRIBUTING.md "A dated rule change": one value, written once, with its date and reference."""
    rules = _engine_copy(tmp_path)
    text = rules.read_text(encoding="utf-8")
    old = '\npoints_per_month = "1/4"\n'  # the 就业 rate (not the deduction's si_points_per_month)
    assert text.count(old) == 1
    rules.write_text(
        text.replace(
            old,
            '\npoints_per_month = { "2018-01-01" = { value = "1/4" }, "2030-01-01" = '
            '{ value = "1/3", reference = { doc = "banfa2020", where = "（测试用的假设修订）", '
            'evidence = ["OPEN"] } } }\n',
        ),
        encoding="utf-8",
    )
    before, after = make(application_year=2029), make(application_year=2030)
    employment = {
        year: next(i for i in _score(tmp_path, data)["items"] if i["id"] == "employment")
        for year, data in ((2029, before), (2030, after))
    }
    assert (
        employment[2029]["points"]
        == 150 * 0.25
        == next(i for i in calculator.score(before)["items"] if i["id"] == "employment")["points"]
    )
    assert employment[2030]["points"] == 50  # 150 × 1/3
    assert "1/3分/月" in employment[2030]["detail"]


def test_the_comparison_table_is_made_from_the_two_rule_sets():
    from build_tools import rule_tables

    header, rows = rule_tables.table("compare.rule_sets")
    assert "2018—2019年度" in header[1] and "2020—2035年度" in header[2]
    by_label = {row[0]: row for row in rows}
    trial = params.for_year(2019)["indicators"]
    assert f"{trial['job_residence']['counting_from'][:4]}年1月1日" in by_label["职住区域"][1]
    assert "断崖" in by_label["年龄"][1] and "每增加一岁" in by_label["年龄"][2]
    assert by_label["荣誉表彰"][2] == "相同"
    assert "2016年12月及以前" in by_label["合法稳定住所"][1] and "2020年7月" in by_label["合法稳定住所"][2]


def test_the_timeline_gets_the_rental_date_of_the_applicants_round():
    """The page's timeline marks where declared leases start: 2017-01 for the trial rules' years."""
    records = {"social_insurance": [{"from": "2010-01", "to": "2019-06"}], "housing": []}
    base = {"birth_date": "1988-03-15", "sex": "male", "records": records}
    assert calculator.score({**base, "application_year": 2019})["derivation"]["rental_declared_from"] == "2017-01"
    assert calculator.score({**base, "application_year": 2021})["derivation"]["rental_declared_from"] == "2020-08"


def _changed_files(copy: Path) -> list[str]:
    """The files of the engine copy that differ from the repository's (or are new)."""
    changed = []
    for path in sorted((copy / "calculator").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            original = ROOT / path.relative_to(copy)
            if not original.is_file() or original.read_bytes() != path.read_bytes():
                changed.append(str(path.relative_to(copy)))
    return changed


def test_recipe_a_field_is_its_row_and_its_use(tmp_path):
    """CONTRIBUTING.md "Add a field": a row in its indicator unit's FIELDS and its use in the unit's
    formula are the whole engine change (validation, the Applicant and the form follow from the
    row), done here on a copy: one file."""
    _engine_copy(tmp_path)
    unit = tmp_path / "calculator" / "indicators" / "honours.py"
    text = unit.read_text(encoding="utf-8")
    anchor, use = "\n)\n\n\ndef overview", "    if a.honours:\n"
    assert text.count(anchor) == 1 and text.count(use) == 1
    row = (
        '\n    field("honours_count", "int", "获得荣誉称号的次数", "测试用的假设字段", default=0, min_=0, max_=3, '
        'unit="次", section="honours"),'
    )
    text = text.replace(anchor, row + anchor).replace(use, "    if a.honours or a.honours_count:\n")
    unit.write_text(text, encoding="utf-8")
    assert _changed_files(tmp_path) == ["calculator/indicators/honours.py"]

    def honours_points(data: dict) -> object:
        return next(i for i in _score(tmp_path, data)["items"] if i["id"] == "honours")["points"]

    assert (
        honours_points(make(honours=False, honours_count=2)) == params.for_year(2025)["indicators"]["honours"]["points"]
    )
    assert honours_points(make(honours=False)) == 0  # the row's default
    refused = subprocess.run(
        [sys.executable, "-m", "calculator", "score", "-"],
        input=json.dumps(make(honours_count=9)),
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert refused.returncode == 2 and "honours_count: 应为0到3之间的整数" in refused.stderr
    # and the form: the control is made from the row, in the section the row names (no list to edit)
    form = subprocess.run(
        [
            sys.executable,
            "-c",
            "from build_tools import calculator_form as f; html = f.form_html(2025, {}, {}); "
            "start = html.index('data-section=\"honours\"'); end = html.index('</fieldset>', start); "
            "print(f.section_of('honours_count'), 'data-field=\"honours_count\"' in html[start:end])",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,  # the copy's engine first; the build's modules from the repository
        env={**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}"},
    )
    assert form.stdout.split() == ["honours", "True"], form.stderr[-2000:]


# ---------------------------------------------------------------- the recipe: add an indicator
VOLUNTEER_RULES = """
[indicators.volunteer]
number = 10
label = "志愿服务"
points_per_year = 1
cap = 3
summary = "每满1年志愿服务加{points_per_year}分，最高{cap}分（测试用的假设指标）。"
source = { doc = "banfa2020", where = "（测试用的假设指标）", evidence = ["OPEN"], checked = 2026-12-04 }

"""
VOLUNTEER_UNIT = '''"""10 志愿服务: a hypothetical indicator (the recipe test's)."""

from __future__ import annotations

from decimal import Decimal

from ..fields import field
from ..trace import words
from ._line import rule, scored

PAGE = ("volunteer", "志愿服务")
WORDS = {
    "volunteer.years": words(
        "{years}年 × {per}分 = {points}分", "years", "per", "points", per="indicators.volunteer.points_per_year"
    ),
}
FIELDS = (
    field("volunteer_years", "int", "志愿服务年数", "", default=0, min_=0, max_=40, unit="年", section="volunteer"),
)


def overview(r):
    return f"每满1年{r['points_per_year']}分", f"{r['cap']}分"


def formula(a):
    r = rule(a, "volunteer")
    raw = Decimal(a.volunteer_years * r["points_per_year"])
    points = min(raw, Decimal(r["cap"]))
    return scored(points, (("volunteer.years", a.volunteer_years, r["points_per_year"], raw),), raw, r["cap"])
'''
VOLUNTEER_PAGE = """---
title: 志愿服务
---

# 10. 志愿服务

<!-- rule: indicators.volunteer -->
"""


def test_recipe_an_indicator_is_its_rules_its_unit_and_its_page(tmp_path):
    """CONTRIBUTING.md "Add an indicator": its numbers in rules.toml, its unit (fields, formula,
    overview row, page) and its page, done on a copy: the engine scores the new line in the rules'
    place, validates its field, the golden cases pass unchanged, and the form, the overview table
    and the site's menu have it."""
    rules = _engine_copy(tmp_path)
    text = rules.read_text(encoding="utf-8")
    anchor = "# ---------------------------------------------------------------- selection"
    assert text.count(anchor) == 1
    rules.write_text(text.replace(anchor, VOLUNTEER_RULES.lstrip() + anchor), encoding="utf-8")
    (tmp_path / "calculator" / "indicators" / "volunteer.py").write_text(VOLUNTEER_UNIT, encoding="utf-8")
    page = tmp_path / "docs" / "indicators" / "volunteer.md"
    page.parent.mkdir(parents=True)
    page.write_text(VOLUNTEER_PAGE, encoding="utf-8")
    assert _changed_files(tmp_path) == ["calculator/indicators/volunteer.py", "calculator/rules.toml"]

    items = _score(tmp_path, make(volunteer_years=5))["items"]
    assert [item["id"] for item in items][-2:] == ["law", "volunteer"]
    assert items[-1]["points"] == 3 and items[-1]["capped"] == {"uncapped": 5, "cap": 3}
    assert items[-1]["detail"] == "5年 × 1分 = 5分"  # its trace, worded by the one renderer
    assert "待核实" in items[-1]["source"]
    refused = subprocess.run(
        [sys.executable, "-m", "calculator", "score", "-"],
        input=json.dumps(make(volunteer_years=41)),
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert refused.returncode == 2 and "volunteer_years: 应为0到40之间的整数" in refused.stderr
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}"}
    # the golden cases, unchanged, against the copy (a line newer than a case scores 0 there)
    golden = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(ROOT / "tests" / "test_engine_golden.py")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert golden.returncode == 0 and " passed" in golden.stdout, golden.stdout[-2000:]
    # the site: its form section, its overview row, its menu entry (the build's modules, the copy's engine)
    site = subprocess.run(
        [
            sys.executable,
            "-c",
            "from build_tools import calculator_form as f, rule_tables as t, mkdocs_hooks as h\n"
            "html = f.form_html(2025, {}, {}); start = html.index('data-section=\"volunteer\"')\n"
            "print('data-field=\"volunteer_years\"' in html[start:html.index('</fieldset>', start)])\n"
            "print(t.table('indicators.overview')[1][-1])\n"
            "nav = [{'九项指标': ['indicators/index.md']}]; h._add_indicator_pages(nav); print(nav[0]['九项指标'][-1])",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    lines = site.stdout.splitlines()
    assert lines[:1] == ["True"], site.stderr[-2000:]
    assert lines[1] == str(["10. 志愿服务", "每满1年1分（部分内容待核实）", "3分"])
    assert lines[2] == str({"10 志愿服务": "indicators/volunteer.md"})
