"""Accuracy of the question checker on the labelled corpus.

Run: ``python benchmarks/accuracy_questions.py`` (prints dev and holdout). ``report(split)`` returns the lines
and the figures: overall accuracy, and precision and recall for each kind (open, closed, leading). It also
counts how many suggested rewordings the checker itself judges open.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus  # noqa: E402
from outcomes_tools.question import KINDS, classify_question  # noqa: E402


def _items(split: str) -> list[dict[str, Any]]:
    return corpus.load(split, "questions")


def report(split: str) -> tuple[list[str], dict[str, float]]:
    """Figures for one corpus split, and (for "dev" only, so the holdout stays blind) a line per miss."""
    items = _items(split)
    pairs: list[tuple[str, str]] = []
    lines: list[str] = []
    suggestions = open_suggestions = 0
    for item in items:
        result = classify_question(item["text"])
        pairs.append((item["kind"], result.kind))
        if result.suggestion is not None:
            suggestions += 1
            open_suggestions += classify_question(result.suggestion).kind == "open"
        if split == "dev" and (result.kind != item["kind"]):
            lines.append(
                f"  miss {item['id']}: got {result.kind} ({result.rule}), want {item['kind']}: {item['text']}"
            )
    n = len(pairs) or 1
    figures: dict[str, float] = {"accuracy": sum(g == p for g, p in pairs) / n}
    for kind in KINDS:
        predicted = sum(p == kind for _, p in pairs)
        actual = sum(g == kind for g, _ in pairs)
        right = sum(g == p == kind for g, p in pairs)
        figures[f"{kind}_precision"] = right / predicted if predicted else 0.0
        figures[f"{kind}_recall"] = right / actual if actual else 0.0
    figures["suggestions_open"] = open_suggestions / suggestions if suggestions else 1.0
    figures["items"] = float(len(items))
    head = f"{split}: {len(items)} items, " + ", ".join(
        f"{k} {v:.3f}" for k, v in figures.items() if k != "items"
    )
    return [head, *lines], figures


def main() -> int:
    for split in ("dev", "holdout"):
        if not (ROOT / "tests" / "corpus" / split / "questions.jsonl").exists():
            print(f"{split}: no corpus file")
            continue
        lines, _ = report(split)
        print(lines[0] if split == "holdout" else "\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
