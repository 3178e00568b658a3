"""Each page's own description (CONTRACT 4f, issue 20): the `description` of its front matter, or
else its first paragraph of body text, cut at a sentence end near 120 characters. Search engines
show it as the snippet (Baidu, which most of these readers use, shows it as written), so 44 pages
sharing the site's one description looked like 44 copies of one page.

Not the first paragraph of a note box (admonitions: the source notes of the reply pages), of a
rule box or of the calculator's status line: those say where a text comes from, not what it says.
"""

from __future__ import annotations

import html
import re

LIMIT = 120
_SKIP = re.compile(
    r'<(div|details|aside)\b[^>]*class="[^"]*(admonition|rule-box|calc-|source-note|unofficial)[^"]*"'
    r'[^>]*>.*?</\1>',
    re.S,
)
_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.S)
_TAG = re.compile(r"<[^>]+>")
_ENDS = "。；！？"


def first_paragraph(content: str) -> str:
    """The first paragraph of body text of a page's HTML, as plain text ("" if none)."""
    body = _SKIP.sub("", content)
    for match in _PARAGRAPH.finditer(body):
        text = " ".join(html.unescape(_TAG.sub("", match.group(1))).split())
        if len(text) >= 20 and not text.endswith("："):  # a line that only introduces a list says little
            return text
    return ""


def shortened(text: str, limit: int = LIMIT) -> str:
    """At most `limit` characters, ending at the last sentence end inside them where there is one."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(mark) for mark in _ENDS)
    return cut[: end + 1] if end >= limit // 2 else cut.rstrip("，、 ") + "…"


def describe(page, content: str) -> None:
    """Set page.meta["description"] (Material's <meta name="description">) unless the page has one."""
    if page.meta.get("description"):
        return
    text = first_paragraph(content)
    if text:
        page.meta["description"] = shortened(text)


TITLE_LIMIT = 32
_REMARK = re.compile(r"\s*[（(][^（()）]*[)）]\s*$")


def short_title(title: str, limit: int = TITLE_LIMIT) -> str:
    """A title fit for a browser tab and a search result: without a trailing remark in brackets, and
    at most `limit` characters ("…" where cut). The page's own heading keeps the whole title."""
    text = _REMARK.sub("", title).rstrip("。 ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe_page(page, content: str) -> None:
    """The page's description (describe) and its short title (page.meta["short_title"])."""
    describe(page, content)
    title = page.meta.get("title") or page.title
    if title:
        page.meta["short_title"] = short_title(str(title))
