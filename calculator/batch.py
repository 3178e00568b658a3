"""Many applicants at once, for an employer's HR (CONTRACT 4c): a CSV table or a JSON array in,
one result or one list of Chinese errors per applicant out, and the results as a CSV for Excel.

Each applicant is validated and scored on its own: a bad row never stops the others. The
columns are the applicant fields of the field table (schema.py): a CSV header cell is either
the field's path (`social_insurance.months`) or its Chinese label, the one the form shows and
the downloadable template uses. A few note columns (姓名, 工号, 部门, 备注) are carried
through to the results untouched. An empty cell means the field's default.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import namedtuple
from datetime import date
from typing import Any

from .api import InvalidInput, parse, score_each, valid_utf8
from .schema import BY_PATH, CONDITIONS, FIELDS, ITEMS
from .validation import problem

# The scalar fields of month-count mode (CONTRACT section 2), in the field table's order.
COLUMNS = tuple(field for field in FIELDS if field.mode != "records" and field.type not in ("object", "array"))
NOTE_COLUMNS = ("姓名", "工号", "部门", "备注")
MAX_ROWS = 20_000  # a bound on nonsense, not a rule

_BY_HEADER = {**{field.path: field for field in COLUMNS}, **{field.label: field for field in COLUMNS}}
EXAMPLE_NAME = "示例（请删除此行）"  # the template's example row: not scored if left in
MAX_COLUMNS = 200  # likewise: a JSON file of unknown keys must not become a 100,000-column table
MAX_ROW_ERRORS = 10  # a row's messages shown; the rest are counted ("另有N处")
_TRUE = {"true", "是", "有", "1", "y", "yes", "√", "✓"}
_FALSE = {"false", "否", "无", "没有", "0", "n", "no", "×", "✗"}
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
# What HR sheets write beside a number: "120个月", "1,200", "2 年", "3条", "2500万元"
_UNITS = re.compile(r"\s*(个月|月|年|条|万元|万|分)\s*$")
# Words HR sheets use for an option, beside the form's own labels (issue 21)
_SYNONYMS = {
    "sex": {
        "男": "male",
        "男性": "male",
        "m": "male",
        "女": "female",
        "女性": "female",
        "f": "female",
        "女职工": "female",
        "女干部": "female",
    },
    "retirement_group": {
        "职工": "worker",
        "女职工": "worker",
        "工人": "worker",
        "50": "worker",
        "50岁": "worker",
        "干部": "cadre",
        "女干部": "cadre",
        "管理岗位": "cadre",
        "55": "cadre",
        "55岁": "cadre",
    },
    "education.level": {
        "高中": "none",
        "高中及以下": "none",
        "中专": "none",
        "无": "none",
        "专科": "college",
        "大专": "college",
        "高职": "college",
        "本科": "bachelor",
        "学士": "bachelor",
        "硕士": "master",
        "研究生": "master",
        "博士": "doctor",
    },
    "education.certificates": {
        "双证": "both",
        "两证齐全": "both",
        "学历和学位": "both",
        "只有学历": "diploma_only",
        "学历": "diploma_only",
        "只有学位": "degree_only",
        "学位": "degree_only",
    },
}
_EXCEL_EPOCH = 693594  # date(1899, 12, 30).toordinal(): Excel's day 0 (its 1900 leap-year bug included)
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(\d{1,2})\s*日?|月?)")


_Rejected = namedtuple("_Rejected", ["problem"])  # a row the reader could not turn into an applicant


class TableError(ValueError):
    """The file as a whole cannot be read (its rows are not scored); Chinese lines."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


