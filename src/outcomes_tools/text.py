"""Segmentation helpers for case records: sentences, quotations, negation scope and first-person speech.

Every helper works on the text exactly as the person typed it and returns Python string offsets into it,
so a caller can always show ``text[start:end]``. Each one scans the text once with precompiled regular
expressions (no nested quantifiers, so no catastrophic backtracking), which keeps the cost linear in the
length of the text. Nothing here knows about the recording criteria; it only knows English prose.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from outcomes_tools._patterns import lazy_compile

__all__ = [
    "NEGATION_WORD",
    "NegationIndex",
    "Quote",
    "Segment",
    "first_person_clauses",
    "negation_index",
    "quotations",
    "sentences",
]


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of the text: ``text[start:end]``."""

    start: int
    end: int


# --- Sentences ---------------------------------------------------------------------------------------------

# Words after which a full stop does not end a sentence (titles, Latin abbreviations, "approx.").
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "rev",
        "st",
        "sr",
        "jr",
        "e.g",
        "eg",
        "i.e",
        "ie",
        "etc",
        "approx",
        "vs",
        "no",
        "nos",
        "cf",
        "fig",
        "al",
        "dept",
        "est",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "tel",
        "ref",
        "inc",
        "ltd",
        "co",
    ]
)

# A sentence ends at terminal punctuation (optionally followed by closing quotes or brackets) before
# whitespace or the end of the text, at a semicolon-free line break, or at a bullet line.
_BOUNDARY = lazy_compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*(?=\s|$)|\n")
_WORD_BEFORE = lazy_compile(r"([A-Za-z][A-Za-z.]*)$")


def sentences(text: str) -> list[Segment]:
    """Split ``text`` into sentences and lines, trimmed of surrounding white space.

    A line break always ends a sentence, so headings, bullet points and list items each stand alone.
    A full stop after a title or common abbreviation ("Mrs.", "Dr.", "e.g.") or a single initial does
    not end a sentence. Empty segments are dropped.
    """
    result: list[Segment] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if m.group() != "\n" and m.group().startswith("."):
            before = _WORD_BEFORE.search(text, max(0, m.start() - 12), m.start())
            if before:
                word = before.group(1).lower().rstrip(".")
                if word in _ABBREVIATIONS or len(word) == 1:
                    continue
        _append_trimmed(text, start, m.end() if m.group() != "\n" else m.start(), result)
        start = m.end()
    _append_trimmed(text, start, len(text), result)
    return result


def _append_trimmed(text: str, start: int, end: int, out: list[Segment]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Segment(start, end))


def sentence_index(segments: Sequence[Segment]) -> list[int]:
    """The start offsets of ``segments``, for :func:`locate`."""
    return [s.start for s in segments]


def locate(starts: Sequence[int], pos: int) -> int:
    """Index of the segment that contains offset ``pos`` (by start offsets), or -1 if before the first."""
    return bisect_right(starts, pos) - 1


