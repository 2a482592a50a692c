"""The built site has no inline script, no inline style and no outside origin, so the strict
Content-Security-Policy in deploy/ holds without 'unsafe-inline' or hashes."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

# Script types the policy treats as script (an import map counts); any other type (application/json) is data.
JS_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript", "importmap"}


class PageScan(HTMLParser):
    """Collects what the policy would block: inline scripts, inline styles, handlers, outside URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inline_scripts: list[str] = []
        self.style_blocks = 0
        self.style_attributes: list[str] = []
        self.handlers: list[str] = []
        self.outside: list[str] = []
        self.javascript_urls: list[str] = []
        self._in_inline_script = False
        self._script_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}>")
            if name == "style":
                self.style_attributes.append(f"<{tag} style={value!r}>")
            if name in {"src", "href", "action", "poster", "data"}:
                low = value.strip().lower()
                if low.startswith("javascript:"):
                    self.javascript_urls.append(value)
                # Links to other sites are fine (a person follows them); loaded resources are not.
                if low.startswith(("http:", "https:", "//")) and not (tag == "a" and name == "href"):
                    self.outside.append(f"<{tag} {name}={value}>")
        if tag == "script":
            kind = values.get("type", "").strip().lower()
            if kind not in JS_TYPES:
                return
            if "src" not in values:
                self._in_inline_script = True
                self._script_text = []
        elif tag == "style":
            self.style_blocks += 1

    def handle_data(self, data: str) -> None:
        if self._in_inline_script:
            self._script_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_inline_script:
            self.inline_scripts.append("".join(self._script_text).strip()[:80])
            self._in_inline_script = False


def scan(page: Path) -> PageScan:
    parser = PageScan()
    parser.feed(page.read_text(encoding="utf-8"))
    parser.close()
    return parser


def pages(site: Path) -> list[Path]:
    found = sorted(site.rglob("*.html"))
    assert len(found) >= 10, f"only {len(found)} pages in {site}"
    return found


def test_no_page_has_an_inline_script_or_event_handler(built_site: Path) -> None:
    problems = {}
    for page in pages(built_site):
        result = scan(page)
        bad = result.inline_scripts + result.handlers + result.javascript_urls
        if bad:
            problems[str(page.relative_to(built_site))] = bad
    assert not problems, f"inline script the policy would block: {problems}"


def test_no_page_has_inline_style(built_site: Path) -> None:
    """style-src 'self' blocks <style> blocks and style="" attributes written in the HTML."""
    problems = {}
    for page in pages(built_site):
        result = scan(page)
        if result.style_blocks or result.style_attributes:
            problems[str(page.relative_to(built_site))] = (result.style_blocks, result.style_attributes[:3])
    assert not problems, f"inline style the policy would block: {problems}"


def test_no_page_loads_anything_from_another_site(built_site: Path) -> None:
    problems = {}
    for page in pages(built_site):
        result = scan(page)
        if result.outside:
            problems[str(page.relative_to(built_site))] = result.outside
    assert not problems, f"resources from another origin: {problems}"


def test_every_script_file_a_page_names_exists(built_site: Path) -> None:
    """Material's moved scripts really are in the site (a missing one would fail silently in a browser)."""
    index = (built_site / "index.html").read_text(encoding="utf-8")
    for name in ("md-base.js", "md-content.js"):
        assert f"assets/js/theme/{name}" in index
        assert (built_site / "assets" / "js" / "theme" / name).is_file()


def test_the_scan_catches_what_it_should(tmp_path: Path) -> None:
    """The scanner itself: an inline script, a handler and an inline style are found; JSON data is not."""
    page = tmp_path / "page.html"
    page.write_text(
        '<script id="__config" type="application/json">{"a": 1}</script>'
        "<script>alert(1)</script><script src='x.js'></script>"
        '<button onclick="go()">Go</button><p style="color:red">x</p>'
        '<img src="https://example.org/x.png"><a href="https://example.org/">ok</a>',
        encoding="utf-8",
    )
    result = scan(page)
    assert result.inline_scripts == ["alert(1)"]
    assert result.handlers == ["<button onclick>"]
    assert result.style_attributes == ["<p style='color:red'>"]
    assert result.outside == ["<img src=https://example.org/x.png>"]
