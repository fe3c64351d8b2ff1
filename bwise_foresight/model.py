"""The projection: workforce, openings and competence needs per profile, year by year.

Pure numpy. Every array carries a leading *draw* axis ``D`` (1 for a deterministic run), then
years ``T``, profiles ``P`` and competences ``C``. There is no Python loop over profiles,
competences or draws; the only loop is over years, because proficiency in a year depends on
the year before. The equations are written out in ``docs/model.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .baseline import GROUPS, Baseline
from .errors import ScenarioError
from .scenario import ALL, Range, Scenario, check_against_baseline
from .yamlio import Path_

MAX_LEVEL = 8.0

# variable -> (unit, level): level "profile" or "competence"
VARIABLES: dict[str, tuple[str, str]] = {
    "employment": ("persons", "profile"),
    "openings_expansion": ("persons/year", "profile"),
    "openings_replacement": ("persons/year", "profile"),
    "openings_total": ("persons/year", "profile"),
    "automated_share": ("share of tasks", "profile"),
    "training_delivered": ("hours/year", "profile"),
    "importance": ("index 0-1", "competence"),
    "competence_need": ("persons", "competence"),
    "required_level": ("level", "competence"),
    "available_level": ("level", "competence"),
    "gap": ("levels", "competence"),
    "training_hours": ("hours", "competence"),
}
# The stored (draws x years x profiles x competences) arrays; gap, need and training hours derive from them.
COMPETENCE_ARRAYS = ("importance", "required_level", "available_level")
# Openings are flows between two years: they exist from the second projected year on.
FLOW_VARIABLES = {"openings_expansion", "openings_replacement", "openings_total"}


@dataclass(frozen=True)
class Parameters:
    """A scenario's assumptions as arrays, one row per draw (``D`` draws)."""

    years: np.ndarray  # (T,)
    midpoint_year: np.ndarray  # (D,)
    steepness: np.ndarray  # (D,)
    ceiling: np.ndarray  # (D, P)
    substitution: np.ndarray  # (D, P)
    creation: np.ndarray  # (D,)
    growth: np.ndarray  # (D, P)
    shock_factor: np.ndarray  # (D, T, P) cumulative demand multiplier from shocks
    uplift: np.ndarray  # (D, C)
    hours_per_worker: np.ndarray  # (D, P)
    hours_per_level: np.ndarray  # (D,)

    @property
    def draws(self) -> int:
        return int(self.steepness.shape[0])


def mode_value(_: Path_, value: float | Range) -> np.ndarray:
    """The value a deterministic run uses: a number itself, a range's mode."""
    return np.array([value.mode if isinstance(value, Range) else float(value)])


ValuePicker = Callable[[Path_, "float | Range"], np.ndarray]


def _targets(baseline: Baseline, key: str) -> np.ndarray:
    """Boolean mask over profiles that a profile id, a group name or 'all' selects."""
    if key == ALL:
        return np.ones(len(baseline.profile_ids), dtype=bool)
    if key in GROUPS:
        return baseline.groups == key
    return np.asarray(baseline.profile_ids) == key


def _by_target(baseline: Baseline, default: np.ndarray, mapping: Mapping[str, np.ndarray]) -> np.ndarray:
    """(D, P) values: ``default`` everywhere, then group entries, then profile entries on top."""
    out = np.repeat(default[:, None], len(baseline.profile_ids), axis=1)
    ordered = sorted(mapping.items(), key=lambda kv: (kv[0] not in (ALL,), kv[0] not in GROUPS))
    for key, value in ordered:
        out[:, _targets(baseline, key)] = value[:, None]
    return out


