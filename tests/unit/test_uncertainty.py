"""Uncertainty: reproducible draws, ordered quantiles, sensible tornado signs, Sobol on a known case."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from paths import SCENARIOS

from bwise_foresight import VARIABLES, load_scenario, project
from bwise_foresight.uncertainty import (
    aggregate,
    project_draws,
    quantile_frame,
    sample,
    sensitivity,
    sobol,
    sobol_indices,
    uncertain,
)


def test_same_seed_gives_identical_results(base_scenario, baseline):
    a = project_draws(base_scenario, baseline, draws=200, seed=7)
    b = project_draws(base_scenario, baseline, draws=200, seed=7)
    c = project_draws(base_scenario, baseline, draws=200, seed=8)
    for name in VARIABLES:
        np.testing.assert_array_equal(a[name], b[name])
    assert not np.array_equal(a["employment"], c["employment"])


def test_draws_follow_the_ranges(base_scenario):
    values = sample(base_scenario, 2000, seed=0)
    ceiling = values[("automation", "ceiling")]
    assert ceiling.min() >= 0.2 and ceiling.max() <= 0.45
    assert np.median(ceiling) == pytest.approx(0.31, abs=0.02)  # triangular 0.2-0.3-0.45
    assert len(values) == len(uncertain(base_scenario)) == 14
    # Latin hypercube: exactly one draw in each of the 2000 equal-probability strata
    from scipy.stats import triang

    strata = np.floor(triang.cdf(ceiling, (0.3 - 0.2) / 0.25, loc=0.2, scale=0.25) * 2000).astype(int)
    assert sorted(strata) == list(range(2000))


def test_quantiles_are_ordered_everywhere(base_scenario, baseline):
    p = project_draws(base_scenario, baseline, draws=300, seed=0)
    frame = quantile_frame(p, quantiles=(0.1, 0.5, 0.9))
    assert list(frame.columns) == ["scenario", "profile", "competence", "year", "variable", "unit", "value", "quantile"]
    wide = frame.pivot_table(index=["profile", "competence", "year", "variable"], columns="quantile", values="value",
                             observed=True)  # fmt: skip
    tolerance = 1e-4 * wide.abs().max(axis=1)
    assert (wide[0.1] <= wide[0.5] + tolerance).all() and (wide[0.5] <= wide[0.9] + tolerance).all()
    assert frame["value"].notna().all()
    base_rows = frame[(frame.year == 2024) & (frame.variable == "employment")]
    assert base_rows.groupby("quantile").value.sum().round().eq(378_000).all()  # the base year is certain


def test_a_collapsed_range_equals_the_deterministic_run(base_scenario, baseline):
    data = base_scenario.to_dict()

    def collapse(node):
        if isinstance(node, dict) and {"low", "mode", "high"} <= set(node):
            return {"low": node["mode"], "mode": node["mode"], "high": node["mode"]}
        if isinstance(node, dict):
            return {k: collapse(v) for k, v in node.items()}
        return node

    data = collapse(data)
    from bwise_foresight import Scenario

    collapsed = Scenario.from_dict(data, scenario_id="baseline", baseline=baseline)
    assert uncertain(collapsed) == {}
    deterministic = project(base_scenario, baseline)
    sampled = project_draws(collapsed, baseline, draws=100, seed=0)
    for name in VARIABLES:
        np.testing.assert_allclose(sampled[name].mean(axis=0), deterministic[name][0], rtol=1e-12)


def test_draws_agree_with_single_runs_at_the_same_values(base_scenario, baseline):
    """The vectorised draw axis gives what one run per draw gives (float32 within 1e-5)."""
    from bwise_foresight.model import resolve, run
    from bwise_foresight.uncertainty import picker

    p = project_draws(base_scenario, baseline, draws=5, seed=3)
    values = sample(base_scenario, 5, seed=3)
    for d in (0, 4):
        one = run(resolve(base_scenario, baseline, picker({k: v[d : d + 1] for k, v in values.items()})), baseline)
        for name in ("employment", "available_level", "gap", "training_hours"):
            scale = np.abs(one[name][0]).max()
            np.testing.assert_allclose(p[name][d], one[name][0], rtol=1e-5, atol=2e-5 * scale)


def test_tornado_signs_make_sense(base_scenario, baseline):
    table = sensitivity(base_scenario, baseline, variable="employment", year=2040, profile="wsn_recycling")
    row = table.set_index("assumption").loc["automation › ceiling"]
    assert row.output_high < row.output_low  # a higher automation ceiling lowers exposed employment
    growth = table.set_index("assumption").loc["demand › growth"]
    assert growth.output_high > growth.output_low
    assert (table.swing.diff().dropna() <= 1e-9).all()  # sorted by swing
    assert table.attrs["unit"] == "persons"
    det = aggregate(project(base_scenario, baseline), "employment", year=2040, profile="wsn_recycling")[0]
    assert table.attrs["base"] == pytest.approx(det)
    # the training hours per level only matter for competences, not for employment
    assert table.set_index("assumption").loc["training › hours_per_level"].swing == pytest.approx(0, abs=1e-6)


def test_tornado_on_a_competence_level(base_scenario, baseline):
    table = sensitivity(base_scenario, baseline, variable="gap", year=2035, competence="dig_5_1")
    uplift = table.set_index("assumption").loc["skills › uplift › digital"]
    assert uplift.output_high > uplift.output_low  # more uplift, larger gap
    assert table.attrs["unit"] == "levels"


def test_aggregate_sums_persons_and_averages_levels(base_scenario, baseline):
    p = project(base_scenario, baseline)
    assert aggregate(p, "employment", year=2024)[0] == pytest.approx(378_000)
    gap = aggregate(p, "gap", year=2024)[0]
    assert 0 < gap < p["gap"][0, 0].max()
    with pytest.raises(ValueError, match="outside"):
        aggregate(p, "employment", year=2060)
    with pytest.raises(ValueError, match="unknown profile"):
        aggregate(p, "employment", year=2030, profile="nobody")


def _ishigami(x: np.ndarray) -> np.ndarray:
    """The Ishigami function on inputs uniform in [-pi, pi] (Ishigami & Homma 1990)."""
    z = -np.pi + 2 * np.pi * x
    return np.sin(z[:, 0]) + 7 * np.sin(z[:, 1]) ** 2 + 0.1 * z[:, 2] ** 4 * np.sin(z[:, 0])


def test_sobol_wrapper_recovers_the_ishigami_indices():
    table = sobol(["x1", "x2", "x3"], _ishigami, n=4096, seed=1)
    # analytical values for a = 7, b = 0.1
    expected = pd.DataFrame({"S1": [0.3139, 0.4424, 0.0], "ST": [0.5576, 0.4424, 0.2437]}, index=["x1", "x2", "x3"])
    for name in expected.index:
        assert table.loc[name, "S1"] == pytest.approx(expected.loc[name, "S1"], abs=0.04)
        assert table.loc[name, "ST"] == pytest.approx(expected.loc[name, "ST"], abs=0.04)


def test_sobol_indices_of_the_model(base_scenario, baseline):
    table = sobol_indices(base_scenario, baseline, variable="employment", year=2040, n=64, seed=0)
    assert set(table.index) == {" › ".join(map(str, p)) for p in uncertain(base_scenario)}
    assert table.attrs["runs"] == 64 * (len(table) + 2)
    assert table.index[0] in ("demand › growth", "automation › ceiling")  # total employment: growth rules
    assert (table["ST"] >= -0.1).all()


def test_a_scenario_without_ranges_gives_the_deterministic_result(baseline):
    minimal = load_scenario(SCENARIOS.parent / "tests/fixtures/scenarios/valid_minimal.yaml", baseline=baseline)
    sampled = project_draws(minimal, baseline, draws=50)
    np.testing.assert_array_equal(sampled["employment"], project(minimal, baseline)["employment"])
    assert sensitivity(minimal, baseline, variable="employment", year=2030).empty
