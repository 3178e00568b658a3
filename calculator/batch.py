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
from decimal import Decimal
from typing import Any

from . import batch_records, comparison, history
from .api import InvalidInput, parse, score_each, valid_utf8
from .cells import cell_value, lookup, shown
from .params import for_year
from .rounding import as_json_number
from .schema import BY_PATH, CONDITIONS, FIELDS, ITEMS
from .validation import problem

# The scalar fields of month-count mode (CONTRACT section 2), in the field table's order.
COLUMNS = tuple(field for field in FIELDS if field.mode != "records" and field.type not in ("object", "array"))
NOTE_COLUMNS = ("姓名", "工号", "部门", "备注")
MAX_ROWS = 20_000  # a bound on nonsense, not a rule

_BY_HEADER = {**{field.path: field for field in COLUMNS}, **{field.label: field for field in COLUMNS}}
EXAMPLE_NAME = "示例（请删除此行）"  # the template's example row: not scored if left in
MAX_COLUMNS = 200  # likewise: a JSON file of unknown keys must not become a 100,000-column table
_INDEX = re.compile(r"\[\d+\]")
MAX_ROW_ERRORS = 10  # a row's messages shown; the rest are counted ("另有N处")


_Rejected = namedtuple("_Rejected", ["problems"])  # a row the reader could not turn into an applicant


