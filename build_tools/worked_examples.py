"""Worked examples for the indicator pages, computed at build time by the engine itself.

A page writes `<!-- example: employment -->`; the hook puts here every example of that
group: our description of the case, then the engine's own result for the lines that
matter (points and the engine's `detail`), so an example can never disagree with
the calculator. The tests recompute each example with `calculator.score` and compare.
"""

from __future__ import annotations

import copy
import html
from typing import Any

import calculator

# A plain applicant: the examples change only what they are about.
BASE: dict[str, Any] = {
    "application_year": 2025,
    "birth_date": "1988-03-15",
    "sex": "male",
    "social_insurance": {"months": 150},
}


def _applicant(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data.update(changes)
    return data


# group -> list of (id, title, description, applicant, item ids to show)
EXAMPLES: dict[str, list[tuple[str, str, str, dict[str, Any], tuple[str, ...]]]] = {
    "eligibility": [
        (
            "eligibility-1",
            "例1：1965年3月10日出生的男职工",
            "2025年申报，截至2024年12月31日在京连续缴纳社保200个月。按延迟退休规定，他的法定退休年龄比60周岁晚1个月。"
            "达到退休年龄的具体日期取决于身份证上的出生日期（这里是3月10日），只知道出生年月时只能算到月份。",
            _applicant(birth_date="1965-03-10", social_insurance={"months": 200}),
            ("eligibility:retirement_age",),
        ),
        (
            "eligibility-2",
            "例2：1974年11月20日出生的女职工（原法定退休年龄50周岁）",
            "她出生在1975年1月之前，不适用延迟，2024年11月20日满50周岁，在截止日2024年12月31日之前已达到法定退休年龄，"
            "不能参加2025年申报。",
            _applicant(birth_date="1974-11-20", sex="female", retirement_group="worker"),
            ("eligibility:retirement_age",),
        ),
        (
            "eligibility-3",
            "例3：连续记录中有6个月补缴",
            "截至2024年12月31日连续缴纳100个月，但其中6个月是补缴的，超过了允许的5个月。",
            _applicant(social_insurance={"months": 94, "continuous_months": 100, "backpay_months": 6}),
            ("eligibility:social_insurance",),
        ),
    ],
    "employment": [
        (
            "employment-1",
            "例1：正常缴费150个月",
            "2025年申报。从入职起在北京正常缴纳社会保险，截至2024年12月共150个月，没有补缴。",
            _applicant(social_insurance={"months": 150}),
            ("employment",),
        ),
        (
            "employment-2",
            "例2：连续记录中有3个月是补缴的",
            "2025年申报。截至2024年12月连续缴纳100个月，其中3个月是事后补缴的。补缴的3个月不计入就业积分，只按97个月计分；资格条件方面，补缴不超过5个月，不影响“连续7年”。",
            _applicant(social_insurance={"months": 97, "continuous_months": 100, "backpay_months": 3}),
            ("employment",),
        ),
    ],
    "residence": [
        (
            "residence-1",
            "例1：先租房、后买房",
            "2025年申报。社保150个月；其中前110个月租房（登记备案的租赁住所），后40个月住在已取得不动产权证的自有住房。两段分别计分、各自四舍五入后相加。",
            _applicant(social_insurance={"months": 150}, housing={"owned_months": 40, "rented_months": 110}),
            ("residence",),
        ),
        (
            "residence-2",
            "例2：居住月数多于社保月数",
            "2025年申报。社保只有100个月，但自有住所60个月、租房80个月，合计140个月。居住月数以就业（社保）月数为限，先算自有住所60个月，租房只能再算40个月。",
            _applicant(social_insurance={"months": 100}, housing={"owned_months": 60, "rented_months": 80}),
            ("residence",),
        ),
    ],
    "education": [
        (
            "education-1",
            "例1：本科毕业后才来北京工作",
            "大学本科学历并取得学士学位，毕业前没有在北京缴纳社保，所以没有可扣减的积分。",
            _applicant(education={"level": "bachelor", "certificates": "both"}),
            ("education", "education_deduction"),
        ),
        (
            "education-2",
            "例2：在职读硕士",
            "研究生学历并取得硕士学位（26分档，往前扣3年）。毕业前的36个月一直在北京缴纳社保并住在登记备案的租赁住房，这36个月的就业分和住所分要扣除。",
            _applicant(
                social_insurance={"months": 150},
                housing={"rented_months": 150},
                education={"level": "master", "certificates": "both", "deduction_rented_months": 36},
            ),
            ("education", "education_deduction"),
        ),
        (
            "education-3",
            "例3：只有硕士学历、没有学位",
            "研究生学历但没有取得硕士学位，按低一档（15分档）计分，扣减窗口也按15分档的4年计算。毕业前4年里有20个月在北京缴纳社保并住在自有住房。",
            _applicant(
                social_insurance={"months": 150},
                housing={"owned_months": 60},
                education={"level": "master", "certificates": "diploma_only", "deduction_owned_months": 20},
            ),
            ("education", "education_deduction"),
        ),
        (
            "education-4",
            "例4：在职读本科，扣减比学历分还多",
            "大学本科学历并取得学士学位（15分档，往前扣4年）。毕业前的48个月一直在北京缴纳社保并住在自有住房，"
            "如果申报学历，要扣16分，比学历分15分还多1分。计算器因此按不申报学历计算（两项都是0分），"
            "这种选择在2020年规则下是否允许待核实（见上文“申报还是不申报”）。",
            _applicant(
                social_insurance={"months": 150},
                housing={"owned_months": 100},
                education={"level": "bachelor", "certificates": "both", "deduction_owned_months": 48},
            ),
            ("education", "education_deduction"),
        ),
    ],
    "job-residence": [
        (
            "job-residence-1",
            "例1：居住并工作30个月，另外只居住10个月",
            "2018年以后，在通州区的自有住房居住并在通州工作30个月，另有10个月住在通州、在朝阳区工作；2024年12月仍住在该房。",
            _applicant(
                housing={"owned_months": 40, "rented_months": 110},
                job_residence={"live_and_work_months": 30, "live_only_months": 10},
            ),
            ("job_residence",),
        ),
        (
            "job-residence-2",
            "例2：城六区外自有住房住满7年",
            "2018年1月至2024年12月共84个月住在大兴区的自有住房，工作单位在海淀区。",
            _applicant(
                housing={"owned_months": 84, "rented_months": 66},
                job_residence={"live_and_work_months": 0, "live_only_months": 84},
            ),
            ("job_residence",),
        ),
    ],
    "innovation": [
        (
            "innovation-1",
            "例1：科技型企业股权融资",
            "持有一家国家高新技术企业10%以上股份并在该企业工作满一个自然年度，企业近3年股权现金融资2500万元。",
            _applicant(innovation={"type": "equity", "financing_10k_yuan": 2500}),
            ("innovation",),
        ),
    ],
    "tax": [
        (
            "tax-1",
            "例1：近3年中有2年纳税达到10万元",
            "2025年申报，看2022、2023、2024三年；其中2年个人所得税纳税额达到10万元，另1年不足。",
            _applicant(tax_qualifying_years=2),
            ("tax",),
        ),
    ],
    "age": [
        (
            "age-1",
            "例1：1978年1月2日出生",
            "2025年申报，年龄算到2024年1月1日：此时还差一天满46周岁，按45周岁计。",
            _applicant(birth_date="1978-01-02"),
            ("age",),
        ),
        (
            "age-2",
            "例2：1978年1月1日出生",
            "2025年申报，2024年1月1日正好满46周岁。只比例1早出生一天，年龄积分少4分。",
            _applicant(birth_date="1978-01-01"),
            ("age",),
        ),
        (
            "age-3",
            "例3：1975年6月出生",
            "2025年申报，2024年1月1日为48周岁。",
            _applicant(birth_date="1975-06-20"),
            ("age",),
        ),
    ],
    "honours": [
        (
            "honours-1",
            "例1：获得首都见义勇为好市民称号",
            "获得其中一项荣誉即加分；获得多项也不累计。",
            _applicant(honours=True),
            ("honours",),
        ),
    ],
    "law": [
        (
            "law-1",
            "例1：有一条行政拘留记录",
            "在本市被公安机关处以行政拘留一次（是否在计算时间范围内待核实）。",
            _applicant(detentions=1),
            ("law",),
        ),
    ],
}


def all_examples():
    for group, examples in EXAMPLES.items():
        for example in examples:
            yield group, example


def result(applicant: dict[str, Any]) -> dict[str, Any]:
    return calculator.score(applicant)


def show_points(points: int | float) -> str:
    return f"{points:g}" if isinstance(points, int) else f"{points:.2f}".rstrip("0").rstrip(".")


def render(group: str) -> str:
    if group not in EXAMPLES:
        raise KeyError(f"no worked examples named {group!r}")
    out = []
    for example_id, title, description, applicant, items in EXAMPLES[group]:
        res = result(applicant)
        by_id = {item["id"]: item for item in res["items"]}
        by_id.update({"eligibility:" + c["id"]: c for c in res["eligibility"]})
        lines = []
        for item_id in items:
            item = by_id[item_id]
            if item_id.startswith("eligibility:"):
                value, data = ("满足" if item["met"] else "不满足"), f'data-met="{str(item["met"]).lower()}"'
            else:
                value, data = f"{show_points(item['points'])}分", f'data-points="{item["points"]}"'
            lines.append(
                f'<li data-item="{item_id}" {data}><span class="item-label">{html.escape(item["label"])}</span>'
                f'<strong class="points">{value}</strong>'
                f'<span class="detail">{html.escape(item["detail"])}</span></li>'
            )
        out.append(
            f'<div class="worked-example" data-example="{example_id}" markdown>\n\n'
            f"**{html.escape(title)}**\n\n{html.escape(description)}\n\n"
            f'<ul class="example-result">\n' + "\n".join(lines) + "\n</ul>\n\n</div>\n"
        )
    return "\n".join(out)
