"""The site's search (issue 21, "search that answers"), on the built site.

- the index (search/search_index.json) holds what the pages say, not where it comes from: no
  source line of a rule, no scraping note of a reply, nothing run together ("核对核对");
- in headless Chromium, through the theme's own search box and the site's search worker (the
  ranking a visitor gets): every everyday query of tests/data/search_queries.json, put into the
  box as a paste or a voice input puts it (one input event, no key press), brings its page into
  the first three results;
- a pasted, dictated or composed (input method) question is answered without a key press;
- no word a question is asked with ("多少", "要求") and no broken piece of a word is listed as
  missing under a result; a result's snippet shows the page's own text.

Figures for a report: `python -m tests.audit search` (`--keyup` for a build that answered key
presses only).
"""

from __future__ import annotations

import json
import re

import pytest

from build_tools import replies
from calculator.rules import RULES
from tests.audit import relevance, search_results
from tests.browser import PHONE, csp_reported, listening_context

# the text of every entry shown for a query: [[location, title, snippet, [words listed as missing]]]
SHOWN = """() => [...document.querySelectorAll('.md-search-result__list article')].map(a => [
    new URL(a.parentElement.href).pathname, (a.querySelector('h1, h2') || {}).textContent || '',
    [...a.querySelectorAll(':scope > p:not(.md-search-result__terms)')].map(p => p.textContent).join(' '),
    [...a.querySelectorAll('.md-search-result__terms del')].map(d => d.textContent)])"""


def _plain(text: str) -> str:
    return re.sub(r"<[^>]+>", " ", text).replace("\u200b", "")


@pytest.fixture(scope="module")
def index(built_site) -> dict:
    return json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))


@pytest.fixture()
def page(reporting_site, chromium_browser):
    """The home page on a phone; afterwards, no Content-Security-Policy violation (pages and workers)."""
    base, reports = reporting_site
    context = listening_context(chromium_browser, PHONE)
    page = context.new_page()
    page.goto(base, wait_until="load")
    yield page
    assert page.evaluate("window.__csp") == []
    assert not reports, csp_reported(reports)
    context.close()


# ---------------------------------------------------------------- the index
def test_the_index_holds_the_text_not_where_it_comes_from(index, built_site):
    outside_sources = [d for d in index["docs"] if not d["location"].startswith("sources/")]
    text = {d["location"]: _plain(d["title"] + " " + d["text"]) for d in outside_sources}
    everything = "\n".join(text.values())
    # a rule's source line ("依据：… 核对：…整理本条时…") and a quote's ("出处：…") stay on the page only
    assert "整理本条时" not in everything
    assert RULES["meta"]["not_checked"] not in everything
    assert not re.search(r"出处：[^。]*（\s*依据\s*）", everything)
    assert "核对核对" not in everything
    # a reply page: the reply itself, without the note on where the copy was found
    for reply in replies.parse():
        own = text[replies.page_path(reply.number).removesuffix(".md") + "/"]
        assert reply.body in own, reply.number
        assert "落户咨询网" not in own and "本站所用文本" not in own and "本站整理" not in own, reply.number
    # the eligibility page: its conditions, not the evidence column beside them
    assert "已申领北京市居住证" in text["eligibility/"] and "未与官方原文核对" not in text["eligibility/"]
    # the guide: its facts, not the "（来源：…）" after each one
    assert not [loc for loc, t in text.items() if loc.startswith("guide/") and "（来源：" in t]
    # ...while the pages still say all of it
    eligibility = (built_site / "eligibility" / "index.html").read_text(encoding="utf-8")
    assert "整理本条时" in eligibility and "未与官方原文核对" in eligibility
    assert "落户咨询网" in (built_site / "replies" / "05" / "index.html").read_text(encoding="utf-8")
    assert "（来源：" in (built_site / "guide" / "faq" / "index.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------- in the browser
def test_everyday_queries_find_their_page_in_the_top_three(page, reporting_site):
    rows = relevance(page, reporting_site[0])
    assert len(rows) >= 20
    missed = [f"{r['q']}: wanted {r['want']}, rank {r['rank']}, top 3 {r['shown']}" for r in rows if not r["ok"]]
    assert not missed, "\n".join(missed)


def test_a_pasted_dictated_or_composed_question_is_answered_without_a_key_press(page):
    # a paste (Playwright's fill: the value and one input event, no keyboard)
    assert search_results(page, "租房积分")[0] == "indicators/residence/"
    box = page.locator("input.md-search__input")

    def put(text: str, event: str) -> None:
        box.evaluate(
            """(box, [text, event]) => { box.value = text;
                box.dispatchEvent(event === 'compositionend' ? new CompositionEvent('compositionend', {bubbles: true, data: text})
                    : new InputEvent('input', {bubbles: true, inputType: event, isComposing: event === 'composing'})); }""",
            [text, event],
        )

    def first_result(then: str = "") -> str:
        """The first result's path, once it is `then` (at most 10 s), or after 1 s."""
        for _ in range(50 if then else 5):
            page.wait_for_timeout(200)
            shown = page.evaluate(SHOWN)
            if then and shown and shown[0][0].endswith(then):
                break
        return shown[0][0] if shown else ""

    # a voice input or a suggestion the phone's keyboard offered replaces the text
    put("守法记录", "insertReplacementText")
    assert first_result("indicators/law/").endswith("indicators/law/")
    # an input method: nothing while the pinyin is being composed, the words once it ends
    put("ju zhu zheng", "composing")
    assert first_result().endswith("indicators/law/")
    put("居住证", "compositionend")
    assert first_result("eligibility/").endswith("eligibility/")


ASKING = ("多少", "要求", "几年", "怎么", "什么", "加分", "吗", "年积")


def test_no_asking_word_or_broken_word_is_listed_as_missing(page, index):
    words_of_the_site = _plain(" ".join(d["title"] + " " + d["text"] for d in index["docs"]))
    for query in (
        "一年积分多少",
        "居住证 要求",
        "几年社保",
        "社保断了一个月还能申请吗",
        "个税交多少能加分",
        "zzqxv 居住证",
    ):
        search_results(page, query)
        shown = page.evaluate(SHOWN)
        assert shown, query
        missing = {word for entry in shown for word in entry[3]}
        assert not missing & set(ASKING), (query, missing)
        assert all(word in words_of_the_site for word in missing), (query, missing)  # real words of the site
    # a query about one thing lists nothing as missing under its page
    search_results(page, "居住证 要求")
    first = page.evaluate(SHOWN)[0]
    assert first[0].endswith("eligibility/") and first[3] == []


def test_a_result_shows_the_page_text_not_where_it_comes_from(page):
    assert search_results(page, "有效期")[0] == "replies/05/"
    snippet = page.evaluate(SHOWN)[0][2]
    assert "现行政策将保持相对稳定" in snippet, snippet
    assert "本站所用文本" not in snippet and "落户咨询网" not in snippet
    assert search_results(page, "居住证")[0] == "eligibility/"
    snippets = " ".join(entry[2] for entry in page.evaluate(SHOWN) if "eligibility/" in entry[0])
    assert "已申领北京市居住证" in snippets
    assert "核对核对" not in snippets and "整理本条时" not in snippets and "未与官方原文核对" not in snippets


def test_search_highlights_the_words_that_matched(page):
    assert search_results(page, "45周岁")[0] == "indicators/age/"
    first = page.locator(".md-search-result__item").first
    assert "年龄" in first.locator("h1").inner_text()
    marks = first.locator("mark").all_text_contents()
    assert "45" in marks or "45周岁" in "".join(marks)
    assert search_results(page, "zzqxv") == []
