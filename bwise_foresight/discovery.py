"""Scenario discovery: the regions of the assumptions in which a goal fails (PRIM; pure, no Streamlit).

Given sampled futures (one column per uncertain assumption) and whether the goal failed in each,
PRIM (Friedman & Fisher 1999, as used for scenario discovery by Bryant & Lempert 2010) finds a box —
limits on a few assumptions — where failures concentrate. The algorithm is EMA Workbench's
(``ema_workbench.analysis.prim``, BSD-3-Clause): peeling (``peel_alpha``), pasting, the peeling
trajectory and quasi-p-values. The standalone PyPI package ``prim`` (Project-Platypus) is the same
code, lighter, but GPL-3.0, which this project's MIT/CC-BY licence cannot take on.

EMA leaves the choice of a box on the trajectory to the analyst. :func:`discover` chooses the one an
analyst following EMA's practice would: among the boxes that keep at least ``min_coverage`` of the
failures and whose every limit is significant (EMA's ``is_significant``: each quasi-p-value at most
``max_quasi_p``), the densest; ties go to fewer restricted assumptions, then to more coverage.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from babel.lists import format_list

from .i18n import EN, Translator
from .yamlio import Path_

FOUND, NONE_FAILED, ALL_FAILED, NO_BOX = "found", "none_failed", "all_failed", "no_box"
TRAJECTORY_COLUMNS = ["coverage", "density", "mass", "res_dim", "n", "k", "significant"]
# Languages that write nouns with a capital inside a sentence: their assumption names keep theirs.
NOUN_CAPITALS = {"de"}


@dataclass(frozen=True, eq=False)
class Discovery:
    """PRIM's peeling trajectory over sampled futures and the box chosen on it.

    ``trajectory`` has one row per box (step 0: all futures) with its coverage (share of all failures
    inside it), density (share of the futures inside it that fail), mass (share of all futures inside
    it), ``res_dim`` (restricted assumptions), ``n`` and ``k`` (futures and failures inside it) and
    ``significant`` (every limit's quasi-p-value at most ``max_quasi_p``). ``limits[i]`` gives box i's
    lower and upper limit per assumption (dotted key path), ``ranges`` the sampled range.
    """

    status: str
    runs: int
    failures: int
    trajectory: pd.DataFrame
    limits: tuple[pd.DataFrame, ...]
    ranges: pd.DataFrame
    quasi_p: tuple[dict[str, tuple[float, float]], ...] = field(default=())
    chosen: int | None = None
    min_coverage: float = 0.5

    def box(self, i: int | None = None) -> pd.DataFrame:
        """Box ``i``'s (default: the chosen one's) restricted assumptions, most significant first:
        ``low``, ``high``, the sampled ``sampled_low`` and ``sampled_high``, which sides are restricted
        (``restricts_low``, ``restricts_high``) and each side's quasi-p-value (NaN where unrestricted)."""
        i = self.box_index(i)
        table = self.limits[i].join(self.ranges.add_prefix("sampled_"))
        table["restricts_low"] = table["low"] > table["sampled_low"]
        table["restricts_high"] = table["high"] < table["sampled_high"]
        table = table[table["restricts_low"] | table["restricts_high"]].copy()
        qp = self.quasi_p[i] if i < len(self.quasi_p) else {}
        table["qp_low"] = [_qp(qp, key, 0) for key in table.index]
        table["qp_high"] = [_qp(qp, key, 1) for key in table.index]
        order = table[["qp_low", "qp_high"]].min(axis=1).fillna(1.0).sort_values(kind="stable").index
        return table.loc[order]

    def box_index(self, i: int | None = None) -> int:
        """The position on the trajectory of box ``i`` (negative counts from the end; None: the chosen box)."""
        if i is None:
            if self.chosen is None:
                raise ValueError(f"no box was chosen ({self.status})")
            return self.chosen
        if not -len(self.limits) <= i < len(self.limits):
            raise IndexError(f"box {i} is not on the trajectory (0–{len(self.limits) - 1})")
        return i % len(self.limits)


