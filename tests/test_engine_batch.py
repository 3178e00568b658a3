"""The batch reader (calculator/batch.py, CONTRACT 4c): a CSV or JSON file in, one answer per
applicant out, each the engine's own score of that applicant or its Chinese errors."""

from __future__ import annotations

import csv
import io
import json
import sys
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from engine_helpers import dec, make  # noqa: E402

import calculator
from calculator import batch
from calculator.schema import FIELDS, ITEMS

ROOT = Path(__file__).resolve().parent.parent

PATHS = [field.path for field in batch.COLUMNS]


def flat(applicant: dict) -> dict[str, object]:
    """An applicant as {field path: value} (the test's own flattening)."""
    cells = {}
    for key, value in applicant.items():
        if isinstance(value, dict):
            cells.update({f"{key}.{sub}": item for sub, item in value.items()})
        else:
            cells[key] = value
    return cells


def as_csv(applicants: list[dict], header: list[str] | None = None) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header or PATHS)
    for applicant in applicants:
        cells = flat(applicant)
        writer.writerow(
            [
                "" if cells.get(p) is None else str(cells[p]).lower() if isinstance(cells[p], bool) else cells[p]
                for p in PATHS
            ]
        )
    return out.getvalue()


APPLICANTS = [
    make(),
    make(
        application_year=2024,
        sex="male",
        retirement_group=None,
        education={"level": "master"},
        innovation={"type": "award", "points": 9},
        tax_qualifying_years=2,
    ),
    make(
        housing={"owned_months": 100, "rented_months": 0},
        job_residence={"live_and_work_months": 30, "live_only_months": 12, "living_there_at_cutoff": True},
        innovation={"type": "equity", "financing_10k_yuan": 2500},
    ),
]


def test_the_columns_are_the_count_mode_fields_with_unique_chinese_names():
    assert PATHS[:3] == ["application_year", "birth_date", "sex"]
    assert "social_insurance.months" in PATHS and "innovation.points" in PATHS
    assert not any(path.startswith("records") for path in PATHS)
    labels = [field.label for field in batch.COLUMNS]
    assert len(set(labels)) == len(labels)
    assert {field.path for field in FIELDS if field.type not in ("object", "array") and field.mode != "records"} == set(
        PATHS
    )


def test_each_row_is_the_engine_score_of_its_applicant():
    answer = batch.score_table(as_csv(APPLICANTS), "csv")
    assert [row["index"] for row in answer["rows"]] == [0, 1, 2]
    for row, applicant in zip(answer["rows"], APPLICANTS):
        expected = calculator.score(applicant)
        assert dec(row["total"]) == dec(expected["total"])
        assert row["points"] == [item["points"] for item in expected["items"]]
        assert row["eligible"] == expected["eligible"]


def test_a_bad_row_is_flagged_and_the_others_are_scored():
    bad = make(birth_date="1988-02-30")
    worse = make(social_insurance={"months": 9999})
    answer = batch.score_table(as_csv([APPLICANTS[0], bad, APPLICANTS[1], worse]), "csv")
    rows = answer["rows"]
    assert "errors" not in rows[0] and "errors" not in rows[2]
    assert rows[1]["errors"] and rows[1]["errors"][0].startswith("出生日期：")  # the column's name, no field path
    assert "birth_date" not in rows[1]["errors"][0]
    assert rows[3]["errors"][0].startswith("社会保险正常缴纳月数：")
    assert dec(rows[2]["total"]) == dec(calculator.score(APPLICANTS[1])["total"])


def test_chinese_column_names_and_values_read_as_the_paths_do():
    template = batch.template_csv()
    assert template.startswith("\ufeff")
    header, example = list(csv.reader(io.StringIO(template.lstrip("\ufeff"))))
    assert header[0] == "姓名" and header[1:] == [field.label for field in batch.COLUMNS]
    assert "女" in example and "是" in example  # option labels, not codes
    # the example row read under another name scores the example applicant (left in as it is, it is skipped)
    renamed = template.replace(batch.EXAMPLE_NAME, "张三")
    answer = batch.score_table(renamed, "csv")
    assert dec(answer["rows"][0]["total"]) == dec(calculator.score(batch.EXAMPLE)["total"])
    assert answer["rows"][0]["name"] == "张三" and example[0] == batch.EXAMPLE_NAME


