"""Europe is the sum of the 13 partner countries: in the projection, in every sampled future, in a plan."""

from __future__ import annotations

import numpy as np
import pytest
from paths import SCENARIOS

from bwise_foresight import load_scenario
from bwise_foresight.countries import bands_in, national_stocks, project_countries, project_europe, project_in
from bwise_foresight.model import FLOW_VARIABLES, VARIABLES
from bwise_foresight.training import plan_table
from bwise_foresight.uncertainty import aggregate

# what adds up over countries; every other variable is a share or a level
SUMMED = [v for v, (unit, _) in VARIABLES.items() if unit.startswith(("persons", "hours"))]


def _weighted_gap(parts, rows=slice(None)) -> np.ndarray:
    """(T,) the importance- and workforce-weighted gap over the countries' own projections."""
    num = sum((p["employment"][..., None] * p["importance"] * p["gap"])[0][:, rows].sum(axis=(1, 2)) for p in parts)
    den = sum((p["employment"][..., None] * p["importance"])[0][:, rows].sum(axis=(1, 2)) for p in parts)
    return num / den


@pytest.mark.parametrize("name", sorted(p.stem for p in SCENARIOS.glob("*.yaml")))
def test_europe_adds_up_the_countries_in_every_shipped_scenario(baseline, name):
    scenario = load_scenario(SCENARIOS / f"{name}.yaml", baseline=baseline)
    europe = project_europe(scenario, baseline)
    parts = list(project_countries(scenario, baseline).values())
    assert len(parts) == 13
    assert "training_hours" in SUMMED and "transitions_open_market" in SUMMED and "gap" not in SUMMED
    for variable in SUMMED:
        total = sum(p[variable] for p in parts)
        np.testing.assert_allclose(europe[variable], total, rtol=1e-7, atol=1e-6, err_msg=variable)
        assert abs(europe[variable][0, -1].sum()) > 0 or variable not in FLOW_VARIABLES, variable  # not all zero
    # a level is the countries' mean, weighted as the headline gap is
    whole = aggregate(europe, "gap")[0]
    np.testing.assert_allclose(whole, _weighted_gap(parts), rtol=1e-9)


def test_europes_base_year_is_every_national_stock(baseline, base_scenario):
    stocks = national_stocks(baseline)
    europe = project_europe(base_scenario, baseline)
    start = europe["employment"][0, 0]
    assert start.sum() == pytest.approx(stocks["wsn"].sum() + stocks["staff"].sum(), rel=1e-12)
    assert start[baseline.is_wsn].sum() == pytest.approx(stocks["wsn"].sum(), rel=1e-12)
    # sheltered employment included: well above ENSIE's 378,000 people in its networks of 19 countries
    assert start.sum() > 800_000


def test_an_override_for_one_country_moves_europe_by_that_country_alone(baseline, base_scenario):
    before = project_europe(base_scenario, baseline)
    changed = base_scenario.with_overrides({"countries": {"FR": {"demand": {"growth": 0.03}}}}, baseline=baseline)
    after = project_europe(changed, baseline)
    france = project_in(changed, baseline, "FR")["employment"] - project_in(base_scenario, baseline, "FR")["employment"]
    assert france[0, -1].sum() > 1_000
    np.testing.assert_allclose(after["employment"] - before["employment"], france, rtol=1e-9, atol=1e-6)


def test_every_sampled_future_of_europe_adds_up_the_same_future_in_each_country(baseline):
    scenario = load_scenario(SCENARIOS / "fast_automation.yaml", baseline=baseline)
    europe = project_europe(scenario, baseline, draws=80, seed=3)  # two blocks of futures
    assert europe.draws == 80
    countries = [project_in(scenario, baseline, code, draws=80, seed=3) for code in baseline.countries.index]
    for variable in ("employment", "openings_total", "transitions_open_market", "training_hours"):
        total = sum(p[variable] for p in countries)
        np.testing.assert_allclose(europe[variable], total, rtol=2e-4, err_msg=variable)
    spread = aggregate(europe, "employment")[:, -1]
    assert spread.std() > 0.01 * spread.mean()  # the futures differ


