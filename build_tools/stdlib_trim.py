"""A trimmed ``python_stdlib.zip``: only the standard library the calculator actually loads.

The stock zip (2.4 MB, members already deflated) is most of what a first visit downloads
besides the interpreter. The page loads this one instead (``loadPyodide({stdLibURL})``):

1. **Record.** The engine runs in Pyodide under Node (build_tools/pyodide_probe.mjs) from
   the stock zip, started exactly as the page starts it: every module of the engine wheel
   is imported, every standard-library module the engine's source names anywhere (lazy
   imports inside functions too, found with ``ast``) is imported, an applicant is scored
   with advice. The zip members Python loaded are the list: Pyodide's own start-up needs
   and the engine's, derived from the code, never typed by hand.
2. **Write.** Those members only, stored (not deflated) so that the host's gzip works
   on them, docstrings dropped and comments gone (``ast.unparse``; the standard library
   runs the same, as under ``python -OO``). Sorted, fixed timestamps: reproducible.
3. **Verify.** The probe runs again on the trimmed zip and must import everything, score
   the applicant exactly as CPython does, and do it again from a memory snapshot. A module
   the engine imports that is missing stops the build (:class:`StdlibError`) with its name.

The result is cached in ``build/stdlib-cache/`` under a key of every input (the stock zip,
the wheel, the engine sources, this file and the probe), so an unchanged engine costs no
Node run.
"""

from __future__ import annotations

import ast
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from build_tools.reproducible import file_sha256, stored_zip

REPO_ROOT = Path(__file__).resolve().parents[1]
PROBE = Path(__file__).with_name("pyodide_probe.mjs")
CACHE_DIR = REPO_ROOT / "build" / "stdlib-cache"

# The applicant the probe scores (and the page re-scores after starting from a snapshot, see
# build_tools/runtime_bundle.py): a bit of everything, so that every scoring line, the
# eligibility checks and the advice run.
CANARY = {
    "application_year": 2025,
    "birth_date": "1988-03-15",
    "sex": "female",
    "retirement_group": "worker",
    "residence_permit": True,
    "criminal_record": False,
    "social_insurance": {"months": 150, "continuous_months": 150, "backpay_months": 0},
    "housing": {"owned_months": 40, "rented_months": 110},
    "education": {"level": "master", "certificates": "both", "deduction_rented_months": 12},
    "job_residence": {"live_and_work_months": 30, "live_only_months": 6, "living_there_at_cutoff": True},
    "innovation": {"type": "equity", "financing_10k_yuan": 800},
    "tax_qualifying_years": 2,
    "honours": True,
    "detentions": 1,
}


class StdlibError(RuntimeError):
    """The trimmed standard library could not be derived, or misses what the engine needs."""


def canary_text() -> str:
    return json.dumps(CANARY, ensure_ascii=False, sort_keys=True)


# ---------------------------------------------------------------- what the engine names
def wheel_modules(wheel: Path) -> list[str]:
    """Every module in the engine wheel ("calculator", "calculator.api", ...)."""
    names = []
    with zipfile.ZipFile(wheel) as archive:
        for name in archive.namelist():
            if ".dist-info/" in name or not name.endswith((".py", ".pyc")):
                continue
            module = name.rsplit(".", 1)[0].replace("/", ".")
            names.append(module[: -len(".__init__")] if module.endswith(".__init__") else module)
    return sorted(names)


def stdlib_imports(sources: list[Path]) -> list[str]:
    """Standard-library modules the sources import anywhere (top level or inside functions).

    ``from a import b`` counts ``a`` and, when ``a.b`` is itself a module, ``a.b``.
    """
    found: set[str] = set()
    for source in sources:
        tree = ast.parse(source.read_text(encoding="utf-8"), str(source))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return sorted(name for name in found if _is_stdlib_module(name))


def _is_stdlib_module(name: str) -> bool:
    if name.split(".")[0] not in sys.stdlib_module_names:
        return False
    if "." not in name:
        return True
    import importlib.util

    try:  # "from collections import namedtuple": collections.namedtuple is not a module
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def engine_sources(modules: list[str], package_root: Path) -> list[Path]:
    """The source files of the wheel's modules, in the project (the wheel's are stripped)."""
    paths = []
    for module in modules:
        base = package_root.joinpath(*module.split("."))
        path = base / "__init__.py" if base.is_dir() else base.with_suffix(".py")
        if not path.is_file():
            raise StdlibError(f"no source for the wheel's module {module} (looked for {path})")
        paths.append(path)
    return paths


