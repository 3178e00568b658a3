"""The applicant schema (calculator/schema.py): one table of fields that validation, the form and the
page script are driven by, its JSON description for the page build, and the structured errors."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # engine_helpers, whatever pytest's import mode
from engine_helpers import BASE, ELIGIBILITY_IDS, ITEM_IDS, make  # noqa: E402 (it puts the repo root on sys.path)

import calculator
from calculator import params, schema
from calculator.rules import ELIGIBILITY, INDICATORS, RULES

# CONTRACT.md section 2 and 2b, restated: every applicant field, by path.
CONTRACT_PATHS = {
    "application_year",
    "birth_date",
    "sex",
    "retirement_group",
    "residence_permit",
    "criminal_record",
    "social_insurance",
    "social_insurance.months",
    "social_insurance.continuous_months",
    "social_insurance.backpay_months",
    "housing",
    "housing.owned_months",
    "housing.rented_months",
    "education",
    "education.level",
    "education.certificates",
    "education.deduction_owned_months",
    "education.deduction_rented_months",
    "education.deduction_si_only_months",
    "job_residence",
    "job_residence.live_and_work_months",
    "job_residence.live_only_months",
    "job_residence.living_there_at_cutoff",
    "innovation",
    "innovation.type",
    "innovation.points",
    "innovation.financing_10k_yuan",
    "tax_qualifying_years",
    "honours",
    "detentions",
    # section 2b
    "records",
    "records.social_insurance",
    "records.social_insurance[].from",
    "records.social_insurance[].to",
    "records.social_insurance[].kind",
    "records.social_insurance[].work_district",
    "records.housing",
    "records.housing[].from",
    "records.housing[].to",
    "records.housing[].kind",
    "records.housing[].district",
    "education.graduation",
    # section 2c: the 2016 trial rules' own fields
    "tax_average_qualifies",
    "tax_violations",
    "innovation.years",
    "education.study_from",
}
INTERNAL_NAME = re.compile(r"[a-z_]+\.[a-z_]+|[a-z]+_[a-z_]+")  # housing.owned_months, owned_months
DESCRIPTION = schema.describe()
FIELD_KEYS = {
    "path",
    "parent",
    "key",
    "type",
    "mode",
    "label",
    "help",
    "widget",
    "required",
    "default",
    "default_from",
    "initial",
    "min",
    "max",
    "unit",
    "example",
    "options",
    "options_by",
    "when",
    "rule_sets",
    "section",
}


def test_the_table_has_exactly_the_contract_fields():
    assert {field.path for field in schema.FIELDS} == CONTRACT_PATHS
    assert len(schema.FIELDS) == len(CONTRACT_PATHS)  # each once


def test_every_field_is_complete_and_its_parent_comes_first():
    seen = {""}
    for field in DESCRIPTION["fields"]:
        assert set(field) == FIELD_KEYS, field["path"]
        assert field["parent"] in seen, field["path"]
        seen.add(field["path"] + ("[]" if field["type"] == "array" else ""))
        assert field["type"] in {"int", "number", "bool", "enum", "date", "month", "object", "array"}
        assert field["widget"] in {"number", "checkbox", "radio", "select", "date", "month", "rows", "group"}
        assert field["mode"] in {"counts", "records", "both"}
        assert field["label"] and re.search(r"[\u4e00-\u9fff]", field["label"]), field["path"]
        assert "{" not in field["label"] and not INTERNAL_NAME.search(field["label"]), field["label"]
        if field["type"] == "enum":
            assert field["options"], field["path"]
        if field["when"]:
            assert field["when"]["otherwise"] in ("error", "ignored")
            assert field["when"]["path"].rpartition(".")[0] == field["parent"]  # controlled within its object
        if field["required"]:
            assert field["default"] is None and field["default_from"] is None, field["path"]


def test_help_placeholders_are_year_values():
    names = set(DESCRIPTION["years"]["2025"])
    for field in DESCRIPTION["fields"]:
        for name in re.findall(r"\{(\w+)\}", field["help"]):
            assert name in names, (field["path"], name)
    assert DESCRIPTION["years"]["2025"]["cutoff"] == "2024年12月31日"
    assert DESCRIPTION["years"]["2025"]["cutoff_month"] == "2024-12"
    assert DESCRIPTION["years"]["2025"]["employment_months"] == 318
    assert list(DESCRIPTION["years"]) == [
        str(y) for y in range(RULES["application_years"]["first"], RULES["application_years"]["last"] + 1)
    ]


def test_the_description_is_json_and_stable():
    text = json.dumps(DESCRIPTION, ensure_ascii=False, sort_keys=True)
    assert json.loads(text) == DESCRIPTION
    assert json.dumps(schema.describe(), ensure_ascii=False, sort_keys=True) == text


def _field(path: str) -> dict:
    return next(field for field in DESCRIPTION["fields"] if field["path"] == path)


def _values(path: str, by: str | None = None) -> list:
    options = _field(path)["options"]
    return [option["value"] for option in (options[by] if by else options)]


def test_options_come_from_the_rules_data():
    assert _values("education.level") == list(INDICATORS["education"]["levels"])
    assert [o["label"] for o in _field("education.level")["options"]] == [
        level["label"] for level in INDICATORS["education"]["levels"].values()
    ]
    assert _values("education.certificates") == list(INDICATORS["education"]["certificates"])
    types = INDICATORS["innovation"]["types"]
    trial_types = [key for key in params.for_year(2019)["indicators"]["innovation"]["types"] if key not in types]
    assert trial_types == ["employment"]
    assert _values("innovation.type") == ["none", *types, *trial_types]  # the current rules' types first
    assert _field("innovation.points")["options_by"] == "innovation.type"
    assert _values("innovation.points", "award") == types["award"]["points"]
    assert _values("innovation.points", "competition") == types["competition"]["points"]
    assert _field("application_year")["min"] == RULES["application_years"]["first"]
    assert _field("tax_qualifying_years")["max"] == INDICATORS["tax"]["years"]
    central = _field("records.housing[].district")["options"][0]["label"]
    assert all(name.removesuffix("区") in central for name in INDICATORS["job_residence"]["central_districts"])


def test_items_and_conditions_follow_the_rules_data_and_the_engine():
    assert [item["id"] for item in DESCRIPTION["items"]] == ITEM_IDS == list(INDICATORS)
    assert [item["label"] for item in DESCRIPTION["items"]] == [INDICATORS[key]["label"] for key in ITEM_IDS]
    result = calculator.score(BASE)
    assert [(item["id"], item["label"]) for item in result["items"]] == [
        (item["id"], item["label"]) for item in DESCRIPTION["items"]
    ]
    assert [c["id"] for c in DESCRIPTION["eligibility"]] == ELIGIBILITY_IDS
    assert [c["label"] for c in DESCRIPTION["eligibility"]] == [ELIGIBILITY[key]["label"] for key in ELIGIBILITY_IDS]


def test_the_form_fixes_of_issue_7():
    assert _field("residence_permit")["initial"] is False and _field("residence_permit")["default"] is True
    assert _field("innovation.points")["initial"] is None  # choosing a type does not pick 12 points
    assert "城六区以外的任一区工作" in _field("job_residence.live_and_work_months")["help"]
    assert "在该区工作" not in json.dumps(DESCRIPTION, ensure_ascii=False)
    assert "没有的不要勾选" in _field("criminal_record")["help"]


@pytest.mark.parametrize(
    "path,label",
    [
        ("records.housing[1].from", "住房记录第2条的起始年月"),
        ("records.housing[1]", "住房记录第2条"),
        ("records.social_insurance", "社保缴纳记录"),
        ("[3].birth_date", "出生日期"),
        ("[4]", "第5位申请人"),
        ("", "输入"),
        ("housing.owned_months", "自有住所月数"),
        ("housing", INDICATORS["residence"]["label"]),
        ("nickname", "nickname"),
    ],
)
def test_labels_of_error_paths(path, label):
    assert schema.label_of(path) == label


# ------------------------------------------------------------------ validation driven by the table


def _enum_fields():
    return [
        field for field in schema.FIELDS if field.type == "enum" and field.mode != "records" and not field.options_by
    ]


@pytest.mark.parametrize("field", _enum_fields(), ids=lambda f: f.path)
def test_every_enum_field_rejects_a_value_outside_its_options(field):
    data = make()
    *parents, key = field.path.split(".")
    target = data
    for part in parents:
        target = target.setdefault(part, {})
    if field.when and field.when[2] == "error":
        pytest.fail(f"{field.path}: needs its controlling field set")
    target[key] = "no-such-option"
    errors = calculator.input_errors(data)
    assert [e["path"] for e in errors] == [field.path]
    for value, label in field.options:
        assert f"{value}（{label}）" in errors[0]["message"]


@pytest.mark.parametrize(
    "field", [f for f in schema.FIELDS if f.type == "int" and f.mode != "records"], ids=lambda f: f.path
)
def test_every_count_field_rejects_negative_and_non_integer_values(field):
    for bad in (-1, 1.5, "3", None, True):
        data = make()
        *parents, key = field.path.split(".")
        target = data
        for part in parents:
            target = target.setdefault(part, {})
        target[key] = bad
        errors = calculator.input_errors(data)
        assert [e["path"] for e in errors] == [field.path], (bad, errors)
        assert errors[0]["label"] == field.label


def test_unknown_fields_list_the_fields_of_the_table():
    errors = calculator.input_errors(make(housing={"owned_months": 1, "district": "x"}))
    assert [e["path"] for e in errors] == ["housing.district"]
    assert errors[0]["message"] == "未知字段；可用字段：owned_months、rented_months"


# ------------------------------------------------------------------ structured errors

CONTRADICTIONS = [
    make(
        housing={"owned_months": 20, "rented_months": 0},
        job_residence={"live_and_work_months": 12, "live_only_months": 9},
    ),
    make(education={"level": "bachelor", "deduction_owned_months": 41}),
    make(
        housing={"owned_months": 40, "rented_months": 10},
        education={"level": "bachelor", "deduction_rented_months": 11},
    ),
    make(
        social_insurance={"months": 20, "continuous_months": 100},
        housing={"owned_months": 0, "rented_months": 0},
        education={"level": "bachelor", "deduction_si_only_months": 21},
    ),
    make(
        application_year=2035,
        birth_date="1990-05-05",
        social_insurance={"months": 90, "continuous_months": 90},
        housing={"owned_months": 100, "rented_months": 0},
        job_residence={"live_and_work_months": 91, "live_only_months": 0},
    ),
]


@pytest.mark.parametrize("data", CONTRADICTIONS)
def test_messages_use_the_forms_words_and_name_the_other_field_apart(data):
    """The page shows label + message: no internal field name in either; the other field is in `related`,
    and the command line's line still names its path."""
    errors = calculator.input_errors(data)
    assert errors
    for found, line in zip(errors, calculator.validate(data)):
        assert not INTERNAL_NAME.search(found["message"]), found
        assert found["label"] == schema.label_of(found["path"])
        assert line.startswith(f"{found['path']}: {found['message']}")
        for other in found.get("related", ()):
            assert other in schema.BY_PATH and other in line
            assert schema.BY_PATH[other].label in found["message"]


