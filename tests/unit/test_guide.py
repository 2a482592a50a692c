"""Quality tests for the guide's pages (docs/*.md), read as Markdown source.

They check what a reader notices: plain English (Flesch reading ease), framework data that comes only
from the engine's own data through the macros (so the guide and the tools can never disagree), our own
words rather than the source documents', an orderly heading outline, meaningful link text and image alt
text, and no unexplained abbreviations.

Run ``python tests/unit/test_guide.py`` for the per-page readability report.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SEEDS = ROOT.parent / "shared" / "seeds"
ABBREVIATIONS = DOCS / "snippets" / "abbreviations.md"

MIN_FLESCH_OVERALL = 60.0
MIN_FLESCH_PAGE = 50.0
SEED_RUN = 12
MIN_WORDS_FOR_SCORE = 150


def guide_pages() -> list[Path]:
    """The guide's own pages: every Markdown file directly in docs/ (tool pages live in docs/tools/)."""
    return sorted(DOCS.glob("*.md"))


def page_ids() -> list[str]:
    return [p.name for p in guide_pages()]


# ----------------------------------------------------------------------------------------------------
# Reading Markdown: separate prose from code, tables, macros and markup.
# ----------------------------------------------------------------------------------------------------

FENCE = re.compile(r"^\s*(```|~~~)")
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
MACRO = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)


def strip_front_matter_and_code(text: str) -> list[str]:
    """The page's lines without front matter, fenced code or macro calls (code lines become blank)."""
    text = FRONT_MATTER.sub("", text)
    text = MACRO.sub(" ", text)
    lines: list[str] = []
    in_fence = False
    for line in text.splitlines():
        if FENCE.match(line):
            in_fence = not in_fence
            lines.append("")
            continue
        lines.append("" if in_fence else line)
    return lines


INLINE_CODE = re.compile(r"`[^`\n]*`")
IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
REF_DEF = re.compile(r"^\s*\[[^\]]+\]:\s")
ABBR_DEF = re.compile(r"^\s*\*\[[^\]]+\]:")
ATTR_LIST = re.compile(r"\{\s*[:.#][^}]*\}|\{:[^}]*\}")
HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
ADMONITION = re.compile(r'^\s*(!!!|\?\?\?\+?)\s*[\w-]+(?:\s+[\w-]+)*\s*(?:"([^"]*)")?\s*$')
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")
DEF_ITEM = re.compile(r"^\s*:\s{1,4}(.*)$")
TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")


def inline_to_text(line: str) -> str:
    """Inline Markdown to the words a reader sees (link text kept, targets dropped)."""
    line = INLINE_CODE.sub(" ", line)
    line = IMAGE.sub(r"\1", line)
    line = LINK.sub(r"\1", line)
    line = REF_LINK.sub(r"\1", line)
    line = ATTR_LIST.sub(" ", line)
    line = HTML_TAG.sub(" ", line)
    line = EMPHASIS.sub(r"\2", line)
    line = EMPHASIS.sub(r"\2", line)
    return line.replace("\\", "")


def prose_blocks(text: str) -> list[str]:
    """The page's prose as blocks (paragraphs, list items, headings, definitions), tables and code removed.

    A block always ends a sentence, so a heading or a list item without a full stop is still one sentence.
    """
    blocks: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            blocks.append(" ".join(current).strip())
            current.clear()

    for raw in strip_front_matter_and_code(text):
        if not raw.strip() or TABLE_ROW.match(raw) or REF_DEF.match(raw) or ABBR_DEF.match(raw):
            flush()
            continue
        admonition = ADMONITION.match(raw)
        if admonition:
            flush()
            if admonition.group(2):
                blocks.append(admonition.group(2))
            continue
        line = raw.strip()
        heading = HEADING.match(line)
        if heading:
            flush()
            blocks.append(inline_to_text(heading.group(2)))
            continue
        item = LIST_ITEM.match(raw) or DEF_ITEM.match(raw)
        if item:
            flush()
            line = item.group(1)
        line = line.lstrip("> ").strip()
        current.append(inline_to_text(line))
    flush()
    return [b for b in blocks if re.search(r"[A-Za-z]", b)]


