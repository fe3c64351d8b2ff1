"""The room's distribution of answers: pure functions, no database, no clock.

Quantiles are numpy's default (linear interpolation between order statistics, Hyndman & Fan
type 7, as R's default): the median of 1, 2, 3, 10 is 2.5. Outliers are Tukey's fences: an answer
more than 1.5 IQR below the first quartile or above the third. Convergence between Delphi rounds
is the change of the inter-quartile range; for ranking questions, Kendall's W (with the correction
for ties), 0 = no agreement, 1 = everyone ranks alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.stats import rankdata

TUKEY_K = 1.5
MAX_BINS = 20


@dataclass(frozen=True)
class Summary:
    """Count, quantiles and outliers of one question's answers in one round."""

    count: int
    median: float
    p10: float
    p90: float
    q1: float
    q3: float
    low_fence: float
    high_fence: float
    outliers: tuple[float, ...]

    @property
    def iqr(self) -> float:
        return self.q3 - self.q1

    def spread(self, kind: str) -> tuple[float, float]:
        """The range around the median: ``"p10_p90"`` (80 % of answers) or ``"iqr"`` (the middle half)."""
        if kind == "p10_p90":
            return self.p10, self.p90
        if kind == "iqr":
            return self.q1, self.q3
        raise ValueError(f"spread must be 'p10_p90' or 'iqr', not {kind!r}")


def summarize(values: Sequence[float]) -> Summary | None:
    """The distribution of ``values``; None when there are none."""
    x = np.asarray(values, dtype=float)
    if x.size == 0:
        return None
    p10, q1, median, q3, p90 = np.quantile(x, [0.1, 0.25, 0.5, 0.75, 0.9])
    spread = q3 - q1
    low, high = q1 - TUKEY_K * spread, q3 + TUKEY_K * spread
    outliers = tuple(float(v) for v in np.sort(x[(x < low) | (x > high)]))
    return Summary(
        int(x.size), float(median), float(p10), float(p90), float(q1), float(q3), float(low), float(high), outliers
    )


@dataclass(frozen=True)
class Bin:
    left: float
    right: float
    count: int


def histogram(values: Sequence[float], *, lo: float, hi: float, step: float, max_bins: int = MAX_BINS) -> list[Bin]:
    """Answers counted in bins spanning the question's whole range ``lo``–``hi``, so that rounds and
    rooms compare bin by bin. A bin is a whole number of the question's ``step`` wide; the last bin
    includes ``hi``."""
    if hi <= lo or step <= 0:
        raise ValueError(f"need lo < hi and step > 0, got lo {lo}, hi {hi}, step {step}")
    steps = max(round((hi - lo) / step), 1)
    width = step * int(np.ceil(steps / max_bins))
    n = int(np.ceil((hi - lo) / width - 1e-9))
    edges = lo + width * np.arange(n + 1)
    x = np.asarray(values, dtype=float)
    index = np.clip(np.floor((x - lo) / width + 1e-9).astype(int), 0, n - 1) if x.size else np.array([], int)
    counts = np.bincount(index, minlength=n)
    return [Bin(float(edges[i]), float(min(edges[i + 1], hi)), int(counts[i])) for i in range(n)]


@dataclass(frozen=True)
class Convergence:
    """How much a question's answers drew together from one round to the next."""

    iqr_before: float
    iqr_after: float

    @property
    def change(self) -> float:
        """The IQR's relative change: −0.4 = 40 % narrower (converging); NaN when it was zero."""
        return self.iqr_after / self.iqr_before - 1 if self.iqr_before else float("nan")


def convergence(before: Summary, after: Summary) -> Convergence:
    return Convergence(before.iqr, after.iqr)


def kendall_w(rankings: Sequence[Sequence[str]]) -> float | None:
    """Kendall's coefficient of concordance of complete rankings of the same options (first = rank 1).

    With the correction for tied ranks (none occur in complete rankings, but the formula stays
    general). None with fewer than two rankings or two options, where agreement means nothing.
    """
    if len(rankings) < 2:
        return None
    options = sorted(rankings[0])
    n, m = len(options), len(rankings)
    if any(sorted(r) != options for r in rankings):
        raise ValueError("every ranking must order the same options")
    if n < 2:
        return None
    ranks = np.array([rankdata([list(r).index(o) for o in options]) for r in rankings])
    totals = ranks.sum(axis=0)
    s = float(((totals - totals.mean()) ** 2).sum())
    ties = sum(float((c**3 - c).sum()) for c in (np.unique(row, return_counts=True)[1] for row in ranks))
    denominator = m**2 * (n**3 - n) - m * ties
    return 12 * s / denominator if denominator else None


def mean_ranks(rankings: Sequence[Sequence[str]]) -> dict[str, float]:
    """Each option's mean rank (1 = first), best first: the room's joint order."""
    if not rankings:
        return {}
    totals: dict[str, float] = {}
    for ranking in rankings:
        for position, option in enumerate(ranking, start=1):
            totals[option] = totals.get(option, 0.0) + position
    return dict(sorted(((o, t / len(rankings)) for o, t in totals.items()), key=lambda item: item[1]))
