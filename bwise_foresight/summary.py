"""Headline figures, aggregates and the auto-written narrative of a projection (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .baseline import CLUSTERS, Baseline
from .i18n import EN, Translator
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
        index=pd.Index(baseline.competences["competence_id"].to_numpy(), name="competence"),
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
    top_need: tuple[tuple[str, float], ...]  # competence id, relative change

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


def headline_table(headlines: list[Headline], t: Translator = EN, *, titles: list[str] | None = None) -> pd.DataFrame:
    """Headline figures side by side, one column per scenario (``titles``, default their titles),
    units in the row labels."""
    rows = {
        "workforce_end": [h.workforce_end for h in headlines],
        "workforce_change": [100 * (h.workforce_end / h.workforce_start - 1) for h in headlines],
        "openings": [h.openings_total for h in headlines],
        "replacement": [100 * h.replacement_share for h in headlines],
        "gap_end": [h.gap_end for h in headlines],
        "training_million": [h.training_hours_end / 1e6 for h in headlines],
        "training_per_worker": [h.training_hours_per_worker for h in headlines],
    }
    table = pd.DataFrame(rows, index=titles or [h.title for h in headlines]).T
    table.index = [t(f"table.{row}") for row in rows]
    return table


def narrative(
    ours: Headline,
    reference: Headline | None,
    gaps: pd.DataFrame | None = None,
    *,
    needs: bool = True,
    t: Translator = EN,
    names: Mapping[str, str] | None = None,
    titles: Mapping[str, str] | None = None,
) -> str:
    """A short text saying what the projection shows, in plain words, against the reference.

    ``names`` gives competence names by id (default: the ids), ``titles`` scenario titles by
    scenario id (default: each headline's own title).
    """
    title = (titles or {}).get(ours.scenario, ours.title)
    change = t.pct(ours.workforce_end / ours.workforce_start - 1, 1, signed=True)
    grows = ours.workforce_end >= ours.workforce_start
    against = ""
    if reference is not None and (reference.scenario, reference.title) != (ours.scenario, ours.title):
        diff = t.pct(ours.workforce_end / reference.workforce_end - 1, 1, signed=True)
        against = t("narrative.against", change=diff, reference=(titles or {}).get(reference.scenario, reference.title))
    parts = [
        t(
            "narrative.workforce_grows" if grows else "narrative.workforce_shrinks",
            end=ours.end_year,
            title=title,
            workforce=t.num(ours.workforce_end),
            change=change,
            start=ours.start_year,
            against=against,
        ),
        t(
            "narrative.openings",
            first=ours.start_year + 1,
            end=ours.end_year,
            openings=t.num(ours.openings_total),
            share=t.pct(ours.replacement_share),
        ),
    ]
    trend = (
        "widens"
        if ours.gap_end > ours.gap_start + 0.005
        else "narrows"
        if ours.gap_end < ours.gap_start - 0.005
        else "holds"
    )
    largest = ""
    if gaps is not None:
        worst = gaps.iloc[-1].idxmax()
        largest = t("narrative.gap_largest", cluster=t.cluster(worst), gap=t.num(gaps.iloc[-1][worst], 2))
    parts.append(
        t(
            f"narrative.gap_{trend}",
            start=t.num(ours.gap_start, 2),
            end=t.num(ours.gap_end, 2),
            largest=largest,
            hours=t.num(ours.training_hours_end / 1e6),
            per_worker=t.num(ours.training_hours_per_worker),
        )
    )
    if needs and ours.top_need:
        listed = ", ".join(
            f"{(names or {}).get(cid, cid)} ({t.pct(change, 1, signed=True)})" for cid, change in ours.top_need
        )
        parts.append(t("narrative.needs", needs=listed))
    return " ".join(parts)
