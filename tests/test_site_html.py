"""The built site's markup: the Nu HTML Checker (npm's vnu-jar, run with Java) reports no error on
any page, the theme's parts of it included, nor in the rows the calculator adds from its
<template>s (the checker does not look inside a template). The theme's errors are fixed in copies
of its templates in overrides/ (tests/test_site_security.py lists their edits), the site's own
where its HTML is generated."""

from __future__ import annotations

import re
from pathlib import Path

from tests.html_tools import vnu_errors, vnu_report

TEMPLATE = re.compile(r"<template data-row-template=\"([^\"]+)\">(.*?)</template>", re.S)
# A row as records.js adds it: {i} its index, {n} its number, in the list (<ol data-rows>).
ROW_PAGE = (
    '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{name}</title></head>'
    "<body><ol>{row}</ol></body></html>\n"
)


def _row_pages(site: Path, out: Path) -> dict[Path, str]:
    """Each page's row templates, filled in as the page fills them, as files of their own: {file: name}."""
    names = {}
    for page in sorted(site.rglob("*.html")):
        for path, row in TEMPLATE.findall(page.read_text(encoding="utf-8")):
            file = out / f"{len(names)}.html"
            file.write_text(ROW_PAGE.format(name=path, row=row.replace("{i}", "1").replace("{n}", "2")), "utf-8")
            names[file.resolve()] = f'{page.relative_to(site).as_posix()} <template data-row-template="{path}">'
    return names


def test_no_page_has_a_markup_error(built_site, tmp_path):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= 20 and built_site / "calculator" / "index.html" in pages
    names = {page.resolve(): page.relative_to(built_site).as_posix() for page in pages}
    rows = _row_pages(built_site, tmp_path)
    assert {name.split('"')[1] for name in rows.values()} == {"records.social_insurance", "records.housing"}
    errors = vnu_errors([*pages, *rows])
    assert not errors, f"{len(errors)} markup errors:\n" + vnu_report(errors, {**names, **rows})


# Each kind of error the site and its theme had before they were fixed, on a line of its own.
BROKEN = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>坏</title>
<meta http-equiv="Cache-Control" content="no-transform">
</head><body>
<input type="checkbox" id="t" autocomplete="off">
<label for="t" tabindex="">标签</label>
<label for="__toc">目录</label>
<label for="m">月份</label><input type="month" id="m" placeholder="2015-07">
</body></html>
"""
BROKEN_LINES = {3: "http-equiv", 5: "autocomplete", 6: "tabindex", 7: "for", 8: "placeholder"}


def test_the_checker_finds_each_kind_of_error_the_site_had(tmp_path):
    page = tmp_path / "broken.html"
    page.write_text(BROKEN, encoding="utf-8")
    errors = vnu_errors([page])
    assert {path for path, _, _ in errors} == {page.resolve()}
    found = {line: message for _, line, message in errors}
    assert sorted(found) == sorted(BROKEN_LINES), vnu_report(errors, {})
    for line, word in BROKEN_LINES.items():
        assert f"“{word}”" in found[line], (line, found[line])
