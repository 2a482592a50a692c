"""Fixtures for the browser tests: the served site, one Chromium per test session, reused tool pages."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest
from browser_support import (
    CHROMIUM_ARGS,
    ROOT,
    SITE,
    TOOL_PAGES,
    Site,
    ToolPage,
    chromium_path,
    new_context,
    wait_ready,
)
from playwright.sync_api import Browser, BrowserContext, Playwright, sync_playwright

sys.path.insert(0, str(ROOT / "scripts"))

from serve import serve_in_thread


@pytest.fixture(scope="session")
def site() -> Iterator[Site]:
    if not (SITE / "index.html").is_file() or not (SITE / "assets" / "engine" / "engine.json").is_file():
        pytest.fail(
            "The built site is missing (site/index.html or site/assets/engine/engine.json). "
            "Build it first with 'make site' ('make test' does this for you).",
            pytrace=False,
        )
    record = Site(url="")
    server, url = serve_in_thread(SITE, lambda path, code: record.served.append((path, code)))
    record.url = url
    yield record
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def context(browser: Browser, site: Site) -> Iterator[BrowserContext]:
    context = new_context(browser, site)
    yield context
    context.close()


@pytest.fixture(scope="session")
def tool_pages(context: BrowserContext, site: Site) -> dict[str, ToolPage]:
    """Open tool pages, one per tool, created on first use and reused by every test."""
    return {}


@pytest.fixture
def tool(
    request: pytest.FixtureRequest, tool_pages: dict[str, ToolPage], context: BrowserContext, site: Site
) -> ToolPage:
    """The tool page named by the test's parameter, ready and cleared."""
    name: str = request.param
    if name not in tool_pages:
        page = context.new_page()
        tp = ToolPage(page, name)
        page.on("dialog", lambda dialog: (tp.dialogs.append(dialog.message), dialog.dismiss()))
        page.on("pageerror", lambda err: tp.errors.append(str(err)))
        page.goto(site.url + TOOL_PAGES[name])
        wait_ready(page, name)
        tool_pages[name] = tp
    tp = tool_pages[name]
    tp.clear()
    tp.dialogs.clear()
    return tp
