"""The labelled corpus in tests/corpus/<split>/<name>.jsonl: the one reader for every accuracy script."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"


def load(split: str, name: str) -> list[dict[str, Any]]:
    """Every item of one corpus file (``name`` is records, outcomes or questions); none if it is absent."""
    path = CORPUS / split / f"{name}.jsonl"
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
