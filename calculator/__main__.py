"""Command line: python -m calculator score [--steps] PATH|-  (exit 0 with the result JSON, 2 on invalid input).

--steps: every line and condition also carries `steps`, its trace as data (calculator/trace.py)."""

from __future__ import annotations

import json
import sys

from .api import InvalidInput, parse, score_value, valid_utf8

USAGE = (
    "用法: python -m calculator score [--steps] PATH|-\n"
    "  PATH 为申请人JSON文件（一个对象或对象数组），- 表示标准输入\n"
    "  --steps 每个分项和申报条件另附计算步骤（steps：每个数字的名称，比率所依据的规则路径）"
)


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.buffer.read().decode("utf-8-sig")
    with open(path, encoding="utf-8-sig") as handle:  # -sig: files saved by Windows Notepad start with a BOM
        return handle.read()


def main(argv: list[str]) -> int:
    steps = argv[1:2] == ["--steps"]
    if steps:
        argv = [argv[0], *argv[2:]]
    if len(argv) != 2 or argv[0] != "score":
        sys.stderr.buffer.write((USAGE + "\n").encode("utf-8"))
        return 2
    try:
        text = _read(argv[1])
    except (OSError, UnicodeDecodeError) as error:
        sys.stderr.buffer.write(f"PATH: 无法读取{argv[1]}（{type(error).__name__}）\n".encode())
        return 2
    try:
        result = score_value(parse(text), steps=steps)
    except InvalidInput as error:
        sys.stderr.buffer.write(valid_utf8("\n".join(error.errors) + "\n").encode("utf-8"))
        return 2
    sys.stdout.buffer.write(valid_utf8(json.dumps(result, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
