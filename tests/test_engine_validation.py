"""Input validation (every problem at once, each line starting with the field path), the JSON
entry point and the command line (CONTRACT.md section 2)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # engine_helpers, whatever pytest's import mode
from engine_helpers import BASE, ROOT, make, subprocess_env  # noqa: E402 (it puts the repo root on sys.path)

import calculator

PATH_LINE = re.compile(r"^(\[\d+\]\.)?[a-z_]+(\.[a-z_0-9]+)*: \S")


def errors_of(data) -> list[str]:
    errors = calculator.validate(data)
    with pytest.raises(calculator.InvalidInput) as caught:
        calculator.score(data)
    assert caught.value.errors == errors
    return errors


def paths(errors: list[str]) -> list[str]:
    return [line.split(": ", 1)[0] for line in errors]


def problem_paths(problems: list[dict]) -> list[str]:
    """The paths of score_json's structured errors, each checked to be {path, label, message[, related]}
    and to be the same problem as the command line's line for it."""
    for found in problems:
        assert {"path", "label", "message", "code"} <= set(found) <= {"path", "label", "message", "code", "related"}, (
            found
        )
        assert all(isinstance(found[key], str) for key in ("path", "label", "message")), found
        assert found["label"] and re.search(r"[\u4e00-\u9fffA-Z]", found["message"]), found
    return [found["path"] for found in problems]


# ------------------------------------------------------------------ valid input


def test_valid_input_has_no_errors_and_a_full_result():
    assert calculator.validate(BASE) == []
    result = calculator.score(BASE)
    assert result["total"] == 80.41
    assert result["eligible"] is True
    for item in result["items"]:
        assert set(item) >= {"id", "label", "points", "detail", "source"}
        assert item["label"] and item["detail"] and item["source"]
    for condition in result["eligibility"]:
        assert set(condition) >= {"id", "label", "met", "detail"}


def test_integral_floats_are_accepted_as_integers():
    data = make(application_year=2025.0, social_insurance={"months": 150.0}, detentions=0.0)
    assert calculator.validate(data) == []
    assert calculator.score(data)["total"] == 80.41


def test_input_is_not_modified():
    data = make()
    before = json.dumps(data, sort_keys=True)
    calculator.score(data)
    assert json.dumps(data, sort_keys=True) == before


# ------------------------------------------------------------------ every problem at once


def test_every_problem_is_reported_at_once_each_line_starting_with_its_path():
    data = {
        "application_year": 2017,
        "birth_date": "1988/03/15",
        "sex": "man",
        "retirement_group": "boss",
        "residence_permit": "yes",
        "criminal_record": 0,
        "social_insurance": {"months": -1, "continuous_months": "x", "backpay_months": 1.5},
        "housing": {"owned_months": -2, "rented_months": None},
        "education": {
            "level": "phd",
            "certificates": "some",
            "deduction_owned_months": -1,
            "deduction_rented_months": [],
            "deduction_si_only_months": {},
        },
        "job_residence": {"live_and_work_months": -1, "live_only_months": "1", "living_there_at_cutoff": 1},
        "innovation": {"type": "prize"},
        "tax_qualifying_years": 7,
        "honours": "no",
        "detentions": -3,
        "nickname": "小王",
    }
    errors = errors_of(data)
    assert all(PATH_LINE.match(line) for line in errors), errors
    assert set(paths(errors)) == {
        "application_year",
        "birth_date",
        "sex",
        "retirement_group",
        "residence_permit",
        "criminal_record",
        "social_insurance.months",
        "social_insurance.continuous_months",
        "social_insurance.backpay_months",
        "housing.owned_months",
        "housing.rented_months",
        "education.level",
        "education.certificates",
        "education.deduction_owned_months",
        "education.deduction_rented_months",
        "education.deduction_si_only_months",
        "job_residence.live_and_work_months",
        "job_residence.live_only_months",
        "job_residence.living_there_at_cutoff",
        "innovation.type",
        "tax_qualifying_years",
        "honours",
        "detentions",
        "nickname",
    }
    # Chinese messages
    assert all(re.search(r"[\u4e00-\u9fff]", line) for line in errors)


@pytest.mark.parametrize(
    "missing,path",
    [
        ("application_year", "application_year"),
        ("birth_date", "birth_date"),
        ("sex", "sex"),
        ("social_insurance", "social_insurance"),
    ],
)
def test_required_fields(missing, path):
    data = make()
    del data[missing]
    errors = errors_of(data)
    assert paths(errors) == [path]


