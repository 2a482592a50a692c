"""The recording-quality checker: the spec's worked examples, its hard cases, and records written for it."""

from __future__ import annotations

import pytest

from outcomes_tools.checker import CRITERIA, CRITERION_LABELS, MAX_CHARS, CheckResult, check
from outcomes_tools.errors import InputError, TextTooLong

OUT, P, C, V, W, PL, S, R = CRITERIA


def met(text: str) -> set[str]:
    return {c for c, ok in check(text).met.items() if ok}


def jargon(result: CheckResult) -> list[str]:
    return [f.text for f in result.findings if f.kind == "jargon"]


# --- The three worked examples of recording-criteria.md ---------------------------------------------------

EXAMPLE_1 = (
    "Package of care: 2 x daily visits for personal care, meals on wheels Mon–Fri. "
    "Referred to OT for bathing assessment. NFA."
)
EXAMPLE_2 = (
    "Mrs Duncan wants to get back to the bowling club on Saturdays, which is where she sees her oldest "
    "friends. 'I feel like I've disappeared since the fall,' she told me. Her daughter will drive her there "
    "for the first month; the physio will work with her on balance so she can manage the step at the club."
)
EXAMPLE_3 = (
    "Outcome: maintain safety at home and reduce risk of falls. Pendant alarm to be fitted by the community "
    "alarm service."
)


def test_worked_example_1_services_only() -> None:
    result = check(EXAMPLE_1)
    assert met(EXAMPLE_1) == set()
    assert sorted(jargon(result)) == ["NFA", "Package of care"]


def test_worked_example_2_personal_outcome_without_strengths_or_review() -> None:
    assert met(EXAMPLE_2) == {OUT, P, C, V, W, PL}


def test_worked_example_3_generic_aim_with_a_service_towards_it() -> None:
    assert met(EXAMPLE_3) == {OUT, PL}


# --- Hard cases named in the spec -----------------------------------------------------------------------


def test_workers_own_first_person_is_not_voice() -> None:
    text = (
        "I visited Mrs Anderson at home. I discussed her medication and I will phone the pharmacy tomorrow."
    )
    assert V not in met(text)


def test_reported_speech_alone_is_not_voice() -> None:
    text = "Mr Bell said he wants to get back to his allotment because it keeps him going."
    assert V not in met(text)
    assert {OUT, P, W} <= met(text)


def test_family_carers_quoted_words_are_voice() -> None:
    text = "His wife Jean said: 'He has always been happiest out in the garden.' Carers visit twice a day."
    assert V in met(text)


def test_not_wanting_a_care_home_is_an_outcome() -> None:
    text = "Mrs Lyon does not want to move into a care home. Home care will continue morning and evening."
    assert {OUT, PL} <= met(text)


def test_generic_safety_aim_is_an_outcome_but_not_personalised() -> None:
    got = met("Aim: maintain safety. Carers to visit four times daily.")
    assert OUT in got
    assert P not in got


def test_services_without_a_purpose_are_not_outcomes() -> None:
    text = "Home care twice daily. Day centre on Wednesdays. Referred to OT. Assessment completed."
    assert met(text) == set()


def test_negated_family_is_not_contribution() -> None:
    text = "Outcome: to stay in her own flat. No family involvement. Carers visit twice daily."
    assert C not in met(text)


def test_relative_asked_but_not_agreed_has_not_contributed() -> None:
    text = (
        "Mr Hope wants to keep going to the Legion on Fridays. His son has been asked whether he could take "
        "him but has not replied yet."
    )
    assert C not in met(text)
    assert OUT in met(text)


def test_relative_who_agreed_has_contributed() -> None:
    text = "Mr Hope wants to keep going to the Legion on Fridays. His son has agreed to take him each week."
    assert {OUT, C, PL} <= met(text)


def test_dependent_criteria_need_an_outcome() -> None:
    text = (
        "She is a keen gardener and very determined. Her son visits daily and helps with the shopping. "
        "She now walks to the shop twice a week because she enjoys the chat. Physio will visit on Monday."
    )
    got = met(text)
    assert OUT not in got
    assert not {P, W, PL, R} & got
    result = check(text)
    for ident in (P, W, PL, R):
        assert result.criterion(ident).evidence == ()
        assert "First record an outcome" in result.criterion(ident).message


# --- Records written for these tests (labelled as a careful reviewer would) --------------------------------

