"""The built site: official texts, generated tables, links, origins, search.

Every test reads the output of one `mkdocs build --strict` (fixture `built_site`).
"""

from __future__ import annotations

import csv
import difflib
import json
import re
from fractions import Fraction
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

import calculator
from build_tools import replies as replies_mod
from build_tools import rule_tables, worked_examples
from calculator import indicators
from calculator.rules import ELIGIBILITY, INDICATORS, RULES, is_open, show_number
from tests.html_tools import Node, main_content, parse, squash, table_rows

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "policy" / "seed" / "000_558bf9e56243dbc4.txt"
REPLIES = replies_mod.parse(SEED.read_text(encoding="utf-8"))
KEY_OF_SLUG = {indicators.UNITS[key].PAGE[0]: key for key in indicators.PAGE_LINES}  # each indicator page
SLUGS = tuple(KEY_OF_SLUG)

PAGES = (
    [
        "index.html",
        "eligibility/index.html",
        "indicators/index.html",
        "process/index.html",
        "history/index.html",
        "replies/index.html",
        "compare-2016/index.html",
        "sources/index.html",
        "calculator/index.html",
    ]
    + [f"indicators/{slug}/index.html" for slug in SLUGS]
    + [f"replies/{n:02d}/index.html" for n in range(1, 20)]
)


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def text_without(node: Node, skip_class: str) -> str:
    if skip_class in node.classes:
        return ""
    return "".join(c if isinstance(c, str) else text_without(c, skip_class) for c in node.children)


def resolve(page: Path, site: Path, href: str) -> tuple[Path, str]:
    """A relative link from a built page -> (file in site, fragment)."""
    parts = urlsplit(href)
    if not parts.path:
        return page, unquote(parts.fragment)
    target = (page.parent / unquote(parts.path)).resolve()
    if target.is_dir() or parts.path.endswith("/"):
        target = target / "index.html"
    return target, unquote(parts.fragment)


# ---------------------------------------------------------------- the build
def test_every_page_is_built(built_site):
    missing = [p for p in PAGES if not (built_site / p).is_file()]
    assert not missing, missing
    # The calculator lives at calculator/index.html (use_directory_urls)
    assert (built_site / "calculator" / "index.html").is_file()


def test_theme_settings():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.Loader)
    assert config["theme"]["font"] is False
    # Material's Simplified Chinese texts, the pages tagged zh-CN (overrides/partials/languages/custom.html)
    assert config["theme"]["language"] == "custom"
    custom = (ROOT / "overrides" / "partials" / "languages" / "custom.html").read_text(encoding="utf-8")
    assert 'import "partials/languages/zh.html"' in custom and '"zh-CN"' in custom
    assert "navigation.instant" not in config["theme"].get("features", [])
    assert config["use_directory_urls"] is True
    assert config.get("site_url") in (None, "")  # without SITE_URL links stay relative
    assert config["hooks"] == ["build_tools/mkdocs_hooks.py"]


# ---------------------------------------------------------------- the official replies
def test_seed_holds_nineteen_replies_and_nothing_is_lost():
    assert [r.number for r in REPLIES] == list(range(1, 20))
    block = replies_mod.block(SEED.read_text(encoding="utf-8"))
    rebuilt = "".join(f"{r.number}.{r.raw_subject}{r.raw_body}" for r in REPLIES)
    assert rebuilt == block  # the 19 raw replies are exactly the seed's block, in order
    assert REPLIES[0].body.endswith("支持!”")  # the stray ” is kept
    assert REPLIES[0].body.startswith("积分落户政策实施以来")
    assert REPLIES[18].body.endswith("提前征求意见")
    assert "扫描微信咨询" not in REPLIES[18].body
    assert REPLIES[2].subject.endswith("(达到一定分值或一定条件可在京参加中高考):")


@pytest.mark.parametrize("reply", REPLIES, ids=lambda r: f"reply{r.number:02d}")
def test_corrections_are_only_the_documented_ones(reply):
    raw = reply.raw_subject + reply.raw_body
    fixed = reply.subject + reply.body
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, raw, fixed, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        removed, added = raw[i1:i2], fixed[j1:j2]
        if tag == "delete":
            assert set(re.findall("..", removed)) <= {"左边", "右边"} and len(removed) % 2 == 0, removed
        else:
            assert (removed, added) == ("才", "参") and raw[i1 - 2 : i2 + 4] == "在京才加中高考", (removed, added)
    assert "左边" not in fixed and "右边" not in fixed and "才加" not in fixed