def test_social_insurance_months_is_required():
    data = make()
    del data["social_insurance"]["months"]
    del data["social_insurance"]["continuous_months"]
    assert paths(errors_of(data)) == ["social_insurance.months"]


def test_optional_fields_take_their_defaults():
    minimal = {
        "application_year": 2025,
        "birth_date": "1988-03-15",
        "sex": "female",
        "social_insurance": {"months": 150},
    }
    full = make(housing={"owned_months": 0, "rented_months": 0}, education={"level": "none"})
    assert calculator.score(minimal) == calculator.score(full)


@pytest.mark.parametrize(
    "where,key",
    [
        ((), "foo"),
        (("social_insurance",), "monthz"),
        (("housing",), "district"),
        (("education",), "school"),
        (("job_residence",), "district"),
        (("innovation",), "name"),
    ],
)
def test_unknown_fields_are_errors(where, key):
    data = make()
    target = data
    for part in where:
        target = target[part]
    target[key] = 1
    errors = errors_of(data)
    assert paths(errors) == [".".join(where + (key,))]


def test_innovation_fields_that_the_type_does_not_use():
    assert paths(errors_of(make(innovation={"type": "none", "points": 12}))) == ["innovation.points"]
    assert paths(errors_of(make(innovation={"type": "equity", "financing_10k_yuan": 600, "points": 2}))) == [
        "innovation.points"
    ]
    assert paths(errors_of(make(innovation={"type": "award"}))) == ["innovation.points"]
    assert paths(errors_of(make(innovation={"type": "equity"}))) == ["innovation.financing_10k_yuan"]
    for bad in (-1, "600", True, float("inf"), float("nan"), [600], {}):
        assert paths(errors_of(make(innovation={"type": "equity", "financing_10k_yuan": bad}))) == [
            "innovation.financing_10k_yuan"
        ]


@pytest.mark.parametrize(
    "innovation,path",
    [
        ({"type": "equity", "financing_10k_yuan": None}, "innovation.financing_10k_yuan"),
        ({"type": "award", "points": None}, "innovation.points"),
        ({"type": "competition", "points": None}, "innovation.points"),
    ],
)
def test_innovation_null_values_are_errors(innovation, path):
    """null is not a number: like every other field, it must be reported, not read as 0 points."""
    assert paths(errors_of(make(innovation=innovation))) == [path]


@pytest.mark.parametrize(
    "value",
    [
        "1988-3-15",
        "1988/03/15",
        "19880315",
        "1988-02-30",
        "1988-13-01",
        "88-03-15",
        "",
        " 1988-03-15",
        "1988-03-15T00:00",
        19880315,
        None,
        True,
        ["1988-03-15"],
        "1988-W10-3",  # ISO week date: not the YYYY-MM-DD of an ID card
        "１９８８-03-15",
        "١٩٨٨-٠٣-١٥",
        "1988-03-15\n",  # non-ASCII digits, a trailing newline
        "1899-12-31",  # before 1900
        "2024-12-31",  # the cut-off day itself (Y=2025): not born before the cut-off
        "2030-01-01",
    ],
)
def test_birth_date_must_be_yyyy_mm_dd_before_the_cutoff(value):
    assert paths(errors_of(make(birth_date=value))) == ["birth_date"]


def test_birth_date_the_day_before_the_cutoff_is_valid():
    assert (
        calculator.validate(
            make(
                birth_date="2024-12-30",
                social_insurance={"months": 0, "continuous_months": 0},
                housing={"owned_months": 0, "rented_months": 0},
            )
        )
        == []
    )


@pytest.mark.parametrize(
    "field,value",
    [
        ("application_year", "2025"),
        ("application_year", True),
        ("application_year", 2025.5),
        ("sex", "MALE"),
        ("sex", None),
        ("retirement_group", "manager"),
        ("residence_permit", 1),
        ("residence_permit", None),
        ("criminal_record", "false"),
        ("honours", 1),
    ],
)
def test_wrong_types_and_values(field, value):
    assert paths(errors_of(_with(field, value))) == [field]


def _with(field, value):
    data = make()
    data[field] = value
    return data


@pytest.mark.parametrize("field", ["social_insurance", "housing", "education", "job_residence", "innovation"])
@pytest.mark.parametrize("value", [None, [], "x", 3])
def test_objects_must_be_objects(field, value):
    assert paths(errors_of(_with(field, value))) == [field]


