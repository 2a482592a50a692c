"""Print the accuracy of the recording checker, the outcome mapper and the question checker.

Measured on the labelled corpus in tests/corpus/: `dev` (which the rules were developed against) and
`holdout` (which the rule writers never read, so it shows how the tools do on records they have not seen).

    python benchmarks/accuracy.py            # both splits
    python benchmarks/accuracy.py holdout    # one split
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "src")]

import accuracy_mapper  # noqa: E402
import accuracy_questions  # noqa: E402
import accuracy_records  # noqa: E402

CORPUS = HERE.parent / "tests" / "corpus"


def main(argv: list[str]) -> int:
    if any(a not in ("dev", "holdout") for a in argv):
        print("usage: python benchmarks/accuracy.py [dev] [holdout]", file=sys.stderr)
        return 2
    splits = argv or [s for s in ("dev", "holdout") if (CORPUS / s).is_dir()]
    for split in splits:
        print(f"=== {split} ===")
        for module in (accuracy_records, accuracy_mapper, accuracy_questions):
            lines, _ = module.report(split)
            print("\n".join(lines))
            print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