# ---------------------------------------------------------------- cells -> applicant values
def _cell_value(field, text: str, row: dict) -> object:
    """A cell as the JSON value of its field. What cannot be read stays text: the engine then
    says, in its own words and naming the field, what it expected."""
    if field.type in ("int", "number"):
        number = _UNITS.sub("", text).replace(",", "").replace("，", "")
        if _NUMBER.fullmatch(number):
            return float(number) if "." in number else int(number)
        return text
    if field.type == "bool":
        lowered = text.lower()
        return True if lowered in _TRUE else False if lowered in _FALSE else text
    if field.type == "enum":
        options = field.options
        if isinstance(options, dict):  # options_by: the list the controlling field's value selects
            options = options.get(_lookup(row, field.options_by), ())
        for value, label in options:
            if text in (str(value), label):
                return value
        synonym = _SYNONYMS.get(field.path, {}).get(text.lower())
        return synonym if synonym is not None else text
    if field.type in ("date", "month"):
        if text.isdigit() and 10_000 <= int(text) <= 80_000:  # a date Excel exported as its serial number
            serial = date.fromordinal(_EXCEL_EPOCH + int(text)).isoformat()
            return serial if field.type == "date" else serial[:7]
        match = _DATE.fullmatch(text)
        if match:
            year, month, day = match.groups()
            parts = [year, month.zfill(2)] + ([day.zfill(2)] if day and field.type == "date" else [])
            return "-".join(parts)
    return text


def _lookup(data: dict, path: str) -> object:
    for key in path.split("."):
        data = data.get(key, {}) if isinstance(data, dict) else {}
    return data


def _applicant(columns: list[tuple], cells: list[str]) -> dict:
    """`columns`: (field, index of its cell, object keys, key), in the field table's order, so that a
    controlling field (innovation.type) is read before the field it controls (innovation.points)."""
    data: dict = {}
    for field, index, parents, key in columns:
        text = cells[index].strip()
        if text:
            target = data
            for name in parents:
                target = target.setdefault(name, {})
            target[key] = _cell_value(field, text, data)
    return data


# ---------------------------------------------------------------- reading the file
_ORDER = {field.path: position for position, field in enumerate(FIELDS)}


def _header(cells: list[str]) -> list[tuple]:
    """The header row -> the scored columns (as `_applicant` reads them), in the field table's order."""
    columns: list[tuple] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(cells):
        name = raw.strip().lstrip("\ufeff")
        if name in NOTE_COLUMNS:
            continue
        field = _BY_HEADER.get(name)
        if field is None:
            errors.append(
                f"第{index + 1}列“{name}”不是可识别的列名：请使用模板中的列名（或字段路径，如social_insurance.months）"
            )
        elif field.path in seen:
            errors.append(f"第{index + 1}列“{name}”与第{seen[field.path] + 1}列是同一个字段")
        else:
            seen[field.path] = index
            columns.append((field, index))
    if errors:
        raise TableError(errors)
    if not columns:
        raise TableError(["表格第一行应为列名（下载模板查看），没有找到任何可识别的列名"])
    return [
        (field, index, tuple(field.path.split(".")[:-1]), field.path.rpartition(".")[2])
        for field, index in sorted(columns, key=lambda pair: _ORDER[pair[0].path])
    ]


def read_csv(text: str) -> tuple[list[str], list[tuple[list[str], dict | _Rejected]]]:
    """CSV text -> (the header cells, [(the row's cells, its applicant), …]); blank rows are skipped."""
    # Excel's "CSV (Macintosh)" ends lines with CR alone; a cell may hold a bare CR too
    plain = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in plain:
        raise TableError(["文件中有二进制内容（NUL字符），不是文本格式的CSV：请在Excel中另存为“CSV UTF-8（逗号分隔）”"])
    try:
        lines = [row for row in csv.reader(io.StringIO(plain)) if any(cell.strip() for cell in row)]
    except csv.Error as error:
        raise TableError([f"CSV无法读取：{error}（可能某一格太长，或引号没有成对）"]) from None
    if not lines:
        raise TableError(["文件是空的"])
    header, body = lines[0], lines[1:]
    columns = _header(header)
    _limit(len(body))
    rows: list[tuple[list[str], dict | _Rejected]] = []
    for cells in body:
        cells = cells + [""] * (len(header) - len(cells))
        if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header) :]):
            rows.append(
                (
                    cells,
                    _Rejected(
                        problem(
                            "", f"此行有{len(cells)}格，多于列名的{len(header)}列（可能有多余的逗号）", label="此行"
                        )
                    ),
                )
            )
            continue
        if EXAMPLE_NAME in (cell.strip() for cell in cells):  # the template's example row, left in
            rows.append(
                (cells[: len(header)], _Rejected(problem("", "模板中的示例行，没有计算（请删除此行）", label="此行")))
            )
            continue
        rows.append((cells[: len(header)], _applicant(columns, cells)))
    return [cell.strip().lstrip("\ufeff") for cell in header], rows


