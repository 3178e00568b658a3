"""Reproducible builds: the build's date, and a check that two builds are byte-identical.

The only clock a build may read is SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/).
MkDocs dates the sitemap (and its .gz header) with it; the calculator page picks its default
application year from it. `ensure_source_date_epoch()` (called by the build hook) sets it, when
the caller has not, to the time of the last commit, so a checkout of one commit always builds
the same bytes; outside a git checkout it falls back to the current time.

    .venv/bin/python -m build_tools.reproducible   (make repro) build HEAD twice from clean clones, compare
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def commit_time(root: Path = ROOT) -> int | None:
    """Seconds since the epoch of the last commit of the checkout at `root` (None outside git)."""
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return None
    text = out.stdout.strip()
    return int(text) if out.returncode == 0 and text.isdigit() else None


def ensure_source_date_epoch(root: Path = ROOT) -> int:
    """Set SOURCE_DATE_EPOCH for this build (if unset) and return it."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if not (value and value.isdigit()):
        value = str(commit_time(root) or int(time.time()))
        os.environ["SOURCE_DATE_EPOCH"] = value
    return int(value)


def build_date() -> date:
    """The build's date (UTC): SOURCE_DATE_EPOCH if set, else today."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value and value.isdigit():
        return datetime.fromtimestamp(int(value), UTC).date()
    return datetime.now(UTC).date()


# 1980-01-01, the earliest timestamp a zip file can hold: every member of the zips the build writes.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def file_sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def stored_zip(entries: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip of (name, data) members in the given order, stored (not deflated: the host's gzip
    then compresses the whole file as one stream), with fixed timestamps and permissions."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_STORED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def tree_digest(site: Path) -> dict[str, str]:
    """{relative path: sha256} of every file under `site` (symlinks and folders are not content)."""
    return {path.relative_to(site).as_posix(): file_sha256(path) for path in sorted(site.rglob("*")) if path.is_file()}


def differences(a: dict[str, str], b: dict[str, str]) -> list[str]:
    """Human-readable differences between two tree digests (empty if identical)."""
    out = [f"only in the first build: {p}" for p in sorted(a.keys() - b.keys())]
    out += [f"only in the second build: {p}" for p in sorted(b.keys() - a.keys())]
    out += [f"different bytes: {p}" for p in sorted(a.keys() & b.keys()) if a[p] != b[p]]
    return out


# ---------------------------------------------------------------- building a checkout
def working_tree_copy(dest: Path, root: Path = ROOT) -> Path:
    """Copy what a clean clone of the working tree would hold (tracked and new files, nothing
    ignored: no .venv, node_modules, site/, caches) to `dest`."""
    listed = (
        subprocess.run(
            ["git", "-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            capture_output=True,
            check=True,
        )
        .stdout.decode("utf-8")
        .split("\0")
    )
    for rel in filter(None, listed):
        source = root / rel
        if source.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / rel)
    return dest


def build_checkout(checkout: Path, site: Path, env: dict[str, str] | None = None, root: Path = ROOT) -> None:
    """`mkdocs build --strict` of a checkout into `site`, with this project's Python environment and
    node_modules (the npm packages are pinned by package-lock.json, so they are the same files)."""
    modules = checkout / "node_modules"
    if not modules.exists():
        modules.symlink_to(root / "node_modules", target_is_directory=True)
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=checkout,
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
    )
    if proc.returncode != 0:
        raise RuntimeError(f"build of {checkout} failed:\n{proc.stdout}\n{proc.stderr}")


def main() -> int:
    """Clone HEAD twice, build each clone in its own folder, compare the two site/ trees."""
    with tempfile.TemporaryDirectory(prefix="repro-") as tmp:
        digests = []
        for name in ("a", "b"):
            checkout = Path(tmp) / f"clone-{name}"
            subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(checkout)], check=True)
            # different hash seeds: no output may depend on the order of a set or dict
            build_checkout(checkout, Path(tmp) / f"site-{name}", env={"PYTHONHASHSEED": str(len(digests) + 1)})
            digests.append(tree_digest(Path(tmp) / f"site-{name}"))
        diff = differences(*digests)
        head = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        ).stdout.strip()
        if diff:
            print(f"NOT reproducible: two builds of {head} differ:\n  " + "\n  ".join(diff))
            return 1
        total = sum((Path(tmp) / "site-a" / p).stat().st_size for p in digests[0])
        print(
            f"reproducible: two clean clones of {head} built {len(digests[0])} identical files ({total / 1e6:.1f} MB)"
        )
        return 0


if __name__ == "__main__":
    sys.exit(main())
