"""The service view: many records in, what matters to people and how well it is recorded out.

:func:`audit` reads a CSV file's text (one column of records or outcome statements, optional team, status
and date columns), runs the recording checker (:func:`outcomes_tools.checker.check`), the outcome mapper
(:func:`outcomes_tools.mapper.map_outcome`) and the identifier check
(:func:`outcomes_tools.identifiers.find_identifiers`) on every record, and adds the results up into an
:class:`AuditReport`: how many records meet each recording criterion, the most common jargon, how often each
Talking Points category appears (by team too), the national outcomes, achievement by category, and for each
category a few of the people's own words so that the numbers keep their meaning.

Each criterion count is exactly the number of records for which ``check(text)`` says the criterion is met.

Renderers: :func:`render_text` (for a terminal), :func:`render_json` and :func:`render_html` (one
self-contained, printable HTML file with inline CSS, accessible SVG charts and the same figures in tables, and
no script). :func:`handle_request` is the in-browser worker's entry point.

Everything here runs the same in CPython and in Pyodide: standard library only, no threads, no files.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import itertools
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from outcomes_tools._data import DataError, check_keys, data_files, expect, string_list, unique_ids
from outcomes_tools.checker import CRITERIA, CRITERION_LABELS, check
from outcomes_tools.errors import InputError
from outcomes_tools.identifiers import Identifier, find_identifiers, identifier_kinds, mask
from outcomes_tools.mapper import map_outcome

__all__ = [
    "CRITERIA",
    "MAX_BYTES",
    "MAX_ROWS",
    "AuditReport",
    "Auditor",
    "Table",
    "audit",
    "decode_csv",
    "find_column",
    "handle_request",
    "read_table",
    "render_html",
    "render_json",
    "render_text",
    "scan_identifiers",
    "too_big",
]

MAX_BYTES = 50 * 1024 * 1024
"""Files of this size or more are refused (50 MB): split them by team or by year."""
MAX_ROWS = 100_000
"""Files with more records than this are refused."""


CATEGORY_MIN_SCORE = 0.2
"""A record shows a category when the mapper scores it at least this, and at least half the top score."""
MAX_CATEGORIES_PER_RECORD = 3
NATIONAL_MIN_SCORE = 0.2
MAX_NATIONAL_PER_RECORD = 3
QUOTES_PER_CATEGORY = 3
QUOTE_MAX_CHARS = 220
MAX_TEAMS = 40
OTHER_TEAMS = "Other teams"
NO_TEAM = "(no team given)"
DELIMITERS = (",", ";", "\t", "|")
_DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "vertical bars"}

Progress = Callable[[int, int], object]


# --------------------------------------------------------------------------------------------------------
# Statuses (data/statuses/*.json)


@dataclass(frozen=True, slots=True)
class Status:
    id: str
    label: str
    words: frozenset[str]


def _status_key(value: str) -> str:
    return " ".join(re.sub(r"[-_.]", " ", value.casefold()).split())


@cache
def statuses() -> tuple[Status, ...]:
    """The achievement statuses, in report order (achieved, partly, not yet)."""
    merged: dict[str, tuple[str, set[str]]] = {}
    order: list[str] = []
    seen_words: list[tuple[str, str]] = []
    for df in data_files("statuses"):
        top = check_keys(df.content, df.name, required=("statuses",), optional=("about",))
        for i, raw in enumerate(expect(top["statuses"], list, f"{df.name}: statuses")):
            where = f"{df.name}: statuses[{i}]"
            obj = check_keys(raw, where, required=("id", "words"), optional=("label",))
            ident = expect(obj["id"], str, f"{where}.id")
            words = {_status_key(w) for w in string_list(obj["words"], f"{where}.words")}
            seen_words.extend((w, f"{where}.words") for w in words)
            if ident not in merged:
                if "label" not in obj:
                    raise DataError(f"{where}: missing key 'label' (a new status needs a label)")
                merged[ident] = (expect(obj["label"], str, f"{where}.label"), set())
                order.append(ident)
            merged[ident][1].update(words)
    unique_ids(seen_words)
    return tuple(Status(i, merged[i][0], frozenset(merged[i][1])) for i in order)


def normalise_status(value: str) -> str | None:
    """The status id for a cell ("Partly achieved" → ``partly``), or ``None`` if it is not recognised."""
    key = _status_key(value)
    for status in statuses():
        if key in status.words:
            return status.id
    return None


# --------------------------------------------------------------------------------------------------------
# Reading the file


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def too_big(n: int) -> InputError:
    """The error for a file of ``n`` bytes, at or over the limit."""
    return InputError(
        f"This file is {_size(n)}. The service view reads files smaller than {_size(MAX_BYTES)}. "
        "Split it into smaller files, for example by team or by year, and look at each one."
    )


def decode_csv(data: bytes) -> tuple[str, tuple[str, ...]]:
    """The text of a CSV file's bytes, and any notice for the person about how it was read.

    UTF-8 (with or without a byte order mark) and UTF-16 with a byte order mark are read as they are; other
    files are read as Windows-1252 (what older versions of Excel save) with a notice.
    """
    if len(data) >= MAX_BYTES:
        raise too_big(len(data))
    if not data.strip():
        raise InputError("This file is empty. Choose a CSV file with a header row and at least one record.")
    if data.startswith(b"PK\x03\x04"):
        raise InputError(
            "This looks like an Excel workbook (.xlsx), not a CSV file. In your spreadsheet, choose "
            "Save As, then 'CSV UTF-8 (comma delimited)', and choose that file here."
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), ()
        except UnicodeDecodeError as exc:
            raise _not_text() from exc
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise _not_text() from exc
    return text, (
        "This file is not saved as UTF-8, so it was read as Windows-1252 (Western European). If any letters "
        "look wrong, save it from your spreadsheet as 'CSV UTF-8' and choose it again.",
    )


def _not_text() -> InputError:
    return InputError(
        "This file cannot be read as text. Save it from your spreadsheet as 'CSV UTF-8 (comma delimited)' "
        "and choose it again."
    )


@dataclass(frozen=True, slots=True)
class Table:
    """A CSV file read: column names, the records (each padded to the columns), and where each one is.

    ``row_numbers[i]`` is the spreadsheet row of record ``i``: the header is row 1.
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_numbers: tuple[int, ...]
    delimiter: str
    notices: tuple[str, ...] = ()

    def column(self, index: int) -> list[str]:
        return [row[index] for row in self.rows]


def _sniff_delimiter(text: str) -> str:
    """The delimiter that occurs most often, outside quotes, in the header row (a comma if none does)."""
    counts = dict.fromkeys(DELIMITERS, 0)
    in_quotes = False
    for ch in text[:65536]:
        if ch == '"':
            in_quotes = not in_quotes
        elif not in_quotes:
            if ch in "\r\n":
                break
            if ch in counts:
                counts[ch] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _ensure_field_limit() -> None:
    if csv.field_size_limit() < MAX_BYTES:
        csv.field_size_limit(MAX_BYTES)


