"""Fixtures for the real-browser tests of the built book.

The book (``_build/html``, built by ``make book`` / ``make test``) is served from 127.0.0.1 by a
thread of this process and opened in Debian's Chromium (``/usr/bin/chromium``) through
Playwright's sync API.

If the built book or the browser is missing the tests are skipped on a developer's machine, but
with ``CI=true`` that is a failure: CI must never pass by silently running no browser test.

Pages are discovered from the built site, so new chapters are tested without editing the tests.
Generic helpers (figures, sliders) live in helpers.py.
"""
from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest

from .helpers import CHROMIUM, CHROMIUM_ARGS, HOST, MISSING_SITE, SITE, PageLog, _is_external, discover_pages, missing


def pytest_generate_tests(metafunc):
    # Parametrise over the built pages. With no build, one placeholder parameter keeps the test
    # (so the `site` fixture can skip it locally or fail it in CI) instead of pytest's silent
    # "empty parameter set" skip.
    if "page_path" in metafunc.fixturenames:
        # scope="module": a module's tests run page by page, so a module-scoped fixture can load
        # each page once for all of them (loaded_page).
        metafunc.parametrize("page_path", discover_pages() or [MISSING_SITE], scope="module")


@pytest.fixture(scope="session")
def site() -> Path:
    if not (SITE / "index.html").is_file():
        missing(f"the book is not built ({SITE / 'index.html'} is missing): run `make book`")
    return SITE


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


@pytest.fixture(scope="session")
def base_url(site: Path):
    """The built book served over HTTP from 127.0.0.1 on a free port (a daemon thread)."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer((HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="book-http", daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def chromium_browser():
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        missing(f"{CHROMIUM} is missing: install Debian's chromium (`apt-get install -y chromium`, or `make test`)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        missing(f"playwright is not installed ({exc}): pip install -r requirements-test.txt")
    pw = sync_playwright().start()
    try:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    except Exception:
        pw.stop()
        raise
    try:
        yield browser
    finally:
        browser.close()
        pw.stop()


def _open_logged(browser, url):
    """(context, page, log): url in a fresh browser context, with every problem logged."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log = PageLog()
    page.on("console", lambda m: log.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: log.page_errors.append(str(e)))
    page.on("requestfailed", lambda r: log.failed_requests.append(f"{r.url} ({r.failure})"))
    page.on("response", lambda r: log.failed_requests.append(f"{r.url} (HTTP {r.status})") if r.status >= 400 else None)
    page.on("request", lambda r: log.external_requests.append(r.url) if _is_external(r.url) else None)
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    return context, page, log


@pytest.fixture
def open_page(chromium_browser, base_url):
    """open_page(path) -> (page, log): the page in a fresh browser context, every problem logged."""
    contexts = []

    def _open(path: str):
        context, page, log = _open_logged(chromium_browser, base_url + path)
        contexts.append(context)
        return page, log

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def loaded_page(chromium_browser, base_url, site, page_path):
    """(page, log) for page_path, loaded once per test module: for tests that only read the page
    (a test that moves controls comes last in its module, or opens its own with open_page)."""
    context, page, log = _open_logged(chromium_browser, base_url + page_path)
    yield page, log
    context.close()