def test_cells_excel_may_write():
    header = "申报年度,出生日期,性别,社会保险正常缴纳月数,持有北京市居住证,最高学历（学位）,创新创业类型,奖项分值"
    text = header + "\r\n2025,1988/3/5,男,150.0,否,硕士研究生,competition,6\r\n\r\n,,,,,,,\r\n"
    rows = batch.read_csv(text)[1]
    assert len(rows) == 1  # blank lines are skipped
    assert rows[0][1] == {
        "application_year": 2025,
        "birth_date": "1988-03-05",
        "sex": "male",
        "social_insurance": {"months": 150.0},
        "residence_permit": False,
        "education": {"level": "master"},
        "innovation": {"type": "competition", "points": 6},
    }


def test_unknown_or_repeated_columns_stop_the_file_with_the_column_named():
    answer = json.loads(batch.score_table_json("出生日期,月数,birth_date\r\n1988-01-01,1,1988-01-01\r\n"))
    assert answer["ok"] is False
    assert any("第2列“月数”" in line for line in answer["errors"])
    assert any("第3列“birth_date”与第1列" in line for line in answer["errors"])


def test_a_row_longer_than_the_header_is_its_own_error():
    text = as_csv([APPLICANTS[0]]).rstrip("\r\n") + ",x\r\n" + as_csv([APPLICANTS[0]]).splitlines()[1] + "\r\n"
    rows = batch.score_table(text, "csv")["rows"]
    assert "多于列名" in rows[0]["errors"][0] and "errors" not in rows[1]


RECORDS = {  # CONTRACT.md 2b's example
    "application_year": 2024,
    "birth_date": "1992-11-20",
    "sex": "female",
    "records": {
        "social_insurance": [{"from": "2015-07", "to": "2024-06", "kind": "normal", "work_district": "outer"}],
        "housing": [{"from": "2020-08", "to": "2024-06", "kind": "rented"}],
    },
    "education": {"level": "master", "certificates": "both", "graduation": "2017-06"},
}


def test_json_arrays_score_each_entry_on_its_own_records_mode_too():
    entries = [APPLICANTS[0], {"birth_date": 5}, APPLICANTS[2], RECORDS]
    answer = json.loads(batch.score_table_json(json.dumps(entries, ensure_ascii=False), "json"))
    assert answer["ok"]
    rows = answer["rows"]
    assert dec(rows[0]["total"]) == dec(calculator.score(APPLICANTS[0])["total"])
    assert rows[1]["errors"] and "errors" not in rows[2]
    assert dec(rows[3]["total"]) == dec(calculator.score(RECORDS)["total"])
    header = answer["columns"]
    assert "records" in header and "education.graduation" in header  # shown as the file gave them
    assert json.loads(batch.score_table_json('{"a": 1}', "json"))["ok"] is False
    assert json.loads(batch.score_table_json("[1,", "json"))["errors"][0].startswith("JSON: ")


def test_the_results_csv_has_the_inputs_then_eligibility_the_ten_points_and_the_total():
    bad = make(birth_date="x")
    answer = batch.score_table(as_csv([APPLICANTS[0], bad]), "csv")
    assert answer["csv"].startswith("\ufeff")
    header, first, second = list(csv.reader(io.StringIO(answer["csv"].lstrip("\ufeff"))))
    labels = [f"{number} {label}" for _, label, number in ITEMS]
    latest = max(csv.DictReader(open(ROOT / "policy" / "history.csv", encoding="utf-8")), key=lambda r: int(r["year"]))
    assert header[:-1] == PATHS + ["符合资格条件"] + labels + ["总分", "错误说明"]
    assert header[-1].startswith(f"与{latest['year']}年最低落户分值{latest['lowest_admitted_score']}分相差")
    expected = calculator.score(APPLICANTS[0])
    n = len(PATHS)
    assert first[n] == "是"
    assert [Decimal(x) for x in first[n + 1 : n + 11]] == [dec(item["points"]) for item in expected["items"]]
    assert Decimal(first[n + 11]) == dec(expected["total"]) and first[n + 12] == ""
    assert second[n + 11] == "" and second[n + 12].startswith("出生日期：") and second[n + 13] == ""
    assert Decimal(first[n + 13]) == dec(expected["total"]) - Decimal(latest["lowest_admitted_score"])