def _qp(qp: Mapping[str, tuple[float, float]], key: str, side: int) -> float:
    value = qp.get(key, (-1.0, -1.0))[side]
    return float("nan") if value < 0 else float(value)  # EMA writes -1 for an unrestricted side


def dotted(key: Path_ | str) -> str:
    """A key path as one dotted string: ``('demand', 'shocks', 0, 'change')`` -> ``'demand.shocks.0.change'``."""
    return key if isinstance(key, str) else ".".join(str(p) for p in key)


def path_of(key: str) -> Path_:
    """A dotted key path as a tuple, list positions as numbers (the inverse of :func:`dotted`)."""
    return tuple(int(p) if p.isdigit() else p for p in key.split("."))


def _inputs(inputs: pd.DataFrame | Mapping[Path_ | str, np.ndarray], runs: int) -> pd.DataFrame:
    """The sampled assumptions as float columns named by dotted key path."""
    if isinstance(inputs, pd.DataFrame):
        columns = {dotted(c): inputs[c].to_numpy() for c in inputs.columns}
    else:
        columns = {dotted(k): np.asarray(v) for k, v in inputs.items()}
    for key, values in columns.items():
        if len(values) != runs:
            raise ValueError(f"{key} has {len(values)} values for {runs} runs")
    frame = pd.DataFrame({k: np.asarray(v, dtype=np.float64) for k, v in columns.items()}, index=range(runs))
    bad = [key for key, values in frame.items() if not np.isfinite(values).all()]
    if bad:
        raise ValueError(f"{', '.join(bad)}: values that are not finite numbers")
    return frame


def _ranges(x: pd.DataFrame) -> pd.DataFrame:
    """Each assumption's sampled range: ``low`` and ``high`` by dotted key path."""
    return pd.DataFrame({"low": x.min(), "high": x.max()}, index=pd.Index(x.columns, name="assumption"))


def _whole(status: str, x: pd.DataFrame, failed: np.ndarray, min_coverage: float) -> Discovery:
    """A discovery with no box but all the futures: for no failures, only failures, or none found."""
    runs, failures = len(failed), int(failed.sum())
    ranges = _ranges(x)
    row = {"coverage": 1.0 if failures else np.nan, "density": failures / runs if runs else np.nan, "mass": 1.0,
           "res_dim": 0, "n": runs, "k": failures, "significant": True}  # fmt: skip
    return Discovery(status, runs, failures, pd.DataFrame([row], columns=TRAJECTORY_COLUMNS), (ranges.copy(),),
                     ranges, ({},), None, min_coverage)  # fmt: skip


