"""Property tests: the checker takes any text without crashing, and every span it returns is valid."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outcomes_tools.checker import CRITERIA, MAX_CHARS, check
from outcomes_tools.errors import InputError, TextTooLong

# Words the checker reacts to, mixed with arbitrary Unicode (emoji, right-to-left marks, combining marks,
# NUL, lone surrogates), so that the rules really fire on the generated text.
WORDS = st.sampled_from(
    [
        "She",
        "wants to",
        "get back to",
        "the club",
        "because",
        "her daughter",
        "will",
        "drive",
        "'I miss it,'",
        "she said.",
        "Outcome:",
        "maintain safety",
        "POC",
        "SU",
        "unable to",
        "refuses",
        "is a keen gardener",
        "now walks",
        "not yet achieved",
        "I visited",
        "\u201cI want",
        "home\u201d",
        "no family",
        "\n- ",
        ";",
        " ",
        ".",
        ",",
        "(",
        ")",
        "\u2019",
        "'",
        '"',
    ]
)
ODD = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=12)
RECORDS = st.lists(st.one_of(WORDS, ODD), max_size=60).map(" ".join)


def _assert_valid(text: str) -> None:
    try:
        result = check(text)
    except InputError:
        assert not text.strip()
        return
    data = result.to_dict()
    assert list(data["criteria"]) == list(CRITERIA)
    for crit in result.criteria:
        assert crit.met == bool(crit.evidence)
        for span in crit.evidence:
            assert 0 <= span.start < span.end <= len(text)
    for f in result.findings:
        assert f.kind in ("jargon", "deficit")
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start : f.end] == f.text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(RECORDS)
def test_any_record_like_text_gives_valid_spans(text: str) -> None:
    _assert_valid(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_string_gives_valid_spans_or_an_input_error(text: str) -> None:
    _assert_valid(text)


def test_over_long_text_is_refused_with_a_plain_message() -> None:
    with pytest.raises(TextTooLong, match="smaller parts"):
        check("x " * (MAX_CHARS // 2 + 1))
