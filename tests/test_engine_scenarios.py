"""Why two what-if scenarios score the same total (calculator/scenarios.py): the sentence the
calculator's comparison table shows, from the engine's own results."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from engine_helpers import make  # noqa: E402

import calculator
from calculator.scenarios import why_same


def scenario(name: str, applicant: dict, projection: bool = False) -> dict:
    return {"name": name, "applicant": applicant, "result": calculator.score(applicant, projection=projection)}


def test_the_same_input_says_so():
    a = make()
    text = why_same(scenario("方案1", a), scenario("方案2", dict(a)), [])
    total = calculator.score(a)["total"]
    assert text == f"“方案1”和“方案2”的总分相同（{total:.2f}分）：两个方案的填写内容相同。"


def test_lines_that_move_in_opposite_directions_cancel_out():
    a = make(social_insurance={"months": 100}, housing={"owned_months": 0, "rented_months": 0})
    b = make(social_insurance={"months": 96}, housing={"owned_months": 12, "rented_months": 0})
    first, second = scenario("现在", a), scenario("买房", b)
    assert first["result"]["total"] == second["result"]["total"]
    text = why_same(first, second, ["social_insurance.months", "housing.owned_months"])
    assert "合法稳定就业“买房”低1分，合法稳定住所“买房”高1分，相互抵消" in text, text


def test_a_cap_that_holds_both_names_the_points_each_would_get():
    job = {"live_and_work_months": 60, "live_only_months": 0, "living_there_at_cutoff": True}  # 5 years × 3
    more = dict(job, live_and_work_months=84)  # 7 years × 3: both over the cap of 12
    home = {"owned_months": 100, "rented_months": 0}
    first = scenario("方案1", make(job_residence=job, housing=home))
    second = scenario("方案2", make(job_residence=more, housing=home))
    x = next(i for i in first["result"]["items"] if i["id"] == "job_residence")
    y = next(i for i in second["result"]["items"] if i["id"] == "job_residence")
    assert x["capped"] and y["capped"] and x["points"] == y["points"]
    text = why_same(first, second, ["job_residence.live_and_work_months"])
    assert (
        f"职住区域：按填写，“方案1”应得{x['capped']['uncapped']}分、“方案2”应得{y['capped']['uncapped']}分，"
        f"都超过上限{x['capped']['cap']}分，都按{x['points']}分计"
    ) in text, text


def test_a_difference_that_only_shows_in_a_later_year_names_that_year():
    a, b = make(birth_date="1989-05-01"), make(birth_date="1986-05-01")
    first, second = scenario("方案1", a, projection=True), scenario("方案3", b, projection=True)
    assert first["result"]["total"] == second["result"]["total"]
    year, x, y = next(
        (p["application_year"], p["total"], q["total"])
        for p, q in zip(first["result"]["projection"]["years"], second["result"]["projection"]["years"])
        if p["total"] != q["total"]
    )
    assert why_same(first, second, ["birth_date"]) == (
        f"“方案1”和“方案3”的总分相同（{first['result']['total']:.2f}分）：填写的不同之处没有改变这一年度的任何一项分值。"
        f"以后的年度不同：{year}年申报时“方案1”{x:.2f}分、“方案3”{y:.2f}分。"
    )


def test_a_planned_record_is_named_with_its_start():
    records = {
        "social_insurance": [{"from": "2012-01", "to": "2024-12"}],
        "housing": [{"from": "2014-05", "to": "2024-12", "kind": "owned", "district": "central"}],
    }
    base = {"application_year": 2025, "birth_date": "1988-03-15", "sex": "male", "records": records}
    plan = json.loads(json.dumps(base))
    plan["records"]["housing"].append({"from": "2027-01", "to": "2030-12", "kind": "owned", "district": "outer"})
    first, second = scenario("方案1", base), scenario("方案2", plan)
    assert first["result"]["total"] == second["result"]["total"]
    assert "住房记录第2条（“方案2”，2027-01起），在计算截止月2024-12以后才开始，这一年度不计分" in why_same(
        first, second, ["records.housing[1]"]
    )


def test_the_browsers_entry_answers_every_pair_and_never_raises():
    a = scenario("方案1", make())
    answer = json.loads(calculator.why_same_json(json.dumps([{"first": a, "second": a, "differences": []}] * 2)))
    assert answer["ok"] is True and len(answer["sentences"]) == 2
    for bad in ("", "[{}]", "{", "[1]"):
        answer = json.loads(calculator.why_same_json(bad))
        assert answer["ok"] is False and answer["errors"][0].startswith("方案比较: "), bad
