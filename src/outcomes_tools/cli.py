"""The ``outcomes-tools`` command line: ``check``, ``map``, ``question`` and ``prompts``.

Each subcommand is one :class:`Command` in :data:`COMMANDS`: a name, a line of help, a function that adds its
arguments, and a function that runs it and returns the JSON object and the text for people. To add a
subcommand, write those two functions and add one ``Command`` to the list.

Text comes from the argument, or from standard input when the argument is ``-`` or absent. Exit status is 0
on success and 2 on a usage error or unreadable input, with one plain-English line on standard error and
never a traceback.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import IO, Any, NoReturn

from outcomes_tools import __version__
from outcomes_tools._data import DataError
from outcomes_tools.audit_cli import configure_audit, run_audit
from outcomes_tools.checker import CRITERION_LABELS, check
from outcomes_tools.errors import InputError
from outcomes_tools.frameworks import load_frameworks
from outcomes_tools.mapper import map_outcome
from outcomes_tools.prompts import SUPERVISION, prompts
from outcomes_tools.question import classify_question

__all__ = ["COMMANDS", "Command", "main"]

PROG = "outcomes-tools"
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

Render = tuple[dict[str, Any], str]


class UsageError(Exception):
    """Bad arguments or unreadable input: exit 2 with the message."""


@dataclass(frozen=True, slots=True)
class Command:
    """One subcommand: ``configure`` adds its arguments; ``run`` returns (JSON object, text for people)."""

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], Render]
    formats: tuple[str, ...] = ("text", "json")  # any but json prints run's text


# --- reading input ------------------------------------------------------------------------------------------


def read_text(arg: str | None, stdin: IO[bytes] | None = None) -> str:
    """The text to work on: the argument, or standard input when it is ``-`` or absent."""
    if arg is not None and arg != "-":
        if any("\udc80" <= ch <= "\udcff" for ch in arg):
            raise UsageError(
                "The text given is not valid UTF-8. Save or type it as plain text and try again."
            )
        return arg
    stream = stdin if stdin is not None else sys.stdin.buffer
    try:
        raw = stream.read()
    except OSError as exc:
        raise UsageError(f"Could not read standard input ({exc.strerror or exc}).") from exc
    if b"\x00" in raw:
        raise UsageError("The input looks like a binary file, not text. Give plain text (UTF-8) instead.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(
            f"The input is not valid UTF-8 text (a bad byte at position {exc.start}). "
            "Save it as UTF-8 and try again."
        ) from exc


def _text_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "text",
        nargs="?",
        default=None,
        metavar="TEXT",
        help="the text, or - (or nothing) to read standard input",
    )


# --- text output helpers ------------------------------------------------------------------------------------


def _width() -> int:
    return max(40, min(100, shutil.get_terminal_size((88, 24)).columns) - 2)


def _wrap(text: str, indent: str = "", hang: str | None = None) -> str:
    return textwrap.fill(
        text,
        width=_width(),
        initial_indent=indent,
        subsequent_indent=hang if hang is not None else indent,
        break_on_hyphens=False,
    )


def _quote(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return f"“{text}”"


def _heading(text: str) -> str:
    return f"{text}\n{'─' * min(len(text), _width())}"


# --- check --------------------------------------------------------------------------------------------------


def _run_check(args: argparse.Namespace) -> Render:
    text = read_text(args.text)
    result: dict[str, Any] = check(text).to_dict()
    return result, render_check(text, result)


def render_check(text: str, result: dict[str, Any]) -> str:
    """The check result as text for a person at a terminal."""
    criteria: dict[str, Any] = result["criteria"]
    met = sum(1 for c in criteria.values() if c["met"])
    lines = [_heading(f"Recording check: {met} of {len(criteria)} criteria met"), ""]
    for ident, c in criteria.items():
        mark = "✓" if c["met"] else "✗"
        label = c.get("label") or CRITERION_LABELS.get(ident, ident)
        lines.append(_wrap(f"{mark} {label}: {c['message']}", "", "    "))
        for span in c.get("evidence", [])[:3]:
            lines.append(_wrap(_quote(text[span["start"] : span["end"]]), "    "))
    findings: list[dict[str, Any]] = result["findings"]
    lines.append("")
    if findings:
        lines.append(_heading(f"Wording to look at ({len(findings)})"))
        lines.append("")
        for f in findings:
            kind = (
                "jargon"
                if f["kind"] == "jargon"
                else "deficit language"
                if f["kind"] == "deficit"
                else f["kind"]
            )
            lines.append(_wrap(f"• {_quote(f['text'], 60)} ({kind}): {f['message']}", "", "  "))
            if f.get("suggestion"):
                lines.append(_wrap(f"Try: {f['suggestion']}", "  ", "  "))
    else:
        lines.append("No jargon or deficit-only wording found.")
    warnings: list[dict[str, Any]] = result.get("warnings", [])
    if warnings:
        lines += ["", _heading(f"Personal details to remove before sharing ({len(warnings)})"), ""]
        lines += [_wrap(f"• {_quote(w['text'], 60)}: {w['message']}", "", "  ") for w in warnings]
    return "\n".join(lines)


# --- map ----------------------------------------------------------------------------------------------------

LEVEL_LABELS = {
    "personal": "Personal",
    "service": "Service",
    "organisational": "Organisational",
    "partnership": "Partnership",
    "national": "National",
}


def _run_map(args: argparse.Namespace) -> Render:
    text = read_text(args.text)
    result = map_outcome(text)
    return result.to_dict(), render_map(result.to_dict(), top=args.top)


def render_map(result: dict[str, Any], top: int = 5) -> str:
    """The map result as text for a person at a terminal."""
    titles = {f.id: f.title for f in load_frameworks().category_frameworks}
    cats: list[dict[str, Any]] = result["categories"]
    nats: list[dict[str, Any]] = result["national_outcomes"]
    chain: list[dict[str, Any]] = result["chain"]
    lines = [_wrap(f"What matters: {_quote(chain[0]['text'], 200)}", "", "  "), ""]
    if not result.get("clear_match", True) or not cats or cats[0]["score"] <= 0:
        lines.append(
            _wrap(
                "No clear match: none of the words link to an outcome category. Try saying more about what "
                "the person wants to do, keep or change, in their own words."
            )
        )
        return "\n".join(lines)
    lines.append(_heading("Closest outcome categories"))
    threshold = result.get("match_threshold", 0)
    shown = [c for c in cats[:top] if c["score"] > 0 and c["score"] >= threshold]
    for i, c in enumerate(shown, 1):
        lines.append(
            _wrap(
                f"{i}. {c['label']} ({titles.get(c['framework'], c['framework'])}): {c['score']:.2f}",
                "",
                "   ",
            )
        )
    lines += ["", _heading("National Health and Wellbeing Outcomes")]
    for n in [n for n in nats[: min(3, top)] if n["score"] > 0 and n["score"] >= threshold]:
        lines.append(_wrap(f"{n['number']}. {n['text']} ({n['score']:.2f})", "", "   "))
    lines += ["", _heading("From personal to national")]
    for link in chain:
        lines.append(_wrap(f"{LEVEL_LABELS.get(link['level'], link['level'])}: {link['text']}", "", "    "))
    if len(cats) > len(shown):
        lines += ["", f"Showing {len(shown)} of {len(cats)} categories; --format json lists them all."]
    return "\n".join(lines)


def _configure_map(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--top", type=_positive, default=5, help="how many categories to show as text (default 5)"
    )
    _text_argument(parser)


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError("expected a number of 1 or more")
    return n


# --- question -----------------------------------------------------------------------------------------------

KIND_LABELS = {"open": "Open question", "closed": "Closed question", "leading": "Leading question"}


def _run_question(args: argparse.Namespace) -> Render:
    text = read_text(args.text)
    result = classify_question(text).to_dict()
    return result, render_question(result)


def render_question(result: dict[str, Any]) -> str:
    """The question result as text for a person at a terminal."""
    mark = "✓" if result["kind"] == "open" else "✗"
    lines = [f"{mark} {KIND_LABELS.get(result['kind'], result['kind'])}", _wrap(result["message"], "  ")]
    if result.get("suggestion"):
        lines += ["", _wrap(f"Try instead: {_quote(result['suggestion'], 300)}", "  ", "  ")]
    return "\n".join(lines)


# --- prompts ------------------------------------------------------------------------------------------------


def _configure_prompts(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("topic", metavar="TOPIC", help="a category id such as seeing-people, or supervision")
    parser.add_argument(
        "--audience",
        default=None,
        choices=("person", "carer", "supervision"),
        help="who the prompts are worded for (default: person; supervision for the supervision topic)",
    )


def _run_prompts(args: argparse.Namespace) -> Render:
    audience = args.audience or (SUPERVISION if args.topic == SUPERVISION else "person")
    found = prompts(args.topic, audience)
    result = {"topic": args.topic, "audience": audience, "prompts": [p.to_dict() for p in found]}
    lines = [_heading(f"Open prompts: {args.topic} ({audience})")]
    for p in found:
        lines.append(_wrap(f"• {p.text}", "", "  "))
    return result, "\n".join(lines)


# --- the registry -------------------------------------------------------------------------------------------

COMMANDS: list[Command] = [
    Command("check", "check a case record against the recording criteria", _text_argument, _run_check),
    Command(
        "map",
        "map what matters to a person to outcome categories and national outcomes",
        _configure_map,
        _run_map,
    ),
    Command("question", "check whether a question is open, closed or leading", _text_argument, _run_question),
    Command("prompts", "list open conversation prompts for a topic", _configure_prompts, _run_prompts),
    Command(
        "audit",
        "report on a CSV file of records: what matters to people and how well it is recorded",
        configure_audit,
        run_audit,
        formats=("text", "json", "html"),
    ),
]


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one plain line on standard error and exit status 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message}. Try '{PROG} --help'.")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command of :data:`COMMANDS`."""
    parser = _Parser(
        prog=PROG,
        description=(
            "Check case records, map personal outcomes and check questions. Nothing leaves your computer."
        ),
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for command in COMMANDS:
        p = sub.add_parser(
            command.name, help=command.help, description=command.help[:1].upper() + command.help[1:] + "."
        )
        p.add_argument(
            "--format",
            choices=command.formats,
            default="text",
            help="text for people (default) or one JSON object"
            + (", or one HTML page" if "html" in command.formats else ""),
        )
        command.configure(p)
        p.set_defaults(_command=command)
    return parser


def _write(stream: IO[str], text: str) -> None:
    try:
        stream.write(text)
        stream.flush()
    except UnicodeEncodeError:
        buffer = getattr(stream, "buffer", None)
        if buffer is None:
            raise
        buffer.write(text.encode("utf-8"))
        buffer.flush()


def _fail(message: str, code: int) -> int:
    first = " ".join(str(message).split()) or "Something went wrong."
    _write(sys.stderr, f"{PROG}: {first}\n")
    return code


def _chosen(args: argparse.Namespace) -> Command:
    command: Command | None = getattr(args, "_command", None)
    if command is None:
        names = ", ".join(c.name for c in COMMANDS)
        raise UsageError(f"Say which command to run: {names}. Try '{PROG} --help'.")
    return command


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    try:
        args = build_parser().parse_args(argv)
        result, text = _chosen(args).run(args)
    except UsageError as err:
        return _fail(str(err), EXIT_USAGE)
    except InputError as err:
        return _fail(str(err), EXIT_USAGE)
    except DataError as err:
        return _fail(f"A data file is not right: {err}", EXIT_FAILED)
    except KeyboardInterrupt:
        return _fail("Stopped.", 130)
    except Exception as err:  # never a traceback for the person
        return _fail(f"Something went wrong ({type(err).__name__}: {err}).", EXIT_FAILED)
    try:
        if args.format == "json":
            _write(sys.stdout, json.dumps(result, ensure_ascii=False) + "\n")
        else:
            _write(sys.stdout, text.rstrip("\n") + "\n")
    except BrokenPipeError:
        return EXIT_OK
    return EXIT_OK
