"""Write docs/replies/01.md … 19.md from the seed (run once; the pages are committed).

    .venv/bin/python build_tools/write_reply_pages.py

The official text comes from `replies.parse()` (the one place that cuts and
corrects the seed). Below it, clearly separated, the page links to the site's
pages that the reply concerns (`replies.RELATED`, our own classification); the
indicator pages link back with the marker `<!-- replies: <slug> -->`.
Above it, the marker `<!-- replies: summary-N -->`: the build puts there the site's own
plain-words summary (`replies.SUMMARIES`, written only there).
"""

from __future__ import annotations

import html
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from build_tools.replies import (  # noqa: E402
    INDICATOR_SLUGS,
    RELATED,
    ROOT,
    SOURCE_NAME,
    SOURCE_PUBLISHED,
    SOURCE_TITLE,
    Reply,
    parse,
)

DOCS = ROOT / "docs"

PAGE_TITLES = {
    "eligibility": "资格条件",
    "process": "申报流程",
    "history": "历年分数线",
    "employment": "合法稳定就业",
    "residence": "合法稳定住所",
    "education": "教育背景（含教育背景扣减）",
    "job-residence": "职住区域",
    "innovation": "创新创业",
    "tax": "纳税",
    "age": "年龄",
    "honours": "荣誉表彰",
    "law": "守法记录",
}


# Where the text comes from: an info box as the theme draws one (the admonition's own HTML), which
# the search index leaves out (data-search-exclude), so that a result shows the reply itself; the
# related-pages section below the reply, the site's own links, is left out the same way.
SOURCE_NOTE_OPEN = (
    '<div class="admonition info source-note" data-search-exclude markdown>\n<p class="admonition-title">文本来源</p>'
)


def _yaml(text: str) -> str:
    """A front-matter value, quoted: a subject such as 第3条's, which ends in ":", is no YAML
    otherwise (the page then showed its front matter as text)."""
    return json.dumps(text, ensure_ascii=False)


def link_from_replies(name: str) -> str:
    """Relative link from docs/replies/NN.md to a page."""
    if name in INDICATOR_SLUGS:
        return f"../indicators/{name}.md"
    return f"../{name}.md"


def official_block(reply: Reply) -> str:
    """The official text as raw HTML (no Markdown processing can alter it)."""
    return (
        f'<blockquote class="official-reply" data-reply="{reply.number}">\n'
        f'<p class="official-reply-subject"><strong>{reply.number}.{html.escape(reply.subject, quote=False)}</strong></p>\n'
        f"<p>{html.escape(reply.body, quote=False)}</p>\n"
        f"</blockquote>\n"
    )


def page(reply: Reply) -> str:
    corrections = reply.corrections
    if corrections:
        corrected = "本条改动：" + "；".join(corrections) + "。除此以外一字未改（包括半角标点）。"
    else:
        corrected = "本条没有任何改动，与网页转载文本一字不差（包括半角标点）。"
    related = RELATED[reply.number]
    if related:
        links = "\n".join(f"- [{PAGE_TITLES[name]}]({link_from_replies(name)})" for name in related)
    else:
        links = "本条答复针对的是政策建议，不涉及某一项具体指标的计分。"
    return f"""---
title: {_yaml(f"答复口径第{reply.number}条：{reply.subject}")}
description: {_yaml(f"积分落户政策常用答复口径第{reply.number}条（{reply.subject}）的全文，附本站白话概括和整理的相关页面。")}
---

# 答复口径第{reply.number}条：{reply.subject}

<!-- replies: summary-{reply.number} -->

{SOURCE_NOTE_OPEN}

以下方框内是“积分落户政策常用答复口径”第{reply.number}条的全文。本站所用文本取自{SOURCE_NAME}{SOURCE_PUBLISHED}发布的网页《{SOURCE_TITLE}》，该网页转载了全部19条答复口径；本站未能与官方网站上的原始页面逐字核对。整理时只做了两类修正：去掉抓取网页时混入的“左边”“右边”字样，改正第3条中的一个错字（“才加”→“参加”）。{corrected}

</div>

{official_block(reply)}
---

## 本站整理：相关页面 {{ data-search-exclude }}

以下链接由本站整理，不属于答复口径原文。

{links}

[返回答复口径目录](index.md)
"""


def main() -> None:
    out = DOCS / "replies"
    out.mkdir(parents=True, exist_ok=True)
    for reply in parse():
        path = out / f"{reply.number:02d}.md"
        path.write_text(page(reply), encoding="utf-8")
        print("wrote", path.relative_to(ROOT))


if __name__ == "__main__":
    main()
