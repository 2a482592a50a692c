"""The command-line examples in README.md are run, and what the README shows must be what they print."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"


def examples() -> list[tuple[str, list[str]]]:
    """(command, lines shown after it) for every `$ ` line in the README's console blocks."""
    found: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, *shown = chunk.rstrip("\n").split("\n")
            found.append((command, [line for line in shown if line.strip()]))
    return found


def test_the_readme_has_an_example_for_each_command() -> None:
    commands = {shlex.split(command)[1] for command, _ in examples()}
    assert commands == {"check", "question", "map", "audit"}


@pytest.mark.parametrize(("command", "shown"), examples(), ids=lambda v: v if isinstance(v, str) else "")
def test_readme_example_prints_what_the_readme_shows(command: str, shown: list[str]) -> None:
    words = shlex.split(command)
    assert words[0] == "outcomes-tools"
    stdin = b""
    if "<" in words:
        at = words.index("<")
        stdin = (ROOT / words[at + 1]).read_bytes()
        words = words[:at] + words[at + 2 :]
    env = {k: v for k, v in os.environ.items() if k != "OUTCOMES_TOOLS_DATA"}
    env |= {"PYTHONPATH": str(ROOT / "src"), "COLUMNS": "100"}
    done = subprocess.run(
        [sys.executable, "-m", "outcomes_tools", *words[1:]],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        env=env,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()
    printed = [line.rstrip() for line in done.stdout.decode().splitlines()]
    for line in shown:
        assert line.rstrip() in printed, f"README shows {line!r}, which `{command}` no longer prints"
