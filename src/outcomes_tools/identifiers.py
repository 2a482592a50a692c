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
    #: For each pattern with a reach, the fewest digits any of its matches holds: a stretch of text whose
    #: digit runs hold fewer is not searched.
    fewest: tuple[int, ...] = ()
    #: For each pattern with a reach, how far past the place it starts a try at a match may read the text (the
    #: reach, look-aheads and a margin), or 0 when unknown: the text is then cut that far past a stretch, and
    #: the stretch searched in one go (see ``_first_match``).
    room: tuple[int, ...] = ()
    #: For each pattern, two character sets that the first two characters of every match belong to, as one
    #: plain pattern (see ``_gate``), or None: where the whole text is searched, only the places it finds are
    #: tried.
    gates: tuple[re.Pattern[str] | None, ...] = ()


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
    fewest = tuple(_fewest_digits(p) if r else 0 for p, r in zip(patterns, reach, strict=True))
    room = tuple(_room(p, r) if r else 0 for p, r in zip(patterns, reach, strict=True))
    gates = tuple(_gate(p) for p in patterns)
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
        fewest=fewest,
        room=room,
        gates=gates,
    )


_DIGITS = "0123456789"
_DIGIT_SET = frozenset(_DIGITS)


def _all_digits(items: Any, constants: Any) -> bool:
    """The items of a parsed character set (``[...]``) match only digits."""
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


def _needed_chars(pattern: re.Pattern[str]) -> str:
    """Characters of which every match of ``pattern`` must hold one: the digits if no match can be made
    without a digit, else a punctuation mark every match must hold ("@"), else "" (nothing known).

    Read from the parsed pattern; anything the reading does not know (look-arounds, back-references, an
    unfamiliar parser) counts as "might match without", so a text is never wrongly skipped.
    """
    parsed = _parsed(pattern)
    if parsed is None:  # another Python's parser: fall back to searching every text
        return ""
    tree, constants = parsed

    def must(seq: Any, wanted: str) -> bool:
        """Every match of the sequence holds a character of ``wanted``."""
        for op, av in seq:
            if wanted == _DIGITS and op is constants.IN and _all_digits(av, constants):
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
#: A run of digits, as ``\\d+`` (written so that the regular expression engine skips quickly to a digit),
#: and the same for a text of ASCII characters only, where ``\\d`` matches only 0 to 9.
_DIGIT_RUN = re.compile(r"\d\d*")
_ASCII_DIGIT_RUN = re.compile(r"[0-9][0-9]*")
#: How many characters past its reach and look-aheads a try at a match may still look at: "$" and "\b" look
#: at the next character (and "$" at the one after, for a final line break). Two would do.
_MARGIN = 4
#: What one search of a stretch costs on top of its length, in characters searched: more stretches than the
#: text can pay for, and the whole text is searched instead.
_SEARCH_COST = 16


@cache  # read by several of the short cuts above and below: parsed once each (the trees are only read)
def _parsed(pattern: re.Pattern[str]) -> tuple[Any, Any] | None:
    """The parse tree of ``pattern`` and the parser's constants; None on a Python whose parser differs."""
    try:
        parser: Any = importlib.import_module("re._parser")
        constants: Any = importlib.import_module("re._constants")
        return parser.parse(pattern.pattern, pattern.flags), constants
    except Exception:
        return None


def _reach(pattern: re.Pattern[str]) -> int:
    """The longest match ``pattern`` can make, if at most ``_MAX_REACH`` characters (look-arounds take no
    room); else 0."""
    parsed = _parsed(pattern)
    if parsed is None:  # another Python's parser: search the whole text
        return 0
    _low, high = parsed[0].getwidth()
    return int(high) if 0 < high <= _MAX_REACH else 0


def _fewest_digits(pattern: re.Pattern[str]) -> int:
    """The fewest digits a match of ``pattern`` holds, counting only parts that match nothing but digits
    ("\\d", "[0-9]", "7"): a floor, 0 when nothing is known. Each such part matches only what ``\\d`` matches,
    so the digits lie in the text's digit runs."""
    parsed = _parsed(pattern)
    if parsed is None:
        return 0
    tree, c = parsed

    def fewest(seq: Any) -> int:
        total = 0
        for op, av in seq:
            if op is c.LITERAL:
                total += chr(av) in _DIGITS
            elif op is c.IN:
                total += _all_digits(av, c)
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
                total += av[0] * fewest(av[2])
            elif op is c.SUBPATTERN:
                total += fewest(av[-1])
            elif op is c.ATOMIC_GROUP:
                total += fewest(av)
            elif op is c.BRANCH:
                total += min(fewest(branch) for branch in av[1])
            # anything else (look-arounds, back-references, "." ...) may hold no digit: counts 0
        return total

    try:
        return fewest(tree)
    except Exception:  # a parse tree of another shape
        return 0