# ----------------------------------------------------------------------------------------------------
# Flesch reading ease, with a small syllable counter (no dependency).
# ----------------------------------------------------------------------------------------------------

WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*(?:-[A-Za-z]+(?:['’][A-Za-z]+)*)*|\d[\d,.:]*")
ABBREVIATED = re.compile(r"\b(e\.g|i\.e|etc|Dr|Mr|Mrs|Ms|vs|St|No)\.", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?]+[\"'”’)]*(?=\s|$)|[:;](?=\s)")
VOWEL_GROUP = re.compile(r"[aeiouy]+")

# Words the rules below get wrong, counted by hand.
SYLLABLE_EXCEPTIONS = {
    "people": 2,
    "someone": 2,
    "something": 2,
    "sometimes": 2,
    "everyone": 3,
    "everything": 3,
    "area": 3,
    "idea": 3,
    "being": 2,
    "doing": 2,
    "going": 2,
    "seeing": 2,
    "wellbeing": 3,
    "create": 2,
    "created": 3,
    "creative": 3,
    "real": 1,
    "really": 2,
    "science": 2,
    "quiet": 2,
    "via": 2,
    "use": 1,
    "used": 1,
    "uses": 2,
    "businesses": 3,
    "business": 2,
    "whether": 2,
    "every": 2,
    "different": 3,
    "evening": 2,
    "interest": 3,
    "interested": 4,
    "aware": 2,
    "where": 1,
    "there": 1,
    "here": 1,
    "more": 1,
    "the": 1,
    "one": 1,
    "once": 1,
    "area's": 3,
    "scotland": 2,
    "scottish": 2,
    "wcag": 4,
    "centred": 2,
}


SUFFIXES = ("ly", "ful", "ment", "ments", "ness", "less", "work", "time", "place", "care")


def syllables(word: str) -> int:
    """An estimate of the syllables in an English word (good enough for a readability score)."""
    if word.isupper() and len(word) > 1 and not VOWEL_GROUP.search(word.lower()):
        return sum(3 if letter == "W" else 1 for letter in word)  # read letter by letter: "NHS", "GP"
    word = word.lower().replace("’", "'")
    if word in SYLLABLE_EXCEPTIONS:
        return SYLLABLE_EXCEPTIONS[word]
    if "-" in word:
        return sum(syllables(part) for part in word.split("-") if part)
    if word.endswith("'s"):
        return syllables(word[:-2]) + (1 if re.search(r"(s|x|z|ch|sh|ce|ge)$", word[:-2]) else 0)
    word = re.sub(r"[^a-z]", "", word)
    if not word:
        return 1
    if len(word) <= 3:
        return 1
    for suffix in SUFFIXES:
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= 3 and VOWEL_GROUP.search(stem):
            return syllables(stem) + len(VOWEL_GROUP.findall(suffix.rstrip("e")))
    count = len(VOWEL_GROUP.findall(word))
    # Silent final e ("make", "state"), but not "-le" after a consonant ("table", "simple").
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    elif word.endswith("le") and len(word) > 2 and word[-3] not in "aeiouy" and count == 1:
        count += 1
    # "-es" and "-ed" that add no syllable ("makes", "hoped"), but not after t/d or s/x/z/ch/sh.
    if word.endswith("es") and not re.search(r"(s|x|z|ch|sh|ce|ge|se)es$|(ss|x|z|ch|sh|c|g|s)es$", word):
        if count > 1 and not word.endswith(("ies", "ees", "oes", "yes", "les")):
            count -= 1
    elif word.endswith("ed") and not word.endswith(("ted", "ded", "eed", "ied")) and count > 1:
        count -= 1
    # Vowel pairs that are two syllables ("create", "period", "video", "going").
    count += len(re.findall(r"ia|io(?!u)|iu|eo|(?<![qg])ua(?!r)|(?<![qg])uo|ao|ea(?=t[ie])", word))
    count -= len(re.findall(r"tion|sion|cial|tial|cious|tious|geous|ious", word))
    return max(1, count)


@dataclass(frozen=True, slots=True)
class Readability:
    """Counts behind a Flesch reading ease score."""

    words: int
    sentences: int
    syllables: int

    @property
    def flesch(self) -> float:
        if not self.words or not self.sentences:
            return 0.0
        return 206.835 - 1.015 * (self.words / self.sentences) - 84.6 * (self.syllables / self.words)

    def __add__(self, other: Readability) -> Readability:
        return Readability(
            self.words + other.words, self.sentences + other.sentences, self.syllables + other.syllables
        )


def sentences_of(block: str) -> list[str]:
    block = ABBREVIATED.sub(lambda m: m.group(1).replace(".", ""), block)
    parts = SENTENCE_END.split(block)
    return [p for p in parts if WORD.search(p)]


def readability(text: str) -> Readability:
    """Flesch counts for a page's prose."""
    words = sentences = syll = 0
    for block in prose_blocks(text):
        for sentence in sentences_of(block):
            found = [w for w in WORD.findall(sentence) if re.search(r"[A-Za-z]", w) or w[0].isdigit()]
            if not found:
                continue
            sentences += 1
            words += len(found)
            syll += sum(syllables(w) if w[0].isalpha() else 1 for w in found)
    return Readability(words, sentences, syll)


@cache
def page_scores() -> dict[str, Readability]:
    return {p.name: readability(p.read_text(encoding="utf-8")) for p in guide_pages()}


def report() -> str:
    scores = page_scores()
    lines = [f"{'page':32} {'words':>6} {'sentences':>9} {'words/sent':>10} {'Flesch':>7}"]
    total = Readability(0, 0, 0)
    for name, r in scores.items():
        total += r
        per = r.words / r.sentences if r.sentences else 0.0
        lines.append(f"{name:32} {r.words:6d} {r.sentences:9d} {per:10.1f} {r.flesch:7.1f}")
    per = total.words / total.sentences if total.sentences else 0.0
    lines.append(
        f"{'ALL GUIDE PAGES':32} {total.words:6d} {total.sentences:9d} {per:10.1f} {total.flesch:7.1f}"
    )
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("cat", 1),
        ("make", 1),
        ("table", 2),
        ("simple", 2),
        ("outcome", 2),
        ("person", 2),
        ("practitioner", 4),
        ("conversation", 4),
        ("important", 3),
        ("hoped", 1),
        ("wanted", 2),
        ("matters", 2),
        ("services", 3),
        ("creative", 3),
        ("organisation", 5),
        ("independent", 4),
        ("person-centred", 4),
        ("wellbeing", 3),
        ("people", 2),
        ("quality", 3),
        ("recording", 3),
        ("framework", 2),
        ("lonely", 2),
        ("statement", 2),
        ("NHS", 3),
        ("SSSC", 4),
        ("careful", 2),
    ],
)
def test_syllable_counter_on_known_words(word: str, expected: int) -> None:
    assert syllables(word) == expected


def test_flesch_tells_plain_from_dense_prose() -> None:
    plain = "We talk with the person. We ask what matters. We write it down in their words.\n"
    dense = (
        "Organisational implementation of personalised, outcomes-focused methodologies necessitates "
        "comprehensive reconfiguration of institutional infrastructure and performance management "
        "architectures.\n"
    )
    assert readability(plain).flesch > 80
    assert readability(dense).flesch < 10


def test_prose_extraction_drops_code_tables_macros_and_link_targets() -> None:
    page = (
        "---\ntitle: x\n---\n# Heading\n\n"
        'Read [the guide to recording](recording.md "Recording") now.\n\n'
        "| type | label |\n|---|---|\n| a | b |\n\n"
        "```python\nprint('xyzzy')\n```\n\n{{ panel_table() }}\n\n"
        '!!! note "Keep it short"\n    Plain words help.\n'
    )
    prose = " ".join(prose_blocks(page))
    assert "the guide to recording" in prose
    assert "recording.md" not in prose
    assert "xyzzy" not in prose
    assert "panel_table" not in prose
    assert "label" not in prose
    assert "note" not in prose.split()
    assert "Keep it short" in prose
    assert "Plain words help." in prose


def test_the_guide_reads_plainly_overall() -> None:
    total = Readability(0, 0, 0)
    for r in page_scores().values():
        total += r
    print(report())
    assert total.words > 0
    assert total.flesch >= MIN_FLESCH_OVERALL, (
        f"Flesch reading ease over all guide pages is {total.flesch:.1f}, below {MIN_FLESCH_OVERALL}.\n"
        f"{report()}"
    )


@pytest.mark.parametrize("name", page_ids())
def test_no_page_is_hard_to_read(name: str) -> None:
    r = page_scores()[name]
    if r.words < MIN_WORDS_FOR_SCORE:
        pytest.skip(f"{name} has only {r.words} words of prose: too few for a fair score")
    assert r.flesch >= MIN_FLESCH_PAGE, (
        f"{name}: Flesch reading ease {r.flesch:.1f} is below {MIN_FLESCH_PAGE} "
        f"({r.words} words, {r.words / max(1, r.sentences):.1f} words a sentence). "
        "Use shorter sentences and everyday words."
    )


# ----------------------------------------------------------------------------------------------------
# Our own words: no run of 12 or more words from a source document, unless it is quoted.
# ----------------------------------------------------------------------------------------------------

QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"", re.DOTALL)
SEED_WORD = re.compile(r"[a-z0-9]+")
BREAK = "\x00"


