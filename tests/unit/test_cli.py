"""The command line, as interfaces.md describes it: subcommands, text or JSON, argument or standard input,
exit status 0 or 2 with one plain line on standard error and never a traceback."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from outcomes_tools import cli
from outcomes_tools.checker import check
from outcomes_tools.mapper import map_outcome
from outcomes_tools.question import classify_question

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "golden"
RECORD = (
    "Mrs Duncan wants to get back to the bowling club on Saturdays, which is where she sees her oldest "
    "friends. 'I feel like I've disappeared since the fall,' she told me. Package of care continues. Her "
    "daughter will drive her there for the first month."
)


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def run(
    args: list[str], stdin: bytes = b"", *, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", _Stdin(stdin))
    code = cli.main(args)
    out, err = capsys.readouterr()
    return code, out, err


def run_module(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    """``python -S -m outcomes_tools`` with only src/ on the path: no site-packages, so no dependencies."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "OUTCOMES_TOOLS_DATA"}}
    env["PYTHONPATH"] = str(ROOT / "src")
    return subprocess.run(
        [sys.executable, "-S", "-m", "outcomes_tools", *args],
        check=False,
        input=stdin,
        capture_output=True,
        env=env,
        timeout=60,
    )


def check_golden(name: str, value: object) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(json.dumps(value, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert json.loads(path.read_text(encoding="utf-8")) == value


def test_module_runs_with_only_src_on_the_path() -> None:
    p = run_module("map", "--format", "json", "I want to get back to my walking group")
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out == map_outcome("I want to get back to my walking group").to_dict()
    check_golden("cli-map-walking-group.json", out)


def test_module_unknown_command_is_one_line_and_exit_2() -> None:
    p = run_module("nonsense-command")
    assert p.returncode == 2
    err = p.stderr.decode()
    assert "Traceback" not in err
    assert err.count("\n") == 1
    assert "nonsense-command" in err


def test_check_json_matches_the_engine_and_reads_stdin(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    code, out, err = run(
        ["check", "--format", "json", "-"], RECORD.encode(), monkeypatch=monkeypatch, capsys=capsys
    )
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert result == check(RECORD).to_dict()
    assert list(result["criteria"]) == [
        "outcomes",
        "personalised",
        "contribution",
        "voice",
        "why",
        "plan",
        "strengths",
        "review",
    ]
    code2, out2, _ = run(["check", "--format", "json", RECORD], monkeypatch=monkeypatch, capsys=capsys)
    assert code2 == 0
    assert json.loads(out2) == result


def test_check_text_is_for_people(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    code, out, _ = run(["check", RECORD], monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0
    assert out.startswith("Recording check: ")
    assert "✓ Outcomes, not just services" in out
    assert "✗ " in out
    assert "“Package of care”" in out
    assert "Try: " in out
    assert "{" not in out


def test_map_stdin_when_no_argument(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    code, out, _ = run(
        ["map", "--format", "json"],
        b"I want to feel safe at night\n",
        monkeypatch=monkeypatch,
        capsys=capsys,
    )
    assert code == 0
    result = json.loads(out)
    assert result["chain"][0] == {"level": "personal", "text": "I want to feel safe at night"}
    assert result["categories"][0]["id"] == "feeling-safe"


def test_map_text(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    code, out, _ = run(
        ["map", "--top", "3", "I miss my friends from church"], monkeypatch=monkeypatch, capsys=capsys
    )
    assert code == 0
    assert "Closest outcome categories" in out
    assert "1. Seeing people" in out
    assert "From personal to national" in out
    assert "4. " not in out.split("National Health")[0]


def test_map_text_says_when_nothing_matched(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    code, out, _ = run(["map", "Xyzzy"], monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0
    assert "No clear match" in out


def test_question_json_and_text(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    code, out, _ = run(
        ["question", "--format", "json", "Do you feel safe at home?"], monkeypatch=monkeypatch, capsys=capsys
    )
    assert code == 0
    result = json.loads(out)
    assert result == classify_question("Do you feel safe at home?").to_dict()
    check_golden("cli-question-safe-at-home.json", result)
    code, out, _ = run(["question", "Surely you want to go home?"], monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0
    assert out.startswith("✗ Leading question")
    assert "Try instead: “" in out
    code, out, _ = run(["question", "How are you?"], monkeypatch=monkeypatch, capsys=capsys)
    assert out.startswith("✓ Open question")
    assert "Try instead" not in out


def test_prompts_command(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    code, out, _ = run(
        ["prompts", "--format", "json", "seeing-people"], monkeypatch=monkeypatch, capsys=capsys
    )
    assert code == 0
    result = json.loads(out)
    assert result["audience"] == "person"
    assert len(result["prompts"]) >= 3
    code, out, _ = run(["prompts", "supervision"], monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0
    assert "Open prompts: supervision (supervision)" in out


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["map", "-"], b"\xff\xfe\x00bad", "binary file"),
        (["map", "-"], b"caf\xe9 at the corner", "not valid UTF-8"),
        (["map", "-"], b"", "Type what matters"),
        (["question", "-"], b"   \n", "Type a question"),
        (["check", "--format", "json", "-"], b"", "nothing to check"),
        (["question", "x" * 1001], b"", "1,001 characters"),
        (["map", "--format", "xml", "hello"], b"", "invalid choice"),
        (["map", "--top", "0", "hello"], b"", "1 or more"),
        (["prompts", "knitting"], b"", "no prompts about 'knitting'"),
        ([], b"", "Say which command"),
    ],
)
def test_bad_input_exits_2_with_one_plain_line(
    args: list[str], stdin: bytes, message: str, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    code, out, err = run(args, stdin, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("outcomes-tools: ")
    assert message in err
    assert "Traceback" not in err


def test_a_new_subcommand_needs_only_a_command_entry(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    def run_echo(args: Any) -> tuple[dict[str, Any], str]:
        text = cli.read_text(args.text)
        return {"echo": text}, text

    extra = cli.Command("echo", "repeat the text", cli._text_argument, run_echo)
    monkeypatch.setattr(cli, "COMMANDS", [*cli.COMMANDS, extra])
    code, out, _ = run(["echo", "--format", "json", "-"], b"hello", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0
    assert json.loads(out) == {"echo": "hello"}


def test_help_lists_every_command(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    with pytest.raises(SystemExit) as info:
        run(["--help"], monkeypatch=monkeypatch, capsys=capsys)
    assert info.value.code == 0
    out = capsys.readouterr().out
    for name in ("check", "map", "question", "prompts"):
        assert name in out


def test_check_json_golden_and_warns_of_personal_details() -> None:
    p = run_module("check", "--format", "json", "-", stdin=RECORD.encode())
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out == check(RECORD).to_dict()
    assert [w["kind"] for w in out["warnings"]] == ["name"]
    assert RECORD[out["warnings"][0]["start"] : out["warnings"][0]["end"]] == "Duncan"
    check_golden("cli-check-duncan.json", out)


def test_check_text_lists_personal_details(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    record = "Mr Shah (CHI 0101451234) wants to get back to his allotment."
    code, out, _ = run(["check", record], monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0
    assert "Personal details to remove before sharing (2)" in out
    assert "This looks like a CHI number" in out
