"""Start-up from a stored memory snapshot, its fall-backs, and the site offline (service worker).

The page marks on <html> how the engine started (docs/calculator/boot.js):
data-engine-start = "cold" | "snapshot" | "fallback", data-engine-snapshot = "stored" once a
new snapshot is kept; and what the service worker holds (docs/assets/offline.js):
data-offline = "page site calculator", data-offline-version = the build version.
No timing is asserted here (bench/page_bench.py measures); every expected score comes from
CPython in this process.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import time
from pathlib import Path

import pytest

from build_tools import offline, static_server
from tests.browser import PHONE, b64url, expected_from_cpython, page_result, wait_ready, wait_result

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = sorted((ROOT / "tests" / "golden").glob("*.json"))
SNAPSHOT_STORED = 'html[data-engine-snapshot="stored"]'
APPLICANT = json.loads(GOLDEN[0].read_text(encoding="utf-8"))["input"]

# The stored snapshot, read or rewritten from a page of the same origin (Cache Storage).
SNAPSHOT_JS = """async ([change, value]) => {
  const name = (await caches.keys()).find((n) => n.startsWith('calculator-snapshot '));
  if (!name) return null;
  const cache = await caches.open(name);
  const [request] = await cache.keys();
  const stored = await cache.match(request);
  const headers = Object.fromEntries(stored.headers.entries());
  let bytes = new Uint8Array(await stored.arrayBuffer());
  if (change === 'garbage') bytes = bytes.map((_, i) => (i * 7919 + 13) & 255);  // same length
  else if (change === 'truncate') bytes = bytes.slice(0, bytes.length >> 1);
  else if (change === 'invert') {  // 4 KB in the middle inverted: the key, the length and maybe the test applicant hold
    const middle = bytes.length >> 1;
    for (let i = middle; i < middle + 4096; i++) bytes[i] = 255 - bytes[i];
  }
  else if (change === 'key') headers['x-snapshot-key'] = value;
  if (change) await cache.put(request, new Response(bytes, { headers }));
  return { cache: name, key: headers['x-snapshot-key'], length: Number(headers['x-snapshot-length']), size: bytes.length,
           sha256: headers['x-snapshot-sha256'] || null };
}"""


def snapshot(page, change: str = "", value: str = "") -> dict | None:
    return page.evaluate(SNAPSHOT_JS, [change, value])


def expected_key(site: Path) -> str:
    """What the worker keys a snapshot by: runtime version, the wheel's sha256, the stdlib's sha256,
    the shipped glue's sha256 (computed here from the file)."""
    engine = json.loads((site / "assets" / "engine" / "engine.json").read_text(encoding="utf-8"))
    lock = json.loads((site / "assets" / "engine" / "pyodide-lock.json").read_text(encoding="utf-8"))
    glue = hashlib.sha256((site / "assets" / "pyodide" / "pyodide.asm.js").read_bytes()).hexdigest()
    return " ".join([engine["pyodide"], lock["packages"]["calculator"]["sha256"], engine["stdlib_sha256"], glue])


@pytest.fixture()
def profile(chromium_browser):
    """A browser profile of its own (empty caches), without the service worker: the network
    requests of the engine's worker are then all visible to the test."""
    context = chromium_browser.new_context(**PHONE, service_workers="block")
    context.requests = []
    context.on("request", lambda request: context.requests.append(request.url))
    yield context
    context.close()


def visit(context, url: str):
    """Open the calculator, wait for the engine and for the snapshot it keeps (if it makes one)."""
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    wait_ready(page)
    wait_result(page)
    if page.get_attribute("html", "data-engine-start") != "snapshot":
        page.wait_for_selector(SNAPSHOT_STORED, timeout=60_000)
    assert not errors, errors
    return page


