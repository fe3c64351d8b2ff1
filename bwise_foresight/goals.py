"""Goals and goal-seeking: the cheapest training plan that meets a target in enough futures.

A :class:`Goal` is a target on the projection in one year — a cluster's gap for some profiles at
most so many levels, or at least so many moves into open employment a year — to be met in a share
of the scenario's sampled futures. :func:`seek` finds the cheapest plan that meets it:

1. *Which modules, in what mix* is a linear programme (``scipy.optimize.linprog``): per worker
   of the target, the cheapest shares of the candidate modules that deliver ``s`` completed hours a
   year in the goal's cluster, each share at most 1 and within the places, the budget and the
   trainers (less what the scenario's own plan already takes): the cheapest module per effective
   hour fills up first, so the mix changes with ``s`` up to the capacity ``s_max``.
2. *How much* is a derivative-free search (``scipy.optimize.bisect``) on ``s``: more training
   never widens a gap nor lowers the moves into open employment, so the share of futures meeting
   the goal rises with ``s``, and the least ``s`` that meets it is the cheapest plan.

The futures are sampled once (the same draws for every candidate), the target share is raised by
a safety margin so that fresh draws meet it too, and the answer is checked on fresh draws (more
training is added while they miss it). For moves into open employment every completed hour counts
alike, whatever cluster it raises: the plan is the cheapest in hours, only about the cheapest in
moves.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd
from scipy.optimize import bisect, linprog

from .baseline import CLUSTERS
from .model import project, resolve, run, targets
from .scenario import ALL, Scenario, is_decision
from .summary import cluster_gap
from .training import country_terms, plan_shares, plan_table
from .uncertainty import picker, sample

if TYPE_CHECKING:
    from .baseline import Baseline
    from .model import Projection

GAP, TRANSITIONS = "gap", "transitions"
Progress = Callable[[float], None]


@dataclass(frozen=True)
class Goal:
    """A target in ``year`` to be met in at least ``probability`` of the futures.

    ``gap``: the importance-weighted gap of ``cluster`` over ``profiles`` (a profile, a target group
    or all) at most ``threshold`` levels. ``transitions``: at least ``threshold`` workers with
    support needs a year moving into open employment.
    """

    kind: Literal["gap", "transitions"]
    year: int
    threshold: float
    probability: float = 0.8
    cluster: str = "digital"
    profiles: str = ALL

    def __post_init__(self) -> None:
        if self.kind not in (GAP, TRANSITIONS):
            raise ValueError(f"a goal is about the {GAP} or {TRANSITIONS}, not {self.kind!r}")
        if self.cluster not in CLUSTERS:
            raise ValueError(f"unknown cluster {self.cluster!r}; known: {', '.join(CLUSTERS)}")
        if not 0 < self.probability <= 1:
            raise ValueError(f"the share of futures must be in (0, 1], got {self.probability}")

    @property
    def trained(self) -> str:
        """Whom the plan trains: the goal's profiles, or the workers with support needs."""
        return self.profiles if self.kind == GAP else "wsn"

    def values(self, projection: Projection, baseline: Baseline) -> np.ndarray:
        """(D,) the goal's measure in its year, one value per draw."""
        t = projection.years.tolist().index(self.year)
        if self.kind == TRANSITIONS:
            return projection.at_year(t)["transitions_open_market"][:, 0].sum(axis=1)
        return cluster_gap(projection.at_year(t), baseline, self.cluster, targets(baseline, self.profiles))[:, 0]

    def met(self, values: np.ndarray) -> np.ndarray:
        return values <= self.threshold + 1e-9 if self.kind == GAP else values >= self.threshold - 1e-9

    def level(self, values: np.ndarray) -> float:
        """The measure reached in ``probability`` of the futures: the gap that many stay under, or
        the moves that many reach."""
        q = self.probability if self.kind == GAP else 1.0 - self.probability
        return float(np.quantile(values, q))


@dataclass(frozen=True)
class Answer:
    """What :func:`seek` found: the plan's courses (added to the scenario's own), whether it meets the
    goal, in what share of the futures it was sought on and of fresh ones, the measure reached,
    and the plan's yearly table (learners, hours, cost, trainers)."""

    goal: Goal
    reachable: bool
    courses: list[dict[str, object]]
    share_met: float
    share_met_fresh: float
    level: float  # the measure reached in the goal's share of fresh futures
    level_without: float  # the same without the plan
    table: pd.DataFrame = field(repr=False)  # the whole plan's: the scenario's own courses and the new ones
    runs: int = 0
    own_cost: float = 0.0  # EUR of the scenario's own courses, which the answer leaves as they are
    no_module: bool = False  # no module of the catalogue serves the goal (nothing could be tried)

    @property
    def cost(self) -> float:
        """EUR the new courses add over their years (the whole plan's cost less the scenario's own)."""
        return (float(self.table["cost"].sum()) if len(self.table) else 0.0) - self.own_cost

    @property
    def met_without_plan(self) -> bool:
        """The goal holds with no new course."""
        return self.reachable and not self.courses

    @property
    def shortfall(self) -> float:
        """How far the best plan's measure misses the threshold (0 when met), in the goal's unit."""
        return (
            max(0.0, self.level - self.goal.threshold)
            if self.goal.kind == GAP
            else max(0.0, self.goal.threshold - self.level)
        )


