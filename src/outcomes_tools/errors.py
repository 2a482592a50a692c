"""Errors the engine raises for input it will not judge. Their messages are plain English for the person."""

from __future__ import annotations


class InputError(ValueError):
    """The text given cannot be checked (empty, too long, not text). ``str(err)`` is the message to show."""


class TextTooLong(InputError):  # noqa: N818 (the name is part of the public API)
    """The text is longer than the tool's limit."""

    def __init__(self, length: int, limit: int, what: str = "text") -> None:
        super().__init__(
            f"This {what} is {length:,} characters long, which is more than the {limit:,} this tool "
            f"can check at once. Check it in smaller parts."
        )
        self.length = length
        self.limit = limit
