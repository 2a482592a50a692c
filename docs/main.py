"""MkDocs macros: render framework tables from the outcomes_tools data so the guide and tools agree.

Every table of framework data in the guide comes from here, built at site build time from the same validated
JSON files the tools use (``outcomes_tools.frameworks.load_frameworks``). A page never types the data in.

Macros (used in the pages as ``{{ name(...) }}``):

* ``talking_points_table(framework_id, type=None)``: the categories of a Talking Points framework.
* ``national_outcomes_table()``: the nine National Health and Wellbeing Outcomes in their statutory wording.
* ``national_outcome_expectations(level=3)``: what people can expect under each national outcome.
* ``levels_table()``: the levels from personal to national.
* ``worked_chain()``: the framework's worked example, from one person up to the national level.
* ``panel_table()``: the PANEL principles.
* ``fair_steps(level=None)``: the FAIR steps, each with its questions.

Variables: ``org_name``, ``org_contact``, ``org_links`` (from ``extra.organisation`` in mkdocs.yml),
``org_contact_line`` (a sentence saying whom to contact, which reads well when no organisation is set) and
``engine_version``; and the macro ``contact_line(purpose)`` for the same sentence with another purpose.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from outcomes_tools.frameworks import Frameworks, Source, load_frameworks

OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#>])")
_SPACE = re.compile(r"\s+")


class MacroError(ValueError):
    """A macro was called with an argument the data does not have. The message says what is available."""


def inline(text: str) -> str:
    """Data text made safe to place in running Markdown: one line, Markdown and HTML characters escaped."""
    flat = _SPACE.sub(" ", str(text)).strip()
    escaped = _MD_SPECIAL.sub(r"\\\1", flat)
    return escaped.replace("<", "&lt;").replace("{", "&#123;").replace("}", "&#125;")


def cell(text: str) -> str:
    """Data text made safe for a Markdown table cell (no pipe or line break can end the cell early)."""
    return inline(text) or " "


def quoted(text: str) -> str:
    """Framework wording in curly quotation marks, without doubling marks the text already has."""
    flat = _SPACE.sub(" ", str(text)).strip().strip('“”"')
    return f"“{inline(flat)}”"


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown table with a header row. Cells must already be escaped with :func:`cell`."""
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    for row in rows:
        if len(row) != len(header):
            raise MacroError(f"a table row has {len(row)} cells, the header has {len(header)}")
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def attribution(source: Source) -> str:
    """A short credit line for a framework's source, with its licence where one is given."""
    credit = f"Source: *{inline(source.title)}*, {inline(source.publisher)}, {source.year}."
    if source.licence and "open government licence" in source.licence.lower():
        notice = source.attribution or f"Licensed under the {source.licence}."
        credit += f" {inline(notice)} See the [Open Government Licence v3.0]({OGL_URL})."
    elif source.licence:
        credit += f" {inline(source.licence)}."
    return credit


def _note(text: str) -> str:
    """A small note under a table, kept apart from it by a blank line."""
    return f"\n\n<small>{text}</small>\n"


def render_talking_points_table(data: Frameworks, framework_id: str, type: str | None = None) -> str:  # noqa: A002
    try:
        framework = data.framework(framework_id)
    except KeyError:
        known = ", ".join(f.id for f in data.category_frameworks)
        raise MacroError(f"no framework {framework_id!r} (known: {known})") from None
    type_ids = [t.id for t in framework.types]
    if type is not None and type not in type_ids:
        raise MacroError(f"framework {framework_id!r} has no type {type!r} (known: {', '.join(type_ids)})")
    chosen = [c for c in framework.categories if type is None or c.type == type]
    if type is None:
        rows = [[cell(framework.type(c.type).label), cell(c.label), cell(c.description)] for c in chosen]
        body = table(["Type", "Outcome", "What it means"], rows)
    else:
        body = table(["Outcome", "What it means"], [[cell(c.label), cell(c.description)] for c in chosen])
    return body + _note(attribution(framework.source))


def render_national_outcomes_table(data: Frameworks) -> str:
    rows = [[str(n.number), cell(n.label), quoted(n.text)] for n in data.national_outcomes]
    body = table(["Number", "Short name", "Outcome, in the words of the law"], rows)
    return body + _note(attribution(data.national.source))


def _heading(level: int) -> str:
    if not 1 <= level <= 6:
        raise MacroError(f"a heading level must be 1 to 6, not {level}")
    return "#" * level


def render_national_outcome_expectations(data: Frameworks, level: int = 3) -> str:
    hashes = _heading(level)
    parts: list[str] = []
    for n in data.national_outcomes:
        parts.append(f"{hashes} Outcome {n.number}: {inline(n.label)} {{#national-outcome-{n.number}}}")
        parts.append(f"The outcome: {quoted(n.text)}")
        parts.append("What people can expect:")
        parts.append("\n".join(f"- {quoted(e)}" for e in n.expectations))
    return "\n\n".join(parts) + _note(attribution(data.national.source))


def render_levels_table(data: Frameworks) -> str:
    rows = [[cell(lv.label), cell(lv.who), cell(lv.description), quoted(lv.example)] for lv in data.levels]
    body = table(["Level", "Who sets it", "What it is", "Example"], rows)
    return body + _note(attribution(data.levels_source))


