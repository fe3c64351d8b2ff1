"""Quantiles over draws: the same numbers as numpy, computed only for what is asked, year by year."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from bwise_foresight import VARIABLES
from bwise_foresight.uncertainty import project_draws, quantile_frame, quantile_values, quantiles_of

QS = (0.1, 0.5, 0.9)


@pytest.mark.parametrize("draws", [1, 2, 7, 1000])
def test_quantiles_of_equals_numpy_including_constant_cells(draws):
    rng = np.random.default_rng(draws)
    values = rng.normal(size=(draws, 5, 3, 4))
    values[:, 0] = 3.25  # a certain year: every draw the same
    values[:, 1, 2] = rng.integers(0, 3, size=(draws, 4))  # ties
    got = quantiles_of(values, (0.0, *QS, 0.37, 1.0), block=7)
    np.testing.assert_allclose(got, np.quantile(values, (0.0, *QS, 0.37, 1.0), axis=0), rtol=0, atol=1e-12)


def test_quantiles_of_skips_nan_draws_as_nanquantile_does():
    values = np.array([[1.0, np.nan], [np.nan, np.nan], [3.0, np.nan], [2.0, np.nan]])
    got = quantiles_of(values, QS)
    np.testing.assert_allclose(got[:, 0], np.nanquantile(values[:, 0], QS))
    assert np.isnan(got[:, 1]).all()


def test_float32_sorting_keeps_seven_digits():
    values = np.random.default_rng(0).lognormal(8, 1, size=(500, 300))
    got = quantiles_of(values, QS, dtype=np.float32)
    np.testing.assert_allclose(got, np.quantile(values, QS, axis=0), rtol=2e-7)


@pytest.fixture(scope="module")
def draws(base_scenario, baseline):
    return project_draws(base_scenario, baseline, draws=300, seed=0)


def test_quantile_values_match_numpy_for_every_variable(draws):
    values = quantile_values(draws, quantiles=QS)
    assert list(values) == list(VARIABLES)
    for name in VARIABLES:
        expected = np.nanquantile(draws[name], QS, axis=0)
        np.testing.assert_allclose(values[name], expected, rtol=2e-7, atol=1e-9, err_msg=name)


def test_only_the_variables_asked_for_are_in_the_frame(draws):
    frame = quantile_frame(draws, quantiles=(0.5,), variables=["employment", "gap"])
    assert set(frame["variable"]) == {"employment", "gap"}
    assert set(frame["quantile"]) == {0.5}
    with pytest.raises(KeyError, match="unknown variable"):
        quantile_values(draws, variables=["nonsense"])


def test_derived_competence_variables_are_never_built_for_every_year_at_once(base_scenario, baseline):
    """Training hours of 300 draws over all years would take 32 MB as float64; one year at a time, 2 MB."""
    fresh = project_draws(base_scenario, baseline, draws=300, seed=0)  # nothing derived and cached yet
    full = fresh.arrays["importance"].size * 8
    tracemalloc.start()
    quantile_frame(fresh, variables=["training_hours"])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < full / 2, f"peak {peak / 1e6:.1f} MB, a full array is {full / 1e6:.1f} MB"


@pytest.mark.parametrize("wise_type", [None, "training"])
def test_bands_are_the_quantiles_of_the_full_computation(base_scenario, baseline, wise_type):
    """The fans compute only what they show (the end year's gap by cluster); the numbers are those
    of the whole projection's quantiles."""
    from bwise_foresight.summary import gap_by_cluster
    from bwise_foresight.uncertainty import aggregate, bands

    got = bands(base_scenario, baseline, draws=64, seed=3, wise_type=wise_type)
    p = project_draws(base_scenario, baseline, draws=64, seed=3).select(wise_type)
    assert got.draws == 64
    np.testing.assert_allclose(got.employment.to_numpy(), np.quantile(aggregate(p, "employment"), QS, axis=0).T)
    np.testing.assert_allclose(
        got.transitions.to_numpy(), np.quantile(aggregate(p, "transitions_open_market"), QS, axis=0).T[1:]
    )
    assert got.openings.index[0] == p.years[1]
    end_gap = gap_by_cluster(p, baseline, draws=True)[:, -1]
    np.testing.assert_allclose(got.gap_by_cluster.to_numpy(), np.quantile(end_gap, QS, axis=0).T, rtol=1e-6)
    assert (got.employment[0.1] < got.employment[0.9]).iloc[-1]  # the futures do spread
