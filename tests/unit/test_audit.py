"""The service view on the command line and as a library: counts that agree with the checker record by
record, robust CSV reading with a clear message for every malformed file, and a well-formed,
script-free, accessible HTML report."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sample_records import make_rows, to_csv

from outcomes_tools import audit as audit_module
from outcomes_tools.audit import (
    CRITERIA,
    MAX_BYTES,
    audit,
    decode_csv,
    handle_request,
    normalise_status,
    read_table,
    render_html,
    render_text,
)
from outcomes_tools.checker import check
from outcomes_tools.errors import InputError
from outcomes_tools.identifiers import find_identifiers

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "tools" / "service-view-example.csv"


def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    env.pop("OUTCOMES_TOOLS_DATA", None)
    return subprocess.run(
        [sys.executable, "-m", "outcomes_tools", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )


def assert_clear_failure(p: subprocess.CompletedProcess[str], *words: str) -> str:
    """Exit 2, one line on standard error, no traceback, nothing on standard output; return the line."""
    assert p.returncode == 2, (p.returncode, p.stderr)
    assert "Traceback" not in p.stderr
    assert p.stdout == ""
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    for word in words:
        assert word.lower() in lines[0].lower(), (word, lines[0])
    return lines[0]


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, str]]]:
    rows = make_rows(2000)
    rows[7]["Record"] = ""  # an empty record is counted apart, not checked
    path = tmp_path_factory.mktemp("audit") / "records.csv"
    path.write_text(to_csv(rows), encoding="utf-8")
    return path, rows


@pytest.fixture(scope="module")
def small_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("audit-small") / "records.csv"
    path.write_text(to_csv(make_rows(300, seed=9)), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def big_report(big_csv: tuple[Path, list[dict[str, str]]]) -> dict[str, object]:
    path, _ = big_csv
    p = cli(
        "audit",
        str(path),
        "--column",
        "Record",
        "--team-column",
        "Team",
        "--status-column",
        "Status",
        "--format",
        "json",
    )
    assert p.returncode == 0, p.stderr
    out: dict[str, object] = json.loads(p.stdout)
    return out


def test_cli_counts_agree_with_checking_each_record(
    big_csv: tuple[Path, list[dict[str, str]]], big_report: dict[str, object]
) -> None:
    _, rows = big_csv
    texts = [r["Record"] for r in rows if r["Record"].strip()]
    assert big_report["records"] == len(texts) == 1999
    assert big_report["rows"] == 2000
    assert big_report["empty"] == 1
    met = Counter(c for t in texts for c, v in check(t).to_dict()["criteria"].items() if v["met"])
    criteria = big_report["criteria"]
    assert isinstance(criteria, dict)
    assert list(criteria) == list(CRITERIA)
    for c in CRITERIA:
        assert criteria[c]["met"] == met[c], c
    # The templates are varied enough that no criterion is all or nothing.
    assert all(0 < met[c] < len(texts) for c in ("outcomes", "voice", "plan")), met


def test_cli_report_has_categories_jargon_teams_and_achievement(big_report: dict[str, object]) -> None:
    r = big_report
    records = r["records"]
    assert isinstance(records, int)
    cats = r["categories"]
    assert isinstance(cats, list)
    assert len(cats) >= 4
    assert all({"id", "label", "count"} <= set(c) for c in cats)
    counts = [c["count"] for c in cats]
    assert counts == sorted(counts, reverse=True)
    assert all(0 < n <= records for n in counts)
    # The templates talk about friends, safety, staying at home: those outcomes must show.
    ids = {c["id"] for c in cats}
    assert {"seeing-people", "feeling-safe"} <= ids, ids
    # The people's own words keep the numbers meaningful.
    quotes = [q for c in cats for q in c["quotes"]]
    assert quotes
    assert all(q["text"] and isinstance(q["row"], int) for q in quotes)
    assert all(len(c["quotes"]) <= 3 for c in cats)
    # Jargon from the templates ("package of care", "NFA", "SU", ...), most common first.
    jargon = r["jargon"]
    assert isinstance(jargon, list)
    assert len(jargon) >= 3
    assert [j["count"] for j in jargon] == sorted((j["count"] for j in jargon), reverse=True)
    # Teams add up to the records; statuses (any case, several wordings) add up to the records too.
    teams = r["teams"]
    assert isinstance(teams, list)
    assert {t["team"] for t in teams} == {
        "North",
        "South",
        "East",
        "West",
        "Hospital discharge",
        "Reablement",
    }
    assert sum(t["records"] for t in teams) == records
    achievement = r["achievement"]
    assert isinstance(achievement, dict)
    statuses = {s["id"]: s["count"] for s in achievement["statuses"]}
    assert set(statuses) == {"achieved", "partly", "not-yet", "not-recorded"}
    assert sum(statuses.values()) == records
    assert statuses["partly"] > statuses["achieved"] > 0  # "partly achieved", "PARTLY", "in progress"
    assert {u["value"] for u in achievement["unrecognised"]} == {"unsure"}
    for c in cats:
        assert sum(c["achievement"].values()) <= c["count"]
    nationals = r["national_outcomes"]
    assert isinstance(nationals, list)
    assert nationals
    assert all(1 <= n["number"] <= 9 and 0 < n["count"] <= records for n in nationals)


def test_cli_flags_identifiers_by_row(
    big_csv: tuple[Path, list[dict[str, str]]], big_report: dict[str, object]
) -> None:
    _, rows = big_csv
    expected: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        for kind in sorted({x.kind for x in find_identifiers(row["Record"])}):
            expected.setdefault(kind, []).append(i + 2)  # spreadsheet rows: the header is row 1
    found = big_report["identifiers"]
    assert isinstance(found, dict)
    assert {k["kind"]: k["rows"] for k in found["kinds"]} == expected
    assert "chi" in expected
    assert "phone" in expected
    assert found["masked"] is False


def test_cli_mask_keeps_identifiers_out_of_every_quote(tmp_path: Path) -> None:
    rows = [
        {
            "Record": f"Mrs Duncan wants to get back to the bowling club because she sees her friends there. "
            f"'Phone me on 07700 900{i:03d}, or write to me at EH1 1AB, I want to go back,' she said.",
            "Team": "North",
        }
        for i in range(5)
    ]
    path = tmp_path / "people.csv"
    path.write_text(to_csv(rows), encoding="utf-8")
    plain = json.loads(cli("audit", str(path), "--column", "Record", "--format", "json").stdout)
    masked_p = cli("audit", str(path), "--column", "Record", "--mask", "--format", "json")
    assert masked_p.returncode == 0, masked_p.stderr
    masked = json.loads(masked_p.stdout)
    plain_quotes = [q["text"] for c in plain["categories"] for q in c["quotes"]]
    masked_quotes = [q["text"] for c in masked["categories"] for q in c["quotes"]]
    assert any("07700" in q for q in plain_quotes)
    assert masked_quotes
    assert all("07700" not in q and "EH1 1AB" not in q for q in masked_quotes)
    assert all("[phone number]" in q for q in masked_quotes)
    assert masked["identifiers"]["masked"] is True
    html_p = cli("audit", str(path), "--column", "Record", "--mask", "--format", "html")
    assert "07700" not in html_p.stdout
    assert "[phone number]" in html_p.stdout


def test_cli_text_format_is_for_people(small_csv: Path) -> None:
    path = small_csv
    p = cli("audit", str(path), "--column", "record", "--team-column", "team")  # column names ignore case
    assert p.returncode == 0, p.stderr
    assert "How well outcomes are recorded" in p.stdout
    assert "What matters to people" in p.stdout
    assert "By team" in p.stdout
    assert "{" not in p.stdout.splitlines()[0]


class StrictHTML(HTMLParser):
    """Checks that every element is closed in order and collects what the report must hold."""

    VOID = frozenset(
        {"meta", "br", "hr", "img", "input", "link", "rect", "col", "wbr", "source", "area", "base"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.tags: Counter[str] = Counter()
        self.svgs: list[dict[str, str | None]] = []
        self.th_scopes: list[str | None] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        values = dict(attrs)
        if any(name.startswith("on") for name in values):
            self.problems.append(f"event handler on <{tag}>")
        if tag == "svg":
            self.svgs.append(values)
        if tag == "th":
            self.th_scopes.append(values.get("scope"))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(page: str) -> StrictHTML:
    parser = StrictHTML()
    parser.feed(page)
    parser.close()
    assert not parser.problems, parser.problems[:5]
    assert parser.stack == [], parser.stack
    return parser


def test_cli_html_report_is_well_formed_self_contained_and_script_free(small_csv: Path) -> None:
    path = small_csv
    p = cli(
        "audit",
        str(path),
        "--column",
        "Record",
        "--team-column",
        "Team",
        "--status-column",
        "Status",
        "--format",
        "html",
    )
    assert p.returncode == 0, p.stderr
    page = p.stdout
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page.lower()
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page
    parsed = parse_html(page)
    assert parsed.tags["html"] == 1
    assert parsed.tags["style"] == 1
    assert parsed.tags["link"] == 0
    assert parsed.tags["svg"] >= 3
    assert parsed.tags["table"] >= 3
    for svg in parsed.svgs:
        assert svg.get("role") == "img"
        assert svg.get("aria-label")
        assert svg.get("aria-labelledby")
    assert parsed.tags["title"] == 1 + parsed.tags["svg"]  # the page's, and one per chart
    assert parsed.tags["desc"] == parsed.tags["svg"]
    assert all(scope in ("col", "row") for scope in parsed.th_scopes)
    assert "@media print" in page


def test_html_escapes_hostile_text() -> None:
    rows = [
        {
            "Record": "<script>alert(1)</script> 'I want to see my <b>friends</b> at the club,' she said.",
            "Team": "<img src=x onerror=alert(1)>",
        },
        {
            "Record": "Mrs A wants to stay in her own home because she loves her garden.",
            "Team": "North & South",
        },
    ]
    report = audit(to_csv(rows), "Record", team_column="Team")
    page = render_html(report)
    assert "<script" not in page
    assert "<img" not in page
    assert "<b>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "North &amp; South" in page
    parse_html(page)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", ("empty",)),
        (b"   \r\n\r\n", ("empty",)),
        (b"Record,Team\r\n", ("no records",)),
        (b"Record,Team\r\n,\r\n,\r\n", ("no records",)),
        (b"Name,Notes\r\nA,hello\r\n", ("no column called 'Record'", "'Name', 'Notes'")),
        (b'Record,Team\r\n"Mrs A wants to go out,North\r\nMr B,South\r\n', ("quotation mark", "row 2")),
        (b"PK\x03\x04\x14\x00\x06\x00binary", ("excel", "csv utf-8")),
        (b"Record\r\n\x00\x01\x02\x00 binary\r\n", ("binary",)),
        (b"Record\r\n\x81\x8d\x8f\x90\x9d\r\n", ("cannot be read as text", "csv utf-8")),
    ],
    ids=[
        "empty",
        "blank-lines",
        "header-only",
        "header-and-empty-rows",
        "missing-column",
        "unclosed-quote",
        "xlsx",
        "binary",
        "undecodable",
    ],
)
def test_cli_malformed_csv_gives_a_clear_message(
    tmp_path: Path, content: bytes, words: tuple[str, ...]
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    assert_clear_failure(cli("audit", str(path), "--column", "Record", "--format", "json"), *words)


def test_cli_file_of_50_mb_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    line = b"Mrs A wants to get back to the bowling club on Saturdays because her friends are there.\r\n"
    with path.open("wb") as f:
        f.write(b"Record\r\n")
        f.truncate(MAX_BYTES)  # a sparse 50 MB file: quick to make
        f.seek(8)
        f.write(line * 10)
    assert path.stat().st_size == 50 * 1024 * 1024
    message = assert_clear_failure(
        cli("audit", str(path), "--column", "Record"), "50.0 MB", "smaller than 50.0 MB"
    )
    assert "split" in message.lower()


def test_cli_missing_file_and_missing_option(tmp_path: Path) -> None:
    assert_clear_failure(cli("audit", str(tmp_path / "nowhere.csv"), "--column", "Record"), "nowhere.csv")
    p = cli("audit", str(EXAMPLE))
    assert p.returncode == 2
    assert "Traceback" not in p.stderr
    assert "--column" in p.stderr


def test_cli_missing_team_column_names_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "records.csv"
    path.write_text("Record,Area\r\nMrs A wants to see her friends.,North\r\n", encoding="utf-8")
    assert_clear_failure(
        cli("audit", str(path), "--column", "Record", "--team-column", "Team"),
        "no team column called 'Team'",
        "'Area'",
    )


def test_cli_reads_windows_1252_with_a_notice(tmp_path: Path) -> None:
    path = tmp_path / "old-excel.csv"
    record = "\u2018I want to go to the caf\u00e9 with my friends,\u2019 she said."
    path.write_bytes(f'Record\r\n"{record}"\r\n'.encode("cp1252"))
    p = cli("audit", str(path), "--column", "Record", "--format", "json")
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["records"] == 1
    assert any("Windows-1252" in n for n in out["notices"])
    quotes = [q["text"] for c in out["categories"] for q in c["quotes"]]
    assert quotes == ["I want to go to the café with my friends"]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters_bom_and_quoted_new_lines(delimiter: str) -> None:
    rows = make_rows(60, seed=11)
    text = "\ufeff" + to_csv(rows, delimiter)
    assert any("\n" in r["Record"] for r in rows)
    table = read_table(text)
    assert table.columns == ("Record", "Team", "Status", "Date")
    assert [r[0] for r in table.rows] == [r["Record"] for r in rows]
    assert table.row_numbers == tuple(range(2, 62))


def test_utf16_and_utf8_bom_files_decode() -> None:
    text = "Record,Team\r\n\u201cI miss the garden,\u201d she said.,North\r\n"
    assert decode_csv(text.encode("utf-16")) == (text, ())
    assert decode_csv(b"\xef\xbb\xbf" + text.encode("utf-8")) == (text, ())
    decoded, notices = decode_csv("Record\r\ncaf\u00e9\r\n".encode("cp1252"))
    assert decoded == "Record\r\ncafé\r\n"
    assert notices


def test_too_many_rows_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audit_module, "MAX_ROWS", 50)
    with pytest.raises(InputError, match="more than 50 records"):
        read_table("Record\r\n" + "Mrs A wants to go out.\r\n" * 60)


def test_statuses_are_normalised_ignoring_case_and_punctuation() -> None:
    assert normalise_status("ACHIEVED") == "achieved"
    assert normalise_status(" Partly-Achieved ") == "partly"
    assert normalise_status("partially_met") == "partly"
    assert normalise_status("Not Yet") == "not-yet"
    assert normalise_status("not yet achieved.") == "not-yet"
    assert normalise_status("maybe") is None


def test_worker_requests_in_batches_give_the_same_report_as_audit() -> None:
    rows = make_rows(300, seed=3)
    text = to_csv(rows)
    columns = handle_request({"mode": "columns", "csv": text, "notices": []})
    assert columns["columns"] == ["Record", "Team", "Status", "Date"]
    assert columns["rows"] == 300
    assert columns["suggested"] == {"text": "Record", "team": "Team", "status": "Status", "date": "Date"}
    token = columns["file"]
    scan = handle_request({"mode": "scan", "file": token, "column": "Record"})
    expected_rows = [i + 2 for i, r in enumerate(rows) if find_identifiers(r["Record"])]
    assert scan["records"] == len(expected_rows)
    options = {
        "file": token,
        "column": "Record",
        "team_column": "Team",
        "status_column": "Status",
        "date_column": "Date",
    }
    begun = handle_request({"mode": "begin", **options})
    assert begun == {"total": 300, "done": 0}
    seen = []
    while True:
        step = handle_request({"mode": "next", "count": 70})
        seen.append(step["done"])
        if step["done"] == step["total"]:
            break
    assert seen == [70, 140, 210, 280, 300]
    result = handle_request({"mode": "end"})
    whole = audit(text, "Record", team_column="Team", status_column="Status", date_column="Date").to_dict()
    assert result["report"] == whole
    assert result["html"].startswith("<!DOCTYPE html>")
    months = {m["month"]: m["count"] for m in whole["dates"]["months"]}
    assert sum(months.values()) == 300
    assert set(months) == {f"2025-{m:02d}" for m in range(1, 13)}


def test_worker_request_for_a_forgotten_file_says_choose_it_again() -> None:
    with pytest.raises(InputError, match="Choose the file again"):
        handle_request({"mode": "scan", "file": -1, "column": "Record"})
    token = handle_request({"mode": "columns", "csv": to_csv(make_rows(5))})["file"]
    assert handle_request({"mode": "scan", "file": token, "column": "Record"})["rows"] == 5
    assert handle_request({"mode": "forget"}) == {}
    with pytest.raises(InputError, match="Choose the file again"):
        handle_request({"mode": "scan", "file": token, "column": "Record"})


def test_progress_is_reported_to_the_end() -> None:
    calls: list[tuple[int, int]] = []
    audit(to_csv(make_rows(250, seed=5)), "Record", progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (250, 250)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert len(calls) >= 10


def test_text_report_and_example_file() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    report = audit(text, "Record", team_column="Team", status_column="Status", date_column="Date")
    assert report.records == sum(1 for r in csv.DictReader(io.StringIO(text)) if r["Record"].strip())
    assert report.identifiers, "the example shows the personal details warning"
    out = render_text(report)
    assert "Personal details" in out
    assert "In people's own words" in out
    parse_html(render_html(report))


def test_sharing_the_work_among_processes_gives_the_same_report() -> None:
    rows = make_rows(900, seed=11)
    rows[5]["Record"] = ""
    rows[6]["Record"] = rows[40]["Record"]  # the same text twice, in different batches
    rows[850]["Record"] = rows[3]["Record"]
    rows[9]["Record"] = "She wants to see her friends. " * 7_000  # too long to check: skipped, with why
    text = to_csv(rows)
    options = {"team_column": "Team", "status_column": "Status", "date_column": "Date"}
    one = audit(text, "Record", **options)
    done: list[tuple[int, int]] = []
    shared = audit(text, "Record", jobs=3, progress=lambda d, t: done.append((d, t)), **options)
    assert shared.to_dict() == one.to_dict()
    assert one.records == 898
    assert [s.row for s in one.skipped] == [11]
    assert done[-1] == (900, 900)
    assert [d for d, _ in done] == sorted(d for d, _ in done)


def test_cli_jobs_option(small_csv: Path) -> None:
    base = ("audit", str(small_csv), "--column", "Record", "--format", "json")
    one = cli(*base, "--jobs", "1")
    two = cli(*base, "--jobs", "2")
    assert one.returncode == two.returncode == 0, (one.stderr, two.stderr)
    assert json.loads(one.stdout) == json.loads(two.stdout)
    assert_clear_failure(cli(*base, "--jobs", "many"), "--jobs", "whole number")
