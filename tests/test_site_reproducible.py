"""Reproducible builds: the same sources give the same site/, byte for byte (the engine wheel, the
sitemap and its .gz, the search index, every page), whatever folder they are built in and
whatever hash seed Python picks. `make repro` does the same with two clean clones of HEAD."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from build_tools import reproducible

ROOT = Path(__file__).resolve().parent.parent


def test_a_second_build_elsewhere_is_byte_identical(built_site, tmp_path):
    checkout = reproducible.working_tree_copy(tmp_path / "checkout")
    assert (checkout / "mkdocs.yml").is_file() and not (checkout / ".venv").exists()
    # the session's build dated itself by the last commit; a copy without .git is told the same date
    epoch = reproducible.commit_time(ROOT)
    assert epoch is not None
    reproducible.build_checkout(
        checkout, tmp_path / "site", env={"SOURCE_DATE_EPOCH": str(epoch), "PYTHONHASHSEED": "12345"}
    )
    first, second = reproducible.tree_digest(built_site), reproducible.tree_digest(tmp_path / "site")
    for name in ("sitemap.xml", "sitemap.xml.gz", "search/search_index.json", "calculator/index.html", "_headers"):
        assert name in first, name
    assert any(p.startswith("assets/engine/calculator-") and p.endswith(".whl") for p in first)
    assert reproducible.differences(first, second) == []


def test_differences_are_reported(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("1")
    (tmp_path / "a" / "y.txt").write_text("same")
    one = reproducible.tree_digest(tmp_path / "a")
    (tmp_path / "a" / "x.txt").write_text("2")
    (tmp_path / "a" / "z.txt").write_text("new")
    two = reproducible.tree_digest(tmp_path / "a")
    assert reproducible.differences(one, two) == ["only in the second build: z.txt", "different bytes: x.txt"]


def test_the_build_date_comes_from_the_last_commit_unless_given():
    code = (
        "import os; os.environ.pop('SOURCE_DATE_EPOCH', None);"
        "from build_tools import reproducible as r; print(r.ensure_source_date_epoch(), r.build_date())"
    )
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    epoch, day = out.stdout.split()
    assert int(epoch) == reproducible.commit_time(ROOT)
    given = subprocess.run(
        [
            sys.executable,
            "-c",
            code.replace("os.environ.pop('SOURCE_DATE_EPOCH', None)", "os.environ['SOURCE_DATE_EPOCH'] = '1700000000'"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert given == ["1700000000", "2023-11-14"]
    assert date.fromisoformat(day).year >= 2025


def test_the_calculators_default_year_follows_the_build_date(monkeypatch):
    from build_tools import calculator_page

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    assert reproducible.build_date() == date(2026, 1, 1)
    assert calculator_page.default_year() == calculator_page.default_year(date(2026, 1, 1))
