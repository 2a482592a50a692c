"""outcomes_tools: the engine behind the Outcomes Guide's tools.

Pure Python with no dependencies; runs the same on CPython (3.11 to 3.14) and in Pyodide.

>>> from outcomes_tools import check, map_outcome, classify_question
>>> check("Jean wants to walk to the paper shop each morning.").criterion("outcomes").met
True
>>> classify_question("Do you feel safe at home?").kind
'closed'

The public API is small: one function a tool, each returning a frozen result whose ``to_dict()`` is the
JSON of the command line (see ``shared/spec/interfaces.md``). Everything the engine knows (frameworks,
rules, lexicons, prompts) is data under ``outcomes_tools/data/``.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names are imported on first use, so `import outcomes_tools` stays cheap
    from outcomes_tools.checker import CheckResult, CriterionResult, Finding, check
    from outcomes_tools.errors import InputError, TextTooLong
    from outcomes_tools.frameworks import Frameworks, load_frameworks
    from outcomes_tools.identifiers import Identifier, find_identifiers
    from outcomes_tools.mapper import MapResult, map_outcome
    from outcomes_tools.prompts import Prompt, prompts
    from outcomes_tools.question import QuestionResult, classify_question

_HOME = {
    "CheckResult": "checker",
    "CriterionResult": "checker",
    "Finding": "checker",
    "check": "checker",
    "InputError": "errors",
    "TextTooLong": "errors",
    "Frameworks": "frameworks",
    "load_frameworks": "frameworks",
    "Identifier": "identifiers",
    "find_identifiers": "identifiers",
    "MapResult": "mapper",
    "map_outcome": "mapper",
    "Prompt": "prompts",
    "prompts": "prompts",
    "QuestionResult": "question",
    "classify_question": "question",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'outcomes_tools' has no attribute {name!r}")
    value = getattr(import_module(f"outcomes_tools.{home}"), name)
    globals()[name] = value
    return value


__version__ = "0.1.0"

__all__ = [
    "CheckResult",
    "CriterionResult",
    "Finding",
    "Frameworks",
    "Identifier",
    "InputError",
    "MapResult",
    "Prompt",
    "QuestionResult",
    "TextTooLong",
    "__version__",
    "check",
    "classify_question",
    "find_identifiers",
    "load_frameworks",
    "map_outcome",
    "prompts",
]