def assert_scores_like_cpython(page, applicants) -> None:
    for applicant in applicants:
        page.evaluate("h => { location.hash = h; }", "#data=" + b64url(applicant))
        page.wait_for_function(
            "t => document.querySelector('[data-testid=total]').textContent.trim() === t",
            arg=expected_from_cpython(applicant)["total"],
            timeout=30_000,
        )
        wait_result(page)
        shown, expected = page_result(page), expected_from_cpython(applicant)
        assert {key: shown[key] for key in expected} == expected


# ---------------------------------------------------------------- the snapshot
MARKER = "QXZ-typed-by-the-visitor-7731"

FIND_JS = """async (text) => {
  const cache = await caches.open((await caches.keys()).find((n) => n.startsWith('calculator-snapshot ')));
  const bytes = new Uint8Array(await (await cache.match((await cache.keys())[0])).arrayBuffer());
  const needle = new TextEncoder().encode(text);
  outer: for (let i = 0; i + needle.length <= bytes.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}"""


def test_a_second_visit_starts_from_the_snapshot_the_first_one_stored(profile, served_site, built_site):
    # the first visit comes with something typed: it reaches the engine, not the stored snapshot
    first = visit(profile, served_site + "calculator/#data=" + b64url({**APPLICANT, "birth_date": MARKER}))
    assert first.get_attribute("html", "data-engine-start") == "cold"
    assert first.get_attribute('[data-field="birth_date"]', "aria-invalid") == "true"  # the engine judged it
    assert first.evaluate(FIND_JS, "calculator/rules") and not first.evaluate(FIND_JS, MARKER)
    stored = snapshot(first)
    assert stored["key"] == expected_key(built_site)
    assert stored["size"] == stored["length"] > 10_000_000  # the interpreter's whole memory
    assert stored["cache"].endswith(" /")  # one snapshot per copy of the site (its path)
    first.close()

    profile.requests.clear()
    second = visit(profile, served_site + "calculator/#data=" + b64url(APPLICANT))
    assert second.get_attribute("html", "data-engine-start") == "snapshot"
    assert "已就绪" in second.inner_text('[data-testid="engine-status"]')
    assert_scores_like_cpython(second, [json.loads(p.read_text(encoding="utf-8"))["input"] for p in GOLDEN[:8]])
    # the engine came out of the snapshot: the wheel was not even downloaded
    assert not [url for url in profile.requests if url.endswith(".whl")]
    assert any(url.endswith("assets/engine/python_stdlib.zip") for url in profile.requests)


def test_the_page_compiles_the_interpreter_once_and_a_second_worker_keeps_the_snapshot(profile, served_site):
    workers = []
    page = profile.new_page()
    page.on("worker", lambda worker: workers.append(worker.url))
    page.goto(served_site + "calculator/#data=" + b64url(APPLICANT))
    wait_ready(page)
    wait_result(page)
    assert_scores_like_cpython(page, [APPLICANT])
    # the visitor's engine answered before any snapshot was kept: that is the maker's work, later
    assert page.get_attribute("html", "data-engine-start") == "cold"
    assert page.get_attribute("html", "data-engine-snapshot") is None
    page.wait_for_selector(SNAPSHOT_STORED, timeout=60_000)
    assert [url.rsplit("/", 2)[-2:] for url in workers] == [["calculator", "engine-worker.js"]] * 2
    # the interpreter was downloaded once, by the page, and both workers got its compiled module
    assert len([url for url in profile.requests if url.endswith("/pyodide.asm.wasm")]) == 1
    marks = json.loads(page.get_attribute('[data-testid="calculator"]', "data-engine-timings"))
    assert "wasm_from_page" in marks
    page.close()


# Emscripten's one-function modules, as it builds them: the same bytes twice, and other bytes.
SMALL_MODULES_JS = """() => {
  const empty = [0, 97, 115, 109, 1, 0, 0, 0];
  const withType = [...empty, 1, 4, 1, 96, 0, 0];  // a type section: () -> ()
  const a = new WebAssembly.Module(new Uint8Array(empty));
  const b = new WebAssembly.Module(new Uint8Array(empty));
  const c = new WebAssembly.Module(new Uint8Array(withType));
  return {same: a === b, other: a !== c, isModule: a instanceof WebAssembly.Module && c instanceof WebAssembly.Module,
          instances: new WebAssembly.Instance(a) !== new WebAssembly.Instance(a), name: self.name};
}"""


