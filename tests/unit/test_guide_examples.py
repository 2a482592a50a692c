"""The guide's own recording examples, judged by the recording checker.

The Recording page shows a weaker and a stronger example under each criterion, and a record that meets all
eight. The checker must agree with the guide: the stronger example meets the criterion, the weaker does not.
So the guide and the tool can never give a practitioner different advice.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from outcomes_tools.checker import CRITERIA, check

PAGE = Path(__file__).resolve().parents[2] / "docs" / "recording.md"
# Why, plan and review are judged against a recorded outcome, so those examples are read after one.
CONTEXT = "Mr Reid wants to get back to the lunch club on Tuesdays. "
NEEDS_CONTEXT = {"contribution", "plan", "review", "strengths"}


def examples() -> list[tuple[str, str, str]]:
    """(criterion, "Weaker" or "Stronger", example text) from the page, under each criterion's heading."""
    found: list[tuple[str, str, str]] = []
    criterion = None
    for line in PAGE.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"#{2,3} .*\{ #([a-z-]+) \}", line)
        if heading:
            criterion = heading.group(1) if heading.group(1) in CRITERIA else None
            continue
        example = re.match(r"\*\*(Weaker|Stronger):\*\* \"(.+?)\"(?:\s|$)", line)
        if criterion and example:
            found.append((criterion, example.group(1), example.group(2)))
    return found


def the_full_record() -> str:
    text = PAGE.read_text(encoding="utf-8")
    block = text.split('!!! example "Record for Mr Reid"', 1)[1].split("\n### ", 1)[0]
    return "\n".join(line.removeprefix("    ") for line in block.splitlines()).strip()


def test_every_criterion_has_a_weaker_and_a_stronger_example() -> None:
    pairs = {(c, kind) for c, kind, _ in examples()}
    assert pairs == {(c, kind) for c in CRITERIA for kind in ("Weaker", "Stronger")}


@pytest.mark.parametrize(("criterion", "kind", "example"), examples())
def test_the_checker_agrees_with_the_guide(criterion: str, kind: str, example: str) -> None:
    text = (CONTEXT if criterion in NEEDS_CONTEXT else "") + example
    met = check(text).criterion(criterion).met
    assert met is (kind == "Stronger"), f"{kind} example for {criterion}: {text!r}"


def test_the_record_that_meets_all_eight_does() -> None:
    record = the_full_record()
    assert "Mr Reid wants to get back" in record
    result = check(record)
    assert {c.id: c.met for c in result.criteria} == dict.fromkeys(CRITERIA, True)
