"""Accuracy of the recording checker on the labelled records of tests/corpus/<split>/records.jsonl.

For each of the eight criteria: accuracy, precision and recall of "met" against the labels. For jargon
findings: precision and recall, where a finding matches a labelled phrase when their texts overlap.

    python benchmarks/accuracy_records.py            # dev and holdout (if present)
    python benchmarks/accuracy_records.py dev -v     # dev, listing each disagreement
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for _path in (ROOT / "src", HERE):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

import corpus  # noqa: E402
from outcomes_tools.checker import CRITERIA, check  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"


def load(split: str) -> list[dict[str, Any]]:
    return corpus.load(split, "records")


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def _phrase_hits(found: list[tuple[int, int]], text: str, phrases: list[str]) -> tuple[int, int]:
    """(labelled phrases found, findings that match some occurrence of a labelled phrase)."""
    lower = text.lower()
    labelled: list[list[tuple[int, int]]] = []
    for p in phrases:
        occurrences = []
        i = lower.find(p.lower())
        while i >= 0 and p:
            occurrences.append((i, i + len(p)))
            i = lower.find(p.lower(), i + 1)
        labelled.append(occurrences)
    hit_labels = sum(1 for occ in labelled if any(s < b and a < e for a, b in occ for s, e in found))
    flat = [span for occ in labelled for span in occ]
    hit_found = sum(1 for s, e in found if any(s < b and a < e for a, b in flat))
    return hit_labels, hit_found


def report(split: str, verbose: bool = False) -> tuple[list[str], dict[str, dict[str, float]]]:
    """Lines to print and, per criterion (and "jargon", "deficit"), accuracy, precision and recall."""
    records = load(split)
    lines = [f"Recording checker, {split}: {len(records)} records"]
    if not records:
        return [*lines, "  (no records)"], {}
    counts = {c: {"tp": 0, "fp": 0, "fn": 0, "tn": 0} for c in CRITERIA}
    lang = {k: {"labels": 0, "found": 0, "hit_labels": 0, "hit_found": 0} for k in ("jargon", "deficit")}
    errors: list[str] = []
    for rec in records:
        text = str(rec["text"])
        labels = rec["labels"]
        assert isinstance(labels, dict)
        result = check(text)
        met = result.met
        for c in CRITERIA:
            want, got = bool(labels[c]), met[c]
            key = ("t" if want == got else "f") + ("p" if got else "n")
            counts[c][key] += 1
            if want != got:
                errors.append(f"  {rec['id']} {c}: labelled {want}, checker {got}")
        for kind in ("jargon", "deficit"):
            raw = rec.get(kind, [])
            phrases = [str(p) for p in raw] if isinstance(raw, list) else [str(raw)]
            found = [(f.start, f.end) for f in result.findings if f.kind == kind]
            hl, hf = _phrase_hits(found, text, phrases)
            lang[kind]["labels"] += len(phrases)
            lang[kind]["found"] += len(found)
            lang[kind]["hit_labels"] += hl
            lang[kind]["hit_found"] += hf
            if verbose and (hl < len(phrases) or hf < len(found)):
                got_text = [text[s:e] for s, e in found]
                errors.append(f"  {rec['id']} {kind}: labelled {phrases}, found {got_text}")
    scores: dict[str, dict[str, float]] = {}
    lines.append(f"  {'criterion':<13} {'accuracy':>8} {'precision':>9} {'recall':>7}")
    for c in CRITERIA:
        k = counts[c]
        n = sum(k.values())
        s = {
            "accuracy": _ratio(k["tp"] + k["tn"], n),
            "precision": _ratio(k["tp"], k["tp"] + k["fp"]),
            "recall": _ratio(k["tp"], k["tp"] + k["fn"]),
        }
        scores[c] = s
        lines.append(f"  {c:<13} {s['accuracy']:>8.3f} {s['precision']:>9.3f} {s['recall']:>7.3f}")
    for kind, k in lang.items():
        s = {"precision": _ratio(k["hit_found"], k["found"]), "recall": _ratio(k["hit_labels"], k["labels"])}
        scores[kind] = s
        lines.append(
            f"  {kind + ' findings':<22} precision {s['precision']:.3f}  recall {s['recall']:.3f}"
            f"  ({k['found']} found, {k['labels']} labelled)"
        )
    if verbose:
        lines.extend(errors)
    return lines, scores


def main(argv: list[str]) -> int:
    unknown = [a for a in argv if a.startswith("-") and a != "-v"]
    if unknown or any(a not in ("dev", "holdout") for a in argv if not a.startswith("-")):
        print("usage: python benchmarks/accuracy_records.py [-v] [dev] [holdout]", file=sys.stderr)
        return 2
    verbose = "-v" in argv
    splits = [a for a in argv if not a.startswith("-")] or [
        s for s in ("dev", "holdout") if (CORPUS / s / "records.jsonl").is_file()
    ]
    for split in splits:
        lines, _ = report(split, verbose)
        print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
