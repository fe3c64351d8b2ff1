"""Every scenario we ship loads, says what it is, and projects cleanly."""

from __future__ import annotations

import re

import numpy as np
import pytest
from paths import SCENARIOS

from bwise_foresight import VARIABLES, list_scenarios, load_scenario, project
from bwise_foresight.model import WSN_ONLY

SHIPPED = list_scenarios(SCENARIOS)


def test_at_least_five_scenarios_with_baseline_first():
    assert len(SHIPPED) >= 5
    assert SHIPPED[0].stem == "baseline"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_scenario_loads_and_projects(path, baseline):
    scenario = load_scenario(path, baseline=baseline)
    assert scenario.id == path.stem
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", scenario.description.strip()) if s]
    assert 2 <= len(sentences) <= 5, f"{path.name}: description has {len(sentences)} sentences"
    assert scenario.author and scenario.date.year >= 2024
    projection = project(scenario, baseline)
    for name in VARIABLES:
        values = projection[name][:, 1:, baseline.is_wsn] if name in WSN_ONLY else projection[name]
        assert np.isfinite(values).all(), f"{name} has NaN or inf"
    frame = projection.to_frame()
    assert frame.notna().all().all()


@pytest.mark.parametrize("path", [p for p in SHIPPED if p.stem != "baseline"], ids=lambda p: p.stem)
def test_variants_differ_from_the_baseline(path, baseline, base_scenario):
    scenario = load_scenario(path, baseline=baseline)
    assert scenario.extends == "baseline"
    ours, theirs = project(scenario, baseline), project(base_scenario, baseline)
    assert not np.allclose(ours["employment"], theirs["employment"]) or not np.allclose(ours["gap"], theirs["gap"])


def test_extends_overrides_only_what_differs(baseline, base_scenario):
    fast = load_scenario(SCENARIOS / "fast_automation.yaml", baseline=baseline)
    assert fast.automation.ceiling.mode == 0.6
    assert fast.automation.profiles["wsn_recycling"].ceiling == 0.8
    assert fast.demand == base_scenario.demand
    assert fast.training == base_scenario.training
    assert fast.skills.uplift["green"] == base_scenario.skills.uplift["green"]  # merged key by key
    assert fast.files == ("%s" % (SCENARIOS / "fast_automation.yaml"), "%s" % (SCENARIOS / "baseline.yaml"))


def test_resolved_yaml_round_trips(tmp_path, baseline):
    fast = load_scenario(SCENARIOS / "fast_automation.yaml", baseline=baseline)
    out = tmp_path / "fast_resolved.yaml"
    out.write_text(fast.to_yaml(), encoding="utf-8")
    again = load_scenario(out, baseline=baseline)
    assert again.to_dict() == fast.to_dict()
