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

#: Our own plain-words summary of each reply (1–3 short sentences), shown at the top of its page
#: under SUMMARY_LABEL. Only what the reply itself says: where it leaves a question open (it does
#: not say whether a suggestion is adopted, or answers a neighbouring question), the summary says so.
SUMMARY_LABEL = "本站白话概括（以下方答复原文为准）"
SUMMARIES: dict[int, str] = {
    1: "每年落户规模定为6000人，分数相同的一起落户（同分同落）；截至答复时，已有2.4万余人取得落户资格。"
    "要不要扩大规模，答复只说会认真研究，没有给出结论。",
    2: "积分落户按当年的落户规模，从高分到低分确定落户人员，所以不采用固定的分数线。"
    "每年申报情况不同，各年的落户分数线可能不一样。",
    3: "升学考试由市教委负责。答复介绍的是2012年的随迁子女升学考试方案：父母持有有效的北京市居住证明、有合法稳定住所，"
    "合法稳定职业和在京连续缴纳社保都满3年，子女有本市学籍并在京连续读完初中3年的，可以参加本市中等职业学校的考试录取。"
    "答复没有说积分达到一定分值就能在京参加中考、高考。",
    4: "答复没有说会实行“住满一定年限直接落户”：积分落户本身就是让长期在京就业、生活的常住人口逐步有序落户的办法，"
    "北京作为超大城市还要缓解人口资源环境矛盾，需要一个过程。对这条建议，答复只说会认真研究。",
    5: "现行政策保持相对稳定，不设有效期。遇到国家和全市重大政策调整时，有关部门会及时研究、提前征求意见；"
    "什么时候调整，答复没有给出时间。",
    6: "积分落户针对个人，不以家庭为单位：持有本市居住证、不超过法定退休年龄、在京连续缴纳社会保险7年及以上、"
    "无刑事犯罪记录，四项都符合的人都可以申报。家里已有北京户口的成员、只给子女落户这些情形，答复没有单独说。",
    7: "积分综合考量申请人本人的在京就业和居住、教育背景、职住区域、创新创业、道德行为规范等情况，政策针对个人而非家庭，"
    "所以不把子女就学、二胎、配偶情况作为加分项。现行政策保持相对稳定，不设有效期。",
    8: "符合四项资格条件的人都可以申报，但申请要通过为本人缴纳社会保险的单位提交，这家单位须在北京注册并办理税务登记。"
    "灵活就业人员、自由职业者能否申报、怎样申报，答复没有直接回答。",
    9: "资格条件仍是在京连续缴纳社会保险7年及以上（体现优先解决存量），答复没有说会改为累计十年或别的办法。"
    "这一条由市人力资源社会保障局认定，允许有不超过5个月的补缴记录；有意见可以直接向该局反映。",
    10: "合法稳定就业的分数只按正常缴纳社会保险的年限计算（每满1年3分，从1998年7月1日起，取在京正常累计缴纳月数最多的险种），"
    "补缴的月数不算。具体认定问题可以直接咨询市人力资源社会保障局。",
    11: "按民法典，房屋产权自登记时生效；现行规定要求自有住所已取得本市房屋所有权证或不动产权证，"
    "所以只有网签、缴契税或已入住而还没拿到证的，不按自有住所认定。现行政策保持相对稳定，不设有效期。",
    12: "教育背景计分的原则是让上学与工作、居住的起点公平：现行政策从毕业日期往前，扣除相应年限内同时得到的社保和居住分；"
    "不够规定年限的按实际扣，没有得到的不扣。答复认为这样全日制或在职取得学历的人，得分与同期只工作的人基本持平、略高；"
    "往前扣几年，答复没有写明。",
    13: "职住区域指标是为落实京津冀协同发展和城市总体规划、缓解中心城区人口资源环境矛盾而设：自2018年1月1日起，"
    "在城六区以外的自有住所居住、取得落户资格后落户到这个住所的，每满1年加2分；同时在城六区以外工作的，每满1年加3分；最高加12分。"
    "现行政策保持相对稳定。",
    14: "要得到职住区域加分，须在城六区以外的自有住所居住，并在取得落户资格后把户口落在这个住所。"
    "落户以后户口能否迁走，答复没有直接回答，只说按本市公安机关户口管理的有关规定办理。",
    15: "答复没有说会取消纳税指标：纳税在一定程度上反映申请人对城市发展的贡献，所以设了这个指标并适度给分。"
    "有关单位会加大核查，发现提供虚假材料的，取消当年及以后5年内的申请资格，已落户的由公安部门注销户口。",
    16: "现行规则：近3年连续纳税，个人所得税（综合所得和经营所得）每1年在10万元及以上的加2分，最高加6分。"
    "这样定是考虑到每年纳税额有波动、为缩小得分差距；答复没有说会按纳税多少分档加分。",
    17: "工作居住证是给本市紧缺人才办的，与主要面向普通劳动者的积分落户在功能定位、适用对象上不同，"
    "所以不作为积分落户的加分项。",
    18: "积分落户主要看在京就业和居住，体现靠劳动积累申请落户，与人才引进不同；国家也要求超大城市精简积分项目。"
    "职称一般要有一定学历和工作年限才能取得，这些在指标里已有体现，所以职称不单独加分。",
    19: "试行政策对不超过45周岁的申请人加年龄分；现行政策改为按年龄分档给分，45周岁以上的分值不再断崖式下降。"
    "各档具体多少分，答复没有写明。",
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