def test_exactly_one_typo_fixed():
    fixed = [r.number for r in REPLIES if "才加" in r.raw_subject + r.raw_body]
    assert fixed == [3]


@pytest.mark.parametrize("reply", REPLIES, ids=lambda r: f"reply{r.number:02d}")
def test_reply_page_text_equals_seed_after_corrections(built_site, reply):
    root = parse(built_site / "replies" / f"{reply.number:02d}" / "index.html")
    blocks = root.find_all("blockquote", cls="official-reply")
    assert len(blocks) == 1
    assert blocks[0].attrs["data-reply"] == str(reply.number)
    paragraphs = [p.text() for p in blocks[0].find_all("p")]
    assert paragraphs == [f"{reply.number}.{reply.subject}", reply.body]
    # the page says where the text comes from and what was corrected
    note = squash(" ".join(n.text() for n in root.find_all(cls="source-note")))
    assert "落户咨询网" in note and "2023-03-03" in note and "参加" in note
    # title = number and subject
    h1 = root.find_all("h1")
    assert len(h1) == 1 and squash(h1[0].text()) == f"答复口径第{reply.number}条：{reply.subject}"
    # the front matter was read as such (reply 3's subject ends in ":"), not shown as text
    assert "description:" not in squash(main_content(root).text())
    meta = [m.attrs.get("content", "") for m in root.find_all("meta") if m.attrs.get("name") == "description"]
    assert len(meta) == 1 and meta[0].startswith(f"积分落户政策常用答复口径第{reply.number}条（"), meta


def test_every_reply_page_opens_with_its_own_plain_words_summary(built_site):
    """Each reply page starts (right under its title, above the source note and the official text)
    with the site's own summary in its own element, labelled as ours with the reply text prevailing;
    the 19 summaries are all different, and every number in one is a number of that reply."""
    shown = {}
    for reply in REPLIES:
        article = main_content(parse(built_site / "replies" / f"{reply.number:02d}" / "index.html"))
        blocks = article.find_all(data_testid="reply-summary")
        assert len(blocks) == 1, reply.number
        block = blocks[0]
        assert block.attrs["data-reply"] == str(reply.number)
        paragraphs = [squash(p.text()) for p in block.find_all("p")]
        assert paragraphs[0] == "本站白话概括（以下方答复原文为准）"
        summary = " ".join(paragraphs[1:])
        assert summary and summary == replies_mod.SUMMARIES[reply.number], reply.number
        assert 1 <= summary.count("。") <= 3 and len(summary) <= 160, (reply.number, len(summary))
        for number in re.findall(r"\d+(?:\.\d+)?", summary):
            assert number in reply.subject + reply.body, (reply.number, number)
        # at the top: the first block after the title, before the source note and the official text
        elements = [n for n in article.iter() if n.tag in ("h1", "div", "blockquote") and n is not article]
        order = [
            n.tag if n.tag == "h1" else next(iter(n.classes & {"reply-summary", "source-note", "official-reply"}), "")
            for n in elements
        ]
        order = [name for name in order if name]
        assert order[:4] == ["h1", "reply-summary", "source-note", "official-reply"], (reply.number, order)
        shown[reply.number] = summary
    assert len(set(shown.values())) == len(REPLIES) == len(replies_mod.SUMMARIES)
    # no other page carries a reply summary
    others = [
        p
        for p in html_pages(built_site)
        if p.parent.parent.name != "replies" and parse(p).find_all(data_testid="reply-summary")
    ]
    assert not others, others


