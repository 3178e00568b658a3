"""Pictures of the decision support at phone width (390 px) and the printed report, to look at
(not part of the test suite).

    .venv/bin/python -m build_tools.decision_shots OUT_DIR [--site site]

Saves, from the built site served on 127.0.0.1: the projection, the scenario comparison and
the "keep on this device" box of the calculator page; the batch page with a small file (one
bad row); and the calculator page printed by Chromium (page.pdf, A4) with each page as a PNG
(pdftoppm, from poppler-utils, which `make setup` installs).
"""

from __future__ import annotations

import argparse
import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

NO_CHROME = ".md-header, .calc-sticky { display: none !important; }"


def batch_file() -> str:
    """The template's header and example, three staff, one of them with an impossible birth date."""
    from calculator.batch import template_csv

    header, example = list(csv.reader(io.StringIO(template_csv().lstrip("\ufeff"))))
    rows = [header]
    for name, birth in (("张三", "1988-03-15"), ("李四", "1988-02-30"), ("王五", "1991-07-01")):
        row = list(example)
        row[0], row[header.index("出生日期")] = name, birth
        rows.append(row)
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def shoot(out: Path, site: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    from build_tools import static_server
    from tests.browser import PHONE, launch, show_case, wait_ready, wait_result
    from tests.projection_helpers import SAMPLE_RECORDS

    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    server, base = static_server.start(site)
    try:
        with sync_playwright() as p:
            browser = launch(p)
            page = browser.new_context(**PHONE).new_page()
            page.goto(base + "calculator/")
            wait_ready(page)
            wait_result(page)
            show_case(page, SAMPLE_RECORDS)
            save = "n => document.querySelectorAll('[data-testid=scenario-column]').length === n"
            page.click('[data-testid="scenario-save"]')
            page.wait_for_function(save, arg=1)
            page.select_option('[data-field="education.level"]', "doctor")
            wait_result(page)
            page.click('[data-testid="scenario-save"]')
            page.wait_for_function(save, arg=2)
            page.wait_for_function(
                "() => document.querySelector('[data-testid=projection]').dataset.request"
                " === document.querySelector('[data-testid=calculator]').dataset.result"
            )
            page.add_style_tag(content=NO_CHROME)
            for name, selector in (
                ("calc-projection", '[data-testid="projection"]'),
                ("calc-scenarios", '[data-testid="scenarios"]'),
                ("calc-keep", '[data-testid="keep"]'),
            ):
                page.locator(selector).screenshot(path=str(out / f"{name}-390.png"))
                saved.append(out / f"{name}-390.png")
            page.emulate_media(media="print")
            pdf = out / "calc-report.pdf"
            page.pdf(path=str(pdf), format="A4", print_background=True)
            saved.append(pdf)
            if shutil.which("pdftoppm"):
                subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf), str(out / "calc-report")], check=True)
                saved += sorted(out.glob("calc-report-*.png"))
            else:
                print("pdftoppm not found (poppler-utils): the PDF is not turned into PNGs")

            page = browser.new_context(**PHONE).new_page()
            page.goto(base + "calculator/batch/")
            page.wait_for_selector('[data-testid="batch"][data-state="ready"]', timeout=120_000)
            file = out / "staff.csv"
            file.write_bytes(batch_file().encode("gbk"))
            page.set_input_files('[data-testid="batch-file"]', str(file))
            page.wait_for_selector('[data-testid="batch"][data-result="1"]')
            page.add_style_tag(content=NO_CHROME)
            page.screenshot(path=str(out / "batch-390.png"), full_page=True)
            saved.append(out / "batch-390.png")
            browser.close()
    finally:
        server.shutdown()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    args = parser.parse_args(argv)
    for path in shoot(args.out, args.site):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
