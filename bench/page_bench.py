"""Calculator page benchmark: headless Chromium against the built site, served over HTTP with
gzip (build_tools/static_server.py), on this machine. Every figure comes from this run.

    .venv/bin/python bench/page_bench.py                 # after `make site` (make bench does both)
    .venv/bin/python bench/page_bench.py --runs 9 --strict

1. Cold time-to-ready: the calculator page (navigation start -> data-state="ready", the engine
   imported and able to score) against a bare page that only runs loadPyodide() in a module
   worker from the same assets/pyodide/ files. Runs alternate, each in a fresh browser context
   (empty cache); medians. Goal: ratio at most 1.15.
2. Form change -> updated result: the time, inside the page, from an `input` event to the
   result for that change being in the DOM. Goal: median under 30 ms.
3. Bytes the calculator page transfers beyond the runtime (everything except assets/pyodide/),
   encoded as sent and raw. Goal: under 150 KB (1 KB = 1024 bytes).
4. Bytes of Pyodide (assets/pyodide/, assets/engine/) an ordinary page transfers. Goal: zero.
5. The calculator page's height at 390 px before any result, in each input mode (the records
   form is the default). Goal: the default form under 6,000 px. And form change -> result in
   records mode (a record's start month changes), with the points checked against CPython.

Not a test: timings depend on the machine (2 noisy cores here), so only ratios within one
run mean much.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from build_tools import static_server  # noqa: E402
from tests.browser import PHONE, b64url, launch, wait_ready, wait_result  # noqa: E402

GOAL_RATIO = 1.15
GOAL_CHANGE_MS = 30.0
GOAL_BYTES = 150 * 1024
GOAL_HEIGHT = 6000
KB = 1024

BARE_HTML = """<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>bare loadPyodide</title></head>
<body><p id="state">loading</p>
<script type="module">
const worker = new Worker(new URL("bare-worker.js", import.meta.url), {type: "module"});
worker.onmessage = (event) => {
  performance.mark("bare-ready");
  document.getElementById("state").textContent = event.data;
  document.documentElement.dataset.state = event.data;
};
</script></body></html>
"""

BARE_WORKER = """// loadPyodide() and nothing else, from the same runtime files as the calculator.
const indexURL = new URL("../assets/pyodide/", import.meta.url).href;
try {
  const { loadPyodide } = await import(indexURL + "pyodide.mjs");
  await loadPyodide({ indexURL });
  self.postMessage("ready");
} catch (error) {
  self.postMessage("error");
}
"""

CHANGE_JS = """async ([value, field]) => {
  const root = document.querySelector('[data-testid="calculator"]');
  const input = document.querySelector(`[data-field="${field}"]`);
  const t0 = performance.now();
  input.value = value;
  input.dispatchEvent(new Event("input", {bubbles: true}));
  const id = root.dataset.request;
  if (root.dataset.result !== id) {
    await new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (root.dataset.result === id) { observer.disconnect(); resolve(); }
      });
      observer.observe(root, {attributes: true, attributeFilter: ["data-result"]});
    });
  }
  const dom = performance.now() - t0;
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  return {dom, painted: performance.now() - t0, points: document.querySelector('[data-testid="item-employment"]').dataset.points};
}"""

APPLICANT = {
    "application_year": 2025, "birth_date": "1988-03-15", "sex": "female", "retirement_group": "worker",
    "social_insurance": {"months": 150}, "housing": {"owned_months": 40, "rented_months": 110},
    "education": {"level": "bachelor", "certificates": "both"},
}


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def prepare_site(site: Path, tmp: Path) -> Path:
    """A copy of the built site with bench/bare.html + bench/bare-worker.js beside calculator/."""
    copy = tmp / "site"
    shutil.copytree(site, copy)
    bench = copy / "bench"
    bench.mkdir()
    (bench / "bare.html").write_text(BARE_HTML, encoding="utf-8")
    (bench / "bare-worker.js").write_text(BARE_WORKER, encoding="utf-8")
    # For comparison only: the same calculator page with Material's search switched off (the
    # theme starts its search worker and index download only if a form named "search" exists).
    page = (copy / "calculator" / "index.html").read_text(encoding="utf-8")
    if 'name="search"' in page:
        (copy / "calculator" / "nosearch.html").write_text(page.replace('name="search"', 'name="search-off"'),
                                                           encoding="utf-8")
    return copy


CALC_READY = ("calculator-ready", '[data-testid="calculator"][data-state="ready"]')
BARE_READY = ("bare-ready", 'html[data-state="ready"]')


def cold_ready(browser, url: str, mark: str, ready_selector: str) -> tuple[float, dict]:
    """Seconds from navigation start to the page's ready mark, in a fresh (empty-cache) context,
    and the engine worker's milestones (calculator pages only)."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    try:
        page.goto(url, wait_until="commit")
        page.wait_for_selector(ready_selector, timeout=120_000)
        start = page.evaluate(f"performance.getEntriesByName({json.dumps(mark)})[0].startTime")
        timings = page.evaluate("() => { const r = document.querySelector('[data-testid=calculator]');"
                                " return r && r.dataset.engineTimings ? JSON.parse(r.dataset.engineTimings) : {}; }")
        return start / 1000, timings
    finally:
        context.close()