def test_europes_fans_surround_the_sum_of_the_countries(baseline):
    scenario = load_scenario(SCENARIOS / "fast_automation.yaml", baseline=baseline)
    fans = bands_in(scenario, baseline, None, draws=200, seed=0)
    assert fans.draws == 200
    headline = aggregate(project_europe(scenario, baseline), "employment")[0]
    low, high = fans.employment[0.1].to_numpy(), fans.employment[0.9].to_numpy()
    assert (low <= headline * 1.0001).all() and (headline <= high * 1.0001).all()
    assert high[-1] > low[-1] and headline[0] == pytest.approx(low[0])  # the base year is certain
    gaps = fans.gap_by_cluster
    assert (gaps[0.1] <= gaps[0.5]).all() and (gaps[0.5] <= gaps[0.9]).all()


def _plan(scenario, baseline, **limits):
    course = {"module": "bw_sup_2", "profiles": "supporters", "share": 0.3, "start": 2025, "end": 2030}
    return scenario.with_overrides({"plan": {"courses": [course], **limits}}, baseline=baseline)


def test_europes_plan_is_the_countries_plans_at_their_own_costs(baseline, base_scenario):
    planned = _plan(base_scenario, baseline)
    europe = plan_table(project_europe(planned, baseline), baseline).set_index(["year", "module"])
    tables = [
        plan_table(p, baseline).set_index(["year", "module"]) for p in project_countries(planned, baseline).values()
    ]
    for column in ("planned_learners", "learners", "learner_hours", "cost", "trainer_hours", "trainers"):
        total = sum(table[column] for table in tables)
        np.testing.assert_allclose(europe[column], total, rtol=1e-9, err_msg=column)
    # Romania's training costs less than France's: Europe's cost per learner lies between
    per_learner = europe["cost"] / europe["learners"]
    cost = baseline.catalogue.cost.tolist()[baseline.catalogue.module_ids.index("bw_sup_2")]
    index = baseline.catalogue.cost_index
    assert (per_learner > cost * index["RO"]).all() and (per_learner < cost * index["FR"]).all()


def test_europes_plan_shares_one_budget_among_the_countries(baseline, base_scenario):
    free = plan_table(project_europe(_plan(base_scenario, baseline), baseline), baseline)
    budget = float(free.groupby("year")["cost"].sum().min()) / 2
    limited = plan_table(project_europe(_plan(base_scenario, baseline, budget=budget), baseline), baseline)
    spent = limited.groupby("year")["cost"].sum()
    assert spent.max() == pytest.approx(budget, rel=1e-9)  # not 13 budgets, one
    assert limited["delivered_share"].max() < 0.51


def test_the_pooled_workforce_of_europes_analyses_has_the_sum_of_the_countries_people(baseline, base_scenario):
    from bwise_foresight import project
    from bwise_foresight.countries import analysed

    scenario, pooled = analysed(base_scenario, baseline, None)
    one = project(scenario, pooled)
    europe = project_europe(base_scenario, baseline)
    # the base year exactly; then the countries' own trends (the Dutch Wsw shrinking, Spain's empresas de
    # inserción growing) compound apart from any one pooled trend: the pooled trend meets their total at the
    # horizon's end, and between the two ends people and flows stay within a few per cent
    for variable in ("employment", "openings_total", "exits", "training_delivered"):
        np.testing.assert_allclose(one[variable][:, 0], europe[variable][:, 0], rtol=1e-9, atol=1e-6, err_msg=variable)
    workforce = one["employment"][0].sum(axis=1) / europe["employment"][0].sum(axis=1)
    assert abs(workforce[-1] - 1) < 0.002 and np.abs(workforce - 1).max() < 0.02  # 0.0 %, at most 1.0 %
    for kind in range(3):  # every WISE type, at most 2.3 %
        ours, theirs = (p.by_cell("employment")[0, :, :, kind].sum(axis=1) for p in (one, europe))
        assert np.abs(ours / theirs - 1).max() < 0.03, kind
    for variable in ("openings_total", "transitions_open_market"):
        assert one[variable].sum() == pytest.approx(europe[variable].sum(), rel=0.01), variable  # 0.9 %, 0.2 %
    # levels are close, not equal: each country's turnover mixes its own proficiency
    close = aggregate(one, "gap")[0, -1] / aggregate(europe, "gap")[0, -1]
    assert 0.9 < close < 1.1  # 3 % in this scenario (docs/model.md)
    fr_scenario, fr = analysed(base_scenario, baseline, "FR")
    np.testing.assert_allclose(
        project(fr_scenario, fr)["employment"], project_in(base_scenario, baseline, "FR")["employment"]
    )


