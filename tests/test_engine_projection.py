"""The projection (CONTRACT 4b): every later year's total is the engine's own score of that
year's carried-forward input, the carrying-forward is the one stated, and the cut-off range
comes from the verified history only."""

from __future__ import annotations

import copy
import json
import sys
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from engine_helpers import ROOT, dec, load_golden, make  # noqa: E402
from projection_helpers import band as expected_band  # noqa: E402
from projection_helpers import carried_forward, extended, known_rows, later_input

import calculator
from calculator import history, projection
from calculator.rules import RULES

LAST = RULES["application_years"]["last"]
GOLDEN = load_golden()


def projected(applicant: dict) -> dict:
    return calculator.score(applicant, projection=True)["projection"]


@pytest.mark.parametrize("name,case", GOLDEN, ids=[name for name, _ in GOLDEN])
def test_every_row_is_the_engine_score_of_its_input(name, case):
    applicant = case["input"]
    plan = projected(applicant)
    year = applicant["application_year"]
    rows = plan["years"]
    assert [r["application_year"] for r in rows] == list(range(year + 1, year + 1 + len(rows)))
    if not plan["stopped"]:
        assert len(rows) == min(projection.HORIZON, LAST - year)
    for row in rows:
        direct = calculator.score(row["input"])  # what `python -m calculator score` prints for it
        assert row["input"]["application_year"] == row["application_year"]
        assert dec(row["total"]) == dec(direct["total"])
        assert row["eligible"] == direct["eligible"]
        assert row["input"] == later_input(applicant, row["application_year"])


