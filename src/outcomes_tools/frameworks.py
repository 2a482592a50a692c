"""The reference frameworks: Talking Points categories, the national outcomes, the levels, PANEL and FAIR.

Everything comes from the JSON files of ``data/frameworks/`` and is validated strictly when first loaded.
Each file has a ``kind``:

* ``categories`` — a set of personal outcome categories (Talking Points for adults, carers, care homes, or an
  organisation's own local outcomes). Add a file of this kind to add local outcomes.
* ``national-outcomes`` — the National Health and Wellbeing Outcomes (exactly one file).
* ``levels`` — the levels from personal to national (exactly one file).
* ``principles`` — the PANEL principles (exactly one file).
* ``steps`` — the FAIR approach (exactly one file).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from outcomes_tools._data import DataError, DataFile, check_keys, data_files, expect, string_list, unique_ids

__all__ = [
    "CHAIN_LEVELS",
    "Category",
    "CategoryFramework",
    "Chain",
    "DataError",
    "FairStep",
    "Frameworks",
    "Level",
    "NationalOutcome",
    "NationalOutcomes",
    "OutcomeType",
    "Principle",
    "Source",
    "build_frameworks",
    "load_frameworks",
]

FOLDER = "frameworks"
LEVEL_IDS = ("personal", "service", "organisational", "partnership", "national")
CHAIN_LEVELS = ("service", "organisational", "partnership")
KINDS = ("categories", "national-outcomes", "levels", "principles", "steps")


@dataclass(frozen=True, slots=True)
class Source:
    """Where a framework comes from, and (for Crown copyright text) its licence and attribution."""

    title: str
    publisher: str
    year: int
    licence: str | None = None
    attribution: str | None = None


@dataclass(frozen=True, slots=True)
class OutcomeType:
    """A type of outcome within a category framework, e.g. quality of life, process, change."""

    id: str
    label: str
    description: str


@dataclass(frozen=True, slots=True)
class Chain:
    """How a category reads at the service, organisational and partnership levels."""

    service: str
    organisational: str
    partnership: str

    def text(self, level: str) -> str:
        """The text for one of ``service``, ``organisational``, ``partnership``."""
        if level not in CHAIN_LEVELS:
            raise KeyError(level)
        return str(getattr(self, level))


@dataclass(frozen=True, slots=True)
class Category:
    """One personal outcome category, e.g. Talking Points' "Seeing people"."""

    id: str
    label: str
    framework: str
    type: str
    description: str
    cues: tuple[str, ...]
    national_outcomes: tuple[int, ...]
    chain: Chain


@dataclass(frozen=True, slots=True)
class CategoryFramework:
    """A set of categories from one file: Talking Points for adults, for carers, for care homes, or local."""

    id: str
    title: str
    description: str
    source: Source
    types: tuple[OutcomeType, ...]
    categories: tuple[Category, ...]

    def type(self, type_id: str) -> OutcomeType:
        """The outcome type with this id."""
        for t in self.types:
            if t.id == type_id:
                return t
        raise KeyError(type_id)


@dataclass(frozen=True, slots=True)
class NationalOutcome:
    """One National Health and Wellbeing Outcome, with its statutory wording (``text``)."""

    number: int
    label: str
    text: str
    expectations: tuple[str, ...]
    cues: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NationalOutcomes:
    """The nine national outcomes and their source."""

    id: str
    title: str
    description: str
    source: Source
    outcomes: tuple[NationalOutcome, ...]


@dataclass(frozen=True, slots=True)
class Level:
    """One level from personal to national, with the framework's worked example."""

    id: str
    label: str
    who: str
    description: str
    example: str


@dataclass(frozen=True, slots=True)
class Principle:
    """One PANEL principle: our plain-English summary and the framework's own words."""

    id: str
    letter: str
    label: str
    summary: str
    framework_text: str


@dataclass(frozen=True, slots=True)
class FairStep:
    """One FAIR step: our summary and the questions as the framework gives them."""

    id: str
    letter: str
    label: str
    summary: str
    questions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Frameworks:
    """All the validated reference data."""

    category_frameworks: tuple[CategoryFramework, ...]
    national: NationalOutcomes
    levels: tuple[Level, ...]
    levels_source: Source
    panel: tuple[Principle, ...]
    panel_source: Source
    fair: tuple[FairStep, ...]
    fair_source: Source

    @property
    def categories(self) -> tuple[Category, ...]:
        """Every category of every framework, in file order (adults, carers, care homes, then local)."""
        return tuple(c for f in self.category_frameworks for c in f.categories)

    @property
    def national_outcomes(self) -> tuple[NationalOutcome, ...]:
        """The national outcomes in number order."""
        return self.national.outcomes

    def framework(self, framework_id: str) -> CategoryFramework:
        """The category framework with this id (KeyError if none)."""
        for f in self.category_frameworks:
            if f.id == framework_id:
                return f
        raise KeyError(framework_id)

    def category(self, category_id: str) -> Category:
        """The category with this id (KeyError if none)."""
        for c in self.categories:
            if c.id == category_id:
                return c
        raise KeyError(category_id)

    def national_outcome(self, number: int) -> NationalOutcome:
        """The national outcome with this number (KeyError if none)."""
        for n in self.national.outcomes:
            if n.number == number:
                return n
        raise KeyError(number)