def resolve(scenario: Scenario, baseline: Baseline, pick: ValuePicker = mode_value) -> Parameters:
    """Turn a scenario into arrays aligned with the baseline.

    ``pick(path, value)`` returns the ``(D,)`` values of one assumption: the mode by default;
    the uncertainty analysis passes sampled draws instead.
    """
    problems = check_against_baseline(scenario, baseline)
    if problems:
        raise ScenarioError(problems)
    a, d = scenario.automation, scenario.demand
    years = np.arange(scenario.horizon.start, scenario.horizon.end + 1)
    steepness = pick(("automation", "steepness"), a.steepness)
    n_draws = steepness.shape[0]

    def get(path: Path_, value: float | Range) -> np.ndarray:
        return np.broadcast_to(np.asarray(pick(path, value), dtype=float), (n_draws,))

    def per_profile(name: str) -> np.ndarray:
        entries = {
            k: get(("automation", "profiles", k, name), getattr(v, name))
            for k, v in a.profiles.items()
            if getattr(v, name) is not None
        }
        return _by_target(baseline, get(("automation", name), getattr(a, name)), entries)

    growth = _by_target(
        baseline,
        get(("demand", "growth"), d.growth),
        {k: get(("demand", "profiles", k), v) for k, v in d.profiles.items()},
    )
    shock_factor = np.ones((n_draws, len(years), len(baseline.profile_ids)))
    for i, shock in enumerate(d.shocks):
        change = get(("demand", "shocks", i, "change"), shock.change)
        mask = np.zeros(len(baseline.profile_ids), dtype=bool)
        for key in shock.profiles:
            mask |= _targets(baseline, key)
        from_year = years >= shock.year
        shock_factor[:, from_year[:, None] & mask[None, :]] *= (1.0 + change)[:, None]

    clusters = baseline.clusters
    uplift = np.zeros((n_draws, len(clusters)))
    for cluster, value in scenario.skills.uplift.items():
        uplift[:, clusters == cluster] = get(("skills", "uplift", cluster), value)[:, None]

    hpw = scenario.training.hours_per_worker
    if isinstance(hpw, dict):
        hours = _by_target(
            baseline, np.zeros(n_draws), {k: get(("training", "hours_per_worker", k), v) for k, v in hpw.items()}
        )
    else:
        hours = _by_target(baseline, get(("training", "hours_per_worker"), hpw), {})

    return Parameters(
        years=years,
        midpoint_year=get(("automation", "midpoint_year"), a.midpoint_year),
        steepness=get(("automation", "steepness"), a.steepness),
        ceiling=per_profile("ceiling"),
        substitution=per_profile("substitution"),
        creation=get(("automation", "creation"), a.creation),
        growth=growth,
        shock_factor=shock_factor,
        uplift=uplift,
        hours_per_worker=hours,
        hours_per_level=get(("training", "hours_per_level"), scenario.training.hours_per_level),
    )


def adoption(years: np.ndarray, midpoint: np.ndarray, steepness: np.ndarray) -> np.ndarray:
    """Logistic adoption re-based so that it is 0 in the first year and tends to 1: (D, T)."""
    # (L(t) - L(t0)) / (1 - L(t0)) rewritten as 1 - (1 + e^z0) / (1 + e^z) in log space, which
    # stays exact when the curve has already saturated before t0 (L(t0) -> 1).
    z = steepness[:, None] * (years[None, :] - midpoint[:, None])
    return -np.expm1(np.logaddexp(0.0, z[:, :1]) - np.logaddexp(0.0, z))


def entrant_levels(baseline: Baseline) -> np.ndarray:
    """(P, C) levels entrants bring: incumbents' pattern scaled to the profile's entrant level."""
    weights = baseline.importance
    mean_available = (weights * baseline.available_level).sum(axis=1) / weights.sum(axis=1)
    scale = baseline.entrant_level / mean_available
    return np.clip(baseline.available_level * scale[:, None], 1.0, MAX_LEVEL)