# --- Quotations --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: ``text[start:end]`` includes the marks, ``text[inner_start:inner_end]`` the words.

    ``speaker`` is who the attribution names: ``"person"`` (a pronoun, a title and surname or a first
    name), ``"family"`` (a relative, friend or neighbour), ``"professional"`` (a worker or service) or
    ``"unknown"`` (no attribution found). ``substantive`` is false for scare quotes and titles: fewer
    than three words with no first-person pronoun.
    """

    start: int
    end: int
    inner_start: int
    inner_end: int
    speaker: str
    substantive: bool


_OPEN_DOUBLE = '"\u201c\u00ab\u201e'
_CLOSE_DOUBLE = '"\u201d\u00bb\u201c'
# A single quote opens a quotation when it starts a word (after a space, bracket or dash, or at the start
# of the text) and closes one when it ends a word (before a space, punctuation or the end).
_QUOTE_CHAR = lazy_compile(r"[\"\u201c\u201d\u00ab\u00bb\u201e'\u2018\u2019]")
_MAX_QUOTE = 800

_FAMILY_WORDS = (
    r"daughter|son|wife|husband|partner|sister|brother|mother|mum|mam|father|dad|niece|nephew|"
    r"granddaughter|grandson|grandchild|grandchildren|grandmother|grandfather|gran|granny|grandad|"
    r"aunt|auntie|uncle|cousin|family|friend|neighbour|neighbor|carer|daughter-in-law|son-in-law|"
    r"step-?daughter|step-?son|fianc[eé]e?|girlfriend|boyfriend|relative|parent|parents|children|kids"
)
_PROFESSIONAL_WORDS = (
    r"GP|doctor|dr|consultant|nurse|physio|physiotherapist|OT|therapist|social worker|worker|manager|"
    r"staff|keyworker|key worker|psychiatrist|psychologist|pharmacist|paramedic|officer|coordinator|"
    r"co-ordinator|practitioner|assessor|team|care manager|clinician|dietitian|dietician|"
    r"podiatrist|advocate|support worker|home carer|care worker|agency"
)
_SPEECH_VERBS = (
    r"said|says|say|told|tells|explained|explains|added|adds|commented|comments|stated|states|replied|"
    r"replies|laughed|asked|asks|remarked|remarks|put it|puts it|described it|describes it|insisted|"
    r"insists|shouted|whispered|joked|jokes|admitted|admits|wrote|writes|continued|went on|reflected|"
    r"reflects|sighed|cried|exclaimed|answered|answers|mentioned|mentions|repeated|repeats|recalled|"
    r"recalls|declared|declares|smiled|noted|notes|observed|reported|reports|summed it up|summed up"
)
_SPEAKER = (
    rf"(?:(?:her|his|their|my|the|(?-i:[A-Z][a-z]+)'s|(?-i:Mrs?\.?\s+[A-Z][a-z]+)'s)\s+)?"
    rf"(?:{_FAMILY_WORDS}|{_PROFESSIONAL_WORDS})(?-i:\s+[A-Z][a-z]+)?|she|he|they|(?-i:I)|"
    r"(?-i:(?:Mrs?|Ms|Miss|Mx|Dr)\.?\s+[A-Z][\w'-]+|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)"
)
# After the quote: ", she said" / "she told me" / "said her daughter".
_ATTR_AFTER = lazy_compile(
    rf"\A[\s,.!?\u2014\u2013-]{{0,4}}(?:(?P<s1>{_SPEAKER})\s+(?:(?:had|has|then|also|later|quietly|firmly)\s+)?"
    rf"(?:{_SPEECH_VERBS})\b|(?:{_SPEECH_VERBS})\s+(?P<s2>{_SPEAKER}))",
    re.IGNORECASE,
)
# Before the quote: "Her daughter said:" / "In his own words," / "Jean:".
_ATTR_BEFORE = lazy_compile(
    rf"(?:(?P<s1>{_SPEAKER})\s+(?:(?:had|has|then|also|later|often|always)\s+)?(?:{_SPEECH_VERBS})"
    rf"(?:\s+(?:me|us|the\s+\w+|that|to\s+(?:him|her|them|(?-i:(?:Mrs?|Ms|Miss|Dr)\.?\s+[A-Z][a-z]+|[A-Z][a-z]+))))?|[Ii]n\s+(?P<s2>(?:her|his|their)\s+(?:own\s+)?words|"
    rf"(?-i:[A-Z][a-z]+)['\u2019]s\s+(?:own\s+)?words)|(?P<s3>{_SPEAKER}))\s*[,:\u2014\u2013-]?\s*\Z",
    re.IGNORECASE,
)
_ATTR_REPORTED = lazy_compile(
    rf"(?P<s1>{_SPEAKER})\s+(?:(?:also|then|later|often|always|still)\s+)?(?:{_SPEECH_VERBS})\b",
    re.IGNORECASE,
)
_FAMILY_RX = lazy_compile(rf"\b(?:{_FAMILY_WORDS})\b", re.IGNORECASE)
_PROFESSIONAL_RX = lazy_compile(rf"\b(?:{_PROFESSIONAL_WORDS})\b", re.IGNORECASE)
_FIRST_PERSON = lazy_compile(
    r"\b(?:I|I'm|I've|I'd|I'll|me|my|mine|myself|we|us|our)\b|\bI[\u2019']", re.IGNORECASE
)
_WORDS = lazy_compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")


def quotations(text: str) -> list[Quote]:
    """Find quotations in straight or curly, double or single quotes, with who they are attributed to.

    An apostrophe inside a word ("I've", "Jean's") is never taken for a quote mark. A quotation stays
    within one paragraph and is at most 800 characters long; an unmatched mark is ignored.
    """
    found: list[Quote] = []
    n = len(text)
    pos = 0
    while True:
        m = _QUOTE_CHAR.search(text, pos)
        if m is None:
            break
        i = m.start()
        ch = text[i]
        close = _find_close(text, i, ch)
        if close < 0:
            pos = i + 1
            continue
        inner_start, inner_end = i + 1, close
        speaker = _attribute(text, i, close + 1)
        inner = text[inner_start:inner_end]
        words = len(_WORDS.findall(inner))
        substantive = words >= 3 or _FIRST_PERSON.search(inner) is not None
        if inner.strip():
            found.append(Quote(i, close + 1, inner_start, inner_end, speaker, substantive))
        pos = close + 1
        if pos >= n:
            break
    return found


def _opens_single(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in '([{\u2014\u2013-/:"') and not after.isspace() and after != "s"


def _closes_single(text: str, j: int) -> bool:
    before = text[j - 1] if j > 0 else " "
    after = text[j + 1] if j + 1 < len(text) else " "
    return not before.isspace() and (after.isspace() or after in '.,;:!?)]}\u2014\u2013-"')


def _find_close(text: str, i: int, ch: str) -> int:
    """Offset of the mark closing the quotation opened at ``i``, or -1."""
    limit = min(len(text), i + _MAX_QUOTE)
    para_end = text.find("\n\n", i, limit)
    if para_end >= 0:
        limit = para_end
    if ch in _OPEN_DOUBLE:
        if ch in "\u201d\u00bb":
            return -1
        if ch == '"' and not _opens_double(text, i):
            return -1
        for j in range(i + 1, limit):
            if text[j] in _CLOSE_DOUBLE and not (text[j] == "\u201c" and ch == "\u201c"):
                return j if j > i + 1 else -1
        return -1
    if ch == "\u2019" or not _opens_single(text, i):
        return -1
    j = i + 1
    while j < limit:
        j = _next_single(text, j, limit)
        if j < 0:
            return -1
        if _closes_single(text, j):
            return j
        j += 1
    return -1


def _opens_double(text: str, i: int) -> bool:
    after = text[i + 1] if i + 1 < len(text) else " "
    return not after.isspace()


def _next_single(text: str, start: int, limit: int) -> int:
    a = text.find("'", start, limit)
    b = text.find("\u2019", start, limit)
    if a < 0:
        return b
    if b < 0:
        return a
    return min(a, b)


def _attribute(text: str, start: int, end: int) -> str:
    after = _ATTR_AFTER.match(text[end : end + 60])
    if after:
        return _speaker_kind(after)
    window = text[max(0, start - 70) : start]
    cut = max(window.rfind("."), window.rfind("\n"), window.rfind("!"), window.rfind("?"))
    if cut >= 0:
        window = window[cut + 1 :]
    before = _ATTR_BEFORE.search(window)
    if before:
        return _speaker_kind(before)
    # Reported speech that quotes a few words: "Her son says she is 'not herself'".
    reported = list(_ATTR_REPORTED.finditer(window))
    if reported:
        return _speaker_kind(reported[-1])
    return "unknown"


def _speaker_kind(m: re.Match[str]) -> str:
    who = next((g for g in m.groups() if g), "")
    if _PROFESSIONAL_RX.search(who):
        return "professional"
    if _FAMILY_RX.search(who):
        return "family"
    if who == "I":
        return "worker"
    return "person"


# --- Negation ----------------------------------------------------------------------------------------------

_NEGATION_CUE = lazy_compile(
    r"\b(?:no|not|never|without|nobody|none|neither|nor|cannot|unable|nil|lacks?|lacking|declined|"
    r"denies|refuses|refused|no\s+longer)\b|n[\u2019']t\b",
    re.IGNORECASE,
)
#: The word cues of a negation alone (they start a word, so a caller can find them in its own one-pass scan).
NEGATION_WORD = lazy_compile(
    r"\b(?:no|not|never|without|nobody|none|neither|nor|cannot|unable|nil|lacks?|lacking|declined|"
    r"denies|refuses|refused|no\s+longer)\b",
    re.IGNORECASE,
)
# "n't" (it begins with a set of letters, so the search skips quickly to them).
_NOT_ENDING = lazy_compile(r"[nN][\u2019'][tT]\b")
# The scope of a negation ends at a clause boundary: punctuation, a contrast or a new clause.
_SCOPE_END = lazy_compile(
    r"[,;:.!?()\[\]\n\u2013\u2014]|\s-\s|\b(?:but|however|although|though|whereas|while|except|yet|"
    r"and\s+(?:she|he|they|her|his)|because|so|which|who)\b",
    re.IGNORECASE,
)
_MAX_SCOPE = 80


@dataclass(frozen=True, slots=True)
class NegationIndex:
    """Sorted negation scopes: each is (start of the cue, end of its scope)."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def covers(self, pos: int) -> bool:
        """True if offset ``pos`` is inside a negation cue or its scope."""
        i = bisect_right(self.starts, pos) - 1
        while i >= 0 and self.starts[i] > pos - _MAX_SCOPE - 20:
            if self.starts[i] <= pos < self.ends[i]:
                return True
            i -= 1
        return False

    def between(self, start: int, end: int) -> bool:
        """True if a negation cue starts in ``text[start:end]``."""
        i = bisect_right(self.starts, start - 1)
        return i < len(self.starts) and self.starts[i] < end


