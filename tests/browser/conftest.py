"""Browser tests: Playwright drives Debian's Chromium against a live server on loopback.

Skipped locally (with the reason) when /usr/bin/chromium is missing; in CI (CI=true) a missing
browser is a failure, so the browser tests cannot silently stop running there.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import free_port

CHROMIUM = os.environ.get("CONFERENCE_CHROMIUM", "/usr/bin/chromium")
AXE_JS = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; CI must run the browser tests (see .ci/run)")
        pytest.skip(f"Chromium not found at {CHROMIUM}: install Debian's chromium to run the browser tests")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()


def closed_before_sent(app):
    """The app, with each response read whole and closed before the server writes it.

    werkzeug's development server skips ``close()`` on a response when the client resets the connection while
    the server drains the request (``serving.py`` reads in ``finally`` before ``application_iter.close()``). A
    browser does that to requests it no longer needs, and the static file left open then fails an unrelated
    test with a ResourceWarning (tests/browser/test_live_server.py). The test responses are small.
    """
    def wsgi(environ, start_response):
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()
    return wsgi


@pytest.fixture
def live_server(app):
    """Serve the test app on a free loopback port for the duration of one test."""
    port = free_port()
    server = make_server("127.0.0.1", port, closed_before_sent(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{port}"
    yield server
    server.shutdown()
    thread.join(5)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="de-DE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the current page; return the violations of ``impacts``."""
    page.evaluate(AXE_JS)
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
              values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"""
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "targets": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"] if v["impact"] in impacts
    ]


def assert_accessible(page):
    violations = axe_violations(page)
    assert not violations, f"{page.url}: {violations}"


PASSWORD = "secret"


@pytest.fixture
def sign_in(browser, live_server):
    """``sign_in(email)`` opens a fresh browser context, signs in at /login (password ``PASSWORD``) and
    returns its page; ``sign_in(None)`` opens a context without signing in (a visitor)."""
    contexts = []

    def _sign_in(email: str | None):
        context = browser.new_context(base_url=live_server.url, locale="de-DE",
                                      viewport={"width": 1280, "height": 900})
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        if email is None:
            return page
        page.goto("/login")
        page.locator("#email").fill(email)
        page.locator("#password").fill(PASSWORD)
        with page.expect_navigation():
            page.locator("#password").press("Enter")
        assert "/login" not in page.url, f"{email} could not sign in"
        return page

    yield _sign_in
    for context in contexts:
        context.close()


def visit(page, path: str) -> None:
    response = page.goto(path)
    assert response.ok, f"{path}: HTTP {response.status}"


def follow(page, action) -> None:
    """Do ``action`` (a click, a key press, a drop) and wait until the page it leads to has loaded without an error."""
    with page.expect_navigation() as navigation:
        action()
    response = navigation.value
    assert response is not None and response.ok, f"{page.url}: HTTP {response.status if response else '–'}"
