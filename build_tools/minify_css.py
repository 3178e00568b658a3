"""The site's own stylesheets, minified in site/ after the build (like its scripts: minify_js.py).

The sources in docs/ keep their comments, which say why a rule is there (a contrast ratio, a
theme quirk); the visitor's browser needs none of them. Only comments and whitespace go: a
comment (but a /*! … */ one), a run of whitespace becomes one space, and the space beside
{ } ; , goes. Strings ("…", '…', which hold url()s and content) are left as they are, and so is
every other space: the one in "a :hover" or "1px + 2px" means something. Measured on the
calculator page: its four stylesheets 2.3 KB smaller over the wire (gzip), a third of them.
The theme's stylesheets are already minified and are not touched.
"""

from __future__ import annotations

import re
from pathlib import Path

_TOKEN = re.compile(r""""(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|/\*.*?\*/|\s+|[^"'/\s]+|/""", re.S)
_PUNCTUATION = re.compile(r" ?([{};,]) ?")


def minify(css: str) -> str:
    out: list[str] = []
    code: list[str] = []  # the text since the last string, squeezed when a string or the end comes

    def flush() -> None:
        out.append(_PUNCTUATION.sub(r"\1", "".join(code)))
        code.clear()

    for token in _TOKEN.findall(css):
        if token[0] in "\"'":
            flush()
            out.append(token)
        elif token.startswith("/*"):
            if token.startswith("/*!"):
                code.append(token)
        elif token.isspace():
            if not (code and code[-1] == " "):
                code.append(" ")
        else:
            code.append(token)
    flush()
    return "".join(out).strip() + "\n"


def own_stylesheets(docs_dir: Path, site_dir: Path) -> list[Path]:
    """The built copies of every .css file under docs/."""
    return [
        site_dir / path.relative_to(docs_dir)
        for path in sorted(docs_dir.rglob("*.css"))
        if (site_dir / path.relative_to(docs_dir)).is_file()
    ]


def minify_site(docs_dir: Path, site_dir: Path) -> list[Path]:
    """Minify the site's own stylesheets in place; returns them."""
    files = own_stylesheets(Path(docs_dir), Path(site_dir))
    for path in files:
        path.write_text(minify(path.read_text(encoding="utf-8")), encoding="utf-8")
    return files
