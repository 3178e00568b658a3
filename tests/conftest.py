"""Shared fixtures. `built_site`: the site, built once per test session with
`mkdocs build --strict` into a temporary directory (any warning fails it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def build_site(out: Path, **env: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of the project into `out`, with these environment variables."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
        timeout=900,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    proc = build_site(out)
    log = proc.stdout + proc.stderr
    if proc.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{log}")
    warnings = [line for line in log.splitlines() if "WARNING" in line or line.startswith("ERROR")]
    if warnings:
        pytest.fail("mkdocs build printed warnings:\n" + "\n".join(warnings))
    return out


# ---------------------------------------------------------------- browser tests (helpers: tests/browser.py)
ADDRESS = "https://example.org/jifen/"


@pytest.fixture(scope="session")
def address_site(tmp_path_factory) -> Path:
    """The site built for an address (SITE_URL=ADDRESS, CONTRACT 4f): sitemap, canonical links,
    robots.txt, its 404.html."""
    out = tmp_path_factory.mktemp("address-site")
    proc = build_site(out, SITE_URL=ADDRESS)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:]
    return out


@pytest.fixture(scope="session")
def served_site(built_site):
    """Base URL of the built site, served over HTTP by build_tools/static_server.py (gzip on)."""
    from build_tools import static_server

    server, url = static_server.start(built_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def reporting_site(built_site):
    """The built site served with its _headers policy plus a report-uri: (base URL, reports list),
    the list holding every violation report the browser sent, from pages and workers alike."""
    from build_tools import static_server

    reports: list = []
    server, url = static_server.start(built_site, csp_reports=reports)
    yield url, reports
    server.shutdown()


@pytest.fixture(scope="session")
def chromium_browser():
    """One headless Chromium for the whole session (each test opens its own context)."""
    from playwright.sync_api import sync_playwright

    from tests.browser import launch

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


def _env_tag(loader, node):
    """mkdocs.yml's `!ENV [NAME, default]` read as MkDocs reads it (tests load the file with plain yaml)."""
    name, *default = loader.construct_sequence(node)
    return os.environ.get(name, default[0] if default else None)


import yaml  # noqa: E402

yaml.add_constructor("!ENV", _env_tag, Loader=yaml.Loader)
