"""The Content-Security-Policy of the built site, its _headers file and the theme overrides that make
the policy possible (no inline scripts), and the copies of Material's templates in overrides/ (for
the policy, accessibility and valid HTML). In the browser: tests/test_browser_quality.py."""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path

import pytest

from build_tools import precompress, site_headers, static_server
from tests.audit import site_pages
from tests.html_tools import parse

ROOT = Path(__file__).resolve().parent.parent
MATERIAL = Path(__import__("material").__file__).parent / "templates"
# <script> types that are data, not code (never executed, so outside script-src)
DATA_SCRIPTS = {"application/json", "application/ld+json"}


def _policy(text: str) -> dict[str, list[str]]:
    directives = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        name, *values = part.split()
        assert name not in directives, f"{name} twice"
        directives[name] = values
    return directives


def _html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_the_policy_is_strict():
    for text in (site_headers.csp(), site_headers.csp(header=True)):
        policy = _policy(text)
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
        assert policy["connect-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        for name, values in policy.items():
            for value in values:
                assert value not in ("'unsafe-inline'", "'unsafe-eval'", "*", "blob:", "http:", "https:"), (name, value)
                assert "://" not in value, (name, value)
                if value == "data:":  # the theme's icons are data: SVG images in its stylesheet, nothing else
                    assert name == "img-src"
    assert "frame-ancestors" not in site_headers.csp()  # ignored (with a console error) in a <meta>
    assert _policy(site_headers.csp(header=True))["frame-ancestors"] == ["'self'"]


def test_every_page_has_the_policy_first_in_head(built_site):
    pages = _html_files(built_site)
    assert len(pages) == len(site_pages(built_site)) >= 20
    for path in pages:
        head = parse(path).find_all("head")[0]
        first = next(node for node in head.iter() if node is not head)
        assert first.tag == "meta" and first.attrs.get("http-equiv") == "Content-Security-Policy", path
        assert first.attrs["content"] == site_headers.csp(), path
        assert len(parse(path).find_all("meta", http_equiv="Content-Security-Policy")) == 1, path
        # the policy comes before the charset, which must still be within the first 1024 bytes
        assert 0 < path.read_bytes().find(b'<meta charset="utf-8">') < 1024, path


def test_no_page_has_inline_code(built_site):
    """Nothing the policy would block: every script a file, no inline styles or event handlers."""
    found = []
    for path in _html_files(built_site):
        rel = path.relative_to(built_site).as_posix()
        for node in parse(path).iter():
            if node.tag == "script" and not node.attrs.get("src") and node.attrs.get("type") not in DATA_SCRIPTS:
                found.append(f"{rel}: inline <script id={node.attrs.get('id')}>")
            if node.tag == "style" or "style" in node.attrs:
                found.append(f"{rel}: inline style on <{node.tag}>")
            for name, value in node.attrs.items():
                if name.startswith("on"):
                    found.append(f"{rel}: event handler {name} on <{node.tag}>")
                if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                    found.append(f"{rel}: javascript: URL on <{node.tag}>")
    assert not found, "\n".join(found[:20])


def test_every_script_and_stylesheet_is_a_site_file(built_site):
    for path in _html_files(built_site):
        root = parse(path)
        urls = [n.attrs["src"] for n in root.find_all("script") if n.attrs.get("src")]
        urls += [n.attrs["href"] for n in root.find_all("link") if n.attrs.get("rel") == "stylesheet"]
        for url in urls:
            assert "://" not in url and not url.startswith("//"), (path, url)
            assert (path.parent / url.split("?")[0]).resolve().is_file(), (path, url)


# ---------------------------------------------------------------- _headers
def test_the_headers_file_sends_the_same_policy_and_the_runtime_types(built_site):
    rules = site_headers.parse_headers_file((built_site / "_headers").read_text(encoding="utf-8"))
    assert rules == site_headers.header_rules(built_site)
    page = site_headers.headers_for(rules, "/indicators/age/")
    assert page["Content-Security-Policy"] == site_headers.csp(header=True)
    assert page["X-Content-Type-Options"] == "nosniff"
    wasm = site_headers.headers_for(rules, "/assets/pyodide/pyodide.asm.wasm")
    assert wasm["Content-Type"] == "application/wasm" and wasm["Cache-Control"] == "no-cache"
    assert site_headers.headers_for(rules, "/assets/pyodide/pyodide.mjs")["Content-Type"].startswith("text/javascript")
    bundle = next((built_site / "assets" / "javascripts").glob("bundle.*.min.js")).name
    assert "immutable" in site_headers.headers_for(rules, f"/assets/javascripts/{bundle}")["Cache-Control"]
    assert page["Cache-Control"] == "no-cache, no-transform"  # revalidated at every visit, not transcoded (Baidu)
    # every pattern is an exact file, a page's URL or a folder ending in /*, and matches something built
    files = [url for url, _ in _request_paths(built_site)]
    for pattern, _ in rules:
        assert "*" not in pattern.rstrip("*") and (not pattern.endswith("*") or pattern.endswith("/*")), pattern
        assert any(site_headers.headers_for([(pattern, [("x", "y")])], f) for f in files), pattern


def test_no_header_is_set_twice_for_one_file(built_site):
    """Netlify and Cloudflare Pages join the values of a header that two matching rules set."""
    from fnmatch import fnmatchcase

    rules = site_headers.header_rules(built_site)
    for path in precompress.served_files(built_site):
        if path.is_file():
            url = "/" + path.relative_to(built_site).as_posix()
            names = [name for pattern, headers in rules if fnmatchcase(url, pattern) for name, _ in headers]
            assert len(names) == len(set(names)), (url, names)


# How each host matches a _headers pattern against a request path (both apply every matching
# rule and join the values of a header two of them set):
def _netlify(pattern: str) -> re.Pattern:
    """netlify/build packages/headers-parser/src/for_regexp.ts: case-insensitive, an optional
    trailing slash, and "/x/*" also matches "/x" and "/xy" (the "*" part takes the slash with it)."""

    def part(text: str) -> str:
        if text.startswith(":"):
            return "([^/]+)"
        if text == "*":
            return "?(.*)"
        return "(.*)".join(re.escape(piece) for piece in text.split("*"))

    parts = [part(piece.rstrip()) for piece in pattern.split("/") if piece.rstrip()]
    return re.compile("^/" + "/".join(parts) + "/?$", re.IGNORECASE)


def _cloudflare(pattern: str) -> re.Pattern:
    """cloudflare/workers-sdk packages/workers-shared/asset-worker/src/utils/rules-engine.ts: the
    whole path, "*" any characters, ":name" one path segment."""
    rule = "(.*)".join(re.escape(piece) for piece in pattern.split("*"))
    return re.compile("^" + re.sub(r":([A-Za-z]\w*)", r"[^/]+", rule) + "$")


def _request_paths(site: Path) -> list[tuple[str, str]]:
    """(request path, file) for every served file; a page also by its URL ("/x/", "/")."""
    paths = []
    for path in precompress.served_files(site):
        rel = path.relative_to(site).as_posix()
        if path.is_file() and rel != "_headers":
            paths.append(("/" + rel, rel))
            if rel == "index.html" or rel.endswith("/index.html"):
                paths.append(("/" + rel[: -len("index.html")], rel))
    return paths


def test_every_file_gets_exactly_one_cache_control_on_each_host(built_site):
    """The values two matching rules set are joined (Netlify, Cloudflare Pages), so exactly one rule
    may give a path its Cache-Control, whichever way the host matches; never the site-wide rule."""
    rules = site_headers.parse_headers_file((built_site / "_headers").read_text(encoding="utf-8"))
    caching = [
        (pattern, dict(headers)["Cache-Control"]) for pattern, headers in rules if "Cache-Control" in dict(headers)
    ]
    assert "/*" not in [pattern for pattern, _ in caching]
    for host, compile_pattern in (("netlify", _netlify), ("cloudflare", _cloudflare)):
        compiled = [(compile_pattern(pattern), pattern, value) for pattern, value in caching]
        for url, rel in _request_paths(built_site):
            matches = [(pattern, value) for regex, pattern, value in compiled if regex.match(url)]
            assert len(matches) == 1, (host, url, matches)
            assert matches[0][1] == site_headers.cache_control(rel), (host, url)
    # the kinds: a page, the worker, a hashed theme file, an unhashed image and stylesheet, the wasm
    bundle = next((built_site / "assets" / "javascripts").glob("bundle.*.min.js")).name
    expected = {
        "/indicators/age/": "no-cache, no-transform",
        "/": "no-cache, no-transform",
        "/sw.js": "no-cache",
        f"/assets/javascripts/{bundle}": "public, max-age=31536000, immutable",
        "/assets/images/favicon.png": "public, max-age=300, must-revalidate",
        "/assets/stylesheets/site.css": "public, max-age=300, must-revalidate",
        "/assets/pyodide/pyodide.asm.wasm": "no-cache",
        "/calculator/boot.js": "no-cache",
    }
    for url, value in expected.items():
        assert site_headers.headers_for(rules, url)["Cache-Control"] == value, url


def test_the_static_server_sends_the_headers_file(built_site):
    server, base = static_server.start(built_site, prefix="/sub/")
    try:
        with urllib.request.urlopen(base + "indicators/age/") as response:
            assert response.headers["Content-Security-Policy"] == site_headers.csp(header=True)
        with urllib.request.urlopen(base + "assets/pyodide/pyodide.asm.wasm") as response:
            assert response.headers["Content-Type"] == "application/wasm"
            assert response.headers["Cache-Control"] == "no-cache"
    finally:
        server.shutdown()


# ---------------------------------------------------------------- the theme overrides
# Each override that is a copy of one of Material's templates differs from it only here (each edit
# made once, or the number of times given), and its first comment (Material's "automatically
# generated" note in the original) names the Material version it was copied from; if a Material
# update changes the template, this fails and the override is copied again.
OVERRIDE_EDITS = {
    "base.html": [  # the Nu HTML Checker: autocomplete is not allowed on a checkbox
        ('id="__drawer" autocomplete="off">', 'id="__drawer">'),
        ('id="__search" autocomplete="off">', 'id="__search">'),
        # the site's own search worker
        (
            '"search": "assets/javascripts/workers/search.a7633da7.min.js" | url,',
            '"search": "assets/javascripts/search-worker.js" | url,',
        ),
    ],
    "partials/search.html": [
        (
            '<div class="md-search" data-md-component="search" role="dialog">',
            '<div class="md-search" data-md-component="search" role="dialog" aria-label="{{ lang.t(\'search\') }}">',
        ),
        # the theme's search off on a page whose front matter says `search_off: true` (the calculator)
        (
            '<div class="md-search" data-md-component="search" role',
            '{%- set search_name = "search-off" if page and page.meta and page.meta.search_off else "search" %}\n'
            '<div class="md-search" data-md-component="{{ search_name }}" role',
        ),
        ('<form class="md-search__form" name="search">', '<form class="md-search__form" name="{{ search_name }}">'),
    ],
    "partials/nav-item.html": [
        (
            'aria-labelledby="{{ path }}_label" aria-expanded',
            'aria-label="{{ nav_item.title | striptags | trim }}" aria-expanded',
        ),
        # the Nu HTML Checker: tabindex="" is no integer (both of a section's labels)
        ('_label" tabindex="{{ tabindex }}">', '_label"{% if tabindex %} tabindex="{{ tabindex }}"{% endif %}>', 2),
    ],
    "partials/toc.html": [  # the Nu HTML Checker: a label for no control on a section's index page
        (
            '<label class="md-nav__title" for="__toc">',
            '<label class="md-nav__title"{% if not (page.is_index and page.parent and "navigation.indexes" in features) %}'
            ' for="__toc"{% endif %}>',
        )
    ],
}
FIRST_COMMENT = re.compile(r"\A\{#-.*?-#\}\n", re.S)


@pytest.mark.parametrize("name", sorted(OVERRIDE_EDITS))
def test_copied_theme_partials_differ_only_where_intended(name):
    text = FIRST_COMMENT.sub("", (MATERIAL / name).read_text(encoding="utf-8"), count=1)
    for old, new, *times in OVERRIDE_EDITS[name]:
        count = times[0] if times else 1
        assert text.count(old) == count, f"Material's {name} changed: copy it again into overrides/ and redo the edit"
        text = text.replace(old, new)
    override = (ROOT / "overrides" / name).read_text(encoding="utf-8")
    header = FIRST_COMMENT.match(override)
    version = __import__("material").__version__
    assert header and f"Material {version}'s {name}" in header.group(), (
        f"overrides/{name}: say it is a copy of Material {version}'s"
    )
    assert override[header.end() :] == text


def test_the_inline_theme_scripts_that_were_moved_are_the_only_ones():
    """Material writes inline scripts from these partials; overrides/ replaces every one used here."""
    inline = set()
    for path in (MATERIAL / "partials" / "javascripts").glob("*.html"):
        if re.search(r"<script>", path.read_text(encoding="utf-8")):
            inline.add(path.name)
    assert {"base.html", "content.html", "palette.html"} <= inline
    for name in ("base.html", "content.html"):
        override = (ROOT / "overrides" / "partials" / "javascripts" / name).read_text(encoding="utf-8")
        assert "<script>" not in override and "<script src=" in override
    # the palette toggle's script: the site has no palette (mkdocs.yml), so it writes nothing
    override = (ROOT / "overrides" / "partials" / "javascripts" / "palette.html").read_text(encoding="utf-8")
    assert "<script" not in override
