"""The personal-to-national mapper: from what a person says matters to them, to the Talking Points categories
and the National Health and Wellbeing Outcomes it contributes to.

How it works, in short:

1. The text is split into words. Contractions are opened ("can't" → "can not"), each word is reduced to a
   simple stem ("walking", "walked", "walks" → "walk") after irregular forms and everyday synonyms are mapped
   ("fell" → "fall", "mum" → "mother"). Punctuation and words like "but" mark clause boundaries.
2. Two scorers read the words, and each category's score is half of one plus half of the other:

   * **Cues.** Each category's cue words and phrases (in ``data/frameworks/*.json``) are read the same way.
     A phrase matches when its words appear in order in one clause, with at most two extra words between
     each. A cue can name a word class from ``data/mapper/*.json`` (``<family>`` matches "mum", "son"…). A
     matched cue scores more the rarer it is across categories and the longer the phrase; a cue inside a
     dismissal ("no problem with the stairs") counts for little, one after "but" a little more. The total
     is squashed into [0, 1).
   * **Exemplars.** ``data/mapper/exemplars/*.json`` hold, for every category, dozens of statements in
     people's own words. A smoothed naive Bayes model learns from them (and from each category's label,
     description and cues) how likely each word, word class ("<pastime>" for "darts", "bowls"…) and pair of
     neighbouring words is in each category. The text's share of the evidence for each category (summing
     to 1 over the categories) is its score. Words in a clause giving the reason ("…so I can…",
     "because…") count for less than the statement itself. This is what lets the mapper place wording
     that no cue anticipates.

3. The carer and care home categories apply fully only when the text gives a sign of that setting (someone
   the person cares for, a room in a home…); otherwise both scorers damp them.
   A relative named with no sign of caring ("explain things to me, not just to my daughter") is the person
   speaking, so the relative's name counts for less with the exemplar model.
4. Frames (``frames`` in ``data/mapper/language.json``) lift every category of one type: "…again", "learn
   to…", "like before…" say a change is wanted; "explain to me", "turn up on time" say how a service
   should treat the person.
5. A carer speaking about the person they care for ("I want Mum to be happy") lifts the carer category for
   the cared-for person's quality of life to the strongest adult category's score.
6. National outcomes are scored from the categories' scores through each category's listed national
   outcomes (the first listed counts most), plus the national outcomes' own cue words.

When no cue matches and no word is known to the exemplar model (``"asdf"``, ``"the"``), every score is 0 and
``clear_match`` is false. Ties are broken by the order of the data (adults, carers, care homes, then any local
files), and national outcomes by number. An organisation adds exemplars by adding a file to
``data/mapper/exemplars/`` (or the same folder under ``OUTCOMES_TOOLS_DATA``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from outcomes_tools._data import DataError, check_keys, data_files, expect, string_list, unique_ids
from outcomes_tools._patterns import lazy_compile
from outcomes_tools.errors import InputError, TextTooLong
from outcomes_tools.frameworks import Frameworks, load_frameworks

__all__ = [
    "MATCH_THRESHOLD",
    "MAX_CHARS",
    "CategoryScore",
    "ChainLink",
    "MapResult",
    "NationalScore",
    "map_outcome",
]

MAX_CHARS = 2000
_BOUNDARY = "|"
_NATIONAL_WEIGHTS = (1.0, 0.55, 0.3, 0.2)
_DIRECT_NATIONAL = 0.2
_OTHERS = 0.15
_DISMISSED = 0.2
_AFTER_CONTRAST = 1.25
_SQUASH = 3.0
_DECAY = 0.5
_MAX_GAP = 2
_HEAD = 1.2
_HEAD_WORDS = 2
_ALPHA = 0.3
_EXEMPLAR_WEIGHT = 1.0
_CUE_WEIGHT = 1.0
_DESCRIPTION_WEIGHT = 2.0
_TEMPERATURE = 1.0
_CUE_SHARE = 0.5
_NOT_FEATURES = frozenset({"not", "no"})
_PURPOSE_WEIGHT = 0.5
_CONTEXT_POWER = 1.0
_REASONS = frozenset({"because", "cos", "coz", "'cause"})
_CARERS = "talking-points-carers"
_RELATIVES = "family"
_MENTIONED_RELATIVE = 0.3
_PURPOSE_NEXT = frozenset(
    {"i", "that", "he", "she", "we", "they", "my", "me", "it", "mum", "mother", "father"}
)


@dataclass(frozen=True, slots=True)
class CategoryScore:
    """One Talking Points (or local) category and how well the text fits it, in [0, 1]."""

    id: str
    label: str
    framework: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "framework": self.framework, "score": self.score}


@dataclass(frozen=True, slots=True)
class NationalScore:
    """One national outcome (number and statutory wording) and how well the text fits it, in [0, 1]."""

    number: int
    text: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "text": self.text, "score": self.score}


@dataclass(frozen=True, slots=True)
class ChainLink:
    """One level of the chain from personal to national."""

    level: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level, "text": self.text}


#: A category or national outcome scoring at least this is shown to people as a match; below it, the tools
#: list it under "no clear match". The ranking itself includes everything.
MATCH_THRESHOLD = 0.05


@dataclass(frozen=True, slots=True)
class MapResult:
    """Every category and national outcome ranked best first, and the five-level chain."""

    categories: tuple[CategoryScore, ...]
    national_outcomes: tuple[NationalScore, ...]
    chain: tuple[ChainLink, ...]
    clear_match: bool = True

    @property
    def matched(self) -> bool:
        """Whether anything in the text links to a category (if not, the ranking is only the data's order)."""
        return self.clear_match

    def to_dict(self) -> dict[str, Any]:
        return {
            "categories": [c.to_dict() for c in self.categories],
            "national_outcomes": [n.to_dict() for n in self.national_outcomes],
            "chain": [link.to_dict() for link in self.chain],
            "clear_match": self.clear_match,
            "match_threshold": MATCH_THRESHOLD,
        }


# --- reading words ------------------------------------------------------------------------------------------

_CONTRACTIONS = (
    (re.compile(r"\bcan't\b"), "can not"),
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"\bshan't\b"), "shall not"),
    (re.compile(r"n't\b"), " not"),
    (re.compile(r"'m\b"), " am"),
    (re.compile(r"'re\b"), " are"),
    (re.compile(r"'ve\b"), " have"),
    (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'d\b"), " would"),
)
_TOKEN = lazy_compile(r"[^\W_]+(?:'s)?|[.!?;:,()\[\]\"–—…]| - ")
_VOWELS = set("aeiouy")


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return text.replace("’", "'").replace("‘", "'").replace("`", "'")


