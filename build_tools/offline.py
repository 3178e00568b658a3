"""The site offline: a service worker versioned by the build (site/sw.js).

`write_service_worker(site_dir)` runs last in the build (``on_post_build``): it hashes every
file the site serves, and writes ``sw.js`` = this build's file list, then the code of
build_tools/service_worker.js (minified by terser, like the site's own scripts):

    const BUILD = {"version": "<hash of every file's hash>", "files": {"<path>": "<sha256>", …},
                   "shell": [...], "site": [...], "calculator": [...], "calculator_pages": [...]};

Paths are relative to the site root, as URLs (a page ``x/index.html`` is ``x/``). Groups:

    shell        the theme's and the site's CSS, JS and images: copied when the worker installs
    site         every page, the search index and the site's search worker, the batch page's files:
                 copied on a visitor's second page view (a visitor who reads one page and leaves
                 is not sent the rest)
    calculator   the calculator's scripts, the Python runtime and the engine: copied once a
                 page of `calculator_pages` has been used

A new build has new hashes, so a new version and a new sw.js; the browser installs it beside
the old one, which keeps serving until no page of the old version is open (no version mix).

Not listed (never cached): sw.js itself, the sitemap and _headers. Files that no page loads (the
theme's source maps, its search worker and lunr) are not in the site at all: the build removes
them first (build_tools/unused_files.py), so every file left is one a page can ask for.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from build_tools import precompress

TEMPLATE = Path(__file__).with_name("service_worker.js")
MARKER = "/* BUILD */"
WORKER_NAME = "sw.js"
CALCULATOR_BOOT = 'id="calculator-boot"'

_NEVER = ("sitemap.xml", WORKER_NAME, "_headers")  # _headers: read by the host, never served
_CALCULATOR_PREFIXES = ("assets/pyodide/", "assets/engine/", "calculator/")
# Files no page needs on its first view, copied with the pages: the search (the index and the
# worker that works on it) and the batch page's own files.
_SITE_PREFIXES = (
    "search/",
    "assets/javascripts/search-worker.js",
    "calculator/batch/",
)


def _url_path(rel: str) -> str:
    """ "calculator/index.html" -> "calculator/", "index.html" -> "" (what a visitor's browser asks for)."""
    if rel == "index.html":
        return ""
    if rel.endswith("/index.html"):
        return rel[: -len("index.html")]
    return rel


def _served(site: Path) -> list[Path]:
    return [path for path in precompress.served_files(site) if path.relative_to(site).as_posix() not in _NEVER]


def build_manifest(site_dir: Path) -> dict:
    """The file list, hashes, groups and version of a built site."""
    site = Path(site_dir)
    files: dict[str, str] = {}
    groups: dict[str, list[str]] = {"shell": [], "site": [], "calculator": []}
    calculator_pages = []
    for path in _served(site):
        rel = path.relative_to(site).as_posix()
        url = _url_path(rel)
        data = path.read_bytes()
        files[url] = hashlib.sha256(data).hexdigest()
        if rel.endswith(".html"):
            groups["site"].append(url)
            if CALCULATOR_BOOT.encode() in data:
                calculator_pages.append(url)
        elif rel.startswith(_SITE_PREFIXES):
            groups["site"].append(url)
        elif rel.startswith(_CALCULATOR_PREFIXES):
            groups["calculator"].append(url)
        else:
            groups["shell"].append(url)
    if "" not in files:
        raise ValueError(f"{site} has no index.html")
    version = hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()[:16]
    return {"version": version, "files": files, **groups, "calculator_pages": calculator_pages}


def write_service_worker(site_dir: Path, minify: Callable[[str], str] | None = None) -> dict:
    """Write site/sw.js for the site as built: the build's list on the first line, then the
    worker's code (`minify`d, in the build: build_tools/minify_js.minify_source); returns the manifest."""
    manifest = build_manifest(site_dir)
    template = TEMPLATE.read_text(encoding="utf-8")
    if template.count(MARKER) != 1:
        raise ValueError(f"{TEMPLATE.name} must contain {MARKER} exactly once")
    build = "const BUILD = " + json.dumps(manifest, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + ";"
    code = template.replace(MARKER, "")
    (Path(site_dir) / WORKER_NAME).write_text(build + "\n" + (minify(code) if minify else code), encoding="utf-8")
    return manifest