def negation_index(text: str, word_cues: Sequence[tuple[int, int]] | None = None) -> NegationIndex:
    """The negation scopes of ``text``: from each cue ("no", "not", "n't", "never", "without", "unable",
    "no longer"...) forward to the end of its clause (at most 80 characters).

    ``word_cues``: the matches of :data:`NEGATION_WORD` (start, end), in order, if the caller has found
    them already; "n't" is found here either way.
    """
    if word_cues is None:
        cues = [(m.start(), m.end()) for m in _NEGATION_CUE.finditer(text)]
    else:
        cues = sorted([*word_cues, *((m.start(), m.end()) for m in _NOT_ENDING.finditer(text))])
    starts: list[int] = []
    ends: list[int] = []
    for start, end in cues:
        limit = min(len(text), end + _MAX_SCOPE)
        stop = _SCOPE_END.search(text, end, limit)
        starts.append(start)
        ends.append(stop.start() if stop else limit)
    return NegationIndex(tuple(starts), tuple(ends))


# --- First-person speech -----------------------------------------------------------------------------------

_I_CLAUSE = lazy_compile(
    r"(?<![\w'\u2019])(?:I|I['\u2019](?:m|ve|d|ll))(?![\w'\u2019])"
    r"(?P<rest>(?:[ \t]+[\w'\u2019-]+){0,4})",
)


def first_person_clauses(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """Each "I" of ``text[start:end]`` with the (up to four) words that follow it: (start, end, words).

    The words are lower-cased, so a caller can tell "I visited" (a worker's note) from "I miss" (the
    person speaking) with its own word lists.
    """
    stop = len(text) if end is None else end
    return [(m.start(), m.end(), m.group().lower()) for m in _I_CLAUSE.finditer(text, start, stop)]