RECORDS: list[tuple[str, set[str]]] = [
    (
        "Mr Singh wants to keep cooking his own tea because it reminds him of his wife. 'It's what we always "
        "did together,' he said. He is a fine cook. His grandson will shop with him on Saturdays.",
        {OUT, P, W, V, S, C, PL},
    ),
    (
        "Home visit. Carers attend 3 x daily for personal care and medication. Bed rails in place. GP aware.",
        set(),
    ),
    (
        "Goal: reduce social isolation. Day centre two days a week from 4 March.",
        {OUT, PL},
    ),
    (
        "Agnes would like to go to the Tuesday lunch club at the church hall, where she meets women she has "
        "known since school. Her neighbour Betty has agreed to walk round with her. Agnes is sociable and "
        "knits for the whole street.",
        {OUT, P, W, C, PL, S},
    ),
    (
        "Review. Outcome set in May: to walk to the paper shop each morning. She now gets there four "
        "mornings out of seven with her stick; the rain has kept her in on the other days.",
        {OUT, P, R},
    ),
    (
        "I spoke to Mr Kerr by phone. I explained the charging policy and I will send him the form.",
        set(),
    ),
    (
        "Ms Grant said: 'I just want to feel safe in my own bed at night.' The telecare team will fit a bed "
        "sensor on 3 June.",
        {OUT, P, V, PL},
    ),
    (
        "Callum has a close group of friends from the football and is good with computers. He lives with his "
        "mum.",
        {S},
    ),
    (
        "Outcome: promote independence. Mrs Lee suffers from arthritis and is unable to use the stairs.",
        {OUT},
    ),
    (
        "Jean will practise the exercises daily so she can get back to her dancing class. The physio will "
        "visit fortnightly.",
        {OUT, P, C, PL},
    ),
    (
        "What matters to Tom: seeing his grandchildren at weekends. His daughter brings them over every "
        "Sunday afternoon.",
        {OUT, P, C, PL},
    ),
    (
        "Outcome: to get back to swimming at the leisure centre. Not yet achieved: the pool hoist has been "
        "broken since March.",
        {OUT, P, R},
    ),
    (
        "Mrs Ali needs help with meals and is at risk of falls. Referral made to the falls team.",
        set(),
    ),
    (
        "Mr Boyd would like help to get out to the shops on his own again. He has been very low since his "
        "wife died.",
        {OUT, P},
    ),
    (
        'Daughter said: "Mum has always loved her garden, it is her pride and joy." No other family nearby.',
        {V, S},
    ),
    (
        "Dylan wants a job in a bike shop, as he has been fixing bikes since he was ten. He is patient and "
        "good with his hands. His uncle will ask at the shop on Leith Walk next week.",
        {OUT, P, W, S, C, PL},
    ),
]


@pytest.mark.parametrize(("text", "expected"), RECORDS, ids=[f"record-{i}" for i in range(len(RECORDS))])
def test_written_records(text: str, expected: set[str]) -> None:
    assert met(text) == expected


# Single behaviours: (text, criteria that must be met, criteria that must not be).
CASES: list[tuple[str, set[str], set[str]]] = [
    ("The consultant said: 'He is medically fit for discharge.'", set(), {V}),
    ("Son reports mum is 'not herself' and 'very low'.", {V}, set()),
    ("I said to Mr Hume, 'We'll get this sorted, don't worry.' He nodded.", set(), {V}),
    ("John needs help with washing. Wife is his main carer.", {C}, {OUT}),
    ("Family supportive. Carers visit daily.", set(), {C}),
    ("Mrs Reid did not want to talk today.", set(), {OUT}),
    ("Mr Tait would like to walk his dog again. A physio referral has been sent.", {OUT, P, PL}, set()),
    ("She wants to get to the shops. Next step: apply for a bus pass (Sarah, support worker).", {PL}, set()),
    ("She wants to get to the shops. Plan to be agreed at the next meeting.", {OUT}, {PL}),
    ("He wants to go back to the golf. He goes with his neighbour on Thursdays.", {C}, set()),
    ("Mr Reid would like to go fishing again. He says it clears his head.", {W}, set()),
    ("Goal: to feel less lonely. Befriender to visit weekly.", {OUT, PL}, {P}),
    ("Mrs Kay wishes to remain at home. Carers 4 x daily.", {OUT, PL}, {P}),
    ("Following discussion, Mrs A agreed she would like to try the day centre.", set(), {OUT}),
    ("Outcome: to move into her own flat. Progress: she moved in on 2 May.", {R}, set()),
    ("Outcome: to swim again. She has been to the pool twice since the hoist was fitted.", {R}, set()),
    ("Review in six weeks. Outcome: to get back to the choir.", {OUT}, {R}),
]


@pytest.mark.parametrize(("text", "must", "must_not"), CASES, ids=[f"case-{i}" for i in range(len(CASES))])
def test_single_behaviours(text: str, must: set[str], must_not: set[str]) -> None:
    got = met(text)
    assert must <= got
    assert not must_not & got