def seed_words(text: str) -> list[str]:
    """Lower-case words with apostrophes dropped, so "person's" and "person’s" compare equal."""
    text = text.lower().replace("’", "").replace("'", "")
    return SEED_WORD.findall(text)


# A title of a work, in italics as citations set it (single * or _, not bold), counts as quoted.
TITLE = re.compile(
    r"(?<![*\w])\*(?!\*)([^*\n]+?)(?<!\*)\*(?![*\w])|(?<![_\w])_(?!_)([^_\n]+?)(?<!_)_(?![_\w])"
)
MAX_TITLE_WORDS = 30


def _title_break(match: re.Match[str]) -> str:
    title = match.group(1) or match.group(2)
    return f" {BREAK} " if len(seed_words(title)) <= MAX_TITLE_WORDS else title


def visible_text(text: str) -> str:
    """What a reader sees of a page's source: code, macros and link targets gone, quotations marked."""
    lines = strip_front_matter_and_code(text)
    body = "\n".join(inline_to_text(TITLE.sub(_title_break, line)) for line in lines)
    return QUOTED.sub(f" {BREAK} ", body)


def word_runs(words: list[str], n: int) -> Iterator[tuple[str, ...]]:
    for i in range(len(words) - n + 1):
        yield tuple(words[i : i + n])