class TableError(ValueError):
    """The file as a whole cannot be read (its rows are not scored); Chinese lines."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


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
            target[key] = cell_value(field, text, data)
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


def read_csv(text: str) -> tuple[list[str], list[tuple]]:
    """CSV text -> (the header cells, [(the row's cells, its applicant, None), …]); blank rows are
    skipped. A table with a 记录类别 column is the records table (batch_records.py): one row per record."""
    # Excel's "CSV (Macintosh)" ends lines with CR alone; a cell may hold a bare CR too
    plain = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in plain:
        raise TableError(["文件中有二进制内容（NUL字符），不是文本格式的CSV：请在Excel中另存为“CSV UTF-8（逗号分隔）”"])
    try:
        numbered = [
            (number, row)
            for number, row in enumerate(csv.reader(io.StringIO(plain)), start=1)
            if any(cell.strip() for cell in row)
        ]
    except csv.Error as error:
        raise TableError([f"CSV无法读取：{error}（可能某一格太长，或引号没有成对）"]) from None
    if not numbered:
        raise TableError(["文件是空的"])
    header, body = numbered[0][1], numbered[1:]
    _limit(len(body))
    if batch_records.is_records_table([cell.strip().lstrip("\ufeff") for cell in header]):
        return read_records(header, body)
    columns = _header(header)
    rows: list[tuple] = []
    for _number, cells in body:
        cells = cells + [""] * (len(header) - len(cells))
        if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header) :]):
            rows.append(
                (
                    cells,
                    _Rejected(
                        [
                            problem(
                                "", f"此行有{len(cells)}格，多于列名的{len(header)}列（可能有多余的逗号）", label="此行"
                            )
                        ]
                    ),
                    None,
                )
            )
            continue
        if EXAMPLE_NAME in (cell.strip() for cell in cells):  # the template's example row, left in
            rows.append(
                (
                    cells[: len(header)],
                    _Rejected([problem("", "模板中的示例行，没有计算（请删除此行）", label="此行")]),
                    None,
                )
            )
            continue
        rows.append((cells[: len(header)], _applicant(columns, cells), None))
    return [cell.strip().lstrip("\ufeff") for cell in header], rows


def read_records(header: list[str], body: list[tuple[int, list[str]]]) -> tuple[list[str], list[tuple]]:
    """The records table -> one row per person: (the person's cells, the applicant, the Person, whose
    file lines name a record's problems). The cells shown are the person's, then each list's count."""
    header = [cell.strip().lstrip("\ufeff") for cell in header]
    unknown = batch_records.unknown_columns(header, NOTE_COLUMNS)
    if unknown:
        raise TableError(unknown)
    if not any(name in header for name in batch_records.KEY_COLUMNS):
        raise TableError(["按记录填写的表格需要“工号”或“姓名”列：同一个人的几行记录按它合在一起"])
    width = len(header)
    body = [(number, (cells + [""] * width)[:width]) for number, cells in body]
    kept = [
        index
        for index, name in enumerate(header)
        if name != batch_records.KIND_COLUMN and name not in batch_records.ITEM_COLUMNS
    ]
    shown_header = [header[index] for index in kept] + [f"{field.label}（条）" for field in batch_records.LISTS]
    by_line = dict(body)
    rows: list[tuple] = []
    for person in batch_records.gather(header, body):
        merged = list(by_line[person.line])
        for path, (text, _line) in person.cells.items():  # a person's value given on a later row
            for index, name in enumerate(header):
                if name in (path, BY_PATH[path].label):
                    merged[index] = text
        cells = [merged[index] for index in kept] + [str(len(person.records[f.path])) for f in batch_records.LISTS]
        entry: object
        if person.key == EXAMPLE_NAME:
            entry = _Rejected([problem("", "模板中的示例行，没有计算（请删除这几行）", label="此行")])
        elif person.problems:
            entry = _Rejected([problem("", text, label=f"第{line}行") for line, text in person.problems])
        else:
            entry = batch_records.applicant(person)
        rows.append((cells, entry, person))
    return shown_header, rows


def _shown(value: object) -> str:
    """A JSON value as its cell: text as it is, everything else as JSON writes it."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return "true" if value is True else "false" if value is False else "null"
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def read_json(text: str) -> tuple[list[str], list[tuple]]:
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
        rows.append(([_shown(flat[p]) if p in flat else "" for p in paths], entry, None))
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
def _error_line(found: dict, person=None) -> str:
    """A validation problem in the sheet's words: "最高学历（学位）：应为…" (the column's name, never
    the engine's field path; an option list by the labels a cell may hold). In the records table a
    record's problem names its line: "住房记录第2条（第7行）的起始年月：…"."""
    path, label, message = found["path"], found["label"], found["message"]
    where = person.where(path) if person is not None and path else ""
    if where:
        head, mark, rest = label.partition("条")
        label = f"{head}{mark}{where}{rest}"
    field = BY_PATH.get(_INDEX.sub("[]", path)) if path else None  # records.housing[1].kind -> its row
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


def _gap_column(latest: history.Cutoff) -> str:
    status = "" if latest.verified else "，非官方数字，未核实"
    return f"与{latest.year}年最低落户分值{latest.score_text}分相差（{status.lstrip('，') or '已核实'}）"


ITEM_LABELS = tuple(label for _, label, _ in ITEMS)  # a row's `points`, in this order
RESULT_COLUMNS = ("符合资格条件",) + tuple(f"{number} {label}" for _, label, number in ITEMS) + ("总分", "错误说明")
# After 错误说明, so that every earlier column keeps its place: the gap to the latest known cut-off.
GAP_COLUMN = _gap_column(history.latest())


def _gap(result: dict, latest: history.Cutoff) -> Decimal:
    return comparison.gap(Decimal(str(result["total"])), latest)


_CONDITION_LABELS = dict(CONDITIONS)


def _points(result: dict) -> list:
    """The ten points in ITEMS' order (the columns'), whatever the engine's."""
    by_id = {item["id"]: item["points"] for item in result["items"]}
    return [by_id[key] for key, _, _ in ITEMS]


def _result_cells(answer: dict, latest: history.Cutoff) -> list[str]:
    if not answer["ok"]:
        return [""] * (len(RESULT_COLUMNS) - 1) + ["；".join(answer["errors"]), ""]
    result = answer["result"]
    unmet = [_CONDITION_LABELS.get(c["id"], c["label"]) for c in result["eligibility"] if not c["met"]]
    verdict = "是" if result["eligible"] else "否（" + "、".join(unmet) + "）"
    points = [f"{value:.2f}" for value in _points(result)]
    return [verdict] + points + [f"{result['total']:.2f}", "", f"{_gap(result, latest):+.2f}"]


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
    writer.writerow(_safe_row(header + list(RESULT_COLUMNS) + [GAP_COLUMN]))  # a JSON file's keys are header cells
    # a row the reader already rejected carries its problem instead of an applicant
    readable = [entry for _, entry, _ in rows if not isinstance(entry, _Rejected)]
    answers = iter(score_each(readable))
    listed = []
    latest = history.latest()
    for index, (cells, entry, person) in enumerate(rows):
        answer: dict[str, Any] = (
            {"ok": False, "errors": entry.problems} if isinstance(entry, _Rejected) else next(answers)
        )
        if not answer["ok"]:
            answer = {"ok": False, "errors": _bounded([_error_line(found, person) for found in answer["errors"]])}
        writer.writerow(_safe_row(cells + _result_cells(answer, latest)))
        row = {"index": index, "name": _name(header, cells)}
        if answer["ok"]:
            result = answer["result"]
            row.update(
                total=result["total"],
                eligible=result["eligible"],
                points=_points(result),
                unmet=[c["label"] for c in result["eligibility"] if not c["met"]],
                gap=as_json_number(_gap(result, latest)),
                applicant=entry,  # for the link that opens this person in the calculator
            )
        else:
            row["errors"] = answer["errors"]
        listed.append(row)
    # UTF-8 with a BOM: Excel on a Chinese system then opens it as UTF-8, not GBK
    return {
        "ok": True,
        "columns": header,
        "cutoff": history.describe(latest),
        "rows": listed,
        "csv": "\ufeff" + out.getvalue(),
    }


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
EXAMPLE_YEAR = 2025  # the template's round when the build does not say (batch_page passes the next round)
EXAMPLE: dict[str, Any] = {  # one applicant for the template's example row (CONTRACT section 2's example)
    "application_year": EXAMPLE_YEAR,
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


def _example(year: int) -> dict:
    """The example applicant for the template's round (the round HR prepares for, set by the build)."""
    return {**EXAMPLE, "application_year": year}


def _example_records(year: int) -> dict:
    """The same person in records mode: a 社保 record and a declared lease, both 至今."""
    cutoff = batch_records.cutoff_month(year)
    counts_only = {field.path.split(".")[0] for field in FIELDS if field.mode == "counts"}
    person = {key: value for key, value in _example(year).items() if key not in counts_only}
    person["education"] = {**EXAMPLE["education"], "graduation": "2010-07"}
    person["records"] = {
        "social_insurance": [{"from": "2010-08", "to": cutoff}],
        # a lease from the month leases are declared from under the round's rules
        "housing": [
            {"from": for_year(year)["indicators"]["residence"]["rental_declared_from"], "to": cutoff, "kind": "rented"}
        ],
    }
    return person


def _csv(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return "\ufeff" + out.getvalue()  # a BOM: Excel shows the Chinese


def template_csv(year: int = EXAMPLE_YEAR) -> str:
    """The counts template: a 姓名 column, the Chinese column names, one example row."""
    example = _example(year)
    return _csv(
        ["姓名"] + [field.label for field in COLUMNS],
        [[EXAMPLE_NAME] + [shown(field, lookup(example, field.path)) for field in COLUMNS]],
    )


def records_template_csv(year: int = EXAMPLE_YEAR) -> str:
    """The records template (batch_records.py): one row per record, the example person's two rows."""
    header, rows = batch_records.template_rows(_example_records(year), year)
    return _csv(header, [[EXAMPLE_NAME] + row[1:] for row in rows])