def test_the_engine_compiles_each_small_module_once_and_still_scores(profile, served_site):
    workers = []
    page = profile.new_page()
    page.on("worker", lambda worker: workers.append(worker))
    page.goto(served_site + "calculator/#data=" + b64url(APPLICANT))
    wait_ready(page)
    wait_result(page)
    assert_scores_like_cpython(page, [APPLICANT])

    def name_of(worker):  # None for one that has ended
        try:
            return worker.evaluate("self.name")
        except Exception:
            return None

    engine = [worker for worker in workers if (name_of(worker) or "").startswith("engine")]
    assert len(engine) == 1
    assert engine[0].evaluate(SMALL_MODULES_JS) == {
        "same": True,
        "other": True,
        "isModule": True,
        "instances": True,
        "name": "engine wasm-from-page",
    }
    page.close()


def test_when_the_page_cannot_compile_the_interpreter_the_worker_does(profile, served_site):
    page = profile.new_page()
    page.add_init_script("WebAssembly.compileStreaming = () => Promise.reject(new Error('not here'));")
    page.goto(served_site + "calculator/#data=" + b64url(APPLICANT))
    wait_ready(page)
    wait_result(page)
    assert page.get_attribute("html", "data-engine-start") == "cold"
    assert_scores_like_cpython(page, [APPLICANT])
    # the worker waited for the page's module, was told it failed, and fetched the file itself
    assert "wasm_from_page" in json.loads(page.get_attribute('[data-testid="calculator"]', "data-engine-timings"))
    assert len([url for url in profile.requests if url.endswith("/pyodide.asm.wasm")]) == 2
    page.close()


@pytest.mark.parametrize("damage", ["garbage", "truncate", "invert"])
def test_a_damaged_snapshot_falls_back_to_a_normal_start_and_is_replaced(profile, served_site, damage):
    page = visit(profile, served_site + "calculator/")
    before = snapshot(page, damage)
    page.close()

    fallback = visit(profile, served_site + "calculator/#data=" + b64url(APPLICANT))
    assert fallback.get_attribute("html", "data-engine-start") == "fallback"
    assert fallback.get_attribute('[data-testid="calculator"]', "data-state") == "ready"
    assert_scores_like_cpython(fallback, [APPLICANT])
    replaced = snapshot(fallback)
    assert replaced["key"] == before["key"] and replaced["size"] == replaced["length"] == before["length"]
    assert replaced["sha256"] and len(replaced["sha256"]) == 64
    fallback.close()

    again = visit(profile, served_site + "calculator/")
    assert again.get_attribute("html", "data-engine-start") == "snapshot"
    assert_scores_like_cpython(again, [APPLICANT])


def test_a_snapshot_of_another_runtime_version_is_ignored_and_replaced(profile, served_site, built_site):
    page = visit(profile, served_site + "calculator/")
    current = expected_key(built_site)
    version = current.split(" ")[0]
    older = current.replace(version, version + "-older", 1)
    snapshot(page, "key", older)
    page.close()

    profile.requests.clear()
    later = visit(profile, served_site + "calculator/")
    # "cold", not "fallback": the other version's snapshot was never loaded
    assert later.get_attribute("html", "data-engine-start") == "cold"
    assert any(url.endswith(".whl") for url in profile.requests)
    assert snapshot(later)["key"] == current
    assert_scores_like_cpython(later, [APPLICANT])


# ---------------------------------------------------------------- offline (service worker)
def _h1(site: Path, path: str) -> str:
    text = (site / path / "index.html").read_text(encoding="utf-8")
    return re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S).group(1)).strip()


FIVE_PAGES = ("eligibility/", "indicators/employment/", "indicators/tax/", "history/", "replies/07/")


