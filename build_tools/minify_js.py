"""The site's own scripts, minified in site/ after the build (terser, pinned in package.json).

The sources in docs/ (and build_tools/service_worker.js) keep their comments, which explain why the code is as it is; the visitor's
browser needs none of them. Measured on the calculator page: about 17 KB less over the wire
(gzip), a third of the page's own scripts. Only files that come from docs/ are touched: the
theme's bundle is already minified, and the Pyodide runtime is served as pinned.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SCRIPT = Path(__file__).with_name("minify_js.mjs")


class MinifyError(RuntimeError):
    pass


def own_scripts(docs_dir: Path, site_dir: Path) -> list[Path]:
    """The built copies of every .js file under docs/."""
    return [
        site_dir / path.relative_to(docs_dir)
        for path in sorted(docs_dir.rglob("*.js"))
        if (site_dir / path.relative_to(docs_dir)).is_file()
    ]


def minify_files(files: list[Path]) -> None:
    """Minify scripts in place (see minify_js.mjs: a module's top-level names may be shortened)."""
    node = shutil.which("node")
    if not node:
        raise MinifyError("node not found: the site's scripts are minified with terser (npm ci)")
    if not (REPO_ROOT / "node_modules" / "terser").is_dir():
        raise MinifyError("node_modules/terser is missing: run `npm ci`")
    if files:
        proc = subprocess.run(
            [node, str(SCRIPT), *map(str, files)], cwd=REPO_ROOT, capture_output=True, text=True, timeout=300
        )
        if proc.returncode != 0:
            raise MinifyError(f"terser failed:\n{proc.stderr[-3000:]}")


def minify_site(docs_dir: Path, site_dir: Path) -> list[Path]:
    """Minify the site's own scripts in place; returns them."""
    files = own_scripts(Path(docs_dir), Path(site_dir))
    minify_files(files)
    return files


def minify_source(code: str) -> str:
    """One classic script's code, minified (its top-level names stay: the service worker's code,
    which build_tools/offline.py puts after the build's file list)."""
    with tempfile.TemporaryDirectory(prefix="minify-") as folder:
        path = Path(folder) / "script.js"
        path.write_text(code, encoding="utf-8")
        minify_files([path])
        return path.read_text(encoding="utf-8")