@cache
def seed_runs() -> dict[tuple[str, ...], str]:
    runs: dict[tuple[str, ...], str] = {}
    for seed in sorted(SEEDS.glob("*.txt")):
        for run in word_runs(seed_words(seed.read_text(encoding="utf-8")), SEED_RUN):
            runs.setdefault(run, seed.name)
    return runs


def copied_runs(page_text: str, runs: dict[tuple[str, ...], str]) -> list[tuple[str, str]]:
    """(copied words, seed file) for each stretch of the page that repeats a seed outside quotation marks."""
    found: list[tuple[str, str]] = []
    last_end = -1
    for segment in visible_text(page_text).split(BREAK):
        words = seed_words(segment)
        for i, run in enumerate(word_runs(words, SEED_RUN)):
            if run in runs and i > last_end:
                end = i + SEED_RUN
                while end < len(words) and tuple(words[end - SEED_RUN + 1 : end + 1]) in runs:
                    end += 1
                found.append((" ".join(words[i:end]), runs[run]))
                last_end = end
        last_end = -1
    return found


def test_copy_detector_finds_copied_words_and_spares_quotations() -> None:
    runs = {tuple(seed_words("one two three four five six seven eight nine ten eleven twelve")): "seed.txt"}
    copied = "We note: One two three four five six seven eight nine ten eleven twelve. Done.\n"
    quoted = 'They said "one two three four five six seven eight nine ten eleven twelve" to us.\n'
    short = "One two three four five six seven eight nine ten eleven.\n"
    assert copied_runs(copied, runs) == [
        ("one two three four five six seven eight nine ten eleven twelve", "seed.txt")
    ]
    assert copied_runs(quoted, runs) == []
    assert copied_runs(short, runs) == []
    title = "As *One two three four five six seven eight nine ten eleven twelve* says.\n"
    assert copied_runs(title, runs) == []


