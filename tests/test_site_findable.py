"""SITE_URL=… builds for an address (CONTRACT 4f): sitemap, robots.txt, canonical, Open Graph, 404.html."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ADDRESS
from tests.html_tools import parse, vnu_errors, vnu_report

ROOT = Path(__file__).resolve().parent.parent


def test_a_build_for_an_address_is_findable(address_site, built_site):
    site = address_site
    pages = sorted(p for p in site.rglob("index.html"))
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for page in pages:
        url = ADDRESS + page.parent.relative_to(site).as_posix().strip(".") + ("/" if page.parent != site else "")
        url = url.replace("//", "/").replace("https:/", "https://")
        assert f"<loc>{url}</loc>" in sitemap, url
        head = parse(page)
        canonical = [n.attrs["href"] for n in head.iter() if n.tag == "link" and n.attrs.get("rel") == "canonical"]
        assert canonical == [url], page
        og = {
            n.attrs.get("property"): n.attrs.get("content")
            for n in head.iter()
            if n.tag == "meta" and n.attrs.get("property")
        }
        assert og["og:url"] == url and og["og:title"] and og["og:description"], page
    assert (site / "robots.txt").read_text(encoding="utf-8").splitlines()[-1] == f"Sitemap: {ADDRESS}sitemap.xml"
    not_found = (site / "404.html").read_text(encoding="utf-8")
    assert 'href="/jifen/assets/' in not_found or "/jifen/assets/" in not_found  # works at any depth of that address
    # in the site's words, with the ways on at that address (overrides/404.html)
    assert "找不到这个页面" in not_found and "Not found" not in not_found
    for path in ("", "calculator/", "eligibility/", "indicators/", "replies/"):
        assert f'href="/jifen/{path}"' in not_found, path
    # what only this build has (its 404 page, canonical links, Open Graph) is valid HTML too (test_site_html.py)
    files = sorted(site.rglob("*.html"))
    errors = vnu_errors(files)
    assert not errors, vnu_report(errors, {f.resolve(): f.relative_to(site).as_posix() for f in files})
    # without SITE_URL: relative, no robots.txt, no 404.html, no canonical
    assert not (built_site / "robots.txt").exists() and not (built_site / "404.html").exists()
    assert "canonical" not in (built_site / "index.html").read_text(encoding="utf-8")


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html") if "assets" not in p.parts)


def test_every_page_has_its_own_description_a_short_title_and_zh_cn(built_site):
    """Issue 20: search engines show the description as the snippet and the title in the result."""
    import re

    descriptions: dict[str, list[str]] = {}
    for page in _pages(built_site):
        text = page.read_text(encoding="utf-8")
        assert re.search(r'<html lang="zh-CN"', text), page
        title = re.search(r"<title>([^<]*)</title>", text).group(1)
        assert len(title) <= 48, (page, title)
        assert not title.startswith("首页"), title
        found = re.search(r'<meta name="description" content="([^"]*)"', text)
        assert found and len(found.group(1)) >= 15, page
        assert len(found.group(1)) <= 125, (page, found.group(1))
        descriptions.setdefault(found.group(1), []).append(str(page.relative_to(built_site)))
    assert [pages for pages in descriptions.values() if len(pages) > 1] == []
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert "<title>北京积分落户政策参考</title>" in home