def render_worked_chain(data: Frameworks) -> str:
    steps = [
        f"{i}. **{inline(lv.label)}**: {quoted(lv.example)}" for i, lv in enumerate(data.levels, start=1)
    ]
    return "\n".join(steps) + _note(attribution(data.levels_source))


def render_panel_table(data: Frameworks) -> str:
    rows = [
        [f"**{inline(p.letter)}**", cell(p.label), cell(p.summary), quoted(p.framework_text)]
        for p in data.panel
    ]
    body = table(["Letter", "Principle", "In short", "What the framework says"], rows)
    return body + _note(attribution(data.panel_source))


def render_fair_steps(data: Frameworks, level: int | None = None) -> str:
    parts: list[str] = []
    for step in data.fair:
        title = f"{inline(step.letter)}: {inline(step.label)}"
        if level is None:
            parts.append(f"**{title}**")
        else:
            parts.append(f"{_heading(level)} {title} {{#fair-{step.id}}}")
        parts.append(inline(step.summary))
        parts.append("Questions to ask:")
        parts.append("\n".join(f"- {quoted(q)}" for q in step.questions))
    return "\n\n".join(parts) + _note(attribution(data.fair_source))


_EMAIL = re.compile(r"[^@\s<>()\[\]]+@[^@\s<>()\[\]]+\.[A-Za-z]{2,}")
_WEB = re.compile(r"https?://[^\s<>()\[\]]+")


def contact_markdown(contact: str) -> str:
    """An organisation's contact for a page: an email address or web address becomes a link."""
    flat = _SPACE.sub(" ", contact).strip()
    if _EMAIL.fullmatch(flat):
        return f"[{inline(flat)}](mailto:{flat})"
    if _WEB.fullmatch(flat):
        return f"[{inline(flat)}]({flat})"
    return inline(flat)


def contact_sentence(name: str, contact: str, purpose: str) -> str:
    """``To <purpose>, contact ...``: the organisation's contact, or a generic line when none is set."""
    if name and contact:
        return f"To {purpose}, contact {inline(name)}: {contact_markdown(contact)}."
    if contact:
        return f"To {purpose}, contact {contact_markdown(contact)}."
    if name:
        return f"To {purpose}, contact {inline(name)}, who host this copy of the guide."
    return (
        f"To {purpose}, contact the team that runs this website in your organisation. "
        "If you are not sure who that is, your IT service desk can tell you."
    )


def organisation_variables(extra: Mapping[str, Any]) -> dict[str, Any]:
    """``org_name``, ``org_contact``, ``org_links`` and ``org_contact_line`` from ``extra.organisation``.

    Links may be given as ``{title, url}`` objects or as plain addresses; anything empty is dropped.
    """
    raw = extra.get("organisation") or {}
    org = raw if isinstance(raw, Mapping) else {}
    name = str(org.get("name") or "").strip()
    contact = str(org.get("contact") or "").strip()
    links: list[dict[str, str]] = []
    for item in org.get("links") or []:
        if isinstance(item, Mapping):
            url = str(item.get("url") or "").strip()
            title = str(item.get("title") or item.get("name") or url).strip()
        else:
            url = title = str(item).strip()
        if url:
            links.append({"title": title, "url": url})
    line = contact_sentence(name, contact, "report a problem")
    return {"org_name": name, "org_contact": contact, "org_links": links, "org_contact_line": line}


def define_env(env: Any) -> None:
    """Register the guide's macros and variables with mkdocs-macros."""
    env.variables["engine_version"] = __import__("outcomes_tools").__version__
    env.variables.update(organisation_variables(env.conf.get("extra") or {}))

    def contact_line(purpose: str = "report a problem") -> str:
        """A sentence saying whom to contact, e.g. ``contact_line("ask about privacy")``."""
        variables = env.variables
        return contact_sentence(variables["org_name"], variables["org_contact"], purpose)

    def talking_points_table(framework_id: str, type: str | None = None) -> str:  # noqa: A002
        """The categories of one Talking Points framework (optionally one type): type, label, description."""
        return render_talking_points_table(load_frameworks(), framework_id, type)

    def national_outcomes_table() -> str:
        """The nine national outcomes: number, short name and statutory wording, with the licence."""
        return render_national_outcomes_table(load_frameworks())

    def national_outcome_expectations(level: int = 3) -> str:
        """What people can expect under each national outcome, as headed sections at ``level``."""
        return render_national_outcome_expectations(load_frameworks(), level)

    def levels_table() -> str:
        """The levels from personal to national, with the framework's example at each level."""
        return render_levels_table(load_frameworks())

    def worked_chain() -> str:
        """The framework's worked example, from one person's outcome up to the national level."""
        return render_worked_chain(load_frameworks())

    def panel_table() -> str:
        """The PANEL principles: letter, name, our summary and the framework's words."""
        return render_panel_table(load_frameworks())

    def fair_steps(level: int | None = None) -> str:
        """The FAIR steps, each with its questions (as headings at ``level`` if given)."""
        return render_fair_steps(load_frameworks(), level)

    for macro in (
        contact_line,
        talking_points_table,
        national_outcomes_table,
        national_outcome_expectations,
        levels_table,
        worked_chain,
        panel_table,
        fair_steps,
    ):
        env.macro(macro)
