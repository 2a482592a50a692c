"""Conversation prompts: every category has prompts for its audiences, every prompt is open, and unknown
topics or audiences get a clear message."""

from __future__ import annotations

import pytest

from outcomes_tools.errors import InputError
from outcomes_tools.frameworks import load_frameworks
from outcomes_tools.prompts import AUDIENCES, UnknownTopicError, available, prompts
from outcomes_tools.question import classify_question

AUDIENCES_FOR = {
    "talking-points-adults": ("person", "carer"),
    "talking-points-carers": ("carer",),
    "talking-points-care-homes": ("person", "carer"),
}


def test_every_category_has_prompts_for_its_audiences() -> None:
    for framework in load_frameworks().category_frameworks:
        for category in framework.categories:
            for audience in AUDIENCES_FOR[framework.id]:
                found = prompts(category.id, audience)
                assert len(found) >= 3, (category.id, audience)
                assert all(p.topic == category.id and p.audience == audience for p in found)


def test_supervision_prompts_cover_conversations_and_records() -> None:
    found = prompts("supervision", "supervision")
    assert {p.focus for p in found} >= {"conversation", "record"}
    assert len(found) >= 10


def test_every_prompt_is_an_open_question() -> None:
    texts = [p.text for topic, audience in available() for p in prompts(topic, audience)]
    assert len(texts) >= 100
    closed = [(t, classify_question(t).kind) for t in texts if classify_question(t).kind != "open"]
    assert closed == []
    assert len(set(texts)) == len(texts)


def test_to_dict() -> None:
    first = prompts("seeing-people", "person")[0]
    assert first.to_dict() == {
        "topic": "seeing-people",
        "audience": "person",
        "text": first.text,
        "focus": None,
    }


def test_default_audience_is_the_person() -> None:
    assert prompts("feeling-safe") == prompts("feeling-safe", "person")


@pytest.mark.parametrize(
    ("topic", "audience", "message"),
    [
        ("gardening", "person", "no prompts about 'gardening'"),
        ("carer-process", "person", "Try: carer"),
        ("seeing-people", "robot", "Choose one of: person, carer, supervision"),
        ("supervision", "person", "Try: supervision"),
    ],
)
def test_unknown_topic_or_audience_is_a_clear_error(topic: str, audience: str, message: str) -> None:
    with pytest.raises(UnknownTopicError, match=message) as info:
        prompts(topic, audience)
    assert isinstance(info.value, InputError)
    assert AUDIENCES == ("person", "carer", "supervision")