@pytest.mark.parametrize("name", page_ids())
def test_page_is_in_our_own_words(name: str) -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"the source documents are not at {SEEDS}")
    copied = copied_runs((DOCS / name).read_text(encoding="utf-8"), seed_runs())
    assert not copied, f"{name} repeats the words of a source document outside quotation marks: " + "; ".join(
        f"{words!r} (from {seed})" for words, seed in copied
    )


# ----------------------------------------------------------------------------------------------------
# Structure: one H1, no skipped heading levels, meaningful link text, alt text on images.
# ----------------------------------------------------------------------------------------------------


def headings(text: str) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for line in strip_front_matter_and_code(text):
        match = HEADING.match(line)
        if match:
            found.append((len(match.group(1)), match.group(2)))
    return found


def heading_problems(text: str) -> list[str]:
    found = headings(text)
    problems: list[str] = []
    h1 = [title for level, title in found if level == 1]
    if len(h1) != 1:
        problems.append(f"has {len(h1)} level-1 headings (want exactly one): {h1}")
    if found and found[0][0] != 1:
        problems.append(f"starts with a level-{found[0][0]} heading, not the page title")
    previous = 1
    for level, title in found:
        if level > previous + 1:
            problems.append(f"jumps from level {previous} to level {level} at {title!r}")
        previous = level
    return problems


def test_heading_checker_catches_skips_and_extra_titles() -> None:
    assert heading_problems("# A\n## B\n### C\n## D\n") == []
    assert heading_problems("# A\n### C\n")
    assert heading_problems("# A\n# B\n")
    assert heading_problems("Text only.\n")
    assert heading_problems("# A\n```\n# not a heading\n```\n") == []


@pytest.mark.parametrize("name", page_ids())
def test_headings_are_in_order(name: str) -> None:
    problems = heading_problems((DOCS / name).read_text(encoding="utf-8"))
    assert not problems, f"{name}: " + "; ".join(problems)


VAGUE_LINK_TEXT = {
    "here",
    "click here",
    "click",
    "read more",
    "more",
    "more here",
    "this",
    "this link",
    "this page",
    "link",
    "go",
    "see here",
    "find out more",
    "learn more",
}
LINK_TEXT = re.compile(r"(?<!!)\[([^\]]*)\]\([^)]*\)|<a\b[^>]*>(.*?)</a>", re.DOTALL)
IMAGE_ALT = re.compile(r"!\[([^\]]*)\]\(|<img\b([^>]*)>")


def link_problems(text: str) -> list[str]:
    body = "\n".join(strip_front_matter_and_code(text))
    body = INLINE_CODE.sub(" ", body)
    problems: list[str] = []
    for match in LINK_TEXT.finditer(body):
        label = HTML_TAG.sub("", match.group(1) if match.group(1) is not None else match.group(2) or "")
        label = EMPHASIS.sub(r"\2", label).strip().strip(".:").lower()
        if not label:
            problems.append(f"a link has no text: {match.group(0)!r}")
        elif label in VAGUE_LINK_TEXT:
            problems.append(f"link text {label!r} does not say where the link goes: {match.group(0)!r}")
    for match in IMAGE_ALT.finditer(body):
        if match.group(2) is not None:
            alt = re.search(r"\balt\s*=\s*([\"'])(.*?)\1", match.group(2))
            if not alt or not alt.group(2).strip():
                problems.append(f"an image has no alt text: {match.group(0)!r}")
        elif not match.group(1).strip():
            problems.append(f"an image has no alt text: {match.group(0)!r}")
    return problems