@dataclass(frozen=True, eq=False)
class Projection:
    """The result of :func:`project`: arrays by draw, year, profile (and competence)."""

    scenario_id: str
    scenario_title: str
    years: np.ndarray
    profile_ids: list[str]
    competence_ids: list[str]
    arrays: dict[str, np.ndarray] = field(repr=False)

    @property
    def draws(self) -> int:
        return int(self.arrays["employment"].shape[0])

    def __getitem__(self, variable: str) -> np.ndarray:
        """The array of one variable: (D, T, P) or (D, T, P, C).

        Gap, competence need and training hours are derived on request (not stored), which
        keeps large uncertainty runs small in memory.
        """
        if variable in self.arrays:
            return self.arrays[variable]
        if variable == "gap":
            return np.maximum(self.arrays["required_level"] - self.arrays["available_level"], 0.0)
        if variable == "competence_need":
            return self.arrays["employment"][..., None] * self.arrays["importance"]
        if variable == "training_hours":
            hours = self.arrays["hours_per_level"][:, None, None, None]
            return self.arrays["employment"][..., None] * self["gap"] * hours
        if variable not in VARIABLES:
            raise KeyError(f"unknown variable {variable!r}; known: {', '.join(VARIABLES)}")
        return self.arrays[variable]

    def to_frame(
        self, variables: list[str] | None = None, *, quantiles: tuple[float, ...] | None = None
    ) -> pd.DataFrame:
        """Tidy long table: ``scenario, profile, competence, year, variable, unit, value``.

        ``competence`` is empty for profile-level variables; openings start in the second year.
        Text columns are categorical (fast to build, small in memory). With ``quantiles`` (e.g.
        ``(0.1, 0.5, 0.9)``) each cell's quantiles over the draws come in rows of their own, told
        apart by an extra ``quantile`` column; without, several draws are averaged.
        """
        if quantiles is not None:
            from .uncertainty import quantile_frame

            return quantile_frame(self, quantiles=tuple(quantiles), variables=variables)
        names = variables or list(VARIABLES)
        n_p, n_c = len(self.profile_ids), len(self.competence_ids)
        cols: dict[str, list[np.ndarray]] = {k: [] for k in ("profile", "competence", "year", "variable", "value")}
        for code, name in enumerate(names):
            level = VARIABLES[name][1]
            values = self[name].mean(axis=0)
            years = self.years
            if name in FLOW_VARIABLES:
                values, years = values[1:], years[1:]
            if level == "profile":
                cells = n_p
                cols["profile"].append(np.tile(np.arange(n_p), len(years)))
                cols["competence"].append(np.zeros(len(years) * n_p, dtype=np.int64))
            else:
                cells = n_p * n_c
                cols["profile"].append(np.tile(np.repeat(np.arange(n_p), n_c), len(years)))
                cols["competence"].append(np.tile(np.arange(1, n_c + 1), len(years) * n_p))
            cols["year"].append(np.repeat(years, cells))
            cols["variable"].append(np.full(len(years) * cells, code))
            cols["value"].append(values.reshape(-1))
        c = {k: np.concatenate(v) for k, v in cols.items()}
        units = [VARIABLES[n][0] for n in names]
        unit_categories = sorted(set(units))
        unit_codes = np.array([unit_categories.index(u) for u in units])[c["variable"]]
        return pd.DataFrame(
            {
                "scenario": pd.Categorical.from_codes(np.zeros(len(c["value"]), dtype=np.int64), [self.scenario_id]),
                "profile": pd.Categorical.from_codes(c["profile"], self.profile_ids),
                "competence": pd.Categorical.from_codes(c["competence"], ["", *self.competence_ids]),
                "year": c["year"].astype("int64"),
                "variable": pd.Categorical.from_codes(c["variable"], names),
                "unit": pd.Categorical.from_codes(unit_codes, unit_categories),
                "value": c["value"].astype(float),
            }
        )


def project(
    scenario: Scenario,
    baseline: Baseline,
    draws: int | None = None,
    seed: int = 0,
    *,
    pick: ValuePicker = mode_value,
) -> Projection:
    """Project a scenario over its horizon against the baseline.

    Without ``draws`` every range takes its mode (a deterministic run). With ``draws``, that many
    Latin-hypercube samples of the ranges run at once along the draw axis (seeded by ``seed``).
    """
    if draws is not None:
        from .uncertainty import project_draws

        return project_draws(scenario, baseline, draws=draws, seed=seed)
    return run(resolve(scenario, baseline, pick), baseline, scenario_id=scenario.id, title=scenario.title)


