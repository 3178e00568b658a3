"""MkDocs hooks for the site (mkdocs.yml: `hooks: [build_tools/mkdocs_hooks.py]`).

on_page_markdown replaces markers written as HTML comments with content generated
from the project's data, so that no rule, number or official text is typed twice:

    <!-- rules: education.tiers -->        a rules table from calculator/rules.toml   (rule_tables)
    <!-- rule: indicators.tax -->          plain-language rule box (+ 待核实 if OPEN)     (rule_blocks)
    <!-- quote: indicators.tax -->         verbatim wording with source + evidence       (rule_blocks)
    <!-- value: selection.yearly_scale -->  one value, inline                             (rule_blocks)
    <!-- history: verified|unverified|chart|currency|latest|latest-score|latest-year|latest-count -->  (history_chart)
    <!-- replies: <page> -->               links to the official replies about a page    (replies)
    <!-- replies: index -->                the list of all 19 replies                    (replies)
    <!-- replies: summary-7 -->            the site's plain-words summary of reply 7     (replies.SUMMARIES)
    <!-- example: <group> -->              worked examples, computed by calculator.score (worked_examples)
    <!-- calculator: form -->              the calculator: form, results, page data     (calculator_page)
    <!-- batch: page -->                   the batch page for HR: file in, results out   (batch_page)

An unknown marker or name stops the build (PluginError), so a typo cannot ship.
Each generator is a small module with one job; this file only dispatches.
"""

from __future__ import annotations

import html
import posixpath
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the engine package lives at <root>/calculator
    sys.path.insert(0, str(ROOT))

from mkdocs.exceptions import PluginError  # noqa: E402

from build_tools import (  # noqa: E402  # noqa: E402
    admitted_lists,
    batch_page,
    calculator_page,
    history_chart,
    replies,
    reproducible,
    rule_blocks,
    rule_tables,
    site_headers,
    worked_examples,
)

MARKER = re.compile(
    r"<!--\s*(rules|rule|quote|value|history|admitted|replies|example|calculator|batch|round):\s*(\S+?)\s*-->"
)

_REPLIES = None


def _replies():
    global _REPLIES
    if _REPLIES is None:
        _REPLIES = replies.parse()
    return _REPLIES


def _page_link(from_uri: str, to_uri: str) -> str:
    """A relative link between two source files (MkDocs resolves .md links)."""
    return posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")


def _page_uri(name: str) -> str:
    return f"indicators/{name}.md" if name in replies.INDICATOR_SLUGS else f"{name}.md"


def _reply_summary(number: int) -> str:
    """The top of a reply page: the site's own plain-words summary (replies.SUMMARIES), labelled as
    such, in Material's admonition look, above the source note and the official text."""
    return (
        f'<div class="admonition abstract reply-summary" data-testid="reply-summary" data-reply="{number}">\n'
        f'<p class="admonition-title">{html.escape(replies.SUMMARY_LABEL, quote=False)}</p>\n'
        f"<p>{html.escape(replies.SUMMARIES[number], quote=False)}</p>\n"
        "</div>\n"
    )


def _replies_links(name: str, page_uri: str) -> str:
    items = _replies()
    if name.startswith("summary-"):
        return _reply_summary(int(name.removeprefix("summary-")))
    if name == "index":
        lines = []
        for r in items:
            related = [f"[{_TITLES[p]}]({_page_link(page_uri, _page_uri(p))})" for p in replies.RELATED[r.number]]
            lines.append(
                f"{r.number}. [{r.subject}]({_page_link(page_uri, replies.page_path(r.number))})"
                + ("　相关：" + "、".join(related) if related else "")
            )
        return '<div class="replies-index" markdown>\n\n' + "\n".join(lines) + "\n\n</div>\n"
    if name not in _TITLES:
        raise KeyError(f"unknown page {name!r} for replies")
    numbers = replies.pages_for_indicator(name)
    if not numbers:
        return '<div class="related-replies" markdown>\n\n19条答复口径中没有专门涉及本页内容的条目。\n\n</div>\n'
    lines = [
        f"- [第{r.number}条：{r.subject}]({_page_link(page_uri, replies.page_path(r.number))})"
        for r in items
        if r.number in numbers
    ]
    return '<div class="related-replies" markdown>\n\n' + "\n".join(lines) + "\n\n</div>\n"


_TITLES = {
    "eligibility": "资格条件",
    "process": "申报流程",
    "history": "历年分数线",
    "employment": "合法稳定就业",
    "residence": "合法稳定住所",
    "education": "教育背景",
    "job-residence": "职住区域",
    "innovation": "创新创业",
    "tax": "纳税",
    "age": "年龄",
    "honours": "荣誉表彰",
    "law": "守法记录",
}


def _history(name: str) -> str:
    if name == "verified":
        return history_chart.table(True)
    if name == "unverified":
        return history_chart.table(False)
    if name == "chart":
        return history_chart.chart()
    if name == "currency":
        return history_chart.currency()
    if name == "latest":
        return history_chart.latest_sentence()
    latest = history_chart.latest_verified()
    if name == "latest-score":
        return latest.score_text
    if name == "latest-year":
        return str(latest.year)
    if name == "latest-count":
        return str(latest.admitted)
    raise KeyError(f"unknown history marker {name!r}")


def _round(name: str) -> str:
    """The round a reader is preparing for at build time (calculator_page.default_year: this year's
    until May, then next year's), so that a page written once speaks of the right year:
    <!-- round: year --> "2027"; <!-- round: cutoff --> "2026年12月31日"."""
    year = calculator_page.default_year()
    if name == "year":
        return str(year)
    if name == "cutoff":
        return f"{year - 1}年12月31日"
    raise KeyError(name)


