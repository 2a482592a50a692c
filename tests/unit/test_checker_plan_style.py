"""Records written the way support plans are: outcomes as bare "To …" lines, a day inside the outcome, and a
review that counts how often. Each test pins one behaviour of the checker."""

from __future__ import annotations

import pytest

from outcomes_tools.checker import check


def met(text: str, criterion: str) -> bool:
    return check(text).criterion(criterion).met


def evidence(text: str, criterion: str) -> list[str]:
    return [text[s.start : s.end] for s in check(text).criterion(criterion).evidence]


# --- A bare "To …" line that names an end result in the person's life is an outcome -------------------


@pytest.mark.parametrize(
    "text",
    [
        "To cook a roast for her grandchildren on Sundays.",
        "Outcome 2: To walk the dog to the park again",
        "What we agreed:\n- To get back to swimming at the leisure centre\n- To sleep through the night",
        "1. To feel at home in the new flat",
        "To be reunited with her son in Dundee.",
    ],
)
def test_a_bare_infinitive_naming_a_life_is_an_outcome(text: str) -> None:
    assert met(text, "outcomes")
    assert any(e.lstrip().lower().startswith("to ") for e in evidence(text, "outcomes"))


@pytest.mark.parametrize(
    "text",
    [
        "To attend day centre.",
        "To receive personal care.",
        "To review in six months.",
        "To be discussed at the team meeting.",
        "To get there she takes two buses.",
        "She said 'no' to the day centre.",
        "To date, nothing has changed.",
    ],
)
def test_a_bare_infinitive_of_a_service_task_or_fronted_purpose_is_not(text: str) -> None:
    assert not met(text, "outcomes")


def test_a_bare_infinitive_with_particular_people_and_places_is_personalised() -> None:
    text = "To sing in the choir at St Mary's with her friend Ella again."
    assert met(text, "personalised")


def test_a_reason_joined_to_a_bare_infinitive_is_why_it_matters() -> None:
    text = "To keep going to the choir, because singing with others lifts her mood."
    assert met(text, "why")
    assert not met("To keep going to the choir.", "why")


def test_going_back_to_a_community_group_is_an_outcome_but_going_back_to_respite_is_not() -> None:
    assert met("She wants to get back to the luncheon club.", "outcomes")
    assert not met("She wants to go back to respite.", "outcomes")
    assert not met("To attend the lunch club.", "outcomes")


# --- A plan needs an action and someone to do it -------------------------------------------------------


def test_a_day_inside_the_outcome_is_not_a_plan() -> None:
    text = "Mrs Gow hopes to go to the lunch club on Fridays again. Help to be organised."
    assert met(text, "outcomes")
    assert not met(text, "plan")


def test_a_scheduled_service_outside_the_outcome_is_still_a_plan() -> None:
    text = "Mrs Gow hopes to see her old neighbours again. Lunch club on Fridays, with council transport."
    assert met(text, "plan")


# --- A review can count how often the outcome happened ---------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "She has gone three times out of five.",
        "He made it to two sessions out of four.",
        "Seven of the ten walks.",
    ],
)
def test_a_count_of_how_often_out_of_how_many_is_a_review(sentence: str) -> None:
    text = "Mr Shaw wants to walk to the harbour with his grandson. " + sentence
    assert met(text, "review")


def test_a_count_without_out_of_is_not_a_review() -> None:
    text = "Mr Shaw wants to walk to the harbour with his grandson. He has three grandsons."
    assert not met(text, "review")
