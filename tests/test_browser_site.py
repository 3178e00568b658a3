"""Every built page in headless Chromium: no request leaves the origin, only the calculator
pages (the calculator and its batch page) load the Python runtime, and the calculator works
when the site sits under a sub-path."""

from __future__ import annotations

import json
import re
from itertools import combinations
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from build_tools import static_server
from tests.audit import site_pages
from tests.browser import PHONE, expected_from_cpython, page_result, show_case, wait_ready, wait_result

ROOT = Path(__file__).resolve().parent.parent
# the runtime, and every file of the calculator's directory (its scripts, modules and styles)
CALCULATOR_ONLY = ("assets/pyodide/", "assets/engine/", "calculator/")
ENGINE_PAGES = ("calculator/", "calculator/batch/")  # the pages that run the engine worker


def _visit(browser, base: str, path: str) -> tuple[list[str], list[str]]:
    """Open one page like a visitor; return every request URL (workers included) and failed responses."""
    context = browser.new_context(**PHONE)
    requests: list[str] = []
    failures: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    context.on("requestfailed", lambda request: failures.append(f"failed {request.url}"))
    context.on(
        "response", lambda response: response.status >= 400 and failures.append(f"{response.status} {response.url}")
    )
    page = context.new_page()
    page.goto(base + path, wait_until="load")
    if path == "calculator/":
        wait_ready(page)
        wait_result(page)
    elif path in ENGINE_PAGES:
        page.focus('[data-testid="batch-file"]')  # the batch page starts its engine on intent
        page.wait_for_selector('[data-testid="batch"][data-state="ready"]', timeout=90_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)  # late requests (the search worker, its index)
    context.close()
    return requests, failures


def test_the_site_has_pages(built_site):
    pages = site_pages(built_site)
    assert "calculator/" in pages and "" in pages and len(pages) >= 20


def test_no_request_leaves_the_origin_on_any_page_and_only_the_calculator_pages_load_python(
    built_site, served_site, chromium_browser
):
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(served_site))
    outside: list[tuple[str, str]] = []
    runtime_elsewhere: list[tuple[str, str]] = []
    failures: list[tuple[str, str]] = []
    calculator_requests: list[str] = []
    for path in site_pages(built_site):
        requests, failed = _visit(chromium_browser, served_site, path)
        assert requests, path
        for url in requests:
            if url.startswith(("data:", "blob:")):
                continue
            parts = urlsplit(url)
            if f"{parts.scheme}://{parts.netloc}" != origin:
                outside.append((path, url))
            site_path = url[len(served_site) :] if url.startswith(served_site) else url
            if path not in ENGINE_PAGES and site_path.startswith(CALCULATOR_ONLY):
                runtime_elsewhere.append((path, url))
        failures += [(path, f) for f in failed]
        if path == "calculator/":
            calculator_requests = requests
    assert not outside, outside[:20]
    assert not runtime_elsewhere, runtime_elsewhere[:20]
    assert not failures, failures[:20]
    # the audit does see the worker's requests: the calculator page fetched the whole runtime
    for name in (
        "assets/pyodide/pyodide.mjs",
        "assets/pyodide/pyodide.asm.wasm",
        "assets/engine/python_stdlib.zip",
        "assets/engine/pyodide-lock.json",
        "assets/engine/engine.json",
        "calculator/engine-worker.js",
    ):
        assert any(url == served_site + name for url in calculator_requests), name
    assert any(
        url.startswith(served_site + "assets/engine/calculator-") and url.endswith(".whl")
        for url in calculator_requests
    )
    # the stock lock file and standard library of the npm package are not even in the site: the page
    # uses the site-local lock and the trimmed standard library
    assert not (built_site / "assets" / "pyodide" / "pyodide-lock.json").exists()
    assert not (built_site / "assets" / "pyodide" / "python_stdlib.zip").exists()


@pytest.fixture(scope="module")
def deep_site(built_site):
    server, url = static_server.start(built_site, prefix="/deep/sub/path/")
    yield url
    server.shutdown()


def test_the_calculator_works_under_a_sub_path(deep_site, chromium_browser):
    assert deep_site.endswith("/deep/sub/path/")
    context = chromium_browser.new_context(**PHONE)
    requests: list[str] = []
    bad: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    context.on("response", lambda response: response.status >= 400 and bad.append(f"{response.status} {response.url}"))
    page = context.new_page()
    page.goto(deep_site + "calculator/")
    wait_ready(page)
    case = json.loads((ROOT / "tests" / "golden" / "01-contract-example.json").read_text(encoding="utf-8"))
    show_case(page, case["input"])
    shown = page_result(page)
    expected = expected_from_cpython(case["input"])
    assert {k: shown[k] for k in expected} == expected
    # links from the result panel stay under the sub-path
    href = page.eval_on_selector('[data-testid="item-employment"] a', "a => a.href")
    assert href == deep_site + "indicators/employment/"
    context.close()
    assert not bad, bad
    assert all(url.startswith(deep_site) or url.startswith(("data:", "blob:")) for url in requests), [
        url for url in requests if not url.startswith(deep_site)
    ][:10]
    assert any(url.endswith("assets/pyodide/pyodide.asm.wasm") for url in requests)


