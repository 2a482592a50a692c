"""Likely personal identifiers in a record: CHI and NHS numbers, postcodes, phone numbers, email addresses,
dates of birth and names after a title (Mr, Mrs, Ms, Miss, Mx, Dr).

The patterns are data (``data/identifiers/*.json``); each rule is a small set of regular expressions with an
optional check from a closed set that cuts false alarms:

``chi``
    the ten digits start with a real date, DDMMYY (a CHI number starts with the person's date of birth);
``nhs``
    the tenth digit is the modulus 11 check digit of the first nine (as every NHS number's is);
``uk-phone``
    ten or eleven digits with a UK dialling prefix (01, 02, 03, 05, 07, 08, 09, or +44);
``near``
    one of the rule's keywords ("DOB", "date of birth", "born") ends a few characters before the match, with
    no other number in between.

Rules are tried in file order and, where two matches overlap, the earlier rule wins: a ten-digit number that
starts with a date is reported as a CHI number, not as an NHS number or a phone number.

This is a safety net, not a guarantee: it finds what *looks like* an identifier, and a person still has to
read a record before sharing it.
"""

from __future__ import annotations

import importlib
import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from outcomes_tools._data import DataError, check_keys, data_files, expect, string_list, unique_ids

__all__ = ["Identifier", "IdentifierKind", "find_identifiers", "identifier_kinds", "mask"]

FOLDER = "identifiers"
CHECKS = ("chi", "nhs", "uk-phone", "near")
_NATIONAL_PREFIXES = frozenset("1235789")
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@dataclass(frozen=True, slots=True)
class Identifier:
    """One likely identifier: ``text[start:end]`` is what was found; ``message`` says what to do."""

    kind: str
    start: int
    end: int
    text: str
    message: str

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class IdentifierKind:
    """One rule of the data: what it finds, how to name it to a person, and what replaces it when masked."""

    kind: str
    label: str
    placeholder: str
    message: str
    patterns: tuple[re.Pattern[str], ...]
    check: str | None = None
    near: re.Pattern[str] | None = None
    window: int = 0
    not_words: frozenset[str] = frozenset()
    #: For each pattern, characters of which every match holds at least one ("0123456789" for a pattern that
    #: cannot match without a digit), or "" when nothing is known: a text without them is not searched.
    needs: tuple[str, ...] = ()
    #: For each digit-needing pattern, the longest match it can make (0: unbounded or unknown). A match then
    #: starts at most that far before a digit, so only those places are tried.
    reach: tuple[int, ...] = ()


def _rule(raw: object, where: str) -> IdentifierKind:
    obj = check_keys(
        raw,
        where,
        required=("kind", "label", "placeholder", "message", "patterns"),
        optional=("check", "near", "window", "not"),
    )
    for key in ("kind", "label", "placeholder", "message"):
        if not expect(obj[key], str, f"{where}.{key}").strip():
            raise DataError(f"{where}.{key}: must not be empty")
    patterns: list[re.Pattern[str]] = []
    for i, source in enumerate(string_list(obj["patterns"], f"{where}.patterns")):
        try:
            patterns.append(re.compile(source))
        except re.error as exc:
            raise DataError(f"{where}.patterns[{i}]: not a valid regular expression ({exc})") from exc
    if not patterns:
        raise DataError(f"{where}.patterns: needs at least one pattern")
    check = obj.get("check")
    if check is not None and check not in CHECKS:
        raise DataError(f"{where}.check: unknown check {check!r} (allowed: {', '.join(CHECKS)})")
    near: re.Pattern[str] | None = None
    window = 0
    if check == "near":
        if "near" not in obj or "window" not in obj:
            raise DataError(f"{where}: the check 'near' needs the keys 'near' and 'window'")
        words = sorted(string_list(obj["near"], f"{where}.near"), key=len, reverse=True)
        near = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE)
        window = expect(obj["window"], int, f"{where}.window")
        if window < 0:
            raise DataError(f"{where}.window: must not be negative")
    elif "near" in obj or "window" in obj:
        raise DataError(f"{where}: 'near' and 'window' belong only with the check 'near'")
    not_words = frozenset(string_list(obj.get("not", []), f"{where}.not"))
    needs = tuple(_needed_chars(p) for p in patterns)
    reach = tuple(_reach(p) if n == _DIGITS else 0 for p, n in zip(patterns, needs, strict=True))
    return IdentifierKind(
        kind=obj["kind"],
        label=obj["label"],
        placeholder=obj["placeholder"],
        message=obj["message"],
        patterns=tuple(patterns),
        check=check,
        near=near,
        window=window,
        not_words=not_words,
        needs=needs,
        reach=reach,
    )