# How many files the site's cache holds, and those kept as copies (a Response built from bytes has
# no URL of its own) rather than as the network's own response.
KEPT_AS_SERVED_JS = """async () => {
  const cache = await caches.open((await caches.keys()).find((name) => name.startsWith('site ')));
  const requests = await cache.keys();
  const copies = [];
  for (const request of requests) {
    if ((await cache.match(request)).url !== request.url) copies.push(request.url);
  }
  return [requests.length, copies];
}"""


def test_after_one_visit_to_home_and_calculator_the_site_works_offline(chromium_browser, built_site):
    server, base = static_server.start(built_site)
    context = chromium_browser.new_context(**PHONE)
    try:
        home = context.new_page()
        home.goto(base)
        home.wait_for_selector('html[data-offline~="page"]', timeout=60_000)
        home.close()
        calc = visit(context, base + "calculator/")
        calc.wait_for_selector('html[data-offline~="site"][data-offline~="calculator"]', timeout=120_000)
        kept, copies = calc.evaluate(KEPT_AS_SERVED_JS)
        calc.close()
    finally:
        server.shutdown()
        server.server_close()
    context.set_offline(True)
    # Kept as the network served them, not as copies built from their bytes (Chromium keeps the
    # compiled code of a script only for the former): each kept response has its own URL.
    manifest = offline.build_manifest(built_site)
    assert kept == len(set(manifest["shell"]) | set(manifest["site"]) | set(manifest["calculator"]))
    assert copies == [], copies[:5]

    stray = context.new_page()  # the network really is off: a URL that is not in the site fails
    with pytest.raises(Exception):  # noqa: B017 (Playwright's network error has no public class)
        stray.goto(base + "not-a-page-of-the-site/")
    stray.close()
    for path in FIVE_PAGES:
        page = context.new_page()
        page.goto(base + path)
        assert page.inner_text("h1").strip() == _h1(built_site, path), path
        assert (
            page.locator("link[rel=stylesheet]").count()
            and page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") != "static"
        ), path  # the theme's CSS
        page.close()
    page = visit(context, base + "calculator/#data=" + b64url(APPLICANT))
    assert page.get_attribute("html", "data-engine-start") == "snapshot"
    shown, expected = page_result(page), expected_from_cpython(APPLICANT)
    assert {key: shown[key] for key in expected} == expected
    context.close()


def _site_caches(page) -> list[str]:
    return page.evaluate("async () => (await caches.keys()).filter((name) => name.startsWith('site '))")


def _retitle(site: Path, path: str, suffix: str) -> str:
    """Change a page's <h1> as a new build would; returns the new title."""
    page = site / path / "index.html"
    page.write_text(
        re.sub(r"(<h1[^>]*>.*?)(</h1>)", rf"\1{suffix}\2", page.read_text(encoding="utf-8"), count=1, flags=re.S),
        encoding="utf-8",
    )
    return _h1(site, path)


# Replace a kept file by a copy built from its bytes, as the service worker did before it kept the
# network's responses; returns the copy's URL ("").
AS_COPY_JS = """async (url) => {
  const cache = await caches.open((await caches.keys()).find((name) => name.startsWith('site ')));
  const kept = await cache.match(url);
  await cache.put(url, new Response(await kept.arrayBuffer(), { headers: kept.headers }));
  return (await cache.match(url)).url;
}"""


