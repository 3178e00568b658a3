"""Files of the built site that nothing loads: found from what the pages reference, and removed.

The theme copies all of its static files into every site, whether the site uses them or not.
This one does not use Material's search worker (overrides/main.html points the theme's search
at the site's own, docs/assets/javascripts/search-worker.js), so Material's worker and the
lunr files only that worker loads (its language files, tinyseg.js, wordcut.js: about 0.9 MB)
are dead weight; so are the theme's source maps (about 1.3 MB), which a browser fetches only
with its developer tools open and which only their `sourceMappingURL` comments name.

What is loaded is worked out, not listed: starting from every page (and the few files a host or
a crawler asks for by name, HOST_FILES), a file is loaded if its name appears in a loaded page,
script, stylesheet or JSON file (the theme's bundle names search/search_index.json, engine.json
names the standard library, pyodide-lock.json the wheel, and so on). A name appearing only in a
`sourceMappingURL` comment does not count. Matching file names rather than resolving URLs errs on
the side of keeping a file.

`prune(site, theme_dirs)` runs in the build (mkdocs_hooks.on_post_build) before the service
worker's list and the host's _headers are written, so neither names a removed file:

* an unloaded file that came from the theme (it exists in one of the theme's folders) is removed;
* an unloaded file of the project's own stops the build: link it from a page, or do not ship it;
* a theme script's `sourceMappingURL` comment naming a map that is not shipped is removed (it
  would only earn a 404 in the developer tools). The comment is the last line; the bytes before
  it are the theme's. Nothing checks those bytes: no page has an `integrity` attribute, and the
  service worker's hashes are taken after this step. The content hash in the file's name still
  names one content (the same file always loses the same line), so caching it for good stays
  right. Pyodide's files are not theme files and stay as pinned (tests/test_site_runtime.py),
  comment included (its map was never shipped).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from build_tools import precompress

# Asked for by name by someone other than a page: the host (_headers), crawlers (robots.txt, the
# sitemaps), the browser (sw.js, registered by assets/offline.js, is also named there).
HOST_FILES = ("_headers", "robots.txt", "sitemap.xml", "sw.js")
# Files whose text can name other files. The service worker and _headers list every file, so
# they say nothing about what is loaded (they are written after this step anyway).
_TEXT = (".html", ".js", ".mjs", ".css", ".json", ".txt", ".xml", ".webmanifest")
_LISTS_EVERYTHING = ("sw.js", "_headers")
_SOURCE_MAP = re.compile(r"\n?(?://|/\*)# sourceMappingURL=(?P<url>[^\s*]+)[ \t]*(?:\*/)?\s*$")


class UnusedFileError(ValueError):
    pass


def _files(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in precompress.served_files(site)}


def _text(path: Path) -> str:
    text = path.read_text(encoding="utf-8", errors="replace")
    return _SOURCE_MAP.sub("", text)


def loaded(site: Path) -> set[str]:
    """Site-relative paths of every file a page, or a file a page loads, names (transitively)."""
    files = _files(Path(site))
    by_name: dict[str, list[str]] = {}
    for rel in files:
        by_name.setdefault(rel.rsplit("/", 1)[-1], []).append(rel)
    roots = [rel for rel in files if rel.endswith(".html") or rel in HOST_FILES]
    seen, todo = set(roots), list(roots)
    while todo:
        rel = todo.pop()
        if not rel.endswith(_TEXT) or rel in _LISTS_EVERYTHING:
            continue
        text = _text(files[rel])
        for name, rels in by_name.items():
            if name in text:
                for other in rels:
                    if other not in seen:
                        seen.add(other)
                        todo.append(other)
    return seen


def unused(site: Path) -> list[str]:
    """Site-relative paths of the files nothing loads."""
    return sorted(set(_files(Path(site))) - loaded(site))


def _from_theme(rel: str, theme_dirs: Iterable[Path]) -> bool:
    return any((Path(folder) / rel).is_file() for folder in theme_dirs)


def prune(site: Path, theme_dirs: Iterable[Path]) -> list[str]:
    """Remove the theme's files nothing loads and the theme's comments naming a missing map;
    returns the removed paths. Raises UnusedFileError for an unloaded file of the project's own."""
    site, theme_dirs = Path(site), [Path(d) for d in theme_dirs]
    dead = unused(site)
    own = [rel for rel in dead if not _from_theme(rel, theme_dirs)]
    if own:
        raise UnusedFileError("no page loads " + ", ".join(own) + ": link it from a page or do not ship it")
    for rel in dead:
        (site / rel).unlink()
    for folder in sorted((p for p in site.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
        if not any(folder.iterdir()):  # deepest first: a folder emptied here, then its parent
            folder.rmdir()
    for rel, path in _files(site).items():
        if rel.endswith((".js", ".css")) and _from_theme(rel, theme_dirs):
            text = path.read_text(encoding="utf-8")
            match = _SOURCE_MAP.search(text)
            if match and not (path.parent / match["url"]).is_file():
                path.write_text(text[: match.start()] + "\n", encoding="utf-8")
    return dead
