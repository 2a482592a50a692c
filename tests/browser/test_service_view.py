"""The service view in Chromium: a CSV file chosen through the file input, the personal details warning,
the report (the same figures as the engine gives on the command line), the download, and a clear message
for each malformed file. Nothing may leave the machine."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import READY_TIMEOUT_MS, ROOT, Site, axe_serious, wait_ready
from playwright.sync_api import BrowserContext, Page

sys.path.insert(0, str(ROOT / "tests" / "unit"))

from sample_records import make_rows, to_csv

from outcomes_tools.audit import CRITERIA, MAX_BYTES, audit
from outcomes_tools.identifiers import find_identifiers

pytestmark = pytest.mark.browser

PAGE = "/tools/service-view/"
ROOT_SEL = '[data-tool="audit"]'


@pytest.fixture(scope="module")
def page(context: BrowserContext, site: Site) -> Iterator[Page]:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(site.url + PAGE)
    wait_ready(page, "audit")
    yield page
    assert errors == [], errors
    page.close()


def choose(page: Page, path: Path) -> None:
    """Clear the tool, then choose a file through the file input, as a person would."""
    page.locator(f"{ROOT_SEL} [data-tool-clear]").click()
    page.locator(f"{ROOT_SEL} [data-tool-input]").set_input_files(str(path))


def wait_columns_or_message(page: Page) -> None:
    page.wait_for_function(
        """() => { const r = document.querySelector('[data-tool="audit"]');
                   return !r.querySelector('[data-audit-columns]').hidden
                       || !r.querySelector('[data-tool-message]').hidden; }""",
        timeout=READY_TIMEOUT_MS,
    )


def message(page: Page) -> str:
    box = page.locator(f"{ROOT_SEL} [data-tool-message]")
    return "" if box.is_hidden() else box.inner_text().strip()


def shown_report(page: Page) -> dict[str, Any]:
    return page.evaluate(
        """() => {
          const out = document.querySelector('[data-tool="audit"] [data-tool-output]');
          const rows = (sel, key) => [...out.querySelectorAll(sel)]
            .map(el => [el.dataset[key], Number(el.dataset.count)]);
          return {
            records: Number(out.querySelector('[data-audit-records]').dataset.auditRecords),
            criteria: rows('tr[data-criterion]', 'criterion'),
            categories: rows('tr[data-category-id]', 'categoryId'),
            national: rows('tr[data-national-outcome]', 'nationalOutcome'),
            statuses: rows('tr[data-status]', 'status'),
            identifierKinds: [...out.querySelectorAll('tr[data-identifier-kind]')]
              .map(el => el.dataset.identifierKind),
            charts: [...out.querySelectorAll('svg')].map(s => ({
              role: s.getAttribute('role'),
              title: s.querySelector('title')?.textContent ?? '',
              label: s.getAttribute('aria-label')})),
            quotes: [...out.querySelectorAll('blockquote')].map(b => b.textContent),
            text: out.textContent,
            scripts: out.querySelectorAll('script, img, iframe').length,
          };
        }"""
    )


@pytest.fixture(scope="module")
def records_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, list[dict[str, str]]]:
    rows = make_rows(300, seed=21)
    rows[4]["Record"] += " Her phone number is 07700 900123 and she lives at EH1 1AB."
    rows[9]["Record"] = (
        "<img src=x onerror=\"window.__pwned=1\"> 'I want to see my friends,' she said. "
        "<script>window.__pwned=2</script>"
    )
    text = to_csv(rows, ";")  # a semicolon file, as Excel saves in many places
    path = tmp_path_factory.mktemp("service-view") / "team records.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return path, text, rows


def test_report_from_a_chosen_file_matches_the_engine(
    page: Page, site: Site, records_file: tuple[Path, str, list[dict[str, str]]]
) -> None:
    path, text, rows = records_file
    site.requests.clear()
    choose(page, path)
    wait_columns_or_message(page)
    assert message(page) == ""
    assert page.locator("[data-audit-column]").input_value() == "Record"
    assert page.locator("[data-audit-team]").input_value() == "Team"
    assert page.locator("[data-audit-status]").input_value() == "Status"
    assert "300 records" in page.locator("[data-audit-file-summary]").inner_text()

    progress_seen = page.evaluate_handle(
        """() => { const seen = []; const bar = document.querySelector('#audit-progress');
                   new MutationObserver(() => seen.push([bar.value, bar.max])).observe(bar,
                     {attributes: true, attributeFilter: ['value', 'max']});
                   const poll = setInterval(() => { seen.push([bar.value, bar.max]);
                     if (seen.length > 5000) clearInterval(poll); }, 20);
                   return seen; }"""
    )
    page.locator(f"{ROOT_SEL} [data-tool-run]").click()

    # Before any record text is shown: the personal details, and the choice to mask them.
    page.wait_for_selector("[data-audit-ask]", timeout=READY_TIMEOUT_MS)
    expected_kinds = sorted({i.kind for r in rows for i in find_identifiers(r["Record"])})
    asked = page.evaluate(
        "() => [...document.querySelectorAll('[data-audit-ask] tr[data-identifier-kind]')]"
        ".map(e => e.dataset.identifierKind)"
    )
    assert sorted(asked) == expected_kinds
    assert page.locator("[data-audit-ask] blockquote").count() == 0
    assert page.locator("[data-audit-ask] h2").evaluate("el => el === document.activeElement")
    page.locator('[data-audit-mask="true"]').click()

    page.wait_for_selector("[data-audit-records]", timeout=READY_TIMEOUT_MS)
    shown = shown_report(page)
    expected = audit(
        text, "Record", team_column="Team", status_column="Status", mask_identifiers=True
    ).to_dict()
    assert shown["records"] == expected["records"] == 300
    assert shown["criteria"] == [[c, expected["criteria"][c]["met"]] for c in CRITERIA]
    assert shown["categories"] == [[c["id"], c["count"]] for c in expected["categories"]]
    assert shown["national"] == [[str(n["number"]), n["count"]] for n in expected["national_outcomes"]]
    assert [s for s, _ in shown["statuses"]] == ["achieved", "partly", "not-yet", "not-recorded"]
    assert sorted(shown["identifierKinds"]) == expected_kinds
    assert len(shown["charts"]) >= 3
    for chart in shown["charts"]:
        assert chart["role"] == "img"
        assert chart["title"]
        assert chart["label"]
    assert shown["quotes"]
    assert "07700 900123" not in shown["text"]
    assert "EH1 1AB" not in shown["text"]
    assert shown["scripts"] == 0
    assert page.evaluate("window.__pwned") is None

    seen = progress_seen.json_value()
    assert any(0 < value < top for value, top in seen), "the progress bar never showed part of the work"

    with page.expect_download() as info:
        page.locator("[data-audit-download]").click()
    download = info.value
    assert download.suggested_filename == "service-view-team records.html"
    saved = Path(download.path()).read_text(encoding="utf-8")
    assert saved.startswith("<!DOCTYPE html>")
    assert "<script" not in saved.lower()
    assert "07700 900123" not in saved
    assert saved.count('role="img"') >= 3

    assert site.outside() == []
    assert not any(url.startswith(site.url) and "team%20records" in url for url in site.requests)
    violations = axe_serious(page)
    assert violations == [], violations


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("empty.csv", b"", "empty"),
        ("header.csv", b"Record,Team\r\n", "no records"),
        ("quote.csv", b'Record,Team\r\n"Mrs A wants to go out,North\r\nMr B,South\r\n', "quotation mark"),
        ("book.csv", b"PK\x03\x04\x14\x00\x06\x00\x08\x00binary", "Excel"),
        ("binary.csv", b"Record\r\n\x00\x01\x02\x00\x00 binary\r\n", "binary"),
    ],
)
def test_malformed_files_get_a_clear_message(
    page: Page, tmp_path: Path, name: str, content: bytes, words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    choose(page, path)
    wait_columns_or_message(page)
    shown = message(page)
    assert words.lower() in shown.lower(), shown
    assert page.locator("[data-audit-columns]").is_hidden()


def test_a_50_mb_file_is_refused_before_it_is_read(page: Page, tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as f:
        f.write(b"Record\r\n")
        f.truncate(MAX_BYTES)
    choose(page, path)
    wait_columns_or_message(page)
    shown = message(page)
    assert "50.0 MB" in shown
    assert "split" in shown.lower()


def test_a_windows_1252_file_is_read_with_a_notice(page: Page, tmp_path: Path) -> None:
    path = tmp_path / "old.csv"
    path.write_bytes(
        "Record,Team\r\n\u2018I want to go to the caf\u00e9,\u2019 she said.,North\r\n".encode("cp1252")
    )
    choose(page, path)
    wait_columns_or_message(page)
    assert "Windows-1252" in message(page)
    assert page.locator("[data-audit-columns]").is_visible()
    assert page.locator("[data-audit-column] option").all_inner_texts() == ["Record", "Team"]


def test_keyboard_only_choice_of_columns(page: Page, tmp_path: Path) -> None:
    rows = make_rows(30, seed=8)
    for r in rows:
        r["Record"] = r["Record"].replace("CHI", "ref")
    path = tmp_path / "small.csv"
    path.write_text(to_csv(rows), encoding="utf-8")
    choose(page, path)
    wait_columns_or_message(page)
    page.locator("[data-audit-team]").focus()
    page.keyboard.press("Home")  # "(none)": no team
    assert page.locator("[data-audit-team]").input_value() == ""
    page.locator(f"{ROOT_SEL} [data-tool-run]").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-audit-records], [data-audit-ask]", timeout=READY_TIMEOUT_MS)
    if page.locator("[data-audit-ask]").count():
        page.locator('[data-audit-mask="false"]').focus()
        page.keyboard.press("Enter")
        page.wait_for_selector("[data-audit-records]", timeout=READY_TIMEOUT_MS)
    assert page.locator("#sv-teams").count() == 0
    assert page.locator("[data-audit-records]").get_attribute("data-audit-records") == "30"