def test_link_checker_catches_vague_text_and_missing_alt() -> None:
    assert link_problems("See [the recording guide](recording.md).\n") == []
    assert link_problems("For more, [click here](recording.md).\n")
    assert link_problems("[Read more](x.md)\n")
    assert link_problems("![](picture.png)\n")
    assert link_problems('<img src="a.png">\n')
    assert link_problems('<img src="a.png" alt="A support plan">\n') == []
    assert link_problems("![A support plan](plan.png)\n") == []


@pytest.mark.parametrize("name", page_ids())
def test_links_say_where_they_go(name: str) -> None:
    problems = link_problems((DOCS / name).read_text(encoding="utf-8"))
    assert not problems, f"{name}: " + "; ".join(problems)


# ----------------------------------------------------------------------------------------------------
# No unexplained abbreviations: every one used in the guide is defined in docs/snippets/abbreviations.md,
# which is appended to every page so that readers get the full form (the Markdown abbr extension).
# ----------------------------------------------------------------------------------------------------

ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]*[A-Z][A-Z0-9]*s?\b")
NOT_ABBREVIATIONS = {"I", "OK"}


def defined_abbreviations() -> set[str]:
    if not ABBREVIATIONS.is_file():
        return set()
    return set(re.findall(r"^\*\[([^\]]+)\]:", ABBREVIATIONS.read_text(encoding="utf-8"), re.MULTILINE))


def acronyms_in(text: str) -> set[str]:
    words: set[str] = set()
    for block in prose_blocks(text):
        for match in ACRONYM.findall(block):
            word = match[:-1] if match.endswith("s") and match[:-1].isupper() else match
            if word not in NOT_ABBREVIATIONS:
                words.add(word)
    return words


def test_abbreviation_finder() -> None:
    assert acronyms_in("Ask the SSSC and two GPs about PANEL.\n") == {"SSSC", "GP", "PANEL"}
    assert acronyms_in("A plain sentence with I and Mrs Taylor.\n") == set()


@pytest.mark.parametrize("name", page_ids())
def test_abbreviations_are_explained(name: str) -> None:
    missing = acronyms_in((DOCS / name).read_text(encoding="utf-8")) - defined_abbreviations()
    assert not missing, (
        f"{name} uses abbreviations that are not explained: {sorted(missing)}. "
        f"Spell them out, or add them to {ABBREVIATIONS.relative_to(ROOT)}."
    )


# ----------------------------------------------------------------------------------------------------
# Framework data comes only through the macros: no page types a Talking Points label, a national
# outcome's statutory wording, or a PANEL or FAIR step into a table or a list of its own.
# ----------------------------------------------------------------------------------------------------

NAME_THEN_DEFINITION = re.compile(r"^(?P<name>.+?)\s*(?::|\s[-–—]\s|\()")
DATA_RUN = 8


def normalise(text: str) -> str:
    text = text.lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"\s*/\s*", " / ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text.strip(" .,;:!?\"'*_")


def table_cells_and_list_items(text: str) -> list[str]:
    """The text of every table cell and list item typed into a page (macro output is not in the source)."""
    found: list[str] = []
    for line in strip_front_matter_and_code(text):
        if TABLE_ROW.match(line):
            cells = re.split(r"(?<!\\)\|", line.strip().strip("|"))
            found.extend(inline_to_text(c) for c in cells if not re.fullmatch(r"\s*:?-{3,}:?\s*", c))
            continue
        item = LIST_ITEM.match(line) or DEF_ITEM.match(line)
        if item:
            found.append(inline_to_text(item.group(1)))
    return [normalise(f) for f in found if f.strip()]


@dataclass(frozen=True, slots=True)
class DataText:
    """What the framework data holds that a page must not type in itself."""

    names: dict[str, str]  # normalised short name -> what it is
    runs: dict[tuple[str, ...], str]  # runs of words from long framework wording -> what it is


