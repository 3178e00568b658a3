"""Precompressed copies beside the built site's files (issue 20, point 4): `x.br` (brotli, quality
11) and `x.gz` (gzip, level 9) next to every compressible `x`, which nginx's `brotli_static` and
`gzip_static` send as they are (deploy/nginx.conf): a host then never compresses at request time,
and brotli at its best setting, too slow to run per request, takes a quarter off the runtime's
gzip bytes.

The copies are not files of the site: no page names them, the service worker does not list them,
and `_headers` gives them no rule (`is_copy`, `served_files`). Written last in the build, after
the service worker and `_headers`. Brotli at quality 11 takes about 20 s for the runtime's wasm,
so each copy is kept in build/precompress/ under the hash of what it compresses: a rebuild
compresses only what changed. Both outputs are deterministic (gzip without a name or a time), so
the build stays reproducible.
"""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import brotli

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "build" / "precompress"
COPY_SUFFIXES = (".br", ".gz")
# What compresses: text, the wasm, the zip archives the runtime stores without compression
# (python_stdlib.zip is stored; its copies are kept only where smaller, as for every file).
COMPRESSIBLE = (
    ".html",
    ".css",
    ".js",
    ".mjs",
    ".json",
    ".wasm",
    ".svg",
    ".xml",
    ".txt",
    ".webmanifest",
    ".zip",
    ".whl",
)
BROTLI_QUALITY = 11
GZIP_LEVEL = 9


def is_copy(rel: str) -> bool:
    """A precompressed copy (or MkDocs' own sitemap.xml.gz, which is one), not a file of the site."""
    return rel.endswith(COPY_SUFFIXES)


def served_files(site: Path) -> list[Path]:
    """Every file of the built site but the precompressed copies, in a stable order."""
    site = Path(site)
    return [p for p in sorted(site.rglob("*")) if p.is_file() and not is_copy(p.relative_to(site).as_posix())]


def _compressed(data: bytes, kind: str) -> bytes:
    key = hashlib.sha256(data).hexdigest()
    cached = CACHE / f"{key}.{kind}{BROTLI_QUALITY if kind == 'br' else GZIP_LEVEL}"
    if cached.is_file():
        return cached.read_bytes()
    if kind == "br":
        out = brotli.compress(data, quality=BROTLI_QUALITY)
    else:
        out = gzip.compress(data, GZIP_LEVEL, mtime=0)
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = cached.with_suffix(".part")
    partial.write_bytes(out)
    partial.replace(cached)  # a build stopped midway leaves no truncated entry
    return out


def write_copies(site: Path) -> dict[str, int]:
    """Write x.br and x.gz beside each compressible file where they are smaller; returns the
    number of copies written by kind."""
    counts = {"br": 0, "gz": 0}
    for path in served_files(site):
        if path.suffix not in COMPRESSIBLE:
            continue
        data = path.read_bytes()
        for kind in counts:
            out = _compressed(data, kind)
            copy = path.with_name(f"{path.name}.{kind}")
            if len(out) < len(data):  # else none (MkDocs' own sitemap.xml.gz is kept as it is)
                copy.write_bytes(out)
                counts[kind] += 1
    return counts