def time_to_ready(browser, base: str, runs: int, targets: dict[str, tuple[str, str, str]]) -> dict[str, list]:
    """Cold loads of each target in turn, the order rotating every run; one warm-up each first."""
    for url, mark, selector in targets.values():
        cold_ready(browser, url, mark, selector)
    results: dict[str, list] = {name: [] for name in targets}
    names = list(targets)
    for run in range(runs):
        order = names[run % len(names):] + names[:run % len(names)]
        for name in order:
            url, mark, selector = targets[name]
            results[name].append(cold_ready(browser, url, mark, selector))
    return results


RECORDS_APPLICANT = {
    "application_year": 2025, "birth_date": "1988-03-15", "sex": "female",
    "records": {"social_insurance": [{"from": "2012-01", "to": "2024-12", "work_district": "outer"}],
                "housing": [{"from": "2014-05", "to": "2024-12", "kind": "owned", "district": "outer"}]},
    "education": {"level": "bachelor", "certificates": "both", "graduation": "2011-07"},
}
RECORDS_FIELD = "records.social_insurance[0].from"


def change_latency(browser, base: str, changes: int, records: bool = False) -> tuple[list[float], list[float]]:
    """Form changes timed inside the page; each result checked against CPython's engine."""
    import calculator

    applicant = RECORDS_APPLICANT if records else APPLICANT
    field = RECORDS_FIELD if records else "social_insurance.months"
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(base + "calculator/#data=" + b64url(applicant))
    wait_ready(page)
    wait_result(page)

    def value(i: int) -> str:
        return f"{2000 + i // 12}-{i % 12 + 1:02d}" if records else str(100 + i)

    for i in (1, 2, 3):  # warm-up
        page.evaluate(CHANGE_JS, [value(i), field])
    dom, painted = [], []
    for i in range(changes):
        result = page.evaluate(CHANGE_JS, [value(i), field])
        if records:
            changed = json.loads(json.dumps(applicant))
            changed["records"]["social_insurance"][0]["from"] = value(i)
        else:
            changed = {**applicant, "social_insurance": {"months": int(value(i))}}
        expected = json.dumps(calculator.score(changed)["items"][0]["points"])
        if result["points"] != expected:
            raise SystemExit(f"change {value(i)}: the page shows {result['points']}, expected {expected}")
        dom.append(result["dom"])
        painted.append(result["painted"])
    context.close()
    return dom, painted


