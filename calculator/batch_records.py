"""The records table for HR (issue 21): one CSV row per 社保 or housing record, keyed by person.

Beside the counts table (one row per person, month counts, batch.py) HR can list each person's
dated records as the 社保 app and the deeds show them, and the engine works out the months
(records mode, CONTRACT 2b). Every column comes from the field table (schema.py):

- the person's columns: the fields both modes share and those of records mode (申报年度, 出生日期,
  毕业年月, …), given on a person's first row; a later row may leave them empty or repeat them,
  but must not contradict them;
- 记录类别: which list the row belongs to, by the list's label (社保缴纳记录, 住房记录) or its
  short form (社保, 住房);
- the record's columns, by label: 起始年月 and 截止年月 serve both lists, the others one each
  (缴费类型, 缴费单位所在区, 住房类型, 房屋所在区). 截止年月 may say 至今: the cut-off month; for a
  record that starts after the cut-off (a plan, CONTRACT 2b), the last cut-off the rules know, as
  on the calculator page (records.js): it runs on from its start.

Rows with the same 工号 (or, without that column, the same 姓名) are one person, in the order
their first row appears. A problem in a record names the file's line beside the record.
"""

from __future__ import annotations

from . import periods
from .cells import cell_value, lookup, shown
from .rules import RULES
from .schema import BY_PATH, FIELDS, Field

KIND_COLUMN = "记录类别"
KEY_COLUMNS = ("工号", "姓名")  # the first present identifies a person
ONGOING = "至今"

# The person's columns: every scalar field but the month counts and the records' own.
PERSON_COLUMNS = tuple(
    field
    for field in FIELDS
    if field.mode != "counts" and field.type not in ("object", "array") and not field.path.startswith("records.")
)
# The lists of records (社保缴纳记录, 住房记录) and what a 记录类别 cell may say for each.
LISTS = tuple(field for field in FIELDS if field.type == "array" and field.path.startswith("records."))
_KIND_WORDS = {
    word: field.path
    for field in LISTS
    for word in (field.label, field.label.removesuffix("记录"), field.label[:2], field.path.rpartition(".")[2])
}
# A record column's name -> {list path: its field in that list}
ITEM_COLUMNS: dict[str, dict[str, Field]] = {}
for _list in LISTS:
    for _field in FIELDS:
        if _field.path.startswith(_list.path + "[]."):
            ITEM_COLUMNS.setdefault(_field.label, {})[_list.path] = _field


def cutoff_month(year: int) -> str | None:
    """What 至今 stands for: the round's cut-off month ("2026-12"), None for a year without rules
    (the engine then names the application year)."""
    try:
        cutoff = periods.spans(year).cutoff
    except (KeyError, ValueError, LookupError):
        return None
    return f"{cutoff.year:04d}-{cutoff.month:02d}"


def is_records_table(header: list[str]) -> bool:
    return KIND_COLUMN in header


def _person_header(header: list[str]) -> dict[str, int]:
    by_name = {**{f.path: f for f in PERSON_COLUMNS}, **{f.label: f for f in PERSON_COLUMNS}}
    return {by_name[name].path: index for index, name in enumerate(header) if name in by_name}


def unknown_columns(header: list[str], notes: tuple[str, ...]) -> list[str]:
    """The header cells that are neither a person's, a record's, the kind nor a note column."""
    known = {KIND_COLUMN, *notes, *ITEM_COLUMNS}
    known |= {f.path for f in PERSON_COLUMNS} | {f.label for f in PERSON_COLUMNS}
    return [
        f"第{index + 1}列“{name}”不是可识别的列名：请使用记录模板中的列名"
        for index, name in enumerate(header)
        if name not in known
    ]


class Person:
    """One person's rows gathered: the merged person cells, their records, and where each came from."""

    def __init__(self, key: str, line: int):
        self.key = key
        self.line = line  # the file line of the person's first row
        self.cells: dict[str, tuple[str, int]] = {}  # field path -> (text, line)
        self.records: dict[str, list[tuple[dict[str, str], int]]] = {field.path: [] for field in LISTS}
        self.problems: list[tuple[int, str]] = []  # (file line, what is wrong there)

    def where(self, path: str) -> str:
        """ "records.housing[1].from" -> "（第7行）": the file line of that record."""
        for list_path, rows in self.records.items():
            prefix = list_path + "["
            if path.startswith(prefix):
                index = path[len(prefix) :].partition("]")[0]
                if index.isdigit() and int(index) < len(rows):
                    return f"（第{rows[int(index)][1]}行）"
        return ""


