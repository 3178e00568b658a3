"""The batch page for an employer's HR (CONTRACT 4c), generated at build time.

Marker (dispatched by build_tools/mkdocs_hooks.py):

    <!-- batch: page -->    file input, template link, results table, the column reference

The columns, their Chinese names and the values a cell may hold all come from the engine's
field table (calculator/schema.py) through calculator/batch.py, which also reads the files
in the browser: the page, the template and the engine cannot disagree. The page's script
(docs/calculator/batch/batch.js) sends the file's text to the calculator's engine worker;
nothing leaves the visitor's device.
"""

from __future__ import annotations

import html
from pathlib import Path

from build_tools import calculator_page, runtime_bundle
from calculator import batch, batch_records
from calculator.schema import BY_PATH

TEMPLATE_NAME = "template.csv"
TEMPLATE_DOWNLOAD = "积分批量计算模板.csv"
RECORDS_TEMPLATE_NAME = "records-template.csv"
RECORDS_TEMPLATE_DOWNLOAD = "积分批量计算模板（按记录）.csv"


def e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _values(field) -> str:
    """What a cell of this column may hold, in words."""
    if field.type == "enum":
        options = field.options
        if isinstance(options, dict):
            return "；".join(f"{key}：" + "、".join(str(v) for v, _ in choices) for key, choices in options.items())
        return "、".join(f"{label}（{value}）" for value, label in options)
    if field.type == "bool":
        return "是 / 否（或 true / false）"
    if field.type == "date":
        return "年-月-日，如 1988-03-15"
    if field.type == "month":
        return "年-月，如 2017-06"
    bounds = "整数" if field.type == "int" else "数"
    if field.min is not None and field.max is not None:
        bounds += f"，{field.min}—{field.max}"
    return bounds + (f"（{field.unit}）" if field.unit else "")


def _default(field) -> str:
    if field.required:
        return "必填"
    if field.default_from:
        return f"同“{BY_PATH[field.default_from].label}”"
    if field.default is None:
        return "—"
    if field.type == "bool":
        return "是" if field.default else "否"
    if field.type == "enum" and not isinstance(field.options, dict):
        return dict(field.options).get(field.default, str(field.default))
    return str(field.default)


def columns_table() -> str:
    rows = "".join(
        f"<tr><td>{e(field.label)}</td><td><code>{e(field.path)}</code></td><td>{e(_values(field))}</td>"
        f"<td>{e(_default(field))}</td></tr>"
        for field in batch.COLUMNS
    )
    return (
        '<div class="batch-columns-wrap"><table class="batch-columns" data-testid="batch-columns">'
        "<thead><tr><th>列名</th><th>字段路径</th><th>可填的值</th><th>空白时</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></div>"
    )


def render() -> str:
    notes = "、".join(batch.NOTE_COLUMNS)
    return (
        f'<div class="batch" data-testid="batch" data-state="idle" data-engine-download="{runtime_bundle.downloading_text()}">'
        '<link rel="stylesheet" href="batch.css">'
        '<script type="module" src="batch.js"></script>'
        '<p class="batch-status" data-testid="batch-status" role="status">选择文件时开始下载计算引擎'
        f"{runtime_bundle.download_note()}。</p>"
        "<noscript><p>需要启用 JavaScript 才能在本页计算。</p></noscript>"
        '<ol class="batch-steps">'
        f'<li>下载模板，用 Excel 打开填写（示例行请删除），空白格按默认值计算：'
        '<ul class="batch-templates">'
        f'<li><a href="{TEMPLATE_NAME}" download="{TEMPLATE_DOWNLOAD}" data-testid="batch-template">{TEMPLATE_DOWNLOAD}</a>'
        "：每位员工一行，填各项月数。</li>"
        f'<li><a href="{RECORDS_TEMPLATE_NAME}" download="{RECORDS_TEMPLATE_DOWNLOAD}" '
        f'data-testid="batch-records-template">{RECORDS_TEMPLATE_DOWNLOAD}</a>'
        f"：每条社保缴纳记录、住房记录一行，按{e('或'.join(batch_records.KEY_COLUMNS))}把同一人的几行合在一起，"
        "月数由计算器按记录推算（截止年月可以写“至今”）。个人信息写在此人的第一行即可。</li></ul>"
        "保存为 CSV（UTF-8 或 Excel 默认的 GBK 编码都可以）。</li>"
        '<li><label for="batch-file">选择填好的文件（.csv，或按计算器输入格式写的 .json 数组）：</label>'
        '<input type="file" id="batch-file" data-testid="batch-file" accept=".csv,.json,.txt,text/csv,application/json"></li>'
        "<li>查看每一行的结果；有错误的行会标出原因，其他行照常计算。可以下载包含全部结果的 CSV。</li>"
        "</ol>"
        '<button type="button" class="batch-cancel" data-testid="batch-cancel" hidden>取消计算</button>'
        '<div class="batch-file-error" data-testid="batch-file-error" role="alert" hidden></div>'
        '<div class="batch-output" hidden>'
        '<p class="batch-summary" data-testid="batch-summary" role="status"></p>'
        '<button type="button" class="batch-download" data-testid="batch-download">下载结果（CSV，Excel 可直接打开）</button>'
        '<div class="batch-pager" data-testid="batch-pager" hidden>'
        '<button type="button" data-page="-1">上一页</button>'
        '<span class="batch-page-status" data-testid="batch-page-status" role="status"></span>'
        '<button type="button" data-page="1">下一页</button>'
        '<label><input type="checkbox" data-testid="batch-only-errors"> 只看有错误的行</label></div>'
        '<div class="batch-table-wrap"><table class="batch-table">'
        "<thead><tr><th>序号</th><th>姓名</th><th>总分</th>"
        '<th data-testid="batch-gap-head">与最新分数线相差</th><th>资格条件 / 错误</th><th>详细</th>'
        + "".join(f"<th>{e(label)}</th>" for label in batch.ITEM_LABELS)
        + "</tr></thead><tbody></tbody></table></div>"
        '<p class="batch-cutoff" data-testid="batch-cutoff"></p>'
        "</div>"
        '<p class="batch-private">文件只在你的浏览器里读取和计算，不会上传到任何服务器。</p>'
        "<details class=\"batch-help\"><summary>列名说明</summary>"
        f"<p>列名可以用中文列名，也可以用字段路径。另外可以加 {e(notes)} 列，它们原样保留在结果里，不参与计算。"
        "创新创业的“奖项分值”按所选类型填写对应的分值。</p>"
        f"{columns_table()}</details>"
        "</div>\n"
    )


def write_template(site: Path) -> list[Path]:
    """on_post_build: the two templates beside the page (UTF-8 with BOM, so Excel shows the Chinese),
    for the round HR is preparing for at build time."""
    year = calculator_page.default_year()
    folder = site / "calculator" / "batch"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in (
        (TEMPLATE_NAME, batch.template_csv(year)),
        (RECORDS_TEMPLATE_NAME, batch.records_template_csv(year)),
    ):
        (folder / name).write_text(text, encoding="utf-8", newline="")
        written.append(folder / name)
    return written
