"""A year in one row (issue 19): a row added to a copy of policy/history.csv reaches the home page,
the history page, the calculator's year list and gap line, and the projection's band."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from tests.conftest import build_site
from tests.html_tools import main_content, parse, squash

ROOT = Path(__file__).resolve().parent.parent


def _new_row(tmp_path: Path) -> tuple[Path, dict]:
    from calculator.history import COLUMNS, read_csv

    rows = read_csv(str(ROOT / "policy" / "history.csv"))
    latest = max(rows, key=lambda r: int(r["year"]))
    year = int(latest["year"]) + 1
    row = dict(
        latest,
        year=str(year),
        status="unverified",
        people_admitted="6010",
        source_zh="测试用的来源",
        lowest_admitted_score=str(Decimal(latest["lowest_admitted_score"]) + Decimal("2.22")),
    )
    path = tmp_path / "history.csv"
    import csv

    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows + [row])
    return path, row


def test_a_row_added_to_history_csv_reaches_every_page_and_the_projection(tmp_path):
    path, row = _new_row(tmp_path)
    site = tmp_path / "site"
    build = build_site(site, CALCULATOR_HISTORY_CSV=str(path))
    assert build.returncode == 0, build.stderr[-3000:]
    year, score = row["year"], row["lowest_admitted_score"]

    home = squash(main_content(parse(site / "index.html")).text())
    assert f"已知最新的是{year}年度：最低落户分值{score}分" in home and "测试用的来源" in home

    history_page = parse(site / "history" / "index.html")
    unverified = [d for d in history_page.find_all(cls="history-table") if d.attrs["data-history"] == "unverified"][0]
    assert f"{year}" in unverified.text() and f"{score}（未核实）" in unverified.text()
    assert f"{year}年{score}分（未核实）" in history_page.find_all("svg", cls="history-chart")[0].text()

    calc = parse(site / "calculator" / "index.html")
    data = json.loads(
        [n for n in calc.iter() if n.tag == "script" and n.attrs.get("id") == "calculator-data"][0].text()
    )
    assert data["history"][-1] == {
        "year": int(year),
        "score": float(score),
        "text": score,
        "admitted": 6010,
        "rules": "2020年办法",
        "verified": False,
        "status": "非官方数字，未核实",
        "source": "测试用的来源",
    }
    gap = [n for n in calc.iter() if n.attrs.get("data-testid") == "gap"][0]
    assert f"与{year}年最低落户分值{score}分" in gap.text()

    # the engine (the CLI, as any user runs it) starts its band from the new year
    applicant = {
        "application_year": int(year) - 1,
        "birth_date": "1990-01-01",
        "sex": "male",
        "residence_permit": True,
        "social_insurance": {"months": 120},
    }
    code = (
        "import json, sys, calculator; r = calculator.score(json.load(sys.stdin), projection=True)['projection'];"
        "print(json.dumps([r['years'][0], r['cutoff_basis'][-1], r['cutoff_method']], ensure_ascii=False))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=dict(os.environ, CALCULATOR_HISTORY_CSV=str(path)),
        input=json.dumps(applicant),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    first, basis, method = json.loads(out)
    assert first["application_year"] == int(year) and first["cutoff_basis"] == "unverified"
    assert Decimal(str(first["cutoff_low"])) == Decimal(score) and basis["year"] == int(year)
    assert (
        f"{year}年的{float(score):g}分（非官方数字，未核实）" in method
        or f"{year}年的{score}分（非官方数字，未核实）" in method
    )