def test_the_cli_gives_the_row_totals_to_the_cent(tmp_path):
    import subprocess

    from engine_helpers import subprocess_env

    plan = projected(make(application_year=2024))
    inputs = [row["input"] for row in plan["years"]]
    path = tmp_path / "rows.json"
    path.write_text(json.dumps(inputs, ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "calculator", "score", str(path)],
        cwd=ROOT,
        capture_output=True,
        env=subprocess_env(),
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    printed = json.loads(proc.stdout.decode("utf-8"))
    assert [dec(r["total"]) for r in printed] == [dec(row["total"]) for row in plan["years"]]
    assert len(printed) == 10  # 2025..2034


def test_at_least_five_years_and_the_rules_last_year():
    assert [r["application_year"] for r in projected(make(application_year=2025))["years"]] == list(range(2026, 2036))
    assert [r["application_year"] for r in projected(make(application_year=LAST - 2))["years"]] == [LAST - 1, LAST]
    assert projected(make(application_year=LAST))["years"] == []


def test_the_rows_stop_where_the_retirement_age_is_reached():
    # a man born 1967-05: 60 (+ the reform's months) in 2027 or 2028; the row before stays
    applicant = make(application_year=2025, birth_date="1967-05-10", sex="male")
    plan = projected(applicant)
    last_row = plan["years"][-1]["application_year"]
    assert last_row < 2030
    after = carried_forward(applicant, last_row + 1 - 2025)
    conditions = {c["id"]: c["met"] for c in calculator.score(after)["eligibility"]}
    assert conditions["retirement_age"] is False
    assert plan["stopped"] == f"{last_row + 1}年申报时已达到法定退休年龄，不能再申报"
    assert plan["first_likely_year"] is None and plan["stopped"] in plan["conclusion"]


def test_the_band_starts_from_the_latest_known_year_whatever_its_status():
    rows = known_rows()
    plan = projected(make(application_year=2025))
    for row in plan["years"]:
        assert (dec(row["cutoff_low"]), dec(row["cutoff_high"])) == expected_band(row["application_year"])
        assert row["cutoff_basis"] == "estimate"
    # a known year is its own value, the current year included, with its status
    status = {c.year: c.verified for c in history.cutoffs()}
    plan = projected(
        make(
            application_year=2021,
            social_insurance={"months": 120, "continuous_months": 120},
            housing={"owned_months": 40, "rented_months": 80},
        )
    )
    known = {year: score for year, score, _ in rows}
    for row in [plan["current"]] + plan["years"]:
        if row["application_year"] in known:
            assert dec(row["cutoff_low"]) == dec(row["cutoff_high"]) == known[row["application_year"]]
            assert row["cutoff_basis"] == ("verified" if status[row["application_year"]] else "unverified")
    assert [b["year"] for b in plan["cutoff_basis"]] == [year for year, _, _ in rows]
    for basis in plan["cutoff_basis"]:
        assert basis["status"] == ("已核实" if status[basis["year"]] else "非官方数字，未核实")
        assert basis["verified"] or basis["source"]  # an unverified figure always names its source


def test_an_unverified_latest_year_moves_the_band_and_is_named_so():
    rows = history.read_csv(str(ROOT / "policy" / "history.csv"))
    latest = max(rows, key=lambda r: int(r["year"]))
    added = dict(
        latest,
        year=str(int(latest["year"]) + 1),
        status="unverified",
        source_zh="测试来源",
        lowest_admitted_score=str(Decimal(latest["lowest_admitted_score"]) + 3),
    )
    real, grown = projection.CutoffBand(history.parse(rows)), projection.CutoffBand(history.parse(rows + [added]))
    year = int(added["year"])
    assert grown.range(year)[:2] == (Decimal(added["lowest_admitted_score"]),) * 2
    assert grown.range(year)[2] == "unverified" and real.range(year)[2] == "estimate"
    assert f"{year}年的{added['lowest_admitted_score']}分（非官方数字，未核实）" in grown.method()


def test_the_method_is_stated_with_its_figures():
    rows = known_rows()
    steps = [b[1] - a[1] for a, b in zip(rows, rows[1:]) if b[0] == a[0] + 1 and a[2] == b[2]]
    method = projected(make())["cutoff_method"]
    assert f"最小{min(steps)}分" in method and f"最大{max(steps)}分" in method
    assert f"{rows[-1][0]}年的{rows[-1][1]}分" in method and ("非官方数字，未核实" in method) == any(
        not c.verified for c in history.cutoffs()
    )


def test_first_likely_year_is_the_first_row_in_the_upper_half_of_the_band():
    strong = make(
        application_year=2024,
        social_insurance={"months": 200, "continuous_months": 200},
        housing={"owned_months": 200, "rented_months": 0},
        education={"level": "master"},
    )
    plan = projected(strong)
    rows = [plan["current"]] + plan["years"]
    middle = [(dec(r["cutoff_low"]) + dec(r["cutoff_high"])) / 2 for r in rows]
    expected = next(r["application_year"] for r, m in zip(rows, middle) if r["eligible"] and dec(r["total"]) >= m)
    assert expected > plan["current"]["application_year"]
    assert plan["first_likely_year"] == expected
    assert str(expected) in plan["conclusion"]
    possible = next(r["application_year"] for r in rows if r["eligible"] and dec(r["total"]) >= dec(r["cutoff_low"]))
    assert plan["first_possible_year"] == possible
    assert plan["first_likely_text"] == f"{expected}年"  # the scenarios table's cell


def test_not_within_the_horizon_says_why():
    # 44 on 2026-01-01: the age line falls from 2029 on, while the band keeps rising
    plan = projected(make(application_year=2026, birth_date="1981-06-01", sex="male"))
    assert plan["first_likely_year"] is None
    assert any(reason.startswith("2029年起年龄指标开始减少") for reason in plan["reasons"])
    assert f"未来{len(plan['years'])}年内" in plan["conclusion"]
    n = plan["within_years"]
    assert plan["first_likely_text"] == (
        f"{n}年内难以确定（{plan['first_possible_year']}年起有机会）"
        if plan["first_possible_year"]
        else f"{n}年内难以达到"
    )
    ages = [calculator.score(r["input"])["items"][7]["points"] for r in plan["years"]]
    assert ages[:3] == [20, 20, 16]


def test_count_mode_states_what_it_adds():
    plan = projected(
        make(
            housing={"owned_months": 0, "rented_months": 100},
            job_residence={"live_and_work_months": 0, "live_only_months": 0},
        )
    )
    assert plan["mode"] == "counts"
    assert plan["assumptions"][0].startswith("每年再正常缴纳12个月社会保险")
    assert any("租赁住所" in line for line in plan["assumptions"])
    moved = make(
        housing={"owned_months": 60, "rented_months": 0},
        job_residence={"live_and_work_months": 24, "live_only_months": 0, "living_there_at_cutoff": False},
    )
    plan = projected(moved)
    assert not any("城六区以外" in line for line in plan["assumptions"])
    assert plan["years"][0]["input"]["job_residence"]["live_and_work_months"] == 24


def test_advice_next_year_is_the_first_row():
    result = calculator.score(make(), advice=True, projection=True)
    first, advice = result["projection"]["years"][0], result["advice"]["next_year"]
    assert (advice["application_year"], advice["total"], advice["change"]) == (
        first["application_year"],
        first["total"],
        first["change"],
    )
    assert advice["assumptions"] == result["projection"]["assumptions"]


def test_score_json_carries_the_projection_only_when_asked():
    text = json.dumps(make())
    assert "projection" not in json.loads(calculator.score_json(text))["result"]
    answer = json.loads(calculator.score_json(text, False, True))
    assert answer["ok"] and answer["result"]["projection"]["years"]
    assert "advice" not in answer["result"]


# ---------------------------------------------------------------- records mode (CONTRACT 2b)
RECORDS_EXAMPLE = json.loads(
    (ROOT / "tests" / "golden" / "43-records-contract-example.json").read_text(encoding="utf-8")
)["input"]  # CONTRACT.md 2b's example


def test_records_mode_rows_are_the_engine_scores_of_the_extended_records():
    plan = projected(RECORDS_EXAMPLE)
    assert plan["mode"] == "records" and plan["stopped"] is None
    assert [r["application_year"] for r in plan["years"]] == list(range(2025, 2035))
    for row in plan["years"]:
        assert row["input"] == extended(RECORDS_EXAMPLE, row["application_year"])
        direct = calculator.score(row["input"])
        assert dec(row["total"]) == dec(direct["total"]) and row["eligible"] == direct["eligible"]
    # the records went on: 12 more normal months and 12 more rented months a year
    first, second = (calculator.score(r["input"])["derived"] for r in plan["years"][:2])
    assert second["social_insurance"]["months"] - first["social_insurance"]["months"] == 12
    assert second["housing"]["rented_months"] - first["housing"]["rented_months"] == 12
    assert any("社会保险记录第3条" in line and "住所记录第2条" in line for line in plan["assumptions"])


def test_records_that_ended_stay_ended():
    ended = copy.deepcopy(RECORDS_EXAMPLE)
    ended["records"]["social_insurance"][2]["to"] = "2022-06"  # stopped paying before the cut-off 2023-12
    ended["records"]["housing"][1]["to"] = "2022-06"
    plan = projected(ended)
    assert all(row["input"]["records"] == ended["records"] for row in plan["years"])
    assert plan["assumptions"][0].startswith("没有记录延续到2023年12月")
    # continuity broken: not eligible in any later year, and the conclusion says so
    assert not any(row["eligible"] for row in plan["years"])
    assert any(reason.startswith("资格条件不满足") for reason in plan["reasons"])


def test_a_home_that_goes_on_stops_before_the_next_home_starts():
    moving = copy.deepcopy(RECORDS_EXAMPLE)
    moving["application_year"] = 2025
    moving["records"]["housing"][1]["to"] = "2024-12"  # renting at the cut-off 2024-12 ...
    moving["records"]["housing"].append({"from": "2025-06", "to": "2040-12", "kind": "owned", "district": "outer"})
    plan = projected(moving)  # ... and a home bought (with its date) from 2025-06
    assert plan["stopped"] is None
    rows = plan["years"]
    assert [r["input"]["records"]["housing"][1]["to"] for r in rows[:2]] == ["2025-05", "2025-05"]
    for row in rows:
        assert dec(row["total"]) == dec(calculator.score(row["input"])["total"])
    assert calculator.score(rows[1]["input"])["derived"]["job_residence"]["living_there_at_cutoff"] is True


@pytest.mark.parametrize("case", ["43-records-contract-example.json", "01-contract-example.json"])
def test_a_whole_float_year_gives_the_same_answer_as_the_integer(case):
    # found by a differential run: records mode read the raw 2024.0 and raised TypeError
    applicant = json.loads((ROOT / "tests" / "golden" / case).read_text(encoding="utf-8"))["input"]
    as_float = dict(applicant, application_year=float(applicant["application_year"]))
    assert calculator.score(as_float, advice=True, projection=True) == calculator.score(
        applicant, advice=True, projection=True
    )


@pytest.mark.parametrize("name,case", load_golden()[:12], ids=[name for name, _ in load_golden()[:12]])
def test_each_row_says_its_verdict_and_cut_off_in_words(name, case):
    """Issue 18: the page lays out the engine's words; the words follow the row's own numbers."""
    result = calculator.score(case["input"], projection=True)["projection"]
    for row in [result["current"], *result["years"]]:
        if not row["eligible"]:
            assert row["verdict"] == "不能申报（不满足：" + "、".join(row["unmet"]) + "）"
        elif row["cutoff_low"] is None:
            assert row["verdict"] == "—" and row["cutoff_text"] == "—"
        else:
            low, high, total = dec(row["cutoff_low"]), dec(row["cutoff_high"]), dec(row["total"])
            expected = "多半能达到" if total >= (low + high) / 2 else "有机会" if total >= low else "难以达到"
            assert row["verdict"] == expected
            if row["cutoff_basis"] == "estimate":
                assert row["cutoff_text"] == f"{low:.2f}～{high:.2f}"
            else:
                assert row["cutoff_text"].startswith(f"{low:.2f}（") and ("未核实" in row["cutoff_text"]) == (
                    row["cutoff_basis"] == "unverified"
                )
