"""The engine wheel the site ships: stripped sources, registered in the site-local lock, and carrying
exactly the rules of calculator/rules.toml and the cut-offs of policy/history.csv (converted to JSON at build time)."""

from __future__ import annotations

import json
import tomllib
import zipfile
from pathlib import Path

from calculator.params import _from_json

ROOT = Path(__file__).resolve().parent.parent


def _wheel(built_site: Path) -> Path:
    wheels = list((built_site / "assets" / "engine").glob("calculator-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_the_wheel_ships_stripped_sources_and_is_registered_by_name(built_site):
    import ast

    wheel = _wheel(built_site)
    archive = zipfile.ZipFile(wheel)
    names = archive.namelist()
    modules = sorted(n for n in names if n.endswith(".py"))
    project = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "calculator").rglob("*.py") if p.name != "__main__.py")
    assert modules == project and not any(n.endswith(".pyc") for n in names)
    for name in modules:  # the same code as the project's, without its docstrings and comments
        shipped = archive.read(name).decode("utf-8")
        assert "#" not in "".join(line.split("'")[0].split('"')[0] for line in shipped.splitlines())
        tree = ast.parse(shipped)
        for node in ast.walk(tree):
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and node.body:
                first = node.body[0]
                assert not (
                    isinstance(first, ast.Expr)
                    and isinstance(first.value, ast.Constant)
                    and isinstance(first.value.value, str)
                ), f"{name}: a docstring is left"
        original = ast.parse((ROOT / name).read_text(encoding="utf-8"))
        assert len([n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]) == len(
            [n for n in ast.walk(original) if isinstance(n, ast.FunctionDef)]
        )
    lock = json.loads((built_site / "assets" / "engine" / "pyodide-lock.json").read_text(encoding="utf-8"))
    entry = lock["packages"]["calculator"]
    assert entry["file_name"] == wheel.name  # relative: resolves beside the lock under any sub-path


def test_the_wheel_carries_exactly_the_rules_file(built_site):
    with zipfile.ZipFile(_wheel(built_site)) as wheel:
        shipped = _from_json(json.loads(wheel.read("calculator/rules.json")))
    original = tomllib.loads((ROOT / "calculator" / "rules.toml").read_text(encoding="utf-8"))
    assert shipped == original

    def keys(value):  # the order too: the engine lists indicators, levels and options in it
        if isinstance(value, dict):
            return [(key, keys(item)) for key, item in value.items()]
        return [keys(item) for item in value] if isinstance(value, list) else None

    assert keys(shipped) == keys(original)


def test_the_wheel_carries_the_history_rows_the_engine_reads(built_site):
    from calculator.history import parse, read_csv

    with zipfile.ZipFile(_wheel(built_site)) as wheel:
        shipped = json.loads(wheel.read("calculator/history.json"))
    rows = read_csv(str(ROOT / "policy" / "history.csv"))
    assert shipped == rows and parse(shipped)
