"""Open conversation prompts for each outcome category, and for supervision.

The prompts live in ``data/prompts/*.json`` as sets: a ``topic`` (a category id from the frameworks, or
``supervision``), an ``audience`` (``person``, ``carer`` or ``supervision``), an optional ``focus`` and the
prompts themselves. An organisation can add its own file of sets, for its own local outcomes too.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from outcomes_tools._data import DataError, check_keys, data_files, expect, string_list
from outcomes_tools.errors import InputError
from outcomes_tools.frameworks import load_frameworks

__all__ = ["AUDIENCES", "SUPERVISION", "Prompt", "UnknownTopicError", "available", "prompts"]

AUDIENCES = ("person", "carer", "supervision")
SUPERVISION = "supervision"


class UnknownTopicError(InputError):
    """No prompts for this topic and audience. The message says what is available."""


@dataclass(frozen=True, slots=True)
class Prompt:
    """One open prompt, worded for one audience."""

    topic: str
    audience: str
    text: str
    focus: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"topic": self.topic, "audience": self.audience, "text": self.text, "focus": self.focus}


@cache
def _sets() -> dict[tuple[str, str], tuple[Prompt, ...]]:
    topics = {c.id for c in load_frameworks().categories} | {SUPERVISION}
    found: dict[tuple[str, str], list[Prompt]] = {}
    for f in data_files("prompts"):
        o = check_keys(f.content, f.name, required=("id", "description", "sets"))
        for i, s in enumerate(expect(o["sets"], list, f"{f.name}: sets")):
            w = f"{f.name}: sets[{i}]"
            so = check_keys(s, w, required=("topic", "audience", "prompts"), optional=("focus",))
            topic = str(expect(so["topic"], str, f"{w}.topic"))
            audience = str(expect(so["audience"], str, f"{w}.audience"))
            if topic not in topics:
                raise DataError(f"{w}.topic: no category or topic {topic!r}")
            if audience not in AUDIENCES:
                raise DataError(f"{w}.audience: expected one of {', '.join(AUDIENCES)}, found {audience!r}")
            if (topic == SUPERVISION) != (audience == SUPERVISION):
                raise DataError(
                    f"{w}: the 'supervision' topic goes with the 'supervision' audience, and only it"
                )
            focus = str(expect(so["focus"], str, f"{w}.focus")) if "focus" in so else None
            texts = string_list(so["prompts"], f"{w}.prompts")
            if not texts:
                raise DataError(f"{w}.prompts: must not be empty")
            bucket = found.setdefault((topic, audience), [])
            seen = {p.text for p in bucket}
            for j, text in enumerate(texts):
                if text in seen:
                    raise DataError(f"{w}.prompts[{j}]: duplicate prompt {text!r}")
                seen.add(text)
                bucket.append(Prompt(topic, audience, text.strip(), focus))
    return {k: tuple(v) for k, v in found.items()}


def available() -> tuple[tuple[str, str], ...]:
    """Every (topic, audience) pair that has prompts, in data order."""
    return tuple(_sets())


def prompts(topic: str, audience: str = "person") -> tuple[Prompt, ...]:
    """The open prompts for a topic (a category id, or ``supervision``) worded for an audience."""
    sets = _sets()
    if audience not in AUDIENCES:
        raise UnknownTopicError(
            f"There are no prompts for {audience!r}. Choose one of: {', '.join(AUDIENCES)}."
        )
    found = sets.get((topic, audience))
    if found is not None:
        return found
    audiences = [a for (t, a) in sets if t == topic]
    if audiences:
        raise UnknownTopicError(
            f"There are no prompts about {topic!r} worded for {audience!r}. Try: {', '.join(audiences)}."
        )
    raise UnknownTopicError(
        f"There are no prompts about {topic!r}. Use a category id such as 'seeing-people', or 'supervision'."
    )