def _room(pattern: re.Pattern[str], reach: int) -> int:
    """How far past the place it starts a try at a match of ``pattern`` may look at the text: its reach, the
    widths of all its look-aheads, and ``_MARGIN``; 0 when unknown (a look-ahead of unbounded width, or a part
    this reading does not know)."""
    parsed = _parsed(pattern)
    if parsed is None or not reach:
        return 0
    tree, c = parsed
    leaves = (c.LITERAL, c.NOT_LITERAL, c.ANY, c.IN, c.AT, c.CATEGORY, c.GROUPREF)
    repeats = (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT)

    def ahead(seq: Any) -> int | None:
        """The widths of every look-ahead in ``seq``, added up (None: unbounded or unknown)."""
        total = 0
        for op, av in seq:
            if op in leaves:
                continue
            if op in (c.ASSERT, c.ASSERT_NOT):
                direction, sub = av
                if direction > 0:
                    _low, high = sub.getwidth()
                    if high > _MAX_REACH:
                        return None
                    total += int(high)
                children = [sub]
            elif op is c.BRANCH:
                children = list(av[1])
            elif op is c.SUBPATTERN:
                children = [av[-1]]
            elif op in repeats:
                children = [av[2]]
            elif op is c.ATOMIC_GROUP:
                children = [av]
            elif op is c.GROUPREF_EXISTS:
                children = [branch for branch in av[1:] if branch is not None]
            else:
                return None
            for child in children:
                inner = ahead(child)
                if inner is None:
                    return None
                total += inner
        return total

    try:
        widths = ahead(tree)
    except Exception:  # a parse tree of another shape
        return 0
    return 0 if widths is None else reach + widths + _MARGIN


#: Every character outside ASCII, as a range in a character set: under IGNORECASE an ASCII letter also
#: matches some of them ("ſ" matches "s", the Kelvin sign "K" matches "k").
_NOT_ASCII = "\\x80-\\U0010ffff"
_GATE_WIDTH = 2
#: The ways the first characters of a match can go: each a tuple of character sets (insides of ``[...]``).
_Heads = frozenset[tuple[str, ...]]


