"""Each tool driven in Chromium as a person would use it, against the engine's own answers."""

from __future__ import annotations

from typing import Any

import pytest
from browser_support import ToolPage, axe_serious
from playwright.sync_api import Page

from outcomes_tools.checker import check
from outcomes_tools.errors import InputError
from outcomes_tools.mapper import map_outcome
from outcomes_tools.prompts import prompts
from outcomes_tools.question import classify_question

pytestmark = pytest.mark.browser

RECORDS = [
    "Package of care: 2 x daily visits for personal care, meals on wheels Mon–Fri. Referred to OT for "
    "bathing assessment. NFA.",
    "Mrs Duncan wants to get back to the bowling club on Saturdays, which is where she sees her oldest "
    "friends. 'I feel like I've disappeared since the fall,' she told me. Her daughter will drive her there "
    "for the first month; the physio will work with her on balance so she can manage the step at the club.",
    "Outcome: maintain safety at home and reduce risk of falls. Pendant alarm to be fitted by the community "
    "alarm service.",
    "Tam is a keen gardener and very determined. He said: \"I want to keep my allotment going, it's what "
    'keeps me sane." His neighbour Bill will drive him there on Sundays. Review: he now goes twice a week. '
    "SU is non-compliant with medication and refuses day care. 🌱 Ünïcödé, עברית.",
]
STATEMENTS = [
    "I want to get back to my walking group on Tuesdays, it's where I see my pals.",
    "Getting to the match with my grandson again",
    "To feel safe in my own flat at night",
]
QUESTIONS = [
    "Do you feel safe at home?",
    "Could you tell me about your week?",
    "You'd be happier in a care home, wouldn't you?",
    "What time do you get up?",
]
HOSTILE = (
    "<img src=x onerror=\"window.__pwned = 1; alert('img')\"> I want to see my friends at the club. "
    "<script>window.__pwned = 2; alert('script')</script><b onmouseover=alert(1)>bold</b> &amp; &lt;i&gt;"
)
MEGABYTE = ("She wants to go to the bowling club with her friends on Saturdays. " * 16_000)[:1_000_000]


def outcome_of(func: Any, text: str) -> dict[str, Any] | str:
    """What the engine gives for this text: its result as JSON, or the InputError message."""
    try:
        return func(text).to_dict()  # type: ignore[no-any-return]
    except InputError as err:
        return str(err)


def shown_check(page: Page) -> dict[str, Any]:
    return page.evaluate(
        """() => {
          const root = document.querySelector('[data-tool="check"]');
          const out = root.querySelector('[data-tool-output]');
          return {
            criteria: [...out.querySelectorAll('[data-criterion]')].map(el => ({
              id: el.dataset.criterion, met: el.dataset.met,
              message: el.querySelector('[data-criterion-message]').textContent,
              title: el.querySelector('.og-criterion__title').textContent})),
            findings: [...out.querySelectorAll('[data-finding-kind]')]
              .map(el => [el.dataset.findingKind, el.dataset.rule]),
            record: out.querySelector('[data-record]').textContent,
            evidence: [...out.querySelectorAll('mark[data-evidence]')]
              .map(m => [m.dataset.evidence, m.textContent]),
          };
        }"""
    )


def assert_inert(tool: ToolPage) -> None:
    page = tool.page
    assert tool.dialogs == [], f"a dialog opened: {tool.dialogs}"
    assert page.evaluate("window.__pwned") is None
    assert (
        tool.root.locator("[data-tool-output] img, [data-tool-output] script, [data-tool-output] b").count()
        == 0
    )


# ---- Recording checker ---------------------------------------------------------------------------


