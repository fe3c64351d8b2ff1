"""Sliders map to scenario values both ways; headline figures and the narrative match the projection."""

from __future__ import annotations

import numpy as np
import pytest
from paths import SCENARIOS

from bwise_foresight import load_scenario, project
from bwise_foresight.levers import LEVERS, apply_levers, scenario_values
from bwise_foresight.summary import gap_index, headline, headline_table, narrative


def test_every_lever_reads_the_scenario_in_display_units(base_scenario):
    values = scenario_values(base_scenario)
    assert values["ceil"] == 30 and values["mid"] == 2035 and values["growth"] == 0.5
    assert values["h_wsn"] == 12 and values["up_digital"] == 1.0 and values["up_management"] == 0.0
    for lever in LEVERS:
        assert lever.min <= values[lever.key] <= lever.max, lever.key


def test_unchanged_levers_return_the_scenario_itself(base_scenario):
    assert apply_levers(base_scenario, scenario_values(base_scenario)) is base_scenario


def test_moving_a_lever_keeps_the_uncertainty_range(base_scenario, baseline):
    values = scenario_values(base_scenario) | {"ceil": 60}
    moved = apply_levers(base_scenario, values, baseline=baseline)
    # the whole range 0.2-0.3-0.45 moves with the slider (issue 11: the fan stays around the headline line)
    assert moved.automation.ceiling.model_dump() == pytest.approx({"low": 0.5, "mode": 0.6, "high": 0.75})
    assert moved.title == "Business as usual (adjusted)"
    assert moved.id == "baseline"
    assert scenario_values(moved)["ceil"] == 60


def test_group_training_hours_from_a_single_number(baseline):
    minimal = load_scenario(SCENARIOS.parent / "tests/fixtures/scenarios/valid_minimal.yaml", baseline=baseline)
    assert scenario_values(minimal)["h_wsn"] == 10
    moved = apply_levers(minimal, scenario_values(minimal) | {"h_wsn": 40}, baseline=baseline)
    assert moved.training.hours_per_worker == {"enablers": 10, "supporters": 10, "wsn": 40}


def test_the_uplift_lever_adds_a_cluster_absent_from_the_scenario(base_scenario, baseline):
    moved = apply_levers(base_scenario, scenario_values(base_scenario) | {"up_vocational": 1.5}, baseline=baseline)
    assert moved.skills.uplift["vocational"] == 1.5


def test_headline_matches_the_projection(base_scenario, baseline):
    p = project(base_scenario, baseline)
    h = headline(p, baseline)
    assert h.workforce_start == pytest.approx(baseline.headcount.sum())
    assert h.workforce_end == pytest.approx(p["employment"][0, -1].sum())
    assert h.openings_total == pytest.approx(p["openings_total"][0, 1:].sum())
    assert h.openings_expansion + h.openings_replacement == pytest.approx(h.openings_total)
    assert h.gap_end == pytest.approx(gap_index(p)[-1])
    assert h.training_hours_end == pytest.approx(p["training_hours"][0, -1].sum())
    assert len(h.top_need) == 3


def test_gap_index_is_a_weighted_mean_within_the_range_of_gaps(base_scenario, baseline):
    p = project(base_scenario, baseline)
    g = gap_index(p)
    assert (g >= 0).all() and (g <= p["gap"][0].max()).all()
    assert np.isfinite(g).all()


def test_narrative_says_what_happens_against_the_reference(base_scenario, baseline):
    fast = load_scenario(SCENARIOS / "fast_automation.yaml", baseline=baseline)
    ours, ref = headline(project(fast, baseline), baseline), headline(project(base_scenario, baseline), baseline)
    text = narrative(ours, ref)
    assert text.startswith("By 2040 under **Fast automation**")
    assert f"{ours.workforce_end:,.0f} people" in text
    assert "against Business as usual" in text
    assert "Need grows most for" in text
    assert "against" not in narrative(ref, ref)


def test_headline_table_has_one_column_per_scenario(base_scenario, baseline):
    fast = load_scenario(SCENARIOS / "fast_automation.yaml", baseline=baseline)
    table = headline_table([headline(project(s, baseline), baseline) for s in (base_scenario, fast)])
    assert list(table.columns) == ["Business as usual", "Fast automation"]
    assert all("(" in row for row in table.index)  # every row names its unit
