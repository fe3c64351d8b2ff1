"""Uncertainty and sensitivity: sampled projections, quantiles, tornado, Sobol indices (pure).

Sampling and analysis are separate, small, seeded functions (the SALib split). Every numeric
assumption written as a range ``{low, mode, high}`` is uncertain, with a triangular
distribution; everything else is held at its value. Draws run through the same vectorised model
as a single projection, along its draw axis.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import qmc, triang

from .baseline import Baseline
from .i18n import EN, SOURCE, Translator
from .model import VARIABLES, Projection, long_frame, mode_value, project, resolve, run
from .scenario import Range, Scenario
from .yamlio import Path_

DEFAULT_QUANTILES = (0.1, 0.5, 0.9)
# Intensive variables are averaged (weighted by workforce × importance); the others are summed.
INTENSIVE = {"required_level", "available_level", "gap", "importance", "automated_share"}
# Ratios of two sums: the positive exit rate is positive exits over all exits of the profiles chosen.
RATIOS = {"positive_exit_rate"}


def uncertain(scenario: Scenario) -> dict[Path_, Range]:
    """The assumptions that are ranges with some width, by key path."""
    return {
        path: value
        for path, value in scenario.uncertain_parameters().items()
        if isinstance(value, Range) and value.high > value.low
    }


def triangular(u: np.ndarray, value: Range) -> np.ndarray:
    """Map uniform [0, 1) numbers to a triangular distribution low–mode–high (inverse CDF)."""
    width = value.high - value.low
    return triang.ppf(u, (value.mode - value.low) / width, loc=value.low, scale=width)


def label(path: Path_, t: Translator = EN) -> str:
    """A readable name for an assumption's key path, e.g. 'automation › ceiling', in ``t``'s language:
    scenario-file keys from the catalogue (``key.<name>``), profiles, groups and clusters by name."""
    from .baseline import CLUSTERS, GROUPS

    if t.lang == SOURCE:
        return " › ".join(str(p) for p in path)

    def part(p: str | int) -> str:
        if isinstance(p, int):
            return str(p + 1)
        if p in GROUPS:
            return t.group(p)
        if p in CLUSTERS:
            return t.cluster(p)
        return t(f"key.{p}") if t.has(f"key.{p}") else t.profile(p, p)

    return " › ".join(part(p) for p in path)


# Assumptions without a slider: key path pattern ('*' any id, '#' a list position) -> catalogue text
# under sensitivity.assumption and the factor from scenario units to the units the text names.
# Those with a slider take its label and scale (lever.*: already in every language).
ASSUMPTIONS: dict[tuple[str, ...], tuple[str, float]] = {
    ("automation", "profiles", "*", "ceiling"): ("profile_ceiling", 100),
    ("automation", "profiles", "*", "substitution"): ("profile_substitution", 100),
    ("demand", "profiles", "*"): ("profile_growth", 100),
    ("demand", "shocks", "#", "change"): ("shock", 100),
    ("training", "hours_per_worker"): ("hours_all", 1),
    ("training", "hours_per_worker", "*"): ("hours_profile", 1),
    ("training", "focus", "*"): ("focus", 100),
    ("training", "max_levels_per_year"): ("max_levels", 1),
    ("green", "midpoint_year"): ("green_midpoint", 1),
    ("green", "steepness"): ("green_steepness", 1),
    ("green", "importance"): ("green_importance", 1),
    ("genai", "midpoint_year"): ("genai_midpoint", 1),
    ("genai", "steepness"): ("genai_steepness", 1),
    ("genai", "uplift"): ("genai_uplift", 1),
    ("wise_types", "*", "growth"): ("type_growth", 100),
    ("wise_types", "*", "duration"): ("type_duration", 1),
    ("wise_types", "*", "open_market"): ("type_open_market", 1),
    ("pathways", "skill_effect"): ("skill_effect", 1),
}


def _matches(pattern: tuple[str, ...], path: Path_) -> bool:
    return len(pattern) == len(path) and all(
        (p == "*" and isinstance(q, str)) or (p == "#" and isinstance(q, int)) or p == q
        for p, q in zip(pattern, path, strict=True)
    )


def _item(part: str | int, t: Translator, profiles: Mapping[str, str]) -> str:
    """A profile, group, cluster or WISE type by name (in ``t``'s language), a list position from 1."""
    from .baseline import CLUSTERS, GROUPS, WISE_TYPES

    if isinstance(part, int):
        return str(part + 1)
    if part in GROUPS:
        return t.group(part)
    if part in CLUSTERS:
        return t.cluster(part)
    if part in WISE_TYPES:
        return t(f"wise_type.{part}")
    return t.profile(part, profiles.get(part, part))


def assumption(path: Path_, t: Translator = EN, *, profiles: Mapping[str, str] | None = None) -> tuple[str, float]:
    """An assumption in plain words and the factor to its units: ``('Sector demand growth (% per year)', 100)``.

    Assumptions with a slider are named by its label, in the slider's units; the others by the
    catalogue's ``sensitivity.assumption.*``; anything else by its key path (:func:`label`).
    ``profiles`` gives profile names by id (default: the ids, or the catalogue's translations).
    """
    from .levers import LEVERS

    names = profiles or {}
    for lever in LEVERS:
        if lever.path == path:
            return lever.label(t), lever.scale
    for pattern, (text, scale) in ASSUMPTIONS.items():
        if _matches(pattern, path):
            if text == "hours_profile":  # a group has a slider (above); a profile is named like it
                return t("lever.hours.label", item=_item(path[2], t, names)), scale
            items = [p for p, q in zip(path, pattern, strict=True) if q in ("*", "#")]
            return t(f"sensitivity.assumption.{text}", item=_item(items[0], t, names) if items else ""), scale
    return label(path, t), 1.0


def sample(scenario: Scenario, draws: int, *, seed: int = 0) -> dict[Path_, np.ndarray]:
    """Latin hypercube draws of every uncertain assumption: path -> (draws,) values.

    Seeded and reproducible: the same scenario, draw count and seed give the same numbers.
    """
    ranges = uncertain(scenario)
    if not ranges:
        return {}
    u = qmc.LatinHypercube(d=len(ranges), seed=seed).random(draws)
    return {path: triangular(u[:, i], value) for i, (path, value) in enumerate(ranges.items())}


def picker(values: Mapping[Path_, np.ndarray]) -> Callable[[Path_, float | Range], np.ndarray]:
    """A ``pick`` for :func:`model.resolve` that takes sampled values where there are some."""

    def pick(path: Path_, value: float | Range) -> np.ndarray:
        return values[path] if path in values else mode_value(path, value)

    return pick


def project_draws(
    scenario: Scenario,
    baseline: Baseline,
    *,
    draws: int = 1000,
    seed: int = 0,
    dtype: type = np.float32,
    last_only: bool = False,
) -> Projection:
    """Project ``draws`` sampled futures at once (vectorised along the draw axis).

    Competence-level arrays are float32 by default (levels to about 7 significant digits), which
    halves memory and time; ``last_only`` keeps them for the last year alone (see ``model.run``).
    """
    values = sample(scenario, draws, seed=seed)
    if not values:
        return project(scenario, baseline)
    return run(resolve(scenario, baseline, picker(values)), baseline, scenario_id=scenario.id,
               title=scenario.title, dtype=dtype, last_only=last_only)  # fmt: skip


def aggregate(
    projection: Projection,
    variable: str,
    *,
    year: int | None = None,
    profile: str | None = None,
    competence: str | None = None,
) -> np.ndarray:
    """One output per draw (or per draw and year when ``year`` is None).

    Persons and hours are summed over the profiles (and competences) selected; levels, shares
    and importance are averaged, weighted by workforce and importance, as the headline gap is.
    """
    values = projection[variable]  # (D, T, P) or (D, T, P, C)
    is_competence = VARIABLES[variable][1] == "competence"
    p_mask = np.ones(len(projection.profile_ids), bool) if profile is None else (
        np.asarray(projection.profile_ids) == profile)  # fmt: skip
    if not p_mask.any():
        raise ValueError(f"unknown profile {profile!r}")
    c_mask = np.ones(len(projection.competence_ids), bool) if competence is None else (
        np.asarray(projection.competence_ids) == competence)  # fmt: skip
    if not c_mask.any():
        raise ValueError(f"unknown competence {competence!r}")
    if year is not None:
        t = int(np.searchsorted(projection.years, year))
        if t >= len(projection.years) or projection.years[t] != year:
            raise ValueError(f"year {year} is outside {projection.years[0]}-{projection.years[-1]}")
        values, sl = values[:, t : t + 1], slice(t, t + 1)
    else:
        sl = slice(None)
    values = values[:, :, p_mask]
    if is_competence:
        values = values[..., c_mask]
    if variable in RATIOS:
        from .baseline import POSITIVE
        from .model import DESTINATION_VARIABLES

        positive = sum(projection[DESTINATION_VARIABLES[d]][:, sl][:, :, p_mask] for d in POSITIVE)
        exits = (projection["exits"] * projection.arrays["is_wsn"])[:, sl][:, :, p_mask]
        total = exits.sum(axis=2)
        out = np.divide(positive.sum(axis=2), total, out=np.full_like(total, np.nan), where=total > 0)
    elif variable not in INTENSIVE:
        out = values.sum(axis=tuple(range(2, values.ndim)))
    else:
        weight = projection["employment"][:, sl][:, :, p_mask]
        if is_competence:
            weight = weight[..., None] * projection["importance"][:, sl][:, :, p_mask][..., c_mask]
        weight = np.broadcast_to(weight, values.shape)
        axes = tuple(range(2, values.ndim))
        out = (values * weight).sum(axis=axes) / weight.sum(axis=axes)
    return out[:, 0] if year is not None else out


def quantiles_of(
    values: np.ndarray, qs: Sequence[float], *, dtype: type | None = None, block: int = 1024
) -> np.ndarray:
    """Quantiles over the draw axis (axis 0): ``(len(qs), *values.shape[1:])``, as ``np.quantile``'s
    default (linear) method gives them; NaN draws are left out (as ``np.nanquantile``).

    Several times faster than ``np.quantile(values, qs, axis=0)`` on large arrays: cells whose draws
    all agree (the base year, competences automation leaves alone) are not sorted at all; the others
    are copied in blocks that stay in the processor's cache, each cell's draws side by side, and
    sorted once for every quantile (numpy's vectorised sort beats a partition with several pivots).
    ``dtype`` sorts in another precision (float32: about 7 significant digits, twice as fast).
    """
    qs = np.asarray(qs, dtype=float)
    draws = values.shape[0]
    flat = values.reshape(draws, -1)
    if np.isnan(flat).any():  # ratios of cells with no leavers: numpy's NaN-aware path (small arrays)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # an all-NaN cell gives NaN, as it should
            return np.nanquantile(flat, qs, axis=0).reshape(len(qs), *values.shape[1:])
    least = flat.min(axis=0)
    out = np.repeat(least[None, :].astype(float), len(qs), axis=0)
    varying = np.flatnonzero(flat.max(axis=0) > least)
    position = qs * (draws - 1)
    below = np.floor(position).astype(np.intp)
    above = np.minimum(below + 1, draws - 1)
    weight = position - below
    by_cell = flat.T  # a view: row i holds cell i's draws
    for start in range(0, len(varying), block):
        cells = varying[start : start + block]
        ordered = by_cell[cells].astype(dtype or flat.dtype, copy=False)  # a contiguous copy
        ordered.sort(axis=1)
        lo, hi = ordered[:, below].astype(float), ordered[:, above].astype(float)
        out[:, cells] = (lo + (hi - lo) * weight).T
    return out.reshape(len(qs), *values.shape[1:])


@dataclass(frozen=True)
class Bands:
    """Quantiles over sampled futures (columns: the quantiles) of the figures the time charts show."""

    draws: int
    employment: pd.DataFrame  # year x quantile, persons
    openings: pd.DataFrame  # year x quantile, persons/year (from the second year)
    transitions: pd.DataFrame  # year x quantile, persons/year into open employment (from the second year)
    gap_by_cluster: pd.DataFrame  # cluster x quantile, end year, levels


def bands(
    scenario: Scenario,
    baseline: Baseline,
    *,
    draws: int = 1000,
    seed: int = 0,
    wise_type: str | None = None,
    quantiles: Sequence[float] = DEFAULT_QUANTILES,
    blocks: Iterable[tuple[Projection, Projection]] | None = None,
) -> Bands:
    """The spread of ``draws`` sampled futures as the dashboard's fans show it, for one WISE type
    (None: all). Only what the fans need is computed: the gap by cluster for the end year alone.

    ``blocks`` gives the futures instead, block by block: (the workforce and its flows, the end
    year with its competences), e.g. Europe's as the sum of the countries."""
    from .baseline import CLUSTERS
    from .summary import gap_by_cluster

    if blocks is None:
        p = project_draws(scenario, baseline, draws=draws, seed=seed, last_only=True)
        blocks = [(p, p.at_year(-1))]
    flows, ends = [], []
    for whole, end in blocks:
        flows.append({v: aggregate(whole.select(wise_type), v) for v in ("employment", "openings_total",
                                                                           "transitions_open_market")})  # fmt: skip
        ends.append(gap_by_cluster(end.select(wise_type), baseline, draws=True)[:, 0])  # (D, clusters)
        years = pd.Index(whole.years, name="year")
    qs = tuple(quantiles)

    def fan(variable: str) -> pd.DataFrame:
        values = np.concatenate([f[variable] for f in flows])
        return pd.DataFrame(quantiles_of(values, qs).T, index=years, columns=list(qs))

    by_cluster = np.concatenate(ends)
    return Bands(
        draws=len(by_cluster),
        employment=fan("employment"),
        openings=fan("openings_total")[1:],
        transitions=fan("transitions_open_market")[1:],
        gap_by_cluster=pd.DataFrame(quantiles_of(by_cluster, qs).T, index=list(CLUSTERS), columns=list(qs)),
    )


def quantile_values(
    projection: Projection, *, quantiles: Sequence[float] = DEFAULT_QUANTILES, variables: Sequence[str] | None = None
) -> dict[str, np.ndarray]:
    """Each cell's quantiles over the draws, only of ``variables`` (default: all):
    variable -> ``(len(quantiles), T, P)`` or ``(len(quantiles), T, P, C)``.

    Competence variables go year by year, so that those derived on request (gap, competence need,
    training hours) are never built for every year and draw at once, and are sorted as float32 (the
    precision the model stores competence arrays in).
    """
    names = list(variables or VARIABLES)
    unknown = [n for n in names if n not in VARIABLES]
    if unknown:
        raise KeyError(f"unknown variable {unknown[0]!r}; known: {', '.join(VARIABLES)}")
    qs = tuple(quantiles)
    out = {n: quantiles_of(projection[n], qs) for n in names if VARIABLES[n][1] != "competence"}
    competence = [n for n in names if VARIABLES[n][1] == "competence"]
    if competence:
        shape = (len(qs), len(projection.years), len(projection.profile_ids), len(projection.competence_ids))
        out.update({n: np.empty(shape) for n in competence})
        for t in range(len(projection.years)):
            year = projection.at_year(t)
            for name in competence:
                out[name][:, t] = quantiles_of(year[name][:, 0], qs, dtype=np.float32)
    return {n: out[n] for n in names}


def quantile_frame(
    projection: Projection, *, quantiles: Sequence[float] = DEFAULT_QUANTILES, variables: Sequence[str] | None = None
) -> pd.DataFrame:
    """The long frame with a ``quantile`` column: each cell's quantiles over the draws.

    Only the ``variables`` asked for (default: all) are computed.
    """
    names = list(variables or VARIABLES)
    values = quantile_values(projection, quantiles=quantiles, variables=names)
    frames = [
        long_frame(projection, {name: values[name][i] for name in names}).assign(quantile=q)
        for i, q in enumerate(quantiles)
    ]
    return pd.concat(frames, ignore_index=True)


@dataclass(frozen=True)
class Output:
    """What a sensitivity analysis looks at: one variable, in one year, for all or one profile/competence."""

    variable: str
    year: int
    profile: str | None = None
    competence: str | None = None

    def of(self, projection: Projection) -> np.ndarray:
        return aggregate(projection, self.variable, year=self.year, profile=self.profile, competence=self.competence)

    @property
    def unit(self) -> str:
        unit = VARIABLES[self.variable][0]
        return "levels" if unit == "level" else unit


def sensitivity(
    scenario: Scenario,
    baseline: Baseline,
    *,
    variable: str,
    year: int,
    profile: str | None = None,
    competence: str | None = None,
    t: Translator = EN,
    name: Callable[[Path_], str] | None = None,
) -> pd.DataFrame:
    """One-at-a-time sensitivity for a tornado chart, sorted by swing (largest first).

    Each uncertain assumption is set to its low and then its high value, all others at their
    mode; every one of these runs goes through the model at once, as draws. ``name`` names an
    assumption by its key path (default :func:`label`; the dashboard passes plain words).
    """
    output = Output(variable, year, profile, competence)
    ranges = uncertain(scenario)
    base_value = float(output.of(project(scenario, baseline))[0])
    if not ranges:
        return pd.DataFrame(columns=["assumption", "low", "mode", "high", "output_low", "output_high", "swing"])
    paths = list(ranges)
    n = len(paths)
    values = {}
    for i, path in enumerate(paths):
        column = np.full(2 * n, ranges[path].mode)
        column[2 * i], column[2 * i + 1] = ranges[path].low, ranges[path].high
        values[path] = column
    outputs = output.of(run(resolve(scenario, baseline, picker(values)), baseline))
    table = pd.DataFrame({
        "assumption": [name(p) if name else label(p, t) for p in paths],
        "low": [ranges[p].low for p in paths],
        "mode": [ranges[p].mode for p in paths],
        "high": [ranges[p].high for p in paths],
        "output_low": outputs[0::2],
        "output_high": outputs[1::2],
    })  # fmt: skip
    table["swing"] = (table["output_high"] - table["output_low"]).abs()
    table.attrs.update(base=base_value, unit=output.unit, variable=variable, year=year)
    return table.sort_values("swing", ascending=False, ignore_index=True)


def _problem(names: list[str]) -> dict:
    return {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}


def sobol_design(names: list[str], n: int, *, seed: int = 0) -> np.ndarray:
    """The Sobol' sample (SALib, Saltelli's scheme without second-order terms) of ``names`` independent
    U(0, 1) inputs: an ``(n × (k + 2), k)`` array, in the order :func:`sobol_analyze` expects."""
    from SALib.sample import sobol as sampler

    return sampler.sample(_problem(names), n, calc_second_order=False, seed=seed)


def sobol_analyze(names: list[str], y: np.ndarray, *, seed: int = 0) -> pd.DataFrame:
    """Sobol first-order and total indices (SALib) of outputs ``y`` of the :func:`sobol_design` sample."""
    from SALib.analyze import sobol as analyze

    result = analyze.analyze(
        _problem(names), np.asarray(y, dtype=float), calc_second_order=False, seed=seed, print_to_console=False
    )
    return pd.DataFrame(
        {"S1": result["S1"], "S1_conf": result["S1_conf"], "ST": result["ST"], "ST_conf": result["ST_conf"]},
        index=pd.Index(names, name="assumption"),
    ).sort_values("ST", ascending=False)


def sobol(
    names: list[str], evaluate: Callable[[np.ndarray], np.ndarray], *, n: int = 256, seed: int = 0
) -> pd.DataFrame:
    """Sobol first-order and total indices (SALib) of ``evaluate`` over independent U(0, 1) inputs.

    ``evaluate`` takes an (N, k) array of uniform numbers and returns N outputs; mapping them to
    each input's own distribution is its job. ``n`` is the base sample: the model runs
    ``n × (k + 2)`` times (a power of two keeps the Sobol' sequence balanced).
    """
    return sobol_analyze(names, evaluate(sobol_design(names, n, seed=seed)), seed=seed)


def sobol_indices(
    scenario: Scenario,
    baseline: Baseline,
    *,
    variable: str,
    year: int,
    profile: str | None = None,
    competence: str | None = None,
    n: int = 256,
    seed: int = 0,
    t: Translator = EN,
    chunk: int = 500,
    name: Callable[[Path_], str] | None = None,
) -> pd.DataFrame:
    """Sobol indices of one output with respect to every uncertain assumption of a scenario
    (``name`` as in :func:`sensitivity`)."""
    ranges = uncertain(scenario)
    if not ranges:
        return pd.DataFrame(columns=["S1", "S1_conf", "ST", "ST_conf"])
    paths = list(ranges)
    output = Output(variable, year, profile, competence)

    def evaluate(u: np.ndarray) -> np.ndarray:
        out = []
        for start in range(0, len(u), chunk):
            block = u[start : start + chunk]
            values = {p: triangular(block[:, i], ranges[p]) for i, p in enumerate(paths)}
            out.append(output.of(run(resolve(scenario, baseline, picker(values)), baseline)))
        return np.concatenate(out)

    table = sobol([name(p) if name else label(p, t) for p in paths], evaluate, n=n, seed=seed)
    table.attrs.update(variable=variable, year=year, runs=n * (len(paths) + 2))
    return table
