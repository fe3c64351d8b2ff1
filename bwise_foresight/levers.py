"""The assumptions people move with sliders: what each one changes, in units people understand.

Pure data and functions, no Streamlit: the dashboard draws one slider per :class:`Lever`, the
URL stores the changed ones under ``Lever.key``, and :func:`apply_levers` turns slider values
back into a validated scenario.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .baseline import CLUSTER_LABELS, CLUSTERS, GROUPS
from .scenario import Scenario

if TYPE_CHECKING:
    from .baseline import Baseline


@dataclass(frozen=True)
class Lever:
    """One slider: a scenario value shown as ``value * scale`` in ``unit``."""

    key: str
    path: tuple[str, ...]
    label: str
    help: str
    min: float
    max: float
    step: float
    section: str
    scale: float = 1.0
    format: str = "%g"

    def from_scenario(self, scenario: Scenario) -> float:
        """The slider position for a scenario: its value (a range's mode), scaled."""
        value = _get(scenario.to_dict(), self.path)
        if isinstance(value, dict):
            value = value["mode"]
        return round(float(value) * self.scale, 6)

    def bounds(self, value: float) -> tuple[float, float]:
        """Slider range, widened when a scenario's own value lies outside it."""
        return min(self.min, value), max(self.max, value)


AUTOMATION, DEMAND, SKILLS, TRAINING = "Automation", "Demand", "Skills", "Training"
GROUP_NAMES = {"enablers": "enablers", "supporters": "supporters", "wsn": "workers with support needs"}

LEVERS: tuple[Lever, ...] = (
    Lever(
        "mid",
        ("automation", "midpoint_year"),
        "Automation midpoint (year)",
        "The year automation reaches half of its potential in WISEs. Earlier = faster change.",
        2025,
        2050,
        1,
        AUTOMATION,
        format="%d",
    ),
    Lever(
        "speed",
        ("automation", "steepness"),
        "Adoption speed (per year)",
        "How quickly adoption rises around the midpoint: 0.3 takes about 15 years from 10 % to 90 % "
        "of the potential, 0.6 about 7 years.",
        0.1,
        1.5,
        0.05,
        AUTOMATION,
        format="%.2f",
    ),
    Lever(
        "ceil",
        ("automation", "ceiling"),
        "Share of exposed tasks automated by saturation (%)",
        "At full adoption, this share of a profile's automatable task content is automated. Profiles "
        "with their own ceiling in the scenario file keep it.",
        0,
        100,
        5,
        AUTOMATION,
        scale=100,
        format="%d%%",
    ),
    Lever(
        "subst",
        ("automation", "substitution"),
        "Automated tasks that remove jobs (%)",
        "Of the automated task content, the share that removes jobs; the rest reshapes jobs and "
        "raises skill requirements instead.",
        0,
        100,
        5,
        AUTOMATION,
        scale=100,
        format="%d%%",
    ),
    Lever(
        "create",
        ("automation", "creation"),
        "New jobs per 100 jobs removed",
        "Jobs that automation creates in complementary profiles (ICT coordinators, supervisors, "
        "trainers, job coaches) for every 100 jobs it removes.",
        0,
        150,
        5,
        AUTOMATION,
        scale=100,
        format="%d",
    ),
    Lever(
        "growth",
        ("demand", "growth"),
        "Sector demand growth (% per year)",
        "Yearly growth of demand for WISE work across the sector. Profiles or groups with their own "
        "growth in the scenario file keep it.",
        -5,
        5,
        0.1,
        DEMAND,
        scale=100,
        format="%.1f%%",
    ),
    *(
        Lever(
            f"up_{cluster}",
            ("skills", "uplift", cluster),
            f"{CLUSTER_LABELS[cluster]} requirements (+levels)",
            f"Proficiency levels (DigComp's 8-level scale) added to required {CLUSTER_LABELS[cluster].lower()} "
            "competences at full adoption, most where the competence matters most.",
            0,
            4,
            0.1,
            SKILLS,
            format="%.1f",
        )
        for cluster in CLUSTERS
    ),
    *(
        Lever(
            f"h_{group}",
            ("training", "hours_per_worker", group),
            f"Training, {GROUP_NAMES[group]} (h/year)",
            f"Training hours per worker per year for {GROUP_NAMES[group]}. Profiles with their own hours "
            "in the scenario file keep them.",
            0,
            120,
            2,
            TRAINING,
            format="%d",
        )
        for group in GROUPS
    ),
    Lever(
        "hpl",
        ("training", "hours_per_level"),
        "Training hours to gain one level",
        "How many hours of training raise one worker by one proficiency level in one competence.",
        20,
        200,
        5,
        TRAINING,
        format="%d",
    ),
)
LEVERS_BY_KEY = {lever.key: lever for lever in LEVERS}
ADJUSTED = " (adjusted)"


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


def _set(data: dict[str, Any], path: tuple[str, ...], value: float) -> None:
    node = data
    for part in path[:-1]:
        if not isinstance(node.get(part), dict):
            # a single number for every group becomes one entry per group before one is changed
            node[part] = dict.fromkeys(GROUPS, node[part]) if part == "hours_per_worker" else {}
        node = node[part]
    old = node.get(path[-1])
    if isinstance(old, dict) and "mode" in old:
        # keep the uncertainty: move the mode, stretch the range only as far as needed
        node[path[-1]] = {"low": min(old["low"], value), "mode": value, "high": max(old["high"], value)}
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
        _set(data, lever.path, value / lever.scale)
    if not data["title"].endswith(ADJUSTED):
        data["title"] = data["title"][: 120 - len(ADJUSTED)] + ADJUSTED
    out = Scenario.from_dict(data, scenario_id=scenario.id, baseline=baseline)
    out._files = scenario.files
    return out
