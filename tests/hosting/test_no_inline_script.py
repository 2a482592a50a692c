"""The built site has no inline script, no inline style and no outside origin, so the strict
Content-Security-Policy in deploy/ holds without 'unsafe-inline' or hashes."""

from __future__ import annotations

from pathlib import Path

from hosting_support import scan


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
