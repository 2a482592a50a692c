"""Accuracy floors on the development corpus, so that a change that makes the checker worse is caught.

The floors sit a little below what the checker achieves (see benchmarks/accuracy_records.py). The holdout
corpus is not read here: it stays blind.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus" / "dev" / "records.jsonl"

FLOORS = {
    "outcomes": 0.97,
    "personalised": 0.96,
    "contribution": 0.97,
    "voice": 0.97,
    "why": 0.95,
    "plan": 0.93,
    "strengths": 0.97,
    "review": 0.95,
}


def _report() -> dict[str, dict[str, float]]:
    spec = importlib.util.spec_from_file_location(
        "accuracy_records", ROOT / "benchmarks" / "accuracy_records.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("accuracy_records", module)
    spec.loader.exec_module(module)
    _, scores = module.report("dev")
    return scores  # type: ignore[no-any-return]


@pytest.mark.skipif(not CORPUS.is_file(), reason="the development corpus is not present")
def test_dev_accuracy_stays_above_the_floors() -> None:
    scores = _report()
    for criterion, floor in FLOORS.items():
        assert scores[criterion]["accuracy"] >= floor, (criterion, scores[criterion])
    assert scores["jargon"]["precision"] >= 0.9
    assert scores["jargon"]["recall"] >= 0.9