def discover(
    inputs: pd.DataFrame | Mapping[Path_ | str, np.ndarray],
    failed: np.ndarray | pd.Series | list[bool],
    *,
    min_coverage: float = 0.5,
    max_quasi_p: float = 0.05,
    peel_alpha: float = 0.05,
    paste_alpha: float = 0.05,
    mass_min: float = 0.05,
) -> Discovery:
    """PRIM over sampled futures: where do failures of the goal concentrate?

    ``inputs`` holds one column per uncertain assumption (named by key path, a tuple or dotted; the
    mapping :func:`uncertainty.sample` returns will do), ``failed`` whether the goal failed in each run.
    The box chosen is the densest with coverage ≥ ``min_coverage`` whose every limit has a quasi-p-value
    ≤ ``max_quasi_p`` (see the module's docstring); ``status`` says when there is none, or nothing to
    explain (no failure, or only failures).
    """
    y = np.asarray(failed)
    if y.ndim != 1:
        raise ValueError(f"failed must be one value per run, not of shape {y.shape}")
    if y.dtype != bool and not np.isin(y, (0, 1)).all():
        raise ValueError("failed must be True/False (or 1/0) per run")
    y = y.astype(bool)
    x = _inputs(inputs, len(y))
    if not y.any():
        return _whole(NONE_FAILED, x, y, min_coverage)
    if y.all():
        return _whole(ALL_FAILED, x, y, min_coverage)
    varying = [c for c in x.columns if x[c].max() > x[c].min()]
    if not varying:
        return _whole(NO_BOX, x, y, min_coverage)
    keys = dict(zip((f"x{i}" for i in range(len(varying))), varying, strict=True))  # EMA wants plain names
    prim, is_significant = _ema()
    # a threshold just above 0: every failure (1) is a case of interest and no box is thrown away for
    # its density (EMA would return the whole space instead); the choice is :func:`choose`'s
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The inplace keyword")  # EMA uses pandas' deprecated inplace=
        alg = prim.Prim(x[varying].set_axis(list(keys), axis=1), y.astype(int), threshold=1e-9,
                        peel_alpha=peel_alpha, paste_alpha=paste_alpha, mass_min=mass_min)  # fmt: skip
        box = alg.find_box()  # peeling, then pasting: the trajectory holds both
    trajectory = box.peeling_trajectory[TRAJECTORY_COLUMNS[:-1]].reset_index(drop=True)
    trajectory = trajectory.astype({"res_dim": int, "n": int, "k": int})
    trajectory["significant"] = [is_significant(box, i, alpha=max_quasi_p) for i in range(len(trajectory))]
    ranges = _ranges(x)
    limits = tuple(_limits(lims, keys, ranges) for lims in box.box_lims)
    quasi_p = tuple({keys[k]: (float(v[0]), float(v[1])) for k, v in qp.items()} for qp in box.qp)
    chosen = choose(trajectory, min_coverage=min_coverage)
    status = FOUND if chosen is not None else NO_BOX
    return Discovery(status, len(y), int(y.sum()), trajectory, limits, ranges, quasi_p, chosen, min_coverage)


def _ema() -> tuple[Any, Callable[..., bool]]:
    """EMA Workbench's PRIM module and its significance test, imported on first use (about 3 s)."""
    with warnings.catch_warnings():
        # EMA announces optional parallel back ends it does not find
        warnings.filterwarnings("ignore", message="ipyparallel not installed")
        from ema_workbench.analysis import prim
        from ema_workbench.analysis.prim_util import is_significant
    return prim, is_significant


def _limits(lims: pd.DataFrame, keys: Mapping[str, str], ranges: pd.DataFrame) -> pd.DataFrame:
    table = pd.DataFrame({"low": lims.iloc[0].to_numpy(float), "high": lims.iloc[1].to_numpy(float)},
                         index=pd.Index([keys[c] for c in lims.columns], name="assumption"))  # fmt: skip
    return table.reindex(ranges.index).fillna(ranges)  # assumptions that never vary: their whole range


def choose(trajectory: pd.DataFrame, *, min_coverage: float = 0.5) -> int | None:
    """The box to show: the densest restricted box with coverage ≥ ``min_coverage`` whose limits are all
    significant; ties to fewer restricted assumptions, then more coverage. None when there is none."""
    candidates = trajectory[
        (trajectory["coverage"] >= min_coverage) & trajectory["significant"] & (trajectory["res_dim"] > 0)
    ]
    if candidates.empty:
        return None
    ranked = candidates.assign(fewer=-candidates["res_dim"]).sort_values(
        ["density", "fewer", "coverage"], ascending=False, kind="stable"
    )
    return int(ranked.index[0])


# -- in words ---------------------------------------------------------------------------------------

_UNIT = re.compile(r"^(.*\S)\s*\(([^()]*)\)$")


