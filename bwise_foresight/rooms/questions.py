"""What a room asks: one question per lever, in the lever's display units, or a ranking of levers.

A question comes from a lever's key (its wording from the catalogue, ``room.question.<lever>``) or
from a workshop file, YAML validated like every file here (each problem with file, line and key)::

    title: Automation in our recycling workshops
    scenario: baseline
    questions:
      - lever: mid
        text: By which year will half of the automatable sorting tasks in WISE recycling be automated?
        translations: {nl: Tegen welk jaar is de helft van het automatiseerbare sorteerwerk geautomatiseerd?}
        min: 2025
        max: 2045
      - rank: [up_digital, up_green, up_social]
        text: Which skill requirements will rise most?
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from ..baseline import CLUSTERS
from ..errors import Problem, ScenarioError, shorten
from ..i18n import EN, SOURCE, Message, Translator, languages, msg
from ..levers import LEVERS_BY_KEY, LIMITS, Lever
from ..wording import dotted, suggest, unknown, validation_problems
from ..yamlio import LineMap, parse_yaml, read_yaml
from .models import REASON_LENGTH, TEXT_LENGTH

MAX_QUESTIONS = 20
MAX_OPTIONS = 10

Line = Annotated[str, StringConstraints(min_length=1, max_length=TEXT_LENGTH)]


@dataclass(frozen=True)
class QuestionSpec:
    """A question before it is stored: its lever (or the levers to rank), range, step and wording."""

    lever: str
    minimum: float
    maximum: float
    step: float
    text: str | None = None
    translations: dict[str, str] = field(default_factory=dict)
    options: tuple[str, ...] | None = None

    @classmethod
    def of_lever(cls, key: str, *, minimum: float | None = None, maximum: float | None = None) -> QuestionSpec:
        """The question of one lever: its slider's range unless ``minimum``/``maximum`` narrow or widen it."""
        lever = LEVERS_BY_KEY[key]
        return cls(
            key,
            lever.min if minimum is None else minimum,
            lever.max if maximum is None else maximum,
            lever.step,
        )

    @classmethod
    def ranking(cls, options: list[str] | tuple[str, ...], *, text: str | None = None) -> QuestionSpec:
        """A question ranking ``options`` (lever keys), first = highest; stored under its first lever."""
        return cls(options[0], 1, len(options), 1, text=text, options=tuple(options))


def possible(key: str) -> tuple[float, float]:
    """The least and most a lever's value may be, in display units (the scenario schema's limits)."""
    lever = LEVERS_BY_KEY[key]
    lo, hi = LIMITS[key]
    return lo * lever.scale, hi * lever.scale


def wording(
    lever: str, text: str | None, translations: dict[str, str], options: tuple[str, ...] | None, t: Translator = EN
) -> str:
    """A question's wording in ``t``'s language: the workshop file's (translated where it says so),
    else the catalogue's question for the lever."""
    if text:
        return translations.get(t.lang, text)
    if options:
        return t("room.question.rank")
    found = LEVERS_BY_KEY[lever]
    return msg(f"room.question.{found.text or found.key}", item=_item(found)).render(t)


def label_message(lever: str) -> Message:
    """The lever's label, which names its unit ('Automation midpoint (year)'), to be said in any language."""
    found = LEVERS_BY_KEY[lever]
    return msg(f"lever.{found.text or found.key}.label", item=_item(found))


def _item(lever: Lever) -> Message | str:
    """What fills a lever text's ``{item}``: its cluster or target group, named in any language."""
    if not lever.item:
        return ""
    return msg(f"cluster.{lever.item}" if lever.item in CLUSTERS else f"group.{lever.item}")


def unit_label(lever: str, t: Translator = EN) -> str:
    return label_message(lever).render(t)


# --- workshop files -------------------------------------------------------------------------------