def _shown(value: object) -> str:
    """A JSON value as its cell: text as it is, everything else as JSON writes it."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return "true" if value is True else "false" if value is False else "null"
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def read_json(text: str) -> tuple[list[str], list[tuple[list[str], dict | _Rejected]]]:
    """A JSON array of applicants (sections 2/2b) -> the same shape as read_csv, cells flattened."""
    try:
        value = parse(text.lstrip("\ufeff"))
    except InvalidInput as error:
        raise TableError(error.errors) from None
    if not isinstance(value, list):
        raise TableError(["JSON文件应为申请人对象的数组（[{…}, {…}]）"])
    _limit(len(value))
    present = {path for entry in value if isinstance(entry, dict) for path in _leaves(entry)}
    if len(present) > MAX_COLUMNS:
        raise TableError([f"JSON文件中有{len(present)}种字段，最多{MAX_COLUMNS}种：请按计算器的输入格式填写"])
    paths = [field.path for field in COLUMNS if field.path in present]
    paths += sorted(present - set(paths))  # records, unknown fields: shown as the file gave them
    rows = []
    for entry in value:
        flat = _leaves(entry) if isinstance(entry, dict) else {}
        rows.append(([_shown(flat[p]) if p in flat else "" for p in paths], entry))
    return paths, rows


def _leaves(entry: dict, prefix: str = "") -> dict[str, object]:
    flat = {}
    for key, value in entry.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and path in BY_PATH and BY_PATH[path].type == "object" and path != "records":
            flat.update(_leaves(value, path + "."))
        else:
            flat[path] = value
    return flat


def _limit(count: int) -> None:
    if count > MAX_ROWS:
        raise TableError([f"一次最多{MAX_ROWS}行，文件有{count}行：请分成几个文件"])


# ---------------------------------------------------------------- scoring and the results table
def _error_line(found: dict) -> str:
    """A validation problem in the sheet's words: "最高学历（学位）：应为…" (the column's name, never
    the engine's field path; an option list by the labels a cell may hold)."""
    path, label, message = found["path"], found["label"], found["message"]
    field = BY_PATH.get(path) if path else None  # (each row is checked on its own: no index in its paths)
    if found.get("code") == "choice" and field is not None and not isinstance(field.options, dict):
        shown = message.rpartition("收到")[2]
        message = f"应为{'、'.join(label for _, label in field.options)}之一，收到{shown}"
    return f"{label or path}：{message}"


def _bounded(lines: list[str]) -> list[str]:
    """A row's messages, at most MAX_ROW_ERRORS of them (a row of 100 overlapping records must not
    become thousands of lines)."""
    if len(lines) <= MAX_ROW_ERRORS:
        return lines
    return lines[:MAX_ROW_ERRORS] + [f"另有{len(lines) - MAX_ROW_ERRORS}处错误未列出"]


RESULT_COLUMNS = ("符合资格条件",) + tuple(f"{number} {label}" for _, label, number in ITEMS) + ("总分", "错误说明")
_CONDITION_LABELS = dict(CONDITIONS)


def _result_cells(answer: dict) -> list[str]:
    if not answer["ok"]:
        return [""] * (len(RESULT_COLUMNS) - 1) + ["；".join(answer["errors"])]
    result = answer["result"]
    unmet = [_CONDITION_LABELS.get(c["id"], c["label"]) for c in result["eligibility"] if not c["met"]]
    verdict = "是" if result["eligible"] else "否（" + "、".join(unmet) + "）"
    by_id = {item["id"]: item["points"] for item in result["items"]}
    points = [f"{by_id[key]:.2f}" for key, _, _ in ITEMS]  # in the columns' order, whatever the engine's
    return [verdict] + points + [f"{result['total']:.2f}", ""]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """A cell Excel and WPS will show, not evaluate (OWASP's CSV injection advice): one starting
    with = + - @, a tab or a CR gets a leading ' unless it is a plain number such as -10.21."""
    if not cell.startswith(_FORMULA_START):
        return cell
    try:
        float(cell)
        return cell if cell.strip() == cell else "'" + cell
    except ValueError:
        return "'" + cell


