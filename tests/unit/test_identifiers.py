"""Likely personal identifiers: what is found, what is not (false alarms), spans, messages and masking."""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outcomes_tools import identifiers as ids_module
from outcomes_tools._data import DataError
from outcomes_tools.identifiers import Identifier, find_identifiers, identifier_kinds, mask


def nhs_check_digit(nine: str) -> int | None:
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    return None if check == 10 else (0 if check == 11 else check)


def kinds(text: str) -> list[tuple[str, str]]:
    return [(i.kind, i.text) for i in find_identifiers(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CHI 0101801234 on file.", [("chi", "0101801234")]),
        ("CHI: 010180 1234.", [("chi", "010180 1234")]),
        ("chi no 29-02-48-1234", [("chi", "29-02-48-1234")]),
        ("NHS number 943 476 5919 noted", [("nhs-number", "943 476 5919")]),
        ("NHS no. 9434765919", [("nhs-number", "9434765919")]),
        ("Phone 0131 496 0000 after 5.", [("phone", "0131 496 0000")]),
        ("Mobile 07700 900123.", [("phone", "07700 900123")]),
        (
            "Call +44 (0)131 496 0000 or (0131) 496 0001",
            [("phone", "+44 (0)131 496 0000"), ("phone", "(0131) 496 0001")],
        ),
        ("Email jean.smith@example.org today", [("email", "jean.smith@example.org")]),
        ("Lives at EH1 1AA near the park", [("postcode", "EH1 1AA")]),
        ("moved to g12 8qq last year", [("postcode", "g12 8qq")]),
        ("Postcode SW1A 1AA.", [("postcode", "SW1A 1AA")]),
        ("DOB: 12/03/1945. Seen at home.", [("date-of-birth", "12/03/1945")]),
        ("Date of birth 3rd March 1940", [("date-of-birth", "3rd March 1940")]),
        ("She was born on 1 Feb 1950 in Leith", [("date-of-birth", "1 Feb 1950")]),
        ("Mrs Duncan wants to go back to bowling.", [("name", "Duncan")]),
        ("Visited by Dr Jane Smith.", [("name", "Jane Smith")]),
        ("Mr O'Brien and Ms McLeod agreed.", [("name", "O'Brien"), ("name", "McLeod")]),
        ("Mrs MacDonald-Ross said", [("name", "MacDonald-Ross")]),
    ],
)
def test_finds_each_kind(text: str, expected: list[tuple[str, str]]) -> None:
    assert kinds(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # ten digits that neither start with a real date nor pass the NHS check digit
        "Reference 1234567890 sent.",
        "ref 12-34-56-7890",
        # all the same digit passes modulus 11 but is no one's number
        "0000000000",
        # a date with no birth keyword before it is just a date
        "Reviewed on 12/03/2024 with her daughter.",
        # the first date after "DOB" is the birth date; a later one is not
        "DOB: 12/03/1945. Seen 14/03/2024.",
        # initials after a title are already anonymised
        "Mrs A said she is happy. Mr B agreed.",
        # a capitalised word after a title that is not a name
        "Dr Appointment booked.",
        # times, quantities, short numbers, years
        "2 x daily visits at 10am, 4 hours a week since 2019, room 101.",
        # a number with too few digits to be a phone number
        "call 0131 496",
    ],
)
def test_no_false_alarm(text: str) -> None:
    found = find_identifiers(text)
    if text.startswith("DOB"):
        assert [i.text for i in found] == ["12/03/1945"]
    else:
        assert found == ()


def not_nhs(nine: str) -> str:
    """``nine`` and a tenth digit that fails the NHS check, so only the CHI rule can match."""
    digit = nhs_check_digit(nine)
    return nine + str(0 if digit is None else (digit + 1) % 10)


def test_chi_needs_a_real_date() -> None:
    assert kinds(f"CHI {not_nhs('310280123')}") == []  # 31 February
    assert kinds(f"CHI {not_nhs('151380123')}") == []  # month 13
    good = not_nhs("310180123")
    assert kinds(f"CHI {good}") == [("chi", good)]
    leap = not_nhs("290248123")
    assert kinds(f"CHI {leap}") == [("chi", leap)]


def test_nhs_check_digit_cuts_false_alarms() -> None:
    nine = "401023213"
    digit = nhs_check_digit(nine)
    assert digit is not None
    good = nine + str(digit)
    bad = nine + str((digit + 1) % 10)
    assert kinds(f"NHS {good}") == [("nhs-number", good)]
    assert kinds(f"NHS {bad}") == []