def test_the_server_compresses_every_file_like_a_static_host(served_site, built_site):
    import gzip
    import urllib.request

    def get(path: str, **headers):
        request = urllib.request.Request(served_site + path, headers={"Accept-Encoding": "gzip", **headers})
        try:
            with urllib.request.urlopen(request) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), b""

    status, headers, body = get("calculator/")
    assert headers["Content-Encoding"] == "gzip"
    assert 'data-testid="calculator"' in gzip.decompress(body).decode("utf-8")
    for path, mime in (
        ("assets/pyodide/pyodide.asm.wasm", "application/wasm"),
        ("assets/pyodide/pyodide.mjs", "text/javascript"),
        ("assets/engine/python_stdlib.zip", "application/zip"),
    ):
        status, headers, body = get(path)
        assert (status, headers["Content-Type"], headers["Content-Encoding"]) == (200, mime, "gzip"), path
        assert gzip.decompress(body) == (built_site / path).read_bytes(), path
        # a browser or the service worker revalidating what it holds gets no body again
        status, headers, body = get(path, **{"If-Modified-Since": headers["Last-Modified"]})
        assert (status, body) == (304, b""), path
    # the stored (uncompressed) standard library is what makes gzip work on it
    raw = (built_site / "assets/engine/python_stdlib.zip").stat().st_size
    assert len(get("assets/engine/python_stdlib.zip")[2]) < raw / 3


# Pointer targets in the sidebars (Lighthouse's target-size audit, WCAG 2.2 target size;
# docs/assets/stylesheets/theme.css): every link, and every label the keyboard reaches, at least
# 24 × 24 px, none on another. From 960 px the table of contents is a sidebar, from 1220 px the
# navigation too (below that it is the theme's drawer, 48 px a link, levels laid over each other).
TARGETS = """(sidebars) => [...document.querySelectorAll(sidebars)]
    .flatMap((bar) => [...bar.querySelectorAll('a[href], label[tabindex="0"]')])
    .filter((el) => el.checkVisibility({ visibilityProperty: true }))
    .map((el) => {
        const box = el.getBoundingClientRect();
        return { text: el.textContent.trim().slice(0, 20), top: box.top, bottom: box.bottom, left: box.left, right: box.right };
    })"""
SIDEBARS = {1000: ".md-sidebar--secondary", 1280: ".md-sidebar--primary, .md-sidebar--secondary"}


@pytest.mark.parametrize("width", sorted(SIDEBARS))
def test_every_sidebar_link_is_a_target_of_at_least_24_px(built_site, served_site, chromium_browser, width):
    context = chromium_browser.new_context(viewport={"width": width, "height": 900}, service_workers="block")
    context.route(re.compile(r"/assets/(pyodide|engine)/"), lambda route: route.abort())  # layout only
    page = context.new_page()
    small, overlapping, counts = [], [], {}
    for path in site_pages(built_site):
        page.goto(served_site + path, wait_until="load")
        targets = page.evaluate(TARGETS, SIDEBARS[width])
        counts[path] = len(targets)
        for t in targets:
            if t["bottom"] - t["top"] < 24 or t["right"] - t["left"] < 24:
                small.append((path, t["text"], round(t["right"] - t["left"], 1), round(t["bottom"] - t["top"], 1)))
        for a, b in combinations(targets, 2):
            if a["top"] < b["bottom"] and b["top"] < a["bottom"] and a["left"] < b["right"] and b["left"] < a["right"]:
                overlapping.append((path, a["text"], b["text"]))
    context.close()
    assert counts["indicators/age/"] >= (40 if width == 1280 else 5), counts  # the audit sees the sidebars
    assert not small, small[:20]
    assert not overlapping, overlapping[:20]


# The site's own stylesheets ship minified (build_tools/minify_css.py): comments and spaces go, the
# rules stay. Chromium reads the source and the shipped copy, and writes both back out rule by rule.
RULES_JS = """(text) => {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(text);
  return Array.from(sheet.cssRules, (rule) => rule.cssText);
}"""


def test_the_minified_stylesheets_hold_the_same_rules(built_site, chromium_browser):
    docs = ROOT / "docs"
    sources = sorted(docs.rglob("*.css"))
    assert len(sources) >= 4
    page = chromium_browser.new_page()
    try:
        for source in sources:
            shipped = built_site / source.relative_to(docs)
            text, minified = source.read_text(encoding="utf-8"), shipped.read_text(encoding="utf-8")
            assert len(minified) < len(text) and "/*" not in minified, source.name
            rules = page.evaluate(RULES_JS, text)
            assert len(rules) > 3 and page.evaluate(RULES_JS, minified) == rules, source.name
    finally:
        page.close()
