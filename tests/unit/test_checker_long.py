"""The checker on the shapes of longer, realistic records: one short case for each general behaviour.

Each case is a sentence or two, written for the behaviour it tests (not copied from the corpus): generic
aims in new wordings, reasons that point back to an outcome, help given by relatives and the community,
progress told before any outcome, and the one-pass scanning that keeps long records fast.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from outcomes_tools.checker import CRITERIA, _Analysis, _aux, check
from outcomes_tools.rules import Context, load_rules, run_rule
from outcomes_tools.text import negation_index

OUT, P, C, V, W, PL, S, R = CRITERIA
ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus" / "dev" / "records.jsonl"


def met(text: str) -> set[str]:
    return {c for c, ok in check(text).met.items() if ok}


# --- personalised: generic professional aims in other words ------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Outcome: to enhance wellbeing and maximise independence at home.",
        "Goal: reduce social isolation and support with community integration.",
        "Outcome: maximise independence and ensure needs are met.",
        "Goal: support Tom with community integration and improve his social networks.",
        "Outcome: to feel less lonely and to build confidence.",
        "Outcome: to have meaningful activity and improved emotional wellbeing.",
        "Outcome: maintain skin integrity; maintain nutrition; promote dignity.",
    ],
)
def test_generic_aims_in_new_wordings_are_outcomes_but_not_personal(text: str) -> None:
    found = met(text)
    assert OUT in found
    assert P not in found


@pytest.mark.parametrize(
    "text",
    [
        "Aims: to support Mr Hussain to achieve his full potential.",
        "Outcome: for Sean to maintain his placement and promote positive behaviour.",
        "Aims: to engage Toni in education, employment or training.",
    ],
)
def test_the_persons_own_name_does_not_make_a_generic_aim_personal(text: str) -> None:
    assert OUT in met(text)
    assert P not in met(text)


def test_a_relatives_wish_for_a_service_is_not_an_outcome() -> None:
    assert OUT not in met("Her daughter said she would like her mum to go into a care home.")


def test_a_wish_naming_someone_else_in_the_persons_terms_stays_an_outcome() -> None:
    assert P in met("Ellie said: “I want the teachers to know why I'm late, instead of giving me detention.”")


def test_a_triage_field_is_not_an_outcome() -> None:
    assert OUT not in met("Screened by: duty worker. Priority: routine. Letter sent to the GP.")


def test_what_matters_to_a_named_person_under_a_heading() -> None:
    text = "What matters to Annie: to hear and speak Gaelic every day with the people around her."
    assert {OUT, P} <= met(text)


def test_an_outcome_told_with_a_long_qualifier_before_was() -> None:
    text = "Stuart's outcome at the last review was to move into a flat in Leith so he can see his daughter."
    assert {OUT, P, W} <= met(text)


# --- why: reasons that point back, and what is not a reason -----------------------------------------------


def test_as_she_always_has_is_a_comparison_not_a_reason() -> None:
    text = "Kenneth does not want any carers coming in. He said his wife will do it all, as she always has."
    assert W not in met(text)


def test_it_matters_because_in_the_next_sentence_is_a_reason() -> None:
    text = (
        "Her goal is to be at her granddaughter's dancing show in December. Helen has been to every show "
        "since Ellie was four; it matters to her because she promised Ellie she would always be there."
    )
    assert W in met(text)


def test_who_the_outcome_lets_them_be_is_a_reason() -> None:
    text = (
        "Craig wants to go to the festival with his mates this year, without his mum. He has never been away "
        "without family and he wants to feel like a normal 29-year-old."
    )
    assert W in met(text)


def test_a_quoted_reason_before_a_further_wish_in_the_same_quotation() -> None:
    text = (
        "Grace's goal was to have her mother to stay from Manchester. \"I've never had a home I could invite "
        "my mum to. I want her to see I'm doing alright.\""
    )
    assert W in met(text)


def test_a_reason_in_quotation_after_a_colon() -> None:
    text = 'Jordan wants to work with animals: "Dogs are easier than people. They don\'t judge you."'
    assert W in met(text)


def test_what_the_outcome_gives_their_week_is_a_reason() -> None:
    text = (
        "Outcome: to go to Friday prayers at the mosque. Praying with his community gives his week its shape."
    )
    assert W in met(text)


# --- contribution and plan ---------------------------------------------------------------------------------


def test_a_promise_joined_to_what_was_done_is_contribution_and_plan() -> None:
    text = (
        "Craig wants to go to the festival with his friends Lee and Sam. Lee has done the personal care "
        "training and will help Craig in the mornings."
    )
    assert {C, PL} <= met(text)


def test_a_relatives_offer_in_reported_words_is_contribution() -> None:
    assert C in met("Mark wants a room outside the city centre. His sister has said he can stay at hers.")


def test_someone_doing_something_for_the_person_is_contribution() -> None:
    assert C in met("Adaptation request for a level access shower. Mrs Thomson washes him at the sink.")


def test_members_of_a_community_group_helping_is_contribution() -> None:
    assert C in met(
        "Anna wants to stay in her flat. Members of her church take her to the service on Sundays."
    )


@pytest.mark.parametrize(
    "text",
    [
        "Anna wants to stay in her flat. Her son has been asked whether he could do her shopping.",
        "Anna wants to stay in her flat. She agreed to think about asking her daughter for help.",
        "Anna wants to stay in her flat. Her son is not able to help with the shopping.",
    ],
)
def test_asked_hypothetical_or_negated_help_is_not_contribution(text: str) -> None:
    assert C not in met(text)


def test_family_who_only_visit_are_not_a_plan() -> None:
    text = "Outcome: for Sean to maintain his placement. Sean's mum visits once a month."
    assert PL not in met(text)


def test_a_review_date_is_not_a_plan() -> None:
    text = "Outcome: to promote positive behaviour. The behaviour team will review it in the new year."
    assert PL not in met(text)


def test_attending_a_service_is_not_a_plan() -> None:
    assert PL not in met("Outcome: to maintain his tenancy. He attends the day centre Mon-Wed and Friday.")


def test_staff_agreeing_to_speak_up_for_the_person_is_a_plan() -> None:
    text = "Ellie wants her teachers to understand why she is late. Mr Hay has agreed to tell her year head."
    assert PL in met(text)


def test_a_staff_routine_with_a_time_of_day_is_a_plan() -> None:
    text = (
        "Edith's outcome: to listen to the service in peace. Staff now put a sign on her door 10.45 to 12 on "
        "Sundays."
    )
    assert PL in met(text)


# --- review, strengths and deficit language ----------------------------------------------------------------


def test_progress_told_before_any_outcome_is_background() -> None:
    text = (
        "Mrs Boyle has not been out of the flat since the winter. She would like a ground-floor flat near "
        "her daughter so she can go to the shops again."
    )
    assert OUT in met(text)
    assert R not in met(text)


def test_qualities_of_staff_or_a_house_are_not_the_persons_strengths() -> None:
    text = "The carers are kind but she never knows who is coming. House was clean and warm."
    assert S not in met(text)


def test_a_strength_stated_as_such_inside_a_reason_counts() -> None:
    text = '"I want a job in a nursery. I love little kids and I am good at reading stories to them."'
    assert S in met(text)


def test_deficit_language_is_flagged_when_only_the_carers_are_praised() -> None:
    result = check("The carers are kind. She is unable to manage the stairs to the bathroom.")
    assert [f.text for f in result.findings if f.kind == "deficit"] == ["unable to"]


def test_scottish_school_years_are_not_jargon() -> None:
    result = check("Toni left school at the end of S4 and has been at home since. She is on the list for P1.")
    assert [f.text for f in result.findings if f.kind == "jargon"] == []


# --- one pass over the text gives what each pattern gives alone ------------------------------------------


def _texts() -> list[str]:
    texts = [
        "Outcome: to stay at home.\n  Plan: 1) Her son will visit. (OT) will call.",
        "Strengths: she's kind.\nWhat matters to me – getting out. d/c c/o n/a 2/52 NFA",
    ]
    if CORPUS.is_file():
        lines = CORPUS.read_text(encoding="utf-8").splitlines()
        texts.extend(str(json.loads(line)["text"]) for line in lines if line.strip())
    return texts


def test_the_scanner_finds_exactly_what_each_rule_and_pattern_finds_alone() -> None:
    rule_set = load_rules()
    scanner, patterns = _aux()
    n = len(rule_set.scanner.matchers)
    for text in _texts():
        ctx = Context.build(text)
        scanned = rule_set.run(ctx)
        for rule in rule_set.rules:
            alone = sorted((m.start, m.end) for m in run_rule(rule, ctx))
            together = sorted((m.start, m.end) for m in scanned.get(rule.role, []) if m.rule is rule)
            assert alone == together, (rule.id, text[:40])
        found = scanner.scan(text)
        for pattern, spans in zip(patterns, found[n:], strict=True):
            assert spans == [m.span() for m in pattern.finditer(text)], (pattern.pattern[:40], text[:40])


def test_negation_from_the_scan_equals_negation_from_the_text() -> None:
    for text in [*_texts(), "She can't. He DON'T go, no longer, won’t"]:
        assert _Analysis(text).ctx.negation == negation_index(text)
