"""The assumptions people move with sliders: what each one changes, in units people understand.

Pure data and functions, no Streamlit: the dashboard draws one slider per :class:`Lever`, the
URL stores the changed ones under ``Lever.key``, and :func:`apply_levers` turns slider values
back into a validated scenario.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .baseline import CLUSTERS, GROUPS
from .i18n import EN, Translator
from .scenario import ADJUSTED, Scenario, is_decision

if TYPE_CHECKING:
    from .baseline import Baseline


@dataclass(frozen=True)
class Lever:
    """One slider: a scenario value shown as ``value * scale`` in display units.

    Its label and help are the catalogue texts ``lever.<text>.label`` and ``lever.<text>.help``;
    ``item`` (a cluster or a target group) fills their ``{item}`` placeholder.
    """

    key: str
    path: tuple[str, ...]
    min: float
    max: float
    step: float
    section: str
    scale: float = 1.0
    format: str = "%g"
    text: str = ""
    item: str = ""

    def _text(self, t: Translator, part: str) -> str:
        item = "" if not self.item else t.cluster(self.item) if self.item in CLUSTERS else t.group(self.item)
        return t(f"lever.{self.text or self.key}.{part}", item=item)

    def label(self, t: Translator = EN) -> str:
        return self._text(t, "label")

    def help(self, t: Translator = EN) -> str:
        return self._text(t, "help")

    @property
    def decision(self) -> bool:
        """Whether the slider sets a decision of the sector (training effort), not an external assumption."""
        return is_decision(self.path)

    def from_scenario(self, scenario: Scenario) -> float:
        """The slider position for a scenario: its value (a range's mode), scaled."""
        value = _get(scenario.to_dict(), self.path)
        if isinstance(value, dict):
            value = value["mode"]
        return round(float(value) * self.scale, 6)

    def exact(self) -> tuple[float, str]:
        """Step and display format of the number box that takes an exact value: whole numbers one by
        one, others to a tenth of the slider's step (one decimal more). No "%" sign: Streamlit's number
        box accepts only the number's own format."""
        fmt = self.format.replace("%%", "")
        if all(float(x).is_integer() for x in (self.min, self.max, self.step)):
            return 1, fmt
        return round(self.step / 10, 10), re.sub(r"%\.(\d)f", lambda m: f"%.{int(m.group(1)) + 1}f", fmt)

    def bounds(self, value: float) -> tuple[float, float]:
        """Slider range, widened when a scenario's own value lies outside it."""
        return min(self.min, value), max(self.max, value)


# Sections of the slider panel; their titles are the catalogue texts section.<name>.
AUTOMATION, DEMAND, SKILLS, TRAINING = "automation", "demand", "skills", "training"

LEVERS: tuple[Lever, ...] = (
    Lever("mid", ("automation", "midpoint_year"), 2025, 2050, 1, AUTOMATION, format="%d"),
    Lever("speed", ("automation", "steepness"), 0.1, 1.5, 0.05, AUTOMATION, format="%.2f"),
    Lever("ceil", ("automation", "ceiling"), 0, 100, 5, AUTOMATION, scale=100, format="%d%%"),
    Lever("subst", ("automation", "substitution"), 0, 100, 5, AUTOMATION, scale=100, format="%d%%"),
    Lever("create", ("automation", "creation"), 0, 150, 5, AUTOMATION, scale=100, format="%d"),
    Lever("ai", ("genai", "ceiling"), 0, 100, 5, AUTOMATION, scale=100, format="%d%%"),
    Lever("growth", ("demand", "growth"), -5, 5, 0.1, DEMAND, scale=100, format="%.1f%%"),
    Lever("circular", ("green", "circular_demand"), 0, 100, 5, DEMAND, scale=100, format="%d%%"),
    Lever("open", ("pathways", "open_market"), 0.5, 2, 0.05, DEMAND, format="%.2f"),
    *(
        Lever(f"up_{c}", ("skills", "uplift", c), 0, 4, 0.1, SKILLS, format="%.1f", text="uplift", item=c)
        for c in CLUSTERS
    ),
    *(
        Lever(f"h_{g}", ("training", "hours_per_worker", g), 0, 120, 2, TRAINING, format="%d", text="hours", item=g)
        for g in GROUPS
    ),
    Lever("hpl", ("training", "hours_per_level"), 20, 400, 10, TRAINING, format="%d"),
)
LEVERS_BY_KEY = {lever.key: lever for lever in LEVERS}
# What the scenario schema allows for each lever's value (scenario units, tested against the schema):
# a range that moves with its slider is cut here, not at the slider's ends, so it keeps its width
# wherever the values stay possible (demand growth −5.5 % beyond a slider's −5 % is possible).
LIMITS: dict[str, tuple[float, float]] = {
    "mid": (2000, 2100), "speed": (0.05, 5), "ceil": (0, 1), "subst": (0, 1), "create": (0, 2), "ai": (0, 1),
    "growth": (-0.2, 0.2), "circular": (-0.5, 2), "open": (0, 10), "hpl": (1, 2000),
    **{f"up_{c}": (0, 7) for c in CLUSTERS}, **{f"h_{g}": (0, 1000) for g in GROUPS},
}  # fmt: skip


def _get(data: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = data
    for i, part in enumerate(path):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif path[:2] == ("training", "hours_per_worker") and not isinstance(node, dict) and i == 2:
            return node  # one number for every group
        else:
            return 0.0  # an absent uplift means no uplift; an absent group gets no training
    return node


def scenario_values(scenario: Scenario) -> dict[str, float]:
    """Every lever's slider position for a scenario."""
    return {lever.key: lever.from_scenario(scenario) for lever in LEVERS}


def shifted(old: Mapping[str, float], value: float, *, lowest: float, highest: float) -> dict[str, float]:
    """A range ``{low, mode, high}`` moved as a whole so that its mode is ``value``, cut at the least
    and the most that is possible, ``lowest`` and ``highest`` (scenario units).

    Shifting keeps the range's width and shape, so the futures sampled around the slider's value
    stay centred on it: the fan's median stays near the line the headline figures give (every range
    at its mode). Stretching the range only as far as needed, as before, put the mode at an edge of a
    lopsided triangle whose median lay far from it (demand growth −5 % in a 0–1.5 % range: median
    −3.1 %). Only where nothing lies beyond (an automation ceiling of 100 %) is the mode at an edge.
    """
    shift = value - old["mode"]
    return {
        "low": min(max(old["low"] + shift, lowest), value),
        "mode": value,
        "high": max(min(old["high"] + shift, highest), value),
    }


def _set(data: dict[str, Any], path: tuple[str, ...], value: float, *, limits: tuple[float, float]) -> None:
    node = data
    for part in path[:-1]:
        if not isinstance(node.get(part), dict):
            # a single number for every group becomes one entry per group before one is changed
            node[part] = dict.fromkeys(GROUPS, node[part]) if part == "hours_per_worker" else {}
        node = node[part]
    old = node.get(path[-1])
    if isinstance(old, dict) and "mode" in old:
        # keep the uncertainty: the whole range moves with the slider (see shifted)
        node[path[-1]] = shifted(old, value, lowest=limits[0], highest=limits[1])
    else:
        node[path[-1]] = value


def apply_levers(scenario: Scenario, values: Mapping[str, float], *, baseline: Baseline | None = None) -> Scenario:
    """The scenario with the levers that differ from it set to ``values`` (display units)."""
    current = scenario_values(scenario)
    changed = {k: v for k, v in values.items() if k in LEVERS_BY_KEY and abs(v - current[k]) > 1e-9}
    if not changed:
        return scenario
    data = copy.deepcopy(scenario.to_dict())
    for key, value in changed.items():
        lever = LEVERS_BY_KEY[key]
        _set(data, lever.path, value / lever.scale, limits=LIMITS[key])
    if not data["title"].endswith(ADJUSTED):
        data["title"] = data["title"][: 120 - len(ADJUSTED)] + ADJUSTED
    out = Scenario.from_dict(data, scenario_id=scenario.id, baseline=baseline)
    out._files = scenario.files
    return out