class QuestionEntry(BaseModel):
    """One question of a workshop file: ``lever`` (a number) or ``rank`` (an order of levers)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    lever: str | None = None
    rank: list[str] | None = Field(default=None, min_length=2, max_length=MAX_OPTIONS)
    text: Line | None = None
    translations: dict[str, Line] = {}
    min: float | None = None
    max: float | None = None


class Workshop(BaseModel):
    """A workshop file: the room's title, the scenario it starts from and its questions."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Line
    scenario: str = Field(default="baseline", min_length=1)
    questions: list[QuestionEntry] = Field(min_length=1, max_length=MAX_QUESTIONS)

    def specs(self) -> list[QuestionSpec]:
        out = []
        for q in self.questions:
            if q.rank is not None:
                out.append(QuestionSpec.ranking(q.rank, text=q.text))
                continue
            base = QuestionSpec.of_lever(q.lever or "", minimum=q.min, maximum=q.max)
            out.append(QuestionSpec(base.lever, base.minimum, base.maximum, base.step, q.text, dict(q.translations)))
        return out


def _problems(workshop: Workshop, lines: LineMap, file: str) -> list[Problem]:
    """Every lever, language and range the schema alone cannot check, at its own line."""
    problems: list[Problem] = []
    known = list(LEVERS_BY_KEY)
    others = [code for code in languages() if code != SOURCE]

    def report(path: tuple[str | int, ...], message: Any) -> None:
        problems.append(Problem.of(file, lines.get(path), dotted(path), message))

    def lever_unknown(path: tuple[str | int, ...], key: str) -> None:
        hint = suggest(key, known) or "."
        report(path, msg("room.error.unknown_lever", name=shorten(key), hint=hint, valid=", ".join(known)))

    if "\n" in workshop.title or "\r" in workshop.title:
        report(("title",), msg("room.error.text_line"))
    for i, q in enumerate(workshop.questions):
        where: tuple[str | int, ...] = ("questions", i)
        if (q.lever is None) == (q.rank is None):
            report(where, msg("room.error.kind"))
            continue
        if q.rank is not None and (q.min is not None or q.max is not None):
            report(where, msg("room.error.rank_range"))
        if q.rank is not None and q.text is None:
            report(where, msg("room.error.rank_text"))
        for path, text in [
            ((*where, "text"), q.text or ""),
            *(((*where, "translations", c), v) for c, v in q.translations.items()),
        ]:
            if "\n" in text or "\r" in text:
                report(path, msg("room.error.text_line"))
        for j, key in enumerate(q.rank or []):
            if key not in LEVERS_BY_KEY:
                lever_unknown((*where, "rank", j), key)
        if q.rank is not None and len(set(q.rank)) < len(q.rank):
            report((*where, "rank"), msg("room.error.rank_twice"))
        for code in q.translations:
            if code not in others:
                report((*where, "translations", code), unknown("language", code, f"'{dotted(where)}'", others))
        if q.lever is None:
            continue
        if q.lever not in LEVERS_BY_KEY:
            lever_unknown((*where, "lever"), q.lever)
            continue
        lo, hi = possible(q.lever)
        spec = QuestionSpec.of_lever(q.lever, minimum=q.min, maximum=q.max)
        for name, value in (("min", q.min), ("max", q.max)):
            if value is not None and not lo <= value <= hi:
                report((*where, name), msg("room.error.limit", got=f"{value:g}", lo=f"{lo:g}", hi=f"{hi:g}"))
        if spec.minimum >= spec.maximum:
            report((*where, "min"), msg("room.error.min_max", lo=f"{spec.minimum:g}", hi=f"{spec.maximum:g}"))
    return problems


def parse_workshop(text: str, *, file: str = "workshop.yaml") -> Workshop:
    """A workshop from YAML text; raises :class:`ScenarioError` listing every problem with its line."""
    data, lines = parse_yaml(text, file=file)
    return _validated(data, lines, file)


def load_workshop(path: str | Path, *, display: str | None = None) -> Workshop:
    """A workshop file read and checked (see :func:`parse_workshop`)."""
    file = display or str(path)
    data, lines = read_yaml(path, display=file)
    return _validated(data, lines, file)


def _validated(data: dict[str, Any], lines: LineMap, file: str) -> Workshop:
    located = {k: (file, v) for k, v in lines.items()}
    try:
        workshop = Workshop.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(validation_problems(exc, located, file, Workshop, data=data)) from None
    problems = _problems(workshop, lines, file)
    if problems:
        raise ScenarioError(problems)
    return workshop


__all__ = ["REASON_LENGTH", "QuestionSpec", "Workshop", "load_workshop", "parse_workshop", "possible", "wording"]