def stem(word: str) -> str:
    """A light, consistent stem: enough to make "walking", "walked" and "walks" the same word."""
    w = word
    if len(w) <= 3:
        return w
    if w.endswith("iness"):
        return w[:-5] + "y"
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("ied") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "ches", "shes", "xes", "zzes")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is", "ous")):
        w = w[:-1]
    for suffix in ("ing", "ed"):
        if w.endswith(suffix) and not w.endswith("eed"):
            base = w[: -len(suffix)]
            if len(base) >= 2 and _VOWELS & set(base):
                w = _restore(base)
                break
    if len(w) > 4 and w.endswith("e") and not w.endswith(("ee", "ye")):
        w = w[:-1]
    return w


def _restore(base: str) -> str:
    """Undo the spelling change of -ing/-ed: "gett" → "get", "liv" → "live", "us" → "use"."""
    if len(base) >= 3 and base[-1] == base[-2] and base[-1] not in "lsz" and base[-1] not in _VOWELS:
        return base[:-1]
    if len(base) == 2 or (
        len(base) == 3
        and base[0] not in _VOWELS
        and base[1] in _VOWELS
        and base[2] not in _VOWELS
        and base[2] not in "wxy"
    ):
        return base + "e"
    return base


_WORDS_KEPT = 100_000


