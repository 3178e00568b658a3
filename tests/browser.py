"""Helpers for the browser tests (tests/test_browser_*.py), the page benchmark and the screenshots.

Headless Chromium (Debian's /usr/bin/chromium; Playwright cannot download its own here)
opens the built site served over HTTP by build_tools/static_server.py. The session-scoped
fixtures that use these helpers are in tests/conftest.py: `served_site` (base URL of the
built site, gzip on) and `chromium_browser`.

    .venv/bin/python -m tests.browser shots OUT_DIR [--site site]   # phone screenshots of the calculator
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Headless Chromium 156 still builds its own omnibox popup as a web page (a "WebUI" renderer): on
# these 2 cores it took about 0.2 s of CPU for each new tab, beside the page under test. Measured,
# one paired run (9 visits each, medians): a repeat visit of the calculator 0.85 s with it and
# 0.52 s without, a bare cold loadPyodide() 2.80 s and 2.54 s (ratio 0.31 and 0.20). Browser chrome
# is not part of any page, so the tests, the bench and the screenshots turn it off, like the
# background work above.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup,WebUIOmniboxAimPopup,PreloadTopChromeWebUI",
]
READY_TIMEOUT_MS = 90_000
CALCULATOR = '[data-testid="calculator"]'
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 1,
    "is_mobile": True,
    "has_touch": True,
    "locale": "zh-CN",
}  # the site's readers


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise RuntimeError("Chromium not found: `make browser` installs Debian's chromium")
    return path


def launch(playwright):
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)


def b64url(applicant: object) -> str:
    """The #data= payload of CONTRACT.md section 4: base64url (no padding) of UTF-8 JSON."""
    raw = json.dumps(applicant, ensure_ascii=False).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def from_b64url(text: str) -> object:
    return json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode("utf-8"))


# Every page of a listening context records the Content-Security-Policy violations it sees in
# window.__csp (a worker's are reported to the server only: conftest's `reporting_site`).
LISTEN = (
    "window.__csp = []; document.addEventListener('securitypolicyviolation', "
    "e => window.__csp.push(e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' "
    "+ e.sourceFile + ':' + e.lineNumber));"
)


def listening_context(browser, options: dict):
    context = browser.new_context(**options)
    context.add_init_script(LISTEN)
    return context


def csp_reported(reports: list) -> list[str]:
    """The violation reports a `reporting_site` server received, one line each."""
    out = []
    for report in reports:
        r = report.get("csp-report", report)
        out.append(
            f"{r.get('document-uri')}: {r.get('effective-directive')} blocked {r.get('blocked-uri')} "
            f"({r.get('source-file', '')}:{r.get('line-number', '')})"
        )
    return out


def wait_ready(page, timeout: int = READY_TIMEOUT_MS) -> None:
    page.wait_for_selector(f'{CALCULATOR}[data-state="ready"]', timeout=timeout)


def wait_state(page, timeout: int = READY_TIMEOUT_MS) -> str:
    """Wait until the engine has loaded or failed; returns the state."""
    page.wait_for_selector(f'{CALCULATOR}:not([data-state="loading"])', timeout=timeout)
    return page.get_attribute(CALCULATOR, "data-state")


def wait_result(page, timeout: int = 30_000) -> None:
    """Wait until the page has shown the engine's answer to the latest form state."""
    page.wait_for_function(
        "() => { const r = document.querySelector('[data-testid=calculator]');"
        " return r.dataset.state === 'ready' && r.dataset.request !== '0' && r.dataset.result === r.dataset.request; }",
        timeout=timeout,
    )


def show_case(page, applicant: object) -> None:
    """Load an applicant through the #data= fragment (hashchange) and wait for its result."""
    before = int(page.get_attribute(CALCULATOR, "data-request") or "0")
    # the same link again (an earlier test showed it) would not fire hashchange: leave it first
    page.evaluate(
        "h => { if (location.hash === h) history.replaceState(null, '', '#'); location.hash = h; }",
        "#data=" + b64url(applicant),
    )
    page.wait_for_function(
        "n => { const r = document.querySelector('[data-testid=calculator]');"
        " return Number(r.dataset.request) > n && r.dataset.result === r.dataset.request; }",
        arg=before,
        timeout=30_000,
    )


def choose_mode(page, mode: str) -> None:
    """The form's input mode: "records" (dated records, the default) or "counts" (我已知道月数)."""
    page.check(f"#calc-mode-{mode}")


def record_field(group: str, index: int, key: str) -> str:
    """Selector of one control in a record row: record_field("housing", 1, "from")."""
    return f'[data-field="records.{group}[{index}].{key}"]'


