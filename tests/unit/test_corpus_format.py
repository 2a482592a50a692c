"""Checks the shape of every line of the labelled corpus in tests/corpus.

The accuracy figures for the checker, the mapper and the question checker are
measured on this corpus, so a malformed or self-contradictory label would make
those figures wrong. The ids below are copied from the spec
(../shared/spec/outcome-frameworks.md and recording-criteria.md) on purpose:
the corpus is checked against the spec, not against the engine's own data.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SPLITS = ("dev", "holdout")

CRITERIA = ("outcomes", "personalised", "contribution", "voice", "why", "plan", "strengths", "review")
NEEDS_OUTCOME = ("personalised", "why", "plan", "review")

CATEGORY_IDS = frozenset(
    {
        # Talking Points outcomes for adults
        "feeling-safe",
        "having-things-to-do",
        "seeing-people",
        "being-as-well-as-you-can",
        "living-where-you-want",
        "dealing-with-stigma",
        "listened-to",
        "having-a-say",
        "treated-with-respect",
        "treated-as-an-individual",
        "being-responded-to",
        "reliability",
        "improved-confidence",
        "improved-skills",
        "improved-mobility",
        "reduced-symptoms",
        # outcomes for unpaid carers
        "carer-cared-for-quality-of-life",
        "carer-quality-of-life",
        "carer-managing-the-caring-role",
        "carer-process",
        # additional outcomes for people living in a care home
        "privacy-respected",
        "good-end-of-life",
        "belonging-to-a-community",
    }
)
NATIONAL = frozenset(range(1, 10))
KINDS = frozenset({"open", "closed", "leading"})
SETTINGS = frozenset(
    {
        "older-people-home",
        "hospital-discharge",
        "learning-disability",
        "mental-health",
        "carers",
        "care-home",
        "housing",
        "young-adults",
        "dementia",
        "physical-disability",
        "substance-use",
    }
)
MINIMUM = {
    ("dev", "records"): 150,
    ("dev", "outcomes"): 130,
    ("dev", "questions"): 110,
    ("holdout", "records"): 60,
    ("holdout", "outcomes"): 50,
    ("holdout", "questions"): 50,
}
ID_PREFIX = {
    ("dev", "records"): "r",
    ("dev", "outcomes"): "o",
    ("dev", "questions"): "q",
    ("holdout", "records"): "hr",
    ("holdout", "outcomes"): "ho",
    ("holdout", "questions"): "hq",
}


def _load(split: str, name: str) -> list[dict[str, Any]]:
    path = CORPUS / split / f"{name}.jsonl"
    rows: list[dict[str, Any]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        assert line.strip(), f"{path.name} line {number} is blank"
        row = json.loads(line)
        assert isinstance(row, dict), f"{path.name} line {number} is not an object"
        rows.append(row)
    return rows


def _all(name: str) -> list[tuple[str, dict[str, Any]]]:
    return [(split, row) for split in SPLITS for row in _load(split, name)]


def _is_text(value: object) -> bool:
    return isinstance(value, str) and value.strip() == value and bool(value)


@pytest.mark.parametrize("split", SPLITS)
@pytest.mark.parametrize("name", ["records", "outcomes", "questions"])
def test_size_and_ids(split: str, name: str) -> None:
    rows = _load(split, name)
    assert len(rows) >= MINIMUM[(split, name)]
    ids = [row["id"] for row in rows]
    assert len(set(ids)) == len(ids), "ids must be unique"
    prefix = ID_PREFIX[(split, name)]
    for row_id in ids:
        assert isinstance(row_id, str)
        assert row_id.startswith(prefix)
        number = row_id[len(prefix) :]
        if (split, name) == ("dev", "records") and number.startswith("-long-"):
            number = number[len("-long-") :]  # the longer, realistic records (r-long-001...)
        assert number.isdigit(), row_id
    texts = [row["text"] for row in rows]
    assert len(set(texts)) == len(texts), "the same text appears twice"


@pytest.mark.parametrize("name", ["records", "outcomes", "questions"])
def test_no_text_in_both_splits(name: str) -> None:
    dev = {row["text"] for row in _load("dev", name)}
    holdout = {row["text"] for row in _load("holdout", name)}
    assert not dev & holdout


def test_records_shape() -> None:
    for split, row in _all("records"):
        where = f"{split} {row.get('id')}"
        assert set(row) == {"id", "setting", "text", "labels", "jargon", "deficit", "note"}, where
        assert row["setting"] in SETTINGS, where
        assert _is_text(row["text"]), where
        words = len(row["text"].split())
        assert 30 <= words <= 400, f"{where}: {words} words"
        assert isinstance(row["note"], str), where
        labels = row["labels"]
        assert isinstance(labels, dict), where
        assert list(labels) == list(CRITERIA), where
        assert all(isinstance(value, bool) for value in labels.values()), where
        for key in ("jargon", "deficit"):
            phrases = row[key]
            assert isinstance(phrases, list), where
            for phrase in phrases:
                assert _is_text(phrase), where
                assert phrase in row["text"], f"{where}: {phrase!r} is not in the text"


def test_records_follow_the_spec_rules() -> None:
    for split, row in _all("records"):
        where = f"{split} {row['id']}"
        labels = row["labels"]
        if not labels["outcomes"]:
            for key in NEEDS_OUTCOME:
                assert labels[key] is False, f"{where}: {key} is met without an outcome"
        if labels["strengths"]:
            # deficit language is only flagged when no strength is recorded alongside
            assert row["deficit"] == [], where


@pytest.mark.parametrize("split", SPLITS)
def test_every_criterion_is_both_met_and_not_met(split: str) -> None:
    rows = _load(split, "records")
    for key in CRITERIA:
        rate = sum(row["labels"][key] for row in rows) / len(rows)
        assert 0.25 <= rate <= 0.75, f"{split} {key}: met in {rate:.0%} of records"
    settings = {row["setting"] for row in rows}
    assert settings == SETTINGS, f"{split}: settings missing {sorted(SETTINGS - settings)}"


def test_outcomes_shape() -> None:
    for split, row in _all("outcomes"):
        where = f"{split} {row.get('id')}"
        assert set(row) == {"id", "text", "first", "acceptable", "national"}, where
        assert _is_text(row["text"]), where
        assert row["first"] in CATEGORY_IDS, where
        acceptable = row["acceptable"]
        assert isinstance(acceptable, list), where
        assert acceptable, where
        assert acceptable[0] == row["first"], where
        assert len(set(acceptable)) == len(acceptable), where
        assert set(acceptable) <= CATEGORY_IDS, where
        national = row["national"]
        assert isinstance(national, list), where
        assert 1 <= len(national) <= 3, where
        assert all(type(number) is int and number in NATIONAL for number in national), where
        assert len(set(national)) == len(national), where


def test_carer_outcomes_use_the_carer_national_outcome() -> None:
    for split, row in _all("outcomes"):
        if row["first"].startswith("carer-"):
            assert 6 in row["national"], f"{split} {row['id']}"


def test_questions_shape() -> None:
    kinds: dict[str, set[str]] = {split: set() for split in SPLITS}
    for split, row in _all("questions"):
        where = f"{split} {row.get('id')}"
        assert set(row) == {"id", "text", "kind"}, where
        assert _is_text(row["text"]), where
        assert row["kind"] in KINDS, where
        kinds[split].add(row["kind"])
    for split in SPLITS:
        assert kinds[split] == KINDS, split
