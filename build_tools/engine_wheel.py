"""Build the calculator engine as a Pyodide-loadable wheel plus a site-local lock file.

Pipeline (all offline, ~2 s):

1. The package is staged for the browser (``_browser_package``): the rules and the history as
   JSON, no command line, and every module's source without docstrings and comments (the
   same ``ast.unparse`` the trimmed standard library gets, build_tools/stdlib_trim.py).
2. ``python -m build --wheel --no-isolation`` on that scratch copy of the project (so no
   ``build/`` or ``*.egg-info`` is left in the working tree) -> a pure
   ``<name>-<ver>-py3-none-any.whl``.
3. ``pyodide lockfile add-wheels`` registers that wheel in a copy of the runtime's stock
   ``pyodide-lock.json`` with a *relative* ``file_name``.
4. The wheel is re-zipped with fixed timestamps, members stored for the host's gzip, and its
   sha256 is fixed up in the lock, so the output is byte-for-byte reproducible.

Why sources and not ``pyodide py-compile``'s .pyc: over the wire the stripped sources are about
a third of the bytecode (measured: 33 KB against 95 KB gzip for the whole wheel), while
compiling them costs a first visit about 45 ms in Pyodide (Node, same runtime) and later visits
nothing (they start from the memory snapshot, where the engine is already imported).

The wheel and ``pyodide-lock.json`` are written side by side into ``out_dir``.
Pyodide resolves a lock entry's ``file_name`` against the directory of the
lock file (``packageBaseUrl`` defaults to it), so the page works under any
sub-path with::

    loadPyodide({indexURL: ".../assets/pyodide/",
                 lockFileURL: ".../<out_dir>/pyodide-lock.json",
                 packages: ["calculator"]})

The pyodide-build CLI is taken from the running interpreter's venv
(``Path(sys.executable).parent / "pyodide"``); that interpreter must have the
same major.minor as the Pyodide runtime (3.13 for Pyodide 0.29): the sources are
rewritten by its ``ast`` module, which must read and write that version's syntax.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

try:  # works both as ``python -m build_tools.engine_wheel`` and as a plain script
    from build_tools.pyodide_runtime import runtime_lock_file
    from build_tools.reproducible import file_sha256, stored_zip
    from build_tools.stdlib_trim import strip_source
except ImportError:  # pragma: no cover
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from build_tools.pyodide_runtime import runtime_lock_file
    from build_tools.reproducible import file_sha256, stored_zip
    from build_tools.stdlib_trim import strip_source

LOCK_NAME = "pyodide-lock.json"
# 1980-01-01, the earliest timestamp a zip file can hold.
DEFAULT_SOURCE_DATE_EPOCH = "315532800"

# Top-level entries of the project never needed to build the wheel.
_COPY_IGNORE = shutil.ignore_patterns(
    ".git",
    ".venv",
    "venv",
    "node_modules",
    "site",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    "*.pyc",
    ".pytest_cache",
    ".hypothesis",
    ".mypy_cache",
    ".ruff_cache",
    ".cache",
)


class EngineBuildError(RuntimeError):
    pass


def _pyodide_cli() -> Path:
    exe = Path(sys.executable).parent / ("pyodide.exe" if os.name == "nt" else "pyodide")
    if not exe.exists():
        raise EngineBuildError(
            f"{exe} not found: install pyodide-build and pkginfo into the venv "
            f"that runs this script ({sys.executable})."
        )
    return exe


def _run(cmd: list[str | Path], *, cwd: Path | None = None, env: dict[str, str]) -> None:
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise EngineBuildError(
            f"command failed ({proc.returncode}): {' '.join(map(str, cmd))}\n{proc.stdout}\n{proc.stderr}"
        )


def _normalize_zip(path: Path) -> None:
    """Rewrite a zip with sorted entries, stored, with fixed timestamps and permissions
    (reproducible.stored_zip): the host's gzip then compresses the whole wheel as one stream,
    which is smaller than per-member deflate."""
    with zipfile.ZipFile(path) as zin:
        entries = [(info.filename, zin.read(info)) for info in zin.infolist()]
    # dist-info last, as in wheels produced by `wheel`; otherwise sorted.
    entries.sort(key=lambda e: (".dist-info/" in e[0], e[0]))
    path.write_bytes(stored_zip(entries))


def _prune_lock(lock: dict, keep: str) -> dict:
    """Keep only ``keep`` and its transitive ``depends`` in the lock."""
    packages = lock["packages"]
    todo, wanted = [keep], set()
    while todo:
        name = todo.pop()
        if name not in wanted:
            wanted.add(name)
            todo.extend(packages[name]["depends"])
    return {**lock, "packages": {k: v for k, v in packages.items() if k in wanted}}


def _browser_package(package: Path) -> None:
    """Shape the staged package for the browser: the rules and the history as JSON, no command line,
    sources stripped.

    rules.toml is converted to rules.json, which the browser reads without importing
    tomllib (about 40 ms of the engine's start-up in Pyodide); rules.toml stays the only
    file anyone edits, and the JSON exists only inside the built wheel. Dates become ISO
    text, which calculator.rules turns back. The TOML and __main__.py (the CLI) are left
    out of the wheel: the page never reads them, and every byte is downloaded.
    """
    import tomllib

    def plain(value):
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        if isinstance(value, list):
            return [plain(item) for item in value]
        if hasattr(value, "isoformat"):
            return {"$date": value.isoformat()}
        return value

    rules = tomllib.loads((package / "rules.toml").read_text(encoding="utf-8"))
    # Keys in the file's own order (not sorted): the engine lists indicators, levels and options
    # in that order, in the browser as in CPython.
    (package / "rules.json").write_text(json.dumps(plain(rules), ensure_ascii=False), encoding="utf-8")
    (package / "rules.toml").unlink()
    (package / "__main__.py").unlink()
    _history_json(package)
    _standing_json(package)
    for module in sorted(package.rglob("*.py")):  # what the browser compiles: no docstrings, no comments
        module.write_text(strip_source(module.read_text(encoding="utf-8"), module.name), encoding="utf-8")


def _history_json(package: Path) -> None:
    """The yearly cut-offs: policy/history.csv is outside the package, so the wheel carries its
    rows (the columns the engine reads) as history.json (calculator/history.py)."""
    from calculator.history import csv_path, read_csv

    (package / "history.json").write_text(json.dumps(read_csv(csv_path()), ensure_ascii=False), encoding="utf-8")


def _standing_json(package: Path) -> None:
    """Counts per hundredth of a point of those admitted, per year (calculator/standing.py): the
    CSV of 42,090 rows stays in policy/data/, the wheel carries about 17 KB."""
    from calculator.standing import compact, read_csv

    (package / "standing.json").write_text(json.dumps(compact(read_csv()), separators=(",", ":")), encoding="utf-8")


def build_engine_wheel(
    project_root: Path,
    out_dir: Path,
    *,
    runtime_lock: Path | None = None,
    prune_lock: bool = False,
) -> Path:
    """Build the project's wheel for Pyodide into ``out_dir``; return the wheel path.

    Also writes ``out_dir/pyodide-lock.json``: the runtime's stock lock plus
    an entry for the engine (``file_name`` relative to the lock file). With
    ``prune_lock=True`` the lock keeps only the engine and its dependencies
    (~1 KB instead of ~120 KB). Stale wheels of the same distribution in
    ``out_dir`` are removed.
    """
    project_root = Path(project_root).resolve()
    out_dir = Path(out_dir)
    runtime_lock = Path(runtime_lock) if runtime_lock else runtime_lock_file()
    stock = json.loads(runtime_lock.read_text(encoding="utf-8"))
    target = tuple(int(x) for x in stock["info"]["python"].split(".")[:2])
    if sys.version_info[:2] != target:
        raise EngineBuildError(
            f"Pyodide runtime is Python {target[0]}.{target[1]} but this build runs on "
            f"{sys.version_info[0]}.{sys.version_info[1]} ({sys.executable}); "
            "its ast module must read and write the runtime's syntax. Use a matching venv."
        )
    pyodide = _pyodide_cli()
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", DEFAULT_SOURCE_DATE_EPOCH)
    env.setdefault("PYTHONHASHSEED", "0")

    with tempfile.TemporaryDirectory(prefix="engine-wheel-") as tmp:
        tmp_path = Path(tmp)
        src = tmp_path / "src"
        stage = tmp_path / "stage"
        shutil.copytree(project_root, src, ignore=_COPY_IGNORE)
        _browser_package(src / "calculator")
        stage.mkdir()

        # 2. pure-Python wheel
        _run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", stage, src], cwd=src, env=env)
        wheels = list(stage.glob("*.whl"))
        if len(wheels) != 1 or not wheels[0].name.endswith("-py3-none-any.whl"):
            raise EngineBuildError(f"expected one pure py3-none-any wheel, got {wheels}")
        wheel = wheels[0]
        dist = wheel.name.split("-")[0]

        # 3. register it in a copy of the stock lock, file_name relative to stage/
        lock_path = stage / LOCK_NAME
        _run(
            [
                pyodide,
                "lockfile",
                "add-wheels",
                "--input",
                runtime_lock,
                "--output",
                lock_path,
                "--base-path",
                stage,
                wheel,
            ],
            env=env,
        )

        # 4. reproducible bytes (the lock entry found by file name, its sha256 fixed up)
        _normalize_zip(wheel)
        lock = json.loads(lock_path.read_text(encoding="utf-8"))
        entries = [k for k, v in lock["packages"].items() if v["file_name"] == wheel.name]
        if len(entries) != 1:
            raise EngineBuildError(f"{wheel.name} not found in the generated lock file")
        name = entries[0]
        lock["packages"][name]["sha256"] = file_sha256(wheel)
        if prune_lock:
            lock = _prune_lock(lock, name)
        for pkg in lock["packages"].values():
            fn = pkg["file_name"]
            if "://" in fn or fn.startswith("/"):
                raise EngineBuildError(f"lock entry {pkg['name']} has non-relative file_name {fn!r}")

        out_dir.mkdir(parents=True, exist_ok=True)
        for stale in out_dir.glob(f"{dist}-*.whl"):
            stale.unlink()
        final = out_dir / wheel.name
        shutil.copyfile(wheel, final)
        (out_dir / LOCK_NAME).write_text(json.dumps(lock), encoding="utf-8")
    return final


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Build the engine wheel (stripped sources, for Pyodide) and a site-local pyodide-lock.json."
    )
    parser.add_argument("out_dir", type=Path, help="directory for the wheel and pyodide-lock.json")
    parser.add_argument(
        "--project-root",
        type=Path,
        default=Path(__file__).resolve().parents[1],
        help="project containing pyproject.toml (default: this repository)",
    )
    parser.add_argument(
        "--runtime-lock",
        type=Path,
        default=None,
        help="stock lock file (default: node_modules/pyodide/pyodide-lock.json)",
    )
    parser.add_argument(
        "--prune-lock", action="store_true", help="keep only the engine and its dependencies in the lock"
    )
    args = parser.parse_args(argv)
    wheel = build_engine_wheel(
        args.project_root, args.out_dir, runtime_lock=args.runtime_lock, prune_lock=args.prune_lock
    )
    lock = args.out_dir / LOCK_NAME
    print(f"{wheel}  {wheel.stat().st_size} bytes  sha256={file_sha256(wheel)}")
    print(f"{lock}  {lock.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
