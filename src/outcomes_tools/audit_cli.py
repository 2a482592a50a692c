"""The ``outcomes-tools audit`` command: the service view for a CSV file on this computer.

    outcomes-tools audit FILE.csv --column NAME [--team-column NAME] [--status-column NAME]
                         [--date-column NAME] [--mask] [--jobs N] [--format text|json|html]

Reading the file lives here, not in :mod:`outcomes_tools.audit`, which also runs in the browser.
Every problem with the file is an :class:`~outcomes_tools.errors.InputError` with a plain-English message
(the command line prints it as one line and exits 2).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from outcomes_tools.audit import MAX_BYTES, audit, decode_csv, render_html, render_text, too_big
from outcomes_tools.errors import InputError

__all__ = ["configure_audit", "read_csv_file", "run_audit"]


def configure_audit(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE.csv", help="the CSV file of records (comma, semicolon or tab)")
    parser.add_argument("--column", required=True, metavar="NAME", help="the column with the record text")
    parser.add_argument("--team-column", metavar="NAME", help="a column naming each record's team")
    parser.add_argument(
        "--status-column",
        metavar="NAME",
        help="a column with the achievement status (achieved / partly / not yet)",
    )
    parser.add_argument("--date-column", metavar="NAME", help="a column with each record's date")
    parser.add_argument(
        "--mask",
        action="store_true",
        help="mask likely personal identifiers (CHI numbers, names, phone numbers ...) in the quotes",
    )
    parser.add_argument(
        "--jobs",
        type=_jobs,
        default=0,
        metavar="N",
        help="how many processes share the checking of a big file (default 0: one for each processor; "
        "1: this process only). The report is the same either way.",
    )


def read_csv_file(name: str) -> tuple[str, tuple[str, ...]]:
    """The text of a CSV file and any notice about how it was read; InputError if it cannot be read."""
    path = Path(name)
    try:
        size = path.stat().st_size
        if size >= MAX_BYTES:
            raise too_big(size)  # refused before reading it
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"There is no file called {name}. Check the name and the folder.") from None
    except IsADirectoryError:
        raise InputError(f"{name} is a folder, not a file. Give the CSV file's name.") from None
    except PermissionError:
        raise InputError(f"You do not have permission to read {name}.") from None
    except OSError as exc:
        raise InputError(f"{name} could not be read ({exc.strerror or exc}).") from None
    return decode_csv(data)


def run_audit(args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    text, notices = read_csv_file(args.file)
    progress = _progress if sys.stderr.isatty() else None
    report = audit(
        text,
        args.column,
        team_column=args.team_column,
        status_column=args.status_column,
        date_column=args.date_column,
        mask_identifiers=args.mask,
        progress=progress,
        notices=notices,
        jobs=args.jobs or processors(),
    )
    if progress is not None:
        sys.stderr.write("\r" + " " * 60 + "\r")
    out = render_html(report) if args.format == "html" else render_text(report)
    return report.to_dict(), out


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        jobs = -1
    if not 0 <= jobs <= 64:
        raise argparse.ArgumentTypeError(f"give a whole number from 0 to 64, not {value!r}")
    return jobs


def processors() -> int:
    """How many processors this process may use (at most 8: beyond that, adding up is the limit)."""
    if hasattr(os, "process_cpu_count"):  # Python 3.13 and later
        count = os.process_cpu_count()
    elif hasattr(os, "sched_getaffinity"):
        count = len(os.sched_getaffinity(0))
    else:
        count = os.cpu_count()
    return max(1, min(8, count or 1))


def _progress(done: int, total: int) -> None:
    sys.stderr.write(f"\rChecking records: {done:,} of {total:,}")
    sys.stderr.flush()