@pytest.mark.parametrize("value", [None, [], "x", 3, True, 1.5])
def test_input_must_be_an_object(value):
    errors = errors_of(value)
    assert len(errors) == 1 and errors[0].startswith("输入: ")


# ------------------------------------------------------------------ period bounds and contradictions (named by object)


def test_month_counts_cannot_exceed_their_period():
    assert paths(errors_of(make(social_insurance={"months": 319, "continuous_months": 150}))) == [
        "social_insurance.months"
    ]
    assert paths(errors_of(make(housing={"owned_months": 200, "rented_months": 119}))) == ["housing"]
    assert calculator.validate(make(housing={"owned_months": 200, "rented_months": 118})) == []
    data = make(
        social_insurance={"months": 200},
        housing={"owned_months": 200, "rented_months": 0},
        job_residence={"live_and_work_months": 50, "live_only_months": 35},
    )
    assert paths(errors_of(data)) == ["job_residence"]
    # continuous months cannot exceed the months lived up to the cut-off
    assert paths(
        errors_of(make(birth_date="2010-06-15", social_insurance={"months": 100, "continuous_months": 200}))
    ) == ["social_insurance.continuous_months"]


@pytest.mark.parametrize(
    "changes,path",
    [
        # job_residence months together > housing.owned_months
        (
            dict(
                housing={"owned_months": 20, "rented_months": 0},
                job_residence={"live_and_work_months": 12, "live_only_months": 9},
            ),
            "job_residence",
        ),
        # deduction_owned_months > housing.owned_months
        (dict(education={"level": "bachelor", "deduction_owned_months": 41}), "education"),
        # deduction_rented_months > housing.rented_months
        (
            dict(
                housing={"owned_months": 40, "rented_months": 10},
                education={"level": "bachelor", "deduction_rented_months": 11},
            ),
            "education",
        ),
        # all deduction months together > social_insurance.months
        (
            dict(
                social_insurance={"months": 20, "continuous_months": 100},
                housing={"owned_months": 0, "rented_months": 0},
                education={"level": "bachelor", "deduction_si_only_months": 21},
            ),
            "education",
        ),
        # back-pay months more than the continuous record
        (dict(social_insurance={"months": 100, "continuous_months": 3, "backpay_months": 4}), "social_insurance"),
    ],
)
def test_contradictions_name_the_object(changes, path):
    errors = errors_of(make(**changes))
    assert len(errors) == 1, errors
    assert paths(errors) == [path]


def test_live_and_work_more_than_insurance_months():
    data = make(
        application_year=2035,
        birth_date="1990-05-05",
        social_insurance={"months": 90, "continuous_months": 90},
        housing={"owned_months": 100, "rented_months": 0},
        job_residence={"live_and_work_months": 91, "live_only_months": 0},
    )
    errors = errors_of(data)
    assert paths(errors) == ["job_residence"]
    assert "social_insurance.months" in errors[0]


def test_several_contradictions_are_all_reported():
    data = make(
        social_insurance={"months": 10, "continuous_months": 100},
        housing={"owned_months": 5, "rented_months": 5},
        education={
            "level": "college",
            "deduction_owned_months": 6,
            "deduction_rented_months": 6,
            "deduction_si_only_months": 0,
        },
        job_residence={"live_and_work_months": 12, "live_only_months": 0},
    )
    errors = errors_of(data)
    assert paths(errors).count("education") == 3  # owned > owned, rented > rented, 12 > 10 insurance months
    assert paths(errors).count("job_residence") == 2  # 12 > owned 5, 12 > insurance 10


# ------------------------------------------------------------------ arrays


def test_score_many_prefixes_the_index_and_reports_every_entry():
    bad_year = make(application_year=2017)
    contradiction = make(
        housing={"owned_months": 5, "rented_months": 0},
        job_residence={"live_and_work_months": 12, "live_only_months": 0},
    )
    with pytest.raises(calculator.InvalidInput) as caught:
        calculator.score_many([make(), bad_year, make(), contradiction, "x"])
    errors = caught.value.errors
    assert paths(errors) == ["[1].application_year", "[3].job_residence", "[4]"]
    assert all(PATH_LINE.match(line) for line in errors[:2])


def test_score_many_returns_results_in_order():
    batch = [make(), make(detentions=1), make(honours=True)]
    assert [r["total"] for r in calculator.score_many(batch)] == [80.41, 50.41, 100.41]
    assert calculator.score_many([]) == []


