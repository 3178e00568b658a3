"""Everything the calculator's engine worker downloads, built before the pages are rendered.

    assets/pyodide/   pyodide.mjs, pyodide.asm.js, pyodide.asm.wasm     (the pinned runtime; its glue,
                      pyodide.asm.js, with a cheaper linker: build_tools/runtime_patch.py)
    assets/engine/    calculator-<ver>-py3-none-any.whl, pyodide-lock.json  (build_tools/engine_wheel.py)
                      python_stdlib.zip   the trimmed standard library   (build_tools/stdlib_trim.py)
                      engine.json         what the worker checks before trusting a stored snapshot

engine.json:

    {"pyodide": "0.29.5",                      the runtime version the files belong to
     "modules": ["calculator", "calculator.advice", …],   every module of the wheel
     "stdlib": "python_stdlib.zip", "stdlib_sha256": "…",
     "runtime_sha256": "…",                     the shipped pyodide.asm.js (patched glue)
     "canary": {"input": "<applicant JSON>",
                "output_sha256": "<sha256 of calculator.score_json(input, True), UTF-8>"}}

A cold start imports every module listed, so that a memory snapshot holds the whole engine.
The worker keys a stored memory snapshot by the runtime version, the wheel's sha256 (from
pyodide-lock.json), the standard library's sha256 and the shipped glue's sha256 (a snapshot
holds function-table slot numbers, which the glue's linker assigns). After starting from one
it scores the canary applicant: anything but CPython's exact answer (computed here; the worker
compares its SHA-256, which is 64 characters against the answer's 3,700) and it falls back to a
normal start.

:func:`build` runs in the ``on_pre_build`` hook (the page needs the files' sizes for its
progress bar); :func:`install` copies the result into the site in ``on_post_build``.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import shutil
import tempfile
from pathlib import Path

from build_tools import engine_wheel, pyodide_runtime, runtime_patch, stdlib_trim
from build_tools.reproducible import file_sha256

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = "engine.json"
STDLIB = "python_stdlib.zip"

_built: Path | None = None  # the staging directory of the last build (this process)
_transfer: str | None = None  # transfer_text() of that build: both pages say it twice


def build(stage: Path | None = None) -> Path:
    """Build the runtime and engine files into ``stage`` (a temporary directory by default)."""
    global _built, _transfer
    if stage is None:
        stage = Path(tempfile.mkdtemp(prefix="runtime-bundle-"))
        atexit.register(shutil.rmtree, stage, True)
    version = pyodide_runtime.check_runtime()
    pyodide_runtime.copy_runtime(stage / "pyodide")
    engine = stage / "engine"
    wheel = engine_wheel.build_engine_wheel(ROOT, engine, prune_lock=True)
    info = stdlib_trim.build_trimmed_stdlib(
        runtime_dir=pyodide_runtime.PYODIDE_PACKAGE_DIR,
        wheel=wheel,
        lock=engine / engine_wheel.LOCK_NAME,
        out=engine / STDLIB,
        shipped_runtime=stage / "pyodide",
    )
    manifest = {
        "pyodide": version,
        "modules": stdlib_trim.wheel_modules(wheel),
        "stdlib": STDLIB,
        "stdlib_sha256": info["sha256"],
        "runtime_sha256": file_sha256(stage / "pyodide" / runtime_patch.GLUE),
        "canary": {"input": stdlib_trim.canary_text(), "output_sha256": text_sha256(info["canary_output"])},
    }
    (engine / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    _built, _transfer = stage, None
    return stage


def text_sha256(text: str) -> str:
    """The SHA-256 of a text's UTF-8 bytes, as the engine worker computes it (sha256Hex)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def install(site_dir: Path, stage: Path | None = None) -> None:
    """Copy a built bundle into ``site_dir/assets/``."""
    stage = stage or _built
    if stage is None:
        raise RuntimeError("runtime_bundle.install() before build()")
    for part in ("pyodide", "engine"):
        target = Path(site_dir) / "assets" / part
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(stage / part, target)


def file_sizes() -> dict[str, int]:
    """Raw sizes of the big files the worker downloads, by file name (the page's progress bar)."""
    sizes = {}
    if _built is not None:
        for path in (_built / "pyodide" / "pyodide.asm.wasm", _built / "engine" / STDLIB):
            sizes[path.name] = path.stat().st_size
    return sizes


def download_note() -> str:
    """How the pages qualify the engine's download, wherever they mention it (both pages' static
    text and, through `data-engine-download`, their scripts' progress lines)."""
    return f"（只在第一次需要，{transfer_text()}，之后由浏览器保存）"


def downloading_text() -> str:
    """The line while the engine downloads: "正在下载计算引擎（只在第一次需要，约3.3 MB，之后由浏览器保存）"."""
    return "正在下载计算引擎" + download_note()


def transfer_text() -> str:
    """What a first visit downloads for the engine, as the pages say it ("约3.3 MB"): every runtime
    and engine file gzip-compressed (level 6, what common hosts and `make serve` send; brotli is
    smaller still)."""
    import gzip

    global _transfer
    if _built is None:
        raise RuntimeError("runtime_bundle.transfer_text() before build()")
    if _transfer is None:  # gzipping the runtime takes half a second: once a build
        total = sum(
            len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))
            for part in ("pyodide", "engine")
            for path in sorted((_built / part).iterdir())
            if path.is_file()
        )
        _transfer = f"约{total / 1048576:.1f} MB"
    return _transfer