def candidates(goal: Goal, baseline: Baseline) -> list[str]:
    """Catalogue modules that can serve a goal: written for the trained profiles' group (or for all),
    and for a gap goal raising its cluster."""
    modules = baseline.training_modules
    mask = targets(baseline, goal.trained)
    groups = set(baseline.groups[mask]) | {ALL}
    ok = modules["target_group"].isin(groups).to_numpy().copy()
    if goal.kind == GAP:
        ok &= baseline.catalogue.content[:, CLUSTERS.index(goal.cluster)] > 0
    return [m for m, keep in zip(baseline.catalogue.module_ids, ok, strict=True) if keep]


@dataclass(frozen=True)
class _Mix:
    """The linear programme of a goal's module mix: per worker of the target, module shares ``x``
    (each within its bounds), their cost, and the effective hours in the goal's cluster they give."""

    modules: list[str]
    effective: np.ndarray  # (M,) completed hours in the goal's cluster per learner
    cost: np.ndarray  # (M,) EUR per worker of the target at share 1
    a_ub: np.ndarray  # budget and trainer rows, per worker share
    b_ub: np.ndarray
    bounds: list[tuple[float, float]]

    @functools.cached_property
    def most(self) -> float:
        """The most effective hours a worker can get within places, budget and trainers."""
        best = linprog(-self.effective, A_ub=self._rows(), b_ub=self._limits(), bounds=self.bounds, method="highs")
        return float(-best.fun) if best.status == 0 else 0.0

    def _rows(self) -> np.ndarray | None:
        return self.a_ub if len(self.b_ub) else None

    def _limits(self) -> np.ndarray | None:
        return self.b_ub if len(self.b_ub) else None

    def shares(self, hours: float) -> np.ndarray:
        """The cheapest shares that give ``hours`` effective hours a worker (at most :attr:`most`)."""
        if hours <= 0:
            return np.zeros(len(self.modules))
        rows = -self.effective[None, :] if self._rows() is None else np.vstack([-self.effective[None, :], self.a_ub])
        limits = np.concatenate([[-min(hours, self.most)], self.b_ub])
        cheapest = linprog(self.cost, A_ub=rows, b_ub=limits, bounds=self.bounds, method="highs")
        if cheapest.status != 0:  # only at the very edge of what is possible, by round-off
            cheapest = linprog(
                -self.effective, A_ub=self._rows(), b_ub=self._limits(), bounds=self.bounds, method="highs"
            )
        return np.clip(cheapest.x, 0.0, 1.0)


def _mix(
    goal: Goal, scenario: Scenario, baseline: Baseline, modules: list[str], workers: float, employment: np.ndarray
) -> _Mix:
    """The goal's linear programme, for ``workers`` persons in the trained profiles (their most in a plan
    year), within what the scenario's own plan leaves of each module's share, places, budget and trainers
    (``employment`` (T, P): the scenario's workers by profile, to count its own plan's learners)."""
    cat = baseline.catalogue
    index = [cat.module_ids.index(m) for m in modules]
    effective = cat.hours[index] * cat.completion[index]
    if goal.kind == GAP:
        effective = effective * cat.content[index, CLUSTERS.index(goal.cluster)]
    terms = country_terms(cat, baseline.country)
    cost = cat.cost[index] * terms["cost_index"] * workers
    own = plan_shares(scenario.plan.courses, baseline, np.asarray(list(scenario.years)))  # (T, P, M)
    mask = targets(baseline, goal.trained)
    taken = own[:, mask][:, :, index].max(axis=(0, 1)) if mask.any() else np.zeros(len(index))
    own_learners = np.einsum("tp,tpm->tm", employment, own).max(axis=0)  # (M,) the own plan's, in its busiest year
    rows, limits = [], []
    if scenario.plan.budget is not None:
        rows.append(cost)
        limits.append(max(0.0, scenario.plan.budget - float(own_learners @ (cat.cost * terms["cost_index"]))))
    if scenario.plan.trainers is not None:
        rows.append(cat.trainer_hours[index] * workers)
        free = scenario.plan.trainers * terms["teaching_hours"] - float(own_learners @ cat.trainer_hours)
        limits.append(max(0.0, free))
    bounds = [
        (0.0, float(max(0.0, min(1.0 - taken[j], (cat.places[i] - own_learners[i]) / workers))))
        for j, i in enumerate(index)
    ]
    return _Mix(
        modules, effective, cost, np.array(rows).reshape(len(rows), len(index)), np.array(limits, dtype=float), bounds
    )


