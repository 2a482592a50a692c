"""The recording-quality checker: judges a record against the eight personal outcomes recording criteria.

``check(text)`` returns a :class:`CheckResult`: one :class:`CriterionResult` per criterion of
``recording-criteria.md`` (met or not, a plain-English message, and the evidence spans that decided it)
and the language :class:`Finding` s (jargon and deficit-only wording).

How it decides, in short:

* **outcomes** – a cue that someone wants something, an "Outcome:"/"Aim:" heading, "what matters to her",
  a purpose linked to an action, or a general aim. The words after the cue are read: if they are only a
  service, a task, a need or a request for information, it is not an outcome.
* **personalised** – an outcome whose words are not all those of a generic professional aim.
* **voice** – a quotation of the person or a relative (not of a professional), or the person's own
  first-person words; never the worker's "I visited", and not reported speech on its own.
* **contribution** – the person, a relative, friend, neighbour or community member doing something
  (not negated, not hypothetical, not only asked).
* **why** – a reason joined to an outcome ("because…", "so she can…", "it's where…").
* **plan** – an action with someone to do it ("her son will…", "OT to…", "to be fitted by…").
* **strengths** – a quality, skill, interest or supportive relationship stated as such, not inside an
  outcome or its reason.
* **review** – how far an outcome has been achieved, or what helped or hindered.

``why``, ``plan``, ``personalised`` and ``review`` are never met unless ``outcomes`` is.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from outcomes_tools._patterns import lazy_compile
from outcomes_tools.errors import InputError, TextTooLong
from outcomes_tools.identifiers import Identifier, find_identifiers
from outcomes_tools.rules import (
    Context,
    Lexicons,
    Match,
    Matcher,
    RuleSet,
    Scanner,
    _alternation,
    load_lexicons,
    load_rules,
)
from outcomes_tools.text import NEGATION_WORD, Quote, first_person_clauses, negation_index, quotations

__all__ = [
    "CRITERIA",
    "CRITERION_LABELS",
    "MAX_CHARS",
    "CheckResult",
    "CriterionResult",
    "Finding",
    "Span",
    "check",
]

MAX_CHARS = 200_000
CRITERIA = ("outcomes", "personalised", "contribution", "voice", "why", "plan", "strengths", "review")
#: The name of each criterion for a person to read: the one name the CLI, the service view and the web page
#: all use (the web page reads it from ``label`` in the JSON).
CRITERION_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "outcomes": "Outcomes, not just services",
        "personalised": "Outcomes in the person's own terms",
        "contribution": "What the person and family do",
        "voice": "The person's own words",
        "why": "Why it matters to them",
        "plan": "Who will do what, and when",
        "strengths": "Strengths and what they enjoy",
        "review": "How far it has been achieved",
    }
)
_MAX_EVIDENCE = 8


# --- Results -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Span:
    """``text[start:end]`` of the record."""

    start: int
    end: int

    def to_dict(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class CriterionResult:
    """One criterion: met or not, what to tell the worker, and the evidence that decided it."""

    id: str
    met: bool
    message: str
    evidence: tuple[Span, ...]

    @property
    def label(self) -> str:
        """The criterion's name for a person to read ("Why it matters to them")."""
        return CRITERION_LABELS.get(self.id, self.id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "met": self.met,
            "message": self.message,
            "evidence": [s.to_dict() for s in self.evidence],
            "label": self.label,
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """A language finding: ``kind`` is ``"jargon"`` or ``"deficit"``; ``text`` is ``record[start:end]``."""

    kind: str
    rule: str
    start: int
    end: int
    text: str
    message: str
    suggestion: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "rule": self.rule,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "message": self.message,
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The eight criteria (in the order of the spec) and the findings (in text order)."""

    criteria: tuple[CriterionResult, ...]
    findings: tuple[Finding, ...]
    #: Likely personal identifiers (CHI number, postcode, ...) to remove before the record is shared.
    warnings: tuple[Identifier, ...] = ()

    def criterion(self, ident: str) -> CriterionResult:
        """The result for criterion ``ident`` (one of :data:`CRITERIA`)."""
        for c in self.criteria:
            if c.id == ident:
                return c
        raise KeyError(ident)

    @property
    def met(self) -> dict[str, bool]:
        """Criterion id → met."""
        return {c.id: c.met for c in self.criteria}

    def to_dict(self) -> dict[str, Any]:
        return {
            "criteria": {c.id: c.to_dict() for c in self.criteria},
            "findings": [f.to_dict() for f in self.findings],
            "warnings": [w.to_dict() for w in self.warnings],
        }


# --- Messages ----------------------------------------------------------------------------------------------

_MESSAGES: dict[str, tuple[str, str]] = {
    "outcomes": (
        "An outcome is recorded: something the person wants to achieve, keep or change.",
        "No outcome is recorded, only services, tasks or needs. Add what the person wants to achieve, keep "
        "or change in their life, for example “to get back to the bowling club”.",
    ),
    "personalised": (
        "The outcome is specific to this person's life.",
        "The outcome is general, not personal. Say what it means for this person: the activities, people, "
        "places or routines that matter to them, in their own terms.",
    ),
    "contribution": (
        "The record notes what the person or their family, friends or community do.",
        "Add what the person and the people around them will do or already do, for example “her son will "
        "drive her to the club on Thursdays”. A relative who has only been asked has not yet agreed.",
    ),
    "voice": (
        "The person's own words are included.",
        "Add the person's own words (or a family carer's), as a quotation, for example 'I miss the "
        "garden'. Reporting what they said in your words is not enough on its own.",
    ),
    "why": (
        "The record says why the outcome matters to the person.",
        "Add why the outcome matters to the person, for example “…because it's where she sees her friends”.",
    ),
    "plan": (
        "The record says what will be done towards the outcome, and by whom.",
        "Add how you will work towards the outcome: what will be done, who will do it, and when.",
    ),
    "strengths": (
        "The record notes the person's strengths.",
        "Add the person's strengths: what they are good at, enjoy or have going for them, for example “a "
        "keen gardener” or “has a close group of friends from church”.",
    ),
    "review": (
        "The record says how far the outcome is being achieved.",
        "Add how far the outcome has been achieved so far, and what has helped or got in the way.",
    ),
}
_NEEDS_OUTCOME = "First record an outcome: what the person wants to achieve, keep or change. "
_DEPENDENT = ("personalised", "why", "plan", "review")


# --- Compiled vocabulary -----------------------------------------------------------------------------------


def _words(lex: Lexicons, *ids: str) -> frozenset[str]:
    out: set[str] = set()
    for ident in ids:
        for term in lex.terms.get(ident, ()):
            out.add(term.lower().replace("\u2019", "'"))
    return frozenset(out)


def _alt(lex: Lexicons, *ids: str) -> str:
    terms: list[str] = []
    for ident in ids:
        terms.extend(lex.terms.get(ident, ()))
    return _alternation(terms)


@dataclass(frozen=True, slots=True)
class _Vocab:
    """Everything the checker needs from the data, compiled once."""

    rules: RuleSet
    service: frozenset[str]
    groups: frozenset[str]
    service_phrases: re.Pattern[str]
    service_verbs: frozenset[str]
    tasks: frozenset[str]
    info: re.Pattern[str]
    generic: frozenset[str]
    triage: frozenset[str]
    into_service: re.Pattern[str]
    stop: frozenset[str]
    worker_verbs: frozenset[str]
    opinion_verbs: frozenset[str]
    expressive: frozenset[str]
    reject_verbs: frozenset[str]
    admin_verbs: frozenset[str]
    actor: re.Pattern[str]
    professional: re.Pattern[str]
    family: re.Pattern[str]
    prof_tail: re.Pattern[str]
    staff_names: re.Pattern[str]
    staff_in_brackets: re.Pattern[str]
    family_by: re.Pattern[str]
    family_with: re.Pattern[str]
    own_any: re.Pattern[str]
    own_chore: re.Pattern[str]
    self_words: re.Pattern[str]
    service_schedule: re.Pattern[str]
    referral: re.Pattern[str]
    passive_by: re.Pattern[str]
    generic_plan: re.Pattern[str]
    name_stop: frozenset[str]
    person_verbs: frozenset[str]
    ing_ok: frozenset[str]
    done_participles: frozenset[str]


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    lex = load_lexicons()
    rules = load_rules()
    service_terms = _words(lex, "service-words")
    fam = _alt(lex, "family-words")
    prof = _alt(lex, "professional-words")
    name = r"(?-i:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+[A-Z][\w'\u2019-]+|[A-Z][a-z]+(?:-[A-Z][a-z]+)?)"
    actor = re.compile(
        rf"(?P<actor>(?:(?:her|his|their|my|our|the|{name}['\u2019]s)\s+)?"
        rf"(?:(?!(?:will|is|has|was|and|to)\b)[\w-]+\s+){{0,2}}?"
        rf"(?P<fam>{fam})(?:\s*,?\s*\(?(?P<famname>(?-i:(?:(?:Mrs?|Ms|Miss)\.?\s+)?[A-Z][a-z]+))\)?(?:\s*,)?)?(?![\w-])"
        # "members of her church", "friends from the club": the person's community.
        r"(?:\s+(?:of|from|at)\s+(?:the|her|his|their|my)\s+(?:[\w'\u2019-]+\s+)?(?:church|club|group|chapel|mosque|"
        r"temple|synagogue|congregation|shed|choir|street|close|stair|village|community|class|guild|lodge|parish)"
        r"(?![\w-]))?"
        rf"|(?P<pro>(?:(?:the|her|his|their|a|an)\s+)?(?:[\w-]+\s+)?{prof}(?:\s+(?:centre|team|service|services|staff|worker|unit|department|office|lead))?)"
        r"(?:\s*\(?(?-i:(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+)?[A-Z][a-z]+)\)?)?(?![\w-])"
        rf"|(?P<pron>she|he|they)(?![\w-])"
        rf"|(?P<me>(?-i:I|We|we))(?![\w'\u2019-])"
        rf"|(?P<name>{name}(?:\s+and\s+{name})?)(?![\w-])(?:\s*\((?P<namerel>[^)\n]{{1,25}})\))?)"
        r"(?:\s+(?:and|with)\s+(?:her|his|their)\s+[\w-]+(?:\s+[\w-]+)?(?=\s+(?:will|to|has|have|are)\b))?"
        r"(?:\s+(?:from|at|in|of)\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+)?\s*,\s*(?-i:[A-Z][a-z]+)\s*,)?"
        r"(?:\s*,\s*(?:who|whom)\s+[^,.;\n]{1,40},)?"
        r"(?P<vp>(?:\s+|(?=['\u2019]ll\b))(?:(?:also|still|already|usually|often|always|now|regularly|kindly|then|happily|"
        r"sometimes|generally|currently|each|every|later|once|himself|herself|normally|really|just)\s+)*"
        r"(?P<aux>will\s+(?:not\s+|also\s+|still\s+|continue\s+to\s+|keep\s+)?|['\u2019]ll\s+|shall\s+|"
        r"(?:is|are)\s+going\s+to\s+|(?:has|have)\s+(?:kindly\s+)?(?:agreed|offered|volunteered|promised)\s+to\s+|"
        r"agreed\s+to\s+|offered\s+to\s+|plans\s+to\s+|(?:is|are)\s+to\s+|to\s+(?:be\s+)?|"
        r"(?:has|have|had)\s+been\s+|(?:has|have|had)\s+|(?:is|are|was|were)\s+(?:being\s+)?|"
        r"(?:does|did)\s+not\s+|(?:does|did|do)n['\u2019]t\s+|cannot\s+|can['\u2019]t\s+|can\s+|could\s+|"
        r"would\s+|might\s+|may\s+|should\s+|must\s+|no\s+longer\s+|never\s+)?"
        r"(?P<verb>[a-z][a-z'\u2019-]*))",
        re.IGNORECASE,
    )
    # "the OT (Sarah)", "Sarah (OT)": names of staff, so that what they do is not taken for the family's.
    staff_names = re.compile(
        rf"(?:{prof})\s*[(,]?\s*(?P<n1>(?-i:(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+)?(?-i:[A-Z][a-z]+))",
        re.IGNORECASE,
    )
    staff_in_brackets = re.compile(rf"\(\s*(?:{prof})", re.IGNORECASE)
    return _Vocab(
        rules=rules,
        service=service_terms,
        groups=_words(lex, "community-groups"),
        service_phrases=re.compile(
            r"\b" + _alt(lex, "service-words", "task-words") + r"\b",
            re.IGNORECASE,
        ),
        service_verbs=_words(lex, "service-verbs"),
        tasks=_words(lex, "task-words"),
        info=re.compile(r"^(?:to\s+)?" + _alt(lex, "info-verbs") + r"\b", re.IGNORECASE),
        generic=_words(lex, "generic-aim-words"),
        triage=_words(lex, "triage-words"),
        into_service=re.compile(
            r"\s*(?:go|goes|move|moves|get|be\s+(?:moved|admitted|placed|referred)|attend|attends|start|use)\s+"
            r"(?:(?:in|on)?to\s+|at\s+|with\s+)?(?:a\s+|an\s+|the\s+|her\s+|his\s+|their\s+)?"
            + _alt(lex, "service-words")
            + r"[\s.,;:!?)]*\Z",
            re.IGNORECASE,
        ),
        stop=_words(lex, "stop-words", "time-words"),
        worker_verbs=_words(lex, "worker-verbs"),
        opinion_verbs=_words(lex, "opinion-verbs"),
        expressive=_words(lex, "expressive-verbs"),
        reject_verbs=_words(lex, "reject-verbs"),
        admin_verbs=_words(lex, "admin-verbs"),
        actor=actor,
        professional=re.compile(rf"\b{prof}\b", re.IGNORECASE),
        family=re.compile(rf"\b{fam}\b", re.IGNORECASE),
        prof_tail=re.compile(rf"\b{prof}\s*[(,]?\s*\Z", re.IGNORECASE),
        staff_names=staff_names,
        staff_in_brackets=staff_in_brackets,
        family_by=re.compile(rf"\bby\s+(?:(?:her|his|their|my|the)\s+)?(?:{fam})\b", re.IGNORECASE),
        family_with=re.compile(
            rf"\b(?:(?:with\s+(?:the\s+)?)?help\s+(?:from|of)|(?:goes|walks|travels|comes|went|walked|travelled|came|"
            rf"goes\s+out|gets\s+out)\s+(?:[\w-]+\s+){{0,4}}?with)\s+(?:(?:her|his|their|my)\s+)?(?:{fam})\b",
            re.IGNORECASE,
        ),
        own_any=re.compile(r"\b(?:her|his|their|my)\s+own\s+\w+", re.IGNORECASE),
        own_chore=re.compile(
            r"\b(?:her|his|their|my)\s+(?:own\s+)?(?:\w+\s+)?" + _alt(lex, "chore-words"), re.IGNORECASE
        ),
        self_words=re.compile(
            r"\b(?:himself|herself|themselves)\b|\bon\s+(?:her|his|their)\s+own\b", re.IGNORECASE
        ),
        service_schedule=re.compile(
            r"\b"
            + _alt(lex, "scheduled-services")
            + r"\s+(?:(?:on|at|every|each|x|\d+\s*x|twice|once|three\s+times)\s+)?(?:\w+\s+)?"
            r"(?:mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?|sundays?|daily|weekly|"
            r"fortnightly|monthly|mon|tue|wed|thu|fri|twice|x\s*\d|\d\s*x|"
            r"(?:one|two|three|four|five|six|seven|\d+)\s+(?:days?|times?|nights?|mornings?|afternoons?|evenings?)"
            r"\s+(?:a|per|each|every)\s+(?:week|month|fortnight))\b",
            re.IGNORECASE,
        ),
        referral=re.compile(
            r"\b(?:referral\s+(?:has\s+been\s+)?(?:made|sent|done)?\s*(?:to|for)\b|referred\s+(?:him|her|them)?\s*"
            r"(?:to|for)\b|(?:has|have)\s+(?:been\s+)?(?:arranged|booked|organised|set\s+up)\s+(?:with|for)\b|"
            r"referral\s+(?:has\s+been\s+|was\s+)?(?:sent|made|done|submitted|completed)\b|"
            r"arrangements?\s+(?:have|has)\s+been\s+made\b)",
            re.IGNORECASE,
        ),
        generic_plan=re.compile(
            r"\b(?:will|is\s+going\s+to|(?:has|have)\s+agreed\s+to)\s+(?!be\b)(?P<gverb>[a-z]+)\b",
            re.IGNORECASE,
        ),
        passive_by=re.compile(
            r"\b(?:to\s+be|will\s+be)\s+[a-z]+(?:ed|en|t)\s+(?:\w+\s+){0,3}?by\s+\w+",
            re.IGNORECASE,
        ),
        person_verbs=_words(lex, "person-verbs"),
        ing_ok=_words(lex, "ongoing-help-verbs"),
        done_participles=_words(lex, "done-participles"),
        name_stop=_words(lex, "not-names", "calendar-words")
        | service_terms
        | _words(lex, "professional-words", "stop-words", "generic-aim-words", "task-words"),
    )


@lru_cache(maxsize=1)
def _aux() -> tuple[Scanner, tuple[re.Pattern[str], ...]]:
    """One scanner for the rules' patterns and the word-start patterns the checker runs on every text, so
    the text is walked once; the rules' matchers come first, in the rule set's own order."""
    v = _vocab()
    patterns = (
        v.referral,
        v.passive_by,
        v.service_schedule,
        v.generic_plan,
        v.family_with,
        v.family_by,
        v.own_any,
        v.own_chore,
        v.self_words,
        v.staff_names,
        _CLAUSE_WORD,
        _NO_PLAN,
        NEGATION_WORD,
        _PLAN_WORD,
    )
    matchers = [*v.rules.scanner.matchers, *(_word_start_matcher(rx) for rx in patterns)]
    return Scanner(matchers), patterns


def _word_start_matcher(rx: re.Pattern[str]) -> Matcher:
    """A pattern that can only match at the start of a word, as a matcher for :class:`Scanner`."""
    flag = "(?i:" if rx.flags & re.IGNORECASE else "(?-i:"
    source = flag + rx.pattern + ")"
    return Matcher(rx, source, None, (source,))


# --- Public entry point ------------------------------------------------------------------------------------


def check(text: str, *, limit: int | None = MAX_CHARS) -> CheckResult:
    """Check a record against the recording criteria.

    Raises :class:`~outcomes_tools.errors.InputError` for text that is not a string or has nothing to
    check, and :class:`~outcomes_tools.errors.TextTooLong` above ``limit`` characters (200,000 unless
    given; ``None`` means no limit, for benchmarks).
    """
    if not isinstance(text, str):
        raise InputError("The record must be text.")
    if limit is not None and len(text) > limit:
        raise TextTooLong(len(text), limit, "record")
    if not text.strip():
        raise InputError("There is nothing to check yet. Type or paste a record first.")
    return replace(_Analysis(text).result(), warnings=find_identifiers(text))


# --- The analysis ------------------------------------------------------------------------------------------

_WORD = lazy_compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")
_CLAUSE_STOP = lazy_compile(
    r"[;.!?\n]|:\s*(?=[\"\u201c\u2018'])|\s[-\u2013\u2014]\s|\b(?:because|but|although|though|whereas|which|"
    r"so\s+(?:that\s+)?"
    r"(?:she|he|they|I)\b|as\s+(?:she|he|they|it|I)\b|since|where|while)\b|,\s*(?:where|which|who|as|so|and\s+(?:she|he|I))\b",
    re.IGNORECASE,
)
_REASON_END = lazy_compile(r"[;!?\n]|\.(?!\d)|\s[-\u2013\u2014]\s")
# Where a clause can start (the actor of an action is looked for only there), found in two parts: after a
# mark or at the start of the text (one quick search), and after a joining word (run with the word-start
# patterns in the one-pass scanner).
# (It begins with a set of marks, so the search skips quickly to them; ")" counts only after a digit: "1)".)
_CLAUSE_MARK = lazy_compile(
    r"[.;:!?(\n\u2013\u2014\u2022*,)-](?<![^\d]\))[ \t\n'\"\u2018\u201c\u2019\u201d]*(?=\w)"
)
_TEXT_START = lazy_compile(r"[ \t\n'\"\u2018\u201c\u2019\u201d]*(?=\w)")
_CLAUSE_WORD = lazy_compile(
    r"\b(?:and|but|so|while|whilst|then|which|who|when|that|also|plan|next|now|once|until|after|before|if|"
    r"and\s+then|said|says|agreed|promised|confirmed|told\s+(?:me|us|staff))(?!\w)"
    r"[ \t\n'\"\u2018\u201c\u2019\u201d]*(?=\w)",
    re.IGNORECASE,
)
_RECEIVES_BEFORE = lazy_compile(
    r"\b(?:receives?|receiving|currently|in\s+receipt\s+of|awaiting|waiting|attends|attending|attended)"
    r"\W+(?:\w+\W+){0,2}\Z",
    re.IGNORECASE,
)
_SUBJECT_BEFORE = lazy_compile(
    r"(?:^|[.;:!?(\n\u2013\u2014\u2022*,-]|\b(?:and|but|then|so|next|plan|now|also|while))[ \t]*"
    r"(?P<subj>(?!(?:it|this|that|there|which|what|who|nothing|she|he|they|i|we|you|outcomes?|aims?|goals?|"
    r"wish|hope)\b)(?:the\s+)?[A-Za-z][\w-]*(?:[ \t]+[A-Za-z][\w-]*){0,2})[ \t]+\Z",
    re.IGNORECASE | re.MULTILINE,
)
_DONE_BEFORE = lazy_compile(
    r"\b(?:\w+ed|done|taken|driven|brought|kept|made|given|run|looked\s+after)\s+\Z", re.IGNORECASE
)
_OWN_VERB_BEFORE = lazy_compile(r"\b([a-z]{3,}s)\s+(?:all\s+)?(?:of\s+)?\Z", re.IGNORECASE)
_CHORE_VERB_BEFORE = lazy_compile(
    r"\b(do|does|did|doing|makes|made|making|manages|managed|managing|takes|took|taking|cooks|cooking|"
    r"keeps\s+track\s+of|sorts|pays|collects|collected|orders|handles|organises)\s+(?:all\s+)?(?:of\s+)?\Z",
    re.IGNORECASE,
)
_NOT_OWN_VERBS = frozenset(
    [
        "has",
        "wants",
        "gets",
        "needs",
        "likes",
        "is",
        "was",
        "does",
        "keeps",
        "lives",
        "stays",
        "goes",
        "returns",
        "moves",
    ]
)
_ACTION_VERB = lazy_compile(
    r"\b\w+(?:ed|ing)\b|\b(?:did|does|done|made|makes|took|takes|taken|paid|pays|went|goes|kept|keeps|gets|got|"
    r"puts|put|washes|dresses|feeds|sorts|bought|buys|built|builds|found|finds|sold|spent|wrote|taught|brought|"
    r"set\s+up|chose|drove|rode|learnt|learned|got)\b"
)
_NEED_WORDS = lazy_compile(r"\b(?:needs?|requires?|unable|can't|cannot|asked)\b", re.IGNORECASE)
# When something happens regularly: with who does it, a routine is part of the plan.
_SCHEDULE = lazy_compile(
    r"\b(?:every|each|on)\s+(?:\w+\s+)?(?:day|week|fortnight|month|morning|afternoon|evening|night|weekend|"
    r"mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?|sundays?)\b|\bat\s+(?:the\s+)?weekends?\b|"
    r"\b(?:once|twice|three\s+times)\s+a\s+(?:day|week|month)\b|\b(?:daily|weekly|fortnightly|monthly)\b",
    re.IGNORECASE,
)
_COMMITMENT = lazy_compile(r"\b(?:will|to|agreed|going)\b|['\u2019]ll\b", re.IGNORECASE)
_HEAD_VERB = lazy_compile(
    r"\s*(?:[:\-\u2013]\s*)?['\"\u2018\u201c]?\s*(?:to\s+|for\s+\w+\s+to\s+)?(?:be\s+able\s+to\s+)?(?:get\s+back\s+to\s+)?([a-z]+)\b",
    re.IGNORECASE,
)
_ECHO_WINDOW = 3000
_SUBJECT_BEFORE_VERB = lazy_compile(
    r"\b(?:(?i:she|he|they|I|we)|[A-Z][a-z]+)\s+(?:(?i:has|have)\s+)?(?:(?i:now)\s+)?\Z"
)
_WEAK_HEADS = frozenset(
    ("be", "have", "get", "keep", "stay", "remain", "continue", "feel", "do", "the", "a", "my", "his", "her")
)
_IRREGULAR_PAST = {
    "go": "went",
    "see": "saw",
    "take": "took",
    "make": "made",
    "buy": "bought",
    "find": "found",
    "sleep": "slept",
    "win": "won",
    "meet": "met",
    "sing": "sang",
    "write": "wrote",
    "eat": "ate",
    "come": "came",
    "give": "gave",
    "leave": "left",
    "run": "ran",
    "swim": "swam",
    "drive": "drove",
    "ride": "rode",
    "fly": "flew",
    "teach": "taught",
    "learn": "learned",
    "read": "read",
    "sit": "sat",
    "pass": "passed",
    "visit": "visited",
    "move": "moved",
    "walk": "walked",
    "finish": "finished",
}
# A relative saying what they do: "since I started bringing her tea over".
_CARER_I = lazy_compile(
    r"\bI(?:['\u2019]ve|\s+have|\s+had)?\s+(?:\w+\s+)?(?:started|been\s+\w+ing|do|take|bring|cook|drive|visit|"
    r"help|look\s+after|make|sit|come|go)\s+\w+",
)
_ING_BASE = frozenset(("bring", "sing", "ring", "swing", "sting", "spring", "cling", "fling", "wring"))
_STATE_WORDS = frozenset(
    (
        "aware",
        "present",
        "happy",
        "unable",
        "available",
        "involved",
        "informed",
        "concerned",
        "worried",
        "upset",
        "keen",
        "willing",
        "able",
        "supportive",
        "unhappy",
        "anxious",
        "tired",
        "busy",
        "abroad",
        "away",
        "local",
        "nearby",
    )
)
_ADJECTIVE_ENDINGS = ("ive", "ful", "able", "ible", "ous", "less")
_AND_WILL = lazy_compile(
    r"\s+and\s+(?:will|['\u2019]ll|(?:has|have)\s+agreed|(?:is|are)\s+going)\b", re.IGNORECASE
)
_MAIN_CARER = lazy_compile(
    r"\s+(?:(?:his|her|their|the|a)\s+)?(?:main|primary|sole|full-time|only|unpaid|principal)?\s*carer\b",
    re.IGNORECASE,
)
# "Next step: apply for a bus pass": a heading followed by something to do.
_PLAN_LABEL = lazy_compile(
    r"(?im:(?:^|(?<=[.;!?]\s))[ \t]*(?:next\s+steps?|plan|actions?|agreed\s+actions?|action\s+plan|"
    r"what\s+happens\s+next)[ \t]*[:\-\u2013][ \t]*(?:\d+[.)]\s*)?(?P<first>[a-z][\w-]*))"
)
# The heading word of a ``_PLAN_LABEL``, found in the one-pass scan; the label is then checked where it is.
_PLAN_WORD = lazy_compile(
    r"\b(?:next\s+steps?|plan|actions?|agreed\s+actions?|action\s+plan|what\s+happens\s+next)"
    r"[ \t]*[:\-\u2013]",
    re.IGNORECASE,
)
_WAITING = frozenset(("awaiting", "waiting", "hoping", "struggling", "considering", "thinking", "unable"))
_NOT_A_STEP = frozenset(
    (
        "to",
        "review",
        "continue",
        "continues",
        "monitor",
        "none",
        "nil",
        "no",
        "nothing",
        "await",
        "awaiting",
        "tbc",
        "tba",
        "see",
        "as",
        "per",
        "same",
        "ongoing",
        "n",
    )
)
# Family who only visit or phone are keeping in touch, not acting towards an outcome (unless they help too).
_KEEPING_IN_TOUCH = frozenset(("visits", "phones", "calls", "rings", "sees", "texts", "emails", "writes"))
_HELPS_TOO = lazy_compile(
    r"[^.;\n]{0,50}\b(?:to\s+help|and\s+(?:helps|does|takes|cooks|brings|cleans|sits|drives|makes))",
    re.IGNORECASE,
)
# "…and I am good at reading stories": a strength stated as such, even inside a reason.
_OWN_COPULA = lazy_compile(
    r"\b(?:I\s+am|I['\u2019]m|(?:she|he)\s+is|(?:she|he)['\u2019]s|they\s+are|they['\u2019]re)\s+(?:also\s+|very\s+|really\s+)?\Z",
    re.IGNORECASE,
)
_OTHERS_QUALITY = lazy_compile(
    r"\b(?:(?:the|her|his|their|my|our)\s+)?(?:carers|care\s+staff|staff|workers|nurses|doctors|team|agency|provider|"
    r"house|flat|home|room|bedroom|kitchen|garden|building|place|area|street|ward|unit|centre)\s+"
    r"(?:is|are|was|were|seems?|seemed|looks?|looked)\s+(?:\w+\s+(?:and\s+)?)?\w+\s*\Z",
    re.IGNORECASE,
)
_MODAL_BEFORE = lazy_compile(r"\b(?:could|would|might|may|can|should|to)\s+\Z", re.IGNORECASE)
_NAME_BEFORE = lazy_compile(r"(?<![A-Za-z])([A-Z][a-z]+)\s*\Z")
_AND_FUTURE = lazy_compile(
    r"\s(?:and|but)\s+(?:also\s+)?(?:will|['\u2019]ll|(?:is|are)\s+going\s+to|(?:has|have)\s+(?:also\s+)?agreed\s+to|"
    r"(?:has|have)\s+offered\s+to)\s+(?!be\b|not\b|need\b|receive\b|attend\b)(?P<v>[a-z]+)",
    re.IGNORECASE,
)
# "His sister has said he can leave his bag at hers": an offer of help, in reported form.
_OFFER_SAID = lazy_compile(
    r"\s+(?:that\s+)?(?:he|she|they|(?-i:[A-Z][a-z]+))\s+(?:can|could)\s+(?:always\s+)?"
    r"(?:stay|come|leave|use|borrow|have|get|store|keep|live|sleep|park|ring|call)\b",
    re.IGNORECASE,
)
# "Mrs Thomson washes him at the sink": someone doing something for the person.
_DOES_FOR = lazy_compile(r"\s+(?:him|her|them)\b", re.IGNORECASE)
_NOT_HELP_VERBS = frozenset(
    (
        "visits",
        "phones",
        "calls",
        "rings",
        "sees",
        "texts",
        "emails",
        "writes",
        "tells",
        "asks",
        "misses",
        "loves",
        "likes",
        "knows",
        "worries",
        "thinks",
        "says",
        "finds",
        "wants",
        "needs",
        "blames",
        "hits",
        "shouts",
        "upsets",
        "frightens",
        "ignores",
        "leaves",
        "meets",
        "gives",
        "is",
        "was",
        "has",
        "does",
    )
)
_PERSONAL_CONNECTOR = lazy_compile(r"so\b|which\b|,\s*where\b", re.IGNORECASE)
_REVIEW_WHEN = lazy_compile(
    r"\s+(?:(?:it|this|that|them|him|her|things|progress|the\s+\w+|(?:her|his|their)\s+\w+)\s+)?"
    r"(?:in|at|after|again|next|on|\d)",
    re.IGNORECASE,
)
_NO_PLAN = lazy_compile(
    r"\b(?:no\s+(?:plan|action|next\s+steps?)\s+(?:agreed|in\s+place|yet|made)|nothing\s+(?:agreed|planned)|"
    r"(?:plan|next\s+steps?|actions?)\s+(?:still\s+)?to\s+be\s+(?:agreed|decided|confirmed))",
    re.IGNORECASE,
)
_REASON_WORDS = frozenset(
    ("as", "because", "since", "cos", "when", "where", "if", "though", "although", "unless")
)


def _last_word(s: str) -> str:
    """The last word of ``s`` (lower case) if only white space follows it, else ""."""
    end = len(s.rstrip())
    start = end
    while start > 0 and (s[start - 1].isalnum() or s[start - 1] == "_"):
        start -= 1
    return s[start:end].lower()


_ASKED_BEFORE = lazy_compile(r"\b(?:asked|ask|whether|if|offered|query)\b[^.;\n]{0,30}\Z", re.IGNORECASE)
_HYPOTHETICAL = frozenset(
    [
        "could",
        "would",
        "might",
        "may",
        "should",
        "must",
        "can",
        "cannot",
        "can't",
        "can’t",
        "no",
        "longer",
        "never",
        "does",
        "not",
        "doesn't",
        "doesn’t",
        "did",
        "not",
        "didn't",
        "didn’t",
        "don't",
        "don’t",
    ]
)
_MARKER = lazy_compile(r"\A\s*(?:[-\u2022*]|\d+[.)])?\s*")
_LEADING_TO = lazy_compile(
    r"^\s*(?:[:\-\u2013\u2014]\s*)?['\"\u2018\u201c]?\s*(?:to\s+|for\s+|that\s+|is\s+|was\s+)?", re.I
)
_INFINITIVE_SUBJECT = lazy_compile(
    r"^\s*(?:for\s+)?(?:(?:her|his|their|my|the)\s+(?P<rel>[a-z-]+)|(?-i:(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+)?[A-Z][a-z]+))"
    r"\s+to\s+(?=[a-z])",
    re.IGNORECASE,
)
_NAMED_OBJECT = lazy_compile(
    r"\b((?i:support|supporting|engage|engaging|enable|enabling|help|helping|keep|keeping|assist|assisting|"
    r"encourage|encouraging|allow|allowing|empower|empowering|for))\s+"
    r"(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+)?[A-Z][a-z]+(?:['\u2019]s)?\b"
)
_BACK_REFERENCE = lazy_compile(
    r"\b(?:it|this|that|which|the\s+\w+)\s+(?:really\s+)?(?:matters|mattered|is\s+(?:so\s+|really\s+|very\s+)?important|"
    r"was\s+(?:so\s+|really\s+|very\s+)?important|means\s+(?:a\s+lot|so\s+much|everything))"
    r"(?:\s+(?:so\s+much\s+)?to\s+(?:her|him|them|me|(?-i:[A-Z][a-z]+)))?\s*,?\s*\Z",
    re.IGNORECASE,
)
# "as she always has", "as he did before": a comparison, not a reason.
_MANNER_AS = lazy_compile(
    r"as\s+(?:she|he|they|I|we)\s+(?:always\s+|usually\s+|once\s+|still\s+|ever\s+)?"
    r"(?:has|have|had|did|does|do)(?:\s+(?:done|before|always|it|so))?"
    r"(?:\s+(?:for|since|in)\s+[\w ]{1,25}?)?\s*(?=[.,;:!?)\n\u2013\u2014]|$)",
    re.IGNORECASE,
)
_DESIRE_NEG = lazy_compile(r"(?:\bnot|n['\u2019]t|\bnever)\s+(?:really\s+)?\Z", re.IGNORECASE)
_I_PREFIX = lazy_compile(r"\b(?:I|we)\s+(?:\w+\s+){0,2}\Z")
_PRONOUN_SUBJECT = lazy_compile(
    r"\b(?:she|he|they|(?-i:[A-Z][a-z]+)|(?-i:Mrs?|Ms|Miss)\.?\s+\w+)\s+(?:\w+\s+){0,3}\Z", re.IGNORECASE
)
_VALUE_WINDOW = 2
# What opens a sentence whose reason is for a service, a worker's task or a past event, not for the outcome
# told just before it.
_NOT_THE_PERSONS_REASON = lazy_compile(
    r"(?-i:\bI\b)|\b(?:we|us|was|were|been|is\s+on|are\s+at|fitted|referred|admitted|cancelled|delayed|"
    r"moved|changed|held|missed|fell|phoned|rang|called|visits?|carers?|staff|review|meeting|respite|"
    r"appointment|OT|physio|GP|nurse|worker|team|service|tablets|medication|bloods|assess\w*|tired)\b",
    re.IGNORECASE,
)
# Verbs that, heading a "To …" line, give the worker's task ("To review in six months"), not an outcome.
_TASK_HEADS = frozenset(
    ("review", "assess", "refer", "arrange", "liaise", "signpost", "provide", "contact", "book", "request")
)
_BACK_TO = lazy_compile(
    r"\s*(?:get|go|come|getting|going|coming)\s+back\s+(?:to|along\s+to)\b", re.IGNORECASE
)
# "To be reviewed in six weeks", "to be discussed": something to be done by staff, not the person's outcome.
_PASSIVE_TASK = lazy_compile(r"be\s+([a-z]+)\b", re.IGNORECASE)
# A subject and verb of a main clause after a fronted "To …" ("To get there, she takes two buses").
_MAIN_SUBJECT = lazy_compile(
    r"(?<![\w'\u2019])(?:she|he|they|we|I|staff|carers|(?:the|her|his|their)\s+[a-z]+)\s+(?:also\s+|now\s+|then\s+)?"
    r"(?:will|would|can|could|should|must|may|has|have|had|is|are|was|were|needs?|takes|took|goes|went|uses|used|"
    r"gets|got|does|did|walks|drives|phones?|calls?|visits?)\b",
    re.IGNORECASE,
)
# Words that join a clause to the outcome rather than start a main clause: "…, as they have done for years".
_JOINING_WORDS = frozenset(
    (
        "as",
        "because",
        "since",
        "so",
        "and",
        "or",
        "that",
        "who",
        "which",
        "where",
        "when",
        "while",
        "if",
        "until",
        "like",
        "cos",
        "though",
        "although",
        "than",
        "before",
        "after",
        "once",
        "what",
        "how",
        "with",
        "where",
    )
)
_NOT_VERBS = frozenset(
    [
        "a",
        "an",
        "the",
        "to",
        "of",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "and",
        "or",
        "as",
        "not",
        "never",
        "no",
        "it",
        "this",
        "that",
        "who",
        "which",
        "very",
        "so",
        "too",
        "when",
        "where",
        "while",
        "if",
        "because",
        "but",
        "though",
        "although",
        "whose",
        "whom",
        "what",
        "how",
        "why",
        "then",
        "there",
        "here",
        "also",
        "only",
        "all",
        "both",
        "each",
        "every",
        "some",
        "any",
        "her",
        "his",
        "their",
        "my",
        "our",
        "your",
        "its",
        "she",
        "he",
        "they",
        "we",
        "i",
        "you",
        "me",
        "him",
        "them",
        "us",
    ]
)
_PAST_NEG = lazy_compile(
    r"\b(?:did\s+not|didn['\u2019]t|was\s+not|wasn['\u2019]t)\s+(?:really\s+)?\Z", re.IGNORECASE
)
_OTHER_SUBJECT = lazy_compile(r"\b(?:you|do\s+you|did\s+you)\s+(?:\w+\s+)?\Z", re.IGNORECASE)
_OTHER_OBJECT = lazy_compile(r"\s+(?:me|you|us)\s+to\b", re.IGNORECASE)
_TITLE_NAME = lazy_compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+[A-Z][\w'-]+")
_REASON_VERB = lazy_compile(
    r"\b(?:is|are|was|were|never|always|had|have|got|get|gets|makes|made|keeps|kept|gives|gave|means|meant|used|"
    r"love|loved|miss|missed)\b|['\u2019](?:s|re|ve|m)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Outcome:
    start: int
    end: int
    kind: str  # "personal" or "generic"
    sentence: int
    anchor_end: int
    rule: str


class _Analysis:
    """All the evidence for one record, computed once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.v = _vocab()
        scanner, patterns = _aux()
        found = scanner.scan(text)
        n = len(self.v.rules.scanner.matchers)
        self.ctx = Context.build(text, negation_index(text, found[n + patterns.index(NEGATION_WORD)]))
        self.quotes = quotations(text)
        self.q_starts = [q.start for q in self.quotes]
        self.matches = self.v.rules.run(self.ctx, found[:n])
        self._scanned = {id(m): spans for m, spans in zip(self.v.rules.scanner.matchers, found, strict=False)}
        self._aux_found = {
            id(pattern): [m for m in (pattern.match(text, start) for start, _ in spans) if m is not None]
            for pattern, spans in zip(patterns, found[n:], strict=True)
        }
        self.staff = {m.group("n1").split()[-1] for m in self._aux_found[id(self.v.staff_names)]}
        i = text.find("(")
        while i >= 0:
            if self.v.staff_in_brackets.match(text, i):
                name = _NAME_BEFORE.search(text, max(0, i - 30), i)
                if name is not None:
                    self.staff.add(name.group(1))
            i = text.find("(", i + 1)
        self._i_clauses = first_person_clauses(text)
        self._schedules: set[Span] = set()

    # -- helpers

    def _quote_at(self, pos: int) -> Quote | None:
        i = bisect_right(self.q_starts, pos) - 1
        if i >= 0 and self.quotes[i].start <= pos < self.quotes[i].end:
            return self.quotes[i]
        return None

    def _sentence(self, pos: int) -> int:
        return max(0, self.ctx.sentence_of(pos))

    def _sentence_end(self, pos: int) -> int:
        seg = self.ctx.segments[self._sentence(pos)] if self.ctx.segments else None
        return seg.end if seg is not None and seg.end >= pos else len(self.text)

    def _sentence_start(self, pos: int) -> int:
        seg = self.ctx.segments[self._sentence(pos)] if self.ctx.segments else None
        return seg.start if seg is not None and seg.start <= pos else 0

    def _clause_positions(self) -> list[int]:
        """Where a clause can start, in order: after a mark, at the text's start, or after a joining word."""
        found = {m.end() for m in _CLAUSE_MARK.finditer(self.text)}
        first = _TEXT_START.match(self.text)
        if first is not None:
            found.add(first.end())
        found.update(m.end() for m in self._aux_found[id(_CLAUSE_WORD)])
        return sorted(found)

    def _plan_labels(self) -> list[re.Match[str]]:
        """The matches of ``_PLAN_LABEL``, looked for only where the scan found one of its heading words."""
        out: list[re.Match[str]] = []
        text = self.text
        last = -1
        for word in self._found(_PLAN_WORD):
            p = word.start()
            if p < last:
                continue
            q = p
            while q > 0 and text[q - 1] in " \t":
                q -= 1
            for start in range(q, p + 1):
                m = _PLAN_LABEL.match(text, start)
                if m is not None:
                    out.append(m)
                    last = m.end()
                    break
        return out

    def _found(self, rx: re.Pattern[str]) -> list[re.Match[str]]:
        """The matches of one of the checker's word-start patterns, as ``rx.finditer(text)`` gives them."""
        return self._aux_found[id(rx)]

    def _role(self, role: str) -> list[Match]:
        return self.matches.get(role, [])

    def _content(self, phrase: str) -> list[str]:
        return [
            w
            for w in (x.lower().replace("\u2019", "'") for x in _WORD.findall(phrase))
            if w not in self.v.stop and not w.isdigit()
        ]

    # -- outcomes

    def _classify(self, phrase: str, negated: bool) -> str:
        """Is ``phrase`` a personal outcome, a generic aim, or only a service/task/need/question?"""
        phrase = _LEADING_TO.sub("", phrase, count=1)
        # "for Sean to…", "her mum to go into a care home": the one who is to do it is not the outcome.
        subj = _INFINITIVE_SUBJECT.match(phrase)
        if subj is not None and (subj.group("rel") is None or self.v.family.fullmatch(subj.group("rel"))):
            phrase = phrase[subj.end() :]
        # "to support Mr Hussain to…", "engage Toni in…": the person named after a general verb.
        if not phrase.islower():  # a name needs a capital letter
            phrase = _TITLE_NAME.sub(" ", _NAMED_OBJECT.sub(r"\1 ", phrase))
        if self.v.info.match(phrase):
            return "none"
        words = self._content(phrase)
        if not words or all(w in self.v.triage for w in words):
            return "none"
        if not negated and self.v.into_service.match(phrase):
            return "none"  # "to go into a care home", "to attend the day centre": a service, not a life
        if all(w in self.v.generic for w in words):
            return "generic"
        if negated:
            # "does not want to move into a care home": staying put is the outcome; in itself it is general.
            rest = [w for w in words if w not in self.v.generic and w not in self.v.service]
            return "personal" if rest and self.v.service_phrases.sub(" ", phrase) == phrase else "generic"
        if not negated:
            hits = [" ".join(h.lower().split()) for h in self.v.service_phrases.findall(phrase)]
            stripped = self.v.service_phrases.sub(" ", phrase)
            # A task word alone ("bed", "meals") is not a service: "safe in my own bed" is a life, not a task.
            had_service = any(h in self.v.service for h in hits) or any(w in self.v.service for w in words)
            if all(w in self.v.tasks for w in words):
                return "none"
            rest = [
                w
                for w in self._content(stripped)
                if w not in self.v.service_verbs and w not in self.v.generic and w not in self.v.service
            ]
            if had_service and not rest:
                # "to get back to the lunch club": going back to a group they belonged to is a change in
                # their life, not a service to receive (but "to go back into respite" is a service).
                back = _BACK_TO.match(phrase)
                if back is None or not hits or not all(h in self.v.groups for h in hits):
                    return "none"
        return "personal"

    def _complement(self, start: int, limit: int) -> tuple[int, int]:
        stop = _CLAUSE_STOP.search(self.text, start, limit)
        end = stop.start() if stop else limit
        return start, end

    def outcomes(self) -> list[_Outcome]:
        found: list[_Outcome] = []
        text = self.text
        for m in self._role("outcomes"):
            rule = m.rule.id
            sent = self._sentence(m.start)
            s_start = self._sentence_start(m.start)
            s_end = self._sentence_end(m.end)
            q = self._quote_at(m.start)
            if q is not None and q.speaker == "professional":
                continue
            negated = False
            if rule == "outcomes.desire":
                before = text[max(s_start, m.start - 40) : m.start]
                negated = _DESIRE_NEG.search(before) is not None
                if negated and _PAST_NEG.search(before):
                    continue  # "did not want to talk today": a passing refusal, not an outcome
                if _OTHER_SUBJECT.search(before) or _OTHER_OBJECT.match(text, m.end):
                    continue  # "what do you want", "want me to say": someone else's act
                if q is None:
                    if _I_PREFIX.search(before) and self._worker_narrated():
                        continue
                    if _ASKED_BEFORE.search(text[max(s_start, m.start - 45) : m.start]):
                        continue
                    subj = text[max(s_start, m.start - 30) : m.start]
                    if self.v.prof_tail.search(subj.rstrip()) or (
                        self.v.professional.search(subj) and not _PRONOUN_SUBJECT.search(subj)
                    ):
                        continue
            if rule == "outcomes.infinitive" and not self._bare_outcome(m.end, s_end):
                continue
            if rule == "outcomes.label":
                c_start, c_end = self._complement(m.end, s_end)
                if not self._content(text[c_start:c_end]):
                    # The heading stands alone: the outcome is on the following lines.
                    nxt = sent + 1
                    segs = self.ctx.segments
                    while nxt < len(segs) and nxt <= sent + 3 and "\n\n" not in text[m.end : segs[nxt].start]:
                        seg = segs[nxt]
                        kind = self._classify(_MARKER.sub("", text[seg.start : seg.end]), False)
                        if kind != "none":
                            found.append(_Outcome(m.start, seg.end, kind, nxt, m.end, rule))
                        nxt += 1
                    continue
            elif rule == "outcomes.matters":
                c_start, c_end = self._complement(m.end, s_end)
                if len(self._content(text[c_start:c_end])) < 1:
                    c_start, c_end = s_start, m.start
            elif rule == "outcomes.generic-aim":
                c_start, c_end = self._complement(m.start, s_end)
            else:
                c_start, c_end = self._complement(m.end, s_end)
            phrase = text[c_start:c_end]
            kind = self._classify(phrase, negated)
            if kind == "none":
                continue
            if rule == "outcomes.generic-aim":
                kind = "generic"
            elif (
                kind == "generic"
                and (q is not None or _any_between(self.q_starts, c_start, c_end))
                and len(self._content(phrase)) >= 2
            ):
                # In the person's own words, an outcome is in their terms unless it is a bare word or two.
                kind = "personal"
            if negated and kind == "generic":
                kind = "negative"
            found.append(_Outcome(m.start, max(c_end, m.end), kind, sent, m.end, rule))
        return found

    def _bare_outcome(self, start: int, end: int) -> bool:
        """Is "To …" at ``start`` an outcome written on its own ("To feel safe in my own flat"), not a purpose
        put before a main clause ("To help her settle, staff will phone") or a task to be done to the person
        ("To be reviewed in six weeks")?"""
        text = self.text
        passive = _PASSIVE_TASK.match(text, start, end)
        if passive is not None and (
            passive.group(1).lower() in self.v.worker_verbs or passive.group(1).lower() in self.v.admin_verbs
        ):
            return False
        head = (m.group().lower() for m in [_WORD.match(text, start, end)] if m is not None)
        if any(h != "be" and (h in self.v.admin_verbs or h in _TASK_HEADS) for h in head):
            return False  # "To review in six months", "to refer to the OT": the worker's task
        for subj in _MAIN_SUBJECT.finditer(text, start, end):
            if _last_word(text[max(start, subj.start() - 20) : subj.start()]) not in _JOINING_WORDS:
                return False
        return True

    # -- voice

    def _i_clause_kind(self, words: str) -> str:
        """ "worker", "person" or "weak" for an "I …" clause (lower-cased words)."""
        toks = [t.replace("\u2019", "'") for t in words.split()]
        if not toks:
            return "weak"
        head = toks[0]
        rest = toks[1:]
        if head in ("i'm", "i've", "i'd", "i'll"):
            rest = [head[2:], *rest]
        skip = {
            "also",
            "then",
            "just",
            "really",
            "still",
            "have",
            "'ve",
            "had",
            "will",
            "'ll",
            "shall",
            "would",
            "'d",
            "am",
            "'m",
            "was",
            "did",
            "do",
            "today",
            "later",
            "been",
        }
        verbs = [t for t in rest if t not in skip]
        first = verbs[0] if verbs else (rest[0] if rest else "")
        if first in self.v.worker_verbs:
            return "worker"
        if first in self.v.opinion_verbs and len(verbs) > 1:
            nxt = verbs[1]
            if nxt in (
                "that",
                "she",
                "he",
                "they",
                "it",
                "mrs",
                "mr",
                "ms",
                "miss",
                "her",
                "his",
                "the",
                "this",
            ):
                return "worker"
        if first in ("concerned", "aware", "satisfied", "pleased", "happy"):
            return "worker" if len(verbs) > 1 and verbs[1] in ("that", "to", "with", "about") else "person"
        if (
            first in ("would", "like", "want")
            and len(verbs) > 2
            and verbs[1] == "to"
            and verbs[2] in self.v.worker_verbs
        ):
            return "worker"
        if (rest and rest[0] in self.v.expressive) or first in self.v.expressive:
            return "person"
        return "weak"

    def _worker_narrated(self) -> bool:
        cached: bool | None = getattr(self, "_wn", None)
        if cached is not None:
            return cached
        result = False
        for s, _e, words in self._i_clauses:
            if self._quote_at(s) is None and self._i_clause_kind(words) == "worker":
                result = True
                break
        self._wn = result
        return result

    def voice(self) -> list[Span]:
        ev: list[Span] = []
        for q in self.quotes:
            if q.speaker in {"professional", "worker"}:
                continue
            if q.speaker in ("person", "family") or q.substantive:
                ev.append(Span(q.start, q.end))
        worker = self._worker_narrated()
        for s, e, words in self._i_clauses:
            if self._quote_at(s) is not None:
                continue
            kind = self._i_clause_kind(words)
            if kind == "worker":
                continue
            before = self.text[max(0, s - 25) : s].lower()
            if re.search(r"\b(?:that|told\s+me|asked\s+me|if|whether)\s*\Z", before):
                continue
            if (kind == "person" and (not worker or self._strong_expressive(words))) or (
                kind == "weak" and not worker
            ):
                ev.append(Span(s, min(self._sentence_end(s), max(e, s + 1))))
        return ev

    @staticmethod
    def _strong_expressive(words: str) -> bool:
        return (
            re.search(
                r"\b(?:want|wanted|wanna|love|miss|missed|hate|enjoy|wish|hope|like|'d\s+like|would\s+like|"
                r"used\s+to|don't\s+want|feel|felt|can't|cannot|never|just)\b",
                words.replace("\u2019", "'"),
            )
            is not None
        )

    # -- contribution and plan

    def actions(self) -> tuple[list[Span], list[Span]]:
        """Spans of (contributions, plan actions)."""
        text = self.text
        v = self.v
        contrib: list[Span] = []
        plan: list[Span] = []
        for at in self._clause_positions():
            m = v.actor.match(text, at)
            if m is None:
                continue
            s = m.start()
            before = text[max(0, s - 40) : s]
            if _last_word(before) in _REASON_WORDS:
                continue
            verb = m.group("verb").lower().replace("\u2019", "'")
            aux = " ".join((m.group("aux") or "").lower().replace("\u2019", "'").split())
            kind = self._actor_kind(m, before)
            if kind == "":
                continue
            if self.ctx.negation.between(m.start("actor"), m.end("verb")) and not aux.startswith("will not"):
                continue
            if aux.startswith("will not") or aux in _HYPOTHETICAL:
                continue
            end = self._clause_end(m.end())
            span = Span(s, end)
            future = aux.startswith(
                ("will", "'ll", "shall", "is going", "are going", "to", "is to", "are to")
            ) or (
                "agreed" in aux
                or "offered" in aux
                or "volunteered" in aux
                or "promised" in aux
                or "plans" in aux
            )
            passive_asked = aux.startswith(
                ("has been", "have been", "had been", "is", "are", "was", "were", "to be")
            ) and (
                verb
                in (
                    "asked",
                    "approached",
                    "contacted",
                    "consulted",
                    "informed",
                    "told",
                    "referred",
                    "offered",
                )
            )
            if passive_asked or (verb in ("asked", "approached") and not future):
                continue
            if _ASKED_BEFORE.search(text[max(0, s - 30) : s]) and not future:
                continue
            admin = (
                verb in v.admin_verbs
                or (verb == "review" and _REVIEW_WHEN.match(text, m.end("verb")))
                or (
                    aux.startswith("to be")
                    and verb
                    in (
                        "reviewed",
                        "agreed",
                        "discussed",
                        "confirmed",
                        "closed",
                        "sent",
                        "completed",
                        "arranged",
                    )
                )
            )
            # "has agreed to tell her year head": speaking up for the person is an action.
            is_plan = future and not admin and (verb not in v.reject_verbs or verb == "tell")
            if (
                kind == "family"
                and not aux
                and verb.endswith("s")
                and verb not in v.reject_verbs
                and _SCHEDULE.search(text, m.end("verb"), end)
                and (verb not in _KEEPING_IN_TOUCH or _HELPS_TOO.match(text, m.end("verb")))
            ):
                is_plan = True
            if (
                kind in ("person", "pron")
                and not aux
                and verb in v.person_verbs
                and verb.endswith("s")
                and "now" not in m.group("vp").lower().split()
                and _SCHEDULE.search(text, m.end("verb"), end)
            ):
                is_plan = True
            if (
                kind == "pro"
                and aux in ("is", "are")
                and verb.endswith("ing")
                and verb[:-3] not in v.admin_verbs
                and verb not in _WAITING
            ):
                is_plan = True  # "her GP is reviewing her medication"
            if kind == "pro" and not aux and verb not in v.reject_verbs and not admin and verb.endswith("s"):
                is_plan = not verb.endswith("ss")
            if (
                kind == "pro"
                and not aux
                and verb not in v.reject_verbs
                and not admin
                and not verb.endswith("ed")
                and _SCHEDULE.search(text, m.end("verb"), end)
            ):
                is_plan = True  # "staff now put a sign on her door on Sundays": an arrangement that goes on
            if is_plan:
                plan.append(span)
            if kind in ("family", "person", "pron"):
                if self._contributes(kind, aux, verb, future, m.end("verb")):
                    contrib.append(Span(s, end))
                else:
                    # "Lee has done the training and will help Craig": a promise joined to what was done.
                    more = _AND_FUTURE.search(text, m.end("verb"), end)
                    if (
                        more is not None
                        and more.group("v").lower() not in v.reject_verbs
                        and not self.ctx.negation.between(m.end("verb"), more.end())
                    ):
                        contrib.append(Span(s, end))
                        plan.append(Span(s, end))
        for rx in (v.referral, v.passive_by, v.service_schedule, v.generic_plan):
            for m2 in self._found(rx):
                start = m2.start()
                if self.ctx.negation.covers(start):
                    continue
                if _RECEIVES_BEFORE.search(text, max(0, start - 30), start):
                    continue
                if rx is v.generic_plan:
                    verb = m2.group("gverb").lower()
                    subj = _SUBJECT_BEFORE.search(text, max(0, start - 50), start)
                    if subj is None or verb in v.admin_verbs or verb in v.reject_verbs:
                        continue
                    if verb == "review" and _REVIEW_WHEN.match(text, m2.end()):
                        continue  # "the team will review it in the new year": a date, not an action
                    start = subj.start("subj")
                plan.append(Span(start, m2.end()))
                if rx is v.service_schedule:
                    self._schedules.add(plan[-1])
        for m2 in self._plan_labels():
            body = m2.group("first").lower()
            if body not in _NOT_A_STEP and not _NO_PLAN.match(text, m2.start("first")):
                plan.append(Span(m2.start(), self._clause_end(m2.end())))
        for m2 in self._found(v.family_with):
            if not self.ctx.negation.covers(m2.start()) and not _ASKED_BEFORE.search(
                text, max(0, m2.start() - 30), m2.start()
            ):
                contrib.append(Span(m2.start(), m2.end()))
        for m2 in self._found(v.family_by):
            verb = _DONE_BEFORE.search(text, max(0, m2.start() - 30), m2.start())
            if verb is not None and not self.ctx.negation.covers(verb.start()):
                contrib.append(Span(verb.start(), m2.end()))
        for rx, before_rx in ((v.own_any, _OWN_VERB_BEFORE), (v.own_chore, _CHORE_VERB_BEFORE)):
            for m2 in self._found(rx):
                verb = before_rx.search(text, max(0, m2.start() - 30), m2.start())
                if verb is None or self.ctx.negation.covers(verb.start()):
                    continue
                if _MODAL_BEFORE.search(
                    text, max(0, verb.start() - 20), verb.start()
                ) or _ASKED_BEFORE.search(text, max(0, verb.start() - 45), verb.start()):
                    continue  # "asked whether he could do her shopping": not yet agreed
                if rx is v.own_any and verb.group(1).lower() in _NOT_OWN_VERBS:
                    continue
                contrib.append(Span(verb.start(), m2.end()))
        for q in self.quotes:
            if q.speaker in ("family", "person", "unknown"):
                for m2 in _CARER_I.finditer(text, q.inner_start, q.inner_end):
                    contrib.append(Span(m2.start(), m2.end()))
        for m2 in self._found(v.self_words):
            if self.ctx.negation.covers(m2.start()):
                continue
            # "paid it himself": only an action verb in the same clause counts.
            s0 = max(self._sentence_start(m2.start()), m2.start() - 60)
            window = text[s0 : m2.start()]
            if not _ACTION_VERB.search(window) or _NEED_WORDS.search(window):
                continue
            contrib.append(Span(m2.start(), m2.end()))
        if plan and self._found(_NO_PLAN):
            # "No plan agreed yet": then only a commitment to act counts, not what already happens.
            plan = [p for p in plan if _COMMITMENT.search(text, p.start, p.end)]
        return contrib, plan

    def _actor_kind(self, m: re.Match[str], before: str) -> str:
        if m.group("fam"):
            fam = m.group("fam").lower()
            actor = m.group("actor").lower()
            if re.search(r"\blate\b", actor):
                return ""  # "her late husband built it": a memory, not help given now
            if (
                fam == "carer"
                and not re.search(r"\b(?:family|unpaid|foster)\b", actor)
                and not m.group("famname")
            ):
                return "pro"
            return "family"
        if m.group("pro"):
            return "pro"
        if m.group("pron"):
            return "pron" if m.group("pron").lower() != "they" else "they"
        if m.group("me"):
            if self._quote_at(m.start()) is not None:
                return "person"
            return "me"
        name = m.group("name") or ""
        rel = m.group("namerel") or ""
        if rel and self.v.professional.search(rel):
            return "pro"
        if rel and self.v.family.search(rel):
            return "family"
        last = name.split()[-1] if name else ""
        if not name or last.lower() in self.v.name_stop or name.lower() in self.v.name_stop:
            return ""
        if last in self.staff or self.v.prof_tail.search(before):
            return "pro"
        if not self._is_name(name, m.start("name")):
            return ""
        return "person"

    def _is_name(self, name: str, pos: int) -> bool:
        """A capitalised word is taken for a name if it has a title, recurs, or is not at a sentence start."""
        if re.match(r"(?:Mr|Mrs|Ms|Miss|Mx|Dr)\b", name):
            return True
        first = name.split(maxsplit=1)[0]
        known: set[str] | None = getattr(self, "_names", None)
        if known is None:
            known = set()
            for m in re.finditer(
                r"(?<=[a-z,;:(] )[A-Z][a-z]+|\b[A-Z][a-z]+(?=['\u2019]s\b|\s*\(\d)", self.text
            ):
                known.add(m.group())
            self._names = known
        if first in known:
            return True
        if re.match(
            r"\s+(?:will|has\s+agreed|agreed|is\s+going|has\s+offered|['\u2019]ll)\b",
            self.text[pos + len(name) :],
        ):
            return True
        seg_start = self._sentence_start(pos)
        return pos != seg_start and not re.fullmatch(r"[\s\W\d]*", self.text[seg_start:pos])

    def _contributes(self, kind: str, aux: str, verb: str, future: bool, verb_end: int) -> bool:
        v = self.v
        tail = self.text[verb_end : verb_end + 60].lower()
        if (
            kind == "family"
            and aux in ("is", "was", "has been", "are")
            and _MAIN_CARER.match(self.text, verb_end - len(verb) - 1)
        ):
            return True  # "his wife is his main carer"
        if verb in _NOT_VERBS:
            # "has agreed to a detox": agreeing to something is the person's own part.
            return verb in ("a", "an", "the") and ("agreed" in aux or "offered" in aux)
        if kind != "family" and re.match(
            r"[^.;\n]{0,40}\bwith\s+(?:her|his|their|the)\s+(?:support|key|care)\s*worker", tail
        ):
            return False
        if (
            verb.endswith("ing")
            and verb not in _ING_BASE
            and (aux.endswith("been") or aux in ("is", "are", "was", "were") or not aux)
        ):
            return verb in self.v.ing_ok and (kind == "family" or aux.endswith("been") or kind == "person")
        if verb in ("started", "begun", "began", "starts") and re.match(
            r"\s+(?:to\s+)?\w+ing\b|\s+to\s+\w+", tail
        ):
            return True
        if (
            kind == "family"
            and verb in ("said", "says", "offered", "offers")
            and _OFFER_SAID.match(self.text, verb_end)
        ):
            return True
        if verb in v.reject_verbs:
            return False
        if (
            kind in ("family", "person")
            and not aux
            and verb.endswith("s")
            and not verb.endswith("ss")
            and verb not in _NOT_HELP_VERBS
            and verb not in self.v.worker_verbs
            and _DOES_FOR.match(self.text, verb_end)
        ):
            return True
        if future:
            if aux.startswith("to") and kind == "pron":
                return False
            return verb not in ("be", "receive", "need", "require", "attend") or kind == "family"
        if aux.startswith(("has", "have", "had")):
            return kind == "family" and (verb.endswith("ed") or verb in self.v.done_participles)
        if aux.startswith(("is", "are", "was", "were")):
            return False
        if aux:
            return False
        if kind == "family":
            if verb in _STATE_WORDS or verb.endswith(_ADJECTIVE_ENDINGS):
                # "Family supportive", "daughter aware": a state, not something done (unless more follows).
                return _AND_WILL.match(self.text, verb_end) is not None
            if verb in ("visit", "visits", "visited", "sees", "saw"):
                return (
                    re.match(
                        r"[^.;\n]{0,50}\b(?:to\s+help|and\s+(?:helps|does|takes|cooks|brings|cleans|sits))",
                        tail,
                    )
                    is not None
                )
            return True
        # The person on their own: a routine of self-care or a commitment, not a pastime.
        if verb in ("does", "did") and not re.match(r"\s+(?:her|his|their|all|own|my)\b", tail):
            return False
        return verb in self.v.person_verbs

    def _clause_end(self, pos: int) -> int:
        limit = min(len(self.text), pos + 120)
        stop = _REASON_END.search(self.text, pos, limit)
        return stop.start() if stop else limit

    # -- why

    def why(self, outs: Sequence[_Outcome]) -> tuple[list[Span], set[int]]:
        """Reasons joined to an outcome, and the indices (in ``outs``) of the outcomes that have one.

        Only an outcome the person holds (not a generic professional aim) can have a reason why it
        matters to them: a clinical reason for "maintain nutrition" is not one.
        """
        ev: list[Span] = []
        linked: set[int] = set()
        held = [
            i
            for i, o in enumerate(outs)
            if o.kind in ("personal", "negative")
            or (o.kind == "generic" and o.rule in ("outcomes.desire", "outcomes.matters"))
        ]
        by_sentence: dict[int, list[int]] = {}
        for i in held:
            by_sentence.setdefault(outs[i].sentence, []).append(i)
        all_by_sentence: dict[int, list[int]] = {}
        for i, o in enumerate(outs):
            all_by_sentence.setdefault(o.sentence, []).append(i)
        out_sentences = sorted(by_sentence)
        for m in self._role("why"):
            sent = self._sentence(m.start)
            end = self._clause_end(m.end)
            if m.rule.id == "why.connector":
                if _MANNER_AS.match(self.text, m.start):
                    continue
                owners = [i for i in by_sentence.get(sent, ()) if outs[i].anchor_end <= m.start]
                seg = self.ctx.segments[sent] if self.ctx.segments else None
                if not owners and seg is not None and m.start - seg.start <= 3:
                    # "Because she misses her friends, she wants to…": the reason comes first.
                    owners = [i for i in by_sentence.get(sent, ()) if outs[i].start > m.start]
                if not owners and _PERSONAL_CONNECTOR.match(self.text, m.start):
                    # A purpose joined to a general aim: "to stay at home so she can look after her cat".
                    owners = [
                        i
                        for i in all_by_sentence.get(sent, ())
                        if outs[i].kind == "generic"
                        and outs[i].rule != "outcomes.generic-aim"
                        and outs[i].anchor_end <= m.start
                    ]
                if not owners and _BACK_REFERENCE.search(self.text, max(0, m.start - 40), m.start):
                    # "…; it matters to her because…": the reason points back to the last outcome.
                    j = bisect_right(out_sentences, sent) - 1
                    if j >= 0 and sent - out_sentences[j] <= _VALUE_WINDOW:
                        owners = by_sentence[out_sentences[j]]
                if not owners:
                    # A connector opening the next sentence ("She goes because…").
                    seg = self.ctx.segments[sent] if self.ctx.segments else None
                    owners = by_sentence.get(sent - 1, [])
                    if not owners or seg is None or m.start - seg.start > 40:
                        continue
                    if _NOT_THE_PERSONS_REASON.search(self.text, seg.start, m.start):
                        # "Visits moved because…", "I phoned so that…": a reason for something else.
                        continue
            elif m.rule.id == "why.feeling":
                # "…and he wants to feel like a normal 29-year-old": who the outcome lets them be, said of an
                # outcome told just before (not of the wish it is part of).
                owners = [
                    i
                    for back in range(_VALUE_WINDOW + 1)
                    for i in by_sentence.get(sent - back, ())
                    if outs[i].end <= m.start
                ]
                if not owners:
                    continue
            elif m.rule.id == "why.label":
                j = bisect_right(out_sentences, sent) - 1
                owners = by_sentence[out_sentences[j]] if j >= 0 else list(held)
                if not owners:
                    owners = [i for i, o in enumerate(outs) if o.rule != "outcomes.generic-aim"]
                    if not owners:
                        continue
            else:
                # A value statement close after an outcome, or just before it.
                j = bisect_right(out_sentences, sent) - 1
                if j >= 0 and sent - out_sentences[j] <= _VALUE_WINDOW:
                    owners = by_sentence[out_sentences[j]]
                elif j + 1 < len(out_sentences) and out_sentences[j + 1] == sent + 1:
                    owners = by_sentence[out_sentences[j + 1]]
                else:
                    continue
            ev.append(Span(m.start, end))
            linked.update(owners)
        quoted = self._quoted_reasons(outs, held)
        for span, i in quoted:
            ev.append(span)
            linked.add(i)
        return ev, linked

    def _quoted_reasons(self, outs: Sequence[_Outcome], held: Sequence[int]) -> list[tuple[Span, int]]:
        """The person's own words straight after their outcome, saying what it means to them."""
        ev: list[tuple[Span, int]] = []
        if not self.quotes:
            return ev
        anchors = sorted({o.start for o in outs})
        review_at = [m.start for m in self._role("review")]
        segs = self.ctx.segments
        for idx in held:
            o = outs[idx]
            limit = segs[o.sentence + 1].end if o.sentence + 1 < len(segs) else len(self.text)
            i = max(bisect_right(self.q_starts, o.start) - 1, 0)
            while i < len(self.quotes) and self.quotes[i].start < limit:
                q = self.quotes[i]
                i += 1
                if q.speaker in ("professional", "worker") or q.end <= o.end:
                    continue
                start = max(q.inner_start, o.end)
                # Only the words before the next outcome or progress cue in the quotation can be its reason.
                stop = min(
                    _first_between(anchors, start, q.inner_end), _first_between(review_at, start, q.inner_end)
                )
                if (
                    _REASON_VERB.search(self.text, start, stop)
                    and len(self._content(self.text[start:stop])) >= 3
                ):
                    ev.append((Span(start, stop), idx))
        return ev

    # -- strengths and review

    def strengths(self, excluded: Sequence[Span], outs: Sequence[_Outcome]) -> list[Span]:
        ev: list[Span] = []
        inside = _Intervals((s.start, s.end) for s in excluded)
        within = _Intervals((o.start, o.end) for o in outs)
        for m in self._role("strengths"):
            if inside.covers(m.start) and (
                within.covers(m.start) or not _OWN_COPULA.search(self.text, max(0, m.start - 25), m.start)
            ):
                continue
            if m.rule.id == "strengths.quality" and _OTHERS_QUALITY.search(
                self.text, max(self._sentence_start(m.start), m.start - 40), m.end
            ):
                continue  # "the carers are kind", "the house was clean and warm": not the person
            ev.append(Span(m.start, m.end))
        return ev

    def review(self, outs: Sequence[_Outcome]) -> list[Span]:
        # Progress told before any outcome is recorded is background ("has not been out since the winter"),
        # unless it sits under a progress heading.
        first = min((o.sentence for o in outs), default=0)
        ev = [
            Span(m.start, m.end)
            for m in self._role("review")
            if m.rule.id == "review.label" or self._sentence(m.start) >= first
        ]
        ev.extend(self._done_as_wanted(outs))
        return ev

    def _done_as_wanted(self, outs: Sequence[_Outcome]) -> list[Span]:
        """The outcome's own verb told later in the past ("to move into his own flat" … "he moved in")."""
        ev: list[Span] = []
        told_by_verb: dict[str, list[tuple[int, int]]] = {}
        text = self.text
        for o in outs:
            if o.kind == "generic":
                continue
            head = _HEAD_VERB.match(text, o.anchor_end, o.end)
            if head is None:
                continue
            verb = head.group(1).lower()
            if verb in _WEAK_HEADS:
                continue
            past = _IRREGULAR_PAST.get(verb) or (verb + "d" if verb.endswith("e") else verb + "ed")
            seg_end = self.ctx.segments[o.sentence].end if o.sentence < len(self.ctx.segments) else o.end
            start = max(seg_end, o.end)
            # The first "she/he/they/I/we/Name (has) (now) <past>" after the outcome, within the window.
            told = told_by_verb.get(past)
            if told is None:
                told = told_by_verb[past] = [
                    (subj.start(), hit.end())
                    for hit in re.finditer(rf"\b{re.escape(past)}\b", text, re.IGNORECASE)
                    if (subj := _SUBJECT_BEFORE_VERB.search(text, max(0, hit.start() - 40), hit.start()))
                ]
            i = bisect_right(told, (start, -1))
            if i < len(told) and told[i][0] < start + _ECHO_WINDOW:
                ev.append(Span(*told[i]))
        return ev

    # -- findings

    def findings(self, strengths_met: bool) -> list[Finding]:
        out: list[Finding] = []
        jargon = sorted(self._role("jargon"), key=lambda m: (m.start, -(m.end - m.start)))
        last_end = -1
        for m in jargon:
            if m.start < last_end:
                continue
            last_end = m.end
            out.append(self._finding("jargon", m))
        if not strengths_met:
            # The checker's own judgement of strengths decides, not a rule's rough "unless" test: a kindness
            # of the carers or a warm house is not a strength of the person.
            seen = {(m.start, m.end) for m in self._role("deficit")}
            out.extend(self._finding("deficit", m) for m in self._role("deficit"))
            for rule in self.v.rules.rules:
                if rule.role != "deficit" or rule.kind != "conditional":
                    continue
                for start, end in self._scanned[id(rule.match)]:
                    if (start, end) in seen or (rule.skip_negated and self.ctx.negation.covers(start)):
                        continue
                    seen.add((start, end))
                    out.append(self._finding("deficit", Match(rule, start, end)))
        out.sort(key=lambda f: (f.start, f.end))
        return out

    def _finding(self, kind: str, m: Match) -> Finding:
        return Finding(
            kind, m.rule.id, m.start, m.end, self.text[m.start : m.end], m.rule.message, m.rule.suggestion
        )

    # -- the result

    def result(self) -> CheckResult:
        outs = self.outcomes()
        outcome_spans = [Span(o.start, o.end) for o in outs]
        personal = [Span(o.start, o.end) for o in outs if o.kind == "personal"]
        voice = self.voice()
        contrib, plan = self.actions()
        wished = _Intervals((o.start, o.end) for o in outs)
        # "wants to get back to the lunch club on Tuesdays": a day inside the outcome is not an arrangement.
        wanted = _Intervals((o.anchor_end, o.end) for o in outs if o.rule != "outcomes.label")
        plan = [p for p in plan if not (p in self._schedules and wanted.covers(p.start))]
        contrib = [c for c in contrib if not wished.covers(c.start)]
        contrib.extend(Span(m.start, m.end) for m in self._role("contribution"))
        plan.extend(Span(m.start, m.end) for m in self._role("plan"))
        voice.extend(Span(m.start, m.end) for m in self._role("voice"))
        personal.extend(Span(m.start, m.end) for m in self._role("personalised"))
        why, linked = self.why(outs)
        # An outcome the person holds, with their reason for it, is in their terms even in general words.
        personal.extend(Span(outs[i].start, outs[i].end) for i in linked if outs[i].kind != "personal")
        strengths = self.strengths(
            [*why, *(Span(o.start, o.end) for o in outs if o.rule != "outcomes.label")],
            [o for o in outs if o.rule != "outcomes.label"],
        )
        review = self.review(outs)
        evidence: dict[str, list[Span]] = {
            "outcomes": outcome_spans,
            "personalised": personal,
            "contribution": contrib,
            "voice": voice,
            "why": why,
            "plan": plan,
            "strengths": strengths,
            "review": review,
        }
        results: list[CriterionResult] = []
        has_outcome = bool(outcome_spans)
        for ident in CRITERIA:
            spans = _clean(evidence[ident], len(self.text))
            met = bool(spans)
            if ident in _DEPENDENT and not has_outcome:
                met, spans = False, ()
                message = _NEEDS_OUTCOME + _MESSAGES[ident][1]
            else:
                message = _MESSAGES[ident][0] if met else _MESSAGES[ident][1]
            results.append(CriterionResult(ident, met, message, spans if met else ()))
        strengths_met = results[CRITERIA.index("strengths")].met
        return CheckResult(tuple(results), tuple(self.findings(strengths_met)))


class _Intervals:
    """A set of character ranges, merged, answering "is this offset inside one?" by bisection."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for a, b in sorted(ranges):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self.starts = [a for a, _ in merged]
        self.ends = [b for _, b in merged]

    def covers(self, pos: int) -> bool:
        i = bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.ends[i]


def _any_between(sorted_positions: Sequence[int], start: int, end: int) -> bool:
    """True if some position p of the sorted list has start <= p < end."""
    i = bisect_right(sorted_positions, start - 1)
    return i < len(sorted_positions) and sorted_positions[i] < end


def _first_between(sorted_positions: Sequence[int], start: int, end: int) -> int:
    """The first position p of the sorted list with start <= p < end, or ``end``."""
    i = bisect_right(sorted_positions, start - 1)
    return sorted_positions[i] if i < len(sorted_positions) and sorted_positions[i] < end else end


def _clean(spans: Iterable[Span], n: int) -> tuple[Span, ...]:
    """Valid, sorted, de-duplicated spans, at most a handful."""
    seen: set[tuple[int, int]] = set()
    out: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.start, s.end)):
        start, end = max(0, s.start), min(n, s.end)
        if start >= end or (start, end) in seen:
            continue
        seen.add((start, end))
        out.append(Span(start, end))
        if len(out) >= _MAX_EVIDENCE:
            break
    return tuple(out)
