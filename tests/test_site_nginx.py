"""The built site on a real host (issue 20): Debian's nginx, configured by build_tools/nginx_conf.py
from the same header rules as `_headers`, serves the pages, the runtime with its types, the policy
as a header (frame-ancestors included, CONTRACT 4f; issue 22) and nothing it should not; the
calculator starts and scores through it in Chromium.

`make setup` installs nginx (apt); without it this test fails and says so (it never skips).
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import calculator
from build_tools import nginx_conf, site_headers
from tests.browser import PHONE, page_result, show_case, wait_ready, wait_result

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def nginx_site(built_site, tmp_path_factory):
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        pytest.fail("nginx is not installed: run `make setup` (it installs Debian's nginx)")
    work = tmp_path_factory.mktemp("nginx")
    port = _free_port()
    conf = work / "nginx.conf"
    conf.write_text(nginx_conf.standalone(built_site, port, work), encoding="utf-8")
    test = subprocess.run([binary, "-t", "-c", str(conf), "-p", str(work)], capture_output=True, text=True)
    assert test.returncode == 0, test.stderr
    proc = subprocess.Popen([binary, "-c", str(conf), "-p", str(work)], stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}/"
    for _ in range(100):
        try:
            urllib.request.urlopen(base, timeout=1)
            break
        except OSError:
            time.sleep(0.05)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


def fetch(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def test_nginx_sends_the_sites_policy_and_types(nginx_site):
    status, headers, body = fetch(nginx_site)
    assert status == 200 and "积分" in body.decode("utf-8")
    assert headers["content-security-policy"] == site_headers.csp(header=True)
    assert "frame-ancestors 'self'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "SAMEORIGIN" and headers["x-content-type-options"] == "nosniff"
    status, headers, _ = fetch(nginx_site + "assets/pyodide/pyodide.asm.wasm", **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["content-type"] == "application/wasm"
    assert headers.get("content-encoding") == "gzip" and headers["cache-control"] == "no-cache"
    assert "frame-ancestors" in headers["content-security-policy"]  # repeated in every location
    status, headers, _ = fetch(nginx_site + "assets/pyodide/pyodide.mjs")
    assert headers["content-type"].startswith("text/javascript")


def test_nginx_sends_exactly_the_one_cache_control_of_each_kind_of_file(nginx_site, built_site):
    """A page (by its URL and by its file), the home page, the service worker, a hashed theme file,
    unhashed files (an image, a stylesheet, the search index), the wasm and a calculator module:
    one Cache-Control each, the one _headers gives it (site_headers.cache_control)."""
    bundle = next((built_site / "assets" / "javascripts").glob("bundle.*.min.js")).name
    samples = {
        "": "index.html",
        "indicators/age/": "indicators/age/index.html",
        "indicators/age/index.html": "indicators/age/index.html",
        "calculator/": "calculator/index.html",
        "sw.js": "sw.js",
        f"assets/javascripts/{bundle}": f"assets/javascripts/{bundle}",
        "assets/images/favicon.png": "assets/images/favicon.png",
        "assets/stylesheets/site.css": "assets/stylesheets/site.css",
        "search/search_index.json": "search/search_index.json",
        "assets/pyodide/pyodide.asm.wasm": "assets/pyodide/pyodide.asm.wasm",
        "calculator/boot.js": "calculator/boot.js",
    }
    kinds = set()
    for url, rel in samples.items():
        with urllib.request.urlopen(nginx_site + url, timeout=10) as response:
            body = response.read()
            values = response.headers.get_all("Cache-Control")
            assert response.headers["Content-Security-Policy"] == site_headers.csp(header=True), url
        assert body == (built_site / rel).read_bytes(), url
        assert values == [site_headers.cache_control(rel)], (url, values)
        kinds.add(values[0])
    assert kinds == {site_headers.IMMUTABLE, site_headers.REVALIDATE, site_headers.PAGE, site_headers.SHORT}


@pytest.mark.parametrize("path", ["_headers", ".hidden", "assets/", "no-such-page/", "calculator/%00.js"])
def test_nginx_serves_nothing_it_should_not(nginx_site, built_site, path):
    hidden = built_site / ".hidden"  # the session's built site is shared: removed again at once
    hidden.write_text("secret", encoding="utf-8")
    try:
        status, _, body = fetch(nginx_site + path)
    finally:
        hidden.unlink()
    assert status in (400, 404), (path, status)
    assert b"secret" not in body and b"Index of" not in body


def test_the_calculator_starts_and_scores_through_nginx(nginx_site, chromium_browser):
    context = chromium_browser.new_context(**PHONE)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(nginx_site + "calculator/")
    wait_ready(page)
    case = json.loads((ROOT / "tests" / "golden" / "01-contract-example.json").read_text(encoding="utf-8"))["input"]
    show_case(page, case)
    wait_result(page)
    assert page_result(page)["total"] == f"{calculator.score(case)['total']:.2f}"
    assert not errors, errors
    context.close()