def test_navigation_names_each_reply_by_its_subject():
    """The navigation's titles: "第N条 " and the subject, without its parentheses, shortened with "…"."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.Loader)
    section = next(entry["答复口径"] for entry in config["nav"] if isinstance(entry, dict) and "答复口径" in entry)
    titles = {path: title for item in section if isinstance(item, dict) for title, path in item.items()}
    for reply in REPLIES:
        title = titles[f"replies/{reply.number:02d}.md"]
        prefix = f"第{reply.number}条 "
        assert title.startswith(prefix), title
        short = title.removeprefix(prefix)
        subject = re.sub(r"\([^)]*\)", "", reply.subject)
        assert len(short) >= 4 and subject.startswith(short.removesuffix("…")), (title, subject)


def test_committed_reply_pages_hold_the_official_text():
    for reply in REPLIES:
        source = (ROOT / "docs" / "replies" / f"{reply.number:02d}.md").read_text(encoding="utf-8")
        assert reply.body in source.replace("&amp;", "&")


ARTIFACTS = ("左边", "右边", "才加", "扫描微信", "落户咨询热线", "13671738356", "信息摘要", "入户咨询", "y569")


def test_no_page_contains_scraper_artifacts(built_site):
    found = []
    for page in html_pages(built_site):
        root = parse(page)
        articles = root.find_all("article")
        text = "".join(text_without(a, "source-note") for a in articles)
        for word in ARTIFACTS:
            if word in text:
                found.append((page.relative_to(built_site).as_posix(), word))
    assert not found, found
    index = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    for word in ("扫描微信", "13671738356", "落户咨询热线", "才加"):
        assert word not in index.replace("\u200b", "")


def test_replies_link_to_indicator_pages_and_back(built_site):
    pairs = {(n, name) for n, names in replies_mod.RELATED.items() for name in names}
    assert pairs, "the relation is not empty"
    for n, name in pairs:
        reply_page = built_site / "replies" / f"{n:02d}" / "index.html"
        target = built_site / ("indicators/" + name if name in SLUGS else name) / "index.html"
        links = {
            resolve(reply_page, built_site, a.attrs["href"])[0]
            for a in main_content(parse(reply_page)).find_all("a")
            if a.attrs.get("href")
        }
        assert target.resolve() in links, (n, name)
        back = parse(target).find_all(cls="related-replies")
        assert len(back) == 1, name
        back_links = {resolve(target, built_site, a.attrs["href"])[0] for a in back[0].find_all("a")}
        assert reply_page.resolve() in back_links, (name, n)
    # and no indicator page lists a reply that is not related to it
    for slug in SLUGS:
        page = built_site / "indicators" / slug / "index.html"
        listed = {
            int(p.parent.name)
            for a in parse(page).find_all(cls="related-replies")[0].find_all("a")
            for p in [resolve(page, built_site, a.attrs["href"])[0]]
        }
        assert listed == {n for n, names in replies_mod.RELATED.items() if slug in names}, slug


def test_reply_index_lists_all_nineteen(built_site):
    page = built_site / "replies" / "index.html"
    links = {
        resolve(page, built_site, a.attrs["href"])[0]
        for a in parse(page).find_all(cls="replies-index")[0].find_all("a")
    }
    for n in range(1, 20):
        assert (built_site / "replies" / f"{n:02d}" / "index.html").resolve() in links


# ---------------------------------------------------------------- generated rule tables
def generated_tables(site: Path) -> dict[str, list[tuple[str, list[str], list[list[str]]]]]:
    found: dict[str, list] = {}
    for page in html_pages(site):
        for div in parse(page).find_all("div", cls="rules-table"):
            tables = div.find_all("table")
            assert len(tables) == 1
            header, rows = table_rows(tables[0])
            found.setdefault(div.attrs["data-rules"], []).append((page.relative_to(site).as_posix(), header, rows))
    return found


def test_generated_tables_equal_the_rules_data(built_site):
    found = generated_tables(built_site)
    assert set(found) == set(rule_tables.names()), "every table is used, and only known tables"
    for name, uses in found.items():
        header, rows = rule_tables.table(name)
        expected = ([squash(h) for h in header], [[squash(c) for c in row] for row in rows])
        for page, got_header, got_rows in uses:
            assert (got_header, got_rows) == expected, (name, page)


def one_table(site: Path, name: str) -> tuple[list[str], list[list[str]]]:
    _, header, rows = generated_tables(site)[name][0]
    return header, rows


def test_education_table_matches_rules_toml(built_site):
    _, rows = one_table(built_site, "education.tiers")
    tiers = INDICATORS["education"]["tiers"]
    assert rows == [[t["label"], f"{show_number(t['points'])}分", f"{t['deduction_years']}年"] for t in tiers]
    assert [r[1] for r in rows] == ["10.5分", "15分", "26分", "37分"]


def test_age_table_matches_the_rule(built_site):
    _, rows = one_table(built_site, "age.table")
    rule = INDICATORS["age"]
    table = dict(rows)
    for age in range(18, 70):
        expected = max(0, rule["full_points"] - rule["points_lost_per_year"] * max(0, age - rule["full_points_until"]))
        if age <= rule["full_points_until"]:
            key = f"{rule['full_points_until']}周岁及以下"
        elif expected == 0:
            key = next(k for k in table if k.endswith("周岁及以上"))
            assert int(key[:2]) <= age
        else:
            key = f"{age}周岁"
        assert table[key] == f"{expected}分", age


def test_rate_tables_match_rules_toml(built_site):
    _, rows = one_table(built_site, "employment.rates")
    assert rows[0][1] == f"{show_number(INDICATORS['employment']['points_per_month'])}分"
    _, rows = one_table(built_site, "residence.rates")
    res = INDICATORS["residence"]
    assert rows[0][1].startswith(f"{show_number(res['owned_points_per_month'])}分")
    assert rows[1][1].startswith(f"{show_number(res['rented_points_per_month'])}分")
    assert [r[2] for r in rows] == [
        f"{show_number(res['owned_points_per_year'])}分",
        f"{show_number(res['rented_points_per_year'])}分",
    ]
    _, rows = one_table(built_site, "job_residence.rates")
    jr = INDICATORS["job_residence"]
    assert rows[0][1:] == [f"{jr['live_points_per_year']}分", f"{jr['cap']}分"]
    assert rows[1][1:] == [f"{jr['live_and_work_points_per_year']}分", f"{jr['cap']}分"]
    _, rows = one_table(built_site, "innovation.equity")
    assert [r[1] for r in rows] == [f"{b['points']}分" for b in INDICATORS["innovation"]["types"]["equity"]["bands"]]
    _, rows = one_table(built_site, "tax.rates")
    assert f"{INDICATORS['tax']['cap']}分" in rows[-1]
    _, rows = one_table(built_site, "eligibility.retirement")
    for row, group in zip(rows, ELIGIBILITY["retirement_age"]["groups"], strict=True):
        top = Fraction(group["base_years"]) + Fraction(group["max_extra_months"], 12)
        assert row[1] == f"{group['base_years']}周岁" and row[-1] == f"{show_number(top)}周岁"
    _, rows = one_table(built_site, "eligibility.social_insurance")
    assert str(ELIGIBILITY["social_insurance"]["min_continuous_months"]) in rows[0][1]
    assert str(ELIGIBILITY["social_insurance"]["max_backpay_months"]) in rows[1][1]
    _, rows = one_table(built_site, "process.stages")
    stages = RULES["process"]["stages"]
    assert [r[1] for r in rows[:-1]] == [f"{s['days']}天" for s in stages]
    assert sum(s["days"] for s in stages) == RULES["process"]["total_days"]
    assert len(stages) == RULES["process"]["stage_count"]


def test_every_rule_number_on_its_page(built_site):
    """The overview row of each indicator is on the home page and the calculator page."""
    for page in ("index.html", "calculator/index.html"):
        _, rows = next((h, r) for p, h, r in generated_tables(built_site)["indicators.overview"] if p == page)
        assert [re.sub(r"^\d\. ", "", r[0]).strip("（）") for r in rows] == [
            INDICATORS[k]["label"] for k in rule_tables.OVERVIEW_ORDER
        ]
        links = [
            a
            for d in parse(built_site / page).find_all("div", cls="rules-table")
            if d.attrs["data-rules"] == "indicators.overview"
            for a in d.find_all("a")
        ]
        assert len(links) == len(rule_tables.OVERVIEW_ORDER)
    summary = parse(built_site / "calculator" / "index.html").find_all("div", cls="rule-summary")
    assert len(summary) == 1 and summary[0].find_all("div", cls="rules-table")


# ---------------------------------------------------------------- honesty: quotes and 待核实
def all_quotes(node=RULES, out=None) -> set[str]:
    out = set() if out is None else out
    if isinstance(node, dict):
        for key, value in node.items():
            if (key == "quote" or key.endswith("_quote")) and isinstance(value, str):
                out.add(value)
            else:
                all_quotes(value, out)
    elif isinstance(node, list):
        for value in node:
            all_quotes(value, out)
    return out


def test_only_rules_toml_quotes_are_shown_as_official_wording(built_site):
    from calculator import params

    # the quotes of every rule set, dated values resolved
    quotes = set().union(*(all_quotes(tree) for tree in params.rule_set_trees().values()))
    shown = set()
    for page in html_pages(built_site):
        for block in parse(page).find_all("blockquote"):
            if "official-reply" in block.classes:
                continue
            assert "official-quote" in block.classes, f"unexpected blockquote on {page}"
            paragraphs = block.find_all("p")
            text = paragraphs[0].text()
            assert text.startswith("“") and text.endswith("”")
            assert text[1:-1] in quotes, (page, text[:30])
            source = squash(paragraphs[1].text())
            # the source in plain words (a quote needs official, official-reply or reposted wording),
            # with the one "依据" link to what was checked; never an evidence code
            words = [
                RULES["evidence"][tag][key] for tag in ("V-OFF", "V-SEED", "V-SEC") for key in ("label", "in_line")
            ]
            assert source.startswith("出处：") and any(word in source for word in words), source
            assert not re.search(r"V-(OFF|SEED|SEC)|DATA|PARA|OPEN", source), source
            links = [a.attrs["href"] for a in paragraphs[1].find_all("a")]
            assert len(links) == 1 and links[0].endswith("sources/#checks"), links
            shown.add(text[1:-1])
    for slug in SLUGS:
        quote = INDICATORS[KEY_OF_SLUG[slug]].get("quote")
        if quote:
            assert quote in shown
    assert INDICATORS["education_deduction"]["quote"] in shown


def test_a_rule_boxs_source_line_says_what_each_kind_of_evidence_supports(built_site):
    """The "依据" line under a rule box: the rule's evidence in one sentence (rules.evidence_labels),
    never labels side by side ("官方原文；转载，未与官方原文核对"); a weaker part follows after "；其中"."""
    labels = [e["label"] for e in RULES["evidence"].values()]
    lines = {}
    for page in html_pages(built_site):
        for span in parse(page).find_all("span", cls="rule-source"):
            line = squash(span.text()).split("核对：")[0].strip()
            assert line.startswith("依据：") and "——" in line, line
            evidence = re.sub(r"；其中“[^”]*”：", "|", line.split("——", 1)[1])
            for said in evidence.split("|"):
                assert "；" not in said, (page, line)  # one sentence per source
                assert not any(f"{a}；{b}" in said for a in labels for b in labels), line
            lines[page.relative_to(built_site).as_posix()] = line
    residence = lines["indicators/residence/index.html"]
    assert residence.endswith("——部分依据官方原文，部分为转载（未与官方原文核对），计算方法根据公示数据推算"), residence
    assert len(lines) >= 9, sorted(lines)


def test_open_rules_show_dai_he_shi(built_site):
    for slug in SLUGS:
        key = KEY_OF_SLUG[slug]
        text = squash(main_content(parse(built_site / "indicators" / slug / "index.html")).text())
        if is_open(INDICATORS[key]):
            assert "待核实" in text, slug
            assert INDICATORS[key]["open_note"] in text, slug
    tax = squash(main_content(parse(built_site / "indicators" / "tax" / "index.html")).text())
    assert "待核实" in tax and INDICATORS["tax"]["not_carried"] in tax


def test_sources_page_states_not_official_and_what_was_checked(built_site):
    root = main_content(parse(built_site / "sources" / "index.html"))
    text = squash(root.text())
    assert "本站不是官方网站" in text and "以北京市积分落户服务系统的审核结果和官方公示为准" in text
    checked = RULES["meta"]["checked"]
    assert f"{checked.year}年{checked.month}月{checked.day}日" in text
    assert "最近核对" not in text
    assert any(n.attrs.get("id") == "checks" for n in root.iter())
    for tag, evidence in RULES["evidence"].items():
        assert tag in text and evidence["label"] in text and evidence["checked"] in text


# ---------------------------------------------------------------- worked examples
def test_worked_examples_agree_with_the_engine(built_site):
    seen = set()
    defined = {example[0]: example for _, example in worked_examples.all_examples()}
    for page in html_pages(built_site):
        for div in parse(page).find_all("div", cls="worked-example"):
            example_id = div.attrs["data-example"]
            assert example_id not in seen
            seen.add(example_id)
            _, _, _, applicant, items = defined[example_id]
            result = calculator.score(applicant)
            by_id = {i["id"]: i for i in result["items"]} | {"eligibility:" + c["id"]: c for c in result["eligibility"]}
            shown = {li.attrs["data-item"]: li for li in div.find_all("li") if "data-item" in li.attrs}
            assert list(shown) == list(items)
            for item_id, tr in shown.items():
                if item_id.startswith("eligibility:"):
                    assert tr.attrs["data-met"] == str(by_id[item_id]["met"]).lower()
                else:
                    assert float(tr.attrs["data-points"]) == by_id[item_id]["points"], example_id
                    shown_points = squash(tr.find_all(cls="points")[0].text())
                    assert shown_points.endswith("分") and float(shown_points[:-1]) == by_id[item_id]["points"]
                assert squash(by_id[item_id]["detail"]) in squash(tr.text())
    assert seen == set(defined)


# ---------------------------------------------------------------- history
def test_history_tables_and_chart_follow_history_csv(built_site):
    with (ROOT / "policy" / "history.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    page = built_site / "history" / "index.html"
    root = parse(page)
    tables = {
        d.attrs["data-history"]: table_rows(d.find_all("table")[0])[1] for d in root.find_all(cls="history-table")
    }
    verified = [r for r in rows if r["status"] == "verified"]
    unverified = [r for r in rows if r["status"] != "verified"]
    sources = [squash(li.text()) for d in root.find_all(cls="history-sources") for li in d.find_all("li")]
    assert [s.split("年：")[0] for s in sources] == [r["year"] for r in rows]  # one source line per year
    assert all(not re.search("[A-Za-z]{4,}", s) for s in sources), "sources in Chinese"
    assert [(r[0], r[1], r[2]) for r in tables["verified"]] == [
        (r["year"], r["lowest_admitted_score"], r["people_admitted"]) for r in verified
    ]
    assert [(r[0], r[1]) for r in tables["unverified"]] == [
        (r["year"], r["lowest_admitted_score"] + "（未核实）") for r in unverified
    ]
    svgs = root.find_all("svg", cls="history-chart")
    assert len(svgs) == 1  # inline, drawn at build time
    points = [c for c in svgs[0].find_all("circle") if "point" in c.classes]
    assert len([c for c in points if "verified" in c.classes]) == len(verified) + 1  # + legend
    assert len([c for c in points if "unverified" in c.classes]) == len(unverified) + 1
    labels = [squash(t.text()) for t in svgs[0].find_all("text") if "label" in t.classes]
    assert labels == [r["lowest_admitted_score"] for r in rows]
    assert not root.find_all("script", src=None) or all(
        "chart" not in (s.attrs.get("src") or "") for s in root.find_all("script")
    )
    home = squash(main_content(parse(built_site / "index.html")).text())
    latest, checked = rows[-1], verified[-1]  # the latest known year, whatever its status (CONTRACT 4b)
    assert f"已知最新的是{latest['year']}年度：最低落户分值{latest['lowest_admitted_score']}分" in home
    if latest["status"] != "verified":
        assert (
            f"{latest['lowest_admitted_score']}分，公示{latest['people_admitted']}人（非官方数字，未核实；来源：{latest['source_zh']}）"
            in home
        )
        assert f"已核实的最近一年是{checked['year']}年度：{checked['lowest_admitted_score']}分" in home


# ---------------------------------------------------------------- links and origins
LINK_ATTRS = ("href", "src", "srcset", "action", "poster", "data", "formaction")


def test_every_internal_link_resolves(built_site):
    broken = []
    ids_cache: dict[Path, set[str]] = {}
    for page in html_pages(built_site):
        for node in parse(page).iter():
            for attr in ("href", "src"):
                value = node.attrs.get(attr)
                if not value or re.match(r"^[a-z][a-z0-9+.-]*:", value) or value.startswith("//"):
                    continue  # external ones are caught by the next test
                target, fragment = resolve(page, built_site, value)
                if not target.is_file():
                    broken.append((page.relative_to(built_site).as_posix(), value))
                    continue
                if fragment and target.suffix == ".html":
                    if target not in ids_cache:
                        ids_cache[target] = {n.attrs["id"] for n in parse(target).iter() if n.attrs.get("id")}
                    if fragment not in ids_cache[target]:
                        broken.append((page.relative_to(built_site).as_posix(), value))
    assert not broken, broken[:20]


OFFICIAL_LINKS = {"https://rsj.beijing.gov.cn/"}
# The official site's own pages (the sources page links them, issue 21): links to follow, never loaded.
OFFICIAL_HOST = re.compile(r"^https://(fuwu\.)?rsj\.beijing\.gov\.cn/")


def test_the_sources_page_links_the_official_addresses_it_names(built_site):
    page = parse(built_site / "sources" / "index.html")
    links = {
        a.attrs.get("href"): a for a in page.iter() if a.tag == "a" and OFFICIAL_HOST.match(a.attrs.get("href") or "")
    }
    text = squash(page.text())
    named = set(re.findall(r"(?<![/\w.])((?:fuwu\.)?rsj\.beijing\.gov\.cn/[\w/.\-]+)", text))
    assert len(named) >= 4
    for address in named:
        assert f"https://{address}" in links, address
        assert "noopener" in (links[f"https://{address}"].attrs.get("rel") or "")


def test_every_page_carries_the_unofficial_notice_with_the_official_link(built_site):
    pages = list(html_pages(built_site))
    assert len(pages) > 40
    for page in pages:
        notices = [n for n in parse(page).iter() if n.attrs.get("data-testid") == "unofficial-notice"]
        assert len(notices) == 1, page
        assert squash(notices[0].text()) == "本站不是官方网站，以北京市人力资源和社会保障局为准", page
        assert [a.attrs.get("href") for a in notices[0].find_all("a")] == ["https://rsj.beijing.gov.cn/"], page


def test_no_page_references_another_origin_or_the_root(built_site):
    bad = []
    for page in html_pages(built_site):
        text = page.read_text(encoding="utf-8")
        for node in parse(text).iter():
            for attr in LINK_ATTRS:
                value = (node.attrs.get(attr) or "").strip()
                if not value:
                    continue
                if node.tag == "a" and attr == "href" and (value in OFFICIAL_LINKS or OFFICIAL_HOST.match(value)):
                    continue  # a link the visitor may follow (CONTRACT 4f), never a resource the page loads
                if re.match(r"^(https?:|//|ftp:|ws)", value) or value.startswith("/"):
                    bad.append((page.name, attr, value))
            if node.tag == "link" and "preconnect" in (node.attrs.get("rel") or ""):
                bad.append((page.name, "preconnect", node.attrs.get("href")))
        if re.search(r"url\(\s*['\"]?(https?:)?//", text) or "@import" in text:
            bad.append((page.name, "css", "url()"))
    for css in built_site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), css
        assert not re.search(r"@import\s+(url\()?['\"]?(https?:)?//", text), css
    assert not bad, bad[:20]
    everything = "".join(p.read_text(encoding="utf-8") for p in html_pages(built_site))
    for host in (
        "fonts.googleapis.com",
        "fonts.gstatic.com",
        "cdn.jsdelivr.net",
        "unpkg.com",
        "googletagmanager",
        "github.com",
    ):
        assert host not in everything, host


# ---------------------------------------------------------------- search
def test_search_index_holds_chinese_terms(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])
    assert "\\u200b" in index["config"]["separator"]  # splits on jieba's zero-width spaces
    tokens_by_location: dict[str, set[str]] = {}
    for doc in index["docs"]:
        tokens = {t.lower() for t in separator.split(doc["title"] + " " + doc["text"]) if t}
        tokens_by_location.setdefault(doc["location"].split("#")[0], set()).update(tokens)
    assert any("\u200b" in doc["text"] for doc in index["docs"]), "jieba segmentation applied"

    def pages_with(term: str) -> set[str]:
        return {loc for loc, tokens in tokens_by_location.items() if term in tokens}

    assert "eligibility/" in pages_with("补缴")
    assert "indicators/employment/" in pages_with("补缴")
    assert "indicators/job-residence/" in pages_with("职住区域")
    for term in ("积分", "落户", "社保", "居住证", "城六区", "同分同落", "答复口径"):
        assert pages_with(term), term