def fill_record(page, group: str, index: int, **values: str) -> None:
    """Fill one record row (adding rows up to `index`); to="至今" ticks the row's 至今."""
    rows = f'[data-rows="records.{group}"] > .calc-row'
    while page.locator(rows).count() <= index:
        page.click(f'[data-add="records.{group}"]')
    for key, value in values.items():
        selector = record_field(group, index, key)
        if key == "to" and value == "至今":
            page.check(f"#f-records-{group.replace('_', '-')}-{index}-to-ongoing")
        elif page.get_attribute(selector, "type") == "text":
            page.fill(selector, value)
        else:
            page.select_option(selector, value)


def page_result(page) -> dict:
    """What the page shows: total text, each item's data-points, eligibility."""
    return page.evaluate("""() => {
        const q = (s) => document.querySelector(s);
        const items = {};
        for (const el of document.querySelectorAll('[data-testid^="item-"]'))
            items[el.dataset.testid.slice(5)] = el.dataset.points;
        const conditions = {};
        for (const el of document.querySelectorAll('[data-testid="eligibility"] li[data-condition]'))
            conditions[el.dataset.condition] = el.dataset.met;
        const error = q('[data-testid="input-error"]');
        return {
            total: q('[data-testid="total"]').textContent.trim(),
            items, conditions,
            eligible: q('[data-testid="eligibility"]').dataset.eligible,
            input_error_shown: !error.hidden && error.offsetParent !== null,
            input_error: error.innerText,
        };
    }""")


# What must never reach the page: a traceback or a JavaScript slip; and, in what the visitor
# reads, a field path (social_insurance.months, records.housing[1].from) instead of its label.
TRACEBACK = re.compile(r"Traceback|File \"|PythonError|Error:|undefined|NaN|\[object")
PATH_TEXT = re.compile(r"[a-z]+_[a-z_]+|records\.|\[\d+\]\.")


def visible_text(page) -> str:
    return page.inner_text(CALCULATOR)


def field_id(path: str) -> str:
    """The id the form gives a field's control (its error slot is id + "-error")."""
    from build_tools.calculator_form import field_id as of

    return of(path)


def assert_errors_beside_fields(page, sent: dict) -> None:
    """Every problem the engine finds in `sent` is shown beside its field (or record row), by its
    label and in Chinese, and the summary never shows a field path."""
    import calculator

    problems = calculator.input_errors(sent)
    assert problems
    box = page.locator('[data-testid="input-error"]')
    assert box.is_visible()
    text = box.inner_text()
    for problem in problems:
        field = page.locator(f'[data-field="{problem["path"]}"]')
        if field.count():
            assert field.first.get_attribute("aria-invalid") == "true", problem["path"]
        slot = page.locator(f"#{field_id(problem['path'])}-error")
        assert slot.is_visible() and problem["message"] in slot.inner_text(), (problem, slot.inner_text())
        assert f"{problem['label']}：{problem['message']}" in text, (problem, text)
        assert re.search(r"[\u4e00-\u9fff]", problem["message"])
    assert not PATH_TEXT.search(text), PATH_TEXT.search(text)
    assert not TRACEBACK.search(visible_text(page)), TRACEBACK.search(visible_text(page))


def expected_from_cpython(applicant: object) -> dict:
    """The same view of calculator.score_json(), computed by CPython in the test process."""
    import calculator

    answer = json.loads(calculator.score_json(json.dumps(applicant, ensure_ascii=False)))
    assert answer["ok"], answer
    result = answer["result"]
    return {
        "total": f"{result['total']:.2f}",
        # json.dumps writes a number exactly as the engine's JSON does (20, 37.5, -10.21)
        "items": {item["id"]: json.dumps(item["points"]) for item in result["items"]},
        "conditions": {c["id"]: json.dumps(c["met"]) for c in result["eligibility"]},
        "eligible": json.dumps(result["eligible"]),
    }


# ---------------------------------------------------------------- screenshots (not a test)
SLOW_LINK = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8}


def not_found_screenshot(out: Path, address_site: Path, address_path: str = "/jifen/") -> Path:
    """The 404 page of a build for an address (SITE_URL=…/jifen/) as a host answers a deep unknown
    path with it, at 390 px."""
    from playwright.sync_api import sync_playwright

    from build_tools import static_server

    out.mkdir(parents=True, exist_ok=True)
    server, base = static_server.start(address_site, prefix=address_path)
    body = (address_site / "404.html").read_bytes()
    try:
        with sync_playwright() as p:
            browser = launch(p)
            page = browser.new_page(**PHONE)
            page.route("**/no/such/page/", lambda route: route.fulfill(status=404, body=body, content_type="text/html"))
            page.goto(base + "indicators/no/such/page/")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(out / "404.png"), full_page=True)
            browser.close()
    finally:
        server.shutdown()
    return out / "404.png"


