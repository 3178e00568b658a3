"""Copy the self-hosted Pyodide runtime from ``node_modules/pyodide`` into the site.

The runtime comes from the npm package pinned in ``package.json`` (``npm ci``).
Only the files that the calculator's ``loadPyodide()`` fetches in a browser are copied
(:data:`SHIPPED_FILES`):

* ``pyodide.mjs``        - the ES module the worker imports (``loadPyodide``)
* ``pyodide.asm.js``     - Emscripten glue, loaded by pyodide.mjs from ``indexURL``; shipped with
  two changes to its linker that make every start cheaper (build_tools/runtime_patch.py)
* ``pyodide.asm.wasm``   - the CPython interpreter (served as application/wasm)

The package's other two run-time files are inputs of the build, not shipped: the page
passes its own trimmed standard library (``stdLibURL``, built from the stock
``python_stdlib.zip`` by build_tools/stdlib_trim.py) and its own lock file
(``lockFileURL``, built from the stock ``pyodide-lock.json`` by build_tools/engine_wheel.py).

Everything else in the npm package (``pyodide.js`` classic build, ``*.map``,
``*.d.ts``, console pages) is not needed at run time.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from build_tools import runtime_patch

REPO_ROOT = Path(__file__).resolve().parents[1]
PYODIDE_PACKAGE_DIR = REPO_ROOT / "node_modules" / "pyodide"

SHIPPED_FILES: tuple[str, ...] = (
    "pyodide.mjs",
    "pyodide.asm.js",
    "pyodide.asm.wasm",
)
# What a bare ``loadPyodide()`` fetches: the shipped files and the stock stdlib and lock.
RUNTIME_FILES: tuple[str, ...] = SHIPPED_FILES + ("python_stdlib.zip", "pyodide-lock.json")


class PyodideRuntimeMissing(RuntimeError):
    """node_modules/pyodide is absent, incomplete or not the pinned version."""


def pinned_version(repo_root: Path = REPO_ROOT) -> str | None:
    """The exact ``pyodide`` version pinned in the root package.json, if any."""
    try:
        pkg = json.loads((repo_root / "package.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    return pkg.get("dependencies", {}).get("pyodide")


def runtime_version(package_dir: Path = PYODIDE_PACKAGE_DIR) -> str:
    """Version of the installed npm package; raises if it is not installed."""
    manifest = package_dir / "package.json"
    if not manifest.is_file():
        raise PyodideRuntimeMissing(
            f"Pyodide runtime not found at {package_dir}: run `npm ci` in the repository root first."
        )
    return json.loads(manifest.read_text(encoding="utf-8"))["version"]


def runtime_lock_file(package_dir: Path = PYODIDE_PACKAGE_DIR) -> Path:
    """Path of the stock pyodide-lock.json shipped with the npm package."""
    check_runtime(package_dir)
    return package_dir / "pyodide-lock.json"


def check_runtime(package_dir: Path = PYODIDE_PACKAGE_DIR) -> str:
    """Ensure node_modules/pyodide is complete and matches package.json; return its version."""
    version = runtime_version(package_dir)
    missing = [name for name in RUNTIME_FILES if not (package_dir / name).is_file()]
    if missing:
        raise PyodideRuntimeMissing(f"{package_dir} lacks {', '.join(missing)}: run `npm ci` in the repository root.")
    pinned = pinned_version(package_dir.parents[1]) if package_dir == PYODIDE_PACKAGE_DIR else None
    if pinned is not None and pinned != version:
        raise PyodideRuntimeMissing(
            f"node_modules has pyodide {version} but package.json pins {pinned}: run `npm ci` in the repository root."
        )
    return version


def copy_runtime(dest_dir: Path, *, package_dir: Path = PYODIDE_PACKAGE_DIR) -> list[Path]:
    """Copy the shipped Pyodide runtime into ``dest_dir``; return the copied paths.

    ``dest_dir`` is created if needed. Files are copied byte for byte (contents
    only), in the order of :data:`SHIPPED_FILES`, except the glue, which is patched
    (:func:`build_tools.runtime_patch.patch_glue`).
    """
    check_runtime(package_dir)
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    copied = []
    for name in SHIPPED_FILES:
        target = dest_dir / name
        if name == runtime_patch.GLUE:
            glue = (package_dir / name).read_bytes().decode("utf-8")  # bytes: no newline translation
            target.write_bytes(runtime_patch.patch_glue(glue).encode("utf-8"))
        else:
            shutil.copyfile(package_dir / name, target)
        copied.append(target)
    return copied


if __name__ == "__main__":  # pragma: no cover - convenience CLI
    import sys

    if len(sys.argv) != 2:
        sys.exit("usage: python -m build_tools.pyodide_runtime DEST_DIR")
    for path in copy_runtime(Path(sys.argv[1])):
        print(f"{path}  {path.stat().st_size} bytes")