def gather(header: list[str], body: list[tuple[int, list[str]]]) -> list[Person]:
    """The records table's rows (with their file lines) -> one Person per key, in file order."""
    key_index = next((header.index(name) for name in KEY_COLUMNS if name in header), None)
    persons: dict[str, Person] = {}
    person_columns = _person_header(header)
    kind_index = header.index(KIND_COLUMN)
    items = {name: index for index, name in enumerate(header) if name in ITEM_COLUMNS}
    for line, cells in body:
        key = cells[key_index].strip() if key_index is not None else ""
        person = persons.setdefault(key, Person(key, line))
        if not key:
            person.problems.append((line, f"没有填写{'或'.join(KEY_COLUMNS)}，无法确定是谁的记录"))
            continue
        for path, index in person_columns.items():
            text = cells[index].strip()
            if not text:
                continue
            earlier = person.cells.setdefault(path, (text, line))
            if earlier[0] != text:
                person.problems.append((line, f"{BY_PATH[path].label}“{text}”与第{earlier[1]}行的“{earlier[0]}”不一致"))
        kind_text = cells[kind_index].strip()
        record = {name: cells[index].strip() for name, index in items.items() if cells[index].strip()}
        if not kind_text and not record:
            continue  # a row of the person's own columns only
        list_path = _KIND_WORDS.get(kind_text)
        if list_path is None:
            words = "、".join(field.label for field in LISTS)
            person.problems.append((line, f"{KIND_COLUMN}“{kind_text}”应为{words}之一"))
            continue
        foreign = [name for name in record if list_path not in ITEM_COLUMNS[name]]
        if foreign:
            label = BY_PATH[list_path].label
            person.problems.append((line, f"{label}没有“{'、'.join(foreign)}”这一项（这一格应空着）"))
            continue
        person.records[list_path].append((record, line))
    return list(persons.values())


def applicant(person: Person) -> dict:
    """A Person -> the engine's records-mode applicant (CONTRACT 2b); values read as cells are."""
    data: dict = {}
    for field in PERSON_COLUMNS:  # the field table's order: a controlling field before its dependants
        if field.path in person.cells:
            *parents, key = field.path.split(".")
            target = data
            for name in parents:
                target = target.setdefault(name, {})
            target[key] = cell_value(field, person.cells[field.path][0], data)
    year = data.get("application_year")
    cutoff = cutoff_month(year) if isinstance(year, int) else None
    records: dict = {}
    for list_path, rows in person.records.items():
        items = []
        for record, _line in rows:
            item: dict = {}
            ongoing_keys = []
            for name, text in record.items():
                item_field = ITEM_COLUMNS[name][list_path]  # (gather refused a column of the other list)
                key = item_field.path.rpartition(".")[2]
                ongoing = text == ONGOING and item_field.type == "month" and cutoff
                item[key] = cutoff if ongoing else cell_value(item_field, text, item)
                if ongoing:
                    ongoing_keys.append(key)
            starts = item.get("from")
            if ongoing_keys and cutoff and isinstance(starts, str) and starts > cutoff:  # a plan: on from its start
                for key in ongoing_keys:
                    item[key] = cutoff_month(RULES["application_years"]["last"])
            items.append(item)
        if items:
            records[list_path.rpartition(".")[2]] = items
    data["records"] = records
    return data


def template_rows(example: dict, year: int) -> tuple[list[str], list[list[str]]]:
    """The records template: the header, and one example person's rows (a 社保 and a housing record)."""
    header = ["姓名", *(field.label for field in PERSON_COLUMNS), KIND_COLUMN, *ITEM_COLUMNS]
    rows: list[list[str]] = []
    for list_field in LISTS:
        record = example["records"][list_field.path.rpartition(".")[2]][0]
        cells = [""]  # 姓名: the caller's
        for field in PERSON_COLUMNS:
            value = lookup(example, field.path) if not rows else {}  # the person's columns on the first row only
            cells.append(shown(field, value))
        cells.append(list_field.label)
        for by_list in ITEM_COLUMNS.values():
            item_field = by_list.get(list_field.path)
            value = record.get(item_field.path.rpartition(".")[2], {}) if item_field else {}
            cells.append(ONGOING if value == cutoff_month(year) else shown(item_field, value))
        rows.append(cells)
    return header, rows