def _courses(mix: _Mix, hours: float, goal: Goal, start: int) -> list[dict[str, object]]:
    return [
        {"module": m, "profiles": goal.trained, "share": round(float(s), 6), "start": start, "end": goal.year}
        for m, s in zip(mix.modules, mix.shares(hours), strict=True)
        if s > 1e-6
    ]


def _with(scenario: Scenario, baseline: Baseline, courses: list[dict[str, object]]) -> Scenario:
    own = [c.model_dump() for c in scenario.plan.courses]
    return scenario.with_overrides({"plan": {"courses": own + courses}}, baseline=baseline)


def seek(
    goal: Goal,
    scenario: Scenario,
    baseline: Baseline,
    *,
    draws: int = 300,
    fresh: int = 1000,
    seed: int = 0,
    start: int | None = None,
    margin: float = 1.5,
    progress: Progress | None = None,
) -> Answer:
    """The cheapest plan (courses from ``start`` to the goal's year, on top of the scenario's own) that
    meets ``goal`` in its share of ``draws`` sampled futures, raised by ``margin`` standard errors;
    checked on ``fresh`` other futures. When no plan within the budget, trainers and places meets it,
    the answer is the most the catalogue can do, with its shortfall."""
    years = list(scenario.years)
    if goal.year not in years[1:]:
        raise ValueError(f"the goal's year {goal.year} is not a projected year ({years[1]}-{years[-1]})")
    start = years[1] if start is None else start
    report = progress or (lambda _: None)
    futures = sample(scenario, draws, seed=seed)
    runs = 0

    def measure(s: Scenario, values: dict) -> np.ndarray:
        nonlocal runs
        runs += 1
        return goal.values(run(resolve(s, baseline, picker(values)), baseline), baseline)

    need = min(1.0, goal.probability + margin * np.sqrt(goal.probability * (1 - goal.probability) / draws))
    employment = project(scenario, baseline)["employment"][0]  # (T, P)
    plan_years = (np.asarray(years) >= start) & (np.asarray(years) <= goal.year)
    workers = float(employment[plan_years][:, targets(baseline, goal.trained)].sum(axis=1).max())
    modules = candidates(goal, baseline)
    mix = _mix(goal, scenario, baseline, modules, max(workers, 1e-9), employment) if modules else None

    @functools.cache
    def share_met(hours: float) -> float:
        courses = _courses(mix, hours, goal, start) if mix is not None else []
        values = measure(_with(scenario, baseline, courses), futures)
        report(min(0.95, 0.1 + 0.85 * runs / 16))
        return float(goal.met(values).mean())

    most = mix.most if mix is not None else 0.0
    if share_met(0.0) >= need:
        hours = 0.0
    elif most <= 0 or share_met(most) < need:
        hours = most
    else:
        step = most / 500
        hours = bisect(lambda h: share_met(h) - need + 1e-6, 0.0, most, xtol=step, maxiter=40)
        if share_met(hours) < need:  # bisection stops within a step of the threshold, on either side
            hours = min(hours + step, most)
    check = sample(scenario, fresh, seed=seed + 1)
    reachable = share_met(hours) >= need
    while True:  # the fresh futures must meet the goal too: a little more training while they miss it
        courses = _courses(mix, hours, goal, start) if mix is not None else []
        planned = _with(scenario, baseline, courses)
        values = measure(planned, check)
        if not reachable or goal.met(values).mean() >= goal.probability or hours >= most:
            break
        hours = min(most, hours * 1.02 + most / 500)
    reachable = reachable and goal.met(values).mean() >= goal.probability
    without = measure(scenario, check)
    own = plan_table(project(scenario, baseline), baseline)
    report(1.0)
    return Answer(
        goal=goal,
        reachable=reachable,
        courses=courses,
        share_met=share_met(hours),
        share_met_fresh=float(goal.met(values).mean()),
        level=goal.level(values),
        level_without=goal.level(without),
        table=plan_table(project(planned, baseline), baseline),
        runs=runs,
        own_cost=float(own["cost"].sum()) if len(own) else 0.0,
        no_module=mix is None,
    )


def failures(
    goal: Goal,
    scenario: Scenario,
    baseline: Baseline,
    courses: list[dict[str, object]],
    *,
    runs: int = 2000,
    seed: int = 7,
    chunk: int = 500,
) -> tuple[pd.DataFrame, np.ndarray]:
    """Sampled futures of the scenario with ``courses`` added to its plan, and whether the goal fails in
    each: the inputs of scenario discovery. Only external assumptions are inputs (one column each, by
    dotted key path, scenario units): the sector's decisions are what the plan fixes, not a future."""
    planned = _with(scenario, baseline, courses)
    futures = sample(planned, runs, seed=seed)
    failed = np.empty(runs, dtype=bool)
    for start in range(0, runs, chunk):
        part = {path: values[start : start + chunk] for path, values in futures.items()}
        values = goal.values(run(resolve(planned, baseline, picker(part)), baseline), baseline)
        failed[start : start + chunk] = ~goal.met(values)
    inputs = pd.DataFrame({".".join(map(str, p)): v for p, v in futures.items() if not is_decision(p)})
    return inputs, failed
