"""Small HTML helpers for the site tests (standard library only)."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Node]:
        found = []
        for node in self.iter():
            if tag and node.tag != tag:
                continue
            if cls and cls not in node.classes:
                continue
            if any(node.attrs.get(k.replace("_", "-")) != v for k, v in attrs.items()):
                continue
            found.append(node)
        return found


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(path_or_text: Path | str) -> Node:
    text = path_or_text.read_text(encoding="utf-8") if isinstance(path_or_text, Path) else path_or_text
    builder = _Builder()
    builder.feed(text)
    builder.close()
    return builder.root


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def table_rows(table: Node) -> tuple[list[str], list[list[str]]]:
    header = [squash(th.text()) for th in table.find_all("th")]
    rows = []
    for tr in table.find_all("tr"):
        cells = [squash(td.text()) for td in tr.find_all("td")]
        if cells:
            rows.append(cells)
    return header, rows


def main_content(root: Node) -> Node:
    articles = root.find_all("article")
    assert len(articles) == 1, "every page has one <article>"
    return articles[0]


# ---------------------------------------------------------------- the Nu HTML Checker
VNU = Path(__file__).resolve().parent.parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_errors(files: list[Path]) -> list[tuple[Path | None, int | None, str]]:
    """The Nu HTML Checker's errors in `files`, one Java run for all (npm's vnu-jar, Debian's Java:
    `make setup`): (file, line, message) each, file None for an error about no one file."""
    import json
    import subprocess
    from urllib.parse import unquote, urlsplit

    assert VNU.is_file(), f"{VNU} is missing: make setup (npm ci) installs it"
    command = ["java", "-jar", str(VNU), "--format", "json", "--errors-only", "--stdout", *map(str, files)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=900)
    messages = json.loads(run.stdout)["messages"]
    assert (run.returncode == 0) == (not messages), run.stderr[-2000:]
    return [
        (Path(unquote(urlsplit(m["url"]).path)) if m.get("url") else None, m.get("lastLine"), m["message"])
        for m in messages
    ]


def vnu_report(errors: list[tuple[Path | None, int | None, str]], names: dict[Path, str]) -> str:
    """The errors one a line, "file:line: message", the files by their `names`."""
    return "\n".join(f"{names.get(path, path) if path else '-'}:{line}: {message}" for path, line, message in errors)