def test_score_many_needs_a_list():
    with pytest.raises(calculator.InvalidInput):
        calculator.score_many(make())  # type: ignore[arg-type]


# ------------------------------------------------------------------ the JSON entry point (the browser's)


def test_score_json_valid_invalid_and_array():
    ok = json.loads(calculator.score_json(json.dumps(BASE)))
    assert ok == {"ok": True, "result": calculator.score(BASE)}
    bad = json.loads(calculator.score_json(json.dumps(make(sex="x"))))
    assert bad["ok"] is False and problem_paths(bad["errors"]) == ["sex"]
    assert bad["errors"] == calculator.input_errors(make(sex="x"))
    assert bad["errors"][0]["label"] == "性别"
    array = json.loads(calculator.score_json(json.dumps([BASE, BASE])))
    assert array["ok"] is True and [r["total"] for r in array["result"]] == [80.41, 80.41]
    bad_array = json.loads(calculator.score_json(json.dumps([BASE, make(sex="x")])))
    assert problem_paths(bad_array["errors"]) == ["[1].sex"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "{",
        "{'a': 1}",
        "[1,]",
        "{\"a\":1,}",
        "NaN",
        "{\"application_year\": NaN}",
        "Infinity",
        "-Infinity",
        "1 2",
        "\ufeff{}",
        "[" * 100000,
        "{\"a\":" * 50000,
        "1" * 5000,
        "\"\\ud800\"",
        "nul",
        "\x00",
    ],
)
def test_score_json_never_raises_and_answers_json(text):
    answer = json.loads(calculator.score_json(text))
    assert answer["ok"] is False
    assert answer["errors"] and problem_paths(answer["errors"])
    assert not any(
        "Traceback" in found["message"] or (found["path"] == "" and found["label"] == "内部错误")
        for found in answer["errors"]
    )


def test_score_json_answer_is_valid_utf8_even_for_lone_surrogates():
    """A JSON string may spell a lone surrogate (\\ud800). The error line that quotes it must still be text
    that can be encoded (the CLI writes UTF-8; the browser receives a JS string)."""
    text = json.dumps(make(birth_date="\ud800"))  # ASCII JSON with the escape \ud800
    answer = calculator.score_json(text)
    answer.encode("utf-8")  # must not raise UnicodeEncodeError
    assert problem_paths(json.loads(answer)["errors"]) == ["birth_date"]


def test_huge_integers_are_validation_errors_not_exceptions():
    """Python's int->str limit (4300 digits) must not turn a bad value into a ValueError."""
    for field in ("application_year", "detentions", "tax_qualifying_years"):
        errors = errors_of(make(**{field: 10**5000}))
        assert paths(errors) == [field]


def test_a_huge_json_integer_for_the_equity_financing_is_a_result_or_an_error():
    """A 400-digit integer is valid JSON (under Python's 4300-digit limit) but too large for a float."""
    text = json.dumps(make(innovation={"type": "equity", "financing_10k_yuan": 10**400}))
    answer = json.loads(calculator.score_json(text))
    if answer["ok"]:
        assert [i["points"] for i in answer["result"]["items"] if i["id"] == "innovation"] == [6]
    else:
        assert problem_paths(answer["errors"]) == ["innovation.financing_10k_yuan"], answer["errors"]
    done = run_cli("score", "-", stdin=text.encode("ascii"))
    assert b"Traceback" not in done.stderr, done.stderr.decode("utf-8", "replace")[-300:]
    assert done.returncode in (0, 2)


# ------------------------------------------------------------------ the command line


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "calculator", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        env=subprocess_env(),
        timeout=60,
    )


def test_cli_valid_file(tmp_path):
    path = tmp_path / "one.json"
    path.write_text(json.dumps(BASE, ensure_ascii=False), encoding="utf-8")
    done = run_cli("score", str(path))
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert done.stderr == b""
    text = done.stdout.decode("utf-8")
    assert "合法稳定就业" in text  # UTF-8, not ASCII-escaped
    assert json.loads(text) == calculator.score(BASE)


def test_cli_invalid_file(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(make(sex="x", detentions=-1, foo=1)), encoding="utf-8")
    done = run_cli("score", str(path))
    assert done.returncode == 2
    assert done.stdout == b""
    lines = done.stderr.decode("utf-8").splitlines()
    assert sorted(paths(lines)) == ["detentions", "foo", "sex"]
    assert all(PATH_LINE.match(line) for line in lines)