def test_score_each_answers_every_entry_with_a_result_or_structured_problems():
    from calculator.api import score_each

    entries = [APPLICANTS[0], make(social_insurance={"months": -1}), "x", APPLICANTS[1]]
    answers = score_each(entries)
    assert [a["ok"] for a in answers] == [True, False, False, True]
    assert answers[0]["result"] == calculator.score(APPLICANTS[0])
    found = answers[1]["errors"][0]
    assert found["path"] == "social_insurance.months" and found["label"] == "社会保险正常缴纳月数" and found["message"]
    assert answers[2]["errors"][0]["path"] == ""


def test_formula_cells_are_neutralised_in_the_download_keys_included():
    import csv as csv_module
    import io

    from calculator.batch import score_table

    hostile = ['=HYPERLINK("http://127.0.0.1/?x="&B2,"点我")', "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"]
    rows = [
        {
            "application_year": 2025,
            "birth_date": "1990-01-01",
            "sex": "male",
            "residence_permit": True,
            "social_insurance": {"months": 100},
            "姓名": cell,
        }
        for cell in hostile
    ]
    rows.append({"application_year": 2025, "birth_date": "1990-01-01", "=cmd|' /C calc'!A0": "x"})
    answer = score_table(json.dumps(rows, ensure_ascii=False), "json")
    table = list(csv_module.reader(io.StringIO(answer["csv"].lstrip("\ufeff"))))
    for row in table:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
            if cell.startswith("-"):
                float(cell)  # only plain numbers (an item such as -10.21) keep a leading minus
    names = [row[table[0].index("姓名")] for row in table[1 : len(hostile) + 1]]
    assert names == ["'" + cell for cell in hostile]  # shown as typed, one ' in front
    assert "'=cmd|' /C calc'!A0" in table[0]


def _one_row(cells: dict[str, str]) -> dict:
    """A CSV of one applicant, the base applicant's columns with `cells` (by column name) changed."""
    base = {"申报年度": "2025", "出生日期": "1988-03-15", "性别": "女", "社会保险正常缴纳月数": "150"}
    base.update(cells)
    text = ",".join(base) + "\r\n" + ",".join(base.values()) + "\r\n"
    return batch.score_table(text, "csv")["rows"][0]


@pytest.mark.parametrize(
    "cells,expected",
    [
        ({"性别": "M"}, None),
        ({"性别": "女职工"}, None),
        ({"最高学历（学位）": "本科"}, 15),
        ({"最高学历（学位）": "硕士"}, 26),
        ({"社会保险正常缴纳月数": "120个月"}, None),
        ({"出生日期": "32217"}, None),  # Excel's serial number of 1988-03-15
    ],
)
def test_what_hr_sheets_write_is_understood(cells, expected):
    """Issue 21: the words and forms HR sheets use: 本科, 硕士, 女职工, M, "120个月", Excel date serials."""
    row = _one_row(cells)
    assert "errors" not in row, row
    if expected is not None:
        assert row["points"][2] == expected  # the education line
    if "出生日期" in cells:
        assert row["points"][7] == 20  # age 36 on 2024-01-01


def test_messages_name_the_column_and_list_the_options_in_words():
    row = _one_row({"最高学历（学位）": "小学"})
    [line] = row["errors"]
    assert line.startswith("最高学历（学位）：应为无（高中及以下）、大学专科（含高职）") and "收到“小学”" in line
    assert "education" not in line and "college" not in line


