"""The question checker: is a question open, closed or leading, and how could it be asked openly?

The rules are data (``data/questions/rules.json``): regular expressions, each with a kind and a plain-English
message; the first that matches the question decides. Rules are tried by ``priority``, highest first (a rule
without one has priority 0), and in file order within a priority (the package's files by name, then any added
folder's). The built-in catch-alls ("a statement with a question mark is closed", "anything else is open")
have negative priorities, so a rule an organisation adds in its own file takes effect before them without
saying anything more; to be tried before a built-in rule of priority 0, give it a priority above 0.

When a text holds several sentences, the last one that ends with a question mark is the question judged.

For a closed or leading question the checker suggests an open rewording of the same question
(``data/questions/rewrites.json``): it strips lead-ins and tags ("Surely…", "…, isn't it?"), turns a statement
back into a question ("You'd rather…" → "Would you rather…"), then fills the first matching template, so that
"Do you feel safe at home?" becomes "What helps you feel safe at home, and what gets in the way?".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from outcomes_tools._data import DataError, check_keys, data_files, expect, string_list, unique_ids
from outcomes_tools._patterns import lazy_compile
from outcomes_tools.errors import InputError, TextTooLong

__all__ = ["KINDS", "MAX_CHARS", "QuestionResult", "classify_question"]

MAX_CHARS = 1000
KINDS = ("open", "closed", "leading")


@dataclass(frozen=True, slots=True)
class QuestionResult:
    """The kind of question, why, and (for closed and leading questions) an open rewording."""

    kind: str
    message: str
    suggestion: str | None
    rule: str

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "message": self.message, "suggestion": self.suggestion}


@dataclass(frozen=True, slots=True)
class _Rule:
    id: str
    kind: str
    pattern: re.Pattern[str]
    message: str
    priority: int = 0


MAX_PRIORITY = 1000


@dataclass(frozen=True, slots=True)
class _Rewriter:
    strip: tuple[re.Pattern[str], ...]
    declarative: tuple[tuple[re.Pattern[str], str], ...]
    templates: tuple[tuple[re.Pattern[str], str], ...]
    fallback: str
    plain: tuple[str, ...]


def _regex(value: object, where: str) -> re.Pattern[str]:
    text = expect(value, str, where)
    try:
        return re.compile(text)
    except re.error as exc:
        raise DataError(f"{where}: not a valid regular expression ({exc})") from exc


@cache
def _rules() -> tuple[_Rule, ...]:
    rules: list[_Rule] = []
    where_of: list[tuple[str, str]] = []
    for f in data_files("questions"):
        if not isinstance(f.content, dict) or "rules" not in f.content:
            continue
        o = check_keys(f.content, f.name, required=("id", "description", "rules"))
        for i, r in enumerate(expect(o["rules"], list, f"{f.name}: rules")):
            w = f"{f.name}: rules[{i}]"
            ro = check_keys(r, w, required=("id", "kind", "pattern", "message"), optional=("priority",))
            kind = expect(ro["kind"], str, f"{w}.kind")
            if kind not in KINDS:
                raise DataError(f"{w}.kind: expected one of {', '.join(KINDS)}, found {kind!r}")
            priority = int(expect(ro.get("priority", 0), int, f"{w}.priority"))
            if not -MAX_PRIORITY <= priority <= MAX_PRIORITY:
                raise DataError(
                    f"{w}.priority: must be a whole number from {-MAX_PRIORITY} to {MAX_PRIORITY}"
                )
            rules.append(
                _Rule(
                    str(expect(ro["id"], str, f"{w}.id")),
                    kind,
                    _regex(ro["pattern"], f"{w}.pattern"),
                    str(expect(ro["message"], str, f"{w}.message")),
                    priority,
                )
            )
            where_of.append((rules[-1].id, w))
    unique_ids(where_of)
    if not rules:
        raise DataError("data/questions: no rules")
    # sorted() is stable: within a priority, rules keep their file order.
    return tuple(sorted(rules, key=lambda r: -r.priority))


@cache
def _rewriter() -> _Rewriter:
    strip: list[re.Pattern[str]] = []
    declarative: list[tuple[re.Pattern[str], str]] = []
    templates: list[tuple[re.Pattern[str], str]] = []
    fallback = ""
    plain: list[str] = []
    for f in data_files("questions"):
        if not isinstance(f.content, dict) or "templates" not in f.content:
            continue
        o = check_keys(
            f.content,
            f.name,
            required=("id", "description", "templates"),
            optional=("strip", "declarative", "fallback", "plain"),
        )
        strip.extend(_regex(p, f"{f.name}: strip[{i}]") for i, p in enumerate(o.get("strip", [])))
        for key, target in (("declarative", declarative), ("templates", templates)):
            for i, pair in enumerate(expect(o.get(key, []), list, f"{f.name}: {key}")):
                w = f"{f.name}: {key}[{i}]"
                items = string_list(pair, w) if key == "templates" else expect(pair, list, w)
                if len(items) != 2:
                    raise DataError(f"{w}: expected [pattern, replacement]")
                target.append((_regex(items[0], w), str(expect(items[1], str, w))))
        if "fallback" in o:
            fallback = str(expect(o["fallback"], str, f"{f.name}: fallback"))
        plain.extend(string_list(o.get("plain", []), f"{f.name}: plain"))
    if not templates or not fallback:
        raise DataError("data/questions: no rewording templates or no fallback")
    return _Rewriter(tuple(strip), tuple(declarative), tuple(templates), fallback, tuple(plain))


# --- reading the question -----------------------------------------------------------------------------------

_SENTENCE = lazy_compile(r"[^.!?]*[.!?]+|[^.!?]+$")


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"[–—]", " - ", text)
    return re.sub(r"\s+", " ", text).strip()


def _question_sentence(text: str) -> str:
    """The sentence to judge: the last one ending in a question mark, else the whole text."""
    sentences: list[str] = [str(s).strip() for s in _SENTENCE.findall(text) if s.strip()]
    asked: list[str] = [s for s in sentences if s.endswith("?")]
    return asked[-1] if asked else text


# --- rewording ----------------------------------------------------------------------------------------------

_DETERMINERS = {
    "the", "a", "an", "your", "my", "his", "her", "their", "our", "this", "that", "these", "those", "some",
    "any", "you", "they", "he", "she", "it", "we", "i", "what", "how", "where", "when", "who",
}  # fmt: skip
_VOWELS = "aeiou"


def _ing(verb: str) -> str:
    """The -ing form of a verb: "get" → "getting", "move" → "moving", "see" → "seeing"."""
    w = verb
    if w.endswith("ing") or not w.isalpha():
        return w
    irregular = {
        "be": "being",
        "see": "seeing",
        "die": "dying",
        "lie": "lying",
        "tie": "tying",
        "have": "having",
    }
    if w in irregular:
        return irregular[w]
    if w.endswith("ie"):
        return w[:-2] + "ying"
    if w.endswith(("ee", "ye", "oe")):
        return w + "ing"
    if w.endswith("e") and len(w) > 2:
        return w[:-1] + "ing"
    groups = re.findall(r"[aeiou]+", w)
    if (
        len(groups) == 1
        and len(w) >= 3
        and w[-1] not in _VOWELS + "wxy"
        and w[-2] in _VOWELS
        and w[-3] not in _VOWELS
    ):
        return w + w[-1] + "ing"
    return w + "ing"


def _filter(value: str, name: str, plain: tuple[str, ...]) -> str:
    value = value.strip()
    if name == "ing":
        value = re.sub(r"^not ", "", value)
        first, _, rest = value.partition(" ")
        if first and first not in _DETERMINERS:
            value = (_ing(first) + " " + rest).strip()
    elif name == "plain":
        for word in plain:
            value = re.sub(rf"(?:^|\s){re.escape(word)}(?=\s|$)", " ", value)
        value = re.sub(r"\s+", " ", value).strip()
    elif name == "your":
        value = re.sub(r"^(?:any|some|a|an)\s+", "your ", value)
    elif name == "any":
        value = re.sub(r"^(?:a|an|any)$", "any", value)
    return value


_FIELD = lazy_compile(r"\{(\w+)((?:\|\w+)*)\}")


def _fill(template: str, match: re.Match[str], plain: tuple[str, ...]) -> str:
    def one(m: re.Match[str]) -> str:
        value = match.group(m.group(1)) or ""
        filters = [f for f in m.group(2).split("|") if f]
        for name in filters:
            value = _filter(value, name, plain)
        return value if filters else value.rstrip()

    return _FIELD.sub(one, template)


def _case_map(original: str) -> dict[str, str]:
    """Words to give back their capitals: names, days, abbreviations ("Tuesday", "GP", "OT", "I")."""
    words = re.findall(r"[\w']+", original)
    out = {"i": "I", "i'm": "I'm", "i'd": "I'd", "i've": "I've", "i'll": "I'll"}
    for i, w in enumerate(words):
        if i > 0 and any(ch.isupper() for ch in w):
            out[w.lower()] = w
    return out


def _recase(text: str, case: dict[str, str]) -> str:
    text = re.sub(r"[\w']+", lambda m: case.get(m.group(0), m.group(0)), text)
    text = re.sub(r"\s+([,.?:])", r"\1", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text[:1].upper() + text[1:]


def suggest_open(question: str) -> str:
    """An open rewording of a closed or leading question, keeping its topic."""
    rw = _rewriter()
    sentence = _question_sentence(_normalise(question))
    clause = sentence.lower().rstrip("?!. ").strip()
    clause = re.sub(r"\s+-\s+", ", ", clause)
    for _ in range(4):
        before = clause
        for pattern in rw.strip:
            clause = pattern.sub("", clause).strip(" ,")
        if clause == before:
            break
    for pattern, repl in rw.declarative:
        new = pattern.sub(repl, clause, count=1)
        if new != clause:
            clause = new
            break
    case = _case_map(sentence)
    for pattern, template in rw.templates:
        m = pattern.match(clause)
        if m:
            return _recase(_fill(template, m, rw.plain), case)
    return rw.fallback


# --- the public function ------------------------------------------------------------------------------------


def classify_question(text: str) -> QuestionResult:
    """Judge a question: ``open``, ``closed`` or ``leading``, with a plain-English reason and, unless it is
    already open, an open rewording of the same question."""
    if not isinstance(text, str) or not text.strip():
        raise InputError("Type a question to check, then try again.")
    if len(text) > MAX_CHARS:
        raise TextTooLong(len(text), MAX_CHARS, "question")
    sentence = _question_sentence(_normalise(text))
    probe = sentence.lower().strip(" \"'")
    for rule in _rules():
        if rule.pattern.search(probe):
            suggestion = None if rule.kind == "open" else suggest_open(text)
            return QuestionResult(rule.kind, rule.message, suggestion, rule.id)
    return QuestionResult(
        "open", "This leaves room for the person to answer in their own way.", None, "open.default"
    )
