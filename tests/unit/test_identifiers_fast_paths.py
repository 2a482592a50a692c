"""The short cuts in ``find_identifiers`` give exactly what trying every pattern on the whole text and every
earlier find would give: skipping a pattern when the text lacks a character every match needs; searching
only the stretches near enough digits, each in one go on the text cut a safe way past it; trying a pattern
only where its first two characters can be; the sorted overlap test."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outcomes_tools.identifiers import (
    _DIGIT_RUN,
    Identifier,
    _candidates,
    _charset,
    _fewest_digits,
    _first_match,
    _gate,
    _matches,
    _needed_chars,
    _reach,
    _room,
    _stretches,
    find_identifiers,
    identifier_kinds,
)

DIGITS = "0123456789"


@pytest.mark.parametrize(
    ("source", "needs"),
    [
        (r"\d{3}[ -]?\d{4}", DIGITS),
        (r"(?<![\w+.-])[0-9]{2}x", DIGITS),
        (r"(?:ab|\d)\d", DIGITS),
        (r"(?:\d+)?x", ""),  # the digits are optional
        (r"a|\d", ""),  # one branch has no digit
        (r"(?<!\d)abc", ""),  # a look-behind is not part of the match
        (r"[^0-9]{2}", ""),  # anything but a digit
        (r"[A-Za-z0-9]+@[a-z]+", "@"),
        (r"\b(?i:mr|mrs)\.? [A-Z][a-z]+", ""),
    ],
)
def test_what_every_match_needs(source: str, needs: str) -> None:
    assert _needed_chars(re.compile(source)) == needs


def reference(text: str) -> tuple[Identifier, ...]:
    """Every pattern on every text, each find checked against every earlier one."""
    taken: list[tuple[int, int]] = []
    found: list[Identifier] = []
    for rule in identifier_kinds():
        plain = replace(rule, needs=(), reach=(), fewest=(), room=(), gates=())
        for start, end in _candidates(plain, text, frozenset()):
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            found.append(Identifier(rule.kind, start, end, text[start:end], rule.message))
    found.sort(key=lambda ident: ident.start)
    return tuple(found)


PIECES = [
    "CHI 0101801234",
    "NHS 943 476 5919",
    "ring 0131 496 0000",
    "07700 900123",
    "DOB 12/03/1945",
    "born 3rd March 1940",
    "EH1 1AA",
    "jean@example.org",
    "Mrs Duncan",
    "Dr Jane Smith",
    "wants to go to the club",
    " ",
    ", ",
    ". ",
    "\n",
    "12",
    "x",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=25), st.text(max_size=40))
def test_the_fast_paths_find_exactly_what_trying_everything_finds(pieces: list[str], noise: str) -> None:
    text = "".join(pieces) + noise
    assert find_identifiers(text) == reference(text)


def test_a_text_with_no_digit_still_gets_names_and_emails() -> None:
    assert [i.kind for i in find_identifiers("Mrs Duncan emailed jean@example.org.")] == ["name", "email"]


# Ordinary record text: short digit runs ("(note 3)", "14 March", "2 visits") among words, with identifiers
# and look-alikes, and gaps of every width around the patterns' reaches (8 to 45 characters), so that
# identifiers and digits fall at the edges of the stretches searched.
RECORD_PIECES = [
    *PIECES,
    " (note 3)",
    "twice a week on 14 March",
    "14 March 2024",
    "March 14, 1950",
    "2 visits",
    "3 x daily",
    "at 10:30",
    "1/2",
    "-7",
    "+4",
    "(0",
    ")",
    "0",
    "9",
    "1234",
    "12345 67890",
    "0131 496",
    "(0131) 496 0001",
    "+44 (0)131 496 0000",
    "29-02-48-1234",
    "943-476-5919",
    "1940-03-12",
    "born on",
    "DOB:",
    "d.o.b.",
    "EH",
    "G2 4",
    "GIR 0AA",
    "Mr Brown Said",
    "MR. O'Neil",
    "mrs McDonald-Smith",
    "Miss",
    "admin",
    "address",
    "\u0663",  # ARABIC-INDIC DIGIT THREE: \\d matches it, [0-9] does not
    "EH\u0663 \u0663AA",
    "M\u017f Duncan",  # LATIN SMALL LETTER LONG S matches "s" when case is ignored
    "\u212a",  # KELVIN SIGN matches "k" when case is ignored
    "\u2019",
    *(("y" * n) for n in (1, 2, 6, 7, 8, 9, 10, 11, 12, 13, 20, 21, 24, 25, 44, 45, 46)),
    *((" " * n) for n in (7, 11, 12, 23, 44)),
]


# Where the digits are few for the length of the text, only the stretches near them are searched; else the
# whole text is. Each text is also tried with a long stretch without digits before and after it, so that the
# stretches are searched however many digits it has.
PAD = "~" * 1500


def padded(text: str) -> list[str]:
    return [text, PAD + text, text + PAD]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(RECORD_PIECES), max_size=30))
def test_records_with_short_digit_runs_get_exactly_what_trying_everything_finds(pieces: list[str]) -> None:
    for text in padded("".join(pieces)):
        assert find_identifiers(text) == reference(text)


# Few characters, so digits, separators and letters meet in every order.
TIGHT = st.text(alphabet="0123456789 -+()/.:,'MmRrSsDdAaEHGIxyz\n\u0663\u017f", max_size=90)


@settings(max_examples=300, deadline=None)
@given(TIGHT)
def test_dense_mixes_of_digits_and_letters_get_exactly_what_trying_everything_finds(text: str) -> None:
    for t in padded(text):
        assert find_identifiers(t) == reference(t)


def spans(matches: Iterable[re.Match[str]]) -> list[tuple[tuple[int, int], ...]]:
    """Each match's span and its groups' spans."""
    return [m.regs for m in matches]


@settings(max_examples=200, deadline=None)
@given(st.one_of(TIGHT, st.lists(st.sampled_from(RECORD_PIECES), max_size=30).map("".join)))
def test_each_pattern_finds_what_a_plain_search_finds(text: str) -> None:
    """Pattern by pattern, every way ``_matches`` can go (stretches searched in one go or place by place,
    the gate, or neither) yields exactly the matches of ``finditer``, groups included."""
    for t in padded(text):
        each_pattern_finds_what_a_plain_search_finds(t)


def each_pattern_finds_what_a_plain_search_finds(text: str) -> None:
    runs = [m.span() for m in _DIGIT_RUN.finditer(text)]
    for rule in identifier_kinds():
        for i, pattern in enumerate(rule.patterns):
            expected = spans(pattern.finditer(text))
            reach, fewest, room, gate = rule.reach[i], rule.fewest[i], rule.room[i], rule.gates[i]
            for how in (
                {"fewest": fewest, "room": room, "gate": gate},  # as find_identifiers goes
                {"fewest": fewest, "room": 0, "gate": gate},  # each place in a stretch tried in turn
                {"fewest": 0, "room": room, "gate": None},  # every digit run's stretch searched
            ):
                assert spans(_matches(pattern, text, reach, runs, **how)) == expected, how
            assert spans(_matches(pattern, text, 0, runs, gate=gate)) == expected  # the whole text, gated


def test_long_texts_take_the_same_paths_to_the_same_finds() -> None:
    """Long texts: digits everywhere (the plain search, through the gate), and short digit runs far apart
    with identifiers among them (many stretches)."""
    dense = "1 2 3 " * 3000 + "CHI 0101801234, Mrs Duncan, DOB 12/03/1945 " + "45-67 " * 2000
    sparse = "".join(
        f"visit {i} went well; "
        + ("ring 0131 496 0000 or " if i % 7 == 0 else "")
        + ("Mr Brown, EH1 1AA. " if i % 11 == 0 else "")
        for i in range(2000)
    )
    for text in (dense, sparse):
        found = find_identifiers(text)
        assert found == reference(text)
        assert found
    assert {i.kind for i in find_identifiers(sparse)} == {"phone", "name", "postcode"}


def test_digits_of_other_scripts_count_as_digits() -> None:
    """``\\d`` matches digits of every script, so a text whose only digits are, say, Arabic-Indic is still
    searched, as the plain search would."""
    text = "Lives at EH\u0663 \u0663AA now."
    assert find_identifiers(text) == reference(text)
    assert [i.text for i in find_identifiers(text)] == ["EH\u0663 \u0663AA"]


@pytest.mark.parametrize(
    ("source", "fewest"),
    [
        (r"\d{2}[ -]?\d{4}", 6),
        (r"(?:ab|\d)\d", 1),
        (r"(?:\d{3}|x\d)y", 1),
        (r"[0-9]{2,5}(?:[13]\d)?", 2),
        (r"(?<=\d{3})\d", 1),  # a look-behind is not part of the match
        (r"[^0-9]\d", 1),
        (r"(?i:[a-z]\d)", 1),
        (r"(\d)\1", 1),  # a back-reference counts for nothing
        (r"\w{5}", 0),  # letters too
    ],
)
def test_fewest_digits_a_match_holds(source: str, fewest: int) -> None:
    assert _fewest_digits(re.compile(source)) == fewest


@pytest.mark.parametrize(
    ("source", "room"),
    [
        (r"\d{3}", 3 + 4),
        (r"\d{3}(?![\w-])", 3 + 1 + 4),
        (r"(?<![\w+.-])\d{2}(?=ab(?!c))", 2 + 2 + 1 + 4),
        (r"\d{3}(?=\w+)", 0),  # a look-ahead of any width
        (r"\d(?:a|(?=\d{2})b)", 2 + 2 + 4),
    ],
)
def test_how_far_a_try_may_look(source: str, room: int) -> None:
    pattern = re.compile(source)
    assert _room(pattern, _reach(pattern)) == room


@pytest.mark.parametrize(
    ("source", "starts", "not_starts"),
    [
        (r"\b(?i:mr|dr)\.? [A-Z]", ["Mr", "dR", "m\u017f"[:1] + "r"], ["xr", "Ma", " m"]),
        (r"(?i:ms)", ["MS", "m\u017f"], ["mx"]),
        (r"(?<!\w)\d{2}", ["12", "\u0663\u0663"], ["1a", "a1"]),
        (r"[a-c]?\d\d", ["a1", "12"], ["d1", "aa"]),
        (r"(?i:[b-d])x", ["Cx", "cx"], ["ex", "Ex"]),
    ],
)
def test_gate_matches_wherever_a_match_can_start(
    source: str, starts: list[str], not_starts: list[str]
) -> None:
    gate = _gate(re.compile(source))
    assert gate is not None
    assert all(gate.match(two) for two in starts)
    assert not any(gate.match(two) for two in not_starts)


@pytest.mark.parametrize("source", [r"a?b", r"\d", r".x", r"(\w)\1", r"(?i:\u00e9)x", r"[^a]b", r"(?a:\W)x"])
def test_no_gate_when_a_match_may_start_anywhere_or_be_short(source: str) -> None:
    assert _gate(re.compile(source)) is None


# Made-up patterns at the edges of the short cuts: a match as long as it can be with its only digit last;
# digits from two runs as far apart as a match allows; look-aheads and "$" where the text is cut; case.
EDGE_PATTERNS = [
    r"[a-z]{5}\d",
    r"(?<![a-z])[a-z ]{0,4}\d",
    r"\d[a-z ]{0,6}\d",
    r"\d{2}[ -]?\d{2}(?![a-z\d])",
    r"\d(?=[a-z]{3}x)",
    r"(?<!\d)\d{3}\b",
    r"[a-z]?\d{1,2}$",
    r"\d[a-z]?\Z",
    r"(?i:k\d|[x-z]{2}\d)",
    r"(?:\d{3}|x\d)(?:y|\d\d)?",
]


EDGE_TEXT = st.one_of(
    st.text(alphabet="0123456789 -abcxyzk\n\u212a\u0663", max_size=80),
    st.lists(
        st.sampled_from(["1", "23", "456", "abc", "abcx", "x", "yz", "k", "\u212a", " ", "-", "\n", "zzzzz"]),
        max_size=20,
    ).map("".join),
)


@settings(max_examples=300, deadline=None)
@given(EDGE_TEXT)
def test_made_up_patterns_find_what_a_plain_search_finds(text: str) -> None:
    for t in padded(text):
        runs = [m.span() for m in _DIGIT_RUN.finditer(t)]
        for source in EDGE_PATTERNS:
            pattern = re.compile(source)
            reach = _reach(pattern)
            assert reach, source
            fewest, room, gate = _fewest_digits(pattern), _room(pattern, reach), _gate(pattern)
            expected = spans(pattern.finditer(t))
            assert spans(_matches(pattern, t, reach, runs, fewest=fewest, room=room, gate=gate)) == expected
            assert spans(_matches(pattern, t, 0, runs, gate=gate)) == expected


@pytest.mark.parametrize(
    ("source", "text", "expected"),
    [
        (r"\d(?=[a-z]{3}x)", "~~~5abcx~~~", [(3, 4)]),  # the look-ahead reaches 4 characters past the digit
        (r"\d(?=[a-z]{5}x)", "~~~5abcdex~~~", [(3, 4)]),
        (r"\d\B", "~~5a~~", [(2, 3)]),  # "\B" looks at the next character
        (r"\d[a-z ]{0,6}\d", "~~1abcdef2~~", [(2, 10)]),  # two digits as far apart as a match allows
        (r"[a-z]{5}\d", "~~abcde1~~", [(2, 8)]),  # a match as long as it can be, with its digit last
        (r"\d[a-z]?\Z", "~~~5a", [(3, 5)]),
        (r"\d[a-z]?\Z", "~~~5ab", []),
        (r"[a-z]?\d{1,2}$", "~~~x12\n", [(3, 6)]),  # "$" also before a final line break
        (r"\d{2}(?![a-z\d])", "~~12a 34", [(6, 8)]),
    ],
)
def test_a_cut_text_finds_what_the_whole_text_finds(
    source: str, text: str, expected: list[tuple[int, int]]
) -> None:
    """Each stretch is searched on the text cut a little past it: look-aheads and "$" at the cut still see
    what the whole text has there. (The text is long enough for the stretches to be searched.)"""
    pattern = re.compile(source)
    reach = _reach(pattern)
    text = PAD + text
    expected = [(start + len(PAD), end + len(PAD)) for start, end in expected]
    runs = [m.span() for m in _DIGIT_RUN.finditer(text)]
    assert _stretches(runs, reach, 0, len(text))
    fewest, room = _fewest_digits(pattern), _room(pattern, reach)
    assert [m.span() for m in _matches(pattern, text, reach, runs, fewest=fewest, room=room)] == expected
    assert [m.span() for m in pattern.finditer(text)] == expected


def test_a_match_found_on_a_cut_text_is_checked_on_the_whole_text() -> None:
    """Were the room too small (it never is), a match made by the cut would be caught, each place tried."""
    digit_not_before_any_a = re.compile(r"\d(?!.a)")  # looks 2 characters on, more than a room of 1
    # Cut after "56", "5" seems to match; on the whole text it does not, and "6" does.
    found = _first_match(digit_not_before_any_a, "56ab", 0, 2, 1)
    assert found is not None
    assert found.span() == (1, 2)
    assert _first_match(digit_not_before_any_a, "56aa", 0, 2, 1) is None


@pytest.mark.parametrize(
    "inside",
    [
        "aA\\x80-\\U0010ffff",
        "\\d\\x80-\\U0010ffff",
        "\\x80-\\U0010ffff",
        "\\w\\x80-\\U0010ffff",
        "\\x00-\\x7f\\x80-\\U0010ffff",
        "0-9",
    ],
)
def test_a_gate_set_written_as_its_complement_is_the_same_set(inside: str) -> None:
    plain = re.compile("[" + inside + "]")
    short = re.compile(_charset(inside))
    for code in [*range(0x250), 0x17F, 0x212A, 0x0660, 0x0663, 0xFF10, 0x1F600, 0x10FFFF]:
        ch = chr(code)
        assert bool(plain.fullmatch(ch)) == bool(short.fullmatch(ch)), (inside, hex(code))
