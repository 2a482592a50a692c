"""Accuracy of the personal-to-national mapper on the labelled corpus.

Run: ``python benchmarks/accuracy_mapper.py`` (prints dev and holdout). ``report(split)`` returns the lines
and the figures: top-1 in the acceptable categories, top-1 equal to the first choice, first choice in the
top 3, and top national outcome among the acceptable numbers.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from outcomes_tools.mapper import map_outcome  # noqa: E402


def _items(split: str) -> list[dict[str, object]]:
    path = ROOT / "tests" / "corpus" / split / "outcomes.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


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


def main() -> int:
    for split in ("dev", "holdout"):
        if not (ROOT / "tests" / "corpus" / split / "outcomes.jsonl").exists():
            print(f"{split}: no corpus file")
            continue
        lines, _ = report(split)
        print(lines[0] if split == "holdout" else "\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