def name_and_unit(key: str, t: Translator = EN, *, profiles: Mapping[str, str] | None = None) -> tuple[str, str, float]:
    """An assumption's plain name, its display unit (the name's closing parenthesis, if any) and the
    factor from scenario units to display units: ``('Sector demand growth', '% per year', 100)``."""
    from .uncertainty import assumption

    text, scale = assumption(path_of(key), t, profiles=profiles)
    match = _UNIT.match(text)
    return (match[1], match[2], scale) if match else (text, "", scale)


def is_year(key: str) -> bool:
    """Whether an assumption is a calendar year (its limits read 'before'/'after', without a unit)."""
    return str(path_of(key)[-1]).endswith("year")


def decimals_for(width: float, *, year: bool = False) -> int:
    """Decimals that tell limits apart on a sampled range this wide (display units): about two
    significant digits of the width — 1 for a few per cent, 2 for a share of 0–1; none for a year,
    which people read whole."""
    if year:
        return 0
    if not np.isfinite(width) or width <= 0:
        return 2
    return int(np.clip(2 - np.ceil(np.log10(width)), 0, 6))


def value_text(value: float, key: str, unit: str, decimals: int, t: Translator = EN) -> str:
    """A limit in display units as a sentence writes it: '2030', '0.5 % per year'."""
    number = t.plain(round(value, decimals))
    return number if is_year(key) or not unit else f"{number}\u00a0{unit}"


def _in_sentence(name: str, t: Translator) -> str:
    """A name inside a sentence: lower case first, unless the language capitalises nouns or the name
    starts with an abbreviation ('AI')."""
    if t.locale in NOUN_CAPITALS or len(name) < 2 or name[1].isupper():
        return name
    return name[0].lower() + name[1:]


def condition(row: pd.Series, key: str, t: Translator = EN, *, profiles: Mapping[str, str] | None = None) -> str:
    """One restriction of a box in words: 'sector demand growth is below 0.5 % per year'."""
    name, unit, scale = name_and_unit(key, t, profiles=profiles)
    name = _in_sentence(name, t)
    digits = decimals_for((row["sampled_high"] - row["sampled_low"]) * scale, year=is_year(key))

    def value(v: float) -> str:
        return value_text(v * scale, key, unit, digits, t)

    low, high = row["low"], row["high"]
    if row["restricts_low"] and row["restricts_high"]:
        return t("discovery.between", name=name, low=value(low), high=value(high))
    if row["restricts_high"]:
        return t("discovery.before" if is_year(key) else "discovery.below", name=name, value=value(high))
    return t("discovery.after" if is_year(key) else "discovery.above", name=name, value=value(low))


def describe(
    discovery: Discovery, i: int | None = None, t: Translator = EN, *, profiles: Mapping[str, str] | None = None
) -> str:
    """One plain sentence on box ``i`` (default: the chosen one), or on why there is none.

    Only the restricted assumptions are named, by their plain names, with their limits in display
    units (``profiles``: profile names by id, as :func:`uncertainty.assumption` takes them).
    """
    d = discovery
    if d.status == NONE_FAILED:
        return t("discovery.none_failed", runs=t.num(d.runs))
    if d.status == ALL_FAILED:
        return t("discovery.all_failed", runs=t.num(d.runs))
    if i is None and d.chosen is None:
        return t("discovery.no_box", failures=t.num(d.failures), runs=t.num(d.runs),
                 share=t.pct(d.failures / d.runs), coverage=t.pct(d.min_coverage))  # fmt: skip
    i = d.box_index(i)
    stats = d.trajectory.loc[i]
    box = d.box(i)
    if box.empty:
        return t("discovery.unrestricted", density=t.pct(stats["density"]), failures=t.num(d.failures),
                 runs=t.num(d.runs))  # fmt: skip
    conditions = [condition(row, key, t, profiles=profiles) for key, row in box.iterrows()]
    return t(
        "discovery.found",
        conditions=format_list(conditions, locale=t.locale),
        density=t.pct(stats["density"]),
        coverage=t.pct(stats["coverage"]),
    )
