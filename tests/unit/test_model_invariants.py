"""Properties of the projection that must hold whatever the numbers."""

from __future__ import annotations

import numpy as np
import pytest

from bwise_foresight import VARIABLES, Scenario, ScenarioError, project
from bwise_foresight.model import WSN_ONLY

# No driver moves: no automation (classic or generative AI), no circular demand, no growth.
NO_DRIVERS = {"automation": {"ceiling": 0.0}, "genai": {"ceiling": 0.0}, "green": {"circular_demand": 0.0}}
STILL = {
    "automation": {"ceiling": 0.0, "creation": 0.0},
    "genai": {"ceiling": 0.0},
    "green": {"circular_demand": 0.0},
    "demand": {"growth": 0.0},
    "skills": {"uplift": {}},
}


@pytest.fixture(scope="module")
def still(base_scenario, baseline) -> Scenario:
    """The baseline scenario with no automation, no growth and no uplift."""
    data = base_scenario.to_dict()
    data["skills"] = {"uplift": {}}
    return Scenario.from_dict(data, scenario_id="still", baseline=baseline).with_overrides(STILL, baseline=baseline)


def _emp(scenario, baseline):
    return project(scenario, baseline)["employment"][0]


def test_base_year_reproduces_the_baseline_exactly(base_scenario, baseline):
    p = project(base_scenario, baseline)
    np.testing.assert_allclose(p["employment"][0, 0], baseline.headcount, rtol=1e-12)
    np.testing.assert_allclose(p.by_cell("employment")[0, 0], baseline.headcount[:, None] * baseline.type_share)
    np.testing.assert_array_equal(p["importance"][0, 0], baseline.importance)
    np.testing.assert_array_equal(p["required_level"][0, 0], baseline.required_level)
    np.testing.assert_array_equal(p["available_level"][0, 0], baseline.available_level)
    np.testing.assert_array_equal(p["gap"][0, 0], np.maximum(baseline.required_level - baseline.available_level, 0))


def test_no_automation_and_no_growth_means_flat_employment(still, baseline):
    emp = _emp(still, baseline)
    np.testing.assert_allclose(emp, np.broadcast_to(baseline.headcount, emp.shape))
    p = project(still, baseline)
    np.testing.assert_allclose(p["openings_expansion"][0], 0, atol=1e-9)
    np.testing.assert_allclose(p["openings_replacement"][0], p["exits"][0])
    # workers with support needs leave after their WISE type's average stay (Little's law)
    wsn = baseline.is_wsn
    expected = (baseline.headcount[wsn, None] * baseline.type_share[wsn] / baseline.duration).sum(axis=1)
    np.testing.assert_allclose(p["exits"][0, 1:, wsn].T, np.broadcast_to(expected, (emp.shape[0] - 1, wsn.sum())))
    # staff: quits every year plus the 55+ band retiring over ten years
    staff = ~wsn
    first = baseline.quit_rate[staff] + baseline.age_shares[staff, 2] / 10
    np.testing.assert_allclose(p["exits"][0, 1, staff], first * baseline.headcount[staff])
    np.testing.assert_allclose(
        p["retirements"][0, 1, staff], baseline.age_shares[staff, 2] / 10 * baseline.headcount[staff]
    )


@pytest.mark.parametrize("key", ["ceiling", "substitution"])
def test_more_automation_never_raises_employment_in_exposed_profiles(base_scenario, baseline, key):
    low = _emp(base_scenario.with_overrides({"automation": {key: 0.2}}), baseline)
    high = _emp(base_scenario.with_overrides({"automation": {key: 0.8}}), baseline)
    exposed = (baseline.exposure > 0) & (baseline.complement_share == 0)
    assert (high[:, exposed] <= low[:, exposed] + 1e-9).all()
    assert (high[-1, exposed] < low[-1, exposed]).all()


def test_without_job_creation_more_automation_lowers_every_profile(base_scenario, baseline):
    none = {"creation": 0.0}
    low = _emp(base_scenario.with_overrides({"automation": {"ceiling": 0.2, **none}}), baseline)
    high = _emp(base_scenario.with_overrides({"automation": {"ceiling": 0.8, **none}}), baseline)
    assert (high <= low + 1e-9).all()


def test_creation_moves_jobs_to_complementary_profiles(base_scenario, baseline):
    plain = base_scenario.with_overrides({"green": {"circular_demand": 0.0}})
    without = _emp(plain.with_overrides({"automation": {"creation": 0.0}}), baseline)
    with_ = _emp(plain.with_overrides({"automation": {"creation": 1.0}}), baseline)
    gains = with_[-1] - without[-1]
    np.testing.assert_allclose(gains > 1e-9, baseline.complement_share > 0)
    # creation 1.0 gives back exactly the jobs removed
    demand = baseline.headcount * (1 + plain.demand.growth.mode) ** (with_.shape[0] - 1)
    np.testing.assert_allclose(with_[-1].sum(), demand.sum())


def test_more_growth_means_more_employment(base_scenario, baseline):
    slow = _emp(base_scenario.with_overrides({"demand": {"growth": 0.0}}), baseline)
    fast = _emp(base_scenario.with_overrides({"demand": {"growth": 0.03}}), baseline)
    assert (fast[1:] > slow[1:]).all()


def test_profile_growth_overrides_its_group_which_overrides_the_sector(base_scenario, baseline):
    s = base_scenario.with_overrides({"demand": {"growth": 0.0, "profiles": {"wsn": 0.02, "wsn_recycling": 0.05}}})
    p = project(s.with_overrides(NO_DRIVERS), baseline)
    emp, ids, groups = p["employment"][0], baseline.profile_ids, baseline.groups
    years = emp.shape[0] - 1
    ratio = emp[-1] / emp[0]
    assert ratio[ids.index("wsn_recycling")] == pytest.approx(1.05**years)
    assert ratio[ids.index("wsn_cleaning")] == pytest.approx(1.02**years)
    np.testing.assert_allclose(ratio[groups != "wsn"], 1.0)