def run(
    params: Parameters,
    baseline: Baseline,
    *,
    scenario_id: str = "",
    title: str = "",
    dtype: type = np.float64,
    out: dict[str, np.ndarray] | None = None,
) -> Projection:
    """The model itself: arrays in, arrays out (see docs/model.md for every equation).

    ``dtype`` sets the precision of the (draws x years x profiles x competences) arrays: float32
    halves the memory and time of large uncertainty runs. ``out`` may hold preallocated
    (years, draws, profiles, competences) arrays for the names in ``COMPETENCE_ARRAYS``.
    """
    years = params.years
    t0 = years[0]
    n_draws, n_years = params.draws, len(years)
    headcount = baseline.headcount  # (P,)
    exposure = baseline.exposure  # (P,)

    # Workforce ------------------------------------------------------------------------------
    a = adoption(years, params.midpoint_year, params.steepness)  # (D, T)
    automated = a[:, :, None] * params.ceiling[:, None, :] * exposure[None, None, :]  # (D, T, P)
    removed = params.substitution[:, None, :] * automated  # share of demand removed
    elapsed = (years - t0)[None, :, None]
    demand = headcount * (1.0 + params.growth[:, None, :]) ** elapsed * params.shock_factor  # (D, T, P)
    jobs_removed = (demand * removed).sum(axis=2, keepdims=True)  # (D, T, 1)
    created = params.creation[:, None, None] * baseline.complement_share[None, None, :] * jobs_removed
    employment = demand * (1.0 - removed) + created  # (D, T, P)

    outflow = baseline.outflow_rate
    previous = employment[:, :-1, :]
    expansion = np.concatenate([np.zeros((n_draws, 1, len(headcount))), np.diff(employment, axis=1)], axis=1)
    replacement = np.concatenate([np.zeros((n_draws, 1, len(headcount))), previous * outflow], axis=1)
    openings = np.maximum(expansion + replacement, 0.0)

    # Competences: one year at a time, in place. Arrays are laid out (T, D, P, C) so that each
    # year's block is contiguous; the Projection sees them as (D, T, P, C) views.
    shape = (n_years, n_draws, *baseline.importance.shape)
    if out is None:
        out = {name: np.empty(shape, dtype) for name in COMPETENCE_ARRAYS}
    importance, required, available = (out[name] for name in COMPETENCE_ARRAYS)
    dtype = importance.dtype
    i0, r0, v0 = (baseline.importance.astype(dtype), baseline.required_level.astype(dtype),
                  baseline.available_level.astype(dtype))  # fmt: skip
    importance[0], required[0], available[0] = i0, r0, v0
    coef = baseline.automation_coefficient.astype(dtype)[None, None, :]  # (1, 1, C)
    uplift = params.uplift.astype(dtype)[:, None, :]  # (D, 1, C)
    adopted, auto = a.astype(dtype), automated.astype(dtype)
    entrants_level = entrant_levels(baseline).astype(dtype)  # (P, C)
    budget = params.hours_per_worker / params.hours_per_level[:, None]  # (D, P) levels/worker/year
    delivered = np.zeros((n_draws, n_years, len(headcount)))
    mixed, short = np.empty(shape[1:], dtype), np.empty(shape[1:], dtype)
    for t in range(1, n_years):
        imp, req, avail = importance[t], required[t], available[t]
        np.multiply(coef, auto[:, t, :, None], out=imp)  # I = clip(I0 (1 + beta A), 0, 1)
        imp += 1
        imp *= i0
        np.maximum(imp, 0, out=imp)
        np.minimum(imp, 1, out=imp)
        np.multiply(uplift, imp, out=req)  # R = min(R0 + u a I, 8)
        req *= adopted[:, t, None, None]
        req += r0
        np.minimum(req, MAX_LEVEL, out=req)
        e_now, e_before = employment[:, t], employment[:, t - 1]  # (D, P)
        stayers = np.minimum((1.0 - outflow) * e_before, e_now)
        kept = np.divide(stayers, e_now, out=np.ones_like(e_now), where=e_now > 0).astype(dtype)
        np.subtract(available[t - 1], entrants_level, out=mixed)  # M = N + K/E (V - N)
        mixed *= kept[..., None]
        mixed += entrants_level
        np.subtract(req, mixed, out=short)  # shortfall, then the budget spread by importance x shortfall
        np.maximum(short, 0, out=short)
        np.multiply(imp, short, out=avail)
        total = avail.sum(axis=2)
        factor = np.divide(budget, total, out=np.zeros_like(budget), where=total > 0).astype(dtype)
        avail *= factor[..., None]
        np.minimum(avail, short, out=avail)  # the gain, never past the requirement
        delivered[:, t] = avail.sum(axis=2) * params.hours_per_level[:, None] * e_now
        avail += mixed
        np.minimum(avail, MAX_LEVEL, out=avail)

    arrays = {
        "employment": employment,
        "openings_expansion": expansion,
        "openings_replacement": replacement,
        "openings_total": openings,
        "automated_share": automated,
        "training_delivered": delivered,
        **{name: np.moveaxis(out[name], 0, 1) for name in COMPETENCE_ARRAYS},
        "hours_per_level": params.hours_per_level,
    }
    return Projection(
        scenario_id=scenario_id,
        scenario_title=title,
        years=years,
        profile_ids=baseline.profile_ids,
        competence_ids=baseline.competence_ids,
        arrays=arrays,
    )