def test_the_cli_line_of_a_problem():
    data = CONTRADICTIONS[0]
    [found] = calculator.input_errors(data)
    assert found == {
        "path": "job_residence",
        "label": INDICATORS["job_residence"]["label"],
        "message": "两类月数合计21个月，多于自有住所月数20个月",
        "code": "conflict",
        "related": ["housing.owned_months"],
    }
    assert calculator.validate(data) == [
        "job_residence: 两类月数合计21个月，多于自有住所月数20个月（相关字段：housing.owned_months）"
    ]


def test_batch_problems_carry_the_index_in_path_and_related():
    with pytest.raises(calculator.InvalidInput) as caught:
        calculator.score_many([BASE, CONTRADICTIONS[0]])
    [found] = caught.value.problems
    assert found["path"] == "[1].job_residence" and found["related"] == ["[1].housing.owned_months"]
    assert caught.value.errors == [
        "[1].job_residence: 两类月数合计21个月，多于自有住所月数20个月（相关字段：[1].housing.owned_months）"
    ]


def test_score_json_gives_structured_errors_with_labels():
    answer = json.loads(calculator.score_json(json.dumps(make(birth_date="x", social_insurance={"months": -1}))))
    assert answer == {
        "ok": False,
        "errors": [
            {
                "path": "birth_date",
                "label": "出生日期",
                "message": "日期写作“年-月-日”（YYYY-MM-DD，如1988-03-15），收到“x”",
                "code": "format",
            },
            {
                "path": "social_insurance.months",
                "label": "社会保险正常缴纳月数",
                "message": "应为不小于0的整数，收到-1",
                "code": "range",
            },
        ],
    }
    answer = json.loads(calculator.score_json("{"))
    assert answer["errors"] == [
        {"path": "", "label": "JSON", "message": "第1行第2列无法解析：字段名须用英文双引号括起", "code": "input"}
    ]
    answer = json.loads(calculator.score_json("[1]"))
    assert answer["errors"] == [
        {"path": "[0]", "label": "第1位申请人", "message": "应为JSON对象（{…}），收到1", "code": "input"}
    ]


def test_a_path_without_a_field_name_is_its_own_label():
    # an unknown key such as "[" once made label_of fail (an internal error instead of a message)
    assert schema.label_of("[") == "["
    assert calculator.validate({"[": 1})[0].startswith("[: 未知字段")


@pytest.mark.parametrize(
    "value,message",
    [
        ("1992-13-20", "月份应为1—12，收到13"),
        ("1992-02-30", "1992年2月没有30日"),
        ("1992/02/03", "日期写作“年-月-日”"),
        ("1", "日期写作“年-月-日”"),
    ],
)
def test_date_messages_say_what_is_wrong(value, message):
    [found] = calculator.input_errors(make(birth_date=value))
    assert found["path"] == "birth_date" and found["code"] == "format"
    assert message in found["message"]


def test_every_problem_has_a_code_and_a_missing_field_says_required():
    [found] = calculator.input_errors(make(sex=None))
    assert found["code"] == "required" and found["message"] == "缺少必填字段"
    codes = {
        found["code"]
        for found in calculator.input_errors(
            make(sex="x", social_insurance={"months": -1}, unknown_field=1, detentions="a")
        )
    }
    assert codes == {"choice", "range", "unknown", "type"}
