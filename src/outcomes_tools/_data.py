"""Reading and strictly validating the package's data files.

Every framework, rule set, lexicon and prompt set lives as a JSON file under ``outcomes_tools/data/<folder>/``
and is read through :mod:`importlib.resources`, so it works the same from a source checkout, an installed
wheel and Pyodide. An organisation adds its own data by dropping another ``.json`` file into the folder, or
(on the command line) by pointing ``OUTCOMES_TOOLS_DATA`` at folders laid out the same way.

Validation is strict: an unknown key, a missing key, a duplicate id or a reference to an id that does not
exist raises :class:`DataError`, whose message names the file and the key.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

ENV_EXTRA = "OUTCOMES_TOOLS_DATA"


class DataError(ValueError):
    """A data file is malformed. The message names the file and the key at fault."""


@dataclass(frozen=True, slots=True)
class DataFile:
    """One parsed JSON data file and the name to report it by."""

    name: str
    content: Any


def _package_folder(folder: str) -> Traversable:
    # Imported here, on the first data file read: importlib.resources brings in a good part of the standard
    # library, which would slow down importing the engine in the browser.
    from importlib.resources import files  # noqa: PLC0415

    return files("outcomes_tools").joinpath("data", folder)


def _extra_roots() -> list[Path]:
    raw = os.environ.get(ENV_EXTRA, "")
    return [Path(p) for p in raw.split(os.pathsep) if p.strip()]


def _parse(name: str, raw: bytes) -> DataFile:
    try:
        return DataFile(name, json.loads(raw.decode("utf-8")))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(f"{name}: not valid UTF-8 JSON ({exc})") from exc


def data_files(folder: str) -> list[DataFile]:
    """All ``*.json`` files of ``data/<folder>/`` (package first, sorted by name), then any extra folders."""
    found: list[DataFile] = []
    root = _package_folder(folder)
    if root.is_dir():
        entries = sorted((e for e in root.iterdir() if e.name.endswith(".json")), key=lambda e: e.name)
        found.extend(_parse(f"data/{folder}/{e.name}", e.read_bytes()) for e in entries)
    for extra in _extra_roots():
        sub = extra / folder
        if sub.is_dir():
            found.extend(_parse(str(p), p.read_bytes()) for p in sorted(sub.glob("*.json")))
    return found


def data_file(folder: str, name: str) -> DataFile:
    """One named file of the package's ``data/<folder>/``."""
    entry = _package_folder(folder).joinpath(name)
    return _parse(f"data/{folder}/{name}", entry.read_bytes())


def check_keys(
    obj: object,
    where: str,
    *,
    required: Iterable[str],
    optional: Iterable[str] = (),
) -> Mapping[str, Any]:
    """Check that ``obj`` is an object with every required key and no key outside required + optional."""
    if not isinstance(obj, dict):
        raise DataError(f"{where}: expected an object, found {type(obj).__name__}")
    req = list(required)
    allowed = set(req) | set(optional)
    for key in obj:
        if key not in allowed:
            raise DataError(f"{where}: unknown key {key!r} (allowed: {', '.join(sorted(allowed))})")
    for key in req:
        if key not in obj:
            raise DataError(f"{where}: missing key {key!r}")
    return obj


def expect(value: object, kind: type | tuple[type, ...], where: str) -> Any:
    """Return ``value`` if it is of ``kind``, else raise a DataError naming ``where``."""
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise DataError(f"{where}: expected {names}, found {type(value).__name__}")
    return value


def string_list(value: object, where: str) -> list[str]:
    """A list of non-empty strings."""
    items = expect(value, list, where)
    for i, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            raise DataError(f"{where}[{i}]: expected a non-empty string")
    return list(items)


def unique_ids(ids: Iterable[tuple[str, str]]) -> set[str]:
    """Given (id, where) pairs, fail on the first duplicate; return the set of ids."""
    seen: dict[str, str] = {}
    for ident, where in ids:
        if ident in seen:
            raise DataError(f"{where}: duplicate id {ident!r} (first defined at {seen[ident]})")
        seen[ident] = where
    return set(seen)