def test_cli_array_file(tmp_path):
    path = tmp_path / "many.json"
    path.write_text(json.dumps([BASE, make(honours=True)]), encoding="utf-8")
    done = run_cli("score", str(path))
    assert done.returncode == 0
    assert [r["total"] for r in json.loads(done.stdout.decode("utf-8"))] == [80.41, 100.41]
    path.write_text(json.dumps([BASE, BASE, BASE, make(birth_date="x")]), encoding="utf-8")
    done = run_cli("score", str(path))
    assert done.returncode == 2 and done.stdout == b""
    assert done.stderr.decode("utf-8").splitlines()[0].startswith("[3].birth_date: ")


def test_cli_stdin():
    done = run_cli("score", "-", stdin=json.dumps(BASE, ensure_ascii=False).encode("utf-8"))
    assert done.returncode == 0
    assert json.loads(done.stdout.decode("utf-8"))["total"] == 80.41
    done = run_cli("score", "-", stdin=b"{not json")
    assert done.returncode == 2 and done.stdout == b""
    assert done.stderr.decode("utf-8").startswith("JSON: ")


@pytest.mark.parametrize("args", [(), ("score",), ("run", "x.json"), ("score", "a.json", "b.json")])
def test_cli_usage_errors(args):
    done = run_cli(*args)
    assert done.returncode == 2 and done.stdout == b""
    assert b"Traceback" not in done.stderr


def test_cli_unreadable_path(tmp_path):
    for path in (tmp_path / "missing.json", tmp_path):
        done = run_cli("score", str(path))
        assert done.returncode == 2 and done.stdout == b""
        assert b"Traceback" not in done.stderr and done.stderr.startswith(b"PATH: ")
    binary = tmp_path / "latin1.json"
    binary.write_bytes(b'{"sex": "\xe9"}')
    done = run_cli("score", str(binary))
    assert done.returncode == 2 and b"Traceback" not in done.stderr


def test_cli_lone_surrogate_is_an_input_error_not_a_traceback():
    done = run_cli("score", "-", stdin=json.dumps(make(birth_date="\ud800")).encode("ascii"))
    assert b"Traceback" not in done.stderr, done.stderr.decode("utf-8", "replace")[-300:]
    assert done.returncode == 2 and done.stdout == b""
    assert done.stderr.decode("utf-8", "replace").startswith("birth_date: ")


# ------------------------------------------------------------------ hostile JSON (issue 22)
HOSTILE_JSON = {
    "deep objects": '{"a":' * 2000 + "1" + "}" * 2000,
    "deep arrays": "[" * 2000 + "]" * 2000,
    "deep inside a batch": "[" + '{"a":' * 40 + "1" + "}" * 40 + "]",
    "huge integer": '{"application_year": 2025, "social_insurance": {"months": ' + "9" * 4400 + "}}",
    "brackets inside strings only": json.dumps([{"note": "[" * 500}]),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_JSON))
def test_hostile_json_gets_the_same_chinese_answer_from_the_cli_and_score_json(name):
    text = HOSTILE_JSON[name]
    answer = json.loads(calculator.score_json(text))
    assert answer["ok"] is False
    proc = run_cli("score", "-", stdin=text.encode("utf-8"))
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr
    lines = proc.stderr.decode("utf-8").strip().splitlines()
    assert len(lines) == len(answer["errors"])
    for line, error in zip(lines, answer["errors"]):
        assert error["message"] in line
    if name.startswith("deep"):
        assert "嵌套层数过多" in answer["errors"][0]["message"]
    if name == "brackets inside strings only":
        assert all("嵌套" not in e["message"] for e in answer["errors"])


def test_score_json_accepts_a_leading_bom_as_the_cli_does():
    text = json.dumps(BASE, ensure_ascii=False)
    assert json.loads(calculator.score_json("\ufeff" + text)) == json.loads(calculator.score_json(text))


def test_unknown_keys_are_named_up_to_ten_and_the_rest_counted():
    """Issue 22: a file of 100,000 stray keys gets a readable answer, the same from the CLI's API and score_json."""
    data = {**BASE, **{f"stray{n}": n for n in range(100_000)}}
    errors = calculator.input_errors(data)
    assert len(errors) == 11 and errors[-1]["message"] == "另有99990个未知字段未列出"
    answer = json.loads(calculator.score_json(json.dumps(data)))
    assert answer["errors"] == errors
