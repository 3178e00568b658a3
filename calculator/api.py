"""The public functions that the CLI and the browser both call."""

from __future__ import annotations

import gc
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager

from .engine import score_applicant
from .validation import check, line, problem


class InvalidInput(ValueError):
    """The input was not a valid applicant.

    `problems`: one dict per problem, {"path", "label", "message"} (+ "related"), see validation.py;
    `errors`: the same as the command line's Chinese lines, "path: message".
    """

    def __init__(self, problems: list[dict]):
        self.problems = problems
        self.errors = [line(found) for found in problems]
        super().__init__("\n".join(self.errors))


def valid_utf8(text: str) -> str:
    """Lone surrogates (JSON allows "\\ud800") cannot be encoded: show them escaped instead."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def input_errors(data: object) -> list[dict]:
    """Every problem of one applicant as {"path", "label", "message"} dicts ([] when valid)."""
    checked = check(data)
    return checked if isinstance(checked, list) else []


def validate(data: object) -> list[str]:
    """Every problem of one applicant as the command line's lines ("path: message"; [] when valid)."""
    return [line(found) for found in input_errors(data)]


def score(data: object, advice: bool = False, projection: bool = False, steps: bool = False) -> dict:
    """One applicant's result; `advice` and `projection` add those sections (advice.py, projection.py),
    `steps` each line's and condition's trace as data (engine.score_applicant)."""
    checked = check(data)
    if isinstance(checked, list):
        raise InvalidInput(checked)
    assert isinstance(data, dict)  # check() accepted it: an applicant object
    return score_applicant(checked, advice, projection, data, steps)


@contextmanager
def _batch_allocation() -> Iterator[None]:
    """No cyclic garbage collection while a batch is scored. Its results are thousands of dicts and
    lists that all stay alive, none in a cycle: the collector ran every few hundred of them and
    scanned the growing list again and again, a third of the time in records mode (1,612 ms against
    1,098 ms for 5,000 applicants). Reference counting still frees everything else at once, and the
    collector is back on, as it was, when the batch is done."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def score_many(batch: list, steps: bool = False) -> list[dict]:
    """Score a list of applicants; if any is invalid, raise with every problem, paths prefixed [i]."""
    if not isinstance(batch, list):
        raise InvalidInput([problem("", f"应为申请人对象的数组，收到{type(batch).__name__}", code="input")])
    with _batch_allocation():
        checked = [check(entry, f"[{index}]") for index, entry in enumerate(batch)]
        errors = [found for entry in checked if isinstance(entry, list) for found in entry]
        if errors:
            raise InvalidInput(errors)
        return [score_applicant(entry, steps=steps) for entry in checked]  # type: ignore[arg-type]


def score_each(batch: list) -> list[dict]:
    """Score every applicant on its own (the batch page): a bad one never stops the others.

    One answer per entry, in order: {"ok": true, "result": …} or {"ok": false, "errors": [problem, …]}
    with the problems of validation.py ({"path", "label", "message"}; paths without the [i] prefix).
    """
    answers = []
    with _batch_allocation():
        for entry in batch:
            checked = check(entry)
            if isinstance(checked, list):
                answers.append({"ok": False, "errors": checked})
                continue
            try:
                answers.append({"ok": True, "result": score_applicant(checked)})
            except Exception as error:  # a bug must stay on its own row
                answers.append(
                    {
                        "ok": False,
                        "errors": [
                            problem("", f"{type(error).__name__}，请报告此行", label="内部错误", code="internal")
                        ],
                    }
                )
    return answers


# json's own messages, in Chinese: the visitor should never meet an English parser error.
_JSON_MESSAGES = {
    "Expecting value": "此处缺少值",
    "Expecting property name enclosed in double quotes": "字段名须用英文双引号括起",
    "Expecting ',' delimiter": "缺少逗号",
    "Expecting ':' delimiter": "缺少冒号",
    "Unterminated string starting at": "字符串没有结束引号",
    "Invalid control character at": "字符串中有不允许的控制字符",
    "Invalid \\escape": "无效的转义符",
    "Extra data": "JSON结束后还有多余内容",
    "Illegal trailing comma before end of object": "对象末尾多了逗号",
    "Illegal trailing comma before end of array": "数组末尾多了逗号",
}


def _reject_constant(name: str) -> None:
    raise ValueError(f"不支持的数值 {name}")


# An applicant nests four levels deep; a file nested deeper than this is refused before parsing:
# in the browser, Python's parser on 2,000 nested objects exhausts the JavaScript stack and kills
# the interpreter (CPython only raises RecursionError).
MAX_DEPTH = 32
_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"')
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")


def too_deep(text: str, limit: int = MAX_DEPTH) -> bool:
    """Whether the JSON text nests deeper than `limit` (brackets inside strings do not count)."""
    depth = 0
    for char in _NOT_BRACKETS.sub("", _STRINGS.sub("", text)):
        depth = depth + 1 if char in "[{" else depth - 1
        if depth > limit:
            return True
    return False


def parse(text: str) -> object:
    """JSON text -> value, or InvalidInput with a Chinese message naming the line and column."""
    text = text.lstrip("\ufeff")  # a leading BOM, as the CLI accepts it
    if too_deep(text):
        raise InvalidInput([_json_problem(f"无法解析：嵌套层数过多（最多{MAX_DEPTH}层）")])
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        reason = _JSON_MESSAGES.get(error.msg, "格式错误")
        raise InvalidInput([_json_problem(f"第{error.lineno}行第{error.colno}列无法解析：{reason}")]) from None
    except RecursionError:
        raise InvalidInput([_json_problem("无法解析：嵌套层数过多")]) from None
    except ValueError as error:
        reason = "数字位数过多" if "digits" in str(error) else str(error)
        raise InvalidInput([_json_problem(f"无法解析：{reason}")]) from None


def _json_problem(message: str) -> dict:
    return problem("", message, label="JSON", code="input")


def score_value(
    value: object, advice: bool = False, projection: bool = False, steps: bool = False
) -> dict | list[dict]:
    return score_many(value, steps) if isinstance(value, list) else score(value, advice, projection, steps)


def score_json(text: str, advice: bool = False, projection: bool = False) -> str:
    """The browser's entry point: never raises, always answers JSON (`advice`: advice.py, `projection`: projection.py).

    {"ok": true, "result": …} or
    {"ok": false, "errors": [{"path": "records.housing[1].from", "label": "住房记录第2条的起始年月",
                              "message": "中文说明"}, …]}   (the problems of validation.py)
    """
    try:
        result = score_value(parse(text), advice, projection)
        return valid_utf8(json.dumps({"ok": True, "result": result}, ensure_ascii=False))
    except InvalidInput as error:
        return valid_utf8(json.dumps({"ok": False, "errors": error.problems}, ensure_ascii=False))
    except Exception as error:  # a bug must still reach the page as a message, not a traceback
        found = problem("", f"{type(error).__name__}，请报告此输入", label="内部错误", code="internal")
        return json.dumps({"ok": False, "errors": [found]}, ensure_ascii=False)
