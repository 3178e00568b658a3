"""The site's Content-Security-Policy and HTTP headers: their one home.

Every page carries the policy as `<meta http-equiv="Content-Security-Policy">` (first thing in
<head>, overrides/main.html reads `config.extra.csp`, set by the build hook), so it holds on any
static host. Hosts that read a `_headers` file (Netlify, Cloudflare Pages) get the same policy as
a real header, plus what a <meta> cannot say (frame-ancestors) and the MIME types and caching the
runtime needs: `write_headers_file()` writes site/_headers. build_tools/static_server.py sends
those headers too (`headers=True`), so the browser tests run under the header policy, which
unlike the <meta> also governs the workers (a worker takes the policy of its own script's response).

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
_IMMUTABLE = "public, max-age=31536000, immutable"
_REVALIDATE = "no-cache"  # keep a copy, but ask (a cheap 304) before using it
# The theme's files carry a content hash in their names ("bundle.a5f9d56c.min.js"): never stale.
_HASHED = re.compile(r"^assets/.+\.[0-9a-f]{8}\.min\.(?:js|css)$")


def header_rules(site: Path | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """The rules; with the built site, also one rule per content-hashed theme file (cached for good)."""
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
        # The runtime and the engine keep their names from build to build: always revalidate,
        # so that the interpreter, its script and the engine never come from different builds.
        ("/assets/pyodide/*", [("Cache-Control", _REVALIDATE)]),
        ("/assets/engine/*", [("Cache-Control", _REVALIDATE)]),
        ("/sw.js", [("Cache-Control", _REVALIDATE)]),  # the service worker: a new build is seen at once
    ]
    if site is not None:
        for path in sorted(Path(site).rglob("*")):
            rel = path.relative_to(site).as_posix()
            if path.is_file() and _HASHED.match(rel) and not rel.endswith(".map"):
                rules.append((f"/{rel}", [("Cache-Control", _IMMUTABLE)]))
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