@dataclass(frozen=True, slots=True)
class _Language:
    irregular: Mapping[str, str]
    synonyms: Mapping[str, str]
    classes: Mapping[str, frozenset[str]]
    dismissals: tuple[tuple[str, ...], ...]
    contrasts: frozenset[str]
    contexts: tuple[tuple[str, float, float, tuple[tuple[str, ...], ...]], ...]
    function_words: frozenset[str]
    proxies: tuple[tuple[str, tuple[str, ...], float, tuple[tuple[str, ...], ...]], ...] = ()
    class_of: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    stop_words: frozenset[str] = frozenset()
    frames: tuple[tuple[str, float, tuple[tuple[str, ...], ...]], ...] = ()
    #: Each word's token once worked out (words repeat a great deal, above all in the exemplars).
    seen: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def word(self, raw: str) -> str:
        found = self.seen.get(raw)
        if found is not None:
            return found
        w = raw[:-2] if raw.endswith("'s") else raw
        w = self.synonyms.get(w) or self.irregular.get(w) or w
        s = stem(w)
        found = self.synonyms.get(s, s)
        if len(self.seen) < _WORDS_KEPT:
            self.seen[raw] = found
        return found

    def tokens(self, text: str) -> list[str]:
        text = _clean(text)
        for pattern, repl in _CONTRACTIONS:
            text = pattern.sub(repl, text)
        out: list[str] = []
        for m in _TOKEN.finditer(text):
            tok = m.group(0)
            if not tok[0].isalnum():
                out.append(_BOUNDARY)
                continue
            out.append(self.word(tok))
            if tok.endswith("'s"):
                out.append("'s")
        return out

    def cue(self, text: str) -> tuple[str, ...]:
        parts: list[str] = []
        for piece in text.split():
            if (piece.startswith("<") and piece.endswith(">")) or piece == "'s":
                parts.append(piece)
            else:
                parts.extend(t for t in self.tokens(piece) if t != _BOUNDARY)
        return tuple(parts)


def _load_language() -> _Language:
    files = data_files("mapper")
    if not files:
        raise DataError("data/mapper: no language file")
    irregular: dict[str, str] = {}
    synonyms: dict[str, str] = {}
    classes: dict[str, set[str]] = {}
    dismissals: list[tuple[str, ...]] = []
    contrasts: set[str] = set()
    function_words: set[str] = set()
    stop_words: set[str] = set()
    raw_proxies: list[tuple[str, tuple[str, ...], float, list[str]]] = []
    raw_contexts: list[tuple[str, float, float, list[str]]] = []
    raw_frames: list[tuple[str, float, list[str]]] = []
    for f in files:
        o = check_keys(
            f.content,
            f.name,
            required=("id", "description"),
            optional=(
                "irregular",
                "synonyms",
                "classes",
                "dismissals",
                "contrasts",
                "contexts",
                "function_words",
                "stop_words",
                "proxies",
                "frames",
            ),
        )
        for key, target in (("irregular", irregular), ("synonyms", synonyms)):
            for k, v in expect(o.get(key, {}), dict, f"{f.name}: {key}").items():
                target[k.lower()] = str(expect(v, str, f"{f.name}: {key}.{k}")).lower()
        for name, words in expect(o.get("classes", {}), dict, f"{f.name}: classes").items():
            classes.setdefault(name, set()).update(
                w.lower() for w in string_list(words, f"{f.name}: classes.{name}")
            )
        for i, d in enumerate(expect(o.get("dismissals", []), list, f"{f.name}: dismissals")):
            dismissals.append(tuple(string_list(d, f"{f.name}: dismissals[{i}]")))
        contrasts.update(string_list(o.get("contrasts", []), f"{f.name}: contrasts"))
        function_words.update(string_list(o.get("function_words", []), f"{f.name}: function_words"))
        stop_words.update(string_list(o.get("stop_words", []), f"{f.name}: stop_words"))
        for i, px in enumerate(expect(o.get("proxies", []), list, f"{f.name}: proxies")):
            w = f"{f.name}: proxies[{i}]"
            po = check_keys(px, w, required=("category", "absorbs", "factor", "cues"))
            factor = float(expect(po["factor"], (int, float), f"{w}.factor"))
            if not 0 < factor <= 2:
                raise DataError(f"{w}.factor: must be more than 0 and at most 2")
            raw_proxies.append(
                (
                    str(expect(po["category"], str, f"{w}.category")),
                    tuple(string_list(po["absorbs"], f"{w}.absorbs")),
                    factor,
                    string_list(po["cues"], f"{w}.cues"),
                )
            )
        for i, fr in enumerate(expect(o.get("frames", []), list, f"{f.name}: frames")):
            w = f"{f.name}: frames[{i}]"
            fo = check_keys(fr, w, required=("type", "factor", "cues"))
            factor = float(expect(fo["factor"], (int, float), f"{w}.factor"))
            if not 1 <= factor <= 3:
                raise DataError(f"{w}.factor: must be between 1 and 3")
            raw_frames.append(
                (str(expect(fo["type"], str, f"{w}.type")), factor, string_list(fo["cues"], f"{w}.cues"))
            )
        for i, c in enumerate(expect(o.get("contexts", []), list, f"{f.name}: contexts")):
            w = f"{f.name}: contexts[{i}]"
            co = check_keys(c, w, required=("framework", "without", "with", "cues"))
            without = float(expect(co["without"], (int, float), f"{w}.without"))
            if not 0 <= without <= 1:
                raise DataError(f"{w}.without: must be between 0 and 1")
            with_ = float(expect(co["with"], (int, float), f"{w}.with"))
            if not 1 <= with_ <= 3:
                raise DataError(f"{w}.with: must be between 1 and 3")
            raw_contexts.append(
                (
                    str(expect(co["framework"], str, f"{w}.framework")),
                    without,
                    with_,
                    string_list(co["cues"], f"{w}.cues"),
                )
            )
    base = _Language(irregular, synonyms, {}, (), frozenset(), (), frozenset())
    stemmed_classes = {k: frozenset(base.word(w) for w in v) for k, v in classes.items()}
    lang = _Language(
        irregular,
        synonyms,
        stemmed_classes,
        tuple(base.cue(" ".join(d)) for d in dismissals),
        frozenset(base.word(c) for c in contrasts),
        (),
        frozenset(base.word(w) for w in function_words),
    )
    contexts = tuple(
        (fw, without, with_, tuple(lang.cue(c) for c in cues)) for fw, without, with_, cues in raw_contexts
    )
    proxies = tuple(
        (category, absorbs, factor, tuple(lang.cue(c) for c in cues))
        for category, absorbs, factor, cues in raw_proxies
    )
    frames = tuple((kind, factor, tuple(lang.cue(c) for c in cues)) for kind, factor, cues in raw_frames)
    checked = [c for *_, cs in contexts for c in cs] + [c for *_, cs in frames for c in cs]
    for cue in checked:
        for part in cue:
            if part.startswith("<") and part[1:-1] not in stemmed_classes:
                raise DataError(f"data/mapper: unknown word class {part!r} in a context or frame cue")
    class_of: dict[str, list[str]] = {}
    for name, members in sorted(stemmed_classes.items()):
        for member in members:
            class_of.setdefault(member, []).append(f"<{name}>")
    return _Language(
        irregular,
        synonyms,
        stemmed_classes,
        lang.dismissals,
        lang.contrasts,
        contexts,
        lang.function_words,
        proxies,
        {k: tuple(v) for k, v in class_of.items()},
        frozenset(base.word(w) for w in stop_words) | lang.function_words,
        frames,
    )


