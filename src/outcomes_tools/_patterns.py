"""Regular expressions compiled on first use instead of at import.

The engine's modules define many patterns at module level. Compiling them all at import made importing the
engine slow in the browser (Pyodide compiles patterns about twice as slowly as CPython), and the tools'
"ready" waited for it, although a page uses only some of them. :func:`lazy_compile` returns an object that
behaves as the compiled pattern: its first use compiles it, and from then on its methods are the compiled
pattern's own bound methods, kept in slots, so a call costs what it costs on a compiled pattern.
"""

from __future__ import annotations

import re
from typing import Any, cast

# The methods and attributes of re.Pattern the engine uses, filled in on first use.
_FORWARDED = (
    "match",
    "search",
    "fullmatch",
    "finditer",
    "findall",
    "sub",
    "subn",
    "split",
    "flags",
    "groups",
    "groupindex",
)


class _LazyPattern:
    __slots__ = ("_flags", "_compiled", "pattern", *_FORWARDED)

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern  # the source, without compiling
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        # Called only for a slot not filled yet: compile, fill them all, and answer.
        if name.startswith("__") or name in ("_compiled", "_flags", "pattern"):
            raise AttributeError(name)
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(self.pattern, self._flags)
            for attr in _FORWARDED:
                setattr(self, attr, getattr(compiled, attr))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy_compile({self.pattern!r}, {self._flags!r})"


def lazy_compile(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, done the first time the result is used.

    For patterns used through their methods (``match``, ``search``, ``finditer``…) and ``pattern`` /
    ``flags``; it is not a ``re.Pattern`` instance, so pass it to the ``re`` module's functions only
    through those methods.
    """
    return cast("re.Pattern[str]", _LazyPattern(pattern, int(flags)))
