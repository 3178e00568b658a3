"""The calculator page's decision support, generated at build time (issue 9, CONTRACT 4b):

    keep_html()     after the share button: "在本设备保存" (opt-in localStorage) and, for print
                    only, the report's head (date, address) and the inputs summary
    panels_html()   after the result panel: the projection (which year) and the scenarios

The page's scripts for them are separate ES modules loaded by decide.js, which plugs into
calculator.js through its hook (calculator.onResult, calculator.score): projection.js,
scenarios.js, keep.js, report.js; their styles and the print stylesheet are decide.css.
The method of the cut-off range is the engine's own text (calculator.projection), so the
page states exactly what the engine computes.
"""

from __future__ import annotations

import html

from calculator.projection import HORIZON, band

MAX_SCENARIOS = 3
NAME_LENGTH = 40  # a scenario's name, as the visitor may write it (scenarios.js, keep.js)
STORAGE_KEY = "bj-points-calculator"  # the one localStorage key the page writes, only after opting in


def e(text: object) -> str:
    return html.escape(str(text), quote=True)


def keep_html() -> str:
    return (
        f'<div class="calc-keep" data-testid="keep" data-key="{STORAGE_KEY}">'
        '<label class="calc-choice" for="calc-keep-box"><input type="checkbox" id="calc-keep-box" '
        'data-testid="storage-opt-in"> 在本设备保存</label>'
        '<button type="button" class="calc-button" data-testid="storage-clear">清除本设备上保存的内容</button>'
        '<p class="calc-note">默认不保存任何内容。勾选后，填写的内容和保存的方案存在这个浏览器里（localStorage，'
        "只在本设备上，不上传），下次打开本页自动填回；取消勾选或点“清除”即删除。共用的电脑上请不要勾选。</p>"
        '<p class="calc-keep-status" role="status"></p>'
        "</div>"
        # printed only: the report's head and what was entered (the form itself is not printed)
        '<div class="calc-print-head" aria-hidden="true">'
        '<p class="calc-print-title">北京市积分落户 积分估算报告（非官方）</p>'
        '<p>打印日期：<span data-print="date"></span>　网址：<span data-print="address"></span></p></div>'
        '<section class="calc-print-inputs" aria-hidden="true"><h2>填写的内容</h2>'
        '<dl class="calc-print-list"></dl></section>'
    )


def _projection_html() -> str:
    method = e(band().method())
    return (
        '<section class="calc-projection" data-testid="projection" aria-labelledby="calc-projection-title" hidden>'
        '<h2 id="calc-projection-title">哪一年可能达到分数线</h2>'
        '<p class="calc-proj-conclusion" data-testid="projection-conclusion"></p>'
        '<figure class="calc-proj-chart"></figure>'
        '<div class="calc-proj-wrap" tabindex="0" role="region" aria-label="以后各年度的总分（可左右滚动）">'
        '<table class="calc-proj-table">'
        f"<caption>以后各年度的总分（最多{HORIZON}年，到规则数据的最后一年或法定退休年龄为止）</caption>"
        '<thead><tr><th scope="col">申报年度</th><th scope="col">总分</th>'
        '<th scope="col">分数线（估算）</th><th scope="col">判断</th></tr></thead><tbody></tbody></table></div>'
        '<div class="calc-proj-assume"><h3>推算的假设</h3><ul class="calc-proj-assumptions"></ul></div>'
        '<div class="calc-proj-method" data-testid="projection-method"><h3>分数线区间怎么估算</h3>'
        f"<p>{method}</p>"
        "<p>判断：总分在区间中点及以上为“多半能达到”，在区间内、中点以下为“有机会”，低于区间为“难以达到”；"
        "不满足资格条件的年度不能申报。</p></div>"
        "</section>"
    )


def _scenarios_html() -> str:
    return (
        f'<section class="calc-scenarios" data-testid="scenarios" data-max="{MAX_SCENARIOS}" '
        f'data-name-length="{NAME_LENGTH}" aria-labelledby="calc-scenarios-title">'
        '<h2 id="calc-scenarios-title">方案比较</h2>'
        f"<p>把现在填写的内容存为一个方案，再修改表单（例如在城六区以外买房、取得硕士学位、换工作地点）后另存一个，"
        f"最多{MAX_SCENARIOS}个方案并排比较填写的不同之处、总分、各项分值和最早可能达到分数线的年度。"
        "方案的名称可以点击修改。</p>"
        '<button type="button" class="calc-button calc-button--primary" data-testid="scenario-save">'
        "把当前填写存为方案</button>"
        '<p class="calc-scn-status" role="status"></p>'
        '<div class="calc-scn-wrap"><table class="calc-scn-table" data-testid="scenario-compare" hidden>'
        "<thead></thead><tbody></tbody></table></div>"
        # why two scenarios score the same (scenarios.js, from the engine's items)
        '<ul class="calc-scn-same" data-testid="scenario-same" hidden></ul>'
        "</section>"
    )


def panels_html() -> str:
    return (
        _projection_html()
        + _scenarios_html()
        + '<link rel="stylesheet" href="decide.css">'
        + '<script type="module" src="decide.js"></script>'
    )