# --- matching -----------------------------------------------------------------------------------------------


def _token_matches(lang: _Language, part: str, token: str) -> bool:
    if part.startswith("<"):
        return token in lang.classes.get(part[1:-1], frozenset())
    return part == token


def _match_at(lang: _Language, cue: Sequence[str], tokens: Sequence[str], i: int) -> tuple[int, ...] | None:
    """The token positions the cue uses if it matches starting at ``i``: its words in order within one
    clause, at most two extra words between each."""
    if not _token_matches(lang, cue[0], tokens[i]):
        return None
    used = [i]
    n = len(tokens)
    for part in cue[1:]:
        pos = used[-1]
        for j in range(pos + 1, min(n, pos + _MAX_GAP + 2)):
            if tokens[j] == _BOUNDARY:
                return None
            if _token_matches(lang, part, tokens[j]):
                used.append(j)
                break
        else:
            return None
    return tuple(used)


def _matches(lang: _Language, cue: Sequence[str], tokens: Sequence[str]) -> list[tuple[int, ...]]:
    """Every match of the cue in the tokens (see :func:`_match_at`)."""
    first = cue[0]
    if first.startswith("<"):
        members = lang.classes.get(first[1:-1], frozenset())
        starts = [i for i, t in enumerate(tokens) if t in members]
    elif first not in tokens:  # the usual case, and a scan in C: no match can start anywhere
        return []
    else:
        starts = [i for i, t in enumerate(tokens) if t == first]
    found = (_match_at(lang, cue, tokens, i) for i in starts)
    return [m for m in found if m is not None]


def _find(lang: _Language, cue: Sequence[str], tokens: Sequence[str]) -> list[int]:
    """Start positions where the cue matches."""
    return [m[0] for m in _matches(lang, cue, tokens)]


def _any_found(
    lang: _Language, cues: Iterable[Sequence[str]], tokens: Sequence[str], present: frozenset[str]
) -> bool:
    """Whether any of the cues matches; ``present`` is the set of the tokens, so that a cue whose first word
    is not in the text is passed over with one set test."""
    for cue in cues:
        first = cue[0]
        if (first.startswith("<") or first in present) and _matches(lang, cue, tokens):
            return True
    return False


