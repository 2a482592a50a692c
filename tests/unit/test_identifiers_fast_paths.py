"""The short cuts in ``find_identifiers`` (skip a pattern when the text lacks a character every match needs;
the sorted overlap test) give exactly what trying every pattern and every earlier find would give."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outcomes_tools.identifiers import (
    Identifier,
    _candidates,
    _needed_chars,
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
        for start, end in _candidates(replace(rule, needs=(), reach=()), text, frozenset()):
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
