"""Every page of the built site: nothing leaves 127.0.0.1, and axe-core finds no serious WCAG problem."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from browser_support import SITE, TOOL_PAGES, Site, axe_serious, new_context, wait_ready
from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

PAGES = sorted("/" + p.relative_to(SITE).as_posix().removesuffix("index.html") for p in SITE.rglob("*.html"))
TOOLS_BY_PATH = {path: name for name, path in TOOL_PAGES.items()}


def test_the_site_has_its_pages() -> None:
    assert "/" in PAGES
    assert set(TOOL_PAGES.values()) <= set(PAGES)


def test_every_page_stays_on_this_machine_and_passes_axe(browser: Browser, site: Site) -> None:
    context = new_context(browser, site)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    problems: dict[str, object] = {}
    start = len(site.requests)
    try:
        for path in PAGES:
            page.goto(site.url + path, wait_until="load")
            if path in TOOLS_BY_PATH:
                # The worker's own requests (Pyodide, the wheel) are counted too.
                wait_ready(page, TOOLS_BY_PATH[path])
            violations = axe_serious(page)
            if violations:
                problems[path] = violations
    finally:
        context.close()
    outside = [
        u for u in site.requests[start:] if urlsplit(u).hostname != "127.0.0.1" and u.startswith("http")
    ]
    assert outside == [], f"requests left the machine: {outside}"
    assert any("/assets/engine/" in u for u in site.requests[start:]), (
        "the tool pages never loaded the engine"
    )
    assert problems == {}, f"axe-core found serious or critical WCAG violations: {problems}"
    assert errors == [], f"script errors on the site's pages: {errors}"


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
