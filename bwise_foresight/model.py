"""The projection: workforce, integration pathways and competence needs per profile, year by year.

Pure numpy. Every array carries a leading *draw* axis ``D`` (1 for a deterministic run), then
years ``T``. Workforce flows live on *cells* — a profile ``P`` in a WISE type ``W`` — so that every
flow can be split by type (a country axis would be one more cell axis); proficiency lives on
profiles × competences ``C``, shared by a profile's cells (no source gives levels by WISE type).
There is no Python loop over profiles, competences or draws; the only loops are over years,
because this year's staff and proficiency depend on last year's. The equations are written out
in ``docs/model.md``. The model knows nothing of sampling: ``uncertainty`` builds on it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import kernel, training
from .baseline import CLUSTERS, DESTINATIONS, GROUPS, POSITIVE, WISE_TYPES, Baseline
from .errors import ScenarioError
from .scenario import ALL, Range, Scenario, check_against_baseline
from .yamlio import Path_

MAX_LEVEL = 8.0
# Staff age bands: under 35, 35-54, 55+. Years spent in a band before moving on (55+: retire at about 65).
BAND_YEARS = np.array([15.0, 20.0, 10.0])
ENTRANT_AGES = np.array([0.5, 0.4, 0.1])  # age mix of new staff (assumption A_staff_age)

# variable -> (unit, level): level "profile" (stored by cell, summed over WISE types) or "competence"
VARIABLES: dict[str, tuple[str, str]] = {
    "employment": ("persons", "profile"),
    "openings_expansion": ("persons/year", "profile"),
    "openings_replacement": ("persons/year", "profile"),
    "openings_total": ("persons/year", "profile"),
    "entrants": ("persons/year", "profile"),
    "exits": ("persons/year", "profile"),
    "retirements": ("persons/year", "profile"),
    "transitions_open_market": ("persons/year", "profile"),
    "exits_other_wise": ("persons/year", "profile"),
    "exits_education": ("persons/year", "profile"),
    "exits_unemployment": ("persons/year", "profile"),
    "exits_inactivity": ("persons/year", "profile"),
    "positive_exit_rate": ("share of exits", "profile"),
    "automated_share": ("share of tasks", "profile"),
    "training_delivered": ("hours/year", "profile"),
    "importance": ("index 0-1", "competence"),
    "competence_need": ("persons", "competence"),
    "required_level": ("level", "competence"),
    "available_level": ("level", "competence"),
    "gap": ("levels", "competence"),
    "training_hours": ("hours", "competence"),
}
# Where each leaver of a worker-with-support-needs cell goes, by variable name.
DESTINATION_VARIABLES = dict(
    zip(DESTINATIONS, ("transitions_open_market", *(f"exits_{d}" for d in DESTINATIONS[1:])), strict=True)
)
_DESTINATION_INDEX = {name: k for k, name in enumerate(DESTINATION_VARIABLES.values())}
# The stored (draws x years x profiles x competences) arrays; gap, need and training hours derive from them.
COMPETENCE_ARRAYS = ("importance", "required_level", "available_level")
# Openings and exits are flows between two years: they exist from the second projected year on.
FLOW_VARIABLES = {
    "openings_expansion", "openings_replacement", "openings_total", "entrants", "exits", "retirements",
    "positive_exit_rate", *DESTINATION_VARIABLES.values(),
}  # fmt: skip
# Profile-level variables stored per profile, not per cell (the same in every WISE type).
PROFILE_ARRAYS = ("automated_share",)
# Defined only where there are leavers with destinations: workers with support needs.
WSN_ONLY = {"positive_exit_rate", *DESTINATION_VARIABLES.values()}


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
    type_growth: np.ndarray  # (D, W)
    shock_factor: np.ndarray  # (D, T, P) cumulative demand multiplier from shocks
    uplift: np.ndarray  # (D, C)
    hours_per_worker: np.ndarray  # (D, P)
    hours_per_level: np.ndarray  # (D,)
    focus: np.ndarray  # (D, K) share of training hours reserved per cluster
    max_levels: np.ndarray  # (D,) levels a worker can gain per competence per year
    green_midpoint: np.ndarray  # (D,)
    green_steepness: np.ndarray  # (D,)
    green_importance: np.ndarray  # (D,)
    circular_demand: np.ndarray  # (D,)
    ai_midpoint: np.ndarray  # (D,)
    ai_steepness: np.ndarray  # (D,)
    ai_ceiling: np.ndarray  # (D,)
    ai_uplift: np.ndarray  # (D,)
    duration: np.ndarray  # (D, W) years a worker with support needs stays
    open_market: np.ndarray  # (D, W) odds multiplier of open-market exits
    skill_effect: np.ndarray  # (D,) log-odds of an open-market exit per level of readiness gap
    headcount: np.ndarray  # (D, P) base-year persons (a country's, when runs are batched by country)
    type_share: np.ndarray  # (D, W, P) share of each profile's headcount in each WISE type
    plan_shares: np.ndarray  # (D or 1, T, P, M) share of each profile's workers taking each module a year
    budget: np.ndarray  # (D,) EUR a year the plan may spend (inf: no limit)
    trainers: np.ndarray  # (D,) full-time trainers the plan may use (inf: no limit)
    cost_index: np.ndarray  # (D,) cost of a training hour relative to Europe (a country's, when batched)
    teaching_hours: np.ndarray  # (D,) hours a full-time trainer teaches a year

    @property
    def draws(self) -> int:
        return int(self.steepness.shape[0])


def stack(parts: list[Parameters]) -> Parameters:
    """Several runs' parameters as one batch along the draw axis (same years): e.g. one run per country."""
    first = parts[0]
    return Parameters(
        years=first.years,
        **{
            f.name: np.concatenate([np.broadcast_to(getattr(p, f.name), (p.draws, *getattr(p, f.name).shape[1:]))
                                    for p in parts])
            for f in dataclasses.fields(Parameters)
            if f.name != "years"
        },
    )  # fmt: skip