def _position_weights(lang: _Language, tokens: Sequence[str]) -> list[float]:
    """Weight of each token position: low inside a dismissal, higher after a contrast word in its sentence."""
    weights = [1.0] * len(tokens)
    for d in lang.dismissals:
        for start in _find(lang, d, tokens):
            j = start
            while j < len(tokens) and tokens[j] != _BOUNDARY and tokens[j] not in lang.contrasts:
                weights[j] = _DISMISSED
                j += 1
    boost = False
    for i, tok in enumerate(tokens):
        boost = boost or tok in lang.contrasts
        if boost and weights[i] == 1.0:
            weights[i] = _AFTER_CONTRAST
    # The first few content words usually name the outcome itself ("Not to be judged…", "Walk to the shops…");
    # what follows tends to be context ("…for being on methadone").
    seen = 0
    for i, tok in enumerate(tokens):
        if tok == _BOUNDARY and seen:
            break
        if tok in lang.function_words or tok == _BOUNDARY:
            continue
        weights[i] *= _HEAD
        seen += 1
        if seen >= _HEAD_WORDS:
            break
    return weights


# Cues by first word: (cue, weight, the cue's literal words), the last so that a cue whose words are not all
# in the text is skipped with one set test instead of a scan.
_Index = Mapping[str, tuple[tuple[tuple[str, ...], float, frozenset[str]], ...]]


def _index(lang: _Language, cues: Sequence[tuple[tuple[str, ...], float]]) -> _Index:
    """Cues by their first word (a word class's every member), so matching looks only at likely cues."""
    by_first: dict[str, list[tuple[tuple[str, ...], float, frozenset[str]]]] = {}
    for cue, weight in cues:
        first = cue[0]
        keys = sorted(lang.classes.get(first[1:-1], frozenset())) if first.startswith("<") else [first]
        literal = frozenset(part for part in cue if not part.startswith("<"))
        for key in keys:
            by_first.setdefault(key, []).append((cue, weight, literal))
    return {k: tuple(v) for k, v in by_first.items()}


# All the categories' (or national outcomes') cues in one index: by first word, (which one, cue, weight,
# literal words), so a text's words are looked up once rather than once for each category.
_Merged = Mapping[str, tuple[tuple[int, tuple[str, ...], float, frozenset[str]], ...]]


def _merge(indexes: Sequence[_Index]) -> _Merged:
    merged: dict[str, list[tuple[int, tuple[str, ...], float, frozenset[str]]]] = {}
    for k, index in enumerate(indexes):
        for key, entries in index.items():
            merged.setdefault(key, []).extend((k, cue, weight, literal) for cue, weight, literal in entries)
    return {key: tuple(entries) for key, entries in merged.items()}


@dataclass(frozen=True, slots=True)
class _Bayes:
    """A smoothed naive Bayes model over words and word pairs, learnt from the exemplar statements, the
    categories' descriptions and their cues: for each feature, its log-probability in each category."""

    log_p: Mapping[str, tuple[float, ...]]
    unseen: tuple[float, ...]
    learnt: tuple[bool, ...]
    """For each category, whether it has exemplars (a local category may have only cues)."""


@dataclass(frozen=True, slots=True)
class _Model:
    lang: _Language
    frameworks: Frameworks
    category_cues: tuple[_Index, ...]
    national_cues: tuple[_Index, ...]
    bayes: _Bayes
    merged_categories: _Merged = field(default_factory=dict)
    merged_nationals: _Merged = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "merged_categories", _merge(self.category_cues))
        object.__setattr__(self, "merged_nationals", _merge(self.national_cues))


def _weighted(
    lang: _Language, cue_sets: list[list[tuple[str, ...]]]
) -> tuple[tuple[tuple[tuple[str, ...], float], ...], ...]:
    df: dict[tuple[str, ...], int] = {}
    for cues in cue_sets:
        for c in set(cues):
            df[c] = df.get(c, 0) + 1
    n = len(cue_sets)
    out = []
    for cues in cue_sets:
        seen: set[tuple[str, ...]] = set()
        weighted = []
        for c in cues:
            if not c or c in seen:
                continue
            seen.add(c)
            content = sum(1 for part in c if part not in lang.function_words)
            length = min(2.5, 1.0 + 0.5 * max(0, content - 1)) * (1.0 if content else 0.6)
            weighted.append((c, math.log(1 + n / df[c]) * length))
        out.append(tuple(weighted))
    return tuple(out)


# --- learning from exemplars --------------------------------------------------------------------------------

