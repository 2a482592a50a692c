"""The question checker: open, closed and leading questions, open rewordings that keep the topic, bad input,
and the accuracy floor on the labelled dev corpus."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outcomes_tools import question
from outcomes_tools._data import DataError
from outcomes_tools.errors import InputError, TextTooLong
from outcomes_tools.question import KINDS, MAX_CHARS, classify_question

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "text",
    [
        "Could you tell me about your week?",
        "What matters most to you about where you live?",
        "How are things at home?",
        "Tell me about your garden.",
        "Why do you think the lunch club stopped working for you?",
        "What’s a good day like for you?",
        "I’d like to hear about your family.",
        "Would you like to talk about what happened at the weekend?",
        "You mentioned the garden: what do you enjoy about it?",
        "Who matters most to you?",
    ],
)
def test_open_questions(text: str) -> None:
    result = classify_question(text)
    assert result.kind == "open", result.rule
    assert result.suggestion is None
    assert result.message


@pytest.mark.parametrize(
    "text",
    [
        "Do you feel safe at home?",
        "What time do you get up?",
        "How many times a week do you see your son?",
        "How often does the nurse come?",
        "Is it the mornings that are hardest?",
        "Have you been out this week?",
        "Are you managing the stairs?",
        "Can you make your own lunch?",
        "Which day would suit you, Monday or Friday?",
        "Who is your social worker?",
        "Any pain today?",
        "Did you enjoy the day centre?",
    ],
)
def test_closed_questions(text: str) -> None:
    result = classify_question(text)
    assert result.kind == "closed", result.rule
    assert result.suggestion


@pytest.mark.parametrize(
    "text",
    [
        "You're happy with that, aren't you?",
        "It's a lovely flat, isn't it?",
        "Don't you think a care home would be safer?",
        "Surely you want to see more of your family?",
        "You'd rather stay at home, wouldn't you?",
        "Wouldn't it be easier to have meals delivered?",
        "Shouldn't you be resting more?",
        "I expect you'd like more visitors?",
        "You must be very lonely?",
        "Do you not think it's time to stop?",
        "So you're fine with the new carers then?",
        "Don’t you want to go to the club?",
        "Do you really want to stay on your own?",
        "Would it be better to have a key safe?",
        "Why don't you give the day centre a try?",
    ],
)
def test_leading_questions(text: str) -> None:
    result = classify_question(text)
    assert result.kind == "leading", result.rule
    assert result.suggestion


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("Do you feel safe at home?", "What helps you feel safe at home, and what gets in the way?"),
        ("Do you get out much?", "Tell me about the times you get out, and what makes it easier or harder."),
        ("You'd rather stay at home, wouldn't you?", "Tell me how you feel about staying at home."),
        ("Can you manage the stairs?", "What helps you manage the stairs, and what makes it harder?"),
        ("Are you happy with your carers?", "How do you feel about your carers, and what would you change?"),
        ("Don't you think you should let your son help?", "How do you feel about letting your son help?"),
        (
            "Which day suits you, Tuesday or Thursday?",
            "Tell me how Tuesday and Thursday would each work for you.",
        ),
    ],
)
def test_suggestions_reword_the_same_question(text: str, suggestion: str) -> None:
    assert classify_question(text).suggestion == suggestion


_STOP = {
    "do",
    "you",
    "your",
    "the",
    "a",
    "an",
    "to",
    "is",
    "it",
    "are",
    "have",
    "can",
    "would",
    "i",
    "me",
    "much",
}


@pytest.mark.parametrize(
    "text",
    [
        "Do you see your neighbours?",
        "Have you got any hobbies?",
        "Is your knee still sore?",
        "Are you taking your inhaler?",
        "Would you like to move nearer your daughter?",
        "You won't mind a different carer, will you?",
        "It would be better to stop driving, wouldn't it?",
        "How often do you visit the library?",
        "Did you go to church on Sunday?",
        "When did you last go swimming?",
        "Surely you'd feel safer with a key safe?",
        "Are you lonely?",
    ],
)
def test_suggestions_are_open_and_keep_the_topic(text: str) -> None:
    result = classify_question(text)
    assert result.suggestion is not None
    assert classify_question(result.suggestion).kind == "open", result.suggestion
    topic = set(re.findall(r"[a-z]+", text.lower())) - _STOP
    said = set(re.findall(r"[a-z]+", result.suggestion.lower()))
    assert topic & said, (text, result.suggestion)


def test_capitals_of_names_and_days_are_kept() -> None:
    suggestion = classify_question("Do you want to see Margaret on Tuesday?").suggestion
    assert suggestion == "What would it mean to you to see Margaret on Tuesday?"


def test_several_sentences_judge_the_last_question() -> None:
    assert classify_question("Thanks for that. What helps on the bad days?").kind == "open"
    assert classify_question("I know it's been hard. Do you sleep well?").kind == "closed"


def test_to_dict_is_exactly_the_interface() -> None:
    assert set(classify_question("How are you?").to_dict()) == {"kind", "message", "suggestion"}
    assert classify_question("How are you?").to_dict()["suggestion"] is None


@pytest.mark.parametrize("text", ["", "  ", "\n"])
def test_empty_question_is_refused(text: str) -> None:
    with pytest.raises(InputError, match="Type a question"):
        classify_question(text)


def test_too_long_question_is_refused() -> None:
    with pytest.raises(TextTooLong, match="1,001 characters"):
        classify_question("Why " * 250 + "?")
    assert classify_question("a" * MAX_CHARS).kind in KINDS


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=200).filter(lambda s: s.strip()))
def test_any_text_gets_a_kind_and_closed_or_leading_get_an_open_suggestion(text: str) -> None:
    result = classify_question(text)
    assert result.kind in KINDS
    assert result.message
    if result.kind == "open":
        assert result.suggestion is None
    else:
        assert result.suggestion
        assert classify_question(result.suggestion).kind == "open", (text, result.suggestion)


_AUX = ["Do", "Does", "Did", "Is", "Are", "Was", "Have", "Has", "Can", "Could", "Will", "Would", "Should"]
_REST = ["you like the garden", "your son visit", "you feel settled here", "it hurt at night", "you go out"]


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(_AUX), st.sampled_from(_REST))
def test_yes_no_questions_are_never_open(aux: str, rest: str) -> None:
    result = classify_question(f"{aux} {rest}?")
    assert result.kind in {"closed", "leading"}
    assert result.suggestion is not None
    assert classify_question(result.suggestion).kind == "open"


def test_dev_corpus_accuracy_floor() -> None:
    path = ROOT / "tests" / "corpus" / "dev" / "questions.jsonl"
    if not path.exists():
        pytest.skip("no dev corpus")
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    right = sum(classify_question(i["text"]).kind == i["kind"] for i in items)
    assert right / len(items) >= 0.95
    for item in items:
        suggestion = classify_question(item["text"]).suggestion
        if suggestion is not None:
            assert classify_question(suggestion).kind == "open", (item["text"], suggestion)


# ---- rules an organisation adds --------------------------------------------------------------------------


def _added_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rules: list[dict[str, object]]) -> None:
    folder = tmp_path / "questions"
    folder.mkdir(parents=True)
    content = {"id": "our-questions", "description": "Our own question rules", "rules": rules}
    (folder / "our-questions.json").write_text(json.dumps(content), encoding="utf-8")
    monkeypatch.setenv("OUTCOMES_TOOLS_DATA", str(tmp_path))
    question._rules.cache_clear()


@pytest.fixture
def clean_rules(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    question._rules.cache_clear()
    yield
    monkeypatch.delenv("OUTCOMES_TOOLS_DATA", raising=False)
    question._rules.cache_clear()


AS_AGREED = {
    "id": "local.as-agreed",
    "kind": "leading",
    "pattern": r"\bas agreed\?\s*$",
    "message": "Ending with 'as agreed?' presses the person to confirm what was decided.",
}


@pytest.mark.usefixtures("clean_rules")
def test_an_added_rule_takes_effect_before_the_built_in_catch_alls(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = "Day centre on Monday as agreed?"
    assert classify_question(asked).rule == "closed.statement-question"
    _added_rules(tmp_path, monkeypatch, [AS_AGREED])
    result = classify_question(asked)
    assert (result.kind, result.rule) == ("leading", "local.as-agreed")
    assert result.suggestion
    # The built-in rules that come before the catch-alls still decide their own questions.
    assert classify_question("How many times did you fall last month?").rule == "closed.how-quantity"


@pytest.mark.usefixtures("clean_rules")
def test_an_added_rule_with_a_higher_priority_comes_before_the_built_in_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = "How many times a week would you like to get out of the house?"
    rule = {
        "id": "local.how-many-times-would-you-like",
        "kind": "open",
        "pattern": r"^how many times .*would you like",
        "message": "This asks about what the person wants.",
    }
    _added_rules(tmp_path, monkeypatch, [rule])
    assert classify_question(asked).rule == "closed.how-quantity"
    _added_rules(tmp_path / "again", monkeypatch, [{**rule, "priority": 10}])
    assert classify_question(asked).rule == "local.how-many-times-would-you-like"
    assert classify_question(asked).kind == "open"


@pytest.mark.usefixtures("clean_rules")
@pytest.mark.parametrize(
    ("priority", "message"),
    [
        ("high", r"our-questions\.json: rules\[0\]\.priority: expected int"),
        (True, r"our-questions\.json: rules\[0\]\.priority: expected int"),
        (5000, r"our-questions\.json: rules\[0\]\.priority: must be a whole number"),
    ],
)
def test_a_bad_priority_is_refused_naming_file_and_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, priority: object, message: str
) -> None:
    _added_rules(tmp_path, monkeypatch, [{**AS_AGREED, "priority": priority}])
    with pytest.raises(DataError, match=message):
        classify_question("Day centre on Monday as agreed?")
