"""How the site says where a rule comes from and what was checked, in plain words.

Evidence tags (V-OFF, V-SEED, V-SEC, DATA, PARA, OPEN) are the project's shorthand: they
appear on the sources page only (docs/sources.md). Everywhere else a rule's source is one
line behind a "依据" link to that page, in the words of rules.toml's [evidence] labels, and
the check is stated as what it was: which copies of which sources a rule was compared with,
on which day, and that the official full texts were not among them.
"""

from __future__ import annotations

import html
import posixpath

from calculator.rules import EVIDENCE, RULES, cite, weaker_parts_text

#: The sources page and its section on what was checked (docs/sources.md, `{#checks}`).
SOURCES_PAGE = "sources.md"
CHECKS_ANCHOR = "checks"


def day(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def page_url(from_uri: str, to_uri: str, anchor: str = "") -> str:
    """A relative URL between two built pages (use_directory_urls: a.md -> a/, index.md -> ./)."""

    def directory(uri: str) -> str:
        stem = uri[:-3] if uri.endswith(".md") else uri
        if stem == "index" or stem.endswith("/index"):
            stem = stem[: -len("index")]
        return stem.rstrip("/") or "."

    target = posixpath.relpath(directory(to_uri), directory(from_uri))
    url = "./" if target == "." else target + "/"
    return url + (f"#{anchor}" if anchor else "")


def check_statement(source: dict, limits: bool = True) -> str:
    """What was checked for one rule, against what, and when: from its evidence tags;
    with `limits`, also what no check included (the sources page says that once instead)."""
    done = []
    for tag in source["evidence"]:
        phrase = EVIDENCE[tag]["checked"]
        if phrase not in done:
            done.append(phrase)
    return f"{day(source['checked'])}整理本条时{'；'.join(done)}。" + (RULES["meta"]["not_checked"] if limits else "")


def source_line(table: dict, page_uri: str) -> str:
    """The one "依据" line of a rule box, as HTML: the document, the evidence in words, the check."""
    link = page_url(page_uri, SOURCES_PAGE, CHECKS_ANCHOR)
    return (
        f'<a href="{link}">依据</a>：{html.escape(cite(table["source"]) + weaker_parts_text(table), quote=False)}'
        f'<br>核对：{html.escape(check_statement(table["source"]), quote=False)}'
    )


def quote_source_line(source: dict, page_uri: str) -> str:
    """Under a verbatim quote: where the wording comes from, with the same "依据" link."""
    link = page_url(page_uri, SOURCES_PAGE, CHECKS_ANCHOR)
    return f'出处：{html.escape(cite(source), quote=False)}（<a href="{link}">依据</a>）'
