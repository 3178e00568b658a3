"""Lighthouse's mobile figures (simulated slow 4G, 4x CPU) for the calculator, the batch page and two
content pages, served by `make serve`'s server from site/ (issue 20). Lighthouse 12.8 is pinned in
package.json and runs Debian's chromium through CHROME_PATH.

    .venv/bin/python bench/lighthouse_bench.py            # after `make site` (make bench does both)
    .venv/bin/python bench/lighthouse_bench.py --runs 3   # the median of 3 runs per page

Prints per page: the performance score, LCP, TBT, Speed Index, CLS and the accessibility, best
practices and SEO scores. Not a test: timings depend on the machine (run it on a quiet one).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from build_tools import static_server  # noqa: E402
from tests.browser import chromium_path  # noqa: E402

PAGES = ("calculator/", "calculator/batch/", "", "indicators/residence/")
GOAL_CALCULATOR = 90  # the calculator page's performance score (61-71 before issue 20)


def lighthouse(url: str, out: Path) -> dict:
    binary = ROOT / "node_modules" / ".bin" / "lighthouse"
    env = {**os.environ, "CHROME_PATH": chromium_path()}
    subprocess.run(
        [
            str(binary),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            "--only-categories=performance,accessibility,best-practices,seo",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ],
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return json.loads(out.read_text(encoding="utf-8"))


def figures(report: dict) -> dict:
    audits, categories = report["audits"], report["categories"]
    return {
        "performance": round(categories["performance"]["score"] * 100),
        "lcp_s": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "si_s": audits["speed-index"]["numericValue"] / 1000,
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "accessibility": round(categories["accessibility"]["score"] * 100),
        "best_practices": round(categories["best-practices"]["score"] * 100),
        "seo": round(categories["seo"]["score"] * 100),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    if not (ROOT / "node_modules" / ".bin" / "lighthouse").exists():
        print("lighthouse is missing: run `make setup` (npm ci)")
        return 1
    server, base = static_server.start(args.site)
    work = Path(tempfile.mkdtemp(prefix="lighthouse-"))
    ok = True
    try:
        print(f"Lighthouse 12.8 mobile (simulated slow 4G, 4x CPU), median of {args.runs} run(s) per page:")
        for page in PAGES:
            runs = [figures(lighthouse(base + page, work / f"report-{n}.json")) for n in range(args.runs)]
            median = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
            line = (
                f"  /{page:<22} performance {median['performance']:>3.0f}  LCP {median['lcp_s']:.1f} s  "
                f"TBT {median['tbt_ms']:.0f} ms  SI {median['si_s']:.1f} s  CLS {median['cls']:.3f}  "
                f"a11y {median['accessibility']:.0f}  best practices {median['best_practices']:.0f}  "
                f"SEO {median['seo']:.0f}"
            )
            if page == "calculator/":
                good = median["performance"] >= GOAL_CALCULATOR
                ok = ok and good
                line += f"  (goal ≥ {GOAL_CALCULATOR}: {'ok' if good else 'MISSED'})"
            print(line)
    finally:
        server.shutdown()
        shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