def _records(text: str, delimiter: str, *, strict: bool) -> Iterable[tuple[int, list[str]]]:
    """(spreadsheet row number, cells) for each row of the file, blank lines included."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=strict)
    yield from enumerate(reader, start=1)


def read_table(csv_text: str, *, notices: Sequence[str] = ()) -> Table:
    """Read CSV text (comma, semicolon, tab or bar separated; quoted fields may hold new lines)."""
    if not isinstance(csv_text, str):
        raise InputError("The file must be given as text.")
    text = csv_text.removeprefix("\ufeff")
    if len(text) >= MAX_BYTES:
        raise too_big(len(text.encode("utf-8", errors="replace")))
    if not text.strip():
        raise InputError("This file is empty. Choose a CSV file with a header row and at least one record.")
    if "\x00" in text[:65536]:
        raise InputError(
            "This does not look like a CSV file: it holds binary data. Save it from your spreadsheet as "
            "'CSV UTF-8 (comma delimited)' and choose that file."
        )
    delimiter = _sniff_delimiter(text)
    _ensure_field_limit()
    try:
        parsed = _read_all(text, delimiter, strict=True)
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise _unclosed_quote(text, delimiter) from exc
        try:
            parsed = _read_all(text, delimiter, strict=False)
        except csv.Error as exc2:
            raise InputError(
                f"This file cannot be read as CSV ({exc2}). Save it again from your spreadsheet as "
                "'CSV UTF-8 (comma delimited)'."
            ) from exc2
    header_number, header = parsed[0]
    del header_number
    columns = tuple(name.strip() or f"Column {i + 1}" for i, name in enumerate(header))
    if not any(name.strip() for name in header):
        raise InputError(
            "The first row of this file is empty. The first row must name the columns, for example "
            "'record,team,status'."
        )
    rows: list[tuple[str, ...]] = []
    numbers: list[int] = []
    width = len(columns)
    for number, cells in parsed[1:]:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        rows.append(tuple(cells[:width]))
        numbers.append(number)
    if not rows:
        raise InputError(
            "This file has a header row but no records under it. Choose a file with at least one record."
        )
    return Table(columns, tuple(rows), tuple(numbers), delimiter, tuple(notices))


def _read_all(text: str, delimiter: str, *, strict: bool) -> list[tuple[int, list[str]]]:
    out: list[tuple[int, list[str]]] = []
    for number, cells in _records(text, delimiter, strict=strict):
        if len(out) > MAX_ROWS:
            raise InputError(
                f"This file has more than {MAX_ROWS:,} records. The service view reads up to {MAX_ROWS:,} "
                "at a time: split the file, for example by team or by year."
            )
        if not out and not cells:
            continue
        out.append((number, cells))
    if not out:
        raise InputError("This file is empty. Choose a CSV file with a header row and at least one record.")
    return out


def _unclosed_quote(text: str, delimiter: str) -> InputError:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    last = 0
    for number, _ in enumerate(reader, start=1):
        last = number
    return InputError(
        f"A quotation mark in row {last} of this file is opened but never closed, so the rest of the file "
        "would run into one record. Check that row in your spreadsheet, save the file again as CSV, "
        "and choose it again."
    )


def find_column(table: Table, name: str, *, what: str = "column") -> int:
    """The index of the column called ``name`` (exact, else ignoring case and spaces)."""
    if name in table.columns:
        return table.columns.index(name)
    folded = [c.strip().casefold() for c in table.columns]
    if name.strip().casefold() in folded:
        return folded.index(name.strip().casefold())
    shown = ", ".join(f"'{c}'" for c in table.columns[:30])
    more = f" and {len(table.columns) - 30} more" if len(table.columns) > 30 else ""
    raise InputError(
        f"There is no {what} called '{name}' in this file. Its columns are: {shown}{more}. "
        "(The first row of the file gives the column names.)"
    )


def suggest_columns(table: Table) -> dict[str, str | None]:
    """Best guesses for the text, team, status and date columns, for the page to preselect."""
    sample = table.rows[:300]

    def mean_length(i: int) -> float:
        return sum(len(row[i]) for row in sample) / max(1, len(sample))

    def named(*words: str) -> str | None:
        for column in table.columns:
            low = column.casefold()
            if any(w in low for w in words):
                return column
        return None

    text = max(range(len(table.columns)), key=mean_length)
    team = named("team", "locality", "service", "office", "area")
    status = named("status", "achiev", "progress")
    date = named("date", "when", "month")
    text_name = table.columns[text]
    return {
        "text": text_name,
        "team": team if team != text_name else None,
        "status": status if status != text_name else None,
        "date": date if date != text_name else None,
    }


# --------------------------------------------------------------------------------------------------------
# The report


@dataclass(frozen=True, slots=True)
class CriterionCount:
    id: str
    label: str
    met: int


@dataclass(frozen=True, slots=True)
class LanguageCount:
    """One jargon or deficit finding (a rule and the words used): how often, and in how many records."""

    rule: str
    kind: str
    text: str
    count: int
    records: int
    suggestion: str


@dataclass(frozen=True, slots=True)
class Quote:
    row: int
    text: str


@dataclass(frozen=True, slots=True)
class CategoryCount:
    id: str
    label: str
    framework: str
    count: int
    quotes: tuple[Quote, ...]
    achievement: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class NationalCount:
    number: int
    text: str
    count: int


@dataclass(frozen=True, slots=True)
class TeamSummary:
    team: str
    records: int
    criteria: tuple[tuple[str, int], ...]
    categories: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class IdentifierCount:
    kind: str
    label: str
    count: int
    rows: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Skipped:
    row: int
    reason: str


@dataclass(frozen=True, slots=True)
class AuditReport:
    """Everything the service view found; :meth:`to_dict` is its JSON."""

    records: int
    rows: int
    empty: int
    column: str
    team_column: str | None
    status_column: str | None
    date_column: str | None
    criteria: tuple[CriterionCount, ...]
    jargon: tuple[LanguageCount, ...]
    deficit: tuple[LanguageCount, ...]
    categories: tuple[CategoryCount, ...]
    no_category: int
    national_outcomes: tuple[NationalCount, ...]
    teams: tuple[TeamSummary, ...]
    statuses: tuple[tuple[str, int], ...]
    unrecognised_statuses: tuple[tuple[str, int], ...]
    months: tuple[tuple[str, int], ...]
    unreadable_dates: int
    identifiers: tuple[IdentifierCount, ...]
    identifier_records: int
    masked: bool
    skipped: tuple[Skipped, ...]
    notices: tuple[str, ...]
    statements: bool = False
    created: str = field(default="")

    def criterion(self, ident: str) -> int:
        return next(c.met for c in self.criteria if c.id == ident)

    def to_dict(self) -> dict[str, Any]:
        status_labels = {s.id: s.label for s in statuses()}
        return {
            "records": self.records,
            "rows": self.rows,
            "empty": self.empty,
            "created": self.created,
            "columns": {
                "text": self.column,
                "team": self.team_column,
                "status": self.status_column,
                "date": self.date_column,
            },
            "criteria": {c.id: {"met": c.met, "label": c.label} for c in self.criteria},
            "jargon": [_language_dict(x) for x in self.jargon],
            "deficit": [_language_dict(x) for x in self.deficit],
            "categories": [
                {
                    "id": c.id,
                    "label": c.label,
                    "framework": c.framework,
                    "count": c.count,
                    "quotes": [{"row": q.row, "text": q.text} for q in c.quotes],
                    "achievement": dict(c.achievement),
                }
                for c in self.categories
            ],
            "no_category": self.no_category,
            "read_as": "statements" if self.statements else "records",
            "national_outcomes": [
                {"number": n.number, "text": n.text, "count": n.count} for n in self.national_outcomes
            ],
            "teams": [
                {
                    "team": t.team,
                    "records": t.records,
                    "criteria": dict(t.criteria),
                    "categories": [{"id": i, "count": n} for i, n in t.categories],
                }
                for t in self.teams
            ],
            "achievement": {
                "statuses": [
                    {"id": s, "label": status_labels.get(s, "Not recorded"), "count": n}
                    for s, n in self.statuses
                ],
                "unrecognised": [{"value": v, "count": n} for v, n in self.unrecognised_statuses],
            },
            "dates": {
                "months": [{"month": m, "count": n} for m, n in self.months],
                "unreadable": self.unreadable_dates,
            },
            "identifiers": {
                "records": self.identifier_records,
                "masked": self.masked,
                "kinds": [
                    {"kind": i.kind, "label": i.label, "count": i.count, "rows": list(i.rows)}
                    for i in self.identifiers
                ],
            },
            "skipped": [{"row": s.row, "reason": s.reason} for s in self.skipped],
            "notices": list(self.notices),
        }


def _language_dict(x: LanguageCount) -> dict[str, Any]:
    return {
        "rule": x.rule,
        "text": x.text,
        "count": x.count,
        "records": x.records,
        "suggestion": x.suggestion,
    }


STATEMENT_WORDS = 30
"""A column where most texts are one sentence of this many words or fewer holds outcome statements."""
CACHE_LIMIT = 50_000
WHAT_MATTERS = ("outcomes", "why", "voice")
_NOTHING_MAPPED: dict[str, Any] = {"categories": [], "national_outcomes": []}


_SENTENCE_INSIDE = re.compile(r"[.!?;:]['\"’”)]*\s+\S")


def _reads_as_statements(texts: Sequence[str]) -> bool:
    """True for a column of outcome statements: most texts are one short sentence each. Records (even a
    short note like "Care package continues. NFA.") run to more than one sentence."""
    present = [t for t in texts if t.strip()]
    if not present:
        return False
    single = sum(
        1 for t in present if len(t.split()) <= STATEMENT_WORDS and not _SENTENCE_INSIDE.search(t.strip())
    )
    return single >= 0.8 * len(present)


def _what_matters(text: str, criteria: Mapping[str, Any]) -> str:
    """The parts of a record that say what matters to the person: the outcome, why it matters and their
    own words, as the checker found them (overlapping evidence merged), in the order of the record."""
    spans = sorted(
        (int(e["start"]), int(e["end"]))
        for c in WHAT_MATTERS
        if criteria[c]["met"]
        for e in criteria[c]["evidence"]
    )
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return " … ".join(text[a:b].strip() for a, b in merged)


def _record_categories(categories: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    if not categories:
        return []
    top = float(categories[0]["score"])
    floor = max(CATEGORY_MIN_SCORE, top / 2)
    return [c for c in categories[:MAX_CATEGORIES_PER_RECORD] if float(c["score"]) >= floor]


def _record_nationals(nationals: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    if not nationals:
        return []
    top = float(nationals[0]["score"])
    floor = max(NATIONAL_MIN_SCORE, top / 2)
    return [n for n in nationals[:MAX_NATIONAL_PER_RECORD] if float(n["score"]) >= floor]


_QUOTE_MARKS = "\"'“”‘’ \t\r\n"


_OPENING_MARKS = "\"'“‘"
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")


def _quote(text: str, start: int, end: int, identifiers: Sequence[Identifier], masked: bool) -> str | None:
    """The person's words at ``text[start:end]``, tidied, masked if asked, at most about 220 characters.

    Evidence inside quotation marks is taken as it is; first-person words outside them ("I want to stay
    in my own home, because ...") are widened to their whole sentence, so the quote reads whole.
    """
    before = text[:start].rstrip(" ")
    if not before.endswith(tuple(_OPENING_MARKS)) and text[start:end][:1] not in _OPENING_MARKS:
        stop = _SENTENCE_END.search(text, end)
        if stop is not None and stop.start() - end <= QUOTE_MAX_CHARS:
            end = stop.start() + (1 if text[stop.start()] in ".!?" else 0)
        opened = max(0, start - QUOTE_MAX_CHARS)
        previous = [m.end() for m in _SENTENCE_END.finditer(text, opened, start)]
        if previous or opened == 0:
            start = previous[-1] if previous else 0
            start += len(text[start:end]) - len(text[start:end].lstrip())
    raw = text[start:end]
    lead = len(raw) - len(raw.lstrip(_QUOTE_MARKS))
    start += lead
    end = start + len(raw.strip(_QUOTE_MARKS))
    if end - start < 8 or len(text[start:end].split()) < 3:
        return None
    if masked:
        inside = [
            Identifier(
                i.kind,
                max(i.start, start) - start,
                min(i.end, end) - start,
                "",
                i.message,
            )
            for i in identifiers
            if i.start < end and start < i.end
        ]
        words = mask(text[start:end], inside)
    else:
        words = text[start:end]
    words = " ".join(words.split()).rstrip(",;:")
    if len(words) > QUOTE_MAX_CHARS:
        cut = words[:QUOTE_MAX_CHARS].rsplit(" ", 1)[0]
        words = cut.rstrip(",;:") + " …"
    return words


_DATE_FORMATS = (
    "%d/%m/%Y",
    "%d/%m/%y",
    "%Y-%m-%d",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%d %B %Y",
    "%d %b %Y",
    "%Y/%m/%d",
)


def _month(value: str) -> str | None:
    value = value.strip()
    if not value:
        return None
    head = value.split("T")[0].split(" ")[0] if re.match(r"\d{4}-\d\d-\d\dT", value) else value
    candidates = (head, head.split(" ")[0])
    for candidate in candidates:
        for fmt in _DATE_FORMATS:
            try:
                parsed = dt.datetime.strptime(candidate, fmt)
            except ValueError:
                continue
            return f"{parsed.year:04d}-{parsed.month:02d}"
    return None


class Auditor:
    """Adds records up one batch at a time (so the page can show progress between batches).

    ``Auditor(table, column, ...)`` checks the columns exist; :meth:`add` does the next ``count`` records;
    :meth:`report` gives the :class:`AuditReport` once :attr:`done` equals :attr:`total`.
    """

    def __init__(
        self,
        table: Table,
        column: str,
        *,
        team_column: str | None = None,
        status_column: str | None = None,
        date_column: str | None = None,
        mask_identifiers: bool = False,
    ) -> None:
        self.table = table
        self.text_i = find_column(table, column)
        self.team_i = find_column(table, team_column, what="team column") if team_column else None
        self.status_i = find_column(table, status_column, what="status column") if status_column else None
        self.date_i = find_column(table, date_column, what="date column") if date_column else None
        self.masked = mask_identifiers
        self.statements = _reads_as_statements(table.column(self.text_i))
        self._checked: dict[str, dict[str, Any]] = {}
        self._mapped: dict[str, dict[str, Any]] = {}
        self._given_checked: dict[str, dict[str, Any]] = {}
        self._given_mapped: dict[str, dict[str, Any]] = {}
        self.total = len(table.rows)
        self.done = 0
        self.records = 0
        self.empty = 0
        self.no_category = 0
        self.met: Counter[str] = Counter()
        self.language: dict[tuple[str, str], dict[str, Any]] = {}
        self.cat_counts: Counter[str] = Counter()
        self.cat_info: dict[str, tuple[str, str]] = {}
        self.cat_quotes: dict[str, list[Quote]] = defaultdict(list)
        self.cat_quote_seen: dict[str, set[str]] = defaultdict(set)
        self.cat_status: dict[str, Counter[str]] = defaultdict(Counter)
        self.nat_counts: Counter[int] = Counter()
        self.nat_text: dict[int, str] = {}
        self.team_records: Counter[str] = Counter()
        self.team_criteria: dict[str, Counter[str]] = defaultdict(Counter)
        self.team_categories: dict[str, Counter[str]] = defaultdict(Counter)
        self.status_counts: Counter[str] = Counter()
        self.unrecognised: Counter[str] = Counter()
        self.months: Counter[str] = Counter()
        self.unreadable_dates = 0
        self.ident_counts: Counter[str] = Counter()
        self.ident_rows: dict[str, list[int]] = defaultdict(list)
        self.ident_records = 0
        self.skipped: list[Skipped] = []
        self.team_names: list[str] = []
        if self.team_i is not None:
            team_i = self.team_i
            by_size = Counter(row[team_i].strip() or NO_TEAM for row in table.rows)
            self.team_names = [t for t, _ in by_size.most_common(MAX_TEAMS)]
        self.team_set = set(self.team_names)

    def add(self, count: int) -> int:
        """Do the next ``count`` records (fewer at the end); return how many are done in all."""
        stop = min(self.total, self.done + max(0, count))
        for i in range(self.done, stop):
            self._one(self.table.rows[i], self.table.row_numbers[i])
        self.done = stop
        return stop

    def _one(self, row: tuple[str, ...], number: int) -> None:
        text = row[self.text_i]
        if not text.strip():
            self.empty += 1
            return
        try:
            checked = self._check(text)
        except InputError as err:
            self.skipped.append(Skipped(number, str(err)))
            return
        self.records += 1
        criteria = checked["criteria"]
        record_met = [c for c in CRITERIA if criteria[c]["met"]]
        self.met.update(record_met)
        # The checker has already looked for personal details: its warnings are find_identifiers(text).
        identifiers = tuple(Identifier(**w) for w in checked["warnings"])
        if identifiers:
            self.ident_records += 1
            for kind, n in Counter(i.kind for i in identifiers).items():
                self.ident_counts[kind] += n
                self.ident_rows[kind].append(number)

        seen_words: set[tuple[str, str]] = set()
        for finding in checked["findings"]:
            if any(i.start < finding["end"] and finding["start"] < i.end for i in identifiers):
                continue  # part of a personal detail (the "EH1" of a postcode), not jargon
            key = (finding["rule"], " ".join(finding["text"].casefold().split()))
            entry = self.language.setdefault(
                key,
                {
                    "kind": finding["kind"],
                    "count": 0,
                    "records": 0,
                    "texts": Counter(),
                    "suggestion": finding.get("suggestion") or "",
                },
            )
            entry["count"] += 1
            entry["texts"][finding["text"]] += 1
            if key not in seen_words:
                entry["records"] += 1
                seen_words.add(key)

        mapped = self._map(text if self.statements else _what_matters(text, criteria))
        cats = _record_categories(mapped["categories"])
        if not cats:
            self.no_category += 1
        for c in cats:
            self.cat_counts[c["id"]] += 1
            self.cat_info.setdefault(c["id"], (c["label"], c.get("framework", "")))
        for nat in _record_nationals(mapped["national_outcomes"]):
            self.nat_counts[int(nat["number"])] += 1
            self.nat_text.setdefault(int(nat["number"]), nat["text"])

        if cats and criteria["voice"]["met"]:
            top = cats[0]["id"]
            if len(self.cat_quotes[top]) < QUOTES_PER_CATEGORY:
                spans = sorted(criteria["voice"]["evidence"], key=lambda e: e["start"] - e["end"])
                for span in spans:
                    quote = _quote(text, span["start"], span["end"], identifiers, self.masked)
                    if quote and quote.casefold() not in self.cat_quote_seen[top]:
                        self.cat_quote_seen[top].add(quote.casefold())
                        self.cat_quotes[top].append(Quote(number, quote))
                        break

        if self.team_i is not None:
            team = row[self.team_i].strip() or NO_TEAM
            if team not in self.team_set:
                team = OTHER_TEAMS
            self.team_records[team] += 1
            self.team_criteria[team].update(record_met)
            self.team_categories[team].update(c["id"] for c in cats)

        if self.status_i is not None:
            raw_status = row[self.status_i].strip()
            status = normalise_status(raw_status) if raw_status else None
            if status is None:
                self.status_counts["not-recorded"] += 1
                if raw_status:
                    self.unrecognised[raw_status] += 1
            else:
                self.status_counts[status] += 1
                for c in cats:
                    self.cat_status[c["id"]][status] += 1

        if self.date_i is not None:
            month = _month(row[self.date_i])
            if month is None:
                self.unreadable_dates += int(bool(row[self.date_i].strip()))
            else:
                self.months[month] += 1

    def _check(self, text: str) -> dict[str, Any]:
        """``check(text).to_dict()``, once for each distinct text."""
        found = self._checked.get(text)
        if found is None:
            found = self._given_checked.get(text) or check(text).to_dict()
            if len(self._checked) < CACHE_LIMIT:
                self._checked[text] = found
        return found

    def _map(self, text: str) -> dict[str, Any]:
        """``map_outcome(text).to_dict()`` (nothing for empty text), once for each distinct text."""
        found = self._mapped.get(text)
        if found is None:
            found = self._given_mapped.get(text) or _map_one(text)
            if len(self._mapped) < CACHE_LIMIT:
                self._mapped[text] = found
        return found

    def to_analyse(self, count: int) -> list[str]:
        """The distinct texts among the next ``count`` records that have not been checked yet."""
        stop = min(self.total, self.done + max(0, count))
        texts: dict[str, None] = {}
        for i in range(self.done, stop):
            text = self.table.rows[i][self.text_i]
            if text.strip() and text not in self._checked:
                texts[text] = None
        return list(texts)

    def give(self, analysed: Sequence[Analysed]) -> None:
        """Checks and maps made elsewhere (in other processes) for texts of the next batch: the next
        :meth:`add` uses them instead of checking and mapping those texts itself. A text the checker
        refused is left out: :meth:`add` checks it again and records why."""
        self._given_checked = {text: checked for text, checked, _, _ in analysed if checked is not None}
        self._given_mapped = {part: mapped for _, checked, part, mapped in analysed if checked is not None}

    def report(self) -> AuditReport:
        """The report of every record added so far."""
        table = self.table
        status_order = [s.id for s in statuses()]
        kinds = {k.kind: k.label for k in identifier_kinds()}
        kind_order = [k.kind for k in identifier_kinds()]
        language_counts = [
            LanguageCount(
                rule=rule,
                kind=entry["kind"],
                text=entry["texts"].most_common(1)[0][0],
                count=entry["count"],
                records=entry["records"],
                suggestion=entry["suggestion"],
            )
            for (rule, _), entry in self.language.items()
        ]
        language_counts.sort(key=lambda x: (-x.count, x.text.casefold()))
        has_status = self.status_i is not None
        categories = tuple(
            CategoryCount(
                id=ident,
                label=self.cat_info[ident][0],
                framework=self.cat_info[ident][1],
                count=n,
                quotes=tuple(self.cat_quotes.get(ident, ())),
                achievement=tuple((s, self.cat_status[ident][s]) for s in status_order) if has_status else (),
            )
            for ident, n in sorted(self.cat_counts.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        teams = tuple(
            TeamSummary(
                team=t,
                records=self.team_records[t],
                criteria=tuple((c, self.team_criteria[t][c]) for c in CRITERIA),
                categories=tuple(sorted(self.team_categories[t].items(), key=lambda kv: (-kv[1], kv[0]))),
            )
            for t in [*self.team_names, OTHER_TEAMS]
            if self.team_records[t]
        )
        return AuditReport(
            records=self.records,
            rows=self.total,
            empty=self.empty,
            column=table.columns[self.text_i],
            team_column=table.columns[self.team_i] if self.team_i is not None else None,
            status_column=table.columns[self.status_i] if self.status_i is not None else None,
            date_column=table.columns[self.date_i] if self.date_i is not None else None,
            criteria=tuple(CriterionCount(c, CRITERION_LABELS[c], self.met[c]) for c in CRITERIA),
            jargon=tuple(x for x in language_counts if x.kind == "jargon"),
            deficit=tuple(x for x in language_counts if x.kind == "deficit"),
            categories=categories,
            no_category=self.no_category,
            national_outcomes=tuple(
                NationalCount(n, self.nat_text[n], k)
                for n, k in sorted(self.nat_counts.items(), key=lambda kv: (-kv[1], kv[0]))
            ),
            teams=teams,
            statuses=tuple((s, self.status_counts[s]) for s in [*status_order, "not-recorded"])
            if has_status
            else (),
            unrecognised_statuses=tuple(self.unrecognised.most_common(10)),
            months=tuple(sorted(self.months.items())),
            unreadable_dates=self.unreadable_dates,
            identifiers=tuple(
                IdentifierCount(k, kinds.get(k, k), self.ident_counts[k], tuple(self.ident_rows[k]))
                for k in kind_order
                if self.ident_counts[k]
            ),
            identifier_records=self.ident_records,
            masked=self.masked,
            statements=self.statements,
            skipped=tuple(self.skipped),
            notices=table.notices,
            created=dt.date.today().isoformat(),
        )


def audit(
    csv_text: str,
    column: str,
    *,
    team_column: str | None = None,
    status_column: str | None = None,
    date_column: str | None = None,
    mask_identifiers: bool = False,
    progress: Progress | None = None,
    notices: Sequence[str] = (),
    jobs: int = 1,
) -> AuditReport:
    """Check and map every record in the CSV text's ``column`` and add the results up.

    ``progress(done, total)`` is called about a hundred times as records are done, and once at the end.
    ``jobs`` above 1 shares the checking among that many processes (on the command line, for big files);
    the report is the same.
    ``notices`` (for example from :func:`decode_csv`) are carried into the report. Raises
    :class:`InputError` for a file that cannot be read or a column that is not there.
    """
    auditor = Auditor(
        read_table(csv_text, notices=notices),
        column,
        team_column=team_column,
        status_column=status_column,
        date_column=date_column,
        mask_identifiers=mask_identifiers,
    )
    if jobs > 1 and auditor.total >= PARALLEL_FROM:
        return _audit_in_parallel(auditor, jobs, progress)
    step = max(1, auditor.total // 100)
    while auditor.done < auditor.total:
        auditor.add(step)
        if progress is not None:
            progress(auditor.done, auditor.total)
    return auditor.report()


# A file needs this many rows before it is worth starting other processes for it.
PARALLEL_FROM = 400


def _map_one(text: str) -> dict[str, Any]:
    try:
        return map_outcome(text).to_dict() if text.strip() else _NOTHING_MAPPED
    except InputError:
        return _NOTHING_MAPPED


# (text, check(text).to_dict() or None if the checker refuses the text, the part of it to map, its map)
Analysed = tuple[str, dict[str, Any] | None, str, dict[str, Any]]

# In each process that shares the work: the maps it has made (many records share what matters in them).
_MAPPED_HERE: dict[str, dict[str, Any]] = {}


def _analyse_many(job: tuple[list[str], bool]) -> list[Analysed]:
    """Check each text, and map what matters in it (or all of it, for outcome statements)."""
    texts, statements = job
    out: list[Analysed] = []
    for text in texts:
        try:
            checked = check(text).to_dict()
        except InputError:
            out.append((text, None, "", _NOTHING_MAPPED))
            continue
        part = text if statements else _what_matters(text, checked["criteria"])
        mapped = _MAPPED_HERE.get(part)
        if mapped is None:
            mapped = _map_one(part)
            if len(_MAPPED_HERE) < CACHE_LIMIT:
                _MAPPED_HERE[part] = mapped
        out.append((text, checked, part, mapped))
    return out


def _chunks(items: list[Any], jobs: int) -> list[list[Any]]:
    """Small pieces, several for each process, so that none waits long for the others at a batch's end."""
    size = len(items) // (jobs * 8) + 1
    return [items[i : i + size] for i in range(0, len(items), size)]


def _audit_in_parallel(auditor: Auditor, jobs: int, progress: Progress | None) -> AuditReport:
    """The same report, with the records checked and mapped by ``jobs`` processes (command line only: the
    browser has one). Records are taken in batches: the processes check and map each batch's new texts, and
    this one adds the records up in file order, so the report is exactly the one-process report."""
    import multiprocessing  # noqa: PLC0415 (only here: Pyodide cannot start processes)
    import threading  # noqa: PLC0415

    # The engine's rules and models are built once here and inherited by forked processes.
    _analyse_many((["She wants to get back to the bowling club."], False))
    # Forking is quickest (nothing to import again) but not safe in a process running threads, nor offered
    # everywhere (Windows): there each process starts afresh.
    forkable = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    context = multiprocessing.get_context("fork" if forkable else "spawn")
    batch = max(PARALLEL_FROM, auditor.total // 20)
    with context.Pool(jobs) as pool:
        while auditor.done < auditor.total:
            texts = auditor.to_analyse(batch)
            job = [(chunk, auditor.statements) for chunk in _chunks(texts, jobs)]
            auditor.give([item for part in pool.map(_analyse_many, job) for item in part])
            auditor.add(batch)
            if progress is not None:
                progress(auditor.done, auditor.total)
    return auditor.report()


def scan_identifiers(table: Table, column: str) -> dict[str, Any]:
    """Only the identifier check, over one column: what the page shows before anything else."""
    index = find_column(table, column)
    counts: Counter[str] = Counter()
    rows: dict[str, list[int]] = defaultdict(list)
    records = 0
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        found = find_identifiers(row[index])
        if found:
            records += 1
            for kind, n in Counter(i.kind for i in found).items():
                counts[kind] += n
                rows[kind].append(number)
    return {
        "records": records,
        "rows": len(table.rows),
        "kinds": [
            {"kind": k.kind, "label": k.label, "count": counts[k.kind], "rows": rows[k.kind]}
            for k in identifier_kinds()
            if counts[k.kind]
        ],
    }


# --------------------------------------------------------------------------------------------------------
# Renderers


def render_json(report: AuditReport) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)


def _pct(n: int, of: int) -> str:
    return f"{round(100 * n / of)}%" if of else "–"


def _rows_list(rows: Sequence[int], limit: int = 12) -> str:
    shown = ", ".join(str(r) for r in rows[:limit])
    return shown + (f" and {len(rows) - limit:,} more" if len(rows) > limit else "")


def _n(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def _bar(n: int, of: int, width: int = 24) -> str:
    filled = round(width * n / of) if of else 0
    return "#" * filled + "." * (width - filled)


def render_text(report: AuditReport) -> str:
    """The report for a person at a terminal: plain text, ASCII bars, widest line about 100 characters."""
    r = report
    out: list[str] = []
    out.append("Service view: what matters to people, and how well it is recorded")
    out.append("=" * 66)
    out.append(
        f"{r.records:,} records checked from the column '{r.column}' "
        f"({r.rows:,} rows; {r.empty:,} with no text; {len(r.skipped):,} could not be checked)."
    )
    out.extend(f"Note: {n}" for n in r.notices)
    out.append("")
    out.extend(_text_identifiers(r))
    out.append("How well outcomes are recorded (records meeting each criterion)")
    out.append("-" * 66)
    width = max(len(c.label) for c in r.criteria)
    for c in r.criteria:
        out.append(f"  {c.label:<{width}}  {_bar(c.met, r.records)} {c.met:>7,} {_pct(c.met, r.records):>5}")
    out.append("")
    if r.jargon:
        out.append("Most common jargon (times used, in how many records, a plainer way to say it)")
        out.append("-" * 66)
        for x in r.jargon[:10]:
            words = f"\u201c{x.text}\u201d"
            out.append(f"  {words:<28} {_n(x.count, 'time')} in {_n(x.records, 'record')}")
            out.append(f"      {x.suggestion}")
        out.append("")
    if r.deficit:
        out.append("Deficit language (times used, in how many records)")
        out.append("-" * 66)
        for x in r.deficit[:10]:
            words = f"\u201c{x.text}\u201d"
            out.append(f"  {words:<28} {_n(x.count, 'time')} in {_n(x.records, 'record')}")
        out.append("")
    out.append("What matters to people (records showing each outcome; a record can show several)")
    out.append("-" * 66)
    if r.categories:
        width = min(40, max(len(cat.label) for cat in r.categories))
        for cat in r.categories:
            bar = _bar(cat.count, r.records)
            label = _clip(cat.label, width)
            out.append(f"  {label:<{width}}  {bar} {cat.count:>7,} {_pct(cat.count, r.records):>5}")
    out.extend(f"  {line}" for line in _how_read(r))
    out.append("")
    quoted = [cat for cat in r.categories if cat.quotes]
    if quoted:
        out.append("In people's own words")
        out.append("-" * 66)
        for cat in quoted:
            out.append(f"  {cat.label}:")
            out.extend(f"    \u201c{q.text}\u201d (row {q.row})" for q in cat.quotes)
        out.append("")
    if r.national_outcomes:
        out.append("National Health and Wellbeing Outcomes the records contribute to")
        out.append("-" * 66)
        for nat in r.national_outcomes:
            out.append(
                f"  {nat.count:>7,} {_pct(nat.count, r.records):>5}  {nat.number}. {_clip(nat.text, 80)}"
            )
        out.append("")
    if r.status_column:
        labels = {s.id: s.label for s in statuses()}
        out.append(f"Achievement (from the column '{r.status_column}')")
        out.append("-" * 66)
        for s, n in r.statuses:
            out.append(f"  {labels.get(s, 'Not recorded or not recognised'):<32} {n:>7,}")
        if r.unrecognised_statuses:
            words = ", ".join(f"'{v}' ({n})" for v, n in r.unrecognised_statuses)
            out.append(f"  Statuses not recognised: {words}")
        out.append("  By outcome category (achieved / partly / not yet):")
        for cat in r.categories:
            parts = " / ".join(f"{n:,}" for _, n in cat.achievement)
            out.append(f"    {cat.label}: {parts}")
        out.append("")
    if r.teams:
        out.append(f"By team (from the column '{r.team_column}')")
        out.append("-" * 66)
        for t in r.teams:
            top = ", ".join(f"{_category_label(r, i)} {n:,}" for i, n in t.categories[:3])
            outcomes_met = dict(t.criteria)["outcomes"]
            out.append(
                f"  {t.team}: {t.records:,} records; outcome stated in {_pct(outcomes_met, t.records)}; "
                f"most often: {top or 'none'}"
            )
        out.append("")
    if r.months:
        out.append(f"Records by month (from the column '{r.date_column}')")
        out.append("-" * 66)
        out.extend(f"  {m}  {n:>7,}" for m, n in r.months)
        if r.unreadable_dates:
            out.append(f"  ({r.unreadable_dates:,} dates could not be read.)")
        out.append("")
    if r.skipped:
        out.append("Records that could not be checked")
        out.append("-" * 66)
        out.extend(f"  Row {s.row}: {s.reason}" for s in r.skipped[:20])
        if len(r.skipped) > 20:
            out.append(f"  … and {len(r.skipped) - 20:,} more.")
        out.append("")
    out.append(
        "These figures come from automatic checks. Read the records behind them before acting on them."
    )
    return "\n".join(out) + "\n"


def _text_identifiers(r: AuditReport) -> list[str]:
    if not r.identifiers:
        return ["Personal details: nothing that looks like a personal identifier was found.", ""]
    lines = [
        f"Personal details: {r.identifier_records:,} records hold something that looks like a personal "
        "identifier. Remove these before sharing the file."
    ]
    lines.extend(
        f"  {i.label[:1].upper() + i.label[1:]}: {i.count:,} in {'row' if len(i.rows) == 1 else 'rows'} "
        f"{_rows_list(i.rows)}"
        for i in r.identifiers
    )
    lines.append(
        "  The quotes below are masked." if r.masked else "  The quotes below are not masked (use --mask)."
    )
    lines.append("")
    return lines


def _how_read(r: AuditReport) -> list[str]:
    """How "what matters" was read, and how many records showed nothing, in plain English."""
    if r.statements:
        return [
            "The texts are short, so each was read whole as an outcome statement.",
            f"{r.no_category:,} showed no outcome clearly.",
        ]
    return [
        "What matters is read from the outcome, why it matters and the person's own words in each record.",
        f"{r.no_category:,} records showed none of these clearly.",
    ]


def _category_label(r: AuditReport, ident: str) -> str:
    return next((c.label for c in r.categories if c.id == ident), ident)


# --- HTML ------------------------------------------------------------------------------------------------

_CSS = """
:root{color-scheme:light;--ink:#1a1a1a;--muted:#4a4a4a;--bar:#303f9f;--rule:#c8c8d0;--soft:#f3f4fa}
*{box-sizing:border-box}
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:var(--ink);
 background:#fff;margin:0}
main{max-width:60rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.7rem;line-height:1.25;margin:0 0 .5rem}
h2{font-size:1.3rem;margin:2rem 0 .5rem;border-bottom:2px solid var(--rule);padding-bottom:.2rem}
h3{font-size:1.05rem;margin:1.2rem 0 .3rem}
p,li{max-width:48rem}
.lead{color:var(--muted)}
.notice{border-left:4px solid #b3261e;background:#fdf0ef;padding:.6rem 1rem;margin:1rem 0}
.ok{border-left:4px solid #1e6b34;background:#eef7f0;padding:.6rem 1rem;margin:1rem 0}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.95rem}
caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{border:1px solid var(--rule);padding:.3rem .5rem;text-align:left;vertical-align:top}
thead th{background:var(--soft)}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:1rem 0}
svg{max-width:100%;height:auto;display:block}
svg text{font:13px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;fill:var(--ink)}
blockquote{margin:.4rem 0 .4rem 1rem;padding-left:.8rem;border-left:3px solid var(--rule)}
blockquote p{margin:0}
.src{color:var(--muted);font-size:.9rem}
.legend span{display:inline-block;margin-right:1rem}
.key{display:inline-block;width:.9rem;height:.9rem;vertical-align:-.1rem;margin-right:.3rem;
 border:1px solid #000}
footer{margin-top:2rem;color:var(--muted);font-size:.9rem}
@media print{
 body{font-size:11pt}
 main{max-width:none;padding:0}
 h2{break-after:avoid}
 figure,blockquote,tr{break-inside:avoid}
 a{color:inherit;text-decoration:none}
}
"""

_STATUS_COLOURS = {"achieved": "#1e6b34", "partly": "#9a5b00", "not-yet": "#b3261e"}


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


class _Ids:
    def __init__(self) -> None:
        self.n = 0

    def next(self, prefix: str) -> str:
        self.n += 1
        return f"{prefix}-{self.n}"


def _clip(label: str, limit: int = 44) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _bar_chart(
    ids: _Ids, title: str, items: Sequence[tuple[str, int]], of: int, *, percent: bool = True
) -> str:
    """A horizontal bar chart as an SVG image with a title and a text description of every bar."""
    chart_id = ids.next("chart")
    label_w, bar_w, value_w, row_h = 300, 380, 110, 26
    height = row_h * len(items) + 10
    width = label_w + bar_w + value_w
    top = max([of, *(n for _, n in items)]) if items else of
    desc = "; ".join(f"{label}: {n:,}" + (f" ({_pct(n, of)})" if percent else "") for label, n in items)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'aria-label="{_e(title)}">',
        f'<title id="{chart_id}-t">{_e(title)}</title>',
        f'<desc id="{chart_id}-d">{_e(desc)}</desc>',
    ]
    for i, (label, n) in enumerate(items):
        y = 5 + i * row_h
        w = round(bar_w * n / top, 1) if top else 0
        value = f"{n:,}" + (f" ({_pct(n, of)})" if percent else "")
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end">{_e(_clip(label))}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{bar_w}" height="{row_h - 8}" fill="#eceef6"/>'
            f'<rect x="{label_w}" y="{y + 4}" width="{w}" height="{row_h - 8}" fill="#303f9f"/>'
            f'<text x="{label_w + bar_w + 8}" y="{y + 17}">{_e(value)}</text>'
        )
    parts.append("</svg>")
    return "<figure>" + "".join(parts) + "</figure>"


