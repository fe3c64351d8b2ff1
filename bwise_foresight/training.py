"""Training plans: the catalogue of modules, a plan's courses as model inputs, and what a plan costs.

A plan is a *decision* of the sector (``plan:`` in a scenario file): courses, each a catalogue
module taken every year by a share of the workers of a profile or target group. The model turns
it into levels (:func:`apply_plan`: completed hours in a cluster ÷ the hours a level takes),
limited by the places each module offers, the budget and the trainers available; :func:`plan_table`
gives the learners, hours, cost and trainers a projection needed, year by year and module by module.
Pure numpy and pandas; the equations are in docs/model.md §Training plans.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .baseline import CLUSTERS
from .scenario import Course, Scenario

if TYPE_CHECKING:
    from .baseline import Baseline
    from .i18n import Translator
    from .model import Projection

EUROPE = "EU"  # the row of data/training_countries.csv with the European figures


@dataclass(frozen=True, eq=False)
class Catalogue:
    """The training catalogue as arrays aligned with ``module_ids`` (``M`` modules, ``K`` clusters)."""

    module_ids: list[str]
    hours: np.ndarray  # (M,) hours of the module
    completion: np.ndarray  # (M,) share of learners who complete it
    cost: np.ndarray  # (M,) EUR per learner, European average
    trainer_hours: np.ndarray  # (M,) trainer hours per learner: hours x trainer share / group size
    places: np.ndarray  # (M,) learners a year the module can take in Europe (inf: no limit)
    content: np.ndarray  # (M, K) share of the module's hours spent on each cluster
    cost_index: dict[str, float]  # country (or EU) -> cost of a training hour relative to Europe
    teaching_hours: dict[str, float]  # country (or EU) -> hours a full-time trainer teaches a year

    @property
    def levels_hours(self) -> np.ndarray:
        """(M, K) completed hours a learner spends on each cluster, on average over learners."""
        return (self.hours * self.completion)[:, None] * self.content


def catalogue(baseline: Baseline) -> Catalogue:
    """The catalogue of a baseline's data (``training_modules``, ``training_content``, ``training_countries``)."""
    modules = baseline.training_modules
    ids = modules["module_id"].tolist()
    content = baseline.training_content.pivot(index="module_id", columns="cluster", values="share")
    content = content.reindex(index=ids, columns=list(CLUSTERS)).fillna(0.0)
    hours = modules["hours"].to_numpy(dtype=float)
    group = modules["group_size"].to_numpy(dtype=float)
    trainer = np.where(np.isnan(group), 0.0, hours * modules["trainer_share"].to_numpy(dtype=float) / group)
    countries = baseline.training_countries.set_index("country")
    return Catalogue(
        module_ids=ids,
        hours=hours,
        completion=modules["completion"].to_numpy(dtype=float),
        cost=modules["cost_per_learner"].to_numpy(dtype=float),
        trainer_hours=np.nan_to_num(trainer),
        places=np.nan_to_num(modules["places_per_year"].to_numpy(dtype=float), nan=np.inf),
        content=content.to_numpy(dtype=float),
        cost_index=countries["cost_index"].astype(float).to_dict(),
        teaching_hours=countries["teaching_hours"].astype(float).to_dict(),
    )


def module_titles(baseline: Baseline, t: Translator) -> dict[str, str]:
    """Each module's title in ``t``'s language (the catalogue's ``module_title.<id>``, else the data's English)."""
    modules = baseline.training_modules
    return {
        m: t.named("module_title", m, title) for m, title in zip(modules["module_id"], modules["title"], strict=True)
    }


def source_line(baseline: Baseline, t: Translator) -> str:
    """A plan chart's source line: the training catalogue's sources named first."""
    ids = [
        i
        for table in (baseline.training_modules, baseline.training_content, baseline.training_countries)
        for column in table.columns
        if column.endswith("_source_id")
        for i in table[column].dropna()
    ]
    return t("chart.source_with", extra=", ".join(baseline.publishers(ids)))


def course_years(course: Course, years: np.ndarray) -> np.ndarray:
    """(T,) the projected years in which a course runs (never the base year: nothing is trained in it)."""
    start = years[1] if course.start is None else course.start
    end = years[-1] if course.end is None else course.end
    return (years >= max(start, years[1])) & (years <= end)


def plan_shares(courses: Iterable[Course], baseline: Baseline, years: np.ndarray) -> np.ndarray:
    """(T, P, M) share of each profile's workers taking each module each year (courses add up)."""
    from .model import targets  # the model imports this module

    cat = baseline.catalogue
    out = np.zeros((len(years), len(baseline.profile_ids), len(cat.module_ids)))
    for course in courses:
        m = cat.module_ids.index(course.module)
        out[np.ix_(course_years(course, years), targets(baseline, course.profiles), [m])] += course.share
    return out


def plan_limits(scenario: Scenario) -> tuple[float, float]:
    """The plan's budget (EUR a year) and trainers (full time), infinite when the plan sets none."""
    plan = scenario.plan
    return (np.inf if plan.budget is None else plan.budget), (np.inf if plan.trainers is None else plan.trainers)


def country_terms(cat: Catalogue, code: str | None) -> dict[str, float]:
    """A country's cost of a training hour (relative to Europe) and a trainer's teaching hours (None: Europe)."""
    code = code or EUROPE
    return {"cost_index": cat.cost_index[code], "teaching_hours": cat.teaching_hours[code]}