def mode_value(_: Path_, value: float | Range) -> np.ndarray:
    """The value a deterministic run uses: a number itself, a range's mode."""
    return np.array([value.mode if isinstance(value, Range) else float(value)])


ValuePicker = Callable[[Path_, "float | Range"], np.ndarray]


def targets(baseline: Baseline, key: str) -> np.ndarray:
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
        out[:, targets(baseline, key)] = value[:, None]
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
    # as many draws as the longest pick: a fixed value gives one, a sampled range gives them all
    n_draws = max(np.asarray(pick(path, value)).shape[0] for path, value in scenario.uncertain_parameters().items())

    def get(path: Path_, value: float | Range) -> np.ndarray:
        return np.broadcast_to(np.asarray(pick(path, value), dtype=float), (n_draws,))

    def per_profile(name: str) -> np.ndarray:
        entries = {
            k: get(("automation", "profiles", k, name), getattr(v, name))
            for k, v in a.profiles.items()
            if getattr(v, name) is not None
        }
        return _by_target(baseline, get(("automation", name), getattr(a, name)), entries)

    def per_type(name: str, default: np.ndarray) -> np.ndarray:
        out = np.repeat(np.broadcast_to(default, (len(WISE_TYPES),))[None, :], n_draws, axis=0).astype(float)
        for w, settings in scenario.wise_types.items():
            value = getattr(settings, name)
            if value is not None:
                out[:, WISE_TYPES.index(w)] = get(("wise_types", w, name), value)
        return out

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
            mask |= targets(baseline, key)
        from_year = years >= shock.year
        shock_factor[:, from_year[:, None] & mask[None, :]] *= (1.0 + change)[:, None]

    clusters = baseline.clusters
    uplift = np.zeros((n_draws, len(clusters)))
    for cluster, value in scenario.skills.uplift.items():
        uplift[:, clusters == cluster] = get(("skills", "uplift", cluster), value)[:, None]

    tr = scenario.training
    hpw = tr.hours_per_worker
    if isinstance(hpw, dict):
        hours = _by_target(
            baseline, np.zeros(n_draws), {k: get(("training", "hours_per_worker", k), v) for k, v in hpw.items()}
        )
    else:
        hours = _by_target(baseline, get(("training", "hours_per_worker"), hpw), {})
    focus = np.zeros((n_draws, len(CLUSTERS)))
    for cluster, value in tr.focus.items():
        focus[:, CLUSTERS.index(cluster)] = get(("training", "focus", cluster), value)

    green, ai, paths = scenario.green, scenario.genai, scenario.pathways
    green_mid = a.midpoint_year if green.midpoint_year is None else green.midpoint_year
    green_steep = a.steepness if green.steepness is None else green.steepness
    green_mid_path = ("automation" if green.midpoint_year is None else "green", "midpoint_year")
    green_steep_path = ("automation" if green.steepness is None else "green", "steepness")
    return Parameters(
        years=years,
        midpoint_year=get(("automation", "midpoint_year"), a.midpoint_year),
        steepness=get(("automation", "steepness"), a.steepness),
        ceiling=per_profile("ceiling"),
        substitution=per_profile("substitution"),
        creation=get(("automation", "creation"), a.creation),
        growth=growth,
        type_growth=(1.0 + per_type("growth", np.zeros(1))) * (1.0 + baseline.type_growth) - 1.0,
        shock_factor=shock_factor,
        uplift=uplift,
        hours_per_worker=hours,
        hours_per_level=get(("training", "hours_per_level"), tr.hours_per_level),
        focus=focus,
        max_levels=get(("training", "max_levels_per_year"), tr.max_levels_per_year),
        green_midpoint=get(green_mid_path, green_mid),
        green_steepness=get(green_steep_path, green_steep),
        green_importance=get(("green", "importance"), green.importance),
        circular_demand=get(("green", "circular_demand"), green.circular_demand),
        ai_midpoint=get(("genai", "midpoint_year"), ai.midpoint_year),
        ai_steepness=get(("genai", "steepness"), ai.steepness),
        ai_ceiling=get(("genai", "ceiling"), ai.ceiling),
        ai_uplift=get(("genai", "uplift"), ai.uplift),
        duration=per_type("duration", baseline.duration),
        open_market=per_type("open_market", np.ones(1)) * get(("pathways", "open_market"), paths.open_market)[:, None],
        skill_effect=get(("pathways", "skill_effect"), paths.skill_effect),
        headcount=np.broadcast_to(baseline.headcount, (n_draws, len(baseline.profile_ids))),
        type_share=np.broadcast_to(baseline.type_share.T, (n_draws, *baseline.type_share.T.shape)),
        plan_shares=training.plan_shares(scenario.plan.courses, baseline, years)[None],
        **training.plan_terms(scenario, baseline, n_draws),
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


def exit_rate(duration: np.ndarray) -> np.ndarray:
    """Leavers per place and year when people stay ``duration`` years on average (Little's law:
    stock = entries x duration, so entries and exits per place are 1 / duration, more than 1 when
    stays are shorter than a year)."""
    return 1.0 / duration


def cluster_matrix(baseline: Baseline) -> np.ndarray:
    """(C, K) one-hot: which cluster each competence belongs to."""
    return (baseline.clusters[:, None] == np.asarray(CLUSTERS)[None, :]).astype(float)


@dataclass(frozen=True, eq=False)
class Projection:
    """The result of :func:`project`: arrays by draw, year, profile (and WISE type or competence).

    Flows are stored by cell, laid out ``(D, T, W, P)`` (the WISE type before the profile, so that
    numpy's inner loops run along the profiles and a sum over types adds whole rows);
    :meth:`by_cell` shows them as ``(D, T, P, W)``, and ``projection[name]`` sums them over the
    WISE types it covers (all, or those chosen with :meth:`select`), so every consumer sees
    ``(D, T, P)``. Replacement openings are the exits, stored once; expansion openings (the change
    in employment), the destinations of leavers
    and the training delivered by cell are derived on request from the exits and the employment
    by cell (with the open-market share, the base-year destination shares, the training per
    profile and each cell's training factor), which keeps large uncertainty runs small.
    """

    scenario_id: str
    scenario_title: str
    years: np.ndarray
    profile_ids: list[str]
    competence_ids: list[str]
    arrays: dict[str, np.ndarray] = field(repr=False)
    wise_types: tuple[str, ...] = WISE_TYPES
    _cache: dict[str, np.ndarray] = field(default_factory=dict, repr=False, compare=False)

    @property
    def draws(self) -> int:
        return int(self.arrays["employment"].shape[0])

    def select(self, wise_types: str | tuple[str, ...] | list[str] | None) -> Projection:
        """The same projection seen through some WISE types only (None or 'all': every type)."""
        if wise_types is None or wise_types == ALL:
            chosen = WISE_TYPES
        else:
            chosen = (wise_types,) if isinstance(wise_types, str) else tuple(wise_types)
        unknown = [w for w in chosen if w not in WISE_TYPES]
        if unknown:
            raise KeyError(f"unknown WISE type {unknown[0]!r}; known: {', '.join(WISE_TYPES)}")
        return Projection(self.scenario_id, self.scenario_title, self.years, self.profile_ids,
                          self.competence_ids, self.arrays, chosen)  # fmt: skip

    def part(self, draws: slice) -> Projection:
        """Some draws of the projection (views): e.g. one country of a run batched by country."""
        # arrays without a draw axis of their own (one row for every draw, such as a plan's shares) stay whole
        arrays = {
            name: a if name == "is_wsn" or (a.ndim and a.shape[0] == 1 < self.draws) else a[draws]
            for name, a in self.arrays.items()
        }
        return Projection(self.scenario_id, self.scenario_title, self.years, self.profile_ids,
                          self.competence_ids, arrays, self.wise_types)  # fmt: skip

    def at_year(self, t: int) -> Projection:
        """The projection of one year (index ``t``) only: competence variables derived on request
        (gap, need, training hours) are then computed for that year alone, which keeps the working
        arrays small. Flows that look back a year (expansion openings) are not meaningful in it."""
        n_years = len(self.years)
        t = range(n_years)[t]
        arrays = {
            name: a[:, t : t + 1] if name != "is_wsn" and a.ndim >= 2 and a.shape[1] == n_years else a
            for name, a in self.arrays.items()
        }
        return Projection(self.scenario_id, self.scenario_title, self.years[t : t + 1], self.profile_ids,
                          self.competence_ids, arrays, self.wise_types)  # fmt: skip

    def by_cell(self, variable: str) -> np.ndarray:
        """A flow by cell, (D, T, P, W) over every WISE type (a view of the stored layout)."""
        return np.swapaxes(self._cells(variable), 2, 3)

    def replaced_by_cell(self) -> np.ndarray:
        """(D, T, P, W) the part of each cell's openings that replaces leavers, min(leavers, openings):
        what Cedefop calls replacement demand (in a sum of countries, each country's added up)."""
        if "openings_replaced" in self.arrays:
            return np.swapaxes(self.arrays["openings_replaced"], 2, 3)
        return np.minimum(self.by_cell("openings_replacement"), self.by_cell("openings_total"))

    def _cells(self, variable: str) -> np.ndarray:
        """A flow by cell in the stored layout, (D, T, W, P)."""
        if variable == "openings_expansion":
            return _expansion(self.arrays["employment"])
        if variable == "openings_total" or variable == "entrants":
            if "openings_total" in self.arrays:  # a sum of countries: each country's openings added up
                return self.arrays["openings_total"]
            total = _expansion(self.arrays["employment"])
            total += self.arrays["exits"]
            return np.maximum(total, 0.0, out=total)
        if variable in _DESTINATION_INDEX:
            return self._destination(_DESTINATION_INDEX[variable])
        if variable == "training_delivered":  # split over a profile's cells by E_pw f_w
            weighted_cells = self.arrays["employment"] * self.arrays["training_factor"][:, None]
            weighted = _sum_types(weighted_cells)
            delivered = self.arrays["training_by_profile"]
            per_weight = np.divide(delivered, weighted, out=np.zeros_like(weighted), where=weighted > 0)
            weighted_cells *= per_weight[:, :, None, :]
            return weighted_cells
        return self.arrays["exits" if variable == "openings_replacement" else variable]

    def _destination(self, k: int) -> np.ndarray:
        """Leavers of workers-with-support-needs cells going to destination ``k``: the open market
        with the share the model found, the others in their base-year proportions among the rest."""
        exits = self.arrays["exits"]
        rows = _rows(self.arrays["is_wsn"][0, 0] > 0)
        p_open = self.arrays["open_market_share"]  # (D, T, W, Pw)
        if k == 0:
            share = p_open
        else:
            e0 = self.arrays["exit_shares"]  # (D, W, K)
            share = (1.0 - p_open) * (e0[:, :, k] / (1.0 - e0[:, :, 0]))[:, None, :, None]
        out = np.zeros_like(exits)
        np.multiply(exits[..., rows], share, out=out[..., rows])
        return out

    def _summed(self, variable: str) -> np.ndarray:
        cells = self._cells(variable)
        if self.wise_types == WISE_TYPES:
            return _sum_types(cells)
        mask = np.isin(np.asarray(WISE_TYPES), self.wise_types)
        return _sum_types(cells[:, :, mask])

    def __getitem__(self, variable: str) -> np.ndarray:
        """The array of one variable: (D, T, P) or (D, T, P, C).

        Gap, competence need, training hours and the positive exit rate are derived on request
        (not stored), which keeps large uncertainty runs small in memory.
        """
        if variable in self._cache:
            return self._cache[variable]
        competence = VARIABLES.get(variable, ("", ""))[1] == "competence"
        if competence and self.arrays["importance"].shape[1] != len(self.years):
            raise ValueError(
                f"{variable}: this projection kept the last year's competences only (run(last_only=True)); "
                "use projection.at_year(-1)"
            )
        if variable in COMPETENCE_ARRAYS or variable in PROFILE_ARRAYS:
            return self.arrays[variable]
        if variable == "gap":  # stored when countries were added up (the mean of their gaps)
            out = self.arrays.get("gap")
            if out is None:
                out = np.maximum(self.arrays["required_level"] - self.arrays["available_level"], 0.0)
        elif variable == "competence_need":
            out = self["employment"][..., None] * self.arrays["importance"]
        elif variable == "training_hours" and "training_hours" in self.arrays and self.wise_types == WISE_TYPES:
            out = self.arrays["training_hours"]  # countries added up, each at its own hours per level
        elif variable == "training_hours":
            hours = self.arrays["hours_per_level"][:, None, None, None]
            out = self["employment"][..., None] * self["gap"] * hours
        elif variable == "positive_exit_rate":
            positive = sum(self[DESTINATION_VARIABLES[d]] for d in POSITIVE)
            total = self["exits"] * self.arrays["is_wsn"]
            out = np.divide(positive, total, out=np.full_like(total, np.nan), where=total > 0)
        elif variable in VARIABLES:
            out = self._summed(variable)
        else:
            raise KeyError(f"unknown variable {variable!r}; known: {', '.join(VARIABLES)}")
        self._cache[variable] = out
        return out

    def to_frame(self, variables: list[str] | None = None, *, by_type: bool = False) -> pd.DataFrame:
        """Tidy long table: ``scenario, profile, competence, year, variable, unit, value``.

        ``competence`` is empty for profile-level variables; flows start in the second year;
        destinations and the positive exit rate exist for workers with support needs only.
        Text columns are categorical (fast to build, small in memory); several draws are averaged
        (``uncertainty.quantile_frame`` gives quantiles instead). With ``by_type`` a ``wise_type``
        column splits every flow by WISE type (competence variables and the automated share,
        which are the same in every type, come once with ``wise_type`` 'all').
        """
        if by_type:
            frames = [self.select(w).to_frame(variables).assign(wise_type=w) for w in self.wise_types]
            shared = [
                v for v in (variables or list(VARIABLES)) if VARIABLES[v][1] == "competence" or v in PROFILE_ARRAYS
            ]
            frames = [f[~f["variable"].isin(shared)] for f in frames]
            if shared:
                frames.append(self.to_frame(shared).assign(wise_type=ALL))
            out = pd.concat(frames, ignore_index=True)
            out["wise_type"] = pd.Categorical(out["wise_type"], [*self.wise_types, ALL])
            return out
        names = variables or list(VARIABLES)
        return long_frame(self, {name: self[name].mean(axis=0) for name in names})


def long_frame(projection: Projection, values: Mapping[str, np.ndarray]) -> pd.DataFrame:
    """The long table of ``values`` (variable -> (T, P) or (T, P, C) array) of a projection's cells."""
    names = list(values)
    n_p, n_c = len(projection.profile_ids), len(projection.competence_ids)
    wsn = projection.arrays["is_wsn"][0, 0].astype(bool)
    cols: dict[str, list[np.ndarray]] = {k: [] for k in ("profile", "competence", "year", "variable", "value")}
    for code, name in enumerate(names):
        level = VARIABLES[name][1]
        data = values[name]
        years = projection.years
        if name in FLOW_VARIABLES:
            data, years = data[1:], years[1:]
        if level == "profile":
            profiles = np.flatnonzero(wsn) if name in WSN_ONLY else np.arange(n_p)
            data = data[:, profiles]
            cells = len(profiles)
            cols["profile"].append(np.tile(profiles, len(years)))
            cols["competence"].append(np.zeros(len(years) * cells, dtype=np.int64))
        else:
            cells = n_p * n_c
            cols["profile"].append(np.tile(np.repeat(np.arange(n_p), n_c), len(years)))
            cols["competence"].append(np.tile(np.arange(1, n_c + 1), len(years) * n_p))
        cols["year"].append(np.repeat(years, cells))
        cols["variable"].append(np.full(len(years) * cells, code))
        cols["value"].append(data.reshape(-1))
    c = {k: np.concatenate(v) for k, v in cols.items()}
    units = [VARIABLES[n][0] for n in names]
    unit_categories = sorted(set(units))
    unit_codes = np.array([unit_categories.index(u) for u in units])[c["variable"]]
    return pd.DataFrame(
        {
            "scenario": pd.Categorical.from_codes(np.zeros(len(c["value"]), dtype=np.int64), [projection.scenario_id]),
            "profile": pd.Categorical.from_codes(c["profile"], projection.profile_ids),
            "competence": pd.Categorical.from_codes(c["competence"], ["", *projection.competence_ids]),
            "year": c["year"].astype("int64"),
            "variable": pd.Categorical.from_codes(c["variable"], names),
            "unit": pd.Categorical.from_codes(unit_codes, unit_categories),
            "value": c["value"].astype(float),
        }
    )


def project(scenario: Scenario, baseline: Baseline, *, pick: ValuePicker = mode_value) -> Projection:
    """Project a scenario over its horizon against the baseline, every range at its mode.

    For sampled futures use :func:`bwise_foresight.uncertainty.project_draws`.
    """
    return run(resolve(scenario, baseline, pick), baseline, scenario_id=scenario.id, title=scenario.title)


def _expansion(employment: np.ndarray) -> np.ndarray:
    """Expansion openings by cell: E(t) - E(t-1), none in the base year."""
    out = np.empty_like(employment)
    out[:, 0] = 0.0
    np.subtract(employment[:, 1:], employment[:, :-1], out=out[:, 1:])
    return out


def _sum_types(cells: np.ndarray) -> np.ndarray:
    """(D, T, P): a (D, T, W, P) cell array summed over WISE types (einsum: several times faster
    than ``sum(axis=2)`` over so short an axis)."""
    return np.einsum("dtwp->dtp", cells)


def _rows(mask: np.ndarray) -> slice | np.ndarray:
    """The profiles a mask selects, as a slice when they are contiguous (a view, not a copy)."""
    at = np.flatnonzero(mask)
    return slice(at[0], at[-1] + 1) if len(at) and (np.diff(at) == 1).all() else at


def _workforce(params: Parameters, baseline: Baseline) -> dict[str, np.ndarray]:
    """Demand, employment and every flow by cell: the stock-flow part of the model.

    Cell arrays are laid out (D, T, W, P): the WISE type before the profile, so that numpy's inner
    loops run along the profiles rather than along three types.
    """
    years = params.years
    elapsed = (years - years[0])[None, :, None]

    # Adoption curves and the share of each profile's task content they automate (D, T, P)
    a = adoption(years, params.midpoint_year, params.steepness)
    green = adoption(years, params.green_midpoint, params.green_steepness)
    ai = adoption(years, params.ai_midpoint, params.ai_steepness)
    automated = a[:, :, None] * params.ceiling[:, None, :] * baseline.exposure
    automated += (ai * params.ai_ceiling[:, None])[:, :, None] * baseline.genai_exposure
    np.minimum(automated, 1.0, out=automated)
    removed = params.substitution[:, None, :] * automated

    # Demand by cell: growth of the profile and of the WISE type, shocks, circular-economy demand.
    # (1 + g)^(t - t0) is written exp((t - t0) log(1 + g)): float powers are slow (and g > -1).
    demand_p = np.exp(elapsed * np.log1p(params.growth)[:, None, :])  # (D, T, P)
    demand_p *= params.headcount[:, None, :]
    demand_p *= params.shock_factor
    demand_p *= 1.0 + (params.circular_demand[:, None] * green)[:, :, None] * baseline.circular
    type_path = np.exp(elapsed * np.log1p(params.type_growth)[:, None, :])  # (D, T, W)
    mix = type_path[..., None] * params.type_share[:, None]  # (D, T, W, P): D_pw = demand_p x mix
    demand_total = demand_p * _sum_types(mix)  # (D, T, P): the profile's demand over its cells
    jobs_removed = (demand_total * removed).sum(axis=2)  # (D, T)
    created = params.creation[:, None, None] * baseline.complement_share * jobs_removed[:, :, None]  # (D, T, P)
    # E_pw = D_pw (1 - r_p) + created_p D_pw / sum_w D_pw: one factor per profile times D_pw
    per_demand = 1.0 - removed + created / np.maximum(demand_total, 1e-12)
    employment = mix
    employment *= (demand_p * per_demand)[:, :, None, :]

    # Who leaves. Workers with support needs: after their time in the WISE (a constant hazard by
    # WISE type). Staff: quits in every age band and retirement from the 55+ band (kernel.staff_bands).
    wsn = _rows(baseline.is_wsn)
    exits = np.empty_like(employment)  # every profile is either staff or a worker with support needs
    exits[:, 0] = 0.0
    exits[:, 1:, :, wsn] = exit_rate(params.duration)[:, None, :, None] * employment[:, :-1, :, wsn]
    retirements = np.zeros(employment.shape)
    kernel.staff_bands(employment, np.flatnonzero(~baseline.is_wsn), baseline.age_shares, baseline.quit_rate,
                       1.0 / BAND_YEARS, ENTRANT_AGES, exits, retirements)  # fmt: skip
    return {
        "employment": employment,
        "exits": exits,
        "retirements": retirements,
        "automated_share": automated,
        "adoption": a,
        "green": green,
        "ai": ai,
    }


def _plan_arrays(params: Parameters, plan: training.Delivery) -> dict[str, np.ndarray]:
    """What a plan table needs of a run: the shares asked for, the share delivered, and each run's
    cost index and trainer hours (B, 1, 1, 2) (a country's own, when countries are batched)."""
    terms = np.stack([params.cost_index, params.teaching_hours], axis=-1)[:, None, None]
    return {"plan_shares": params.plan_shares, "plan_factor": plan.factor, "plan_terms": terms}


def _open_market_share(params: Parameters, baseline: Baseline, readiness_change: np.ndarray) -> np.ndarray:
    """(D, T, W, Pw) share of leavers who move into open employment: the base-year share of their WISE
    type, its odds moved by skills (readiness gap change (D, T, Pw), levels) and by the labour market."""
    p0 = baseline.exit_shares[:, 0]
    odds = (p0 / (1.0 - p0)) * params.open_market  # (D, W)
    skills = np.exp(-params.skill_effect[:, None, None] * readiness_change)  # (D, T, Pw)
    odds = odds[:, None, :, None] * skills[:, :, None, :]
    odds /= odds + 1.0  # in place: the share odds / (1 + odds)
    return odds


def run(
    params: Parameters,
    baseline: Baseline,
    *,
    scenario_id: str = "",
    title: str = "",
    dtype: type = np.float64,
    out: dict[str, np.ndarray] | None = None,
    pool: int = 1,
    last_only: bool = False,
) -> Projection:
    """The model itself: arrays in, arrays out (see docs/model.md for every equation).

    ``dtype`` sets the precision of the (draws x years x profiles x competences) arrays: float32
    halves the memory and time of large uncertainty runs. ``out`` may hold preallocated
    (years, draws, profiles, competences) arrays for the names in ``COMPETENCE_ARRAYS``. ``pool``
    countries batched country-major share a plan's budget, trainers and places (Europe's).
    ``last_only`` keeps the competence arrays of the last year alone, (D, 1, P, C): all the fans
    need (through ``projection.at_year(-1)``), at a fraction of the memory traffic.
    """
    n_draws, n_years = params.draws, len(params.years)
    flows = _workforce(params, baseline)
    employment_cells = flows["employment"]  # (D, T, W, P)
    employment = _sum_types(employment_cells)  # (D, T, P)
    scratch = _expansion(employment_cells)
    scratch += flows["exits"]
    hires = _sum_types(np.maximum(scratch, 0.0, out=scratch))  # entrants
    # Training hours each worker gets: workers with support needs by their WISE type's intensity
    factor = np.where(baseline.is_wsn, baseline.training_factor[:, None], 1.0)  # (W, P)
    weighted = _sum_types(np.multiply(employment_cells, factor, out=scratch))
    intensity = np.divide(weighted, employment, out=np.ones_like(weighted), where=employment > 0)
    budget = intensity * (params.hours_per_worker / params.hours_per_level[:, None])[:, None, :]  # (D, T, P)

    # Competences: one year at a time (kernel.competences). Arrays are laid out (T, D, P, C) so
    # that each year's block is contiguous; the Projection sees them as (D, T, P, C) views.
    shape = (2 if last_only else n_years, n_draws, *baseline.importance.shape)
    if out is None:
        out = {name: np.empty(shape, dtype) for name in COMPETENCE_ARRAYS}
    importance, required, available = (out[name] for name in COMPETENCE_ARRAYS)
    dtype = importance.dtype
    i0, r0, v0 = (baseline.importance.astype(dtype), baseline.required_level.astype(dtype),
                  baseline.available_level.astype(dtype))  # fmt: skip
    importance[0], required[0], available[0] = i0, r0, v0
    is_green = baseline.clusters == "green"
    # Requirements rise with each driver's adoption: automation (every cluster but green), the green
    # transition (green cluster) and generative AI (digital cluster, by the profile's exposure).
    curves = (params.uplift * ~is_green)[:, None, :] * flows["adoption"][:, :, None]
    curves += (params.uplift * is_green)[:, None, :] * flows["green"][:, :, None]  # (D, T, C)
    exposure_ai = baseline.genai_exposure / max(float(baseline.genai_exposure.max()), 1e-12)
    ai_digital = exposure_ai[:, None] * (baseline.clusters == "digital")  # (P, C)
    kept = np.divide(employment - hires, employment, out=np.ones_like(employment), where=employment > 0)
    np.clip(kept, 0.0, 1.0, out=kept)  # (D, T, P) last year's workers still here
    # Readiness of workers with support needs for the open market: their importance-weighted gap
    # (better skills, more open-market exits).
    wsn = baseline.is_wsn
    rows = _rows(wsn)
    wsn_index = np.full(len(wsn), -1, dtype=np.int64)
    wsn_index[wsn] = np.arange(int(wsn.sum()))
    readiness = np.empty((n_years, n_draws, int(wsn.sum())), dtype)
    gap0 = np.maximum(r0[rows] - v0[rows], 0)
    readiness[0] = (gap0 * i0[rows]).sum(axis=1) / i0[rows].sum(axis=1)
    levels_used = np.zeros((n_draws, n_years, len(baseline.profile_ids)), dtype)
    planning = bool(params.plan_shares.any())
    if planning:
        plan = training.apply_plan(
            params.plan_shares, employment, baseline.catalogue, budget=params.budget, trainers=params.trainers,
            cost_index=params.cost_index, teaching_hours=params.teaching_hours, hours_per_level=params.hours_per_level,
            pool=pool,
        )  # fmt: skip
        planned = plan.levels.astype(float)
    else:
        planned = np.zeros((1, 1, 1, 1))
    # The kernel computes in the competence arrays' dtype: every float input is cast to it once.
    # Its inner loops run along competences, over runs of one cluster each (competences sorted by
    # cluster make one run per cluster).
    cast = lambda a: np.ascontiguousarray(a, dtype=dtype)  # noqa: E731
    cluster_of = cluster_matrix(baseline).argmax(axis=1)
    runs = np.flatnonzero(np.diff(cluster_of, prepend=-1, append=-1))
    kernel.competences(
        importance, required, available, cast(baseline.importance), cast(baseline.required_level),
        cast(entrant_levels(baseline)), cast(flows["automated_share"]),
        cast(params.green_importance[:, None] * flows["green"]), cast(baseline.automation_coefficient),
        cast(is_green), cast(curves), cast(ai_digital), cast(params.ai_uplift[:, None] * flows["ai"]), cast(kept),
        cast(budget), cast(np.maximum(1.0 - params.focus.sum(axis=1), 0.0)), cast(params.focus),
        bool(params.focus.any()), cast(planned), planning, cast(params.max_levels), runs, cluster_of[runs[:-1]],
        wsn_index, MAX_LEVEL, levels_used, readiness,
    )  # fmt: skip
    delivered = levels_used * params.hours_per_level[:, None, None] * employment
    if planning:
        delivered += plan.hours

    kept_years = slice((n_years - 1) % 2, (n_years - 1) % 2 + 1) if last_only else slice(None)
    competence = {name: np.moveaxis(out[name][kept_years], 0, 1) for name in COMPETENCE_ARRAYS}
    p_open = _open_market_share(params, baseline, np.moveaxis(readiness - readiness[0], 0, 1))  # (D, T, W, Pw)
    arrays = {
        "employment": employment_cells,
        "exits": flows["exits"],
        "retirements": flows["retirements"],
        "open_market_share": p_open,
        "exit_shares": np.broadcast_to(baseline.exit_shares, (n_draws, *baseline.exit_shares.shape)),
        "automated_share": flows["automated_share"],
        "training_by_profile": delivered,
        "training_factor": np.broadcast_to(factor, (n_draws, *factor.shape)),
        **competence,
        "hours_per_level": params.hours_per_level,
        "is_wsn": wsn[None, None, :].astype(float),
        "readiness_gap": np.moveaxis(readiness, 0, 1),
        **(_plan_arrays(params, plan) if planning else {}),
    }
    return Projection(
        scenario_id=scenario_id,
        scenario_title=title,
        years=params.years,
        profile_ids=baseline.profile_ids,
        competence_ids=baseline.competence_ids,
        arrays=arrays,
    )
