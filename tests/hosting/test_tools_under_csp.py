"""Every tool works in headless Chromium when served by real nginx with the shipped configuration: the
in-browser engine loads under the Content-Security-Policy, each tool gives a result, and the browser reports
no policy violation, no console error and no request to any other site."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hosting_support import CHROMIUM_ARGS, REPO, chromium_path
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, sync_playwright

pytestmark = pytest.mark.browser

ENGINE_TIMEOUT_MS = 180_000
RESULT_TIMEOUT_MS = 60_000

SAMPLES = {
    "check": (
        "Met with Mrs Ahmed at home with her daughter. She said what matters most to her is getting back to "
        "her church group on Sundays and seeing her friends there. She told us she feels lonely since her "
        "fall. We agreed her daughter will drive her on Sundays and a volunteer will visit on Wednesdays. "
        "We will review how this is going in six weeks."
    ),
    "map": "I want to get out to the shops on my own again and see my friends at the lunch club.",
    "question": "You're managing all right with the stairs, aren't you?",
}
CSV = (
    b"record,team\n"
    b'"She wants to get back to her church group; her daughter will drive her on Sundays.",North\n'
    b'"Package of care continues. Client is non-compliant with meds.",South\n'
)
DEFAULT_SAMPLE = "I would like to see my grandchildren more often and feel less lonely."

# Each tool's result must show these hooks (see the interfaces spec); other tools need non-empty output.
RESULT_HOOKS = {
    "check": "[data-criterion][data-met]",
    "map": "[data-category-id]",
    "question": "[data-question-kind]",
}

# Collected in every page before any of its own scripts run (Playwright's init scripts are not subject to
# the page's policy).
WATCH_VIOLATIONS = """
window.__og_violations = [];
addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__og_violations.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${where}`);
}, true);
"""


def tool_pages() -> list[str]:
    """Tool pages (by file stem) whose Markdown contains a tool root (data-tool="...")."""
    found = []
    for page in sorted((REPO / "docs" / "tools").glob("*.md")):
        if re.search(r"data-tool=\"[a-z]+\"", page.read_text(encoding="utf-8")):
            found.append(page.stem)
    return found


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


class Watch:
    """Everything the browser reports while a page is open: console errors, page errors, policy violations
    (from the page and from its workers) and requests to other origins."""

    def __init__(self, page: Page, base: str) -> None:
        self.page = page
        self.base = base
        self.errors: list[str] = []
        self.outside: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))
        page.on("worker", lambda worker: worker.on("console", self._console))
        page.on("request", self._request)

    def _console(self, msg: ConsoleMessage) -> None:
        # Errors, and any complaint about the policy headers (an unknown Permissions-Policy feature is
        # only a warning, but it means the header says something the browser ignores).
        if msg.type == "error" or "Content Security Policy" in msg.text or "Permissions-Policy" in msg.text:
            self.errors.append(f"console {msg.type}: {msg.text}")

    def _request(self, request: Request) -> None:
        url = request.url
        if not url.startswith((self.base, "data:", "blob:")):
            self.outside.append(url)

    def violations(self) -> list[Any]:
        found: list[Any] = self.page.evaluate("window.__og_violations || []")
        return found

    def assert_clean(self) -> None:
        assert self.violations() == [], "Content-Security-Policy violations in the page"
        assert self.errors == [], "errors in the browser console"
        assert self.outside == [], "requests to another site"


def open_page(browser: Browser, base: str, path: str) -> tuple[Page, Watch]:
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    page.add_init_script(WATCH_VIOLATIONS)
    watch = Watch(page, base)
    response = page.goto(base + path, wait_until="load")
    assert response is not None
    assert response.status == 200
    assert response.headers.get("content-security-policy"), "nginx did not send the policy"
    return page, watch


def fill_inputs(page: Page, root: Any, tool: str) -> None:
    inputs = root.locator("[data-tool-input]")
    assert inputs.count() >= 1, f"tool {tool} has no data-tool-input"
    for i in range(inputs.count()):
        field = inputs.nth(i)
        tag = field.evaluate("el => el.tagName.toLowerCase()")
        kind = (field.get_attribute("type") or "").lower()
        if tag == "select":
            values = field.locator("option").evaluate_all("opts => opts.map(o => o.value).filter(Boolean)")
            assert values, f"tool {tool}: a select with no options"
            field.select_option(values[-1])
        elif kind == "file":
            field.set_input_files(files=[{"name": "records.csv", "mimeType": "text/csv", "buffer": CSV}])
            # The file is read in the page; its columns become choices before the tool can run.
            page.wait_for_function(
                "el => [...el.querySelectorAll('select')].every(s => s.options.length > 0)",
                arg=root.element_handle(),
                timeout=RESULT_TIMEOUT_MS,
            )
        elif kind in {"radio", "checkbox"}:
            field.check()
        else:
            field.fill(SAMPLES.get(tool, DEFAULT_SAMPLE))


@pytest.mark.parametrize("stem", tool_pages())
def test_tool_works_under_the_shipped_policy(browser: Browser, nginx_url: str, stem: str) -> None:
    page, watch = open_page(browser, nginx_url, f"tools/{stem}/")
    try:
        roots = page.locator("[data-tool]")
        assert roots.count() >= 1
        for i in range(roots.count()):
            root = roots.nth(i)
            tool = root.get_attribute("data-tool") or ""
            status = root.locator("[data-tool-status]").first
            # Wait until the engine has started or given up (a policy that blocked it would make it give up).
            root.locator(
                '[data-tool-status][data-state="ready"], [data-tool-status][data-state="error"]'
            ).first.wait_for(state="attached", timeout=ENGINE_TIMEOUT_MS)
            state = status.get_attribute("data-state")
            assert state == "ready", (
                f"tool {tool}: engine not ready (state {state!r}, text {status.inner_text()!r}); "
                f"violations {watch.violations()}; console {watch.errors}"
            )
            fill_inputs(page, root, tool)
            root.locator("[data-tool-run]").first.click()
            output = root.locator("[data-tool-output]").first
            hook = RESULT_HOOKS.get(tool)
            if hook:
                output.locator(hook).first.wait_for(timeout=RESULT_TIMEOUT_MS)
            else:
                page.wait_for_function(
                    "el => !el.hidden && el.textContent.trim().length > 0",
                    arg=output.element_handle(),
                    timeout=RESULT_TIMEOUT_MS,
                )
            assert output.is_visible()
            assert output.inner_text().strip(), f"tool {tool}: empty result"
            if tool == "check":
                assert output.locator("[data-criterion]").count() == 8
        watch.assert_clean()
    finally:
        page.context.close()


def test_guide_pages_and_search_work_under_the_policy(
    browser: Browser, nginx_url: str, built_site: Path
) -> None:
    """The theme itself (navigation, search in its web worker) runs with no violation."""
    page, watch = open_page(browser, nginx_url, "")
    try:
        page.locator("input[data-md-component=search-query]").click()
        page.keyboard.type("outcomes")
        page.locator(".md-search-result__item").first.wait_for(timeout=RESULT_TIMEOUT_MS)
        for path in ("recording/", "host-it-yourself/", "glossary/"):
            assert (built_site / path / "index.html").is_file()
            response = page.goto(nginx_url + path, wait_until="load")
            assert response is not None
            assert response.status == 200
        watch.assert_clean()
    finally:
        page.context.close()
