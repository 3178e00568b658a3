"""The built site on a real host (issue 20): Debian's nginx with deploy/nginx.conf (written by
build_tools/nginx_conf.py) serves the pages, the runtime with its types, the build's brotli and
gzip copies, the policy as a header (frame-ancestors included, CONTRACT 4f; issue 22), each file's
Cache-Control as `_headers` gives it, the 404 page, and nothing it should not; the calculator
starts from a #data= link, scores and installs its service worker through it in Chromium.

`make setup` installs nginx and its brotli module (apt); without them these tests fail and say so
(they never skip).
"""

from __future__ import annotations

import gzip
import json
import urllib.error
import urllib.request
from pathlib import Path

import brotli
import pytest

import calculator
from build_tools import nginx_conf, precompress, site_headers
from build_tools.nginx_server import Nginx
from tests.browser import PHONE, b64url, page_result, wait_ready, wait_result

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def nginx_site(built_site, tmp_path_factory):
    with Nginx(built_site, tmp_path_factory.mktemp("nginx")) as base:
        yield base


def fetch(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def test_the_shipped_deploy_config_is_the_generators():
    shipped = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert shipped == nginx_conf.site_config(), "run: .venv/bin/python -m build_tools.nginx_conf > deploy/nginx.conf"
    assert "brotli_static on;" in shipped and "gzip_static on;" in shipped and "error_page 404 /404.html;" in shipped


def test_the_build_writes_brotli_and_gzip_copies_beside_every_compressible_file(built_site):
    files = precompress.served_files(built_site)
    compressible = [p for p in files if p.suffix in precompress.COMPRESSIBLE]
    assert len(compressible) > 80 and any(p.name == "pyodide.asm.wasm" for p in compressible)
    for path in compressible:
        data = path.read_bytes()
        br, gz = path.with_name(path.name + ".br"), path.with_name(path.name + ".gz")
        if len(data) > 1000:  # below that a copy may be no smaller, and then there is none
            assert br.is_file() and gz.is_file(), path
        if br.is_file():
            assert brotli.decompress(br.read_bytes()) == data and br.stat().st_size < len(data), br
        if gz.is_file() and path.name != "sitemap.xml":  # MkDocs writes its own sitemap.xml.gz
            assert gzip.decompress(gz.read_bytes()) == data and gz.stat().st_size < len(data), gz
    assert not [p for p in files if p.suffix not in precompress.COMPRESSIBLE and p.with_name(p.name + ".br").exists()]
    copies = [p for p in built_site.rglob("*") if precompress.is_copy(p.name)]
    assert all(p.with_name(p.name[:-3]).is_file() for p in copies), "a copy without its file"


def test_nginx_sends_the_sites_policy_and_types(nginx_site):
    status, headers, body = fetch(nginx_site)
    assert status == 200 and "积分" in body.decode("utf-8")
    assert headers["content-security-policy"] == site_headers.csp(header=True)
    assert "frame-ancestors 'self'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "SAMEORIGIN" and headers["x-content-type-options"] == "nosniff"
    status, headers, _ = fetch(nginx_site + "assets/pyodide/pyodide.asm.wasm")
    assert status == 200 and headers["content-type"] == "application/wasm" and "content-encoding" not in headers
    assert "frame-ancestors" in headers["content-security-policy"]
    status, headers, _ = fetch(nginx_site + "assets/pyodide/pyodide.mjs")
    assert headers["content-type"].startswith("text/javascript")


@pytest.mark.parametrize(
    "rel", ["assets/pyodide/pyodide.asm.wasm", "assets/engine/python_stdlib.zip", "calculator/index.html", "sw.js"]
)
def test_nginx_sends_the_builds_brotli_and_gzip_copies(nginx_site, built_site, rel):
    original = (built_site / rel).read_bytes()
    url = nginx_site + (rel.removesuffix("index.html"))
    status, headers, body = fetch(url, **{"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert status == 200 and headers["content-encoding"] == "br" and "accept-encoding" in headers["vary"].lower()
    assert body == (built_site / f"{rel}.br").read_bytes() and brotli.decompress(body) == original
    assert len(body) < 0.8 * len(gzip.compress(original, 6)) or len(original) < 20_000  # brotli 11 beats gzip 6
    status, headers, body = fetch(url, **{"Accept-Encoding": "gzip"})
    assert headers["content-encoding"] == "gzip" and gzip.decompress(body) == original
    assert headers["cache-control"] == site_headers.cache_control(rel)


def test_every_file_gets_the_cache_control_of_its_kind(nginx_site, built_site):
    """Each file of the built site, and each page by its URL: one Cache-Control, the one _headers
    gives it (site_headers.cache_control), and the policy; every kind of file is among them."""
    kinds = set()
    for path in precompress.served_files(built_site):
        rel = path.relative_to(built_site).as_posix()
        if rel == "_headers":
            continue
        urls = [rel] + ([rel.removesuffix("index.html")] if rel.endswith("index.html") else [])
        for url in urls:
            with urllib.request.urlopen(nginx_site + url, timeout=10) as response:
                body = response.read()
                values = response.headers.get_all("Cache-Control")
                assert response.headers["Content-Security-Policy"] == site_headers.csp(header=True), url
            assert body == path.read_bytes(), url
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


def test_a_folder_without_its_slash_is_redirected_to_it(nginx_site):
    """Relative links resolve from the slash: "calculator" must become "calculator/", not be served."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as answer:
        opener.open(nginx_site + "indicators/age", timeout=10)
    assert answer.value.code == 301 and answer.value.headers["Location"] == "/indicators/age/"


def test_an_unknown_path_gets_the_sites_404_page(address_site, tmp_path):
    """The build for an address (CONTRACT 4f) has a 404.html; nginx answers an unknown path,
    at any depth, with it and the status 404 (not a soft 404)."""
    with Nginx(address_site, tmp_path) as base:
        for path in ("no-such-page/", "indicators/no/such/page", "calculator/nothing.js"):
            status, headers, body = fetch(base + path, **{"Accept-Encoding": "br"})
            assert status == 404, path
            assert brotli.decompress(body) == (address_site / "404.html").read_bytes(), path
            assert headers["content-security-policy"] == site_headers.csp(header=True)
            assert headers["cache-control"] == site_headers.PAGE


def test_the_calculator_starts_from_a_link_scores_and_goes_offline_through_nginx(nginx_site, chromium_browser):
    context = chromium_browser.new_context(**PHONE)
    page = context.new_page()
    errors: list[str] = []
    encodings: dict[str, str | None] = {}
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda r: encodings.__setitem__(r.url.rsplit("/", 1)[-1], r.headers.get("content-encoding")))
    case = json.loads((ROOT / "tests" / "golden" / "01-contract-example.json").read_text(encoding="utf-8"))["input"]
    page.goto(nginx_site + "calculator/#data=" + b64url(case))
    wait_ready(page)
    wait_result(page)
    assert page_result(page)["total"] == f"{calculator.score(case)['total']:.2f}"
    assert encodings["pyodide.asm.wasm"] == "br" and encodings["calculator.js"] == "br", encodings
    state = "async () => (await navigator.serviceWorker.ready).active.state"
    for _ in range(100):  # the worker installs after the page is ready: up to 10 s
        if page.evaluate(state) == "activated":
            break
        page.wait_for_timeout(100)
    assert page.evaluate(state) == "activated"
    assert not errors, errors
    context.close()
