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
HEADER_ONLY_DIRECTIVES: tuple[tuple[str, str], ...] = (
    ("frame-ancestors", "'self'"),
)


def csp(header: bool = False) -> str:
    """The policy as one line: for the <meta> by default, with the header-only directives if `header`."""
    directives = CSP_DIRECTIVES + (HEADER_ONLY_DIRECTIVES if header else ())
    return "; ".join(f"{name} {value}" for name, value in directives)


# Rules of the _headers file, in order: (path pattern, headers). Netlify and Cloudflare Pages
# apply every rule whose pattern matches ("/*" is the whole site) and JOIN the values of a header
# set by two rules, so each header is set by at most one rule for any path (test_site_security).
# Pages and other unhashed files get the hosts' default caching (revalidate).
_ONE_DAY = "public, max-age=86400"
_ONE_YEAR = "public, max-age=31536000, immutable"


def header_rules() -> list[tuple[str, list[tuple[str, str]]]]:
    return [
        ("/*", [
            ("Content-Security-Policy", csp(header=True)),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "no-referrer"),
            ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
        ]),
        # Pyodide needs these types: compileStreaming refuses wasm that is not application/wasm,
        # and a module worker refuses .mjs that is not JavaScript.
        ("/assets/pyodide/*.wasm", [("Content-Type", "application/wasm"), ("Cache-Control", _ONE_DAY)]),
        ("/assets/pyodide/*.mjs", [("Content-Type", "text/javascript; charset=utf-8"), ("Cache-Control", _ONE_DAY)]),
        ("/assets/pyodide/*.js", [("Content-Type", "text/javascript; charset=utf-8"), ("Cache-Control", _ONE_DAY)]),
        ("/assets/pyodide/*.zip", [("Content-Type", "application/zip"), ("Cache-Control", _ONE_DAY)]),
        ("/assets/engine/*.whl", [("Content-Type", "application/zip"), ("Cache-Control", _ONE_DAY)]),
        ("/assets/engine/*.json", [("Content-Type", "application/json"), ("Cache-Control", "public, max-age=0, must-revalidate")]),
        # The theme's bundle and stylesheets carry a content hash in their names.
        ("/assets/javascripts/bundle.*", [("Cache-Control", _ONE_YEAR)]),
        ("/assets/javascripts/workers/*", [("Cache-Control", _ONE_YEAR)]),
        ("/assets/stylesheets/main.*", [("Cache-Control", _ONE_YEAR)]),
        ("/assets/stylesheets/palette.*", [("Cache-Control", _ONE_YEAR)]),
        ("/search/search_index.json", [("Content-Type", "application/json"), ("Cache-Control", "public, max-age=0, must-revalidate")]),
    ]


def headers_file() -> str:
    lines = ["# Written by build_tools/site_headers.py at build time: edit that file, not this one."]
    for pattern, headers in header_rules():
        lines.append(pattern)
        lines += [f"  {name}: {value}" for name, value in headers]
    return "\n".join(lines) + "\n"


def write_headers_file(site: Path) -> Path:
    path = Path(site) / "_headers"
    path.write_text(headers_file(), encoding="utf-8")
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