EXEMPLAR_FOLDER = "mapper/exemplars"


def load_exemplars(category_ids: Sequence[str]) -> dict[str, list[str]]:
    """The exemplar statements of ``data/mapper/exemplars/*.json`` (and any added folder), by category id.

    Each file is ``{"id", "description", "exemplars": {category id: [statement, …]}}``; an unknown key or a
    category id no framework defines is a :class:`DataError` naming the file and the key."""
    known = set(category_ids)
    out: dict[str, list[str]] = {}
    seen_ids: list[tuple[str, str]] = []
    for f in data_files(EXEMPLAR_FOLDER):
        o = check_keys(f.content, f.name, required=("id", "description", "exemplars"))
        ident = expect(o["id"], str, f"{f.name}: id")
        expect(o["description"], str, f"{f.name}: description")
        seen_ids.append((str(ident), f"{f.name}: id"))
        for category, statements in expect(o["exemplars"], dict, f"{f.name}: exemplars").items():
            where = f"{f.name}: exemplars.{category}"
            if category not in known:
                raise DataError(f"{where}: no category {category!r} in the frameworks")
            out.setdefault(category, []).extend(string_list(statements, where))
    unique_ids(seen_ids)
    return out


def features(lang: _Language, text: str) -> list[str]:
    """The words (stemmed, without function words), their word classes and the pairs of neighbouring words
    of one text."""
    return [f for f, _ in weighted_features(lang, text)]


def weighted_features(
    lang: _Language,
    text: str,
    tokens: Sequence[str] | None = None,
    pw: Sequence[float] | None = None,
    relative: float = 1.0,
) -> list[tuple[str, float]]:
    """:func:`features`, each with a weight: 1 in the statement itself, less in a clause that gives the
    reason or purpose ("…so I can see my grandson", "…because…"), which says why rather than what, and
    less inside a dismissal ("no problem with the stairs"; ``pw``, the cue scorer's position weights).
    A relative's name ("daughter", "Mum") and the pairs with it are multiplied by ``relative``: the mapper
    passes less than 1 when nothing says the speaker cares for someone, so "explain things to me, not just
    to my daughter" is the person speaking, not a carer."""
    out: list[tuple[str, float]] = []
    relatives = lang.classes.get(_RELATIVES, frozenset())
    prev: str | None = None
    if tokens is None:
        tokens = lang.tokens(text)
    stop = lang.stop_words
    purpose = 1.0
    for i, tok in enumerate(tokens):
        if tok == _BOUNDARY:
            prev = None
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if tok in _REASONS or (tok == "so" and nxt in _PURPOSE_NEXT):
            purpose = _PURPOSE_WEIGHT
        weight = purpose * min(1.0, pw[i]) if pw is not None else purpose
        if tok in relatives or prev in relatives:
            weight *= relative
        plain = tok in stop or tok in _NOT_FEATURES
        if not plain:
            out.append((tok, weight))
        out.extend((c, weight) for c in lang.class_of.get(tok, ()))
        if prev is not None and not (plain and (prev in stop or prev in _NOT_FEATURES)):
            out.append((f"{prev} {tok}", weight))
        prev = tok
    return out


def _bayes(lang: _Language, fw: Frameworks, exemplars: Mapping[str, Sequence[str]]) -> _Bayes:
    """Count in how many of a category's texts each feature occurs (exemplars count 1, cues
    ``_CUE_WEIGHT``, the label and description ``_DESCRIPTION_WEIGHT``), then smooth."""
    counts: list[dict[str, float]] = []
    for cat in fw.categories:
        c: dict[str, float] = {}
        sources = (
            (exemplars.get(cat.id, ()), _EXEMPLAR_WEIGHT),
            (cat.cues, _CUE_WEIGHT),
            ((cat.label, cat.description), _DESCRIPTION_WEIGHT),
        )
        for texts, weight in sources:
            for text in texts:
                for feat in set(features(lang, text)):
                    c[feat] = c.get(feat, 0.0) + weight
        counts.append(c)
    vocab = sorted(set().union(*counts))
    size = len(vocab)
    totals = [sum(c.values()) + _ALPHA * size for c in counts]
    log_p = {
        feat: tuple(math.log((c.get(feat, 0.0) + _ALPHA) / t) for c, t in zip(counts, totals, strict=True))
        for feat in vocab
    }
    learnt = tuple(bool(exemplars.get(cat.id)) for cat in fw.categories)
    return _Bayes(log_p, tuple(math.log(_ALPHA / t) for t in totals), learnt)