@cache
def framework_text() -> DataText:
    from outcomes_tools.frameworks import load_frameworks

    data = load_frameworks()
    names: dict[str, str] = {}
    for category in data.categories:
        label = normalise(category.label)
        names[label] = f"the {category.framework} label {category.label!r}"
        first = label.split(" / ")[0]
        if first != label and len(first.split()) >= 2:
            names[first] = f"the {category.framework} label {category.label!r}"
    for principle in data.panel:
        names[normalise(principle.label)] = f"the PANEL principle {principle.label!r}"
    for step in data.fair:
        names[normalise(step.label)] = f"the FAIR step {step.label!r}"
    long: list[tuple[str, str]] = [
        (n.text, f"national outcome {n.number}'s wording") for n in data.national_outcomes
    ]
    long += [(p.framework_text, f"the framework's words for {p.label}") for p in data.panel]
    long += [(q, f"a FAIR question ({step.label})") for step in data.fair for q in step.questions]
    runs: dict[tuple[str, ...], str] = {}
    for wording, what in long:
        words = seed_words(wording)
        for run in word_runs(words, min(DATA_RUN, len(words))):
            runs.setdefault(run, what)
    return DataText(names, runs)


def hard_coded_data(text: str, data: DataText) -> list[str]:
    """Each table cell or list item that types in framework data instead of using a macro."""
    problems: list[str] = []
    for item in table_cells_and_list_items(text):
        head = NAME_THEN_DEFINITION.match(item)
        name = item if item in data.names else (head.group("name").strip() if head else "")
        if name in data.names:
            problems.append(f"{item!r} types in {data.names[name]}")
            continue
        words = seed_words(item)
        for size in sorted({len(run) for run in data.runs}):
            hit = next((data.runs[r] for r in word_runs(words, size) if r in data.runs), None)
            if hit:
                problems.append(f"{item!r} types in {hit}")
                break
    return problems


def test_hard_coded_data_is_found() -> None:
    data = framework_text()
    assert hard_coded_data("| Type | Label |\n|---|---|\n| Quality of life | Feeling safe |\n", data)
    assert hard_coded_data("- **Participation**: people take part in decisions.\n", data)
    assert hard_coded_data("1. People who use health and social care services are safe from harm.\n", data)
    assert hard_coded_data("- What is the experience of the individual?\n", data)
    assert hard_coded_data("- Living where you want: a home of your own.\n", data)
    assert hard_coded_data("Feeling safe matters to many people.\n\n{{ panel_table() }}\n", data) == []
    assert hard_coded_data("- Jean feels safe at home now.\n", data) == []


@pytest.mark.parametrize("name", page_ids())
def test_framework_data_comes_from_the_macros(name: str) -> None:
    problems = hard_coded_data((DOCS / name).read_text(encoding="utf-8"), framework_text())
    assert not problems, (
        f"{name} types framework data into a table or list; use the macros in docs/main.py instead: "
        + "; ".join(problems)
    )


# ----------------------------------------------------------------------------------------------------
# The macros themselves (docs/main.py): well-formed tables, escaped data, attribution, no organisation.
# ----------------------------------------------------------------------------------------------------


