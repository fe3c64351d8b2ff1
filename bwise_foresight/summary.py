"""Headline figures, aggregates and the auto-written narrative of a projection (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .baseline import CLUSTERS, POSITIVE, STAFF, WISE_TYPES, Baseline
from .i18n import EN, Translator
from .markup import escape
from .model import DESTINATION_VARIABLES, Projection, cluster_matrix

# Above this yearly exit rate of workers with support needs, the narrative says that turnover carries
# most training out of the WISE (it shows in their chances on the open market, not in the WISE's gap).
TURNOVER_SWAMPS = 0.25


def _mean(projection: Projection, name: str) -> np.ndarray:
    return projection[name].mean(axis=0)


def gap_index(projection: Projection) -> np.ndarray:
    """Average gap per worker, (T,) levels: weighted by workforce × importance over every
    profile and competence (the mean over draws when there are several)."""
    from .uncertainty import aggregate

    return aggregate(projection, "gap").mean(axis=0)


def cluster_gaps(projection: Projection, baseline: Baseline, profiles: np.ndarray | None = None) -> np.ndarray:
    """(D, T, clusters) average gap per worker by competence cluster (levels), weighted by workforce ×
    importance, over every profile or those a boolean mask ``profiles`` selects."""
    importance, gap, employment = projection["importance"], projection["gap"], projection["employment"]
    if profiles is not None:
        importance, gap, employment = importance[:, :, profiles], gap[:, :, profiles], employment[:, :, profiles]
    weight = importance * employment[..., None]  # (D, T, P, C)
    onehot = cluster_matrix(baseline).astype(weight.dtype)  # (C, K), in the order of CLUSTERS
    total = weight.sum(axis=2) @ onehot  # (D, T, K)
    weight *= gap
    return np.divide(weight.sum(axis=2) @ onehot, total, out=np.full(total.shape, np.nan), where=total > 0)


def cluster_gap(projection: Projection, baseline: Baseline, cluster: str, profiles: np.ndarray) -> np.ndarray:
    """(D, T) the average gap of one cluster over the profiles a mask selects (see :func:`cluster_gaps`)."""
    return cluster_gaps(projection, baseline, profiles)[..., CLUSTERS.index(cluster)]


def gap_by_cluster(projection: Projection, baseline: Baseline, *, draws: bool = False) -> pd.DataFrame | np.ndarray:
    """Average gap per worker by competence cluster and year (levels), weighted by workforce ×
    importance: rows year, columns cluster. With ``draws`` an array (D, T, clusters) instead."""
    out = cluster_gaps(projection, baseline)
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
    top_need: tuple[tuple[str, float], ...]  # competence id, relative change (growing needs only)
    staff_openings: float = 0.0  # persons hired into enabler and supporter jobs over the horizon
    staff_replacement: float = 0.0  # of which to replace leavers (retirement, moves)
    retirements: float = 0.0  # staff retiring over the horizon
    wsn_entrants: float = 0.0  # workers with support needs taken on over the horizon
    wsn_exits: float = 0.0  # workers with support needs leaving over the horizon
    wsn_turnover: float = 0.0  # their average yearly exit rate
    transitions: float = 0.0  # of whom moving into open employment over the horizon
    transitions_end: float = 0.0  # in the end year
    positive_exits: float = 0.0  # leavers into open employment, another WISE or education

    @property
    def replacement_share(self) -> float:
        """Share of staff openings that replace leavers: in [0, 1] even when staff shrink."""
        return self.staff_replacement / self.staff_openings if self.staff_openings > 0 else 0.0

    @property
    def positive_exit_rate(self) -> float:
        return self.positive_exits / self.wsn_exits if self.wsn_exits > 0 else 0.0

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
    growth = growth[growth["increase"] > 0]
    staff, wsn = np.isin(baseline.groups, STAFF), baseline.is_wsn
    # Openings per cell and year; the replacement part of each is what leavers left, at most all of it.
    openings, replaced = projection.by_cell("openings_total"), projection.replaced_by_cell()
    chosen = np.isin(np.asarray(WISE_TYPES), projection.wise_types)
    openings, replaced = (
        openings[..., chosen].mean(axis=0).sum(axis=-1),
        replaced[..., chosen].mean(axis=0).sum(axis=-1),
    )
    exits = _mean(projection, "exits")[1:, wsn]
    transitions = _mean(projection, "transitions_open_market")[1:].sum(axis=1)
    positive = sum(_mean(projection, DESTINATION_VARIABLES[d])[1:].sum() for d in POSITIVE)
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
        staff_openings=float(openings[1:, staff].sum()),
        staff_replacement=float(replaced[1:, staff].sum()),
        retirements=float(_mean(projection, "retirements")[1:].sum()),
        wsn_entrants=float(openings[1:, wsn].sum()),
        wsn_exits=float(exits.sum()),
        wsn_turnover=float(exits.sum() / max(_mean(projection, "employment")[:-1, wsn].sum(), 1e-12)),
        transitions=float(transitions.sum()),
        transitions_end=float(transitions[-1]),
        positive_exits=float(positive),
    )


def headline_table(headlines: list[Headline], t: Translator = EN, *, titles: list[str] | None = None) -> pd.DataFrame:
    """Headline figures side by side, one column per scenario (``titles``, default their titles),
    units in the row labels."""
    rows = {
        "workforce_end": [h.workforce_end for h in headlines],
        "workforce_change": [100 * (h.workforce_end / h.workforce_start - 1) for h in headlines],
        "openings": [h.staff_openings for h in headlines],
        "replacement": [100 * h.replacement_share for h in headlines],
        "transitions": [h.transitions for h in headlines],
        "positive_exit_rate": [100 * h.positive_exit_rate for h in headlines],
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

    The text is Markdown: the catalogue's ``**bold**`` around figures and titles, and every title
    and name escaped, so that a scenario file's text is shown as typed (``markup.plain`` turns it
    into plain text for slides and files).
    """

    def title_of(h: Headline) -> str:
        return escape((titles or {}).get(h.scenario, h.title))

    title = title_of(ours)
    change = t.pct(ours.workforce_end / ours.workforce_start - 1, 1, signed=True)
    grows = ours.workforce_end >= ours.workforce_start
    against = ""
    if reference is not None and (reference.scenario, reference.title) != (ours.scenario, ours.title):
        diff = t.pct(ours.workforce_end / reference.workforce_end - 1, 1, signed=True)
        against = t("narrative.against", change=diff, reference=title_of(reference))
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
            openings=t.num(ours.staff_openings),
            share=t.pct(ours.replacement_share),
            retirements=t.num(ours.retirements),
            places=t.num(ours.wsn_entrants),
        ),
        t(
            "narrative.transitions",
            first=ours.start_year + 1,
            end=ours.end_year,
            transitions=t.num(ours.transitions),
            per_year=t.num(ours.transitions_end),
            positive=t.pct(ours.positive_exit_rate),
            against=t(
                "narrative.transitions_against",
                change=t.num(ours.transitions - reference.transitions, signed=True),
                reference=title_of(reference),
            )
            if against
            else "",
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
    if ours.wsn_turnover >= TURNOVER_SWAMPS:
        parts.append(t("narrative.turnover", turnover=t.pct(ours.wsn_turnover)))
    if needs and ours.top_need:
        listed = ", ".join(
            f"{escape((names or {}).get(cid, cid))} ({t.pct(change, 1, signed=True)})" for cid, change in ours.top_need
        )
        parts.append(t("narrative.needs", needs=listed))
    return " ".join(parts)
