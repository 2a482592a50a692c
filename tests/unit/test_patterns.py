"""Patterns compiled on first use behave exactly as compiled ones, and every one in the engine compiles."""

from __future__ import annotations

import importlib
import re

import pytest

from outcomes_tools._patterns import _LazyPattern, lazy_compile

MODULES = ("text", "checker", "rules", "question", "mapper", "identifiers", "audit")


def test_a_lazy_pattern_answers_as_the_compiled_one() -> None:
    source = r"\b(?P<word>care)\s+(package|plan)\b"
    lazy = lazy_compile(source, re.IGNORECASE)
    real = re.compile(source, re.IGNORECASE)
    text = "A Care  Package, a care plan and careful planning."
    assert lazy.pattern == source
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in real.finditer(text)]
    assert lazy.search(text, 10).span() == real.search(text, 10).span()  # type: ignore[union-attr]
    assert lazy.match(text, 2) is not None
    assert lazy.fullmatch("care plan") is not None
    assert lazy.findall(text) == real.findall(text)
    assert lazy.sub("X", text) == real.sub("X", text)
    assert lazy.split(text) == real.split(text)
    assert lazy.flags == real.flags
    assert lazy.groupindex == real.groupindex


def test_nothing_is_compiled_until_the_pattern_is_used() -> None:
    lazy = lazy_compile(r"never\s+used")
    assert isinstance(lazy, _LazyPattern)
    assert lazy.pattern == r"never\s+used"
    assert lazy._compiled is None
    assert lazy.search("it was never  used") is not None
    assert isinstance(lazy._compiled, re.Pattern)


def test_a_broken_pattern_fails_when_first_used() -> None:
    lazy = lazy_compile(r"(unclosed")
    with pytest.raises(re.error):
        lazy.search("text")


@pytest.mark.parametrize("name", MODULES)
def test_every_pattern_the_engine_defines_compiles(name: str) -> None:
    module = importlib.import_module(f"outcomes_tools.{name}")
    lazy = [value for value in vars(module).values() if isinstance(value, _LazyPattern)]
    for pattern in lazy:
        assert isinstance(re.compile(pattern.pattern, pattern._flags), re.Pattern)
    if name in ("text", "checker"):
        assert len(lazy) >= 10