def test_a_row_of_many_errors_is_bounded_and_a_mac_csv_or_a_binary_file_is_read_or_refused_in_words():
    overlapping = {
        "application_year": 2025,
        "birth_date": "1988-03-15",
        "sex": "female",
        "records": {
            "social_insurance": [{"from": "2015-01", "to": "2024-12"}],
            "housing": [{"from": "2016-01", "to": "2020-12", "kind": "owned"}] * 60,
        },
    }
    answer = batch.score_table(json.dumps([overlapping]), "json")
    errors = answer["rows"][0]["errors"]
    assert len(errors) == batch.MAX_ROW_ERRORS + 1 and errors[-1].startswith("另有")
    mac = "申报年度,出生日期,性别,社会保险正常缴纳月数\r2025,1988-03-15,女,150\r"
    assert batch.score_table(mac, "csv")["rows"][0]["total"] > 0
    binary = json.loads(batch.score_table_json("申报年度\x00\x01,x\n", "csv"))
    assert binary["ok"] is False and "二进制" in binary["errors"][0]
    wide = json.dumps([{f"k{n}": 1 for n in range(batch.MAX_COLUMNS + 1)}])
    assert "最多" in json.loads(batch.score_table_json(wide, "json"))["errors"][0]


def test_the_templates_example_row_is_not_scored_if_left_in():
    template = batch.template_csv()
    rows = batch.score_table(template, "csv")["rows"]
    assert len(rows) == 1 and "示例行" in rows[0]["errors"][0]


# ---------------------------------------------------------------- the records table (one row per record)
def records_table(rows: list[dict]) -> str:
    """A records table in the template's own columns; each row a dict of column name -> cell."""
    header = batch.records_template_csv(2026).lstrip("\ufeff").splitlines()[0].split(",")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    return out.getvalue()


def test_a_records_table_is_one_person_per_key_scored_as_the_engine_scores_their_records():
    person = {
        "申报年度": "2026",
        "出生日期": "1985/5/1",
        "性别": "男",
        "持有北京市居住证": "是",
        "最高学历（学位）": "硕士",
    }
    person |= {"证书": "双证", "毕业年月": "2011.7"}
    text = records_table(
        [
            {
                "姓名": "李四",
                **person,
                "记录类别": "社保",
                "起始年月": "2011-08",
                "截止年月": "至今",
                "缴费单位所在区": "昌平",
            },
            {
                "姓名": "王五",
                "申报年度": "2026",
                "出生日期": "1990-01-01",
                "性别": "女",
                "记录类别": "社保缴纳记录",
                "起始年月": "2015-01",
                "截止年月": "2020-12",
            },
            {
                "姓名": "李四",
                "记录类别": "住房",
                "起始年月": "2015年1月",
                "截止年月": "至今",
                "住房类型": "自有住所（房屋所有权证或不动产权证）",
                "房屋所在区": "昌平区",
            },
        ]
    )
    answer = batch.score_table(text, "csv")
    assert [row["name"] for row in answer["rows"]] == ["李四", "王五"]
    li_si = {
        "application_year": 2026,
        "birth_date": "1985-05-01",
        "sex": "male",
        "residence_permit": True,
        "education": {"level": "master", "certificates": "both", "graduation": "2011-07"},
        "records": {
            "social_insurance": [{"from": "2011-08", "to": "2025-12", "work_district": "outer"}],
            "housing": [{"from": "2015-01", "to": "2025-12", "kind": "owned", "district": "outer"}],
        },
    }
    expected = calculator.score(li_si)
    first = answer["rows"][0]
    assert first["total"] == expected["total"] and first["points"] == [item["points"] for item in expected["items"]]
    assert first["applicant"] == li_si  # what the row's link opens in the calculator
    assert dec(first["gap"]) == dec(expected["total"]) - Decimal(answer["cutoff"]["text"])
    # the results CSV: the person's columns, then how many records of each list
    header, *rows = list(csv.reader(io.StringIO(answer["csv"].lstrip("\ufeff"))))
    assert "记录类别" not in header and header[header.index("社保缴纳记录（条）") + 1] == "住房记录（条）"
    assert rows[0][header.index("社保缴纳记录（条）")] == "1" and rows[0][header.index("住房记录（条）")] == "1"


