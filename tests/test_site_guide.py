"""The practical guide (docs/guide/), and the site's honesty about its evidence (issue 10).

Every test reads the output of one `mkdocs build --strict` (fixture `built_site`).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import yaml

import calculator
from build_tools import history_chart, worked_examples
from calculator.rules import INDICATORS, RULES
from tests.html_tools import main_content, parse, squash, table_rows

ROOT = Path(__file__).resolve().parent.parent
GUIDE = {
    "guide/index.md": "办事指南",
    "guide/documents.md": "证明材料与审核部门",
    "guide/employer.md": "单位人事的工作",
    "guide/year-end.md": "年底前检查清单",
    "guide/after-publicity.md": "公示之后",
    "guide/faq.md": "特殊情况问答",
}
# The plain words a guide page may use for its sources (rules.toml [evidence] labels, and
# "非官方" for third-party copies of official data).
SOURCE_WORDS = [e["label"] for e in RULES["evidence"].values()] + ["非官方"]
EVIDENCE_CODE = re.compile(r"V-(OFF|SEED|SEC)|\b(DATA|PARA|OPEN)\b")


def built(site: Path, uri: str) -> Path:
    stem = uri[:-3]
    return site / (stem[: -len("index")] if stem.endswith("index") else stem + "/") / "index.html"


def article(site: Path, uri: str):
    return main_content(parse(built(site, uri)))


# ---------------------------------------------------------------- the guide pages
def test_guide_pages_are_in_the_navigation():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.Loader)
    section = next(entry["办事指南"] for entry in config["nav"] if isinstance(entry, dict) and "办事指南" in entry)
    listed = [item if isinstance(item, str) else next(iter(item.values())) for item in section]
    assert listed == list(GUIDE)


def test_guide_pages_exist_with_their_titles_and_sources(built_site):
    for uri, title in GUIDE.items():
        root = article(built_site, uri)
        assert squash(root.find_all("h1")[0].text()) == title, uri
        if uri == "guide/index.md":
            continue
        blocks = root.find_all("div", cls="guide-sources")
        assert len(blocks) == 1, uri
        items = blocks[0].find_all("li")
        assert len(items) >= 3, uri
        for li in items:  # each source says how far it can be trusted, in the site's words
            assert any(word in squash(li.text()) for word in SOURCE_WORDS), (uri, li.text())
        links = [a.attrs.get("href", "") for a in blocks[0].find_all("a")]
        assert any(href.endswith("sources/#documents") for href in links), uri


def test_every_guide_fact_names_its_source_or_says_it_is_unconfirmed(built_site):
    """Each bullet of a guide page carries "来源" or says 待核实 (or 不确定) plainly."""
    for uri in GUIDE:
        if uri == "guide/index.md":
            continue
        root = article(built_site, uri)
        sources_block = root.find_all("div", cls="guide-sources")[0]
        in_sources = {id(li) for li in sources_block.find_all("li")}
        for li in root.find_all("li"):
            if id(li) in in_sources:
                continue
            text = squash(li.text())
            assert "来源" in text or "待核实" in text, (uri, text[:60])
    # every question of the FAQ is answered with its source
    faq = article(built_site, "guide/faq.md")
    text = squash(faq.text())
    questions = [squash(h.text()) for h in faq.find_all("h3")]
    assert len(questions) >= 10
    for question, following in zip(questions, questions[1:] + [None], strict=True):
        rest = text.split(question, 1)[1]
        answer = rest.split(following, 1)[0] if following else rest.rsplit("来源", 1)[0]
        assert "来源：" in answer, question
    for topic in (
        "配偶",
        "共有产权房",
        "非全日制",
        "自学考试",
        "留服认证",
        "转到北京",
        "两个单位都交",
        "灵活就业",
        "个体户",
    ):
        assert topic in text, topic


def test_the_guide_covers_what_the_issue_asks_for(built_site):
    documents = squash(article(built_site, "guide/documents.md").text())
    for thing in (
        "社会保险个人权益记录",
        "补缴",
        "不动产权证",
        "登记备案",
        "学信网",
        "留服认证",
        "个人所得税",
        "纳税记录",
        "居住证",
        "荣誉",
        "谁审核",
        "市人力资源社会保障局",
    ):
        assert thing in documents, thing
    employer = squash(article(built_site, "guide/employer.md").text())
    for thing in ("在北京注册", "税务登记", "答复口径第8条", "劳务派遣", "人事代理", "换工作", "审核结果查询"):
        assert thing in employer, thing
    year_end = squash(article(built_site, "guide/year-end.md").text())
    for thing in ("12月31日", "居住证", "产权证书", "登记备案", "断了没有补缴", "12月仍住在"):
        assert thing in year_end, thing
    after = squash(article(built_site, "guide/after-publicity.md").text())
    for thing in ("复核", "审核结果查询", "首都之窗", "公安分局", "不递补", "2024年12月31日"):
        assert thing in after, thing


# ---------------------------------------------------------------- evidence codes and checks
def test_no_evidence_code_outside_the_sources_page(built_site):
    found = []
    for page in sorted(built_site.rglob("*.html")):
        if page.relative_to(built_site).as_posix() == "sources/index.html":
            continue
        if EVIDENCE_CODE.search(page.read_text(encoding="utf-8")):
            found.append(page.relative_to(built_site).as_posix())
    assert not found, found
    # the search index may hold them only in the sources page's own text
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    leaking = {
        doc["location"]
        for doc in index["docs"]
        if EVIDENCE_CODE.search(doc["title"] + doc["text"].replace("\u200b", ""))
        and not doc["location"].startswith("sources/")
    }
    assert not leaking, leaking
    # ...and the sources page does explain every code
    sources = squash(article(built_site, "sources.md").text())
    assert all(tag in sources for tag in RULES["evidence"])


def test_no_page_claims_a_check_against_official_texts(built_site):
    for page in sorted(built_site.rglob("*.html")):
        assert "最近核对" not in page.read_text(encoding="utf-8"), page
    box = article(built_site, "indicators/employment.md").find_all("span", cls="rule-source")[0]
    text = squash(box.text())
    assert text.startswith("依据：") and "核对：" in text
    assert RULES["meta"]["not_checked"] in text
    assert [a.attrs["href"] for a in box.find_all("a")] == ["../../sources/#checks"]


def test_second_hand_rules_are_not_credited_as_quoted_or_official(built_site):
    education = article(built_site, "indicators/education.md")
    quotes = " ".join(squash(q.text()) for q in education.find_all("blockquote"))
    assert "低一档" not in quotes and "4年" not in quotes and "3年" not in quotes
    boxes = {b.attrs["data-rule"]: squash(b.text()) for b in education.find_all("div", cls="rule-box")}
    assert "“只有学历或只有学位时低一档计分”：二手资料，待核实" in boxes["indicators.education"]
    assert "“往前扣减的年限（3年、4年）”：文字为二手资料（待核实）" in boxes["indicators.education_deduction"]
    assert "（此条只见于二手资料，待核实）" in boxes["indicators.education"]
    # the tables that show those rules say so in their headers
    headers = {}
    for div in education.find_all("div", cls="rules-table"):
        header, _ = table_rows(div.find_all("table")[0])
        headers[div.attrs["data-rules"]] = " ".join(header)
    assert "二手资料，待核实" in headers["education.tiers"] and "二手资料，待核实" in headers["education.levels"]
    # and the calculator's form help says it too (it reads the same rules data)
    calculator_page = squash(main_content(parse(built_site / "calculator" / "index.html")).text())
    assert INDICATORS["education"]["single_certificate_rule"] in calculator_page
    assert "二手资料" in INDICATORS["education"]["single_certificate_rule"]


def test_tax_keeps_the_quoted_precondition_and_marks_its_meaning_unverified(built_site):
    tax = article(built_site, "indicators/tax.md")
    box = squash(tax.find_all("div", cls="rule-box")[0].text())
    assert "“近3年连续纳税”" in box
    text = squash(tax.text())
    assert INDICATORS["tax"]["open_note"] in text and "待核实" in INDICATORS["tax"]["open_note"]
    line = next(
        i
        for i in calculator.score(
            {
                "application_year": 2025,
                "birth_date": "1988-03-15",
                "sex": "male",
                "social_insurance": {"months": 150},
                "tax_qualifying_years": 2,
            }
        )["items"]
        if i["id"] == "tax"
    )
    assert "待核实" in line["detail"] and "待核实" in line["source"]


# ---------------------------------------------------------------- currency
def test_rounds_after_the_latest_verified_year_are_stated_with_what_is_verified(built_site):
    history = article(built_site, "history.md")
    div = history.find_all("div", cls="history-currency")[0]
    _, rows = table_rows(div.find_all("table")[0])
    latest = history_chart.latest_verified().year
    assert [int(r[0]) for r in rows] == list(range(latest + 1, RULES["meta"]["checked"].year + 1))
    with (ROOT / "policy" / "history.csv").open(encoding="utf-8") as f:
        csv_rows = {int(r["year"]): r for r in csv.DictReader(f)}
    for year, dates, score, status in rows:
        row = csv_rows.get(int(year))
        if row is None:
            assert score == "尚未收录" and "还没有收录" in status
        else:
            assert row["status"] == "unverified" and row["lowest_admitted_score"] in score and "非官方" in score
            assert "未核实" in status
        has_dates = any(r["year"] == int(year) for r in RULES["process"]["rounds"])
        assert ("官方通知" in dates) == has_dates and (dates == "本站没有") == (not has_dates)
    home = squash(main_content(parse(built_site / "index.html")).text())
    assert "2025、2026年度的具体日期本站没有核实" in home


# ---------------------------------------------------------------- eligibility examples
def test_eligibility_examples_give_a_day_only_from_a_full_birth_date(built_site):
    """An exact retirement day needs the day of birth: every example that shows one names it."""
    for _example_id, title, _description, applicant, items in worked_examples.EXAMPLES["eligibility"]:
        result = calculator.score(applicant)
        detail = next(c for c in result["eligibility"] if c["id"] == "retirement_age")["detail"]
        if "retirement_age" not in " ".join(items):
            continue
        year, month, day = (int(part) for part in applicant["birth_date"].split("-"))
        assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日达到", detail), detail
        assert f"{year}年{month}月{day}日出生" in title, title


# ---------------------------------------------------------------- the degree choice, on the page
def test_education_page_explains_the_degree_choice_as_unverified(built_site):
    education = article(built_site, "indicators/education.md")
    assert any(n.attrs.get("id") == "declare-or-not" for n in education.iter())
    text = squash(education.text())
    assert "82号" in text and "非全日制学历学位也可以积分" in text
    assert "2020年规则下是否同样可以选择，待核实" in text
    example = next(
        d for d in education.find_all("div", cls="worked-example") if d.attrs["data-example"] == "education-4"
    )
    shown = {li.attrs["data-item"]: li.attrs["data-points"] for li in example.find_all("li")}
    assert shown == {"education": "0", "education_deduction": "0"}