def plan_terms(scenario: Scenario, baseline: Baseline, draws: int) -> dict[str, np.ndarray]:
    """The plan's limits and the country's training cost and trainer hours, (draws,) each: the
    fields of ``model.Parameters`` besides the shares (a national baseline brings its country's)."""
    budget, trainers = plan_limits(scenario)
    values = {"budget": budget, "trainers": trainers, **country_terms(baseline.catalogue, baseline.country)}
    return {name: np.full(draws, value) for name, value in values.items()}


def planned_learners(shares: np.ndarray, employment: np.ndarray) -> np.ndarray:
    """(D, T, M) learners a plan asks for: the shares (D or 1, T, P, M) of the workers (D, T, P)."""
    return np.einsum("dtp,dtpm->dtm", employment, np.broadcast_to(shares, (employment.shape[0], *shares.shape[1:])))


@dataclass(frozen=True)
class Delivery:
    """What a plan delivers in a run: ``factor`` (D, T, M) is the share of the planned learners who
    could be trained (places, budget and trainers allowing); ``levels`` (D, T, P, K) the levels a
    worker gains from the plan per year before the model's caps, ``hours`` (D, T, P) learner hours."""

    factor: np.ndarray
    levels: np.ndarray
    hours: np.ndarray


def apply_plan(
    shares: np.ndarray,
    employment: np.ndarray,
    cat: Catalogue,
    *,
    budget: np.ndarray,
    trainers: np.ndarray,
    cost_index: np.ndarray,
    teaching_hours: np.ndarray,
    hours_per_level: np.ndarray,
    pool: int = 1,
) -> Delivery:
    """Learners a plan trains and the levels they gain, limited in each year by the places a module
    offers, then by the budget and the trainers (all modules cut in the same proportion).

    ``shares`` (D or 1, T, P, M), ``employment`` (D, T, P); ``budget``, ``trainers``, ``cost_index``,
    ``teaching_hours`` and ``hours_per_level`` (D,). With ``pool`` countries batched country-major,
    places, budget and trainers are shared by the countries of each draw (Europe's plan).
    """
    learners = planned_learners(shares, employment)
    wanted = _pooled(learners, pool)
    places = np.minimum(1.0, np.divide(cat.places, wanted, out=np.ones_like(wanted), where=wanted > 0))
    admitted = learners * places
    cost = _pooled((admitted @ cat.cost) * cost_index[:, None], pool)  # (D, T) EUR
    # full-time trainers needed: each country's trainer hours over its own teaching hours a year
    need = _pooled((admitted @ cat.trainer_hours) / teaching_hours[:, None], pool)  # (D, T)
    limit = np.minimum(
        np.divide(budget[:, None], cost, out=np.ones_like(cost), where=cost > 0),
        np.divide(trainers[:, None], need, out=np.ones_like(need), where=need > 0),
    )
    factor = places * np.minimum(limit, 1.0)[:, :, None]  # (D, T, M)
    taken = shares * factor[:, :, None, :]  # (D, T, P, M) share of workers trained
    levels = taken @ cat.levels_hours / hours_per_level[:, None, None, None]
    return Delivery(factor=factor, levels=levels, hours=employment * (taken @ cat.hours))


def _pooled(values: np.ndarray, pool: int) -> np.ndarray:
    """Each row's sum over the ``pool`` countries of its draw (rows country-major), in every row."""
    if pool == 1:
        return values
    total = values.reshape(pool, -1, *values.shape[1:]).sum(axis=0)
    return np.broadcast_to(total, (pool, *total.shape)).reshape(values.shape)


def plan_table(projection: Projection, baseline: Baseline) -> pd.DataFrame:
    """Year by year and module by module, what the plan of a projection trains: learners (mean over
    draws), learner hours, cost (EUR, at the cost of training in the projection's country or
    countries), trainer hours and full-time trainers, and the share of the planned learners that
    places, budget and trainers allowed."""
    if "plan_shares" not in projection.arrays:
        return pd.DataFrame(columns=list(PLAN_COLUMNS))
    cat = baseline.catalogue
    planned = planned_learners(projection.arrays["plan_shares"], projection["employment"])
    learners = (planned * projection.arrays["plan_factor"]).mean(axis=0)  # (T, M)
    terms = np.broadcast_to(projection.arrays["plan_terms"], (*planned.shape, 2)).mean(axis=0)  # (T, M, 2)
    planned = planned.mean(axis=0)
    t, m = np.nonzero(planned > 0)
    n = learners[t, m]
    trainer = n * cat.trainer_hours[m]
    return pd.DataFrame(
        {
            "year": projection.years[t].astype(int),
            "module": np.asarray(cat.module_ids)[m],
            "planned_learners": planned[t, m],
            "learners": n,
            "delivered_share": n / planned[t, m],
            "learner_hours": n * cat.hours[m],
            "cost": n * cat.cost[m] * terms[t, m, 0],
            "trainer_hours": trainer,
            "trainers": trainer / terms[t, m, 1],
        },
        columns=list(PLAN_COLUMNS),
    )


# column -> unit of plan_table
PLAN_COLUMNS = {
    "year": "year",
    "module": "",
    "planned_learners": "persons/year",
    "learners": "persons/year",
    "delivered_share": "share",
    "learner_hours": "hours/year",
    "cost": "EUR/year",
    "trainer_hours": "hours/year",
    "trainers": "full-time trainers",
}
