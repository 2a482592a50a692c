"""Accuracy of the personal-to-national mapper on the labelled corpus.

Run: ``python benchmarks/accuracy_mapper.py`` (prints dev, the exemplars' cross-validation, holdout and
speed; ``--split dev`` or ``--split cv`` for one part). ``report(split)`` returns the lines and the figures:
top-1 in the acceptable categories, top-1 equal to the first choice, first choice in the top 3, and top
national outcome among the acceptable numbers.

``cross_validate()`` is the check that the exemplar corpus generalises: the exemplars are split into ten
folds; each fold is mapped by a model learnt without it (the cue lists stay), and the figures are how often
the exemplar's own category comes first and in the top 3. Only one category counts as right here, so these
figures are stricter than the corpus's, where several categories can be acceptable.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus  # noqa: E402
from outcomes_tools import mapper  # noqa: E402
from outcomes_tools.mapper import map_outcome  # noqa: E402


def _items(split: str) -> list[dict[str, Any]]:
    return corpus.load(split, "outcomes")


def report(split: str) -> tuple[list[str], dict[str, float]]:
    """Figures for one corpus split, and (for "dev" only, so the holdout stays blind) a line per miss."""
    items = _items(split)
    hits = {"top1_acceptable": 0, "top1_first": 0, "top3_first": 0, "national_top1": 0}
    lines: list[str] = []
    for item in items:
        result = map_outcome(str(item["text"]))
        ranked = [c.id for c in result.categories]
        acceptable = list(item["acceptable"])  # type: ignore[call-overload]
        nationals = list(item["national"])  # type: ignore[call-overload]
        top_nat = result.national_outcomes[0].number
        ok_acc = ranked[0] in acceptable
        hits["top1_acceptable"] += ok_acc
        hits["top1_first"] += ranked[0] == item["first"]
        hits["top3_first"] += item["first"] in ranked[:3]
        hits["national_top1"] += top_nat in nationals
        if split == "dev" and (not ok_acc or top_nat not in nationals):
            lines.append(
                f"  miss {item['id']}: got {ranked[:3]} national {top_nat}; want {item['first']} "
                f"(or {acceptable}) national {nationals}: {item['text']}"
            )
    n = len(items) or 1
    figures = {k: v / n for k, v in hits.items()}
    figures["items"] = float(len(items))
    head = f"{split}: {len(items)} items, " + ", ".join(
        f"{k} {v:.3f}" for k, v in figures.items() if k != "items"
    )
    return [head, *lines], figures


def cross_validate(folds: int = 10) -> tuple[list[str], dict[str, float]]:
    """Map every exemplar with a model that never saw it (see the module's notes)."""
    model = mapper._model()
    fw = model.frameworks
    exemplars = mapper.load_exemplars([c.id for c in fw.categories])
    items = [(cat, text) for cat, texts in exemplars.items() for text in texts]
    top1 = top3 = 0
    misses: dict[tuple[str, str], int] = {}
    for k in range(folds):
        kept: dict[str, list[str]] = {}
        for i, (cat, text) in enumerate(items):
            if i % folds != k:
                kept.setdefault(cat, []).append(text)
        fold_model = dataclasses.replace(model, bayes=mapper._bayes(model.lang, fw, kept))
        for i, (cat, text) in enumerate(items):
            if i % folds != k:
                continue
            ranked = [c.id for c in mapper._map(fold_model, text.strip()).categories]
            top1 += ranked[0] == cat
            top3 += cat in ranked[:3]
            if ranked[0] != cat:
                misses[(cat, ranked[0])] = misses.get((cat, ranked[0]), 0) + 1
    n = len(items) or 1
    figures = {"top1": top1 / n, "top3": top3 / n, "items": float(len(items))}
    worst = sorted(misses.items(), key=lambda kv: (-kv[1], kv[0]))[:8]
    lines = [
        f"exemplars, {folds}-fold cross-validation: {len(items)} items, "
        f"top1 {top1 / n:.3f}, top3 {top3 / n:.3f}",
        *(f"  {count} x {want} -> {got}" for (want, got), count in worst),
    ]
    return lines, figures


def speed() -> str:
    """Time to map short and long statements, after the model is loaded (the first call loads it)."""
    start = time.perf_counter()
    mapper._model.cache_clear()
    map_outcome("warm up")
    load = time.perf_counter() - start
    texts = {
        "short": "I want to get back to my walking group",
        "long": " ".join(
            ["I need a break from looking after my husband and some time to see my friends."] * 20
        ),
    }
    out = [f"speed: model load {load * 1000:.0f} ms"]
    for name, text in texts.items():
        runs = 200 if name == "short" else 20
        start = time.perf_counter()
        for _ in range(runs):
            map_outcome(text)
        out.append(f"{name} ({len(text)} chars) {(time.perf_counter() - start) / runs * 1000:.2f} ms")
    return ", ".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "cv", "holdout", "speed"), help="print only this part")
    args = parser.parse_args()
    if args.split in (None, "cv"):
        print("\n".join(cross_validate()[0]))
    if args.split in (None, "speed"):
        print(speed())
    for split in ("dev", "holdout"):
        if args.split not in (None, split):
            continue
        if not (ROOT / "tests" / "corpus" / split / "outcomes.jsonl").exists():
            print(f"{split}: no corpus file")
            continue
        lines, _ = report(split)
        print(lines[0] if split == "holdout" else "\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