def test_a_new_build_replaces_the_old_cache_without_mixing_versions(chromium_browser, built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    old_version = offline.build_manifest(site)["version"]
    server, base = static_server.start(site)
    context = chromium_browser.new_context(**PHONE)
    try:
        page = context.new_page()
        page.goto(base + "history/")
        page.wait_for_selector(f'html[data-offline-version="{old_version}"]', timeout=60_000)
        # as an older worker kept files: a copy built from the bytes (no URL of its own)
        assert page.evaluate(AS_COPY_JS, base + "assets/offline.js") == ""
        page.close()

        # a new build on the server: two pages and a script changed, so a new sw.js
        old_title = _h1(site, "history/")
        new_title = _retitle(site, "history/", "（新版）")
        new_process = _retitle(site, "process/", "（新版）")
        script = site / "calculator" / "boot.js"
        script.write_text(script.read_text(encoding="utf-8") + "// the new build\n", encoding="utf-8")
        new_version = offline.write_service_worker(site)["version"]
        assert new_version != old_version

        # the visit finds the update, which installs beside the old version and waits; the
        # open page is still the old version's, served from its cache
        page = context.new_page()
        page.goto(base + "history/")
        assert page.inner_text("h1").strip() == old_title
        for _ in range(300):
            if page.evaluate("async () => !!(await navigator.serviceWorker.getRegistration()).waiting"):
                break
            page.wait_for_timeout(200)
        assert sorted(name.rsplit(" ", 1)[1] for name in _site_caches(page)) == sorted([old_version, new_version])
        assert page.inner_text("h1").strip() == old_title
        # a file the old version never kept (the calculator was not used), changed since: an old
        # page is not given the new one (no-store: not even the browser's HTTP cache may answer)
        assert page.evaluate("async () => (await fetch('../calculator/boot.js', {cache: 'no-store'})).status") == 503
        page.close()
        # a page the old version never kept: the new build's page, whole, from the network
        page = context.new_page()
        page.goto(base + "process/")
        assert page.inner_text("h1").strip() == new_process
        page.close()

        # no page of the old version is open any more: the new version takes over, alone
        for _ in range(50):
            page = context.new_page()
            page.goto(base + "history/")
            if page.inner_text("h1").strip() != old_title:
                break
            page.close()
            time.sleep(0.2)  # no page open: the waiting version may activate now
        assert page.inner_text("h1").strip() == new_title
        page.wait_for_selector(f'html[data-offline-version="{new_version}"]', timeout=60_000)
        assert [name.rsplit(" ", 1)[1] for name in _site_caches(page)] == [new_version]
        # the file was not carried over as that copy: fetched again, the network's own response
        assert page.evaluate(KEPT_AS_SERVED_JS)[1] == []
        assert page.evaluate(
            "async () => (await fetch('../calculator/boot.js', {cache: 'no-store'})).text()"
        ) == script.read_text(encoding="utf-8")
        page.close()
    finally:
        context.close()
        server.shutdown()


# A kept page replaced by other bytes, as a damaged disk or a meddling program could leave it.
DAMAGE_JS = """async (url) => {
  const cache = await caches.open((await caches.keys()).find((name) => name.startsWith('site ')));
  const kept = await cache.match(url);
  await cache.put(url, new Response("<h1>damaged copy</h1>", { headers: kept.headers }));
  return (await (await cache.match(url)).text()).includes("damaged");
}"""


def test_a_damaged_kept_file_is_dropped_not_served(chromium_browser, built_site):
    """Issue 22: the service worker checks a kept file against the build's hash before serving it
    (once in its life; the runtime's big files just after), so a damaged entry is fetched again."""
    server, base = static_server.start(built_site)
    context = chromium_browser.new_context(**PHONE)
    try:
        home = context.new_page()
        home.goto(base)
        home.wait_for_selector('html[data-offline~="page"]', timeout=60_000)
        calc = visit(context, base + "calculator/")
        calc.wait_for_selector('html[data-offline~="site"]', timeout=120_000)
        assert calc.evaluate(DAMAGE_JS, base + "sources/")
        page = context.new_page()
        page.goto(base + "sources/")
        assert "damaged" not in page.inner_text("body")
        assert page.inner_text("h1").strip() == _h1(built_site, "sources/")
        kept = calc.evaluate(
            """async (url) => {
              const cache = await caches.open((await caches.keys()).find((name) => name.startsWith('site ')));
              const again = await cache.match(url);
              return again ? (await again.text()).includes("damaged") : null;
            }""",
            base + "sources/",
        )
        assert kept is not True  # dropped (or replaced by the good copy)
    finally:
        context.close()
        server.shutdown()
        server.server_close()