def test_a_country_entry_that_changes_the_ranges_keeps_one_world_in_every_future(baseline, base_scenario):
    from bwise_foresight.countries import _futures

    spread = {"low": 0.0, "mode": 0.01, "high": 0.03}
    changed = base_scenario.with_overrides(
        {"countries": {"FR": {"automation": {"ceiling": 0.5}}, "IT": {"demand": {"growth": spread}}}},
        baseline=baseline,
    )
    futures = _futures(changed, ["FR", "IT", "ES"], 200, 0)
    shared = ("automation", "midpoint_year")
    assert shared in futures["FR"] and ("automation", "ceiling") not in futures["FR"]
    # the same quantile of a shared range in every country: the same order of futures
    order = np.argsort(futures["ES"][shared])
    for code in ("FR", "IT"):
        np.testing.assert_array_equal(np.argsort(futures[code][shared]), order)
    assert ("demand", "growth") in futures["IT"] and futures["IT"][("demand", "growth")].max() > 0.02
    europe = project_europe(changed, baseline, draws=70, seed=1)
    assert europe.draws == 70
    # a scenario whose only range is a country's: every other country still gets a row per future
    only = _only_range_in(base_scenario, baseline, "FR", spread)
    sampled = project_europe(only, baseline, draws=30, seed=2)
    assert sampled.draws == 30
    countries = [project_in(only, baseline, code, draws=30, seed=2) for code in baseline.countries.index]
    np.testing.assert_allclose(sampled["employment"], sum(p["employment"] for p in countries), rtol=1e-6)


def _only_range_in(scenario, baseline, code, spread):
    """The scenario with every range at its mode, but one range in one country's entry."""
    from bwise_foresight.scenario import Range

    def modes(node):
        if isinstance(node, dict):
            if set(node) == {"low", "mode", "high"}:
                return node["mode"]
            return {k: modes(v) for k, v in node.items()}
        if isinstance(node, list):
            return [modes(v) for v in node]
        return node

    data = modes(scenario.to_dict())
    data["countries"] = {code: {"demand": {"growth": spread}}}
    out = scenario.model_validate(data)
    assert not [v for v in out.uncertain_parameters().values() if isinstance(v, Range) and v.high > v.low]
    return out


def test_a_countrys_own_hours_per_level_add_up_in_europes_training_hours(baseline, base_scenario):
    changed = base_scenario.with_overrides(
        {"countries": {"FR": {"training": {"hours_per_level": 300}}}}, baseline=baseline
    )
    europe = project_europe(changed, baseline)
    total = sum(p["training_hours"] for p in project_countries(changed, baseline).values())
    np.testing.assert_allclose(europe["training_hours"], total, rtol=1e-9)
    assert (
        europe["training_hours"][0, -1].sum() != project_europe(base_scenario, baseline)["training_hours"][0, -1].sum()
    )


def test_europes_openings_are_each_countrys_openings_added_up(baseline):
    """Openings (hires) never go below zero in a country: the Dutch Wsw shrinking does not cancel Spain's
    openings, so Europe's headline openings and their replacement part are the countries' own, added up."""
    from bwise_foresight.summary import headline

    scenario = load_scenario(SCENARIOS / "austerity.yaml", baseline=baseline)
    europe = headline(project_europe(scenario, baseline), baseline)
    parts = [headline(p, baseline) for p in project_countries(scenario, baseline).values()]
    for name in ("openings_total", "staff_openings", "staff_replacement"):
        assert getattr(europe, name) == pytest.approx(sum(getattr(p, name) for p in parts), rel=1e-9), name
