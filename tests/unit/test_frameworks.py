"""The reference frameworks: ids and wording as outcome-frameworks.md, and strict validation of the files."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from outcomes_tools import mapper
from outcomes_tools._data import DataError, DataFile, data_files
from outcomes_tools.frameworks import build_frameworks, load_frameworks

ROOT = Path(__file__).resolve().parents[2]

ADULTS = [
    ("quality-of-life", "feeling-safe", "Feeling safe"),
    ("quality-of-life", "having-things-to-do", "Having things to do"),
    ("quality-of-life", "seeing-people", "Seeing people"),
    ("quality-of-life", "being-as-well-as-you-can", "Being as well as you can"),
    ("quality-of-life", "living-where-you-want", "Living where you want / as you want"),
    ("quality-of-life", "dealing-with-stigma", "Dealing with stigma / discrimination"),
    ("process", "listened-to", "Listened to"),
    ("process", "having-a-say", "Having a say"),
    ("process", "treated-with-respect", "Treated with respect"),
    ("process", "treated-as-an-individual", "Treated as an individual"),
    ("process", "being-responded-to", "Being responded to"),
    ("process", "reliability", "Reliability"),
    ("change", "improved-confidence", "Improved confidence"),
    ("change", "improved-skills", "Improved skills"),
    ("change", "improved-mobility", "Improved mobility"),
    ("change", "reduced-symptoms", "Reduced symptoms"),
]
CARERS = [
    "carer-cared-for-quality-of-life",
    "carer-quality-of-life",
    "carer-managing-the-caring-role",
    "carer-process",
]
CARE_HOMES = ["privacy-respected", "good-end-of-life", "belonging-to-a-community"]


def _files() -> list[DataFile]:
    return [DataFile(f.name, copy.deepcopy(f.content)) for f in data_files("frameworks")]


def _file(files: list[DataFile], ident: str) -> dict[str, Any]:
    for f in files:
        if f.content["id"] == ident:
            return f.content  # type: ignore[no-any-return]
    raise KeyError(ident)


def test_adult_categories_have_the_spec_ids_labels_and_types() -> None:
    fw = load_frameworks().framework("talking-points-adults")
    assert [(c.type, c.id, c.label) for c in fw.categories] == ADULTS
    assert [t.id for t in fw.types] == ["quality-of-life", "process", "change"]


def test_carer_and_care_home_categories_have_the_spec_ids() -> None:
    fws = load_frameworks()
    assert [c.id for c in fws.framework("talking-points-carers").categories] == CARERS
    assert [c.id for c in fws.framework("talking-points-care-homes").categories] == CARE_HOMES
    assert fws.category("carer-process").label.startswith("Process outcomes")
    assert [f.id for f in fws.category_frameworks] == [
        "talking-points-adults",
        "talking-points-carers",
        "talking-points-care-homes",
    ]


def test_every_category_is_complete() -> None:
    fws = load_frameworks()
    numbers = {n.number for n in fws.national_outcomes}
    for c in fws.categories:
        assert c.description.endswith("."), c.id
        assert len(c.cues) >= 10, c.id
        assert c.national_outcomes, c.id
        assert set(c.national_outcomes) <= numbers, c.id
        for level in ("service", "organisational", "partnership"):
            assert len(c.chain.text(level).split()) >= 5, (c.id, level)


def test_national_outcomes_quote_the_statutory_wording() -> None:
    fws = load_frameworks()
    assert [n.number for n in fws.national_outcomes] == list(range(1, 10))
    seed = ROOT.parent / "shared" / "seeds" / "national-health-wellbeing-outcomes-framework-2015.txt"
    wording = {
        1: "People are able to look after and improve their own health and wellbeing and live in good health "
        "for longer.",
        2: "People, including those with disabilities or long term conditions, or who are frail, are able to "
        "live, as far as reasonably practicable, independently and at home or in a homely setting in their "
        "community.",
        5: "Health and social care services contribute to reducing health inequalities.",
        7: "People who use health and social care services are safe from harm.",
        9: "Resources are used effectively and efficiently in the provision of health and social care "
        "services.",
    }
    for number, text in wording.items():
        assert fws.national_outcome(number).text == text
    if seed.exists():  # each statutory text appears word for word in the source's section 5
        source = seed.read_text(encoding="utf-8")
        for n in fws.national_outcomes:
            assert f"| {n.number} | {n.text}" in source, n.number
            for expectation in n.expectations:
                assert expectation in source, expectation
    assert [len(n.expectations) for n in fws.national_outcomes] == [3, 3, 5, 4, 3, 3, 3, 3, 3]
    assert fws.national.source.licence == "Open Government Licence v3.0"


def test_levels_carry_the_framework_worked_chain() -> None:
    fws = load_frameworks()
    assert [lv.id for lv in fws.levels] == [
        "personal",
        "service",
        "organisational",
        "partnership",
        "national",
    ]
    assert [lv.example for lv in fws.levels] == [
        "I want to be able to get back to my walking group",
        "We work with people to improve their ability to get out and about",
        "The people we work with are more socially included/connected",
        "People are able to maintain their independent living for longer",
        "We live longer, healthier lives",
    ]


def test_panel_and_fair_are_complete() -> None:
    fws = load_frameworks()
    assert [p.id for p in fws.panel] == [
        "participation",
        "accountability",
        "non-discrimination-and-equality",
        "empowerment",
        "legality",
    ]
    assert "".join(p.letter for p in fws.panel) == "PANEL"
    assert [s.id for s in fws.fair] == [
        "facts",
        "analysis-of-rights",
        "identification-of-responsibilities",
        "review-actions",
    ]
    assert "".join(s.letter for s in fws.fair) == "FAIR"
    assert [len(s.questions) for s in fws.fair] == [3, 4, 2, 1]
    assert fws.fair[0].questions[0] == "What is the experience of the individual?"
    assert all(q.endswith("?") or q.endswith(".") for s in fws.fair for q in s.questions)


def test_load_is_cached() -> None:
    assert load_frameworks() is load_frameworks()


def test_shipped_files_build() -> None:
    assert build_frameworks(_files()) == load_frameworks()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda fs: _file(fs, "talking-points-adults")["categories"][0].update(colour="red"),
            r"adults\.json.*'colour'",
        ),
        (
            lambda fs: _file(fs, "talking-points-carers")["categories"][0].update(id="feeling-safe"),
            r"carers\.json.*duplicate id 'feeling-safe'",
        ),
        (
            lambda fs: _file(fs, "talking-points-adults")["categories"][2].update(national_outcomes=[4, 10]),
            r"category 'seeing-people'\.national_outcomes\[1\]: no national outcome numbered 10",
        ),
        (
            lambda fs: _file(fs, "talking-points-adults")["categories"][1].update(type="fun"),
            r"category 'having-things-to-do'\.type: unknown type 'fun'",
        ),
        (
            lambda fs: _file(fs, "talking-points-care-homes")["categories"][0]["chain"].pop("service"),
            r"care-homes\.json.*chain: missing key 'service'",
        ),
        (
            lambda fs: _file(fs, "national-outcomes")["outcomes"][1].update(number=1),
            r"national-outcomes\.json.*duplicate",
        ),
        (
            lambda fs: _file(fs, "fair")["steps"].append(dict(_file(fs, "fair")["steps"][0])),
            r"fair\.json.*duplicate id 'facts'",
        ),
        (lambda fs: _file(fs, "levels")["levels"].reverse(), r"levels\.json: levels: expected the ids"),
        (lambda fs: _file(fs, "panel").update(kind="rules"), r"panel\.json: kind: expected one of"),
    ],
)
def test_bad_data_names_the_file_and_key(change: Any, expected: str) -> None:
    files = _files()
    change(files)
    with pytest.raises(DataError, match=expected):
        build_frameworks(files)


def test_two_national_outcome_files_are_refused() -> None:
    files = _files()
    files.append(DataFile("extra/national.json", _file(files, "national-outcomes")))
    with pytest.raises(DataError, match="exactly one file of kind 'national-outcomes'"):
        build_frameworks(files)


def _readme_example() -> dict[str, Any]:
    readme = (ROOT / "src" / "outcomes_tools" / "data" / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```json\n(.*?)```", readme, re.S)
    assert block is not None
    return json.loads(block.group(1))  # type: ignore[no-any-return]


def test_readme_example_is_valid_and_adds_a_local_outcome() -> None:
    files = [*_files(), DataFile("local/our-local-outcomes.json", _readme_example())]
    fws = build_frameworks(files)
    assert fws.category_frameworks[-1].id == "our-local-outcomes"
    assert fws.category("keeping-warm").framework == "our-local-outcomes"


def test_an_organisation_adds_local_outcomes_through_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "frameworks").mkdir()
    (tmp_path / "frameworks" / "our-local-outcomes.json").write_text(
        json.dumps(_readme_example()), encoding="utf-8"
    )
    monkeypatch.setenv("OUTCOMES_TOOLS_DATA", str(tmp_path))
    load_frameworks.cache_clear()
    mapper._model.cache_clear()
    try:
        result = mapper.map_outcome(
            "To keep the heating on so the house is warm, without worrying about bills"
        )
        assert result.categories[0].id == "keeping-warm"
        assert result.categories[0].framework == "our-local-outcomes"
        assert result.chain[1].text == "We work with people so that they can keep their homes warm"
    finally:
        monkeypatch.delenv("OUTCOMES_TOOLS_DATA")
        load_frameworks.cache_clear()
        mapper._model.cache_clear()
    assert "keeping-warm" not in {c.id for c in load_frameworks().categories}
