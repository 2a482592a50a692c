"""The engine in the page: usable at once, requests that wait, clear errors when it cannot start."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from browser_support import TOOL_PAGES, Site, new_context
from playwright.sync_api import Browser, BrowserContext, Dialog, Route

from outcomes_tools.question import classify_question

pytestmark = pytest.mark.browser


@pytest.fixture
def fresh(browser: Browser, site: Site) -> Iterator[BrowserContext]:
    context = new_context(browser, site)
    yield context
    context.close()


def hold(held: list[Route]) -> Callable[[Route], None]:
    """A route handler that keeps requests waiting (unanswered) until the test lets them go."""

    def handler(route: Route) -> None:
        held.append(route)

    return handler


def status(page: object, tool: str) -> tuple[str | None, str]:
    element = page.locator(f'[data-tool="{tool}"] [data-tool-status]')  # type: ignore[attr-defined]
    return element.get_attribute("data-state"), element.inner_text()


def test_a_request_made_while_loading_waits_and_then_runs(fresh: BrowserContext, site: Site) -> None:
    held: list[Route] = []
    fresh.route("**/pyodide.asm.wasm", hold(held))
    page = fresh.new_page()
    page.goto(site.url + TOOL_PAGES["question"])
    page.wait_for_function("() => document.readyState === 'complete'")
    page.wait_for_timeout(300)
    # The page and the form work at once, before the engine is ready.
    assert status(page, "question")[0] == "loading"
    assert "Loading the tools" in status(page, "question")[1]
    page.locator("[data-tool-input]").fill("Do you feel safe at home?")
    page.locator("[data-tool-run]").click()
    page.wait_for_function(
        "() => document.querySelector('[data-tool-status]').textContent.includes('as soon as they are ready')"
    )
    assert status(page, "question")[0] == "loading"
    assert page.locator("[data-tool-input]").input_value() == "Do you feel safe at home?"
    page.wait_for_timeout(500)
    assert held, "the worker never asked for Pyodide's WebAssembly file"
    for route in held:
        route.continue_()
    page.wait_for_selector("[data-question-kind]", timeout=120_000)
    expected = classify_question("Do you feel safe at home?").to_dict()
    assert page.locator("[data-question-kind]").get_attribute("data-question-kind") == expected["kind"]
    assert status(page, "question")[0] == "ready"


def test_a_boot_that_never_finishes_becomes_a_clear_error(fresh: BrowserContext, site: Site) -> None:
    held: list[Route] = []
    fresh.route("**/pyodide.asm.wasm", hold(held))
    page = fresh.new_page()
    page.add_init_script("window.OUTCOMES_BOOT_TIMEOUT_MS = 1500")
    page.goto(site.url + TOOL_PAGES["check"])
    page.wait_for_selector('[data-tool-status][data-state="error"]', timeout=30_000)
    text = status(page, "check")[1]
    assert "did not start within" in text
    assert "Reload the page" in text
    # A request now gets the same message, and the text stays.
    page.locator("[data-tool-input]").fill("She wants to see her friends.")
    page.locator("[data-tool-run]").click()
    page.wait_for_selector("[data-tool-message]:not([hidden])")
    assert "did not start within" in page.locator("[data-tool-message]").inner_text()
    assert page.locator("[data-tool-input]").input_value() == "She wants to see her friends."
    for route in held:
        route.abort()


def test_a_wheel_that_does_not_match_its_checksum_is_refused(fresh: BrowserContext, site: Site) -> None:
    fresh.route(
        "**/outcomes_tools-*.whl", lambda route: route.fulfill(status=200, body=b"PK\x03\x04 not the wheel")
    )
    page = fresh.new_page()
    page.goto(site.url + TOOL_PAGES["map"])
    page.wait_for_selector('[data-tool-status][data-state="error"]', timeout=120_000)
    assert "do not match" in status(page, "map")[1]


def test_a_missing_wheel_is_an_error_not_a_silent_failure(fresh: BrowserContext, site: Site) -> None:
    fresh.route("**/outcomes_tools-*.whl", lambda route: route.fulfill(status=404, body=b"not found"))
    page = fresh.new_page()
    page.goto(site.url + TOOL_PAGES["question"])
    page.wait_for_selector('[data-tool-status][data-state="error"]', timeout=120_000)
    assert "404" in status(page, "question")[1]


def test_leaving_with_unsaved_text_asks_first(fresh: BrowserContext, site: Site) -> None:
    page = fresh.new_page()
    page.goto(site.url + TOOL_PAGES["check"])
    asked: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        asked.append(dialog.type)
        dialog.accept()

    page.on("dialog", on_dialog)
    page.locator("[data-tool-input]").click()
    page.keyboard.type("Notes I have not copied yet.")
    page.goto(site.url + "/")
    assert asked == ["beforeunload"]
    # With nothing typed, leaving asks nothing.
    page.goto(site.url + TOOL_PAGES["check"])
    page.locator("[data-tool-input]").click()
    page.goto(site.url + "/")
    assert asked == ["beforeunload"]


@pytest.mark.parametrize(
    ("tool", "text"), [("check", "She wants to go to the bowling club."), ("opener", "")]
)
def test_a_phone_or_400_percent_zoom_needs_no_sideways_scrolling(
    browser: Browser, site: Site, tool: str, text: str
) -> None:
    # 1280 CSS pixels at 400% zoom leave 320: the width of a small phone.
    context = new_context(browser, site, viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        page.goto(site.url + TOOL_PAGES[tool])
        page.wait_for_selector('[data-tool-status][data-state="ready"]', timeout=120_000)
        if text:
            page.locator("[data-tool-input]").fill(text)
        else:
            page.locator("input[data-area]").first.check()
        page.locator("[data-tool-run]").click()
        page.wait_for_selector("[data-tool-output]:not([hidden])")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
        box = page.locator("[data-tool-run]").bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= 320
    finally:
        context.close()


INDEX_FETCHED = (
    "() => performance.getEntriesByType('resource').some(e => e.name.includes('search/search_index.json'))"
)


def test_search_waits_while_the_tools_start_but_not_when_the_reader_searches(
    fresh: BrowserContext, site: Site
) -> None:
    held: list[Route] = []
    fresh.route("**/pyodide.asm.wasm", hold(held))
    page = fresh.new_page()
    page.goto(site.url + TOOL_PAGES["check"])
    page.wait_for_function("() => document.readyState === 'complete'")
    page.wait_for_timeout(500)
    assert status(page, "check")[0] == "loading"
    # The search index would be built while Python starts: it waits.
    assert not page.evaluate(INDEX_FETCHED)
    # The reader goes to search: it loads at once and finds pages, though the tools are still starting.
    page.locator("input[data-md-component=search-query]").click()
    page.keyboard.type("carers")
    page.locator(".md-search-result__item").first.wait_for(timeout=30_000)
    assert status(page, "check")[0] == "loading"
    for route in held:
        route.continue_()


def test_once_the_tools_are_ready_the_search_index_loads_by_itself(fresh: BrowserContext, site: Site) -> None:
    page = fresh.new_page()
    page.goto(site.url + TOOL_PAGES["question"])
    page.wait_for_selector('[data-tool-status][data-state="ready"]', timeout=120_000)
    page.wait_for_function(INDEX_FETCHED, timeout=10_000)