def _posterior(
    model: _Model, feats: Sequence[tuple[str, float]], prior: Sequence[float]
) -> tuple[list[float], int]:
    """Each category's share of the evidence (summing to 1), and how many of the features the model knows.
    With no known feature, every share is 0."""
    bayes = model.bayes
    weights_of: dict[str, float] = {}
    for f, w in feats:
        if f in bayes.log_p:
            weights_of[f] = max(w, weights_of.get(f, 0.0))
    if not weights_of:
        return [0.0] * len(prior), 0
    logs = [_CONTEXT_POWER * math.log(p) if p > 0 else -math.inf for p in prior]
    for f, w in weights_of.items():
        logs = [a + w * b for a, b in zip(logs, bayes.log_p[f], strict=True)]
    known = weights_of
    top = max(logs)
    weights = [math.exp((v - top) * _TEMPERATURE) if v > -math.inf else 0.0 for v in logs]
    total = sum(weights)
    return [w / total for w in weights], len(known)


@cache
def _model() -> _Model:
    lang = _load_language()
    fw = load_frameworks()
    known = {f.id for f in fw.category_frameworks}
    for framework_id, *_ in lang.contexts:
        if framework_id not in known:
            raise DataError(f"data/mapper: contexts: no category framework {framework_id!r}")
    category_ids = {c.id for c in fw.categories}
    types = {c.type for c in fw.categories}
    for kind, *_ in lang.frames:
        if kind not in types:
            raise DataError(f"data/mapper: frames: no category type {kind!r}")
    for category, absorbs, *_ in lang.proxies:
        if category not in category_ids:
            raise DataError(f"data/mapper: proxies: no category {category!r}")
        for framework_id in absorbs:
            if framework_id not in known:
                raise DataError(f"data/mapper: proxies: no category framework {framework_id!r}")
    cats = [[lang.cue(c) for c in cat.cues] for cat in fw.categories]
    nats = [[lang.cue(c) for c in n.cues] for n in fw.national_outcomes]
    exemplars = load_exemplars([c.id for c in fw.categories])
    return _Model(
        lang,
        fw,
        tuple(_index(lang, c) for c in _weighted(lang, cats)),
        tuple(_index(lang, c) for c in _weighted(lang, nats)),
        _bayes(lang, fw, exemplars),
    )


def _raws(
    model: _Model, merged: _Merged, count: int, tokens: list[str], pw: list[float], *, present: frozenset[str]
) -> list[float]:
    """The raw cue score of every category (or national outcome) at once, from the merged index: each
    one's matched cues added up by :func:`_total`. ``present`` is the set of the tokens."""
    found: dict[int, list[tuple[float, tuple[int, ...]]]] = {}
    lang = model.lang
    for i, token in enumerate(tokens):
        for k, cue, weight, literal in merged.get(token, ()):
            if not literal <= present:
                continue
            m = _match_at(lang, cue, tokens, i)
            if m is not None:
                found.setdefault(k, []).append((weight * pw[i], m))
    raws = [0.0] * count
    for k, matches in found.items():
        raws[k] = _total(matches)
    return raws


def _total(found: list[tuple[float, tuple[int, ...]]]) -> float:
    """The matched cues' worth, strongest first: a word counts for one cue only, and each further cue adds
    less than the one before."""
    found.sort(key=lambda f: (-f[0], f[1]))
    taken: set[int] = set()
    total = 0.0
    counted = 0
    for weight, positions in found:
        if taken.intersection(positions):
            continue
        taken.update(positions)
        total += weight * _DECAY**counted
        counted += 1
    return total


def _squash(raw: float) -> float:
    return round(raw / (raw + _SQUASH), 4) if raw > 0 else 0.0


def map_outcome(text: str) -> MapResult:
    """Rank every category and national outcome for what matters to a person, in their own words."""
    if not isinstance(text, str):
        raise InputError("Type what matters to the person, in their own words.")
    personal = text.strip()
    if not personal:
        raise InputError("Type what matters to the person, in their own words, then try again.")
    if len(text) > MAX_CHARS:
        raise TextTooLong(len(text), MAX_CHARS, "outcome")
    return _map(_model(), personal)


