"""The worker's entry point: one reply per request, and only the page's own tools imported at start-up."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from outcomes_tools import __version__, bridge
from outcomes_tools.checker import check
from outcomes_tools.mapper import map_outcome
from outcomes_tools.question import classify_question

SRC = Path(__file__).resolve().parents[2] / "src"


def loaded_after(*calls: str) -> set[str]:
    """The engine's modules loaded in a fresh Python after importing the bridge and making ``calls``."""
    code = (
        "import sys, json\n"
        "from outcomes_tools import bridge\n"
        + "".join(f"assert bridge.handle_json({c})\n" for c in calls)
        + "print(json.dumps(sorted(m for m in sys.modules if m.startswith('outcomes_tools.'))))"
    )
    env = dict(os.environ, PYTHONPATH=str(SRC))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    return set(json.loads(out.stdout))


def test_importing_the_bridge_loads_no_tool() -> None:
    assert not loaded_after() & set(bridge.MODULES.values())


def test_ping_prepares_only_the_tools_the_page_names() -> None:
    loaded = loaded_after("'ping', '{\"prepare\": [\"check\"]}'")
    assert "outcomes_tools.checker" in loaded
    assert not loaded & {"outcomes_tools.mapper", "outcomes_tools.audit", "outcomes_tools.prompts"}
    reply = bridge.handle("ping", {"prepare": ["question", "map"]})
    assert reply == {
        "ok": True,
        "result": {
            "version": __version__,
            "python": reply["result"]["python"],
            "prepared": ["question", "map"],
        },
    }


@pytest.mark.parametrize("prepare", ["check", ["nonsense"], [1], [None]])
def test_ping_refuses_a_prepare_that_is_not_a_list_of_request_types(prepare: object) -> None:
    reply = bridge.handle("ping", {"prepare": prepare})
    assert reply["ok"] is False
    assert reply["error"]["name"] == "BadRequest"


def test_each_request_answers_as_the_engine_does() -> None:
    text = "She wants to get back to the bowling club on Saturdays."
    assert (
        json.loads(bridge.handle_json("check", json.dumps({"text": text})))["result"] == check(text).to_dict()
    )
    assert bridge.handle("map", {"text": "I want to see my friends."})["result"] == (
        map_outcome("I want to see my friends.").to_dict()
    )
    assert bridge.handle("question", {"text": "Are you OK?"})["result"] == (
        classify_question("Are you OK?").to_dict()
    )
    assert bridge.handle("prompts", {"topic": "seeing-people", "audience": "person"})["ok"] is True
    assert bridge.handle("frameworks", {})["ok"] is True


def test_bad_requests_and_bad_input_get_one_clear_reply() -> None:
    assert bridge.handle("nonsense", {})["error"]["name"] == "BadRequest"
    assert bridge.handle("check", {"text": 3})["error"]["name"] == "BadRequest"
    assert json.loads(bridge.handle_json("check", "[1, 2]"))["error"]["name"] == "BadRequest"
    empty = bridge.handle("check", {"text": "   "})
    assert empty["ok"] is False
    assert empty["error"]["name"] == "InputError"