# --- parsing ------------------------------------------------------------------------------------------------


def _text(obj: Mapping[str, Any], key: str, where: str) -> str:
    value = expect(obj[key], str, f"{where}.{key}")
    if not value.strip():
        raise DataError(f"{where}.{key}: must not be empty")
    return str(value)


def _source(obj: object, where: str) -> Source:
    o = check_keys(obj, where, required=("title", "publisher", "year"), optional=("licence", "attribution"))
    return Source(
        title=_text(o, "title", where),
        publisher=_text(o, "publisher", where),
        year=int(expect(o["year"], int, f"{where}.year")),
        licence=_text(o, "licence", where) if "licence" in o else None,
        attribution=_text(o, "attribution", where) if "attribution" in o else None,
    )


def _list(obj: Mapping[str, Any], key: str, where: str) -> list[Any]:
    items = expect(obj[key], list, f"{where}.{key}")
    if not items:
        raise DataError(f"{where}.{key}: must not be empty")
    return list(items)


_HEADER = ("id", "kind", "title", "description", "source")


def _categories(f: DataFile, national_numbers: set[int]) -> CategoryFramework:
    where = f.name
    o = check_keys(f.content, where, required=(*_HEADER, "types", "categories"))
    fid = _text(o, "id", where)
    types: list[OutcomeType] = []
    for i, t in enumerate(_list(o, "types", where)):
        w = f"{where}: types[{i}]"
        to = check_keys(t, w, required=("id", "label", "description"))
        types.append(OutcomeType(_text(to, "id", w), _text(to, "label", w), _text(to, "description", w)))
    type_ids = unique_ids((t.id, f"{where}: types[{i}]") for i, t in enumerate(types))
    cats: list[Category] = []
    for i, c in enumerate(_list(o, "categories", where)):
        w = f"{where}: categories[{i}]"
        co = check_keys(
            c, w, required=("id", "label", "type", "description", "cues", "national_outcomes", "chain")
        )
        cid = _text(co, "id", w)
        w = f"{where}: category {cid!r}"
        ctype = _text(co, "type", w)
        if ctype not in type_ids:
            raise DataError(
                f"{w}.type: unknown type {ctype!r} (this file defines: {', '.join(sorted(type_ids))})"
            )
        numbers: list[int] = []
        for j, n in enumerate(_list(co, "national_outcomes", w)):
            num = int(expect(n, int, f"{w}.national_outcomes[{j}]"))
            if num not in national_numbers:
                raise DataError(f"{w}.national_outcomes[{j}]: no national outcome numbered {num}")
            if num in numbers:
                raise DataError(f"{w}.national_outcomes[{j}]: {num} is listed twice")
            numbers.append(num)
        cues = string_list(co["cues"], f"{w}.cues")
        if not cues:
            raise DataError(f"{w}.cues: must not be empty")
        ch = check_keys(co["chain"], f"{w}.chain", required=CHAIN_LEVELS)
        chain = Chain(*(_text(ch, level, f"{w}.chain") for level in CHAIN_LEVELS))
        cats.append(
            Category(
                id=cid,
                label=_text(co, "label", w),
                framework=fid,
                type=ctype,
                description=_text(co, "description", w),
                cues=tuple(cues),
                national_outcomes=tuple(numbers),
                chain=chain,
            )
        )
    return CategoryFramework(
        id=fid,
        title=_text(o, "title", where),
        description=_text(o, "description", where),
        source=_source(o["source"], f"{where}: source"),
        types=tuple(types),
        categories=tuple(cats),
    )


def _national(f: DataFile) -> NationalOutcomes:
    where = f.name
    o = check_keys(f.content, where, required=(*_HEADER, "outcomes"))
    outcomes: list[NationalOutcome] = []
    seen: set[int] = set()
    for i, n in enumerate(_list(o, "outcomes", where)):
        w = f"{where}: outcomes[{i}]"
        no = check_keys(n, w, required=("number", "label", "text", "expectations", "cues"))
        num = int(expect(no["number"], int, f"{w}.number"))
        if num in seen:
            raise DataError(f"{w}.number: duplicate number {num}")
        seen.add(num)
        outcomes.append(
            NationalOutcome(
                number=num,
                label=_text(no, "label", w),
                text=_text(no, "text", w),
                expectations=tuple(string_list(no["expectations"], f"{w}.expectations")),
                cues=tuple(string_list(no["cues"], f"{w}.cues")),
            )
        )
    return NationalOutcomes(
        id=_text(o, "id", where),
        title=_text(o, "title", where),
        description=_text(o, "description", where),
        source=_source(o["source"], f"{where}: source"),
        outcomes=tuple(sorted(outcomes, key=lambda n: n.number)),
    )