@cache
def macros() -> ModuleType:
    spec = importlib.util.spec_from_file_location("guide_macros", DOCS / "main.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def html_tables(markdown_text: str) -> list[list[list[str]]]:
    """Each table in the rendered HTML as rows of cell texts (header row first)."""
    import markdown

    html = markdown.markdown(markdown_text, extensions=["tables", "attr_list"])
    tables = []
    for body in re.findall(r"<table>(.*?)</table>", html, re.DOTALL):
        rows = re.findall(r"<tr>(.*?)</tr>", body, re.DOTALL)
        tables.append(
            [
                [HTML_TAG.sub("", c).strip() for c in re.findall(r"<t[hd]>(.*?)</t[hd]>", r, re.DOTALL)]
                for r in rows
            ]
        )
    return tables


def test_macro_tables_are_whole_and_match_the_data() -> None:
    from outcomes_tools.frameworks import load_frameworks

    m = macros()
    data = load_frameworks()
    cases = {
        "panel": (m.render_panel_table(data), len(data.panel)),
        "levels": (m.render_levels_table(data), len(data.levels)),
        "national": (m.render_national_outcomes_table(data), len(data.national_outcomes)),
    }
    for framework in data.category_frameworks:
        cases[framework.id] = (m.render_talking_points_table(data, framework.id), len(framework.categories))
    for name, (text, count) in cases.items():
        (found,) = html_tables(text)
        assert len(found) == count + 1, name
        assert all(len(row) == len(found[0]) for row in found), name
    national = cases["national"][0]
    for outcome in data.national_outcomes:
        assert outcome.text in national
    assert "Open Government Licence" in national
    assert "Crown copyright" in national


def test_macro_filters_talking_points_by_type_and_rejects_unknown_ids() -> None:
    from outcomes_tools.frameworks import load_frameworks

    m = macros()
    data = load_frameworks()
    adults = data.framework("talking-points-adults")
    for outcome_type in adults.types:
        (found,) = html_tables(m.render_talking_points_table(data, adults.id, outcome_type.id))
        labels = [row[0] for row in found[1:]]
        assert labels == [c.label for c in adults.categories if c.type == outcome_type.id]
    with pytest.raises(ValueError, match="no framework"):
        m.render_talking_points_table(data, "no-such-framework")
    with pytest.raises(ValueError, match="no type"):
        m.render_talking_points_table(data, adults.id, "no-such-type")


def test_macro_escapes_data_that_would_break_a_table() -> None:
    from outcomes_tools.frameworks import load_frameworks

    m = macros()
    data = load_frameworks()
    hostile = "Pipes | and\nnew lines <b>bold</b> *stars* {{ jinja }}"
    first = dataclasses.replace(data.panel[0], label=hostile, summary="a|b", framework_text="x\n\ny")
    changed = dataclasses.replace(data, panel=(first, *data.panel[1:]))
    (found,) = html_tables(m.render_panel_table(changed))
    assert all(len(row) == 4 for row in found)
    assert (
        found[1][1] == "Pipes | and new lines &lt;b&gt;bold&lt;/b&gt; *stars* &#123;&#123; jinja &#125;&#125;"
    )
    assert found[1][2] == "a|b"


def test_fair_steps_give_every_question_and_national_expectations_every_statement() -> None:
    from outcomes_tools.frameworks import load_frameworks

    m = macros()
    data = load_frameworks()
    fair = m.render_fair_steps(data)
    for step in data.fair:
        assert step.label in fair
        for question in step.questions:
            assert m.inline(question.strip("“”")) in fair
    expectations = m.render_national_outcome_expectations(data, 4)
    for outcome in data.national_outcomes:
        assert f"#### Outcome {outcome.number}:" in expectations
        for statement in outcome.expectations:
            assert m.inline(statement) in expectations
    chain = m.render_worked_chain(data)
    assert [lv.label for lv in data.levels] == re.findall(r"\*\*(\w+)\*\*", chain)


def test_organisation_variables_read_well_with_and_without_an_organisation() -> None:
    m = macros()
    empty = m.organisation_variables({"organisation": {"name": "", "contact": "", "links": []}})
    assert empty["org_name"] == ""
    assert empty["org_links"] == []
    assert empty["org_contact_line"].startswith("To report a problem, contact the team")
    assert m.organisation_variables({})["org_contact_line"] == empty["org_contact_line"]
    full = m.organisation_variables(
        {
            "organisation": {
                "name": "Anytown Council",
                "contact": "digital_team@anytown.gov.uk",
                "links": [{"title": "Intranet", "url": "https://intranet.example"}, "", "https://x.example"],
            }
        }
    )
    assert full["org_contact_line"] == (
        "To report a problem, contact Anytown Council: "
        "[digital\\_team@anytown.gov.uk](mailto:digital_team@anytown.gov.uk)."
    )
    assert full["org_links"] == [
        {"title": "Intranet", "url": "https://intranet.example"},
        {"title": "https://x.example", "url": "https://x.example"},
    ]


if __name__ == "__main__":
    sys.stdout.write(report() + "\n")
