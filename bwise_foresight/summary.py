"""Headline figures, aggregates and the auto-written narrative of a projection (pure)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .baseline import CLUSTER_LABELS, CLUSTERS, Baseline
from .model import Projection


def _mean(projection: Projection, name: str) -> np.ndarray:
    return projection[name].mean(axis=0)


def gap_index(projection: Projection) -> np.ndarray:
    """Average gap per worker, (T,) levels: weighted by workforce × importance over every
    profile and competence (the mean over draws when there are several)."""
    from .uncertainty import aggregate

    return aggregate(projection, "gap").mean(axis=0)


def gap_by_cluster(projection: Projection, baseline: Baseline, *, draws: bool = False) -> pd.DataFrame | np.ndarray:
    """Average gap per worker by competence cluster and year (levels), weighted by workforce ×
    importance: rows year, columns cluster. With ``draws`` an array (D, T, clusters) instead."""
    gap, imp, emp = projection["gap"], projection["importance"], projection["employment"]
    out = np.empty((gap.shape[0], gap.shape[1], len(CLUSTERS)))
    for k, cluster in enumerate(CLUSTERS):
        mask = baseline.clusters == cluster
        weight = imp[..., mask] * emp[..., None]
        out[..., k] = (gap[..., mask] * weight).sum(axis=(2, 3)) / weight.sum(axis=(2, 3))
    if draws:
        return out
    return pd.DataFrame(out.mean(axis=0), index=pd.Index(projection.years, name="year"), columns=list(CLUSTERS))


def need_growth(projection: Projection, baseline: Baseline) -> pd.DataFrame:
    """Change of each competence's need (persons, importance-weighted) from first to last year.

    Sorted by the absolute increase, which is what training plans must cover; ``relative`` is
    the change as a share of the first year's need.
    """
    need = _mean(projection, "competence_need").sum(axis=1)  # (T, C)
    frame = pd.DataFrame(
        {"start": need[0], "end": need[-1], "increase": need[-1] - need[0], "relative": need[-1] / need[0] - 1.0},
        index=pd.Index(baseline.competences["name"].to_numpy(), name="competence"),
    )
    return frame.sort_values("increase", ascending=False)


@dataclass(frozen=True)
class Headline:
    """The figures a strategist looks at first, for the last projected year."""

    scenario: str
    title: str
    start_year: int
    end_year: int
    workforce_start: float
    workforce_end: float
    openings_total: float  # persons over the horizon
    openings_expansion: float
    openings_replacement: float
    gap_start: float  # levels per worker
    gap_end: float
    training_hours_end: float  # hours to close the end-year gap
    top_need: tuple[tuple[str, float], ...]  # competence name, relative change

    @property
    def replacement_share(self) -> float:
        total = self.openings_expansion + self.openings_replacement
        return self.openings_replacement / total if total > 0 else 0.0

    @property
    def training_hours_per_worker(self) -> float:
        return self.training_hours_end / self.workforce_end if self.workforce_end else 0.0


def headline(projection: Projection, baseline: Baseline) -> Headline:
    """End-year headline figures of a projection."""
    emp = _mean(projection, "employment").sum(axis=1)
    expansion = _mean(projection, "openings_expansion")[1:].sum()
    replacement = _mean(projection, "openings_replacement")[1:].sum()
    gaps = gap_index(projection)
    growth = need_growth(projection, baseline)
    return Headline(
        scenario=projection.scenario_id,
        title=projection.scenario_title,
        start_year=int(projection.years[0]),
        end_year=int(projection.years[-1]),
        workforce_start=float(emp[0]),
        workforce_end=float(emp[-1]),
        openings_total=float(_mean(projection, "openings_total")[1:].sum()),
        openings_expansion=float(expansion),
        openings_replacement=float(replacement),
        gap_start=float(gaps[0]),
        gap_end=float(gaps[-1]),
        training_hours_end=float(_mean(projection, "training_hours")[-1].sum()),
        top_need=tuple((str(k), float(v)) for k, v in growth["relative"].head(3).items()),
    )


def headline_table(headlines: list[Headline]) -> pd.DataFrame:
    """Headline figures side by side, one column per scenario, units in the row labels."""
    rows = {
        "Workforce in the end year (persons)": [h.workforce_end for h in headlines],
        "Change since the base year (%)": [100 * (h.workforce_end / h.workforce_start - 1) for h in headlines],
        "Job openings over the horizon (persons)": [h.openings_total for h in headlines],
        "of which replacement (%)": [100 * h.replacement_share for h in headlines],
        "Average competence gap, end year (levels)": [h.gap_end for h in headlines],
        "Training hours to close the gap (million)": [h.training_hours_end / 1e6 for h in headlines],
        "Training hours per worker (hours)": [h.training_hours_per_worker for h in headlines],
    }
    return pd.DataFrame(rows, index=[h.title for h in headlines]).T


def _signed_pct(value: float) -> str:
    return f"{value:+.1%}".replace("-", "\u2212")


def narrative(
    ours: Headline, reference: Headline | None, gaps: pd.DataFrame | None = None, *, needs: bool = True
) -> str:
    """A short text saying what the projection shows, in plain words, against the reference."""
    parts = [
        f"By {ours.end_year} under **{ours.title}**, the WISE workforce "
        f"{'grows' if ours.workforce_end >= ours.workforce_start else 'shrinks'} to "
        f"**{ours.workforce_end:,.0f} people** ({_signed_pct(ours.workforce_end / ours.workforce_start - 1)} "
        f"on {ours.start_year}"
    ]
    if reference is not None and (reference.scenario, reference.title) != (ours.scenario, ours.title):
        diff = ours.workforce_end / reference.workforce_end - 1
        parts[-1] += f"; {_signed_pct(diff)} against {reference.title}"
    parts[-1] += ")."
    parts.append(
        f"Over {ours.start_year + 1}–{ours.end_year}, **{ours.openings_total:,.0f} jobs open**, "
        f"{ours.replacement_share:.0%} of them to replace people who leave."
    )
    trend = (
        "widens"
        if ours.gap_end > ours.gap_start + 0.005
        else "narrows"
        if ours.gap_end < ours.gap_start - 0.005
        else "holds"
    )
    sentence = (
        f"The average competence gap {trend} from {ours.gap_start:.2f} to **{ours.gap_end:.2f} levels** per worker"
    )
    if gaps is not None:
        worst = gaps.iloc[-1].idxmax()
        sentence += f", largest in {CLUSTER_LABELS[worst].lower()} competences ({gaps.iloc[-1][worst]:.2f} levels)"
    parts.append(
        sentence + f"; closing it would take **{ours.training_hours_end / 1e6:,.0f} million training hours**, "
        f"about {ours.training_hours_per_worker:,.0f} per worker."
    )
    if needs and ours.top_need:
        needs = ", ".join(f"{name} ({_signed_pct(change)})" for name, change in ours.top_need)
        parts.append(f"Need grows most for {needs}.")
    return " ".join(parts)