def page_heights(browser, base: str) -> dict[str, int]:
    """The calculator page's height at 390 px once the engine has answered the empty form, per mode."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(base + "calculator/")
    wait_ready(page)
    wait_result(page)
    heights = {}
    for mode in ("records", "counts"):
        page.check(f"#calc-mode-{mode}")
        wait_result(page)
        heights[mode] = page.evaluate("document.documentElement.scrollHeight")
    context.close()
    return heights


def transfers(browser, url: str, wait_calculator: bool) -> list[dict]:
    """Every response of one cold page load: path, encoded bytes on the wire, encoding."""
    context = browser.new_context(**PHONE)
    responses = []
    context.on("requestfinished", lambda request: responses.append(request))
    page = context.new_page()
    page.goto(url)
    if wait_calculator:
        wait_ready(page)
        wait_result(page)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    rows = []
    for request in responses:
        response = request.response()
        if response is None:
            continue
        sizes = request.sizes()
        encoded = sizes.get("responseBodySize") or int(response.headers.get("content-length") or 0)
        rows.append({"url": request.url, "encoded": encoded, "status": response.status,
                     "encoding": response.headers.get("content-encoding", "")})
    context.close()
    return rows


def site_path(url: str, base: str) -> str:
    path = unquote(urlsplit(url).path)
    prefix = urlsplit(base).path
    path = path[len(prefix):] if path.startswith(prefix) else path
    return path + "index.html" if path.endswith("/") or path == "" else path


def raw_size(site: Path, path: str) -> int:
    file = site / path
    return file.stat().st_size if file.is_file() else 0


def category(path: str) -> str:
    if path.startswith("assets/pyodide/"):
        return "runtime (assets/pyodide/)"
    if path.startswith("assets/engine/"):
        return "engine wheel + site-local lock"
    if path.startswith("calculator/") and not path.endswith(".html"):
        return "calculator JS/CSS"
    if path.startswith("search/") or "/workers/" in path or "/lunr/" in path:
        return "Material search (worker, index)"
    if path.startswith("assets/"):
        return "Material theme + site CSS"
    return "HTML page"


def fmt_kb(n: int) -> str:
    return f"{n / KB:.1f} KB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--runs", type=int, default=9, help="cold loads of each page (default 9)")
    parser.add_argument("--changes", type=int, default=50, help="form changes to time (default 50)")
    parser.add_argument("--strict", action="store_true", help="exit status 1 if a goal is missed")
    args = parser.parse_args()
    if not (args.site / "calculator" / "index.html").is_file():
        raise SystemExit(f"{args.site}/calculator/index.html not found: run `make site` first")

    from playwright.sync_api import sync_playwright

    results: list[bool] = []
    with tempfile.TemporaryDirectory(prefix="page-bench-") as tmp:
        site = prepare_site(args.site, Path(tmp))
        server, base = static_server.start(site)  # gzip on, as a real static host
        try:
            with sync_playwright() as p:
                browser = launch(p)
                print(f"calculator page benchmark — Chromium {browser.version}, {base}, gzip on")

                # 1. cold time-to-ready
                t = time.perf_counter()
                targets = {"bare": (base + "bench/bare.html", *BARE_READY),
                           "calc": (base + "calculator/", *CALC_READY)}
                if (site / "calculator" / "nosearch.html").is_file():
                    targets["nosearch"] = (base + "calculator/nosearch.html", *CALC_READY)
                runs = time_to_ready(browser, base, args.runs, targets)
                calc = [seconds for seconds, _ in runs["calc"]]
                bare = [seconds for seconds, _ in runs["bare"]]
                calc_med, bare_med = statistics.median(calc), statistics.median(bare)
                ratio = calc_med / bare_med
                results.append(ratio <= GOAL_RATIO)
                print(f"calculator cold time-to-ready: {calc_med:.2f} s vs bare loadPyodide {bare_med:.2f} s: "
                      f"ratio {ratio:.2f} (goal ≤ {GOAL_RATIO}) {verdict(ratio <= GOAL_RATIO)}")
                print(f"  medians of {args.runs} cold runs each, order rotating (fresh context, empty cache), "
                      f"{time.perf_counter() - t:.0f} s in all")
                print(f"  calculator runs: {', '.join(f'{x:.2f}' for x in calc)}")
                print(f"  bare runs:       {', '.join(f'{x:.2f}' for x in bare)}")
                milestones = [m for _, m in runs["calc"] if m]
                if milestones:
                    keys = [k for k in milestones[0] if all(k in m for m in milestones)]
                    print("  calculator milestones (median ms; worker_started from navigation, the rest from the "
                          "worker's start): " + ", ".join(f"{k} {statistics.median(m[k] for m in milestones):.0f}"
                                                         for k in keys))
                if "nosearch" in runs:
                    nosearch = statistics.median(seconds for seconds, _ in runs["nosearch"])
                    print(f"  for comparison, the same page with Material's search switched off: {nosearch:.2f} s, "
                          f"ratio {nosearch / bare_med:.2f}")

                # 2. form change -> result
                dom, painted = change_latency(browser, base, args.changes)
                med = statistics.median(dom)
                p90 = statistics.quantiles(dom, n=10)[-1]
                results.append(med < GOAL_CHANGE_MS)
                print(f"form change → result: median {med:.1f} ms over {len(dom)} changes (goal < {GOAL_CHANGE_MS:.0f} ms) "
                      f"{verdict(med < GOAL_CHANGE_MS)}")
                print(f"  p90 {p90:.1f} ms, max {max(dom):.1f} ms; to the next painted frame: median "
                      f"{statistics.median(painted):.1f} ms")

                # 3. calculator page bytes
                rows = transfers(browser, base + "calculator/", wait_calculator=True)
                by_cat: dict[str, list[int]] = {}
                search_index = None
                for row in rows:
                    path = site_path(row["url"], base)
                    raw = raw_size(site, path)
                    cat = category(path)
                    acc = by_cat.setdefault(cat, [0, 0, 0])
                    acc[0] += row["encoded"]
                    acc[1] += raw
                    acc[2] += 1
                    if path == "search/search_index.json":
                        search_index = (row["encoded"], raw)
                runtime = by_cat.get("runtime (assets/pyodide/)", [0, 0, 0])
                beyond = [sum(v[i] for k, v in by_cat.items() if not k.startswith("runtime")) for i in (0, 1, 2)]
                ok = beyond[0] < GOAL_BYTES
                results.append(ok)
                print(f"calculator page bytes beyond the runtime: {fmt_kb(beyond[0])} encoded ({fmt_kb(beyond[1])} raw), "
                      f"{beyond[2]} files (goal < {GOAL_BYTES // KB} KB) {verdict(ok)}")
                for cat, (enc, raw, count) in sorted(by_cat.items(), key=lambda kv: -kv[1][0]):
                    print(f"  {cat:34s} {fmt_kb(enc):>10s} encoded {fmt_kb(raw):>10s} raw  {count} file(s)")
                if search_index:
                    without = beyond[0] - by_cat.get("Material search (worker, index)", [0])[0]
                    print(f"  of which Material's search index: {fmt_kb(search_index[0])} encoded ({fmt_kb(search_index[1])} raw); "
                          f"it loads on every page. Without the search: {fmt_kb(without)} encoded")
                else:
                    print("  Material's search index was not requested during this load")
                print(f"  the runtime itself: {runtime[0] / 1048576:.2f} MB encoded ({runtime[1] / 1048576:.2f} MB raw), "
                      f"{runtime[2]} files")

                # 4. ordinary pages
                pages = sorted(p for p in site.rglob("*.html")
                               if not p.relative_to(site).as_posix().startswith(("calculator/", "bench/")))
                pyodide_bytes, total_bytes, offenders = 0, 0, []
                for html in pages:
                    rel = html.relative_to(site).as_posix()
                    url = base + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
                    for row in transfers(browser, url, wait_calculator=False):
                        path = site_path(row["url"], base)
                        total_bytes += row["encoded"]
                        if path.startswith(("assets/pyodide/", "assets/engine/")):
                            pyodide_bytes += row["encoded"]
                            offenders.append((rel, path))
                results.append(pyodide_bytes == 0)
                print(f"ordinary pages: {pyodide_bytes} bytes of Pyodide (goal 0) {verdict(pyodide_bytes == 0)}")
                print(f"  {len(pages)} pages loaded, {fmt_kb(total_bytes // max(1, len(pages)))} encoded per page on average"
                      + (f"; offenders: {offenders[:5]}" if offenders else ""))

                # 5. page height before any result, and changes in records mode
                heights = page_heights(browser, base)
                ok = heights["records"] < GOAL_HEIGHT
                results.append(ok)
                print(f"calculator page height at 390 px before any result: {heights['records']} px with the records form "
                      f"(the default; goal < {GOAL_HEIGHT} px) {verdict(ok)}, {heights['counts']} px with the month counts")
                dom, _ = change_latency(browser, base, max(10, args.changes // 2), records=True)
                print(f"  records mode, form change → result: median {statistics.median(dom):.1f} ms over {len(dom)} "
                      f"changes, max {max(dom):.1f} ms")
                browser.close()
        finally:
            server.shutdown()
    print("all goals met" if all(results) else "some goals missed")
    return 1 if args.strict and not all(results) else 0


if __name__ == "__main__":
    sys.exit(main())
