"""Page fixtures of the calculator's browser tests (test_browser_calculator.py, test_browser_records.py).

A test module imports them by name (`from tests.browser_fixtures import calc, …`); module-scoped
ones are then one per test module. Session fixtures (served_site, chromium_browser) are in conftest.py.
"""

from __future__ import annotations

import pytest

from tests.browser import PHONE, wait_ready, wait_result


@pytest.fixture(scope="module")
def context(chromium_browser):
    # Without the site's service worker, so that page.route() sees the engine worker's requests
    # (the worker's memory snapshot in Cache Storage still serves this context's later pages;
    # tests/test_browser_offline.py tests the service worker and the snapshot themselves).
    context = chromium_browser.new_context(**PHONE, service_workers="block")
    yield context
    context.close()


@pytest.fixture(scope="module")
def calc(context, served_site):
    """One calculator page, loaded once, engine ready."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(served_site + "calculator/")
    wait_ready(page)
    wait_result(page)
    yield page
    assert not errors, errors
    page.close()


@pytest.fixture()
def new_page(context):
    """A new tab whose script errors fail the test."""
    pages = []

    def open_page():
        page = context.new_page()
        page.js_errors = []
        page.on("pageerror", lambda error: page.js_errors.append(str(error)))
        pages.append(page)
        return page

    yield open_page
    for page in pages:
        errors = page.js_errors
        page.close()
        assert not errors, errors


@pytest.fixture()
def fresh(context, served_site):
    """A newly opened calculator page (engine loading in the background)."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(served_site + "calculator/")
    yield page
    assert not errors, errors
    page.close()