def _map(model: _Model, personal: str) -> MapResult:
    """Map the (stripped, checked) text with one model: the package's, or one learnt for a check."""
    lang = model.lang
    tokens = lang.tokens(personal)
    pw = _position_weights(lang, tokens)
    present = frozenset(tokens)
    context: dict[str, float] = {}
    for framework_id, without, with_, cues in lang.contexts:
        context[framework_id] = with_ if _any_found(lang, cues, tokens, present) else without
    fw = model.frameworks
    raws = [
        raw * context.get(cat.framework, 1.0)
        for cat, raw in zip(
            fw.categories,
            _raws(model, model.merged_categories, len(fw.categories), tokens, pw, present=present),
            strict=True,
        )
    ]
    prior = [context.get(cat.framework, 1.0) for cat in fw.categories]
    framed = [1.0] * len(prior)
    # A frame: wording that says what kind of outcome this is ("…again", "learn to…" for a change; "explain
    # to me", "turn up on time" for how a service treats the person) lifts every category of that type.
    for kind, factor, cues in lang.frames:
        if _any_found(lang, cues, tokens, present):
            framed = [
                f * factor if cat.type == kind else f for f, cat in zip(framed, fw.categories, strict=True)
            ]
    prior = [p * f for p, f in zip(prior, framed, strict=True)]
    raws = [r * f for r, f in zip(raws, framed, strict=True)]
    # Who is speaking: a relative mentioned with no sign of caring for them is not a carer speaking.
    relative = 1.0 if context.get(_CARERS, 1.0) >= 1.0 else _MENTIONED_RELATIVE
    shares, known = _posterior(model, weighted_features(lang, personal, tokens, pw, relative), prior)
    clear = known > 0 or any(r > 0 for r in raws)
    scores = [_CUE_SHARE * _squash(r) + (1 - _CUE_SHARE) * p for r, p in zip(raws, shares, strict=True)]
    # A category without exemplars (an organisation's local outcome, say) learns only from its cues and
    # description, so its cues alone may also carry it.
    for i, learnt in enumerate(model.bayes.learnt):
        if not learnt:
            scores[i] = max(scores[i], _squash(raws[i]))
    # A proxy ("I want Mum to be happy") takes on the strongest category it absorbs: the carer is speaking
    # about the quality of life of the person they care for.
    for category, absorbs, factor, cues in lang.proxies:
        if _any_found(lang, cues, tokens, present):
            index = next(i for i, c in enumerate(fw.categories) if c.id == category)
            absorbed = [s for c, s in zip(fw.categories, scores, strict=True) if c.framework in absorbs]
            scores[index] = max(scores[index], min(1.0, factor * max(absorbed, default=0.0)))
    scores = [round(min(1.0, s), 4) for s in scores]
    order = {c.id: i for i, c in enumerate(fw.categories)}
    cats = sorted(
        (CategoryScore(c.id, c.label, c.framework, s) for c, s in zip(fw.categories, scores, strict=True)),
        key=lambda s: (-s.score, order[s.id]),
    )
    # A national outcome is as strong as the strongest category that leads to it, plus a little from the
    # others and from its own cue words.
    best = {n.number: 0.0 for n in fw.national_outcomes}
    rest = {n.number: 0.0 for n in fw.national_outcomes}
    for cat, score in zip(fw.categories, scores, strict=True):
        for pos, number in enumerate(cat.national_outcomes):
            contribution = score * _NATIONAL_WEIGHTS[min(pos, len(_NATIONAL_WEIGHTS) - 1)]
            rest[number] += min(contribution, best[number])
            best[number] = max(best[number], contribution)
    national_raw = {num: best[num] + _OTHERS * rest[num] for num in best}
    direct = _raws(model, model.merged_nationals, len(fw.national_outcomes), tokens, pw, present=present)
    for n, raw in zip(fw.national_outcomes, direct, strict=True):
        national_raw[n.number] += _DIRECT_NATIONAL * _squash(raw)
    top = fw.category(cats[0].id)
    # Ties (including "no cue matched at all") follow the top category's own list, then number order.
    rank = {num: i for i, num in enumerate(top.national_outcomes)}
    nats = sorted(
        (
            NationalScore(n.number, n.text, round(min(1.0, national_raw[n.number]), 4))
            for n in fw.national_outcomes
        ),
        key=lambda s: (-s.score, rank.get(s.number, len(rank)), s.number),
    )
    chain = (
        ChainLink("personal", personal),
        ChainLink("service", top.chain.service),
        ChainLink("organisational", top.chain.organisational),
        ChainLink("partnership", top.chain.partnership),
        ChainLink("national", nats[0].text),
    )
    return MapResult(tuple(cats), tuple(nats), chain, clear)