def _levels(f: DataFile) -> tuple[tuple[Level, ...], Source]:
    where = f.name
    o = check_keys(f.content, where, required=(*_HEADER, "levels"))
    levels: list[Level] = []
    for i, lv in enumerate(_list(o, "levels", where)):
        w = f"{where}: levels[{i}]"
        lo = check_keys(lv, w, required=("id", "label", "who", "description", "example"))
        levels.append(Level(*(_text(lo, k, w) for k in ("id", "label", "who", "description", "example"))))
    ids = tuple(lv.id for lv in levels)
    if ids != LEVEL_IDS:
        raise DataError(f"{where}: levels: expected the ids {', '.join(LEVEL_IDS)} in that order")
    return tuple(levels), _source(o["source"], f"{where}: source")


def _panel(f: DataFile) -> tuple[tuple[Principle, ...], Source]:
    where = f.name
    o = check_keys(f.content, where, required=(*_HEADER, "principles"))
    out: list[Principle] = []
    for i, p in enumerate(_list(o, "principles", where)):
        w = f"{where}: principles[{i}]"
        keys = ("id", "letter", "label", "summary", "framework_text")
        po = check_keys(p, w, required=keys)
        out.append(Principle(*(_text(po, k, w) for k in keys)))
    unique_ids((p.id, f"{where}: principles[{i}]") for i, p in enumerate(out))
    return tuple(out), _source(o["source"], f"{where}: source")


def _fair(f: DataFile) -> tuple[tuple[FairStep, ...], Source]:
    where = f.name
    o = check_keys(f.content, where, required=(*_HEADER, "steps"))
    out: list[FairStep] = []
    for i, s in enumerate(_list(o, "steps", where)):
        w = f"{where}: steps[{i}]"
        so = check_keys(s, w, required=("id", "letter", "label", "summary", "questions"))
        out.append(
            FairStep(
                id=_text(so, "id", w),
                letter=_text(so, "letter", w),
                label=_text(so, "label", w),
                summary=_text(so, "summary", w),
                questions=tuple(string_list(so["questions"], f"{w}.questions")),
            )
        )
    unique_ids((s.id, f"{where}: steps[{i}]") for i, s in enumerate(out))
    return tuple(out), _source(o["source"], f"{where}: source")


def _only(found: list[DataFile], kind: str) -> DataFile:
    if len(found) != 1:
        names = ", ".join(f.name for f in found) or "none"
        raise DataError(f"data/{FOLDER}: expected exactly one file of kind {kind!r}, found {names}")
    return found[0]


def build_frameworks(files: Iterable[DataFile]) -> Frameworks:
    """Validate parsed framework files and assemble them (what :func:`load_frameworks` does)."""
    by_kind: dict[str, list[DataFile]] = {k: [] for k in KINDS}
    for f in files:
        if not isinstance(f.content, dict):
            raise DataError(f"{f.name}: expected an object, found {type(f.content).__name__}")
        kind = f.content.get("kind")
        if kind not in by_kind:
            raise DataError(f"{f.name}: kind: expected one of {', '.join(KINDS)}, found {kind!r}")
        by_kind[kind].append(f)
    national = _national(_only(by_kind["national-outcomes"], "national-outcomes"))
    numbers = {n.number for n in national.outcomes}
    if not by_kind["categories"]:
        raise DataError(f"data/{FOLDER}: no file of kind 'categories'")
    frameworks = [_categories(f, numbers) for f in by_kind["categories"]]
    unique_ids((fw.id, f"{f.name}: id") for fw, f in zip(frameworks, by_kind["categories"], strict=True))
    unique_ids(
        (c.id, f"{f.name}: category {c.id!r}")
        for fw, f in zip(frameworks, by_kind["categories"], strict=True)
        for c in fw.categories
    )
    levels, levels_source = _levels(_only(by_kind["levels"], "levels"))
    panel, panel_source = _panel(_only(by_kind["principles"], "principles"))
    fair, fair_source = _fair(_only(by_kind["steps"], "steps"))
    return Frameworks(
        category_frameworks=tuple(_ordered(frameworks)),
        national=national,
        levels=levels,
        levels_source=levels_source,
        panel=panel,
        panel_source=panel_source,
        fair=fair,
        fair_source=fair_source,
    )


_ORDER = ("talking-points-adults", "talking-points-carers", "talking-points-care-homes")


def _ordered(frameworks: list[CategoryFramework]) -> list[CategoryFramework]:
    """Talking Points for adults, carers, care homes first (in that order), then any local files by name."""
    rank = {fid: i for i, fid in enumerate(_ORDER)}
    return sorted(frameworks, key=lambda f: rank.get(f.id, len(_ORDER)))


@cache
def load_frameworks() -> Frameworks:
    """The package's frameworks (plus any in ``OUTCOMES_TOOLS_DATA``), validated once and cached."""
    return build_frameworks(data_files(FOLDER))
