"""The rule engine: every rule's own examples, the one-pass scanner, and strict validation of the data."""

from __future__ import annotations

from typing import Any

import pytest

from outcomes_tools._data import DataError, DataFile
from outcomes_tools.rules import (
    KINDS,
    ROLES,
    Context,
    Lexicons,
    load_lexicons,
    load_rules,
    parse_lexicons,
    parse_rules,
    run_rule,
)

RULES = load_rules().rules


def test_the_package_rules_load_and_use_only_known_kinds_and_roles() -> None:
    assert len(RULES) > 30
    assert {r.kind for r in RULES} <= set(KINDS)
    assert {r.role for r in RULES} <= set(ROLES)
    assert {"jargon", "deficit", "outcomes", "why", "strengths", "review"} <= {r.role for r in RULES}


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_fires_on_its_fail_examples_and_not_on_its_pass_examples(rule: Any) -> None:
    for text in rule.examples_fail:
        assert run_rule(rule, Context.build(text)), f"{rule.id} should fire on {text!r}"
    for text in rule.examples_pass:
        assert not run_rule(rule, Context.build(text)), f"{rule.id} should not fire on {text!r}"


def test_findings_rules_have_messages_and_suggestions() -> None:
    for rule in RULES:
        assert rule.message.strip()
        if rule.role in ("jargon", "deficit"):
            assert rule.suggestion, rule.id


ALL_EXAMPLES = [text for rule in RULES for text in (*rule.examples_fail, *rule.examples_pass)]


def test_one_pass_scanner_finds_exactly_what_each_rule_finds_alone() -> None:
    rule_set = load_rules()
    text = "\n".join(ALL_EXAMPLES)
    ctx = Context.build(text)
    scanned = rule_set.run(ctx)
    alone: dict[str, list[tuple[int, int]]] = {}
    for rule in RULES:
        alone.setdefault(rule.role, []).extend((m.start, m.end) for m in run_rule(rule, ctx))
    for role, spans in alone.items():
        assert sorted(spans) == sorted((m.start, m.end) for m in scanned.get(role, [])), role


# --- Strict validation --------------------------------------------------------------------------------------

LEX = parse_lexicons(
    [
        DataFile(
            "lex.json",
            {"about": "t", "lexicons": [{"id": "pets", "description": "d", "terms": ["dog", "cat*"]}]},
        )
    ]
)


def rule(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "jargon.test",
        "kind": "existence",
        "message": "m",
        "suggestion": "s",
        "examples": {"pass": ["a bird"], "fail": ["a dog"]},
        "match": {"lexicons": ["pets"]},
    }
    base.update(overrides)
    return base


def parse(*rules: dict[str, Any], lexicons: Lexicons = LEX) -> Any:
    return parse_rules([DataFile("rules.json", {"about": "t", "rules": list(rules)})], lexicons)


def test_a_valid_rule_parses_and_matches_lexicon_words_with_wildcards() -> None:
    parsed = parse(rule()).rules[0]
    assert [m.start for m in run_rule(parsed, Context.build("A dog, two cats and a catalogue"))] == [
        2,
        11,
        22,
    ]


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        (rule(colour="red"), "unknown key 'colour'"),
        ({k: v for k, v in rule().items() if k != "message"}, "missing key 'message'"),
        (rule(kind="fuzzy"), "is not one of"),
        (rule(id="Jargon Test"), "must look like"),
        (rule(id="nonsense.test"), "unknown role"),
        (rule(match={"lexicons": ["birds"]}), "unknown lexicon 'birds'"),
        (rule(match={"patterns": ["(unclosed"]}), "not a valid regular expression"),
        (rule(match={"patterns": ["{lex:birds}"]}), "unknown lexicon 'birds'"),
        (rule(match={}), "needs terms, lexicons or patterns"),
        (rule(examples={"pass": [], "fail": []}), "at least one example"),
        (rule(kind="substitution", suggestion=None), "needs a suggestion"),
        (rule(kind="conditional", unless={"terms": ["cat"]}, scope="page"), "must be 'sentence' or 'text'"),
        (rule(kind="cooccurrence", second={"terms": ["cat"]}), "missing key 'first'"),
    ],
)
def test_bad_rules_are_refused_naming_the_file_and_key(bad: dict[str, Any], words: str) -> None:
    if bad.get("kind") == "cooccurrence":
        bad = {k: v for k, v in bad.items() if k != "match"}
    with pytest.raises(DataError, match=r"rules\.json") as err:
        parse(bad)
    assert words in str(err.value)


def test_duplicate_rule_ids_are_refused() -> None:
    with pytest.raises(DataError, match=r"duplicate id 'jargon\.test'"):
        parse(rule(), rule())


def test_bad_lexicons_are_refused() -> None:
    with pytest.raises(DataError, match="missing key 'terms'"):
        parse_lexicons([DataFile("x.json", {"about": "t", "lexicons": [{"id": "a", "description": "d"}]})])
    entry = {"id": "a", "description": "d", "terms": ["x"]}
    with pytest.raises(DataError, match=r"duplicate id 'a'"):
        parse_lexicons([DataFile("x.json", {"about": "t", "lexicons": [entry, entry]})])
    with pytest.raises(DataError, match="non-empty string"):
        parse_lexicons(
            [DataFile("x.json", {"about": "t", "lexicons": [{"id": "a", "description": "d", "terms": [""]}]})]
        )


def test_cooccurrence_and_conditional_kinds() -> None:
    near = parse(
        {
            "id": "why.test",
            "kind": "cooccurrence",
            "message": "m",
            "suggestion": None,
            "examples": {"pass": ["a dog. a cat"], "fail": ["a dog and a cat"]},
            "first": {"terms": ["dog"]},
            "second": {"terms": ["cat"]},
            "order": "ordered",
        }
    ).rules[0]
    assert run_rule(near, Context.build("the dog chased the cat"))
    assert not run_rule(near, Context.build("the cat chased the dog"))
    assert not run_rule(near, Context.build("the dog ran. the cat sat"))
    unless = parse(rule(kind="conditional", unless={"terms": ["vet"]}, scope="text")).rules[0]
    assert run_rule(unless, Context.build("a dog"))
    assert not run_rule(unless, Context.build("a dog. The vet came."))


def test_negated_matches_can_be_skipped() -> None:
    skip = parse(rule(skip_negated=True)).rules[0]
    assert not run_rule(skip, Context.build("She has no dog."))
    assert run_rule(skip, Context.build("She has no cat, but a dog."))


def test_package_lexicons_load() -> None:
    lex = load_lexicons()
    assert "family-words" in lex.terms
    assert "daughter" in lex.terms["family-words"]