@pytest.mark.parametrize("tool", ["check"], indirect=True)
@pytest.mark.parametrize("record", RECORDS, ids=["services-only", "bowling-club", "generic", "mixed"])
def test_checker_shows_what_the_engine_finds(tool: ToolPage, record: str) -> None:
    expected = check(record).to_dict()
    tool.set_input(record)
    tool.run()
    shown = shown_check(tool.page)
    assert [c["id"] for c in shown["criteria"]] == [
        "outcomes", "personalised", "contribution", "voice", "why", "plan", "strengths", "review",
    ]  # fmt: skip
    for criterion in shown["criteria"]:
        want = expected["criteria"][criterion["id"]]
        assert criterion["met"] == str(want["met"]).lower(), criterion["id"]
        assert criterion["message"] == want["message"]
        # The engine's own name for the criterion, as the command line and the service view print it.
        assert criterion["title"].endswith(" " + want["label"]), criterion["title"]
    assert shown["findings"] == [[f["kind"], f["rule"]] for f in expected["findings"]]
    assert shown["record"] == record
    # Every piece of evidence the engine points at is marked, with its criterion, in the copy of the record.
    marked = "".join(text for ids, text in shown["evidence"])
    for cid, criterion in expected["criteria"].items():
        for span in criterion["evidence"]:
            piece = record[span["start"] : span["end"]]
            assert piece in marked or all(p in marked for p in piece.split()), (cid, piece)
            assert any(cid in ids.split() for ids, _ in shown["evidence"]), cid
    summary = tool.root.locator("[data-summary]").inner_text()
    met = sum(1 for c in expected["criteria"].values() if c["met"])
    assert f"{met} of 8 criteria met" in summary
    assert tool.errors == []


