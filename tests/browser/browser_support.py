"""Helpers for the browser tests (the fixtures are in conftest.py).

End-to-end tests of the built site in real headless Chromium.

The site must already be built (``make test`` runs ``make site`` first). It is served from ``site/`` by
``scripts/serve.py`` on a free 127.0.0.1 port in a thread. Chromium comes from ``$CHROMIUM``, else
``/usr/bin/chromium``, else Playwright's own, and runs with every outside host unresolvable, so nothing can
leave the machine; the tests also record every request and fail on any that goes elsewhere.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Page

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "site"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
sys.path.insert(0, str(ROOT / "scripts"))


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
READY_TIMEOUT_MS = 120_000

TOOL_PAGES = {
    "check": "/tools/recording-checker/",
    "map": "/tools/outcome-mapper/",
    "question": "/tools/question-checker/",
    "opener": "/tools/conversation-opener/",
}


def chromium_path() -> str | None:
    """``$CHROMIUM``, else Debian's ``/usr/bin/chromium``, else None (Playwright's own browser)."""
    if os.environ.get("CHROMIUM"):
        return os.environ["CHROMIUM"]
    for candidate in ("/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


@dataclass
class Site:
    """The served site and every request any page made to anywhere."""

    url: str
    requests: list[str] = field(default_factory=list)
    served: list[tuple[str, int]] = field(default_factory=list)

    def outside(self) -> list[str]:
        """Requests to any host but 127.0.0.1 (ignoring data: and blob: URLs, which are not requests)."""
        bad = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in {"data", "blob", "about"}:
                continue
            if parts.hostname != "127.0.0.1":
                bad.append(url)
        return bad


def new_context(browser: Browser, site: Site, **options: Any) -> BrowserContext:
    context = browser.new_context(**options)
    context.on("request", lambda request: site.requests.append(request.url))
    return context


@dataclass
class ToolPage:
    """One loaded tool page, kept open for the whole session and cleared before each use."""

    page: Page
    tool: str
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def root(self) -> Any:
        return self.page.locator(f'[data-tool="{self.tool}"]')

    def clear(self) -> None:
        self.root.locator("[data-tool-clear]").click()
        self.page.wait_for_function(
            "root => root.querySelector('[data-tool-output]').childElementCount === 0",
            arg=self.root.element_handle(),
        )

    def set_input(self, text: str) -> None:
        """Put text in the tool's input (fast even for a megabyte) as if typed."""
        self.root.locator("[data-tool-input]").first.evaluate(
            "(el, value) => { el.value = value; el.dispatchEvent(new Event('input', {bubbles: true})); }",
            text,
        )

    def run(self) -> None:
        """Press the run button and wait until a result or a message is shown."""
        self.page.evaluate(
            "root => { root.querySelector('[data-tool-output]').replaceChildren();"
            " const m = root.querySelector('[data-tool-message]'); m.textContent = ''; m.hidden = true; }",
            self.root.element_handle(),
        )
        self.root.locator("[data-tool-run]").click()
        self.wait_for_outcome()

    def wait_for_outcome(self) -> None:
        self.page.wait_for_function(
            "root => root.querySelector('[data-tool-output]').childElementCount > 0"
            " || !root.querySelector('[data-tool-message]').hidden",
            arg=self.root.element_handle(),
            timeout=READY_TIMEOUT_MS,
        )

    def message(self) -> str:
        box = self.root.locator("[data-tool-message]")
        return "" if box.is_hidden() else box.inner_text().strip()


def wait_ready(page: Page, tool: str) -> None:
    page.wait_for_selector(
        f'[data-tool="{tool}"] [data-tool-status]:not([data-state="loading"])', timeout=READY_TIMEOUT_MS
    )
    state = page.get_attribute(f'[data-tool="{tool}"] [data-tool-status]', "data-state")
    text = page.inner_text(f'[data-tool="{tool}"] [data-tool-status]')
    assert state == "ready", f"the {tool} tool did not become ready: {text}"


def axe_serious(page: Page) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2.0, 2.1, 2.2 A and AA) and return the serious and critical violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate(
        """async () => await axe.run(document, {
             runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']},
             resultTypes: ['violations']})"""
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