_DIGITS = "0123456789"
_DIGIT_SET = frozenset(_DIGITS)


def _needed_chars(pattern: re.Pattern[str]) -> str:
    """Characters of which every match of ``pattern`` must hold one: the digits if no match can be made
    without a digit, else a punctuation mark every match must hold ("@"), else "" (nothing known).

    Read from the parsed pattern; anything the reading does not know (look-arounds, back-references, an
    unfamiliar parser) counts as "might match without", so a text is never wrongly skipped.
    """
    try:
        parser: Any = importlib.import_module("re._parser")
        constants: Any = importlib.import_module("re._constants")
        tree = parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # another Python's parser: fall back to searching every text
        return ""

    def all_digits(items: Any) -> bool:
        if not items:
            return False
        for op, av in items:
            if op is constants.LITERAL and chr(av) in _DIGITS:
                continue
            if op is constants.RANGE and ord("0") <= av[0] <= av[1] <= ord("9"):
                continue
            if op is constants.CATEGORY and av is constants.CATEGORY_DIGIT:
                continue
            return False
        return True

    def must(seq: Any, wanted: str) -> bool:
        """Every match of the sequence holds a character of ``wanted``."""
        for op, av in seq:
            if wanted == _DIGITS and op is constants.IN and all_digits(av):
                return True
            if op is constants.LITERAL and chr(av) in wanted:
                return True
            if op in (constants.MAX_REPEAT, constants.MIN_REPEAT) and av[0] >= 1 and must(av[2], wanted):
                return True
            if op is constants.SUBPATTERN and must(av[-1], wanted):
                return True
            if op is constants.BRANCH and all(must(branch, wanted) for branch in av[1]):
                return True
        return False

    if must(tree, _DIGITS):
        return _DIGITS
    for ch in "@/+:":
        if must(tree, ch):
            return ch
    return ""


@cache
def identifier_kinds() -> tuple[IdentifierKind, ...]:
    """Every rule of ``data/identifiers/*.json``, in the order they are tried."""
    rules: list[tuple[IdentifierKind, str]] = []
    for df in data_files(FOLDER):
        top = check_keys(df.content, df.name, required=("identifiers",), optional=("about",))
        items = expect(top["identifiers"], list, f"{df.name}: identifiers")
        for i, raw in enumerate(items):
            where = f"{df.name}: identifiers[{i}]"
            rules.append((_rule(raw, where), where))
    unique_ids((rule.kind, where) for rule, where in rules)
    return tuple(rule for rule, _ in rules)


def _digits(text: str) -> str:
    return "".join(ch for ch in text if "0" <= ch <= "9")


def _is_chi(text: str) -> bool:
    digits = _digits(text)
    if len(digits) != 10:
        return False
    day, month = int(digits[0:2]), int(digits[2:4])
    return 1 <= month <= 12 and 1 <= day <= _DAYS_IN_MONTH[month - 1]


def _is_nhs(text: str) -> bool:
    digits = _digits(text)
    if len(digits) != 10 or len(set(digits)) == 1:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _is_uk_phone(text: str) -> bool:
    if text.count("(") != text.count(")"):
        return False
    digits = _digits(text)
    if text.startswith("+44"):
        digits = digits[2:]
        if not digits.startswith("0"):
            digits = "0" + digits
    if not digits.startswith("0") or len(digits) not in (10, 11):
        return False
    return digits[1] in _NATIONAL_PREFIXES


def _near(rule: IdentifierKind, text: str, start: int) -> bool:
    assert rule.near is not None
    lo = max(0, start - rule.window - 40)
    return any(
        0 <= start - m.end() <= rule.window and not any(ch.isdigit() for ch in text[m.end() : start])
        for m in rule.near.finditer(text, lo, start)
    )


def _trim_name(rule: IdentifierKind, found: str) -> str:
    """Drop a trailing word that is not a name ("Mr Brown Said" → "Brown"); empty if the first word is not."""
    kept: list[str] = []
    for word in found.split(" "):
        if word in rule.not_words:
            break
        kept.append(word)
    return " ".join(kept)


_MAX_REACH = 64
_DIGIT_RUN = re.compile(r"\d+")