# --- Findings -------------------------------------------------------------------------------------------

SPEC_JARGON = [
    "POC",
    "package of care",
    "SU",
    "service user",
    "client",
    "ADLs",
    "MDT",
    "DNACPR",
    "NFA",
    "presenting",
    "non-compliant",
    "placement",
    "input",
    "step-down",
    "care package",
    "LD",
    "challenging behaviour",
]


@pytest.mark.parametrize("term", SPEC_JARGON)
def test_every_spec_jargon_term_is_flagged_with_a_plainer_suggestion(term: str) -> None:
    result = check(f"Noted: {term} was discussed today.")
    found = [f for f in result.findings if f.kind == "jargon"]
    assert [f.text for f in found] == [term]
    assert found[0].suggestion
    assert found[0].rule.startswith("jargon.")


def test_rule_id_names_the_term() -> None:
    result = check("Package of care continues.")
    assert result.findings[0].rule == "jargon.package-of-care"


def test_everyday_abbreviations_and_lower_case_words_are_not_jargon() -> None:
    result = check("Her GP and the NHS dentist, e.g. Dr Shah, will see her. Sue said it was su-perb.")
    assert jargon(result) == []


def test_abbreviation_explained_in_brackets_is_not_jargon() -> None:
    result = check("The multidisciplinary team (MDT) met on Monday. The MDT agreed the plan.")
    assert jargon(result) == []


def test_deficit_language_is_flagged_only_without_strengths() -> None:
    bare = check("Mr Fox is wheelchair-bound and unable to transfer.")
    assert [f.text for f in bare.findings if f.kind == "deficit"] == ["wheelchair-bound", "unable to"]
    assert all(f.suggestion for f in bare.findings)
    kinder = check("Mr Fox is unable to transfer but he is a skilled joiner and very determined.")
    assert [f for f in kinder.findings if f.kind == "deficit"] == []


# --- Shape of the result and input limits ---------------------------------------------------------------


def test_to_dict_has_exactly_the_interface_shape() -> None:
    data = check(EXAMPLE_2).to_dict()
    # The interface's two keys, then `warnings` (likely personal details), added without renaming anything.
    assert list(data) == ["criteria", "findings", "warnings"]
    assert list(data["criteria"]) == list(CRITERIA)
    for ident, crit in data["criteria"].items():
        # The interface's three keys, then `label` (the criterion's name for a person), added at the end.
        assert list(crit) == ["met", "message", "evidence", "label"], ident
        assert crit["label"] == CRITERION_LABELS[ident]
        assert isinstance(crit["message"], str)
        assert crit["message"]
        for span in crit["evidence"]:
            assert list(span) == ["start", "end"]
            assert 0 <= span["start"] < span["end"] <= len(EXAMPLE_2)
        assert crit["met"] == bool(crit["evidence"])
    data1 = check(EXAMPLE_1).to_dict()
    for finding in data1["findings"]:
        assert list(finding) == ["kind", "rule", "start", "end", "text", "message", "suggestion"]
        assert EXAMPLE_1[finding["start"] : finding["end"]] == finding["text"]


def test_messages_say_what_to_add_when_not_met() -> None:
    result = check(EXAMPLE_1)
    assert "Add" in result.criterion("strengths").message
    assert "outcome" in result.criterion("outcomes").message.lower()


@pytest.mark.parametrize("text", ["", "   ", "\n\t \n"])
def test_empty_text_is_an_input_error(text: str) -> None:
    with pytest.raises(InputError, match="nothing to check"):
        check(text)


def test_text_over_the_limit_is_too_long() -> None:
    with pytest.raises(TextTooLong, match="smaller parts"):
        check("a" * (MAX_CHARS + 1))
    assert check("She wants to go home. " * 100, limit=None).criterion("outcomes").met


def test_non_text_is_an_input_error() -> None:
    with pytest.raises(InputError):
        check(b"bytes")  # type: ignore[arg-type]


def test_odd_unicode_keeps_spans_valid() -> None:
    text = (
        "Mrs \u0041\u0301nne wants to see her \U0001f415 \u200fדוד\u200f again\x00. "
        "\ud800 'I miss him,' she said."
    )
    result = check(text)
    assert result.criterion("voice").met
    for crit in result.criteria:
        for span in crit.evidence:
            assert 0 <= span.start < span.end <= len(text)


def test_every_criterion_has_its_own_plain_label() -> None:
    labels = [CRITERION_LABELS[c] for c in CRITERIA]
    assert len(set(labels)) == len(CRITERIA)
    assert all(label and label[0].isupper() and len(label) <= 40 for label in labels)
