"""Screenshots of the built site as a visitor sees it (not part of the test suite).

    .venv/bin/python -m mkdocs build --strict
    .venv/bin/python build_tools/screenshots.py OUT_DIR [--site site] [--pages index,indicators/education]

Serves site/ on 127.0.0.1 under a sub-path (/sub/path/, to show that relative links
work there), opens each page in headless Chromium at phone width (390 px) and desktop
width (1280 px) and saves full-page PNGs to OUT_DIR. It also types two Chinese queries
into the search box and reports how many results each gives, and notes any request
that leaves the site's origin and any page wider than the screen.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from build_tools import static_server  # noqa: E402
from tests.browser import CHROMIUM_ARGS as ARGS  # noqa: E402  (one list of launch flags)

WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--pages", default="index,indicators/education,history")
    parser.add_argument("--queries", default="补缴,职住区域")
    parser.add_argument("--slices", type=int, default=8, help="also save up to N screen-sized slices per page")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    server, base = static_server.start(args.site, prefix="/sub/path/")
    origin = base.split("/sub/path/")[0]
    problems: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
            for label, (width, height) in WIDTHS.items():
                context = browser.new_context(
                    viewport={"width": width, "height": height}, device_scale_factor=1, is_mobile=label == "phone"
                )
                page = context.new_page()
                page.on(
                    "request",
                    lambda r: (
                        r.url.startswith(origin)
                        or r.url.startswith("data:")
                        or problems.append(f"request to another origin: {r.url}")
                    ),
                )
                page.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status} {r.url}"))
                for name in args.pages.split(","):
                    url = base + ("" if name == "index" else name.strip("/") + "/")
                    page.goto(url, wait_until="networkidle")
                    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                    if overflow > 0:
                        problems.append(f"{name} at {width}px is {overflow}px wider than the screen")
                    path = args.out / f"{name.replace('/', '-')}-{label}-{width}.png"
                    page.screenshot(path=str(path), full_page=True)
                    print("saved", path)
                    # the same page in screen-sized slices, to look at closely
                    total = page.evaluate("document.documentElement.scrollHeight")
                    for k in range(min(args.slices, -(-total // height))):
                        clip = {"x": 0, "y": k * height, "width": width, "height": min(height, total - k * height)}
                        page.screenshot(
                            path=str(path.with_name(path.stem + f"-{k + 1}.png")), full_page=True, clip=clip
                        )
                if label == "desktop":
                    page.goto(base, wait_until="networkidle")
                    page.wait_for_timeout(2000)  # let the search worker load its index
                    for query in args.queries.split(","):
                        page.click("label.md-search__icon, .md-search__input", timeout=5000)
                        page.fill("input.md-search__input", query)
                        page.keyboard.press("End")  # Material searches on key events
                        for _ in range(20):
                            page.wait_for_timeout(250)
                            if page.locator("li.md-search-result__item").count():
                                break
                        results = page.locator("li.md-search-result__item").count()
                        meta = page.locator(".md-search-result__meta").inner_text()
                        print(f"search {query!r}: {results} results ({meta})")
                        if results == 0:
                            problems.append(f"search {query!r} found nothing")
                        page.screenshot(path=str(args.out / f"search-{query}.png"))
                        page.keyboard.press("Escape")
                context.close()
            browser.close()
    finally:
        server.shutdown()
    for problem in problems:
        print("PROBLEM:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
