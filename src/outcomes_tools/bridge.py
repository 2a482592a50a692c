"""The in-browser worker's entry point: one request in, one JSON-ready reply out.

The Web Worker (``docs/assets/js/engine-worker.mjs``) imports this module inside Pyodide and calls
:func:`handle_json` for every request. Each request type maps to a handler in :data:`HANDLERS`; a handler
takes the request's payload (a dict) and returns something JSON can encode. To add a request type, add
one line to :data:`HANDLERS` and its module to :data:`MODULES`: modules are imported when first needed,
or at start-up for the tools the page names (``ping`` with ``{"prepare": [...]}``).

The reply is ``{"ok": True, "result": ...}`` or ``{"ok": False, "error": {"name": ..., "message": ...}}``.
:class:`~outcomes_tools.errors.InputError` becomes ``name: "InputError"`` with its plain-English message,
for the page to show beside the person's text (which it keeps).
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import sys
from collections.abc import Callable, Mapping
from typing import Any

from outcomes_tools import __version__
from outcomes_tools.errors import InputError

Payload = Mapping[str, Any]
Handler = Callable[[Payload], object]


class BadRequestError(Exception):
    """The request itself is malformed (a fault in the page, not in what the person typed)."""


def _text(payload: Payload, key: str = "text") -> str:
    value = payload.get(key)
    if not isinstance(value, str):
        raise BadRequestError(f"The request needs '{key}' as text.")
    return value


def to_jsonable(value: object) -> object:
    """Turn engine results (dataclasses with ``to_dict``, tuples, mappings) into plain JSON values."""
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return to_jsonable(to_dict())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    return value


# The module behind each request type. Each is imported on the first request of its type, or at start-up
# when the page names its tools in ping's "prepare", so a page loads only the parts of the engine it uses.
MODULES: dict[str, str] = {
    "check": "outcomes_tools.checker",
    "map": "outcomes_tools.mapper",
    "question": "outcomes_tools.question",
    "prompts": "outcomes_tools.prompts",
    "frameworks": "outcomes_tools.frameworks",
    "audit": "outcomes_tools.audit",
}


def _module(request_type: str) -> Any:
    return importlib.import_module(MODULES[request_type])


def _ping(payload: Payload) -> object:
    prepare = payload.get("prepare", [])
    if not isinstance(prepare, list) or not all(isinstance(t, str) and t in MODULES for t in prepare):
        raise BadRequestError(f"'prepare' must be a list of request types: {', '.join(MODULES)}.")
    for request_type in prepare:
        _module(request_type)  # an engine that cannot import fails here, at start-up, not later
    return {
        "version": __version__,
        "python": ".".join(str(n) for n in sys.version_info[:3]),
        "prepared": prepare,
    }


def _check(payload: Payload) -> object:
    return _module("check").check(_text(payload))


def _map(payload: Payload) -> object:
    return _module("map").map_outcome(_text(payload))


def _question(payload: Payload) -> object:
    return _module("question").classify_question(_text(payload))


def _prompts(payload: Payload) -> object:
    return _module("prompts").prompts(_text(payload, "topic"), _text(payload, "audience"))


def _audit(payload: Payload) -> object:
    return _module("audit").handle_request(payload)


def _frameworks(payload: Payload) -> object:
    del payload
    return _module("frameworks").load_frameworks()


HANDLERS: dict[str, Handler] = {
    "ping": _ping,
    "check": _check,
    "map": _map,
    "question": _question,
    "prompts": _prompts,
    "frameworks": _frameworks,
    "audit": _audit,
}


def handle(request_type: str, payload: dict[str, Any]) -> dict[str, Any]:
    """Run one request; never raises for bad input or an unknown type, always returns a reply dict."""
    handler = HANDLERS.get(request_type)
    if handler is None:
        return _error("BadRequest", f"Unknown request type {request_type!r}.")
    try:
        result = to_jsonable(handler(payload))
    except InputError as err:
        return _error("InputError", str(err))
    except BadRequestError as err:
        return _error("BadRequest", str(err))
    return {"ok": True, "result": result}


def handle_json(request_type: str, payload_json: str) -> str:
    """:func:`handle` with the payload and the reply as JSON text (the cheapest way across to JavaScript)."""
    try:
        payload = json.loads(payload_json)
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        return json.dumps(_error("BadRequest", "The request's payload must be a JSON object."))
    return json.dumps(handle(request_type, payload), ensure_ascii=False)


def _error(name: str, message: str) -> dict[str, Any]:
    return {"ok": False, "error": {"name": name, "message": message}}
