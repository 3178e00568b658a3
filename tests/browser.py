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
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
READY_TIMEOUT_MS = 90_000
CALCULATOR = '[data-testid="calculator"]'
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 1, "is_mobile": True, "has_touch": True}


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
    page.evaluate("h => { location.hash = h; }", "#data=" + b64url(applicant))
    page.wait_for_function(
        "n => { const r = document.querySelector('[data-testid=calculator]');"
        " return Number(r.dataset.request) > n && r.dataset.result === r.dataset.request; }",
        arg=before, timeout=30_000,
    )


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
def screenshots(out: Path, site: Path) -> list[Path]:
    """Phone-width (390 px) full-page PNGs of the calculator: empty, filled, with an error."""
    from playwright.sync_api import sync_playwright

    from build_tools import static_server

    golden = json.loads((ROOT / "tests" / "golden" / "01-contract-example.json").read_text(encoding="utf-8"))
    out.mkdir(parents=True, exist_ok=True)
    server, base = static_server.start(site)
    saved = []

    def full_page(page, name: str, slice_height: int = 1300) -> None:
        """One full-page PNG, plus screen-sized slices of the calculator part (easier to look at)."""
        page.screenshot(path=str(out / f"{name}.png"), full_page=True)
        saved.append(out / f"{name}.png")
        top = int(page.evaluate("document.querySelector('[data-testid=calculator]').getBoundingClientRect().top + scrollY"))
        bottom = int(page.evaluate("document.documentElement.scrollHeight"))
        for index, y in enumerate(range(max(0, top - 300), bottom, slice_height)):
            path = out / "slices" / f"{name}-{index:02d}.png"
            path.parent.mkdir(exist_ok=True)
            page.screenshot(path=str(path), full_page=True,
                            clip={"x": 0, "y": y, "width": PHONE["viewport"]["width"], "height": min(slice_height, bottom - y)})

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
            page.screenshot(path=str(out / "calc-loading-top.png"))
            saved.append(out / "calc-loading-top.png")
            wait_ready(page)
            wait_result(page)
            page.evaluate(hide_sticky)
            full_page(page, "calc-empty")

            show_case(page, golden["input"])
            page.evaluate(show_sticky)
            page.screenshot(path=str(out / "calc-filled-viewport.png"))  # the sticky total, as on a phone
            saved.append(out / "calc-filled-viewport.png")
            page.evaluate(hide_sticky)
            full_page(page, "calc-filled")

            page.fill('[data-field="social_insurance.months"]', "999")
            page.fill('[data-field="birth_date"]', "1988-13-45")
            wait_result(page)
            full_page(page, "calc-error")

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
    args = parser.parse_args(argv)
    for path in screenshots(args.out, args.site):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
