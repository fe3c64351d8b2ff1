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
        """The raw array of one variable: (D, T, P) or (D, T, P, C)."""
        return self.arrays[variable]

    def to_frame(self, variables: list[str] | None = None) -> pd.DataFrame:
        """Tidy long table: ``scenario, profile, competence, year, variable, unit, value``.

        ``competence`` is empty for profile-level variables; openings start in the second year.
        Text columns are categorical (fast to build, small in memory). With several draws the
        values are the mean over draws.
        """
        names = variables or list(VARIABLES)
        n_p, n_c = len(self.profile_ids), len(self.competence_ids)
        cols: dict[str, list[np.ndarray]] = {k: [] for k in ("profile", "competence", "year", "variable", "value")}
        for code, name in enumerate(names):
            level = VARIABLES[name][1]
            values = self.arrays[name].mean(axis=0)
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


def project(scenario: Scenario, baseline: Baseline, *, pick: ValuePicker = mode_value) -> Projection:
    """Project a scenario over its horizon against the baseline."""
    return run(resolve(scenario, baseline, pick), baseline, scenario_id=scenario.id, title=scenario.title)


def run(params: Parameters, baseline: Baseline, *, scenario_id: str = "", title: str = "") -> Projection:
    """The model itself: arrays in, arrays out (see docs/model.md for every equation)."""
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

    # Competences ----------------------------------------------------------------------------
    i0, r0, v0 = baseline.importance, baseline.required_level, baseline.available_level  # (P, C)
    coef = baseline.automation_coefficient  # (C,)
    importance = np.clip(i0 * (1.0 + coef[None, None, None, :] * automated[..., None]), 0.0, 1.0)  # (D,T,P,C)
    uplift = params.uplift[:, None, None, :] * a[:, :, None, None] * importance
    required = np.minimum(r0 + uplift, MAX_LEVEL)

    entrants_level = entrant_levels(baseline)  # (P, C)
    budget = params.hours_per_worker / params.hours_per_level[:, None]  # (D, P) levels/worker/year
    available = np.empty((n_draws, n_years, *i0.shape))
    delivered = np.zeros((n_draws, n_years, len(headcount)))
    available[:, 0] = v0
    for t in range(1, n_years):
        e_now, e_before = employment[:, t], employment[:, t - 1]  # (D, P)
        stayers = np.minimum((1.0 - outflow) * e_before, e_now)
        entrants = e_now - stayers
        safe = np.where(e_now > 0, e_now, 1.0)
        mixed = (stayers[..., None] * available[:, t - 1] + entrants[..., None] * entrants_level) / safe[..., None]
        mixed = np.where(e_now[..., None] > 0, mixed, available[:, t - 1])
        short = np.maximum(required[:, t] - mixed, 0.0)
        weight = importance[:, t] * short
        total = weight.sum(axis=2, keepdims=True)
        share = np.divide(weight, total, out=np.zeros_like(weight), where=total > 0)
        gain = np.minimum(short, budget[..., None] * share)
        available[:, t] = np.minimum(mixed + gain, MAX_LEVEL)
        delivered[:, t] = gain.sum(axis=2) * params.hours_per_level[:, None] * e_now

    gap = np.maximum(required - available, 0.0)
    arrays = {
        "employment": employment,
        "openings_expansion": expansion,
        "openings_replacement": replacement,
        "openings_total": openings,
        "automated_share": automated,
        "training_delivered": delivered,
        "importance": importance,
        "competence_need": employment[..., None] * importance,
        "required_level": required,
        "available_level": available,
        "gap": gap,
        "training_hours": employment[..., None] * gap * params.hours_per_level[:, None, None, None],
    }
    return Projection(
        scenario_id=scenario_id,
        scenario_title=title,
        years=years,
        profile_ids=baseline.profile_ids,
        competence_ids=baseline.competence_ids,
        arrays=arrays,
    )