@pytest.mark.parametrize("tool", ["check"], indirect=True)
def test_checker_handles_a_long_record_within_its_limit(tool: ToolPage) -> None:
    record = " ".join(RECORDS) + "\n"
    record = (record * (150_000 // len(record)))[:150_000]
    expected = check(record).to_dict()
    tool.set_input(record)
    tool.run()
    shown = shown_check(tool.page)
    assert shown["record"] == record
    assert [c["met"] for c in shown["criteria"]] == [
        str(c["met"]).lower() for c in expected["criteria"].values()
    ]
    assert len(shown["findings"]) == len(expected["findings"])


@pytest.mark.parametrize("tool", ["check"], indirect=True)
def test_checker_warns_of_personal_details_first(tool: ToolPage) -> None:
    record = "Mr Shah (CHI 0101451234, EH1 1YZ) wants to get back to his allotment. " + RECORDS[1]
    expected = [(w["kind"], w["message"]) for w in check(record).to_dict()["warnings"]]
    assert [kind for kind, _ in expected] == ["name", "chi", "postcode", "name"]
    tool.set_input(record)
    tool.run()
    box = tool.root.locator("[data-warnings]")
    assert box.get_attribute("data-warnings") == "4"
    items = box.locator("[data-warning-kind]")
    shown = [(items.nth(i).get_attribute("data-warning-kind"), items.nth(i).inner_text()) for i in range(4)]
    assert [kind for kind, _ in shown] == [kind for kind, _ in expected]
    assert all(message in text for (_, message), (_, text) in zip(expected, shown, strict=True))
    # The warning comes before the criteria, so it is read first.
    assert tool.page.evaluate(
        """() => {
          const w = document.querySelector('[data-warnings]');
          const c = document.querySelector('[data-criterion]');
          return Boolean(w.compareDocumentPosition(c) & Node.DOCUMENT_POSITION_FOLLOWING);
        }"""
    )
    assert "Personal details to remove before sharing: 4." in tool.root.locator("[data-summary]").inner_text()


@pytest.mark.parametrize("tool", ["check"], indirect=True)
def test_checker_output_passes_axe(tool: ToolPage) -> None:
    tool.set_input(RECORDS[3])
    tool.run()
    assert axe_serious(tool.page) == []


@pytest.mark.parametrize("tool", ["check"], indirect=True)
def test_print_gives_the_summary_alone(tool: ToolPage) -> None:
    page = tool.page
    tool.set_input(RECORDS[1])
    tool.run()
    summary = tool.root.locator("[data-summary]").text_content()
    page.emulate_media(media="print")
    try:
        page.evaluate(
            """() => { window.print = () => {
                 window.__printed = document.querySelector('article').innerText.trim();
                 window.dispatchEvent(new Event('afterprint')); }; }"""
        )
        tool.root.locator("[data-tool-output] button", has_text="Print").evaluate("button => button.click()")
        printed = page.evaluate("window.__printed")
    finally:
        page.emulate_media(media="screen")
    assert printed == (summary or "").strip()
    assert tool.root.locator("[data-print-copy]").count() == 0


# ---- Outcome mapper ------------------------------------------------------------------------------


@pytest.mark.parametrize("tool", ["map"], indirect=True)
@pytest.mark.parametrize("statement", STATEMENTS)
def test_mapper_shows_the_engine_ranking_and_chain(tool: ToolPage, statement: str) -> None:
    expected = map_outcome(statement).to_dict()
    tool.set_input(statement)
    tool.run()
    out = tool.root.locator("[data-tool-output]")
    ids = out.locator("[data-category-id]").evaluate_all("els => els.map(e => e.dataset.categoryId)")
    assert ids == [c["id"] for c in expected["categories"]]
    # Only the categories that clear the engine's threshold are listed as matches; the rest are folded away.
    listed = out.locator("ol.og-ranked").first.locator("[data-category-id]")
    threshold = expected["match_threshold"]
    assert listed.evaluate_all("els => els.map(e => e.dataset.categoryId)") == [
        c["id"] for c in expected["categories"] if c["score"] > 0 and c["score"] >= threshold
    ]
    numbers = out.locator("[data-national-outcome]").evaluate_all(
        "els => els.map(e => e.dataset.nationalOutcome)"
    )
    assert numbers == [str(n["number"]) for n in expected["national_outcomes"]]
    texts = out.locator("[data-national-outcome] q").evaluate_all("els => els.map(e => e.textContent)")
    assert texts == [n["text"] for n in expected["national_outcomes"]]
    chain = out.locator("[data-chain-level]").evaluate_all(
        "els => els.map(e => [e.dataset.chainLevel, e.value])"
    )
    assert chain == [[step["level"], step["text"]] for step in expected["chain"]]
    # The chain can be edited: the field keeps what the worker writes.
    field = out.locator('[data-chain-level="service"]')
    field.fill("We help people get out and about.")
    assert field.input_value() == "We help people get out and about."


@pytest.mark.parametrize("tool", ["map"], indirect=True)
def test_mapper_output_passes_axe(tool: ToolPage) -> None:
    tool.set_input(STATEMENTS[0])
    tool.run()
    assert axe_serious(tool.page) == []


# ---- Question checker ----------------------------------------------------------------------------


@pytest.mark.parametrize("tool", ["question"], indirect=True)
@pytest.mark.parametrize("question", QUESTIONS)
def test_question_checker_shows_the_engine_answer(tool: ToolPage, question: str) -> None:
    expected = classify_question(question).to_dict()
    tool.set_input(question)
    tool.run()
    out = tool.root.locator("[data-tool-output]")
    assert out.locator("[data-question-kind]").get_attribute("data-question-kind") == expected["kind"]
    assert out.locator("[data-question-message]").inner_text() == expected["message"]
    suggestion = out.locator("[data-question-suggestion] q")
    if expected["suggestion"] is None:
        assert suggestion.count() == 0
    else:
        assert suggestion.inner_text() == expected["suggestion"]


# ---- Conversation opener ---------------------------------------------------------------------


def shown_prompts(tool: ToolPage) -> dict[str, list[str]]:
    return tool.page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('[data-opener-topic]')].map(s =>
             [s.dataset.openerTopic, [...s.querySelectorAll('[data-prompt]')].map(p => p.textContent)]))"""
    )


def choose(tool: ToolPage, who: str, areas: list[str]) -> None:
    tool.root.locator(f'input[name="opener-who"][value="{who}"]').check()
    for area in areas:
        tool.root.locator(f'input[data-area="{area}"]').check()


@pytest.mark.parametrize("tool", ["opener"], indirect=True)
@pytest.mark.parametrize(
    ("who", "audience", "areas"),
    [
        ("person", "person", ["seeing-people", "feeling-safe"]),
        ("carer", "carer", ["carer-quality-of-life", "having-things-to-do"]),
        ("care-home", "person", ["privacy-respected"]),
    ],
)
def test_opener_gives_the_engine_prompts_and_a_summary(
    tool: ToolPage, who: str, audience: str, areas: list[str]
) -> None:
    choose(tool, who, areas)
    tool.run()
    assert shown_prompts(tool) == {a: [p.text for p in prompts(a, audience)] for a in areas}
    notes = tool.root.locator(f'[data-opener-notes="{areas[0]}"]')
    notes.fill("Seeing my sister on Sundays. <img src=x onerror=alert(1)>")
    tool.root.locator("[data-opener-finish]").click()
    summary = tool.root.locator("[data-summary]")
    summary.wait_for()
    text = summary.text_content() or ""
    assert "Seeing my sister on Sundays. <img src=x onerror=alert(1)>" in text
    assert tool.root.locator("[data-tool-output] img").count() == 0
    assert tool.dialogs == []
    assert axe_serious(tool.page) == []


@pytest.mark.parametrize("tool", ["opener"], indirect=True)
def test_opener_for_supervision(tool: ToolPage) -> None:
    choose(tool, "supervision", [])
    assert tool.root.locator("[data-opener-areas-fieldset]").is_hidden()
    tool.run()
    assert shown_prompts(tool) == {"supervision": [p.text for p in prompts("supervision", "supervision")]}


@pytest.mark.parametrize("tool", ["opener"], indirect=True)
def test_opener_suggests_areas_from_what_was_typed(tool: ToolPage) -> None:
    statement = STATEMENTS[0]
    categories = map_outcome(statement).to_dict()["categories"]
    ranked = [c for c in categories if c["framework"] == "talking-points-adults"]
    expected = [c["id"] for c in ranked if c["score"] > 0][:3] or [c["id"] for c in ranked][:3]
    tool.set_input(statement)
    tool.run()
    assert list(shown_prompts(tool)) == expected


# ---- Every tool ----------------------------------------------------------------------------------

# The opener with no area chosen maps what was typed to choose areas, so the mapper decides its messages.
ENGINE = {"check": check, "map": map_outcome, "question": classify_question, "opener": map_outcome}


@pytest.mark.parametrize("tool", ["check", "map", "question", "opener"], indirect=True)
def test_hostile_input_is_shown_as_text_and_never_runs(tool: ToolPage) -> None:
    tool.set_input(HOSTILE)
    tool.run()
    assert_inert(tool)
    expected = outcome_of(ENGINE[tool.tool], HOSTILE)
    if isinstance(expected, str):
        assert tool.message() == expected
    else:
        assert tool.root.locator("[data-tool-output]").inner_text().strip() != ""
    if tool.tool == "check":
        assert tool.root.locator("[data-record]").text_content() == HOSTILE
    tool.page.wait_for_timeout(200)
    assert tool.dialogs == []


@pytest.mark.parametrize("tool", ["check", "map", "question", "opener"], indirect=True)
def test_a_megabyte_of_text_gets_a_message_and_the_text_stays(tool: ToolPage) -> None:
    expected = outcome_of(ENGINE[tool.tool], MEGABYTE)
    tool.set_input(MEGABYTE)
    tool.run()
    if isinstance(expected, str):
        assert tool.message() == expected
        assert tool.root.locator("[data-tool-output]").is_hidden()
    else:
        assert tool.root.locator("[data-tool-output]").is_visible()
    value = tool.root.locator("[data-tool-input]").first.evaluate("el => el.value")
    assert value == MEGABYTE


@pytest.mark.parametrize("tool", ["check", "map", "question", "opener"], indirect=True)
def test_keyboard_only(tool: ToolPage) -> None:
    page = tool.page
    field = tool.root.locator("[data-tool-input]").first
    field.focus()
    page.keyboard.type(QUESTIONS[0] if tool.tool == "question" else STATEMENTS[0])
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.hasAttribute('data-tool-run')")
    assert focused, "Tab from the input does not reach the run button"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in {"none", ""}, "the focused button has no visible focus"
    page.keyboard.press("Enter")
    tool.wait_for_outcome()
    assert tool.root.locator("[data-tool-output]").is_visible()
    # The result is announced in the live region.
    page.wait_for_function(
        "root => root.querySelector('[data-tool-announce]').textContent.length > 0",
        arg=tool.root.element_handle(),
    )
    # The Clear button empties the form and the result.
    tool.root.locator("[data-tool-clear]").focus()
    page.keyboard.press("Enter")
    assert field.input_value() == ""
    assert tool.root.locator("[data-tool-output]").is_hidden()


@pytest.mark.parametrize("tool", ["check", "map", "question", "opener"], indirect=True)
def test_nothing_typed_is_stored_and_the_url_never_changes(tool: ToolPage) -> None:
    page = tool.page
    before = page.url
    storage = "JSON.stringify([{...localStorage}, {...sessionStorage}, document.cookie])"
    stored_before = page.evaluate(storage)
    typed = "Getting to the match with my grandson again, zqxwv"
    tool.set_input(typed)
    tool.run()
    assert page.url == before
    # The theme keeps its own settings (such as the colour scheme); the tools add nothing.
    assert page.evaluate(storage) == stored_before
    assert "zqxwv" not in page.evaluate(storage)
