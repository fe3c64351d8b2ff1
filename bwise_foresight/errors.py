"""Exceptions that carry what a person needs to fix their input: file, line, key, message."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .i18n import EN, Message, Translator

MAX_VALUE = 80  # characters of a value or key quoted in a message
MAX_MESSAGE = 1000  # characters of one message

# control characters (a terminal escape), lone surrogates (no encoding can write them), line and
# paragraph separators and the bidirectional overrides that reorder what a reader sees
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: object) -> str:
    """Text from a file made safe to show anywhere: unsafe characters written as escapes (``\\x1b``)."""
    return _UNSAFE.sub(lambda m: _escape(m.group()), str(text))


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shorten(text: object, limit: int = MAX_VALUE) -> str:
    """Text from a file as a message quotes it: printable, and cut with an ellipsis past ``limit`` characters."""
    text = str(text)
    return printable(text if len(text) <= limit else text[: limit - 1] + "…")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file; ``msg`` says it in any language (``message`` is English)."""

    file: str
    line: int | None
    key: str
    message: str
    msg: Message | None = field(default=None, compare=False)

    @classmethod
    def of(cls, file: str, line: int | None, key: str, msg: Message) -> Problem:
        """A problem whose every part is printable and bounded, whatever text the file held."""
        return cls(shorten(file, 300), line, shorten(key, 2 * MAX_VALUE), shorten(msg.render(EN), MAX_MESSAGE), msg)

    def text(self, t: Translator = EN) -> str:
        """The problem as one line, 'file:line: message', in ``t``'s language."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        message = shorten(self.msg.render(t), MAX_MESSAGE) if self.msg is not None else self.message
        return f"{where}: {message}"

    def __str__(self) -> str:
        return self.text()


class InputError(Exception):
    """Base class: a list of problems, every one of them reported at once."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ScenarioError(InputError):
    """A scenario file cannot be used; ``problems`` lists every reason."""


class DataError(InputError):
    """The baseline data in ``data/`` does not match its ``datapackage.json``."""
