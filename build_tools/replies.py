"""The 19 official replies (积分落户政策常用答复口径), parsed from the scraped seed page.

This module is the single place where the replies are cut out of the seed and
corrected. It is used by `write_reply_pages.py` (which writes docs/replies/NN.md)
and by the tests (which compare every built reply page with it).

The seed (policy/seed/000_558bf9e56243dbc4.txt) is a page of 落户咨询网 published
2023-03-03 that carries the official replies in one long line. Corrections, and
nothing else (see policy/RULES.md):

1. the scraper wrapped some words in the literal text 左边 … 右边
   ("左边加分右边" is "加分"): the wrappers are removed, the word kept;
2. reply 3 has the typo "在京才加中高考" for "在京参加中高考".

The subject (title) of each reply runs straight into its body in the seed, so the
subjects are listed here as they appear in the seed (before correction) and the
parser checks that each reply starts with its subject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "policy" / "seed" / "000_558bf9e56243dbc4.txt"

SOURCE_NAME = "落户咨询网"
SOURCE_PUBLISHED = "2023-03-03"
SOURCE_TITLE = "落户积分,积分落户怎么办"

#: Where the full block starts (the truncated "信息摘要" copy above it is ignored) and ends.
BLOCK_HEADING = "积分落户政策常用答复口径"
BLOCK_END = "扫描微信咨询"

#: The subjects exactly as in the seed (uncorrected), in order.
SUBJECTS_IN_SEED: tuple[str, ...] = (
    "扩大积分落户规模",
    "建议固定积分落户年度分数线",
    "推行积分高考制度的建议(达到一定分值或一定条件可在京才加中高考):",
    "建议十五年以上常住居民直接落户(或达到一定年限)",
    "政策保持稳定(建议政策稳定,咨询政策什么时候调整)",
    "建议以家庭为单位申请积分、家庭内已有北京户口成员则不受理参加积分落户、仅给子女落户等",
    "建议将子女情况(子女就学情况、子女数量、配偶情况)作为左边加分右边项",
    "建议灵活就业人员也可申报积分落户、自由职业者社区申报积分落户",
    "关于调整“连续七年社保”资格条件为累计十年或其他的建议",
    "建议将补缴社保也作为合法稳定就业指标的认定依据。",
    "建议将未取得房本的自有住所也能取得合法稳定住所指标左边加分右边依据。(调整自有住所认定标准为网签时间、契税时间、实际入住时间等)",
    "在职学历学位扣除就学期间社保居住分值不合理(就学1年扣除3年社保等、教育背景指标赋分规则不合理)",
    "职住区域指标设置不合理",
    "职住区域指标落户后户籍迁移是否有限制(职住区域指标没有起相应政策导向,郊区有房未实际居住等)",
    "建议取消纳税指标",
    "建议调整纳税指标积分规则(调整为连续3年纳税满10万可积分,设置不同纳税梯度积分,纳税更多予以更多分值等)",
    "增加工作居住证左边加分右边",
    "增加职称左边加分右边项",
    "建议调整年龄指标",
)

#: The one typo RULES.md names: (wrong, right).
TYPO = ("在京才加中高考", "在京参加中高考")
_WRAPPER = re.compile(r"左边(.*?)右边")

#: Our own (hand-made) relation: which site pages each reply concerns.
#: Indicator slugs link to docs/indicators/<slug>.md; other names are top-level pages.
RELATED: dict[int, tuple[str, ...]] = {
    1: ("process", "history"),
    2: ("history",),
    3: (),
    4: ("eligibility",),
    5: (),
    6: ("eligibility",),
    7: (),
    8: ("eligibility", "process"),
    9: ("eligibility", "employment"),
    10: ("employment",),
    11: ("residence",),
    12: ("education",),
    13: ("job-residence",),
    14: ("job-residence",),
    15: ("tax", "process"),
    16: ("tax",),
    17: (),
    18: (),
    19: ("age",),
}

INDICATOR_SLUGS = (
    "employment",
    "residence",
    "education",
    "job-residence",
    "innovation",
    "tax",
    "age",
    "honours",
    "law",
)


@dataclass(frozen=True)
class Reply:
    number: int
    subject: str  # corrected
    body: str  # corrected
    raw_subject: str  # as in the seed
    raw_body: str  # as in the seed

    @property
    def corrections(self) -> list[str]:
        """Human-readable list of what was corrected in this reply."""
        found = []
        raw = self.raw_subject + self.raw_body
        wrapped = _WRAPPER.findall(raw)
        if wrapped:
            found.append(
                "去掉抓取时混入的“左边”“右边”字样（"
                + "、".join(f"“左边{w}右边”→“{w}”" for w in dict.fromkeys(wrapped))
                + "）"
            )
        if TYPO[0] in raw:
            found.append(f"错字“{TYPO[0]}”改为“{TYPO[1]}”")
        return found


def correct(text: str) -> str:
    """Apply the documented corrections, and only those."""
    text = _WRAPPER.sub(r"\1", text)
    text = text.replace(TYPO[0], TYPO[1])
    if "左边" in text or "右边" in text:
        raise ValueError(f"unpaired scraper wrapper left in: {text[:40]}…")
    return text


def block(seed_text: str) -> str:
    """The line holding the full replies (not the truncated 信息摘要 copy)."""
    starts = [m.start() for m in re.finditer(re.escape(BLOCK_HEADING) + r"1\.", seed_text)]
    if len(starts) != 2:
        raise ValueError(f"expected the summary copy and the full copy, found {len(starts)}")
    start = starts[1] + len(BLOCK_HEADING)
    end = seed_text.index(BLOCK_END, start)
    return seed_text[start:end].strip()


def parse(seed_text: str | None = None) -> list[Reply]:
    """The 19 replies, in order, cut at the numbers "1." … "19." (not "2.4万")."""
    if seed_text is None:
        seed_text = SEED.read_text(encoding="utf-8")
    text = block(seed_text)
    positions = []
    pos = 0
    for number, subject in enumerate(SUBJECTS_IN_SEED, start=1):
        marker = f"{number}.{subject}"
        found = text.find(marker, pos)
        if found < 0 or (found > 0 and text[found - 1].isdigit()):
            raise ValueError(f"reply {number} not found in the seed where expected")
        positions.append(found)
        pos = found + len(marker)
    if positions[0] != 0:
        raise ValueError("text before reply 1")
    replies = []
    for index, start in enumerate(positions):
        number = index + 1
        end = positions[index + 1] if index + 1 < len(positions) else len(text)
        segment = text[start:end]
        raw_subject = SUBJECTS_IN_SEED[index]
        raw_body = segment[len(f"{number}.{raw_subject}") :].strip()
        # No other reply number may hide inside a body (a sign of a wrong cut).
        if re.search(rf"(?<!\d){number + 1}\.(?!\d)", raw_body) and number < 19:
            raise ValueError(f"reply {number + 1} marker inside reply {number}")
        replies.append(Reply(number, correct(raw_subject), correct(raw_body), raw_subject, raw_body))
    return replies


def page_path(number: int) -> str:
    return f"replies/{number:02d}.md"


def pages_for_indicator(slug: str) -> list[int]:
    """Reply numbers that concern a page (indicator slug or top-level page name)."""
    return [n for n, pages in RELATED.items() if slug in pages]


if __name__ == "__main__":
    for r in parse():
        print(r.number, r.subject, "|", r.body[:30], "…", r.body[-15:], r.corrections)