def _safe_row(cells: list[str]) -> list[str]:
    return [spreadsheet_safe(str(cell)) for cell in cells]


def score_table(text: str, kind: str) -> dict:
    """The batch page's whole answer: per-row results for the table and the CSV to download."""
    header, rows = read_json(text) if kind == "json" else read_csv(text)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(_safe_row(header + list(RESULT_COLUMNS)))  # a JSON file's keys are header cells
    # a row the reader already rejected carries its problem instead of an applicant
    readable = [entry for _, entry in rows if not isinstance(entry, _Rejected)]
    answers = iter(score_each(readable))
    shown = []
    for index, (cells, entry) in enumerate(rows):
        answer: dict[str, Any] = (
            {"ok": False, "errors": [entry.problem]} if isinstance(entry, _Rejected) else next(answers)
        )
        if not answer["ok"]:
            answer = {"ok": False, "errors": _bounded([_error_line(found) for found in answer["errors"]])}
        writer.writerow(_safe_row(cells + _result_cells(answer)))
        row = {"index": index, "name": _name(header, cells)}
        if answer["ok"]:
            result = answer["result"]
            row.update(
                total=result["total"],
                eligible=result["eligible"],
                points=[item["points"] for item in result["items"]],
                unmet=[c["label"] for c in result["eligibility"] if not c["met"]],
            )
        else:
            row["errors"] = answer["errors"]
        shown.append(row)
    # UTF-8 with a BOM: Excel on a Chinese system then opens it as UTF-8, not GBK
    return {"ok": True, "columns": header, "rows": shown, "csv": "\ufeff" + out.getvalue()}


def _name(header: list[str], cells: list[str]) -> str:
    for note in NOTE_COLUMNS[:2]:
        if note in header:
            return cells[header.index(note)].strip()
    return ""


def score_table_json(text: str, kind: str = "csv") -> str:
    """The worker's entry point: never raises; {"ok": false, "errors": […]} when the file cannot be read."""
    try:
        answer = score_table(text, kind)
    except TableError as error:
        answer = {"ok": False, "errors": error.errors}
    except Exception as error:  # a bug must reach the page as a message, not a traceback
        answer = {"ok": False, "errors": [f"内部错误: {type(error).__name__}，请报告此文件"]}
    return valid_utf8(json.dumps(answer, ensure_ascii=False))


# ---------------------------------------------------------------- the template
EXAMPLE = {  # one applicant for the template's example row (CONTRACT section 2's example)
    "application_year": 2025,
    "birth_date": "1988-03-15",
    "sex": "female",
    "retirement_group": "worker",
    "residence_permit": True,
    "criminal_record": False,
    "social_insurance": {"months": 150, "continuous_months": 150, "backpay_months": 0},
    "housing": {"owned_months": 40, "rented_months": 110},
    "education": {"level": "bachelor", "certificates": "both"},
    "job_residence": {"live_and_work_months": 0, "live_only_months": 0, "living_there_at_cutoff": True},
    "innovation": {"type": "none"},
    "tax_qualifying_years": 0,
    "honours": False,
    "detentions": 0,
}


def _template_cell(field, value: object) -> str:
    if value == {}:  # not in the example: the default
        return ""
    if field.type == "bool":
        return "是" if value else "否"
    if field.type == "enum" and not isinstance(field.options, dict):
        return dict(field.options).get(value, str(value))
    return str(value)


def template_csv() -> str:
    """The downloadable template: a 姓名 column, the Chinese column names, one example row; with a BOM."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["姓名"] + [field.label for field in COLUMNS])
    writer.writerow([EXAMPLE_NAME] + [_template_cell(field, _lookup(EXAMPLE, field.path)) for field in COLUMNS])
    return "\ufeff" + out.getvalue()
