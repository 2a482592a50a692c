"""Every page of the built site: nothing leaves 127.0.0.1, and axe-core finds no serious WCAG problem."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from browser_support import SITE, TOOL_PAGES, Site, axe_serious, new_context, wait_ready
from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

PAGES = sorted("/" + p.relative_to(SITE).as_posix().removesuffix("index.html") for p in SITE.rglob("*.html"))
TOOLS_BY_PATH = {path: name for name, path in TOOL_PAGES.items()}


def test_the_site_has_its_pages(site: Site) -> None:
    assert site.url.startswith("http://127.0.0.1:")
    assert "/" in PAGES
    assert set(TOOL_PAGES.values()) <= set(PAGES)


@dataclass
class Walker:
    """One page, reused to visit every page of the site in turn."""

    page: Page
    errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def walker(browser: Browser, site: Site) -> Iterator[Walker]:
    context = new_context(browser, site)
    walker = Walker(context.new_page())
    walker.page.on("pageerror", lambda err: walker.errors.append(str(err)))
    yield walker
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_page_stays_on_this_machine_and_passes_axe(walker: Walker, site: Site, path: str) -> None:
    start = len(site.requests)
    walker.errors.clear()
    walker.page.goto(site.url + path, wait_until="load")
    if path in TOOLS_BY_PATH:
        # The worker's own requests (Pyodide, the wheel) are counted too.
        wait_ready(walker.page, TOOLS_BY_PATH[path])
        assert any("/assets/engine/pyodide-" in u for u in site.requests[start:]), "the tool loaded no engine"
    violations = axe_serious(walker.page)
    outside = [u for u in site.requests[start:] if u.startswith(("http:", "https:", "ws:", "wss:"))]
    outside = [u for u in outside if urlsplit(u).hostname != "127.0.0.1"]
    assert outside == [], f"requests left the machine: {outside}"
    assert violations == [], f"axe-core found serious or critical WCAG violations: {violations}"
    assert walker.errors == [], f"script errors: {walker.errors}"


def test_a_guide_page_fetches_no_engine_file(browser: Browser, site: Site) -> None:
    context = new_context(browser, site)
    page = context.new_page()
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    try:
        page.goto(site.url + "/recording/", wait_until="load")
        page.wait_for_timeout(500)
    finally:
        context.close()
    assert seen, "the page made no request at all"
    assert [u for u in seen if "/assets/engine/" in u or "engine-worker" in u] == []