def expand(markdown: str, page_uri: str) -> str:
    """Replace every marker in one page's Markdown."""

    def replace(match: re.Match) -> str:
        kind, name = match.group(1), match.group(2)
        try:
            if kind == "rules":
                return rule_tables.render(name, page_uri)
            if kind == "rule":
                return rule_blocks.rule(name, page_uri)
            if kind == "quote":
                return rule_blocks.quote(name, page_uri)
            if kind == "value":
                return rule_blocks.value(name)
            if kind == "history":
                return _history(name)
            if kind == "admitted":
                return admitted_lists.marker(name)
            if kind == "replies":
                return _replies_links(name, page_uri)
            if kind == "example":
                return worked_examples.render(name)
            if kind == "calculator":
                return calculator_page.render(name, page_uri)
            if kind == "batch" and name == "page":
                return batch_page.render()
            if kind == "round":
                return _round(name)
        except (KeyError, TypeError, ValueError) as error:
            raise PluginError(f"{page_uri}: marker <!-- {kind}: {name} -->: {error}") from error
        raise PluginError(f"{page_uri}: unknown marker kind {kind!r}")

    return MARKER.sub(replace, markdown)


def on_config(config):
    """404.html only for a build with SITE_URL: MkDocs writes it with root-absolute URLs
    ("/sub/path/assets/…"), right for the address it was built for, wrong for a relative build,
    which must work under any sub-path. (The sitemap stays: without site_url it lists no URL.)
    Also fixes the build's date (build_tools/reproducible) and hands the
    Content-Security-Policy (build_tools/site_headers) to the templates. The menu's indicator
    pages come from the indicator units (calculator/indicators/: each one's page and title)."""
    _add_indicator_pages(config["nav"])
    if not config.get("site_url"):
        config.theme.static_templates.discard("404.html")
    reproducible.ensure_source_date_epoch()  # the build's only clock: the last commit's time
    config.extra["csp"] = site_headers.csp()  # overrides/main.html puts it in every page's <meta>
    return config


def _add_indicator_pages(nav: list) -> None:
    from calculator import indicators

    for entry in nav:
        section = next(iter(entry.values())) if isinstance(entry, dict) else None  # {title: [pages]}
        if isinstance(section, list) and "indicators/index.md" in section:
            section[section.index("indicators/index.md") + 1 :] = [{title: page} for title, page in indicators.pages()]
            return
    raise PluginError("mkdocs.yml: no menu section holds indicators/index.md, where the indicator pages go")


def on_page_markdown(markdown, page, config, files):
    return expand(markdown, page.file.src_uri)


def on_page_content(html, page, config, files):
    """Each page's own description, from its front matter or its first paragraph, and its short
    title (page_description)."""
    from build_tools import page_description

    page_description.describe_page(page, html)
    return html


def on_pre_build(config):
    """Build what the calculator's engine worker downloads (build_tools/runtime_bundle.py):
    the runtime, the engine wheel, the trimmed standard library. Before the pages, whose
    progress bar shows those files' sizes; a module the engine imports that the trimmed
    standard library lacks stops the build here."""
    from build_tools import engine_wheel, pyodide_runtime, runtime_bundle, stdlib_trim

    try:
        runtime_bundle.build()
    except (pyodide_runtime.PyodideRuntimeMissing, engine_wheel.EngineBuildError, stdlib_trim.StdlibError) as error:
        raise PluginError(f"calculator runtime: {error}") from error


def on_post_build(config):
    """Put the calculator's runtime into site/ (site/assets/pyodide/, site/assets/engine/; only
    the calculator pages load them) and the batch page's CSV template (batch_page.write_template),
    and minify the site's own scripts and stylesheets (build_tools/minify_js.py, minify_css.py).
    Then the theme's files that no page loads go (build_tools/unused_files.py: Material's search
    worker and lunr, source maps). Then the service worker that keeps the site, and the calculator
    once used, available offline (site/sw.js, build_tools/offline.py): after the others, because it
    lists every file of the finished site with its hash. Then the host's _headers
    (build_tools/site_headers.py), which is read by the host and never served. Last, the .br and .gz
    copies beside every compressible file that nginx sends as they are (build_tools/precompress.py)."""
    from build_tools import minify_css, minify_js, offline, precompress, runtime_bundle, unused_files

    site = Path(config["site_dir"])
    runtime_bundle.install(site)
    batch_page.write_template(site)
    try:
        minify_js.minify_site(Path(config["docs_dir"]), site)
    except minify_js.MinifyError as error:
        raise PluginError(f"scripts: {error}") from error
    minify_css.minify_site(Path(config["docs_dir"]), site)
    try:
        unused_files.prune(site, config.theme.dirs)
    except unused_files.UnusedFileError as error:
        raise PluginError(f"unused files: {error}") from error
    try:
        offline.write_service_worker(site, minify=minify_js.minify_source)
    except (ValueError, minify_js.MinifyError) as error:
        raise PluginError(f"service worker: {error}") from error
    site_headers.write_headers_file(site)  # for the host, not a file of the site: not in the worker's list
    if config.get("site_url"):
        # for search engines; only a build for a known address can name its sitemap
        (site / "robots.txt").write_text(
            f"User-agent: *\nAllow: /\nSitemap: {config['site_url']}sitemap.xml\n", encoding="utf-8"
        )
    precompress.write_copies(site)  # last: the .br and .gz copies of the finished files