def test_a_number_that_is_both_chi_and_nhs_is_reported_once_as_chi() -> None:
    # 0101801234 starts with 01/01/80; pick the tenth digit so it also passes modulus 11.
    nine = "010180123"
    digit = nhs_check_digit(nine)
    assert digit is not None
    found = find_identifiers(f"Number {nine}{digit}")
    assert [i.kind for i in found] == ["chi"]


def test_spans_messages_and_to_dict() -> None:
    text = "Mrs Duncan, CHI 0101801234, phone 07700 900123."
    found = find_identifiers(text)
    assert [i.kind for i in found] == ["name", "chi", "phone"]
    for ident in found:
        assert text[ident.start : ident.end] == ident.text
        assert ident.span == (ident.start, ident.end)
        assert ident.message.endswith(".")
        assert set(ident.to_dict()) == {"kind", "start", "end", "text", "message"}
    chi = found[1]
    assert chi.message == "This looks like a CHI number: remove it before sharing this record."
    json.dumps([i.to_dict() for i in found])


def test_mask_replaces_each_identifier_and_keeps_the_rest() -> None:
    text = "Mrs Duncan (CHI 0101801234) lives at EH1 1AA; email jd@example.org."
    masked = mask(text, find_identifiers(text))
    assert masked == "Mrs [name] (CHI [CHI number]) lives at [postcode]; email [email address]."


def test_mask_skips_spans_outside_the_text_or_overlapping() -> None:
    text = "abc def"
    a = Identifier("name", 0, 3, "abc", "m")
    overlapping = Identifier("postcode", 2, 5, "c d", "m")
    outside = Identifier("phone", 5, 50, "ef", "m")
    assert mask(text, [a, overlapping, outside]) == "[name] def"
    assert mask(text, []) == text


def test_identifiers_never_overlap_and_are_in_order() -> None:
    text = "DOB 01/01/1980 CHI 0101801234 tel 0131 496 0000 Mr Brown EH1 1AA a@b.co"
    found = find_identifiers(text)
    assert [i.start for i in found] == sorted(i.start for i in found)
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_spans_are_exact(text: str) -> None:
    found = find_identifiers(text)
    for ident in found:
        assert text[ident.start : ident.end] == ident.text
    masked = mask(text, found)
    if not found:
        assert masked == text


def test_rules_are_data(tmp_path: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """An organisation adds its own identifier (a local case number) as a data file."""
    folder = tmp_path / "identifiers"  # type: ignore[operator]
    folder.mkdir()
    (folder / "local.json").write_text(
        json.dumps(
            {
                "identifiers": [
                    {
                        "kind": "case-number",
                        "label": "case number",
                        "placeholder": "[case number]",
                        "message": "This looks like a case number: remove it before sharing this record.",
                        "patterns": ["\\bSW-\\d{6}\\b"],
                    }
                ]
            }
        )
    )
    monkeypatch.setenv("OUTCOMES_TOOLS_DATA", str(tmp_path))
    ids_module.identifier_kinds.cache_clear()
    try:
        assert kinds("Case SW-123456 closed.") == [("case-number", "SW-123456")]
        assert (
            mask("Case SW-123456 closed.", find_identifiers("Case SW-123456 closed."))
            == "Case [case number] closed."
        )
    finally:
        monkeypatch.delenv("OUTCOMES_TOOLS_DATA")
        ids_module.identifier_kinds.cache_clear()


def test_bad_rule_data_names_the_file(
    tmp_path: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "identifiers"  # type: ignore[operator]
    folder.mkdir()
    (folder / "bad.json").write_text(
        json.dumps(
            {
                "identifiers": [
                    {"kind": "x", "label": "x", "placeholder": "[x]", "message": "m", "patterns": ["("]}
                ]
            }
        )
    )
    monkeypatch.setenv("OUTCOMES_TOOLS_DATA", str(tmp_path))
    ids_module.identifier_kinds.cache_clear()
    try:
        with pytest.raises(DataError, match=r"bad\.json.*patterns\[0\]"):
            identifier_kinds()
    finally:
        monkeypatch.delenv("OUTCOMES_TOOLS_DATA")
        ids_module.identifier_kinds.cache_clear()