def screenshots(out: Path, site: Path) -> list[Path]:
    """Phone-width (390 px) PNGs of the calculator: empty, filled in each input mode, the timeline,
    with errors, and with the engine failing; full pages plus screen-sized slices."""
    from playwright.sync_api import sync_playwright

    from build_tools import static_server

    def golden(name: str) -> dict:
        return json.loads((ROOT / "tests" / "golden" / name).read_text(encoding="utf-8"))["input"]

    counts_case = golden("01-contract-example.json")
    records_case = {  # CONTRACT.md 2b's example
        "application_year": 2024,
        "birth_date": "1992-11-20",
        "sex": "female",
        "residence_permit": True,
        "records": {
            "social_insurance": [
                {"from": "2015-07", "to": "2019-03", "kind": "normal", "work_district": "central"},
                {"from": "2019-04", "to": "2019-06", "kind": "backpay"},
                {"from": "2019-07", "to": "2024-06", "kind": "normal", "work_district": "outer"},
            ],
            "housing": [
                {"from": "2017-01", "to": "2019-12", "kind": "owned", "district": "outer"},
                {"from": "2020-08", "to": "2024-06", "kind": "rented"},
            ],
        },
        "education": {"level": "master", "certificates": "both", "graduation": "2017-06"},
    }
    out.mkdir(parents=True, exist_ok=True)
    server, base = static_server.start(site)
    saved = []

    def shot(page, name: str, **options) -> None:
        page.screenshot(path=str(out / f"{name}.png"), **options)
        saved.append(out / f"{name}.png")

    def full_page(page, name: str, slice_height: int = 1300) -> None:
        """One full-page PNG, plus screen-sized slices of the calculator part (easier to look at)."""
        shot(page, name, full_page=True)
        top = int(
            page.evaluate("document.querySelector('[data-testid=calculator]').getBoundingClientRect().top + scrollY")
        )
        bottom = int(page.evaluate("document.documentElement.scrollHeight"))
        for index, y in enumerate(range(max(0, top - 300), bottom, slice_height)):
            path = out / "slices" / f"{name}-{index:02d}.png"
            path.parent.mkdir(exist_ok=True)
            page.screenshot(
                path=str(path),
                full_page=True,
                clip={"x": 0, "y": y, "width": PHONE["viewport"]["width"], "height": min(slice_height, bottom - y)},
            )

    # full-page shots would paint the sticky total bar in the middle of the page: hide it for those
    hide_sticky = "document.querySelector('.calc-sticky').style.display = 'none'"
    show_sticky = "document.querySelector('.calc-sticky').style.display = ''"
    try:
        with sync_playwright() as p:
            browser = launch(p)
            context = browser.new_context(**PHONE)
            page = context.new_page()

            page.goto(base + "calculator/")
            page.wait_for_timeout(400)
            shot(page, "calc-loading-top")
            wait_ready(page)
            wait_result(page)
            page.evaluate(hide_sticky)
            full_page(page, "calc-empty")

            show_case(page, records_case)
            page.evaluate(show_sticky)
            shot(page, "calc-filled-viewport")  # the sticky total, as on a phone
            page.evaluate(hide_sticky)
            full_page(page, "calc-records-filled")
            page.locator('[data-testid="timeline"]').screenshot(path=str(out / "calc-timeline.png"))
            saved.append(out / "calc-timeline.png")

            page.fill(record_field("housing", 0, "to"), "2021-01")  # overlaps the lease
            page.fill(record_field("social_insurance", 1, "from"), "2019-09")  # ends before it starts
            wait_result(page)
            full_page(page, "calc-records-error")

            show_case(page, counts_case)
            full_page(page, "calc-counts-filled")
            page.fill('[data-field="social_insurance.months"]', "999")
            page.fill('[data-field="birth_date"]', "1988-13-45")
            wait_result(page)
            full_page(page, "calc-counts-error")

            # a first visit on a slow link (400 kbit/s, 400 ms; CONTRACT 4e): the text and the form are
            # there, the loading line says what is arriving
            slow_context = browser.new_context(**PHONE, service_workers="block")
            slow = slow_context.new_page()
            cdp = slow_context.new_cdp_session(slow)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", SLOW_LINK)
            slow.goto(base + "calculator/", timeout=120_000)
            slow.wait_for_timeout(25_000)
            shot(slow, "calc-slow-link-loading")
            slow_context.close()

            failing = context.new_page()
            failing.route("**/pyodide.asm.wasm", lambda route: route.abort())
            failing.goto(base + "calculator/")
            wait_state(failing)
            failing.evaluate(hide_sticky)
            full_page(failing, "calc-engine-error")
            browser.close()
    finally:
        server.shutdown()
    return saved


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    shots = sub.add_parser("shots", help="save phone screenshots of the calculator")
    shots.add_argument("out", type=Path)
    shots.add_argument("--site", type=Path, default=ROOT / "site")
    not_found = sub.add_parser("404", help="save a phone screenshot of the 404 page of a SITE_URL=…/jifen/ build")
    not_found.add_argument("out", type=Path)
    not_found.add_argument("--site", type=Path, required=True, help="a site built with SITE_URL=https://…/jifen/")
    args = parser.parse_args(argv)
    if args.command == "404":
        print(not_found_screenshot(args.out, args.site))
        return 0
    for path in screenshots(args.out, args.site):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
