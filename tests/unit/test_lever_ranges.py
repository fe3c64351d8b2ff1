"""A slider moves its assumption's whole range: the sampled futures stay around the headline figures."""

from __future__ import annotations

import numpy as np
import pytest
from paths import SCENARIOS

from bwise_foresight import Scenario, ScenarioError, load_scenario, project
from bwise_foresight.levers import LEVERS, LIMITS, apply_levers, scenario_values, shifted
from bwise_foresight.uncertainty import aggregate, project_draws, quantiles_of, sample


def test_a_range_keeps_its_width_and_shape_when_its_slider_moves():
    assert shifted({"low": 0.0, "mode": 0.005, "high": 0.015}, -0.05, lowest=-0.2, highest=0.2) == pytest.approx(
        {"low": -0.055, "mode": -0.05, "high": -0.04}
    )


def test_a_range_is_cut_only_where_nothing_lies_beyond():
    assert shifted({"low": 0.2, "mode": 0.3, "high": 0.45}, 1.0, lowest=0, highest=1) == pytest.approx(
        {"low": 0.9, "mode": 1.0, "high": 1.0}
    )
    assert shifted({"low": 0.2, "mode": 0.3, "high": 0.45}, 0.0, lowest=0, highest=1) == pytest.approx(
        {"low": 0.0, "mode": 0.0, "high": 0.15}
    )


@pytest.mark.parametrize("lever", LEVERS, ids=lambda lv: lv.key)
def test_lever_limits_are_the_schemas(lever, base_scenario, baseline):
    lowest, highest = LIMITS[lever.key]

    def at(value: float) -> Scenario:
        data = base_scenario.to_dict()
        node = data
        for part in lever.path[:-1]:
            if not isinstance(node.get(part), dict):
                node[part] = {}
            node = node[part]
        node[lever.path[-1]] = {"low": value, "mode": value, "high": value}
        return Scenario.from_dict(data, scenario_id="limits", baseline=baseline)

    at(lowest), at(highest)
    step = 1e-6 * max(1.0, abs(highest))
    with pytest.raises(ScenarioError):
        at(lowest - step)
    with pytest.raises(ScenarioError):
        at(highest + step)


def test_the_moved_assumption_is_sampled_around_the_slider(base_scenario, baseline):
    """Demand growth −5 % (the scenario says 0–1.5 %): the draws' median is the slider's value, give or
    take the range's own skew, not −3.1 % as when the range was stretched to the slider."""
    moved = apply_levers(base_scenario, scenario_values(base_scenario) | {"growth": -5.0}, baseline=baseline)
    assert moved.demand.growth.model_dump() == pytest.approx({"low": -0.055, "mode": -0.05, "high": -0.04})
    growth = sample(moved, 1000, seed=0)[("demand", "growth")]
    own = sample(base_scenario, 1000, seed=0)[("demand", "growth")]
    assert np.median(growth) - (-0.05) == pytest.approx(np.median(own) - 0.005, abs=1e-4)


@pytest.mark.parametrize(("scenario_id", "key", "value"), [("baseline", "growth", -5.0), ("baseline", "growth", 5.0),
                                                           ("austerity", "open", 0.5)])  # fmt: skip
def test_the_headline_path_lies_inside_the_fan(scenario_id, key, value, baseline):
    scenario = load_scenario(SCENARIOS / f"{scenario_id}.yaml", baseline=baseline)
    moved = apply_levers(scenario, scenario_values(scenario) | {key: value}, baseline=baseline)
    line, draws = project(moved, baseline), project_draws(moved, baseline, draws=300, seed=0)
    for variable in ("employment", "openings_total", "transitions_open_market"):
        path = aggregate(line, variable)[0, 1:]
        p10, p90 = quantiles_of(aggregate(draws, variable)[:, 1:], (0.1, 0.9))
        slack = 1e-6 * np.abs(path)
        assert (p10 - slack <= path).all() and (path <= p90 + slack).all(), variable
