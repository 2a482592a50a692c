"""MkDocs macros: render framework tables from the outcomes_tools data so the guide and tools agree."""

from __future__ import annotations

from typing import Any


def define_env(env: Any) -> None:
    """Register the guide's macros (filled in by the guide)."""
    env.variables["engine_version"] = __import__("outcomes_tools").__version__