def test_a_shock_cuts_demand_from_its_year_on(base_scenario, baseline):
    plain = base_scenario.with_overrides(NO_DRIVERS)
    shocked = plain.with_overrides(
        {"demand": {"shocks": [{"year": 2027, "profiles": ["wsn_catering"], "change": -0.1}]}}
    )
    a, b = _emp(plain, baseline), _emp(shocked, baseline)
    i = baseline.profile_ids.index("wsn_catering")
    years = list(plain.years)
    np.testing.assert_allclose(b[: years.index(2027), i], a[: years.index(2027), i])
    np.testing.assert_allclose(b[years.index(2027) :, i], 0.9 * a[years.index(2027) :, i])
    other = [j for j in range(len(baseline.profile_ids)) if j != i]
    np.testing.assert_allclose(b[:, other], a[:, other])


def test_openings_add_up(base_scenario, baseline):
    p = project(base_scenario, baseline)
    emp = p["employment"][0]
    np.testing.assert_allclose(p["openings_expansion"][0, 1:], np.diff(emp, axis=0))
    np.testing.assert_allclose(
        p["openings_total"][0], np.maximum(p["openings_expansion"][0] + p["openings_replacement"][0], 0)
    )
    # replacement dominates expansion, as in Cedefop's forecasts
    assert p["openings_replacement"][0, 1:].sum() > 3 * p["openings_expansion"][0, 1:].sum()


def test_more_training_closes_more_of_the_gap(base_scenario, baseline):
    little = project(base_scenario.with_overrides({"training": {"hours_per_worker": 0}}), baseline)
    lots = project(base_scenario.with_overrides({"training": {"hours_per_worker": 80}}), baseline)
    assert lots["gap"][0, -1].sum() < little["gap"][0, -1].sum()
    assert (lots["available_level"][0] >= little["available_level"][0] - 1e-9).all()
    assert little["training_delivered"][0].sum() == 0


def test_uplift_raises_requirements_only_in_its_cluster(base_scenario, baseline):
    none = project(
        base_scenario.with_overrides({"skills": {"uplift": {"digital": 0, "green": 0, "social": 0}}}), baseline
    )
    digital = project(
        base_scenario.with_overrides({"skills": {"uplift": {"digital": 2, "green": 0, "social": 0}}}), baseline
    )
    diff = digital["required_level"][0, -1] - none["required_level"][0, -1]
    is_digital = baseline.clusters == "digital"
    assert (diff[:, is_digital] > 0).all()
    np.testing.assert_allclose(diff[:, ~is_digital], 0)


def test_levels_stay_on_the_scale_and_gaps_are_never_negative(base_scenario, baseline):
    extreme = base_scenario.with_overrides(
        {"skills": {"uplift": {"digital": 7}}, "training": {"hours_per_worker": 1000, "hours_per_level": 1}}
    )
    for scenario in (base_scenario, extreme):
        p = project(scenario, baseline)
        for name in ("required_level", "available_level"):
            assert (p[name] >= 1 - 1e-9).all() and (p[name] <= 8 + 1e-9).all()
        assert (p["gap"] >= 0).all() and (p["training_hours"] >= 0).all()
        assert all(np.isfinite(p[v]).all() for v in VARIABLES if v not in WSN_ONLY)
        for v in WSN_ONLY:  # destinations exist for workers with support needs only
            assert np.isfinite(p[v][:, 1:, baseline.is_wsn]).all()


def test_to_frame_is_tidy_long_with_units(base_scenario, baseline):
    frame = project(base_scenario, baseline).to_frame()
    assert list(frame.columns) == ["scenario", "profile", "competence", "year", "variable", "unit", "value"]
    required = {
        "employment",
        "openings_expansion",
        "openings_replacement",
        "competence_need",
        "required_level",
        "available_level",
        "gap",
        "training_hours",
    }
    assert required <= set(frame.variable)
    profile_level = frame[frame.variable == "employment"]
    assert (profile_level.competence == "").all()
    assert (frame[frame.variable == "gap"].competence != "").all()
    assert frame.groupby("variable").unit.nunique().eq(1).all()
    assert frame[frame.variable == "openings_total"].year.min() == 2025
    assert not frame.duplicated(["profile", "competence", "year", "variable"]).any()


def test_a_programmatic_scenario_is_checked_against_the_baseline(base_scenario, baseline):
    with pytest.raises(ScenarioError, match="unknown profile or group 'ghost'"):
        base_scenario.with_overrides({"demand": {"profiles": {"ghost": 0.1}}}, baseline=baseline)
    unchecked = base_scenario.with_overrides({"demand": {"profiles": {"ghost": 0.1}}})
    with pytest.raises(ScenarioError, match="ghost"):
        project(unchecked, baseline)


def test_adoption_starts_at_zero_rises_and_saturates():
    from bwise_foresight.model import adoption

    years = np.arange(2024, 2101)
    a = adoption(years, np.array([2035.0, 1990.0, 2090.0]), np.array([0.3, 2.0, 0.05]))
    np.testing.assert_array_equal(a[:, 0], 0.0)
    assert (np.diff(a, axis=1) >= 0).all()
    assert np.isfinite(a).all() and (a <= 1).all()
    assert a[0, -1] > 0.99  # mid-2030s midpoint: saturated by 2100
    assert a[1, 5] > 0.99  # midpoint long past: the little potential left is taken up fast
