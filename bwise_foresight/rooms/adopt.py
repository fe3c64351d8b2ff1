"""The room's answers become a scenario: each asked assumption's range is the room's distribution.

For every estimate question the assumption becomes ``{low, mode, high}`` = P10, median, P90 (or
Q1, median, Q3: the facilitator chooses) of the round's answers, converted from the question's
display units to the scenario's and kept within what the schema allows (``levers.LIMITS``), on top
of the scenario the room started from. Where the answers agree exactly the value is a plain number.
The scenario's title, author, date and description say where it came from (the schema has no
other place for it: its keys are closed), and :func:`scenario_yaml` heads the file with the same.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..i18n import EN, Translator
from ..levers import LEVERS_BY_KEY, LIMITS, _set
from ..scenario import Scenario
from .stats import Summary

SPREADS = ("p10_p90", "iqr")


@dataclass(frozen=True)
class Provenance:
    """Where an adopted scenario came from."""

    code: str
    date: dt.date
    round: int
    rounds: int
    answers: int
    questions: int
    spread: str

    def sentence(self, t: Translator = EN) -> str:
        return t(
            "room.provenance",
            code=self.code,
            date=self.date.isoformat(),
            round=self.round,
            rounds=self.rounds,
            answers=self.answers,
            questions=self.questions,
            spread=t(f"room.spread.{self.spread}"),
        )


def assumption_range(lever: str, summary: Summary, *, spread: str) -> dict[str, float] | float:
    """One lever's adopted value in scenario units: a range low–median–high, or one number when the
    answers leave no spread; within the schema's limits."""
    found = LEVERS_BY_KEY[lever]
    lowest, highest = LIMITS[lever]
    low, high = summary.spread(spread)

    def scenario_units(value: float) -> float:
        return round(min(max(value / found.scale, lowest), highest), 10)

    values = {"low": scenario_units(low), "mode": scenario_units(summary.median), "high": scenario_units(high)}
    return values["mode"] if values["low"] == values["high"] else values


def adopted(
    start: Scenario,
    results: Mapping[str, Summary],
    provenance: Provenance,
    *,
    t: Translator = EN,
) -> Scenario:
    """``start`` with each lever in ``results`` (lever key -> the round's distribution) set to the room's range."""
    data: dict[str, Any] = copy.deepcopy(start.to_dict())
    for lever, summary in results.items():
        found = LEVERS_BY_KEY[lever]
        value = assumption_range(lever, summary, spread=provenance.spread)
        mode = value["mode"] if isinstance(value, dict) else value
        _set(data, found.path, mode, limits=LIMITS[lever])  # builds the path as a slider would
        parent = functools.reduce(lambda node, key: node[key], found.path[:-1], data)
        parent[found.path[-1]] = value
    suffix = " — " + t("room.adopted_title", code=provenance.code)
    data["title"] = start.title[: 120 - len(suffix)] + suffix
    sentence = provenance.sentence(t)
    data["description"] = (start.description[: 2000 - len(sentence) - 2] + "\n\n" + sentence).strip()
    data["author"] = t("room.author", code=provenance.code)
    data["date"] = provenance.date.isoformat()
    data["translations"] = {}  # the start's translated titles would name the other scenario
    return Scenario.from_dict(data, scenario_id=f"room-{provenance.code.lower()}")


def scenario_yaml(scenario: Scenario, provenance: Provenance, *, t: Translator = EN) -> str:
    """The adopted scenario as a YAML file, headed by a comment saying where it came from."""
    return f"# {provenance.sentence(t)}\n" + scenario.to_yaml()
