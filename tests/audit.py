"""Quality audits of the built site in headless Chromium, shared by the tests and the command line.

axe_violations(page)          WCAG 2.1 A/AA violations that axe-core (npm, pinned) finds in a page
site_pages(site)              every built page, discovered from site/ (new pages are audited too)
search_results(page, query)   what the theme's search dialog lists for a query put into it

.venv/bin/python -m tests.audit axe [--site site]      axe counts per page and rule, at 390 and 1280 px
.venv/bin/python -m tests.audit search [--site site] [--keyup]   the search relevance score
    (tests/data/search_queries.json); --keyup ends each query with a key press, as on a build
    whose search box answered key presses only
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.browser import PHONE, wait_state  # noqa: E402

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# axe's best practices too: they include the theme's unnamed search dialog and navigation landmarks
AXE_TAGS = WCAG_AA + ["best-practice"]
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "device_scale_factor": 1}
VIEWPORTS = {"390": PHONE, "1280": DESKTOP}
QUERIES = ROOT / "tests" / "data" / "search_queries.json"


def site_pages(site: Path) -> list[str]:
    """Every HTML page of the built site, as the URL path a visitor opens ("" is the home page)."""
    pages = []
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        pages.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return pages


def open_page(page, url: str) -> str | None:
    """Open a page and let it settle (the calculator until its engine has loaded or failed);
    returns the calculator's state ("ready", "error"), None on other pages."""
    page.goto(url, wait_until="load")
    state = wait_state(page) if page.locator('[data-testid="calculator"]').count() else None
    page.wait_for_timeout(150)
    return state


def axe_violations(page, tags: list[str] = AXE_TAGS) -> list[dict]:
    """Run axe-core's WCAG 2.1 A/AA rules and best practices on the open page:
    [{id, impact, tags, help, nodes: [target :: why]}]."""
    if not page.evaluate("typeof window.axe === 'object'"):
        # evaluate, not add_script_tag: an injected <script> element would itself be blocked by the CSP
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    return page.evaluate(
        """async (tags) => {
            // colours are judged at rest: let running transitions and finite animations end first
            const finite = document.getAnimations().filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity);
            await Promise.race([Promise.all(finite.map(a => a.finished.catch(() => null))),
                                new Promise(done => setTimeout(done, 3000))]);
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, tags: v.tags,
                nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').split('\\n').slice(1, 2).join(''))}));
        }""",
        tags,
    )


# ---------------------------------------------------------------- search through the theme's own dialog
def search_results(page, query: str, timeout_ms: int = 20_000, keyup: bool = False) -> list[str]:
    """Put a query into the theme's search box as a paste, a voice input or an input method's
    suggestion does (fill: one input event, no key press), or with `keyup` as typing ends;
    return the result pages in the order shown, as site paths ("indicators/law/")."""
    if not page.is_visible("input.md-search__input"):
        page.click('label.md-header__button[for="__search"]')
    box = page.locator("input.md-search__input")
    box.fill(query)
    if keyup:
        box.press("End")
    base = page.evaluate(
        "new URL(JSON.parse(document.getElementById('__config').textContent).base, location.href).href"
    )
    read = """(base) => { const meta = document.querySelector('.md-search-result__meta').textContent;
        // one list item per page: its first link is the page itself (the others are its sections)
        const links = [...document.querySelectorAll('.md-search-result__item')]
            .map(li => li.querySelector(':scope > .md-search-result__link'))
            .map(a => { const u = new URL(a.getAttribute('href'), location.href); u.hash = ''; u.search = '';
                        return u.href.startsWith(base) ? u.href.slice(base.length) : u.href; });
        return [meta, links]; }"""
    previous, stable, waited = None, 0, 0
    while waited < timeout_ms:  # the worker answers asynchronously: wait until the list stops changing
        page.wait_for_timeout(150)
        waited += 150
        meta, links = page.evaluate(read, base)
        if "初始化" in meta or "Initializing" in meta:
            continue
        stable = stable + 1 if (meta, links) == previous else 0
        previous = (meta, links)
        if stable >= 2:
            return links
    raise TimeoutError(f"search results for {query!r} did not settle")


def load_queries() -> list[dict]:
    return json.loads(QUERIES.read_text(encoding="utf-8"))["queries"]


def relevance(page, base: str, top: int = 3, keyup: bool = False) -> list[dict]:
    """Every query of tests/data/search_queries.json through the real search UI (from the home page)."""
    page.goto(base, wait_until="load")
    rows = []
    for item in load_queries():
        shown = search_results(page, item["q"], keyup=keyup)
        rank = next((i + 1 for i, path in enumerate(shown) if path in item["page"]), None)
        rows.append(
            {
                "q": item["q"],
                "want": item["page"],
                "rank": rank,
                "ok": rank is not None and rank <= top,
                "shown": shown[:top],
            }
        )
    return rows


# ---------------------------------------------------------------- command line (figures for the report)
def _axe_report(site: Path) -> int:
    from playwright.sync_api import sync_playwright

    from build_tools import static_server
    from tests.browser import launch

    server, base = static_server.start(site)
    total_nodes, by_rule, pages_failing = Counter(), Counter(), {"wcag": set(), "best-practice": set()}
    try:
        with sync_playwright() as p:
            browser = launch(p)
            for width, options in VIEWPORTS.items():
                context = browser.new_context(**options)
                page = context.new_page()
                for path in site_pages(site):
                    open_page(page, base + path)
                    for v in axe_violations(page):
                        kind = "wcag" if set(v["tags"]) & set(WCAG_AA) else "best-practice"
                        by_rule[v["id"]] += len(v["nodes"])
                        total_nodes[kind] += len(v["nodes"])
                        pages_failing[kind].add((width, path))
                        print(
                            f"{width:>4}px /{path}  {v['id']} ({v['impact']}): {len(v['nodes'])} nodes  e.g. {v['nodes'][0]}"
                        )
                context.close()
            browser.close()
    finally:
        server.shutdown()
    pages = len(site_pages(site))
    for kind, label in (("wcag", "WCAG 2.1 A/AA"), ("best-practice", "best practices")):
        print(
            f"\naxe-core {label}: {pages} pages x {len(VIEWPORTS)} widths; "
            f"{len(pages_failing[kind])} page views with violations, {total_nodes[kind]} nodes"
        )
    for rule, count in by_rule.most_common():
        print(f"  {rule}: {count} nodes")
    return 0


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("audit", choices=["axe", "search"])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--keyup", action="store_true", help="search: end each query with a key press")
    args = parser.parse_args(argv)
    if args.audit == "axe":
        return _axe_report(args.site)
    return _search_report(args.site, args.keyup)


def _search_report(site: Path, keyup: bool = False) -> int:
    from playwright.sync_api import sync_playwright

    from build_tools import static_server
    from tests.browser import launch

    server, base = static_server.start(site)
    try:
        with sync_playwright() as p:
            browser = launch(p)
            page = browser.new_context(**PHONE).new_page()
            rows = relevance(page, base, keyup=keyup)
            browser.close()
    finally:
        server.shutdown()
    for row in rows:
        print(
            f"{'ok  ' if row['ok'] else 'MISS'} {row['q']:<10} rank {row['rank'] or '-':>2}  want {row['want'][0]:<26} "
            f"top 3: {', '.join(row['shown']) or '(nothing)'}"
        )
    good = sum(row["ok"] for row in rows)
    print(f"\nsearch relevance: {good}/{len(rows)} queries bring their page into the top 3")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