def _gate(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A plain pattern of two character sets, ``[...][...]``, that matches at every place where a match of
    ``pattern`` starts (and at others): the first character of every match is in the first set, the second
    in the second. The regular expression engine skips quickly to the places it matches, where ``pattern``
    is then tried (see ``_finditer``). None when that is unknown: a match may be shorter than two characters,
    or start with a part this reading does not know ("." , a back-reference, a non-ASCII letter under
    IGNORECASE...).

    Read from the parsed pattern: every way through it gives the sets its first two characters can come
    from; look-arounds and anchors take no character, so they are passed over (which only adds places).
    """
    parsed = _parsed(pattern)
    if parsed is None:
        return None
    tree, c = parsed
    width = _GATE_WIDTH
    categories = {
        c.CATEGORY_DIGIT: "\\d",
        c.CATEGORY_SPACE: "\\s",
        c.CATEGORY_WORD: "\\w",
        c.CATEGORY_NOT_DIGIT: "\\D",
        c.CATEGORY_NOT_SPACE: "\\S",
        c.CATEGORY_NOT_WORD: "\\W",
    }
    negated = {c.CATEGORY_NOT_DIGIT, c.CATEGORY_NOT_SPACE, c.CATEGORY_NOT_WORD}

    def char(code: int) -> str:
        return f"\\U{code:08x}"

    def one(op: Any, av: Any, flags: int) -> str | None:
        """What one character matched by ``(op, av)`` can be, as the inside of a character set."""
        caseless = bool(flags & re.IGNORECASE)
        if op is c.LITERAL:
            ch = chr(av)
            if not caseless or (ch.isascii() and not ch.isalpha()):  # no other case to match
                return char(av)
            if not ch.isascii():
                return None
            return char(ord(ch.lower())) + char(ord(ch.upper())) + _NOT_ASCII
        if op is not c.IN:
            return None
        parts: list[str] = []
        for item, value in av:
            if item is c.LITERAL:
                part = one(c.LITERAL, value, flags)
                if part is None:
                    return None
                parts.append(part)
            elif item is c.RANGE:
                low, high = value
                if caseless and high >= 0x80:
                    return None
                parts.append(char(low) + "-" + char(high))
                letters = (
                    [chr(code) for code in range(low, high + 1) if chr(code).isalpha()] if caseless else []
                )
                parts.extend(char(ord(ch.lower())) + char(ord(ch.upper())) for ch in letters)
                if letters:
                    parts.append(_NOT_ASCII)
            elif item is c.CATEGORY and value in categories:
                if value in negated and flags & re.ASCII:
                    return None  # (?a)\\W holds letters that \\W does not
                parts.append(categories[value])
            else:  # NEGATE and the rest
                return None
        return "".join(parts) or None

    def walk(seq: Any, flags: int, heads: _Heads) -> _Heads | None:
        """``heads``, the ways the first characters can go so far, each carried on through ``seq``."""
        for op, av in seq:
            if all(len(h) == width for h in heads):
                return heads
            if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
                continue
            if op is c.SUBPATTERN:
                _group, add, remove, sub = av
                new = walk(sub, (flags | add) & ~remove, heads)
            elif op is c.ATOMIC_GROUP:
                new = walk(av, flags, heads)
            elif op is c.BRANCH:
                new = frozenset()
                for branch in av[1]:
                    got = walk(branch, flags, heads)
                    if got is None:
                        return None
                    new |= got
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
                low, high, sub = av
                new = heads
                for _ in range(min(low, width)):
                    got = walk(sub, flags, new)
                    if got is None:
                        return None
                    new = got
                done, more = new, high - min(low, width)
                while more > 0:  # any number of further times: until nothing new comes
                    got = walk(sub, flags, done)
                    if got is None:
                        return None
                    if got <= done:
                        break
                    done, more = done | got, more - 1
                new = done
            else:
                part = one(op, av, flags)
                if part is None:
                    return None
                new = frozenset((*h, part) if len(h) < width else h for h in heads)
            if new is None:
                return None
            heads = new
        return heads

    try:
        heads = walk(tree, tree.state.flags, frozenset({()}))
    except Exception:  # a parse tree of another shape
        return None
    if not heads or any(len(h) < width for h in heads):
        return None
    return re.compile("".join(_charset("".join(sorted({h[i] for h in heads}))) for i in range(width)))


def _charset(inside: str) -> str:
    """``[inside]``, written as ``[^...]`` (its ASCII complement) when it holds every non-ASCII character:
    the same set, but a set with a range up to U+10FFFF takes milliseconds to compile."""
    if _NOT_ASCII not in inside:
        return "[" + inside + "]"
    rest = inside.replace(_NOT_ASCII, "")
    member = re.compile("[" + rest + "]") if rest else None
    outside = [c for c in range(128) if member is None or not member.fullmatch(chr(c))]
    if not outside:
        return "[\\s\\S]"
    return "[^" + "".join(f"\\x{c:02x}" for c in outside) + "]"


def _finditer(pattern: re.Pattern[str], gate: re.Pattern[str] | None, text: str) -> Iterable[re.Match[str]]:
    """``pattern.finditer(text)``, trying ``pattern`` only where ``gate`` matches, while those places are
    few (one in 32 characters); past that, the plain search goes on from there."""
    if gate is None:
        yield from pattern.finditer(text)
        return
    pos = tries = 0
    while True:
        g = gate.search(text, pos)
        if g is None:
            return
        p = g.start()
        tries += 1
        if tries * 32 > p + 256:
            yield from pattern.finditer(text, p)
            return
        m = pattern.match(text, p)
        if m is None:
            pos = p + 1
            continue
        yield m
        pos = m.end() if m.end() > p else p + 1


def _stretches(
    runs: Sequence[tuple[int, int]], reach: int, fewest: int, size: int
) -> list[tuple[int, int]] | None:
    """The stretches ``[lo, hi)`` of places where a match of at most ``reach`` characters holding at least
    ``fewest`` digits (and one at the least) can start, in order and apart; None when the text (``size``
    characters) has so many digit runs, or the stretches cover so much of it, that a plain search is quicker.

    Digit runs less than ``reach`` apart (from one's end to the next's start) form a group, and a match takes
    all its digits from one group: the runs between two of its digits lie inside it. A group with fewer digits
    than ``fewest`` is passed over; a group from ``a`` to ``b`` gives the stretch ``[a - reach + 1, b)``.
    """
    need = max(fewest, 1)
    found: list[tuple[int, int]] = []
    cost = 0
    lo, hi, digits = 0, 0, 0
    for i, (start, end) in enumerate(runs):
        if digits and start - hi < reach:
            hi = end
            digits += end - start
        else:
            if digits >= need:
                found.append((max(0, lo - reach + 1), hi))
                cost += hi - lo + reach + _SEARCH_COST
            lo, hi, digits = start, end, end - start
        if i * 16 > size or (digits >= need and (cost + hi - lo + reach + _SEARCH_COST) * 2 > size):
            return None
    if digits >= need:
        found.append((max(0, lo - reach + 1), hi))
    return found


def _first_match(pattern: re.Pattern[str], text: str, lo: int, hi: int, room: int) -> re.Match[str] | None:
    """``pattern.match(text, p)`` for the first place ``p`` in ``[lo, hi)`` where there is a match, or None.

    With a ``room``, one search of the text cut ``room`` characters past the last place: a try that starts at
    a place in the stretch looks at nothing from the cut on, so it goes just as it would on the whole text.
    The match found is made again on the whole text; should the two ever differ, each place is tried in turn.
    """
    if room:
        m = pattern.search(text, lo, hi - 1 + room)
        if m is None or m.start() >= hi:
            return None
        whole = pattern.match(text, m.start())
        if whole is not None and whole.regs == m.regs:
            return whole
    for p in range(lo, hi):
        m = pattern.match(text, p)
        if m is not None:
            return m
    return None


def _matches(
    pattern: re.Pattern[str],
    text: str,
    reach: int,
    runs: Sequence[tuple[int, int]] | None,
    *,
    fewest: int = 0,
    room: int = 0,
    gate: re.Pattern[str] | None = None,
) -> Iterable[re.Match[str]]:
    """``pattern.finditer(text)``, searching only the stretches near enough digits when the pattern's matches
    need digits and are short."""
    stretches = _stretches(runs, reach, fewest, len(text)) if reach and runs is not None else None
    if stretches is None:
        yield from _finditer(pattern, gate, text)
        return
    pos = 0
    for lo, hi in stretches:
        lo = max(lo, pos)
        while lo < hi:
            m = _first_match(pattern, text, lo, hi, room)
            if m is None:
                break
            yield m
            lo = pos = m.end() if m.end() > m.start() else m.start() + 1


def _candidates(
    rule: IdentifierKind,
    text: str,
    present: frozenset[str],
    runs: Sequence[tuple[int, int]] | None = None,
) -> Iterable[tuple[int, int]]:
    n = len(rule.patterns)
    for pattern, needs, reach, fewest, room, gate in zip(
        rule.patterns,
        rule.needs or ("",) * n,
        rule.reach or (0,) * n,
        rule.fewest or (0,) * n,
        rule.room or (0,) * n,
        rule.gates or (None,) * n,
        strict=True,
    ):
        if needs and not any(ch in present for ch in needs):
            continue  # no match can be made without one of these characters, and the text has none
        named = "id" in pattern.groupindex
        for m in _matches(pattern, text, reach, runs, fewest=fewest, room=room, gate=gate):
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
    """Which of the characters the patterns may need (digits, "@", "/", "+", ":") occur in ``text``; all the
    digits when the text has any (``\\d`` also matches other scripts' digits, such as "٣")."""
    present = {ch for ch in "@/+:" if ch in text}
    if any(ch in text for ch in _DIGITS) or (not text.isascii() and _DIGIT_RUN.search(text)):
        present.update(_DIGITS)
    return frozenset(present)


def find_identifiers(text: str) -> tuple[Identifier, ...]:
    """Everything in ``text`` that looks like a personal identifier, in text order, never overlapping."""
    # The spans taken so far, kept sorted and never overlapping, so their ends are sorted too: a new span
    # [start, end) overlaps one iff the last span starting before ``end`` ends after ``start``.
    starts: list[int] = []
    ends: list[int] = []
    found: list[Identifier] = []
    present = _present(text)
    runs: list[tuple[int, int]] = []
    if present & _DIGIT_SET:
        runs = [m.span() for m in (_ASCII_DIGIT_RUN if text.isascii() else _DIGIT_RUN).finditer(text)]
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