# ---------------------------------------------------------------- the probe (Node + Pyodide)
def run_probe(
    *, runtime_dir: Path, stdlib: Path, lock: Path, wheel: Path, modules: list[str], imports: list[str], snapshot: bool
) -> dict:
    node = shutil.which("node")
    if not node:
        raise StdlibError("node not found: the standard library is derived by running Pyodide under Node")
    config = {
        "indexURL": str(runtime_dir.resolve()) + "/",
        "stdLibURL": str(stdlib.resolve()),
        "lockFileURL": str(lock.resolve()),
        "wheel": str(wheel.resolve()),
        "modules": modules,
        "imports": imports,
        "canary": canary_text(),
        "snapshot": snapshot,
    }
    with tempfile.TemporaryDirectory(prefix="stdlib-probe-") as tmp:
        config_path = Path(tmp) / "config.json"
        config_path.write_text(json.dumps(config), encoding="utf-8")
        proc = subprocess.run([node, str(PROBE), str(config_path)], capture_output=True, text=True, timeout=300)
    if proc.returncode != 0 or not proc.stdout.startswith("{"):
        # Emscripten prints its whole glue script with an uncaught error: keep the end only.
        raise StdlibError(f"the Pyodide probe failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout)


# ---------------------------------------------------------------- writing the zip
def strip_source(source: str, name: str) -> str:
    """The module without docstrings and comments, as ``ast.unparse`` writes it back."""
    tree = ast.parse(source, name)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                node.body = body[1:] or [ast.Pass()]
    return ast.unparse(tree) + "\n"


def write_zip(stock: Path, members: list[str], out: Path) -> None:
    """The listed members of the stock zip, stripped, stored uncompressed, reproducibly."""
    with zipfile.ZipFile(stock) as source:
        entries = [(name, source.read(name)) for name in sorted(set(members))]
    out.write_bytes(
        stored_zip(
            (name, strip_source(data.decode("utf-8"), name).encode("utf-8") if name.endswith(".py") else data)
            for name, data in entries
        )
    )


# ---------------------------------------------------------------- the whole step
def _cache_key(*, stock: Path, wheel: Path, sources: list[Path], runtime_dir: Path, shipped: Path) -> str:
    digest = hashlib.sha256()
    for path in [
        stock,
        wheel,
        Path(__file__),
        PROBE,
        runtime_dir / "pyodide.asm.wasm",
        shipped / "pyodide.asm.js",
        *sources,
    ]:
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    digest.update(canary_text().encode())
    return digest.hexdigest()[:32]


def build_trimmed_stdlib(
    *,
    runtime_dir: Path,
    wheel: Path,
    lock: Path,
    out: Path,
    package_root: Path = REPO_ROOT,
    cache_dir: Path | None = CACHE_DIR,
    shipped_runtime: Path | None = None,
) -> dict:
    """Write the trimmed zip to ``out``; return what was derived (members, sizes, canary output).

    The imports are recorded on the stock runtime (``runtime_dir``, the npm package); the trimmed
    zip is verified on ``shipped_runtime`` (the runtime as the site ships it, its glue patched:
    build_tools/runtime_patch.py), a normal start and one from a memory snapshot.

    Raises :class:`StdlibError` when the engine cannot run on the trimmed zip, naming the
    modules that are missing.
    """
    stock = runtime_dir / "python_stdlib.zip"
    modules = wheel_modules(wheel)
    sources = engine_sources(modules, package_root)
    imports = stdlib_imports(sources)
    shipped = shipped_runtime or runtime_dir
    key = _cache_key(stock=stock, wheel=wheel, sources=sources, runtime_dir=runtime_dir, shipped=shipped)
    cached = cache_dir / key if cache_dir else None
    if cached and (cached / "info.json").is_file() and (cached / "python_stdlib.zip").is_file():
        info = json.loads((cached / "info.json").read_text(encoding="utf-8"))
        shutil.copyfile(cached / "python_stdlib.zip", out)
        if file_sha256(out) == info["sha256"]:
            return info

    recorded = run_probe(
        runtime_dir=runtime_dir, stdlib=stock, lock=lock, wheel=wheel, modules=modules, imports=imports, snapshot=False
    )
    if recorded["missing"]:
        raise StdlibError(
            "the engine does not import even with the full standard library:\n" + "\n".join(recorded["missing"])
        )
    write_zip(stock, recorded["zip_members"], out)
    info = verify(runtime_dir=shipped, stdlib=out, lock=lock, wheel=wheel, modules=modules, imports=imports)
    info.update(members=recorded["zip_members"], imports=imports, sha256=file_sha256(out), size=out.stat().st_size)
    if cached:
        cached.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(out, cached / "python_stdlib.zip")
        (cached / "info.json").write_text(json.dumps(info, ensure_ascii=False, indent=1), encoding="utf-8")
    return info


def verify(*, runtime_dir: Path, stdlib: Path, lock: Path, wheel: Path, modules: list[str], imports: list[str]) -> dict:
    """Run the engine on ``stdlib``: every module imports, the answer equals CPython's, also
    after a memory snapshot. Returns the answer; raises :class:`StdlibError` otherwise."""
    import calculator

    expected = calculator.score_json(canary_text(), True)
    result = run_probe(
        runtime_dir=runtime_dir, stdlib=stdlib, lock=lock, wheel=wheel, modules=modules, imports=imports, snapshot=True
    )
    if result["missing"]:
        raise StdlibError(f"{stdlib.name} lacks what the engine imports:\n" + "\n".join(result["missing"]))
    for label, answer in (("a normal start", result["canary"]), ("a memory snapshot", result.get("snapshot_canary"))):
        if answer != expected:
            raise StdlibError(
                f"on {stdlib.name}, from {label}, Pyodide scores the test applicant differently "
                f"from CPython:\n{str(answer)[:400]}\nexpected\n{expected[:400]}"
            )
    return {"canary_output": expected}