def _stacked_chart(ids: _Ids, title: str, items: Sequence[tuple[str, Sequence[tuple[str, int]]]]) -> str:
    chart_id = ids.next("chart")
    labels = {s.id: s.label for s in statuses()}
    label_w, bar_w, value_w, row_h = 300, 380, 110, 26
    height = row_h * len(items) + 10
    width = label_w + bar_w + value_w
    top = max((sum(n for _, n in parts) for _, parts in items), default=0)
    desc = "; ".join(
        f"{label}: " + ", ".join(f"{labels.get(s, s).lower()} {n:,}" for s, n in parts)
        for label, parts in items
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'aria-label="{_e(title)}">',
        f'<title id="{chart_id}-t">{_e(title)}</title>',
        f'<desc id="{chart_id}-d">{_e(desc)}</desc>',
    ]
    for i, (label, parts) in enumerate(items):
        y = 5 + i * row_h
        x = float(label_w)
        out.append(f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end">{_e(_clip(label))}</text>')
        for status, n in parts:
            w = bar_w * n / top if top else 0
            if w > 0:
                out.append(
                    f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" '
                    f'fill="{_STATUS_COLOURS.get(status, "#555")}" stroke="#fff" stroke-width="1"/>'
                )
            x += w
        out.append(f'<text x="{label_w + bar_w + 8}" y="{y + 17}">{sum(n for _, n in parts):,}</text>')
    out.append("</svg>")
    legend = "".join(
        f'<span><span class="key" style="background:{_STATUS_COLOURS.get(s.id, "#555")}"></span>'
        f"{_e(s.label)}</span>"
        for s in statuses()
    )
    return f'<figure>{"".join(out)}<figcaption class="legend">{legend}</figcaption></figure>'


def _table(
    caption: str, head: Sequence[str], rows: Iterable[Sequence[object]], numeric: Sequence[bool]
) -> str:
    th = "".join(
        f'<th scope="col"{" class=n" if num else ""}>{_e(h)}</th>'
        for h, num in zip(head, numeric, strict=True)
    )
    body: list[str] = []
    for row in rows:
        cells = []
        for i, (value, num) in enumerate(zip(row, numeric, strict=True)):
            if i == 0:
                cells.append(f'<th scope="row">{_e(value)}</th>')
            elif num:
                cells.append(
                    f'<td class="n">{value:,}</td>'
                    if isinstance(value, int)
                    else f'<td class="n">{_e(value)}</td>'
                )
            else:
                cells.append(f"<td>{_e(value)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f"<table><caption>{_e(caption)}</caption><thead><tr>{th}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def render_html(report: AuditReport, *, title: str = "Service view report") -> str:
    """One self-contained HTML page: inline CSS, SVG charts with tables of the same figures, no script."""
    r = report
    ids = _Ids()
    n = r.records
    s: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en-GB"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body><main>",
        "<h1>Service view: what matters to people, and how well it is recorded</h1>",
        f'<p class="lead">{n:,} records checked from the column \u2018{_e(r.column)}\u2019 '
        f"({r.rows:,} rows in the file; {r.empty:,} had no text; {len(r.skipped):,} could not be checked)."
        + (f" Made on {_e(r.created)}." if r.created else "")
        + "</p>",
    ]
    s.extend(f'<p class="notice">{_e(x)}</p>' for x in r.notices)

    s.append('<section aria-labelledby="s-personal"><h2 id="s-personal">Personal details</h2>')
    if r.identifiers:
        s.append(
            f'<p class="notice">{r.identifier_records:,} records hold something that looks like a personal '
            "identifier. Remove these from the records before the file is shared. "
            + (
                "In this report they are masked in the quotes."
                if r.masked
                else "This report quotes the records as written: check it before sharing it."
            )
            + "</p>"
        )
        s.append(
            _table(
                "Likely personal identifiers, by kind (rows as in a spreadsheet: row 1 is the header)",
                ("Kind", "How many", "Rows"),
                ((i.label[:1].upper() + i.label[1:], i.count, _rows_list(i.rows, 40)) for i in r.identifiers),
                (False, True, False),
            )
        )
    else:
        s.append('<p class="ok">Nothing that looks like a personal identifier was found in the records.</p>')
    s.append("</section>")

    s.append('<section aria-labelledby="s-quality"><h2 id="s-quality">How well outcomes are recorded</h2>')
    s.append(
        "<p>How many records meet each of the eight recording criteria of the Scottish Social Services "
        "Council.</p>"
    )
    s.append(
        _bar_chart(ids, "Records meeting each recording criterion", [(c.label, c.met) for c in r.criteria], n)
    )
    s.append(
        _table(
            "Records meeting each recording criterion",
            ("Criterion", "Records", "Per cent"),
            ((c.label, c.met, _pct(c.met, n)) for c in r.criteria),
            (False, True, True),
        )
    )
    if r.jargon:
        s.append(
            _table(
                "Most common jargon, and a plainer way to say it",
                ("Words used", "Times", "Records", "Plainer words"),
                ((x.text, x.count, x.records, x.suggestion) for x in r.jargon[:15]),
                (False, True, True, False),
            )
        )
    if r.deficit:
        s.append(f"<p>{_e(r.deficit[0].suggestion)}</p>")
        s.append(
            _table(
                "Words that describe only what a person cannot do",
                ("Words used", "Times", "Records"),
                ((x.text, x.count, x.records) for x in r.deficit[:15]),
                (False, True, True),
            )
        )
    s.append("</section>")

    s.append('<section aria-labelledby="s-matters"><h2 id="s-matters">What matters to people</h2>')
    s.append(
        "<p>How many records show each Talking Points outcome. A record can show more than one. "
        + _e(" ".join(_how_read(r)))
        + "</p>"
    )
    if r.categories:
        s.append(
            _bar_chart(ids, "Records showing each outcome", [(c.label, c.count) for c in r.categories], n)
        )
        s.append(
            _table(
                "Records showing each outcome",
                ("Outcome", "Records", "Per cent"),
                ((c.label, c.count, _pct(c.count, n)) for c in r.categories),
                (False, True, True),
            )
        )
    quoted = [c for c in r.categories if c.quotes]
    if quoted:
        s.append("<h3>In people\u2019s own words</h3>")
        s.append(
            "<p>A few of the words people used, for each outcome, so that the numbers keep their meaning.</p>"
        )
        for c in quoted:
            s.append(f"<h4>{_e(c.label)}</h4>")
            s.extend(
                f'<blockquote><p>\u201c{_e(q.text)}\u201d</p><p class="src">Row {q.row}</p></blockquote>'
                for q in c.quotes
            )
    s.append("</section>")

    if r.national_outcomes:
        s.append(
            '<section aria-labelledby="s-national"><h2 id="s-national">National Health and Wellbeing '
            "Outcomes</h2><p>The national outcomes these records contribute to.</p>"
        )
        s.append(
            _bar_chart(
                ids,
                "Records contributing to each national outcome",
                [(f"{x.number}. {x.text}", x.count) for x in r.national_outcomes],
                n,
            )
        )
        s.append(
            _table(
                "Records contributing to each national outcome",
                ("National outcome", "Records", "Per cent"),
                ((f"{x.number}. {x.text}", x.count, _pct(x.count, n)) for x in r.national_outcomes),
                (False, True, True),
            )
        )
        s.append("</section>")

    if r.status_column:
        labels = {st.id: st.label for st in statuses()}
        s.append(
            '<section aria-labelledby="s-achieved"><h2 id="s-achieved">Achievement</h2>'
            f"<p>From the column \u2018{_e(r.status_column)}\u2019.</p>"
        )
        s.append(
            _table(
                "Records by achievement status",
                ("Status", "Records"),
                ((labels.get(st, "Not recorded or not recognised"), k) for st, k in r.statuses),
                (False, True),
            )
        )
        if r.unrecognised_statuses:
            words = ", ".join(f"\u2018{v}\u2019 ({k:,})" for v, k in r.unrecognised_statuses)
            s.append(f"<p>Statuses not recognised: {_e(words)}.</p>")
        rows = [c for c in r.categories if sum(k for _, k in c.achievement)]
        if rows:
            s.append(_stacked_chart(ids, "Achievement by outcome", [(c.label, c.achievement) for c in rows]))
            s.append(
                _table(
                    "Achievement by outcome",
                    ("Outcome", *(st.label for st in statuses())),
                    ((c.label, *(k for _, k in c.achievement)) for c in rows),
                    (False, *(True for _ in statuses())),
                )
            )
        s.append("</section>")

    if r.teams:
        s.append(
            '<section aria-labelledby="s-teams"><h2 id="s-teams">By team</h2>'
            f"<p>From the column \u2018{_e(r.team_column)}\u2019.</p>"
        )
        s.append(
            _table(
                "Recording quality by team (per cent of each team\u2019s records meeting each criterion)",
                ("Team", "Records", *(CRITERION_LABELS[c] for c in CRITERIA)),
                (
                    (t.team, t.records, *(_pct(dict(t.criteria)[c], t.records) for c in CRITERIA))
                    for t in r.teams
                ),
                (False, True, *(True for _ in CRITERIA)),
            )
        )
        top_cats = list(r.categories[:10])
        s.append(
            _table(
                "What matters to people, by team (records showing each outcome; the ten most common)",
                ("Team", *(c.label for c in top_cats)),
                ((t.team, *(dict(t.categories).get(c.id, 0) for c in top_cats)) for t in r.teams),
                (False, *(True for _ in top_cats)),
            )
        )
        s.append("</section>")

    if r.months:
        s.append(
            '<section aria-labelledby="s-dates"><h2 id="s-dates">Records by month</h2>'
            f"<p>From the column \u2018{_e(r.date_column)}\u2019."
            + (f" {r.unreadable_dates:,} dates could not be read." if r.unreadable_dates else "")
            + "</p>"
        )
        s.append(_table("Records by month", ("Month", "Records"), r.months, (False, True)))
        s.append("</section>")

    if r.skipped:
        s.append(
            '<section aria-labelledby="s-skipped"><h2 id="s-skipped">Records that could not be checked</h2>'
        )
        s.append(
            _table(
                "Records that could not be checked",
                ("Row", "Why"),
                ((str(x.row), x.reason) for x in r.skipped[:200]),
                (False, False),
            )
        )
        s.append("</section>")

    s.append(
        "<footer><p>Made with the Outcomes Guide service view, in the browser or on the command line; "
        "nothing was uploaded. These figures come from automatic checks of the wording of each record: "
        "read the records behind them before acting on them.</p></footer>"
    )
    s.append("</main></body></html>")
    return "\n".join(s) + "\n"


# --------------------------------------------------------------------------------------------------------
# The worker's entry point

_STATE: dict[str, Any] = {}
_FILE_NUMBERS = itertools.count(1)
STEP_DEFAULT = 200


def _option(payload: Mapping[str, Any], key: str) -> str | None:
    value = payload.get(key)
    return value if isinstance(value, str) and value.strip() else None


def _table_for(payload: Mapping[str, Any]) -> Table:
    """The table of the request: read from ``csv`` (and remembered), or the remembered one by ``file``."""
    csv_text = payload.get("csv")
    if isinstance(csv_text, str):
        raw_notices = payload.get("notices")
        notices = [str(x) for x in raw_notices] if isinstance(raw_notices, list) else []
        table = read_table(csv_text, notices=notices)
        _STATE.clear()
        _STATE["file"] = next(_FILE_NUMBERS)
        _STATE["table"] = table
        return table
    if "table" in _STATE and payload.get("file") == _STATE.get("file"):
        remembered: Table = _STATE["table"]
        return remembered
    raise InputError("The file is no longer open in this page. Choose the file again.")


def handle_request(payload: Mapping[str, Any], progress: Progress | None = None) -> dict[str, Any]:
    """One request from the service view page. ``mode`` says which:

    ``columns``
        ``{csv, notices?}`` → ``{file, columns, rows, delimiter, suggested}``. The file's text is read and
        remembered; later requests name it by ``file`` instead of sending the text again.
    ``scan``
        ``{file | csv, column}`` → the identifier check alone: ``{records, rows, kinds}``.
    ``begin``
        ``{file | csv, column, team_column?, status_column?, date_column?, mask?}`` → ``{total, done}``.
    ``next``
        ``{count?}`` → ``{total, done}`` after the next ``count`` records (200 if not given). The page
        shows progress between these requests, and the worker is free between them.
    ``end``
        ``{}`` → ``{report, html}`` once every record is done.
    ``report``
        ``begin``, every ``next`` and ``end`` in one request.
    ``forget``
        ``{}`` → ``{}``: drop the file and the report from memory (the page's Clear button).
    """
    mode = payload.get("mode", "report")
    if mode == "forget":
        _STATE.clear()
        return {}
    if mode in ("columns", "scan", "begin", "report"):
        table = _table_for(payload)
        if mode == "columns":
            return {
                "file": _STATE["file"],
                "columns": list(table.columns),
                "rows": len(table.rows),
                "delimiter": _DELIMITER_NAMES.get(table.delimiter, table.delimiter),
                "suggested": suggest_columns(table),
            }
        column = _option(payload, "column")
        if column is None:
            raise InputError("Choose the column that holds the records.")
        if mode == "scan":
            return scan_identifiers(table, column)
        auditor = Auditor(
            table,
            column,
            team_column=_option(payload, "team_column"),
            status_column=_option(payload, "status_column"),
            date_column=_option(payload, "date_column"),
            mask_identifiers=bool(payload.get("mask")),
        )
        _STATE["auditor"] = auditor
        if mode == "begin":
            return {"total": auditor.total, "done": auditor.done}
        while auditor.done < auditor.total:
            auditor.add(STEP_DEFAULT)
            if progress is not None:
                progress(auditor.done, auditor.total)
    current = _STATE.get("auditor")
    if not isinstance(current, Auditor):
        raise InputError("The report was not started. Choose the file again.")
    if mode == "next":
        count = payload.get("count", STEP_DEFAULT)
        current.add(count if isinstance(count, int) and count > 0 else STEP_DEFAULT)
        return {"total": current.total, "done": current.done}
    if mode not in ("end", "report"):
        raise InputError(f"Unknown service view request {mode!r}.")
    if current.done < current.total:
        raise InputError("The report is not finished yet.")
    report = current.report()
    return {"report": report.to_dict(), "html": render_html(report)}
