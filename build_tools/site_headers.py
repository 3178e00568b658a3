"""The site's Content-Security-Policy and HTTP headers: their one home.

Every page carries the policy as `<meta http-equiv="Content-Security-Policy">` (first thing in
<head>, overrides/main.html reads `config.extra.csp`, set by the build hook), so it holds on any
static host. Hosts that read a `_headers` file (Netlify, Cloudflare Pages) get the same policy as
a real header, plus what a <meta> cannot say (frame-ancestors), the MIME types the runtime needs
and every file's caching (cache_control, below): `write_headers_file()` writes site/_headers.
build_tools/static_server.py sends those headers too (`headers=True`), so the browser tests run
under the header policy, which unlike the <meta> also governs the workers (a worker takes the
policy of its own script's response).

Why each source is allowed:

    default-src 'self'               everything from the site itself; nothing else anywhere
    script-src 'self' 'wasm-unsafe-eval'
                                     script files only, no inline code; the engine worker compiles
                                     Pyodide's WebAssembly (the only thing the wasm keyword allows)
    connect-src 'self'               the workers fetch the search index, the runtime (.wasm, .zip)
                                     and the engine wheel from the site; no data:/blob: is fetched
    img-src 'self' data:             the theme's stylesheet draws its icons from data: SVG URLs
                                     (CSS mask images); no page has an image from elsewhere
    worker-src 'self'                the theme's search worker and the engine worker are site files
    object-src 'none', base-uri 'self', form-action 'self'
                                     no plugins, no <base> hijack, forms post nowhere else
"""

from __future__ import annotations

import re
from pathlib import Path

from build_tools import precompress