def test_a_records_tables_plan_with_zhijin_runs_on_from_its_start():
    """至今 on a record that starts after the cut-off (a plan, CONTRACT 2b) means from its start and on:
    the last cut-off the rules know, as on the calculator page, not the cut-off (which would end it
    before it starts)."""
    from calculator.rules import RULES

    person = {"姓名": "赵六", "申报年度": "2026", "出生日期": "1990-01-01", "性别": "男"}
    text = records_table(
        [
            {**person, "记录类别": "社保", "起始年月": "2014-01", "截止年月": "至今"},
            {
                "姓名": "赵六",
                "记录类别": "住房",
                "起始年月": "2027-03",
                "截止年月": "至今",
                "住房类型": "自有住所（房屋所有权证或不动产权证）",
            },
        ]
    )
    row = batch.score_table(text, "csv")["rows"][0]
    last = f"{RULES['application_years']['last'] - 1}-12"
    assert row["applicant"]["records"]["social_insurance"][0]["to"] == "2025-12"
    assert row["applicant"]["records"]["housing"][0] == {"from": "2027-03", "to": last, "kind": "owned"}
    assert row["total"] == calculator.score(row["applicant"])["total"]  # accepted: nothing this year


def test_a_records_tables_problems_name_the_file_line():
    text = records_table(
        [
            {"工号": "", "姓名": "甲", "记录类别": "社保", "起始年月": "2015-01", "截止年月": "2020-12"},
            {
                "姓名": "乙",
                "申报年度": "2026",
                "出生日期": "1990-01-01",
                "性别": "女",
                "记录类别": "住房",
                "起始年月": "2019-01",
                "截止年月": "2020-12",
                "住房类型": "租赁住所（登记备案）",
            },
            {
                "姓名": "丙",
                "申报年度": "2026",
                "出生日期": "1990-01-01",
                "性别": "女",
                "记录类别": "社保",
                "起始年月": "2015-01",
                "截止年月": "2020-12",
                "房屋所在区": "昌平",
            },
            {"姓名": "丙", "出生日期": "1991-01-01"},
            {"姓名": "丁", "申报年度": "2026", "出生日期": "1990-01-01", "性别": "女", "记录类别": "车位"},
        ]
    )
    rows = {row["name"]: row for row in batch.score_table(text, "csv")["rows"]}
    assert rows["甲"]["errors"][0] == "申报年度：缺少必填字段"  # the engine's own problem, in the column's name
    assert rows["乙"]["errors"][0].startswith("住房记录第1条（第3行）的起始年月：")
    assert rows["丙"]["errors"] == [
        "第4行：社保缴纳记录没有“房屋所在区”这一项（这一格应空着）",
        "第5行：出生日期“1991-01-01”与第4行的“1990-01-01”不一致",
    ]
    assert rows["丁"]["errors"] == ["第6行：记录类别“车位”应为社保缴纳记录、住房记录之一"]
    no_key = "记录类别,起始年月\n社保,2015-01\n"
    assert "工号" in json.loads(batch.score_table_json(no_key, "csv"))["errors"][0]


def test_the_templates_are_for_the_round_the_build_names_and_their_example_is_skipped():
    for template in (batch.template_csv(2027), batch.records_template_csv(2027)):
        header, *rows = list(csv.reader(io.StringIO(template.lstrip("\ufeff"))))
        assert rows and all(row[0] == batch.EXAMPLE_NAME for row in rows)
        assert rows[0][header.index("申报年度")] == "2027"
        answer = batch.score_table(template, "csv")["rows"]
        assert len(answer) == 1 and "示例行" in answer[0]["errors"][0]
        # with its name changed the example is a valid person of that round
        named = template.replace(batch.EXAMPLE_NAME, "样例")
        assert batch.score_table(named, "csv")["rows"][0]["total"] > 0


def test_a_batch_leaves_the_garbage_collector_as_it_found_it():
    """score_many and score_each pause the cyclic collector while they score (api._batch_allocation);
    it is back on after a batch, a refused batch and a bad row, and stays off if it was off."""
    import gc

    from calculator.api import score_each

    good = json.loads((ROOT / "tests" / "golden" / "01-contract-example.json").read_text(encoding="utf-8"))["input"]
    assert gc.isenabled()
    calculator.score_many([good, good])
    assert gc.isenabled()
    with pytest.raises(calculator.InvalidInput):
        calculator.score_many([good, {"birth_date": "nonsense"}])
    assert gc.isenabled()
    assert [answer["ok"] for answer in score_each([good, 7])] == [True, False]
    assert gc.isenabled()
    gc.disable()
    try:
        calculator.score_many([good])
        assert not gc.isenabled()
    finally:
        gc.enable()
