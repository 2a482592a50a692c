"""The rule engine: a small closed set of rule kinds, read from ``data/rules/*.json``.

Like a Vale style, every rule is a JSON object with an ``id``, a ``kind``, a ``message`` for the person,
a ``suggestion`` (or ``null``) and its own ``examples``: ``fail`` texts on which the rule must fire and
``pass`` texts on which it must not. The tests run every rule on its own examples.

Rule kinds (the set is closed; an unknown kind is a :class:`~outcomes_tools._data.DataError`):

``existence``
    fires on every match of ``match``.
``substitution``
    like ``existence``, for a term that has a plainer wording (``suggestion`` is required). With
    ``skip_defined`` an abbreviation that the text explains in brackets ("multidisciplinary team (MDT)")
    is not flagged anywhere in that text.
``cooccurrence``
    fires where a match of ``first`` and a match of ``second`` fall in the same sentence (``second`` after
    ``first`` when ``order`` is ``"ordered"``), at most ``max_chars`` apart.
``conditional``
    fires on a match of ``match`` unless ``unless`` also matches in the same ``scope`` (``"sentence"`` or
    ``"text"``).

Every kind accepts ``skip_negated``: a match inside the scope of a negation ("no family involvement") is
then ignored.

A *matcher* (``match``, ``first``, ``second``, ``unless``) is an object with any of ``terms`` (literal
words or phrases; a trailing ``*`` stands for any word ending; a space matches any white space and a
hyphen an optional hyphen or space), ``lexicons`` (ids of word lists in ``data/lexicons/``), ``patterns``
(Python regular expressions, in which ``{lex:ID}`` stands for the alternatives of lexicon ``ID``) and
``case_sensitive`` (default false; abbreviations such as "SU" and "LD" need it).

A rule's id begins with its *role*, which says what the checker does with its matches: ``jargon.`` and
``deficit.`` rules become findings; ``outcomes.``, ``why.``, ``strengths.`` and ``review.`` rules are cues
the checker weighs (with the words around them) for that criterion; a match of a ``personalised.``,
``contribution.``, ``voice.`` or ``plan.`` rule is evidence for that criterion as it stands, so an
organisation can add its own phrasings.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from outcomes_tools import _data
from outcomes_tools._data import DataError
from outcomes_tools._patterns import lazy_compile
from outcomes_tools.text import NegationIndex, Segment, locate, negation_index, sentence_index, sentences

__all__ = [
    "KINDS",
    "ROLES",
    "Context",
    "Lexicons",
    "Match",
    "Rule",
    "RuleSet",
    "load_lexicons",
    "load_rules",
    "parse_lexicons",
    "parse_rules",
]

KINDS = ("existence", "substitution", "cooccurrence", "conditional")
ROLES = (
    "jargon",
    "deficit",
    "outcomes",
    "personalised",
    "contribution",
    "voice",
    "why",
    "plan",
    "strengths",
    "review",
)
_ID = lazy_compile(r"^[a-z]+(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)+$")
_LEX_REF = lazy_compile(r"\{lex:([a-z0-9-]+)\}")

_COMMON = ("id", "kind", "message", "suggestion", "examples")
_KIND_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "existence": (("match",), ("skip_negated",)),
    "substitution": (("match",), ("skip_negated", "skip_defined")),
    "cooccurrence": (("first", "second"), ("order", "max_chars", "skip_negated")),
    "conditional": (("match", "unless", "scope"), ("skip_negated",)),
}
_MATCHER_KEYS = ("terms", "lexicons", "patterns", "case_sensitive")
# A pattern that begins with one of these can only match at the start of a word.
_WORD_START_PREFIXES = ("\\b", "(?i:\\b", "(?-i:\\b", "(?<![\\w])", "(?<!\\w)")


# --- Lexicons ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Lexicons:
    """Word lists by id, as read from ``data/lexicons/*.json``."""

    terms: Mapping[str, tuple[str, ...]]

    def alternation(self, ident: str, where: str) -> str:
        """A regular-expression group matching any term of lexicon ``ident``."""
        if ident not in self.terms:
            raise DataError(f"{where}: unknown lexicon {ident!r}")
        return _alternation(self.terms[ident])


def parse_lexicons(files: Iterable[_data.DataFile]) -> Lexicons:
    """Validate lexicon files: ``{"about": str, "lexicons": [{"id", "description", "terms"}]}``."""
    found: dict[str, tuple[str, ...]] = {}
    ids: list[tuple[str, str]] = []
    for f in files:
        top = _data.check_keys(f.content, f.name, required=("about", "lexicons"))
        _data.expect(top["about"], str, f"{f.name}: about")
        for i, entry in enumerate(_data.expect(top["lexicons"], list, f"{f.name}: lexicons")):
            where = f"{f.name}: lexicons[{i}]"
            lex = _data.check_keys(entry, where, required=("id", "description", "terms"))
            ident = _data.expect(lex["id"], str, f"{where}.id")
            if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", ident):
                raise DataError(f"{where}.id: {ident!r} must be lower-case words joined by hyphens")
            _data.expect(lex["description"], str, f"{where}.description")
            terms = _data.string_list(lex["terms"], f"{where}.terms")
            if not terms:
                raise DataError(f"{where}.terms: must not be empty")
            ids.append((ident, where))
            found[ident] = tuple(terms)
    _data.unique_ids(ids)
    return Lexicons(found)


@lru_cache(maxsize=1)
def load_lexicons() -> Lexicons:
    """The package's lexicons plus any in ``OUTCOMES_TOOLS_DATA`` (cached)."""
    return parse_lexicons(_data.data_files("lexicons"))


def _term_units(term: str) -> tuple[list[str], bool]:
    """A term as a list of regex fragments (one per character), and whether it ends with a word."""
    wildcard = term.endswith("*")
    core = term[:-1] if wildcard else term
    units: list[str] = []
    for ch in core:
        if ch == " ":
            units.append(r"\s+")
        elif ch == "-":
            units.append(r"[-\s]?")
        elif ch in "'\u2019":
            units.append("['\u2019]")
        elif ch.isalpha() and ch.lower() != ch.upper():
            units.append(re.escape(ch))
        else:
            units.append(re.escape(ch))
    if wildcard:
        units.append(r"[\w'\u2019-]*")
    return units, wildcard or core[-1:].isalnum()


_END = ""


def _trie_regex(node: dict[str, Any]) -> str:
    """Regex for a trie of units: shared prefixes are written once, so matching does not retry them."""
    branches: list[str] = []
    for unit, child in node.items():
        if unit == _END:
            continue
        branches.append(unit + _trie_regex(child))
    if _END in node:
        branches.append(node[_END])
    if len(branches) == 1:
        only = branches[0]
        return only if _END not in node or not node[_END] or only == node[_END] else f"(?:{only})"
    return "(?:" + "|".join(branches) + ")"


def _alternation(terms: Sequence[str]) -> str:
    """One regular expression matching any of ``terms`` as whole words (longest match first)."""
    root: dict[str, Any] = {}
    loose: list[str] = []
    for term in sorted(set(terms)):
        units, word_end = _term_units(term)
        if not term[:1].isalnum():
            loose.append("".join(units) + (r"(?!\w)" if word_end else ""))
            continue
        node = root
        for unit in units:
            node = node.setdefault(unit, {})
        node[_END] = r"(?!\w)" if word_end else "(?:)"
    parts = []
    if root:
        parts.append(r"(?<!\w)" + _trie_regex(root))
    parts.extend(loose)
    return "(?:" + "|".join(parts) + ")"


# --- Matchers ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Matcher:
    """A compiled matcher.

    ``gated`` is the source of the patterns that can only start at the start of a word (run for all rules
    at once by :class:`Scanner`); ``rest`` matches the others. ``regex`` matches everything, for running
    one rule on its own.
    """

    regex: re.Pattern[str]
    gated: str | None
    rest: re.Pattern[str] | None
    #: The word-start patterns one by one (each wrapped in the matcher's case flag), in order.
    parts: tuple[str, ...] = ()
    #: ``parts`` compiled (so that :class:`Scanner` need not compile them again), or empty.
    compiled: tuple[re.Pattern[str], ...] = ()

    def spans(self, text: str) -> list[tuple[int, int]]:
        return [(m.start(), m.end()) for m in self.regex.finditer(text) if m.end() > m.start()]


_GATE = r"(?<!\w)(?=\w)"


_PREFIX_CAP = 3000
# Marks a prefix that is a whole word: the pattern goes on with a mark, so the word must end there.
_WORD_END = "\x00"


def _walk(items: Any, cur: set[str], done: set[str], lower: bool = True) -> set[str]:
    """Extend the literal prefixes ``cur`` through parsed pattern ``items``; finished ones go to ``done``.

    A prefix stops at the first character that is not a word character or that the walk cannot follow
    (a wildcard, a repeat), so every real match starts with one of the prefixes found.
    """
    p = _sre_parser()
    for op, av in items:
        if not cur:
            return cur
        if cur != {""} and _ends_word(p, op, av):
            # Only a mark, a space or the end of the text can come next: the word ends exactly here.
            done |= {c + _WORD_END for c in cur}
            return set()
        if op is p.LITERAL or op is p.IN:
            chars: set[str] = set()
            complete = True
            pairs = [(op, av)] if op is p.LITERAL else av
            for sub_op, sub_av in pairs:
                if sub_op is p.LITERAL:
                    chars.add(chr(sub_av))
                elif sub_op is p.RANGE and sub_av[1] - sub_av[0] < 200:
                    chars.update(chr(c) for c in range(sub_av[0], sub_av[1] + 1))
                else:
                    complete = False
            words = {c.lower() if lower else c for c in chars if c.isalnum() or c == "_"}
            if cur == {""} and complete:
                # At the start of a word, a branch that begins with a mark can never match: drop it.
                if not words:
                    return set()
                chars = {c for c in chars if c.isalnum() or c == "_"}
            if complete and not words:
                # Only marks can follow ("d/c", "c/o"): the word must end exactly here.
                done |= {c + _WORD_END for c in cur}
                return set()
            if not complete or not words or any(not (c.isalnum() or c == "_") for c in chars):
                done |= cur
                return set()
            if len(cur) * len(words) > _PREFIX_CAP:
                done |= cur
                return set()
            cur = {s + c for s in cur for c in words}
        elif op in (p.AT, p.ASSERT, p.ASSERT_NOT):
            continue
        elif op is p.SUBPATTERN:
            cur = _walk(av[3].data, cur, done, lower)
        elif op is p.BRANCH:
            nxt: set[str] = set()
            for branch in av[1]:
                nxt |= _walk(branch.data, set(cur), done, lower)
                if len(nxt) > _PREFIX_CAP:
                    done |= cur
                    return set()
            cur = nxt
        elif op in (p.MAX_REPEAT, p.MIN_REPEAT):
            low, high, sub = av
            once = _walk(sub.data, set(cur), done, lower)
            if high == 1:
                cur = once if low else cur | once
            elif low == 0:
                done |= once
            else:
                done |= once
                return set()
        else:
            done |= cur
            return set()
    return cur


def _ends_word(p: Any, op: Any, av: Any) -> bool:
    """Whether this item of a parsed pattern, after a word character, means the word ends there: ``\\b``,
    ``(?!\\w)``, or a class of spaces or non-word characters only (``\\s``, ``\\W``)."""
    if op is p.AT:
        return bool(av is p.AT_BOUNDARY)
    if op is p.ASSERT_NOT:
        direction, sub = av
        return bool(direction == 1 and list(sub.data) == [(p.IN, [(p.CATEGORY, p.CATEGORY_WORD)])])
    if op is p.IN:
        return bool(av) and all(
            sub_op is p.CATEGORY and sub_av in (p.CATEGORY_SPACE, p.CATEGORY_NOT_WORD)
            for sub_op, sub_av in av
        )
    return False


@lru_cache(maxsize=4096)  # the checker's scanner takes in the rule set's matchers again
def _prefixes(source: str, lower: bool = True) -> frozenset[str] | None:
    """Literal prefixes every match of ``source`` starts with (lower-cased unless ``lower`` is false, for
    case-sensitive patterns), or None if a match could start with anything."""
    try:
        done: set[str] = set()
        rest = _walk(_sre_parser().parse(source).data, {""}, done, lower)
    except Exception:  # an unexpected shape in the parser's internals: try the pattern everywhere
        return None
    found = {x.lower() for x in done | rest} if lower else done | rest
    if not found or "" in found:
        return None
    return frozenset(found)


@lru_cache(maxsize=1)
def _sre_parser() -> Any:
    return importlib.import_module("re._parser")


_WORD_RUN = lazy_compile(r"\w+")
_CACHE_WORDS = 50_000


def _prefix_trie(index: dict[int, dict[str, list[int]]]) -> dict[str, Any]:
    """A character trie of prefixes; the key "" of a node holds the patterns whose prefix ends there."""
    root: dict[str, Any] = {}
    for by_prefix in index.values():
        for prefix, ks in by_prefix.items():
            node = root
            for ch in prefix:
                node = node.setdefault(ch, {})
            node.setdefault("", []).extend(ks)
    return root


# Ends of matches of a matcher's other patterns are marked by this offset while sorting, so that at the
# same start the word-start patterns win, as they come first in the matcher's own regular expression.
_LATER = 1 << 40


def _consume(spans: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """Matches as one left-to-right search would report them: none starts inside an earlier one, and at
    the same start the alternative written first wins (``(start, end, order)``)."""
    spans.sort(key=lambda se: (se[0], se[1] >= _LATER, se[2]))
    out: list[tuple[int, int]] = []
    last = -1
    for s, e, _ in spans:
        end = e - _LATER if e >= _LATER else e
        if s >= last:
            out.append((s, end))
            last = end
    return out


# The patterns of headings ("Outcome:", "Strengths:") can only start a line, a sentence or a list item.
_CLAUSE_START_MARK = "\\b(?:(?<![^\\n])|(?<=[\\n"


_CLAUSE_STARTS = lazy_compile("[\\n.!?;:)\\]'\"\u2019\u201d\u2022*\\d-][ \\t]{0,2}(?=\\w)")


def _clause_starts(text: str) -> set[int]:
    """Offsets where a line, sentence or item could start: a superset of the heading patterns' own
    look-behind (after a line break, a mark, or a number and up to two spaces or tabs)."""
    found = {m.end() for m in _CLAUSE_STARTS.finditer(text)}
    found.add(0)
    return found


class Scanner:
    """Runs the word-start patterns of many matchers in one pass over the text.

    Each pattern's possible beginnings are worked out once (its literal prefixes). Then the text is
    walked word by word and a pattern is tried only where a word starts with one of its prefixes, and a
    heading pattern only where a line, sentence or item can start. The matches are exactly those of
    running each matcher alone, at a fraction of the cost on long texts.
    """

    def __init__(self, matchers: Sequence[Matcher]) -> None:
        self.matchers = list(matchers)
        # (matcher index, order of the pattern in its matcher, compiled pattern)
        self.compiled: list[tuple[int, int, re.Pattern[str]]] = []
        self.heading: list[bool] = []
        self.index: dict[int, dict[str, list[int]]] = {}
        self.index_cs: dict[int, dict[str, list[int]]] = {}
        everywhere: list[str] = []
        self.everywhere_owner: list[tuple[int, int]] = []
        for i, m in enumerate(self.matchers):
            parts = m.parts or ((m.gated,) if m.gated is not None else ())
            for order, part in enumerate(parts):
                sensitive = part.startswith("(?-i:")
                prefixes = _prefixes(part, lower=not sensitive)
                if prefixes is None:
                    everywhere.append(part)
                    self.everywhere_owner.append((i, order))
                    continue
                k = len(self.compiled)
                rx = m.compiled[order] if m.compiled else re.compile(part)
                self.compiled.append((i, order, rx))
                self.heading.append(_CLAUSE_START_MARK in part[:40])
                target = self.index_cs if sensitive else self.index
                for pre in prefixes:
                    target.setdefault(len(pre), {}).setdefault(pre, []).append(k)
        # word -> () if no pattern can start there, else (patterns to try there, the same with the heading
        # patterns, for where a line or sentence starts); kept between texts
        self.cache: dict[str, tuple[list[int], list[int]] | tuple[()]] = {}
        self.trie = _prefix_trie(self.index)
        self.trie_cs = _prefix_trie(self.index_cs)
        self.everywhere = (
            re.compile(_GATE + "".join(f"(?=({src}))?" for src in everywhere)) if everywhere else None
        )

    def _candidates(self, word: str) -> tuple[list[int], list[int]] | tuple[()]:
        out: list[int] = []
        for trie, key in ((self.trie, word.lower()), (self.trie_cs, word)):
            node = trie
            for ch in key:
                nxt = node.get(ch)
                if nxt is None:
                    break
                node = nxt
                hits = node.get("")
                if hits:
                    out.extend(hits)
            else:
                whole = node.get(_WORD_END)
                if whole is not None:
                    out.extend(whole.get("", ()))
        if not out:
            return ()
        out = list(dict.fromkeys(out))  # a pattern listed under two prefixes of the word is tried once
        heading = self.heading
        return [k for k in out if not heading[k]], out

    def scan(self, text: str) -> list[list[tuple[int, int]]]:
        """For each matcher (in the order given), its match spans in ``text``."""
        found: list[list[tuple[int, int, int]]] = [[] for _ in self.matchers]
        cache = self.cache
        if len(cache) > _CACHE_WORDS:
            cache.clear()
        compiled = self.compiled
        starts = _clause_starts(text)
        for w in _WORD_RUN.finditer(text):
            word = w.group()
            cands = cache.get(word)
            if cands is None:
                cands = cache[word] = self._candidates(word)
            if not cands:
                continue
            pos = w.start()
            for k in cands[1] if pos in starts else cands[0]:
                owner, order, rx = compiled[k]
                m = rx.match(text, pos)
                if m is not None:
                    end = m.end()
                    if end > pos:
                        found[owner].append((pos, end, order))
        if self.everywhere is not None:
            owners = self.everywhere_owner
            for m in self.everywhere.finditer(text):
                for k, (s, e) in enumerate(m.regs[1:]):
                    if e > s:
                        owner, order = owners[k]
                        found[owner].append((s, e, order))
        result: list[list[tuple[int, int]]] = []
        for i, matcher in enumerate(self.matchers):
            spans = found[i]
            if matcher.rest is not None:
                spans.extend(
                    (m.start(), m.end() + _LATER, 0)
                    for m in matcher.rest.finditer(text)
                    if m.end() > m.start()
                )
            result.append(_consume(spans) if spans else [])
        return result


def _compile_matcher(obj: object, where: str, lexicons: Lexicons) -> Matcher:
    spec = _data.check_keys(obj, where, required=(), optional=_MATCHER_KEYS)
    pieces: list[str] = []
    terms: list[str] = []
    if "terms" in spec:
        terms.extend(_data.string_list(spec["terms"], f"{where}.terms"))
    for ident in _data.string_list(spec.get("lexicons", []), f"{where}.lexicons"):
        if ident not in lexicons.terms:
            raise DataError(f"{where}.lexicons: unknown lexicon {ident!r}")
        terms.extend(lexicons.terms[ident])
    sensitive = _data.expect(spec.get("case_sensitive", False), bool, f"{where}.case_sensitive")
    scope = "(?-i:" if sensitive else "(?i:"
    gated: list[str] = []
    compiled: list[re.Pattern[str]] = []  # each of ``gated`` in its scope, compiled once, here
    word_terms = [t for t in terms if t[:1].isalnum()]
    other_terms = [t for t in terms if not t[:1].isalnum()]
    if word_terms:
        gated.append(_alternation(word_terms))
        compiled.append(re.compile(scope + gated[-1] + ")"))
    if other_terms:
        pieces.append(_alternation(other_terms))
    for i, pattern in enumerate(_data.string_list(spec.get("patterns", []), f"{where}.patterns")):

        def expand(m: re.Match[str], i: int = i) -> str:
            return lexicons.alternation(m.group(1), f"{where}.patterns[{i}]")

        wrapped = f"(?:{_LEX_REF.sub(expand, pattern)})"
        try:
            # Compiled as it will be used, in the matcher's scope, so a pattern that would not work there
            # is reported here, with where it is.
            rx = re.compile(scope + wrapped + ")")
        except re.error as exc:
            raise DataError(f"{where}.patterns[{i}]: not a valid regular expression ({exc})") from exc
        if wrapped[3:].startswith(_WORD_START_PREFIXES):
            gated.append(wrapped)
            compiled.append(rx)
        else:
            pieces.append(wrapped)
    if not pieces and not gated:
        raise DataError(f"{where}: a matcher needs terms, lexicons or patterns")
    gated_src = scope + "|".join(gated) + ")" if gated else None
    rest_src = scope + "|".join(pieces) + ")" if pieces else None
    whole = "|".join(x for x in ((_GATE + gated_src) if gated_src else None, rest_src) if x)
    parts = tuple(scope + g + ")" for g in gated)
    # ``whole`` serves only to run one rule alone (tests, and checking a rule's examples): compiled then.
    return Matcher(
        lazy_compile(whole), gated_src, re.compile(rest_src) if rest_src else None, parts, tuple(compiled)
    )


# --- Rules -------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rule:
    """One validated, compiled rule."""

    id: str
    kind: str
    message: str
    suggestion: str | None
    examples_pass: tuple[str, ...]
    examples_fail: tuple[str, ...]
    match: Matcher
    second: Matcher | None = None
    scope: str = "sentence"
    order: str = "any"
    max_chars: int = 400
    skip_negated: bool = False
    skip_defined: bool = False

    @property
    def role(self) -> str:
        """The part of the id before the first dot: what the checker uses the rule for."""
        return self.id.split(".", 1)[0]


@dataclass(frozen=True, slots=True)
class Match:
    """Where a rule fired: ``text[start:end]``."""

    rule: Rule
    start: int
    end: int


@dataclass(slots=True)
class Context:
    """The per-text analysis every rule shares: sentences and negation scopes, computed once."""

    text: str
    segments: list[Segment] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    negation: NegationIndex = field(default_factory=lambda: NegationIndex((), ()))

    @classmethod
    def build(cls, text: str, negation: NegationIndex | None = None) -> Context:
        """The context of ``text``; ``negation`` if the caller has worked it out already."""
        segs = sentences(text)
        return cls(
            text, segs, sentence_index(segs), negation if negation is not None else negation_index(text)
        )

    def sentence_of(self, pos: int) -> int:
        """Index of the sentence that starts at or before ``pos`` (-1 if ``pos`` is before the first)."""
        return locate(self.starts, pos)


def _check_examples(obj: object, where: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    ex = _data.check_keys(obj, where, required=("pass", "fail"))
    good = _data.string_list(ex["pass"], f"{where}.pass")
    bad = _data.string_list(ex["fail"], f"{where}.fail")
    if not bad:
        raise DataError(f"{where}.fail: every rule needs at least one example it fires on")
    return tuple(good), tuple(bad)


def _parse_rule(obj: object, where: str, lexicons: Lexicons) -> Rule:
    if not isinstance(obj, dict):
        raise DataError(f"{where}: expected an object, found {type(obj).__name__}")
    kind = obj.get("kind")
    if kind not in _KIND_KEYS:
        raise DataError(f"{where}.kind: {kind!r} is not one of {', '.join(KINDS)}")
    required, optional = _KIND_KEYS[kind]
    spec = _data.check_keys(obj, where, required=(*_COMMON, *required), optional=optional)
    ident = _data.expect(spec["id"], str, f"{where}.id")
    if not _ID.match(ident):
        raise DataError(f"{where}.id: {ident!r} must look like 'role.name' in lower case")
    role = ident.split(".", 1)[0]
    if role not in ROLES:
        raise DataError(f"{where}.id: {ident!r} has unknown role {role!r} (known: {', '.join(ROLES)})")
    message = _data.expect(spec["message"], str, f"{where}.message")
    suggestion = spec["suggestion"]
    if suggestion is not None:
        _data.expect(suggestion, str, f"{where}.suggestion")
    if kind == "substitution" and not suggestion:
        raise DataError(f"{where}.suggestion: a substitution rule needs a suggestion")
    good, bad = _check_examples(spec["examples"], f"{where}.examples")
    skip_negated = _data.expect(spec.get("skip_negated", False), bool, f"{where}.skip_negated")
    if kind in ("existence", "substitution"):
        return Rule(
            ident,
            kind,
            message,
            suggestion,
            good,
            bad,
            _compile_matcher(spec["match"], f"{where}.match", lexicons),
            skip_negated=skip_negated,
            skip_defined=_data.expect(spec.get("skip_defined", False), bool, f"{where}.skip_defined"),
        )
    if kind == "cooccurrence":
        order = _data.expect(spec.get("order", "any"), str, f"{where}.order")
        if order not in ("any", "ordered"):
            raise DataError(f"{where}.order: must be 'any' or 'ordered'")
        max_chars = _data.expect(spec.get("max_chars", 400), int, f"{where}.max_chars")
        return Rule(
            ident,
            kind,
            message,
            suggestion,
            good,
            bad,
            _compile_matcher(spec["first"], f"{where}.first", lexicons),
            _compile_matcher(spec["second"], f"{where}.second", lexicons),
            order=order,
            max_chars=max_chars,
            skip_negated=skip_negated,
        )
    scope = _data.expect(spec["scope"], str, f"{where}.scope")
    if scope not in ("sentence", "text"):
        raise DataError(f"{where}.scope: must be 'sentence' or 'text'")
    return Rule(
        ident,
        kind,
        message,
        suggestion,
        good,
        bad,
        _compile_matcher(spec["match"], f"{where}.match", lexicons),
        _compile_matcher(spec["unless"], f"{where}.unless", lexicons),
        scope=scope,
        skip_negated=skip_negated,
    )


@dataclass(frozen=True, slots=True)
class RuleSet:
    """All rules, in file order, with the matches of one text found by :meth:`run`."""

    rules: tuple[Rule, ...]
    scanner: Scanner = field(init=False, compare=False, repr=False)
    roles: tuple[str, ...] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        matchers: list[Matcher] = []
        for rule in self.rules:
            matchers.append(rule.match)
            if rule.second is not None:
                matchers.append(rule.second)
        object.__setattr__(self, "scanner", Scanner(matchers))
        object.__setattr__(self, "roles", tuple(rule.role for rule in self.rules))

    def with_role(self, role: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.role == role)

    def run(
        self, ctx: Context, found: Sequence[list[tuple[int, int]]] | None = None
    ) -> dict[str, list[Match]]:
        """Matches by role, each list sorted by position.

        ``found``: the spans of this rule set's scanner matchers, in order, when a caller has already
        scanned the text (with a :class:`Scanner` whose first matchers are ``self.scanner.matchers``).
        """
        if found is None:
            found = self.scanner.scan(ctx.text)
        spans = {id(m): found[i] for i, m in enumerate(self.scanner.matchers)}
        out: dict[str, list[Match]] = {}
        for rule, role in zip(self.rules, self.roles, strict=True):
            if not spans[id(rule.match)]:
                continue  # no rule kind fires without a match of its first pattern
            hits = run_rule(rule, ctx, spans)
            if hits:
                out.setdefault(role, []).extend(hits)
        for matches in out.values():
            matches.sort(key=lambda m: (m.start, m.end))
        return out


_DEFINED_AFTER = lazy_compile(r"\s*\(\s*[A-Za-z][A-Za-z -]{3,}\)")


def _is_defined(text: str, start: int, end: int) -> bool:
    """An abbreviation explained in place: "team (MDT)" or "MDT (multidisciplinary team)"."""
    if start > 0 and end < len(text) and text[start - 1] == "(" and text[end] == ")":
        return True
    return _DEFINED_AFTER.match(text, end) is not None


def run_rule(
    rule: Rule, ctx: Context, found: Mapping[int, list[tuple[int, int]]] | None = None
) -> list[Match]:
    """Every place ``rule`` fires in the context's text (``found``: matcher spans already scanned)."""
    text = ctx.text
    neg = ctx.negation
    spans = found[id(rule.match)] if found is not None else rule.match.spans(text)
    if rule.skip_negated:
        spans = [s for s in spans if not neg.covers(s[0])]
    if rule.kind == "existence":
        return [Match(rule, s, e) for s, e in spans]
    if rule.kind == "substitution":
        if rule.skip_defined and spans:
            defined = {text[s:e] for s, e in spans if _is_defined(text, s, e)}
            spans = [(s, e) for s, e in spans if text[s:e] not in defined]
        return [Match(rule, s, e) for s, e in spans]
    assert rule.second is not None
    others = found[id(rule.second)] if found is not None else rule.second.spans(text)
    if rule.skip_negated:
        others = [s for s in others if not neg.covers(s[0])]
    if rule.kind == "conditional":
        if not spans:
            return []
        if rule.scope == "text":
            return [] if others else [Match(rule, s, e) for s, e in spans]
        blocked = {ctx.sentence_of(s) for s, _ in others}
        return [Match(rule, s, e) for s, e in spans if ctx.sentence_of(s) not in blocked]
    # cooccurrence: pair each first match with the nearest fitting second match in its sentence.
    by_sentence: dict[int, list[tuple[int, int]]] = {}
    for s, e in others:
        by_sentence.setdefault(ctx.sentence_of(s), []).append((s, e))
    hits: list[Match] = []
    for s, e in spans:
        best: tuple[int, int] | None = None
        for s2, e2 in by_sentence.get(ctx.sentence_of(s), ()):
            if (s2, e2) == (s, e) or (s2 < e and s < e2):
                continue
            if rule.order == "ordered" and s2 < e:
                continue
            lo, hi = min(s, s2), max(e, e2)
            if hi - lo <= rule.max_chars and (best is None or abs(s2 - s) < abs(best[0] - s)):
                best = (s2, e2)
        if best is not None:
            hits.append(Match(rule, min(s, best[0]), max(e, best[1])))
    return hits


def parse_rules(files: Iterable[_data.DataFile], lexicons: Lexicons) -> RuleSet:
    """Validate and compile rule files: ``{"about": str, "rules": [rule, ...]}``."""
    rules: list[Rule] = []
    ids: list[tuple[str, str]] = []
    for f in files:
        top: Mapping[str, Any] = _data.check_keys(f.content, f.name, required=("about", "rules"))
        _data.expect(top["about"], str, f"{f.name}: about")
        for i, obj in enumerate(_data.expect(top["rules"], list, f"{f.name}: rules")):
            where = f"{f.name}: rules[{i}]"
            rule = _parse_rule(obj, where, lexicons)
            ids.append((rule.id, where))
            rules.append(rule)
    _data.unique_ids(ids)
    return RuleSet(tuple(rules))


@lru_cache(maxsize=1)
def load_rules() -> RuleSet:
    """The package's rules plus any in ``OUTCOMES_TOOLS_DATA``, compiled once and cached."""
    return parse_rules(_data.data_files("rules"), load_lexicons())