CSP_DIRECTIVES: tuple[tuple[str, str], ...] = (
    ("default-src", "'self'"),
    ("script-src", "'self' 'wasm-unsafe-eval'"),
    ("connect-src", "'self'"),
    ("img-src", "'self' data:"),
    ("style-src", "'self'"),
    ("font-src", "'self'"),
    ("worker-src", "'self'"),
    ("manifest-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
# Only honoured in a real header: browsers ignore (and complain about) these in a <meta>.
HEADER_ONLY_DIRECTIVES: tuple[tuple[str, str], ...] = (("frame-ancestors", "'self'"),)


def csp(header: bool = False) -> str:
    """The policy as one line: for the <meta> by default, with the header-only directives if `header`."""
    directives = CSP_DIRECTIVES + (HEADER_ONLY_DIRECTIVES if header else ())
    return "; ".join(f"{name} {value}" for name, value in directives)


# Rules of the _headers file, in order: (path pattern, headers). Netlify and Cloudflare Pages
# apply every rule whose pattern matches ("/*" is the whole site) and JOIN the values of a header
# set by two rules, so each header is set by at most one rule for any path (test_site_security).
# Patterns are exact paths or end in "/*": the one wildcard both hosts read the same way.
#
# Caching. Joined, a Cache-Control on "/*" and another on "/assets/*" would give one path
# "no-cache, public, max-age=31536000, immutable", which means something else on every browser.
# So Cache-Control is never set on "/*", nor on two patterns that can match one path: each file
# of the built site is of one kind (cache_control), and `cache_rules` gives each kind's files
# their Cache-Control through patterns that never overlap: "/<folder>/*" where every file under
# the folder is of one kind, otherwise each file by its own path (a page by its URL, "/x/", and by
# "/x/index.html"). Unknown paths match no Cache-Control rule (the host's default).
IMMUTABLE = "public, max-age=31536000, immutable"  # a content hash in the name: never stale
REVALIDATE = "no-cache"  # keep a copy, but ask (a cheap 304) before each use
# A page: revalidated, and not to be transcoded (Baidu's convention for a responsive page; the
# <meta http-equiv> form of it is not valid HTML, so the header says it)
PAGE = "no-cache, no-transform"
SHORT = "public, max-age=300, must-revalidate"  # used for five minutes, then asked again
# The theme's files carry a content hash in their names ("bundle.a5f9d56c.min.js"): never stale.
HASHED = re.compile(r"^assets/.+\.[0-9a-f]{8}\.min\.(?:js|css)$")
# Files that must come from the same build as what loads them, so revalidated like the pages:
# the runtime and the engine keep their names from build to build (the interpreter, its script and
# the engine must match; so must a stored memory snapshot); the calculator's page and its modules
# import each other by fixed names (a page of the new build must not meet a module of the old);
# the service worker's registration speaks the worker's protocol.
WORKER = "sw.js"  # the service worker: revalidated like the pages
SAME_BUILD = ("assets/pyodide/", "assets/engine/", "calculator/", "assets/offline.js")
_NOT_SERVED = ("_headers",)  # read by the host, never served


def cache_control(rel: str) -> str:
    """The Cache-Control of one file of the built site (its site-relative path): content-hashed
    files for a year; pages, the service worker and what must match its build revalidated at every
    use; every other file (images, the site's stylesheets and search, the sitemap) for five
    minutes, then revalidated: a new build reaches every visitor within five minutes."""
    if HASHED.match(rel):
        return IMMUTABLE
    if rel.endswith(".html"):
        return PAGE
    if rel == WORKER or rel.startswith(SAME_BUILD):
        return REVALIDATE
    return SHORT


def cache_rules(site: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    """One Cache-Control rule per folder whose files are all of one kind, else per file; no two of
    their patterns match one path."""
    site = Path(site)
    kinds = {
        p.relative_to(site).as_posix(): cache_control(p.relative_to(site).as_posix())
        for p in precompress.served_files(site)
        if p.relative_to(site).as_posix() not in _NOT_SERVED
    }
    rules: list[tuple[str, list[tuple[str, str]]]] = []

    def visit(folder: str) -> None:  # "" is the site root, else "a/b/"
        under = {rel: kind for rel, kind in kinds.items() if rel.startswith(folder)}
        if folder and len(set(under.values())) == 1:
            rules.append((f"/{folder}*", [("Cache-Control", next(iter(under.values())))]))
            return
        subfolders = sorted({rel[len(folder) :].split("/", 1)[0] for rel in under if "/" in rel[len(folder) :]})
        for rel, kind in under.items():
            if "/" not in rel[len(folder) :]:
                if rel == folder + "index.html":  # the page's own URL, as visitors ask for it
                    rules.append((f"/{folder}", [("Cache-Control", kind)]))
                rules.append((f"/{rel}", [("Cache-Control", kind)]))
        for sub in subfolders:
            visit(f"{folder}{sub}/")

    visit("")
    return rules


def header_rules(site: Path | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """The rules; with the built site, also its Cache-Control rules (cache_rules)."""
    rules = [
        (
            "/*",
            [
                ("Content-Security-Policy", csp(header=True)),
                ("X-Content-Type-Options", "nosniff"),
                ("X-Frame-Options", "SAMEORIGIN"),  # frame-ancestors for browsers that predate it
                ("Referrer-Policy", "no-referrer"),
                ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
            ],
        ),
        # Pyodide needs these types: compileStreaming refuses wasm that is not application/wasm,
        # and a module worker refuses a module that is not JavaScript.
        ("/assets/pyodide/pyodide.asm.wasm", [("Content-Type", "application/wasm")]),
        ("/assets/pyodide/pyodide.mjs", [("Content-Type", "text/javascript; charset=utf-8")]),
    ]
    if site is not None:
        rules += cache_rules(site)
    return rules


def headers_file(site: Path | None = None) -> str:
    lines = ["# Written by build_tools/site_headers.py at build time: edit that file, not this one."]
    for pattern, headers in header_rules(site):
        lines.append(pattern)
        lines += [f"  {name}: {value}" for name, value in headers]
    return "\n".join(lines) + "\n"


def write_headers_file(site: Path) -> Path:
    path = Path(site) / "_headers"
    path.write_text(headers_file(site), encoding="utf-8")
    return path


def parse_headers_file(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Read a _headers file back: [(pattern, [(name, value), ...]), ...] (for the static server)."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
        else:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def headers_for(rules: list[tuple[str, list[tuple[str, str]]]], url_path: str) -> dict[str, str]:
    """The headers the rules give one URL path (site-relative, starting with "/"); later rules win."""
    from fnmatch import fnmatchcase

    out: dict[str, str] = {}
    for pattern, headers in rules:
        if fnmatchcase(url_path, pattern):
            out.update(headers)
    return out