def _reach(pattern: re.Pattern[str]) -> int:
    """The longest match ``pattern`` can make, if at most ``_MAX_REACH`` characters (look-arounds take no
    room); else 0."""
    try:
        parser: Any = importlib.import_module("re._parser")
        _low, high = parser.parse(pattern.pattern, pattern.flags).getwidth()
    except Exception:  # another Python's parser: search the whole text
        return 0
    return int(high) if 0 < high <= _MAX_REACH else 0


def _starts_near_digits(text: str, runs: Sequence[tuple[int, int]], reach: int) -> list[int] | None:
    """Every place a match of at most ``reach`` characters holding a digit can start, in order; None when
    that is a good part of the text (then a plain search is quicker)."""
    places: list[int] = []
    last = -1
    for run_start, run_end in runs:
        lo = max(last + 1, run_start - reach + 1, 0)
        places.extend(range(lo, run_end))
        last = max(last, run_end - 1)
        if len(places) * 8 > len(text):
            return None
    return places


def _matches(
    pattern: re.Pattern[str], text: str, reach: int, runs: Sequence[tuple[int, int]] | None
) -> Iterable[re.Match[str]]:
    """``pattern.finditer(text)``, trying only the places near a digit when the pattern's matches need one
    and are short."""
    places = _starts_near_digits(text, runs, reach) if reach and runs is not None else None
    if places is None:
        yield from pattern.finditer(text)
        return
    pos = 0
    for p in places:
        if p < pos:
            continue
        m = pattern.match(text, p)
        if m is not None:
            yield m
            pos = m.end() if m.end() > p else p + 1


def _candidates(
    rule: IdentifierKind,
    text: str,
    present: frozenset[str],
    runs: Sequence[tuple[int, int]] | None = None,
) -> Iterable[tuple[int, int]]:
    n = len(rule.patterns)
    for pattern, needs, reach in zip(
        rule.patterns, rule.needs or ("",) * n, rule.reach or (0,) * n, strict=True
    ):
        if needs and not any(ch in present for ch in needs):
            continue  # no match can be made without one of these characters, and the text has none
        named = "id" in pattern.groupindex
        for m in _matches(pattern, text, reach, runs):
            start, end = m.span("id") if named else m.span()
            if start < 0 or start == end:
                continue
            found = text[start:end]
            if rule.not_words:
                found = _trim_name(rule, found)
                if not found:
                    continue
                end = start + len(found)
            if rule.check == "chi" and not _is_chi(found):
                continue
            if rule.check == "nhs" and not _is_nhs(found):
                continue
            if rule.check == "uk-phone" and not _is_uk_phone(found):
                continue
            if rule.check == "near" and not _near(rule, text, start):
                continue
            yield (start, end)


def _present(text: str) -> frozenset[str]:
    """Which of the characters the patterns may need (digits, "@", "/", "+", ":") occur in ``text``."""
    return frozenset(ch for ch in _DIGITS + "@/+:" if ch in text)


def find_identifiers(text: str) -> tuple[Identifier, ...]:
    """Everything in ``text`` that looks like a personal identifier, in text order, never overlapping."""
    # The spans taken so far, kept sorted and never overlapping, so their ends are sorted too: a new span
    # [start, end) overlaps one iff the last span starting before ``end`` ends after ``start``.
    starts: list[int] = []
    ends: list[int] = []
    found: list[Identifier] = []
    present = _present(text)
    runs = [m.span() for m in _DIGIT_RUN.finditer(text)] if present & _DIGIT_SET else []
    for rule in identifier_kinds():
        for start, end in _candidates(rule, text, present, runs):
            i = bisect_left(starts, end)
            if i > 0 and ends[i - 1] > start:
                continue
            starts.insert(i, start)
            ends.insert(i, end)
            found.append(Identifier(rule.kind, start, end, text[start:end], rule.message))
    found.sort(key=lambda ident: ident.start)
    return tuple(found)


def mask(text: str, identifiers: Sequence[Identifier]) -> str:
    """``text`` with each identifier replaced by its placeholder ("[CHI number]", "[name]", …).

    Identifiers whose span lies outside the text, or overlaps one already masked, are skipped; the rest of
    the text is kept exactly as given.
    """
    placeholders = {rule.kind: rule.placeholder for rule in identifier_kinds()}
    parts: list[str] = []
    pos = 0
    for ident in sorted(identifiers, key=lambda i: (i.start, -i.end)):
        if ident.start < pos or ident.end > len(text) or ident.start >= ident.end:
            continue
        parts.append(text[pos : ident.start])
        parts.append(placeholders.get(ident.kind, "[removed]"))
        pos = ident.end
    parts.append(text[pos:])
    return "".join(parts)
