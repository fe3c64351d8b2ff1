"""Exceptions that carry what a person needs to fix their input: file, line, key, message."""

from __future__ import annotations

from dataclasses import dataclass, field

from .i18n import EN, Message, Translator


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
        return cls(file, line, key, msg.render(EN), msg)

    def text(self, t: Translator = EN) -> str:
        """The problem as one line, 'file:line: message', in ``t``'s language."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.msg.render(t) if self.msg is not None else self.message}"

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
