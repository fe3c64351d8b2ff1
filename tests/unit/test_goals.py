"""Goal-seeking: the cheapest plan that meets a goal in enough futures, or an honest shortfall."""

from __future__ import annotations

import numpy as np
import pytest

from bwise_foresight.goals import Goal, candidates, seek
from bwise_foresight.model import resolve, run
from bwise_foresight.scenario import Scenario
from bwise_foresight.uncertainty import picker, sample

COACHES = Goal("gap", 2032, 0.5, 0.8, "digital", "sup_job_coach")


def _share_met(goal: Goal, scenario: Scenario, baseline, courses, *, draws: int, seed: int) -> float:
    planned = scenario.with_overrides({"plan": {"courses": courses}}, baseline=baseline)
    values = goal.values(run(resolve(planned, baseline, picker(sample(planned, draws, seed=seed))), baseline), baseline)
    return float(goal.met(values).mean())


@pytest.fixture(scope="module")
def answer(baseline, base_scenario):
    return seek(COACHES, base_scenario, baseline)


def test_a_reachable_goal_gets_a_plan_that_meets_it_in_fresh_futures(answer, baseline, base_scenario):
    assert answer.reachable and answer.courses
    assert answer.level_without > COACHES.threshold  # without a plan the goal is missed
    assert answer.share_met_fresh >= COACHES.probability
    # futures neither the search nor its check has seen
    assert _share_met(COACHES, base_scenario, baseline, answer.courses, draws=1000, seed=4242) >= COACHES.probability
    assert answer.level <= COACHES.threshold
    assert answer.cost > 0 and answer.table["year"].between(2025, 2032).all()


def test_the_plan_is_the_cheapest_that_meets_the_goal(baseline, base_scenario):
    exact = seek(COACHES, base_scenario, baseline, margin=0.0, draws=200)
    assert _share_met(COACHES, base_scenario, baseline, exact.courses, draws=200, seed=0) >= COACHES.probability
    smaller = [{**c, "share": c["share"] * 0.9} for c in exact.courses]
    assert _share_met(COACHES, base_scenario, baseline, smaller, draws=200, seed=0) < COACHES.probability


def test_the_cheapest_module_per_effective_hour_is_used_first(answer, baseline):
    cat = baseline.catalogue
    index = [cat.module_ids.index(m) for m in candidates(COACHES, baseline)]
    effective = cat.hours[index] * cat.completion[index] * cat.content[index, 0]  # digital is the first cluster
    per_hour = cat.cost[index] / effective
    order = [candidates(COACHES, baseline)[i] for i in np.argsort(per_hour)]
    shares = {c["module"]: c["share"] for c in answer.courses}
    assert shares[order[0]] == pytest.approx(1.0)  # the cheapest fills up before the next is used
    assert all(m not in shares for m in order[2:]) or shares[order[1]] == pytest.approx(1.0)


def test_an_unreachable_goal_says_so_and_how_far_it_falls_short(baseline, base_scenario):
    poor = base_scenario.with_overrides({"plan": {"budget": 1_000_000}}, baseline=baseline)
    goal = Goal("gap", 2032, 0.1, 0.8, "digital", "sup_job_coach")
    answer = seek(goal, poor, baseline)
    assert not answer.reachable
    assert answer.shortfall == pytest.approx(answer.level - 0.1) and answer.shortfall > 0.3
    assert (answer.table["cost"] <= 1_000_000 * (1 + 1e-6)).all()
    assert answer.level < answer.level_without  # the budget still buys something


def test_a_goal_already_met_needs_no_plan(baseline, base_scenario):
    answer = seek(
        Goal("gap", 2032, 3.0, 0.8, "digital", "sup_job_coach"), base_scenario, baseline, draws=100, fresh=100
    )
    assert answer.reachable and answer.courses == [] and answer.cost == 0


def test_a_transitions_goal_trains_workers_with_support_needs(baseline, base_scenario):
    goal = Goal("transitions", 2030, 55_000, 0.8)
    answer = seek(goal, base_scenario, baseline, draws=200, fresh=300)
    assert answer.reachable and {c["profiles"] for c in answer.courses} == {"wsn"}
    assert answer.level >= 55_000 > answer.level_without


def test_a_goal_outside_the_horizon_is_refused(baseline, base_scenario):
    with pytest.raises(ValueError, match="2060"):
        seek(Goal("gap", 2060, 0.5), base_scenario, baseline)
    with pytest.raises(ValueError, match="cluster"):
        Goal("gap", 2030, 0.5, cluster="cooking")


def test_decisions_are_kept_apart_from_external_assumptions(baseline, base_scenario):
    from bwise_foresight.goals import failures
    from bwise_foresight.levers import LEVERS_BY_KEY
    from bwise_foresight.scenario import is_decision

    assert LEVERS_BY_KEY["h_supporters"].decision and not LEVERS_BY_KEY["hpl"].decision
    assert not any(LEVERS_BY_KEY[k].decision for k in ("mid", "ceil", "growth", "ai", "open", "up_digital"))
    assert is_decision(("plan", "courses", 0, "share")) and is_decision(("training", "focus", "digital"))
    # discovery searches the futures, not the sector's own choices: the scenario's ranges on training
    # hours are sampled but are no input of PRIM
    hours = {"low": 10.0, "mode": 20.0, "high": 30.0}
    ranges = {"training": {"hours_per_worker": {"supporters": hours}}}
    scenario = base_scenario.with_overrides(ranges, baseline=baseline)
    ranged = {path for path, value in scenario.uncertain_parameters().items() if hasattr(value, "mode")}
    assert ("training", "hours_per_worker", "supporters") in ranged
    inputs, failed = failures(COACHES, scenario, baseline, [], runs=100)
    assert len(inputs) == len(failed) == 100
    assert set(inputs.columns) == {".".join(map(str, p)) for p in ranged if not is_decision(p)}


def test_no_module_for_the_goal_and_no_money_are_said_as_such(baseline, base_scenario):
    """A goal no module serves, or no budget at all, is unreachable, never 'met without a plan'."""
    nothing = seek(Goal("gap", 2030, 0.1, 0.8, "management", "supporters"), base_scenario, baseline, draws=60, fresh=60)
    assert nothing.no_module and not nothing.reachable and not nothing.met_without_plan
    broke = base_scenario.with_overrides({"plan": {"budget": 0}}, baseline=baseline)
    answer = seek(Goal("gap", 2030, 0.1, 0.8, "digital", "sup_job_coach"), broke, baseline, draws=60, fresh=60)
    assert answer.courses == [] and not answer.reachable and not answer.met_without_plan and answer.shortfall > 0


def test_an_answer_adds_to_the_scenarios_own_plan_and_counts_only_what_it_adds(baseline, base_scenario):
    own = {"module": "bw_mooc", "profiles": "supporters", "share": 0.6}
    planned = base_scenario.with_overrides({"plan": {"courses": [own]}}, baseline=baseline)
    answer = seek(COACHES, planned, baseline, draws=200, fresh=300)
    added = {c["module"]: c["share"] for c in answer.courses}
    assert added.get("bw_mooc", 0) <= 0.4 + 1e-9  # with the own 0.6, at most every job coach once a year
    full = answer.table["cost"].sum()
    assert answer.cost == pytest.approx(full - answer.own_cost) and 0 < answer.cost < full
