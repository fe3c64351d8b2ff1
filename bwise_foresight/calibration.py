"""The baseline's results next to published benchmarks: how far the model is from what was measured.

Pure: a projection and the baseline in, a table out. ``docs/model.md`` prints the table for the
shipped *Business as usual* scenario and a test recomputes it, so the document and the code cannot
drift apart; the *Data & method* page shows it for the scenario on screen. Every benchmark is a
row of ``data/benchmarks.csv`` with its source and evidence tag. The texts are English, like the
data tables and ``docs/model.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .baseline import POSITIVE, STAFF, Baseline
from .model import DESTINATION_VARIABLES, Projection

SKILL_SHIFT_LEVELS = 0.25  # a requirement "changes" when its level moves this much
SKILL_SHIFT_YEAR = 2030
INPUT_NOTE = (
    "In this country's view the benchmark's source also gives the model one of its national inputs, so the "
    "row checks consistency, not realism. "
)


@dataclass(frozen=True)
class Check:
    """One calibration row: what the model says, which benchmark it meets, and why they differ."""

    measure: str
    benchmark: str  # benchmark_id in data/benchmarks.csv
    unit: str  # "share" (shown as %) or "number"
    model: Callable[[Projection, Baseline], float]
    reason: str
    benchmark_value: Callable[[pd.Series], float] | None = None  # derived from several benchmarks
    by_country: bool = False  # ``model`` also takes the countries the projection adds up


def _years(projection: Projection, first: int, last: int) -> slice:
    years = list(projection.years)
    return slice(years.index(max(first, years[0])), years.index(min(last, years[-1])) + 1)


def _ratio(part: float, whole: float) -> float:
    """part / whole, NaN where there is nothing to measure (a country without training WISEs)."""
    return float(part / whole) if whole > 0 else float("nan")


def skill_shift(projection: Projection, baseline: Baseline) -> float:
    """Share of profile × competence requirements (importance > 0.05) whose required level rises by
    at least 0.25 levels between the base year and 2030."""
    t = _years(projection, SKILL_SHIFT_YEAR, SKILL_SHIFT_YEAR).start
    required = projection["required_level"].mean(axis=0)
    used = baseline.importance > 0.05
    return float(((required[t] - required[0])[used] >= SKILL_SHIFT_LEVELS).mean())


def staff_replacement_share(projection: Projection, baseline: Baseline, last: int = 2035) -> float:
    """Share of staff openings (enablers and supporters) that replace leavers, 2025–2035."""
    sl = _years(projection, int(projection.years[0]) + 1, last)
    staff = np.isin(baseline.groups, STAFF)
    expansion = projection["openings_expansion"].mean(axis=0)[sl][:, staff]
    replacement = projection["openings_replacement"].mean(axis=0)[sl][:, staff]
    openings = np.maximum(expansion + replacement, 0.0)
    return float(np.minimum(replacement, openings).sum() / openings.sum())


def positive_including_stayers(projection: Projection, baseline: Baseline, last: int = 2030) -> float:
    """ENSIE's measure: of the workers with support needs in a year, the share still in their WISE or
    leaving for a job, another WISE or education (2025–2030)."""
    sl = _years(projection, int(projection.years[0]) + 1, last)
    wsn = baseline.is_wsn
    before = projection["employment"].mean(axis=0)[sl.start - 1 : sl.stop - 1][:, wsn].sum()
    exits = projection["exits"].mean(axis=0)[sl][:, wsn].sum()
    positive = sum(projection[DESTINATION_VARIABLES[d]].mean(axis=0)[sl].sum() for d in POSITIVE)
    return float((before - exits + positive) / before)


def training_leavers_in_work(projection: Projection, baseline: Baseline, last: int = 2030) -> float:
    """Leavers of training WISEs who go to a job (open market or another WISE), 2025–2030."""
    training = projection.select("training")
    sl = _years(projection, int(projection.years[0]) + 1, last)
    jobs = sum(training[DESTINATION_VARIABLES[d]].mean(axis=0)[sl].sum() for d in ("open_market", "other_wise"))
    exits = (training["exits"].mean(axis=0)[sl] * baseline.is_wsn).sum()
    return _ratio(jobs, exits)


def training_turnover(projection: Projection, baseline: Baseline) -> float:
    """Entrants per place and year in training WISEs (workers with support needs), first projected year."""
    training = projection.select("training")
    wsn = baseline.is_wsn
    return _ratio(training["entrants"].mean(axis=0)[1, wsn].sum(), training["employment"].mean(axis=0)[0, wsn].sum())


def wsn_per_enterprise(projection: Projection, baseline: Baseline, countries: Sequence[str] | None = None) -> float:
    """Base-year workers with support needs per WISE: in ENSIE's European template (``countries``
    None), the projection's over ENSIE's count; in a view of partner countries (whose base year is
    their published stocks), the workers with support needs over the WISEs of the legal forms that
    publish both (NaN if none does: a stock derived from a count would only return the rule's size)."""
    if countries is None:
        wises = float(baseline.benchmarks.loc["ensie_wises", "value"])
        return float(projection["employment"].mean(axis=0)[0, baseline.is_wsn].sum() / wises)
    from .countries import national_forms

    forms = national_forms(baseline)
    both = forms[forms["country"].isin(list(countries)) & forms["wsn"].notna() & forms["wises"].notna()]
    return _ratio(both["wsn"].sum(), both["wises"].sum())


def staff_55plus(projection: Projection, baseline: Baseline) -> float:
    """Base-year share of staff aged 55 or more."""
    staff = ~baseline.is_wsn
    return float((baseline.age_shares[staff, 2] * baseline.headcount[staff]).sum() / baseline.headcount[staff].sum())


def circular_growth(projection: Projection, baseline: Baseline, last: int = 2030) -> float:
    """Growth of circular-economy employment in WISEs over four years (2024–2028)."""
    employment = projection["employment"].mean(axis=0)
    circular = employment @ baseline.circular
    t = _years(projection, int(projection.years[0]) + 4, int(projection.years[0]) + 4).start
    return float(circular[t] / circular[0] - 1)


CHECKS: tuple[Check, ...] = (
    Check(
        "Requirements that change by 2030 (≥ 0.25 levels)",
        "wef_skills_change",
        "share",
        skill_shift,
        "Different measures: WEF asks employers which of their workers' core skills will change, new skills "
        "included; the model moves the required levels of a fixed list of 49 competences along adoption curves "
        "that reach half their potential only in the 2030s. The model's shift is the lower bound; scenarios "
        "with early adoption (Fast automation) reach WEF's figure.",
    ),
    Check(
        "Staff openings that replace leavers, 2025–2035",
        "cedefop_replacement",
        "share",
        staff_replacement_share,
        "Comparable measure (Cedefop: expansion + replacement demand). Replacement comes from retirements of the "
        "55+ band and moves; workers with support needs are kept apart: their turnover is integration, not "
        "replacement.",
    ),
    Check(
        "Workers with support needs still in their WISE or leaving to a job, another WISE or education, 2025–2030",
        "ensie_positive",
        "share",
        positive_including_stayers,
        "Same definition as ENSIE's (staying counts as positive); ENSIE's figure comes from WISEs that joined its "
        "study, which may do better than the sector. The destination shares by WISE type are assumptions "
        "(A_type_exits).",
    ),
    Check(
        "Leavers of training WISEs who go to a job (open market or another WISE), 2025–2030",
        "dares_employed_6m",
        "share",
        training_leavers_in_work,
        "DARES counts any job six months after leaving a French IAE structure; the model counts the destination "
        "at exit, and training WISEs everywhere in Europe, so it should be somewhat lower.",
    ),
    Check(
        "Entrants per place and year in training WISEs, 2025",
        "dares_entries",
        "number",
        training_turnover,
        "French IAE entries over the year-end stock (174,800 / 144,600): French structures include interim-type "
        "AI and ETTI with stays of 6–8 months, shorter than the 0.9 years assumed for training WISEs.",
        benchmark_value=lambda b: b["dares_entries"] / b["dares_stock"],
    ),
    Check(
        "Workers with support needs per WISE, 2024",
        "dares_employees",
        "number",
        wsn_per_enterprise,
        "The model divides its workers with support needs by ENSIE's count of WISEs; France's IAE has about 35 "
        "insertion employees per structure (132,300 / 3,803 in 2018). ENSIE's members are larger on average or its "
        "headcount covers more than insertion jobs: its count is a membership figure, not a census. With partner "
        "countries chosen: their published workers with support needs over their published WISEs, in the legal "
        "forms that publish both.",
        benchmark_value=lambda b: b["dares_employees"] / b["dares_structures"],
        by_country=True,
    ),
    Check(
        "Staff aged 55 or more, 2024",
        "eurostat_55plus",
        "share",
        staff_55plus,
        "The staff age structure is an assumption (A_staff_age) set a little older than the EU workforce, as "
        "B-WISE names an Almost Retired persona among enablers.",
    ),
    Check(
        "Growth of circular-economy employment in WISEs over four years, 2024–2028",
        "eea_circular_jobs",
        "share",
        circular_growth,
        "EEA measured jobs in all EU circular-economy sectors 2015–2019; WISEs in re-use and recycling are a "
        "growing niche of them, and the scenario's demand growth and circular demand drive the model's figure.",
    ),
)


def calibration(projection: Projection, baseline: Baseline, countries: Sequence[str] | None = None) -> pd.DataFrame:
    """The calibration table: one row per check, model value next to the benchmark, difference, reason.
    ``countries``: the partner countries the projection adds up (a national or European view), None
    for ENSIE's European template (what docs/model.md shows); a value the view cannot give is NaN."""
    values = baseline.benchmarks["value"]
    own = set()  # in one country's view: the sources that also give the model its national inputs
    if countries is not None and len(countries) == 1:
        own = set(baseline.country_figures.loc[baseline.country_figures["country"] == countries[0], "value_source_id"])
    rows = []
    for check in CHECKS:
        ours = check.model(projection, baseline, countries) if check.by_country else check.model(projection, baseline)
        theirs = float(check.benchmark_value(values) if check.benchmark_value else values[check.benchmark])
        rows.append(
            {
                "measure": check.measure,
                "unit": check.unit,
                "model": ours,
                "benchmark": theirs,
                "difference": ours - theirs,
                "source_id": baseline.benchmarks.loc[check.benchmark, "value_source_id"],
                "evidence": baseline.benchmarks.loc[check.benchmark, "value_evidence"],
                "reason": (INPUT_NOTE if baseline.benchmarks.loc[check.benchmark, "value_source_id"] in own else "")
                + check.reason,
            }
        )
    return pd.DataFrame(rows)


def markdown(table: pd.DataFrame) -> str:
    """The calibration table as the Markdown rows of docs/model.md (shares in %, differences of shares in
    percentage points, numbers to one decimal)."""

    def fmt(value: float, unit: str, *, signed: bool = False) -> str:
        if signed:  # a difference of two shares is in percentage points
            return f"{value * 100:+.1f} pp" if unit == "share" else f"{value:+.1f}"
        return f"{value * 100:.0f} %" if unit == "share" else f"{value:.1f}"

    lines = [
        "| measure | model | benchmark | difference | source (evidence) | why they differ |",
        "|---|---|---|---|---|---|",
    ]
    for r in table.itertuples():
        lines.append(
            f"| {r.measure} | {fmt(r.model, r.unit)} | {fmt(r.benchmark, r.unit)} | "
            f"{fmt(r.difference, r.unit, signed=True)} | `{r.source_id}` ({r.evidence}) | {r.reason} |"
        )
    return "\n".join(lines)


__all__ = ["CHECKS", "Check", "calibration", "markdown"]
