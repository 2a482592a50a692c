"""The package's public API: what `import outcomes_tools` gives, and the examples in its docstring."""

from __future__ import annotations

import doctest

import outcomes_tools


def test_docstring_examples_run() -> None:
    failures, tried = doctest.testmod(outcomes_tools, verbose=False)
    assert tried >= 2
    assert failures == 0


def test_every_public_name_exists() -> None:
    for name in outcomes_tools.__all__:
        assert hasattr(outcomes_tools, name), name


def test_results_serialise_to_the_cli_shapes() -> None:
    text = "Ann wants to keep going to her choir on Thursdays because she loves to sing."
    record = outcomes_tools.check(text)
    assert set(record.to_dict()) >= {"criteria", "findings"}
    mapped = outcomes_tools.map_outcome("I want to get back to my walking group")
    assert [link["level"] for link in mapped.to_dict()["chain"]] == [
        "personal",
        "service",
        "organisational",
        "partnership",
        "national",
    ]
    assert outcomes_tools.classify_question("Could you tell me about your week?").kind == "open"
