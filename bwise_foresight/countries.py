"""The B-WISE partner countries and how much is published about their WISEs (pure).

National WISE regimes differ in kind (transitional jobs in France's IAE or Spain's empresas de
inserción, permanent work in Italy's type-B cooperatives or Slovenia's invalidska podjetja), so the
national figures in ``data/country_figures.csv`` say which legal forms they cover and which B-WISE
type each form is; a country's stock adds its forms' stocks, each in its own type, and never a
yearly flow to a stock. This module summarises the figures per country (what is published, with
which evidence, where a caution applies), derives national stocks by stated rules, and projects
scenarios on national baselines.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy.stats import qmc

from .baseline import WISE_TYPES, Baseline, readonly
from .i18n import Translator
from .model import Parameters, Projection, ValuePicker, mode_value, resolve, run, stack
from .scenario import Scenario
from .training import EUROPE, country_terms, planned_learners

if TYPE_CHECKING:
    from .uncertainty import Bands

# What a national projection needs: the stocks of workers with support needs and of staff, how long
# workers with support needs stay, where they go, and how fast the sector grows.
MODEL_MEASURES = ("wsn", "staff", "stay", "open_market_exit", "growth")
EVIDENCE = ("read", "secondary", "assumption")
# Cedefop flags forecast cells under about 10,000 people as uncertain; a country whose largest
# published stock of workers is smaller carries the same caution.
SMALL_CELL = 10_000
_STOCKS = ("wsn", "staff", "workers")
# The baseline future's European demand growth (scenarios/baseline.yaml, an assumption argued there). A
# country's published trend is taken as its WISE type's growth in that future: the type's extra growth
# is the trend over this, so a future that assumes more or less demand moves the country by as much.
REFERENCE_GROWTH = 0.005
# what a published stay (years), open-market share and trend (1/year) must lie within for the model
_BOUNDS = {"stay": (0.0, np.inf), "open_market_exit": (0.0, 1.0), "growth": (-1.0, np.inf)}


def evidence_by_country(baseline: Baseline) -> pd.DataFrame:
    """One row per partner country (index: country code): figures published and their evidence
    (counts and shares), the measures a national projection needs that have a figure and those that
    do not, the largest published stock of people, and whether the small-cell caution applies."""
    figures = baseline.country_figures
    rows = []
    for code, country in baseline.countries.iterrows():
        own = figures[figures["country"] == code]
        tags = own["value_evidence"].value_counts().reindex(list(EVIDENCE), fill_value=0)
        measures = set(own["measure"])
        stocks = own.loc[own["measure"].isin(_STOCKS), "value"]
        largest = float(stocks.max()) if len(stocks) else float("nan")
        rows.append(
            {
                "country": code,
                "name": country["name"],
                "figures": len(own),
                **{tag: int(tags[tag]) for tag in EVIDENCE},
                **{f"share_{tag}": tags[tag] / len(own) if len(own) else 0.0 for tag in EVIDENCE},
                "documented": [m for m in MODEL_MEASURES if m in measures],
                "missing": [m for m in MODEL_MEASURES if m not in measures],
                "largest_stock": largest,
                "caution": not largest >= SMALL_CELL,  # no published stock at all is a caution too
            }
        )
    return pd.DataFrame(rows).set_index("country")


@dataclass(frozen=True)
class Stock:
    """A country's base-year stock of people, with how it was obtained."""

    value: float
    evidence: str  # read, secondary or assumption
    rule: str  # which published figures, or which rule, gave it
    wise_type: str = ""  # the B-WISE type of the legal form it counts


def _latest(figures: pd.DataFrame, measure: str) -> pd.DataFrame:
    """The latest figure of ``measure`` for each legal form (``covers``) of one country."""
    own = figures[figures["measure"] == measure].sort_values("year")
    return own.groupby("covers", sort=False).tail(1)


def _weakest(tags: pd.Series) -> str:
    return max(tags, key=EVIDENCE.index) if len(tags) else "assumption"


def national_forms(baseline: Baseline) -> pd.DataFrame:
    """One row per country and legal form (``covers``) with its B-WISE type and its latest published
    stocks (wsn, staff, workers, wises; NaN where the form publishes none), each with its evidence."""
    forms = []
    for (code, form), own in baseline.country_figures.groupby(["country", "covers"], sort=False):
        latest = {m: _latest(own, m) for m in ("wsn", "staff", "workers", "wises")}
        value = {m: float(rows["value"].iloc[0]) if len(rows) else float("nan") for m, rows in latest.items()}
        tag = {m: rows["value_evidence"].iloc[0] if len(rows) else "" for m, rows in latest.items()}
        forms.append({"country": code, "form": form, "wise_type": own["wise_type"].iloc[0], **value,
                      **{f"{m}_evidence": t for m, t in tag.items()}})  # fmt: skip
    return pd.DataFrame(forms)


def national_stocks(baseline: Baseline) -> pd.DataFrame:
    """Workers with support needs and staff per partner country, from the published figures by
    stated rules (``docs/model.md`` §Countries), each with its evidence and rule.

    Each legal form a country publishes a stock for counts once (the forms are distinct regimes):
    1. workers with support needs: the form's latest published stock; else everyone it employs x
       the median share of workers with support needs over forms that publish both. A country with
       no stock at all: yearly entries x the stay (published, else the training WISE's), by Little's
       law; else its WISEs x the median number of workers with support needs per WISE;
    2. staff: the form's published staff, or everyone employed less the workers with support needs;
       else the workers with support needs x the median staff ratio over forms that publish both.
    A value from a rule is an assumption, and says which rule gave it. The columns productive,
    training and social share the workers with support needs by the B-WISE type of their forms.
    """
    figures = baseline.country_figures
    forms = national_forms(baseline)
    total = forms["workers"].fillna(forms["wsn"] + forms["staff"])
    share = float((forms["wsn"] / total).median())
    ratio = float(((total - forms["wsn"]) / forms["wsn"]).median())
    per_wise = float((forms["wsn"] / forms["wises"]).median())
    stay_default = float(baseline.duration[list(baseline.wise_types["wise_type"]).index("training")])

    rows = {}
    for code in baseline.countries.index:
        own = forms[forms["country"] == code]
        people = own[own["wsn"].notna() | own["workers"].notna()]
        wsn_parts, staff_parts = [], []
        for _, f in people.iterrows():
            if pd.notna(f["wsn"]):
                wsn_parts.append(Stock(f["wsn"], f["wsn_evidence"], f"published: {f['form']}", f["wise_type"]))
            else:
                wsn_parts.append(Stock(f["workers"] * share, "assumption",
                                       f"{f['form']}: everyone employed x the median share of workers with "
                                       f"support needs ({share:.0%})", f["wise_type"]))  # fmt: skip
            if pd.notna(f["staff"]):
                staff_parts.append(Stock(f["staff"], f["staff_evidence"], f"published: {f['form']}"))
            elif pd.notna(f["workers"]):
                rest = f"{f['form']}: everyone employed less the workers with support needs"
                staff_parts.append(Stock(f["workers"] - wsn_parts[-1].value, f["workers_evidence"], rest))
            else:
                staff_parts.append(Stock(wsn_parts[-1].value * ratio, "assumption",
                                         f"{f['form']}: workers with support needs x the median staff ratio "
                                         f"({ratio:.2f})"))  # fmt: skip
        if not wsn_parts:
            mine = figures[figures["country"] == code]
            entries, stay, wises = (_latest(mine, m) for m in ("wsn_entries", "stay", "wises"))
            if len(entries):
                years = float(stay["value"].iloc[0]) if len(stay) else stay_default
                wsn_parts.append(Stock(float(entries["value"].sum()) * years, "assumption",
                                       f"yearly entries x a stay of {years:g} years (Little's law)",
                                       entries["wise_type"].iloc[0]))  # fmt: skip
            elif len(wises):
                wsn_parts.append(Stock(float(wises["value"].sum()) * per_wise, "assumption",
                                       f"WISEs x the median number of workers with support needs per WISE "
                                       f"({per_wise:.0f})", wises["wise_type"].iloc[0]))  # fmt: skip
            published_staff = _latest(mine, "staff")
            if len(published_staff):
                tag = _weakest(published_staff["value_evidence"])
                covers = "published: " + "; ".join(published_staff["covers"])
                staff_parts.append(Stock(float(published_staff["value"].sum()), tag, covers))
            elif wsn_parts:
                rule = f"workers with support needs x the median staff ratio ({ratio:.2f})"
                staff_parts.append(Stock(wsn_parts[0].value * ratio, "assumption", rule))
        wsn_total = sum(p.value for p in wsn_parts) if wsn_parts else float("nan")
        mix = {w: sum(p.value for p in wsn_parts if p.wise_type == w) / wsn_total for w in WISE_TYPES}
        rows[code] = {
            "wsn": wsn_total,
            "wsn_evidence": _weakest(pd.Series([p.evidence for p in wsn_parts])),
            "wsn_rule": "; ".join(p.rule for p in wsn_parts) or "no figure",
            "staff": sum(p.value for p in staff_parts) if staff_parts else float("nan"),
            "staff_evidence": _weakest(pd.Series([p.evidence for p in staff_parts])),
            "staff_rule": "; ".join(p.rule for p in staff_parts) or "no figure",
            **mix,
        }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("country")


@dataclass(frozen=True)
class _Arrays:
    """A country's baseline arrays (read-only): headcount (P,), WISE-type shares (P, W), and by WISE
    type (W,) the years a worker with support needs stays, the base-year share of leavers moving into
    open employment and the extra growth of the type (its published trend over Europe's)."""

    headcount: np.ndarray
    mix: np.ndarray
    duration: np.ndarray
    open_share: np.ndarray
    type_growth: np.ndarray

    def arrays(self) -> list[np.ndarray]:
        return [getattr(self, f.name) for f in dataclasses.fields(self)]


def national_values(baseline: Baseline, code: str, measure: str) -> dict[str, float]:
    """A country's published ``measure`` (stay, open_market_exit, growth) by WISE type: the mean over
    its legal forms of each form's latest figure; a type without one keeps the European assumption."""
    figures = baseline.country_figures
    latest = _latest(figures[figures["country"] == code], measure)
    return {str(w): float(v) for w, v in latest.groupby("wise_type")["value"].mean().items()}


def _by_type(default: np.ndarray, published: dict[str, float]) -> np.ndarray:
    out = np.array(default, dtype=float)
    for w, value in published.items():
        out[WISE_TYPES.index(w)] = value
    return out


def _with_open_share(exit_shares: np.ndarray, open_share: np.ndarray) -> np.ndarray:
    """Destinations of leavers (W, K) with the open market's share set by type, the other destinations
    in their European proportions among the rest (as the model moves them: ``Projection._destination``)."""
    out = exit_shares * ((1.0 - open_share) / (1.0 - exit_shares[:, 0]))[:, None]
    out[:, 0] = open_share
    return out


def _odds(share: np.ndarray) -> np.ndarray:
    return share / (1.0 - share)


@functools.lru_cache(maxsize=4)
def _national_arrays(baseline: Baseline) -> dict[str, _Arrays]:
    """Every country's arrays (:class:`_Arrays`), once per baseline."""
    wsn = baseline.is_wsn
    out = {}
    for code, row in national_stocks(baseline).iterrows():
        if not (np.isfinite(row["wsn"]) and np.isfinite(row["staff"])):  # Europe would be a sum with a hole
            raise ValueError(
                f"country_figures.csv: no figure gives {code} a stock of workers and staff; "
                "add its workers with support needs, its staff, its WISEs or its yearly entries"
            )
        headcount = np.array(baseline.headcount, dtype=float)
        headcount[wsn] *= row["wsn"] / headcount[wsn].sum()
        headcount[~wsn] *= row["staff"] / headcount[~wsn].sum()
        mix = np.tile(row[list(WISE_TYPES)].to_numpy(dtype=float), (len(headcount), 1))
        published = {m: national_values(baseline, str(code), m) for m in ("stay", "open_market_exit", "growth")}
        for measure, (low, high) in _BOUNDS.items():
            for w, value in published[measure].items():
                if not low < value < high:
                    raise ValueError(
                        f"country_figures.csv: {code}'s {measure} of {w} WISEs is {value:g}, which the model "
                        f"cannot take: it must lie between {low:g} and {high:g}, both excluded"
                    )
        duration = _by_type(baseline.duration, published["stay"])
        open_share = _by_type(baseline.exit_shares[:, 0], published["open_market_exit"])
        trend = _by_type(np.full(len(WISE_TYPES), REFERENCE_GROWTH), published["growth"])
        arrays = _Arrays(headcount, mix, duration, open_share, (1.0 + trend) / (1.0 + REFERENCE_GROWTH) - 1.0)
        for a in arrays.arrays():
            a.setflags(write=False)
        out[str(code)] = arrays
    return out


def _national(baseline: Baseline, code: str) -> _Arrays:
    """A country's arrays, see :func:`national_baseline`."""
    arrays = _national_arrays(baseline)
    if code not in arrays:
        raise KeyError(f"unknown country {code!r}; known: {', '.join(arrays)}")
    return arrays[code]


def national_terms(baseline: Baseline, code: str, scenario: Scenario) -> list[tuple[str, str, float, float]]:
    """What a country's published figures change in its run of ``scenario``, against Europe's
    assumptions: one (measure, WISE type, national value, European value) per published stay (years),
    open-market share of leavers and trend (growth a year in the baseline future) that differs, in the
    types it has; a stay the scenario (or its entry for the country) sets is the scenario's, not listed."""
    a = _national(baseline, code)
    own = scenario.for_country(code).wise_types
    europe = np.full(len(WISE_TYPES), REFERENCE_GROWTH)
    pairs = {
        "growth": ((1.0 + a.type_growth) * (1.0 + REFERENCE_GROWTH) - 1.0, europe),
        "open_market_exit": (a.open_share, baseline.exit_shares[:, 0]),
        "stay": (a.duration, baseline.duration),
    }
    present = a.mix.sum(axis=0) > 0
    return [
        (measure, w, float(ours[i]), float(theirs[i]))
        for measure, (ours, theirs) in pairs.items()
        for i, w in enumerate(WISE_TYPES)
        if present[i]
        and not np.isclose(ours[i], theirs[i])
        and not (measure == "stay" and w in own and own[w].duration is not None)
    ]


def national_terms_text(baseline: Baseline, code: str, scenario: Scenario, t: Translator) -> str:
    """:func:`national_terms` in words ('' if none): under a scenario's description in a country's view,
    and among a country's slides' assumptions (the description speaks of Europe)."""

    def years(v: float) -> str:
        return t.num(v, 0 if v == round(v) else 1 if v * 10 == round(v * 10) else 2)

    shown = {"growth": lambda v: t.pct(v, 1, signed=True), "open_market_exit": t.pct, "stay": years}
    by_type: dict[str, list[str]] = {}
    for measure, w, ours, europe in national_terms(baseline, code, scenario):
        by_type.setdefault(w, []).append(
            t(f"explore.national_{measure}", value=shown[measure](ours), europe=shown[measure](europe))
        )
    if not by_type:
        return ""
    terms = "; ".join(
        t("explore.national_type", type=t(f"wise_type.{w}"), terms=", ".join(v)) for w, v in by_type.items()
    )
    return t("explore.national_terms", country=t.country(code), terms=terms)


def source_line(baseline: Baseline, code: str | None, t: Translator) -> str:
    """A chart's source line for a country's projection (None: Europe's, every country's): the
    publishers of its national figures named first."""
    figures = baseline.country_figures
    ids = figures["value_source_id"] if code is None else figures.loc[figures["country"] == code, "value_source_id"]
    return t("chart.source_with", extra=", ".join(baseline.publishers(ids)))


def national_baseline(baseline: Baseline, code: str) -> Baseline:
    """One country's baseline: its stocks of workers with support needs and of staff
    (:func:`national_stocks`), split over the profiles of each target group in the European mix
    (an assumption: no source splits national WISE staff by profile), all working in the WISE
    types of the legal forms the national figures count, staying as long as the country publishes,
    leaving for open employment as often as it publishes and growing, in the baseline future, as its
    published trend (:func:`national_values`); every other figure European."""
    a = _national(baseline, code)
    return dataclasses.replace(baseline, headcount=a.headcount, type_share=a.mix, duration=a.duration,
                               exit_shares=readonly(_with_open_share(baseline.exit_shares, a.open_share)),
                               type_growth=a.type_growth, country=code)  # fmt: skip


@functools.lru_cache(maxsize=8)
def pooled_baseline(baseline: Baseline, years: int) -> Baseline:
    """The 13 countries pooled into one workforce, for a horizon of ``years`` years: every profile's
    national stocks added up, in the WISE types of each country's legal forms: the stand-in for Europe
    where an analysis needs thousands of runs. One run on it gives Europe's base year exactly and its
    people and flows within a few per cent (the countries' own trends do not compound like one:
    docs/model.md), its competence levels approximately (each country's turnover mixes its own
    proficiency). A type's stay is the one whose exit rate is the countries' mean, weighted by their
    workers with support needs in that type, its open-market share the countries' weighted by their
    leavers, and its trend the one that brings the type's workers to the countries' total at the
    horizon's end; a training hour costs the countries' mean cost weighted by their workers, and a
    trainer teaches their mean hours likewise. A scenario's country entries cannot apply to a pooled
    workforce: :func:`analysed` says which."""
    national = _national_arrays(baseline)
    parts = list(national.values())
    size = pd.Series({code: a.headcount.sum() for code, a in national.items()})
    costs = baseline.training_countries.copy()
    europe = costs["country"] == EUROPE
    for name in ("cost_index", "teaching_hours"):
        costs[name] = costs[name].astype(float)
        by_country = costs.set_index("country")[name].reindex(size.index)
        costs.loc[europe, name] = float((by_country * size).sum() / size.sum())
    headcount = sum(a.headcount for a in parts)
    cells = [a.headcount[:, None] * a.mix for a in parts]  # (P, W) base-year persons by cell
    mix = sum(cells) / np.where(headcount > 0, headcount, 1.0)[:, None]
    wsn = [c[baseline.is_wsn].sum(axis=0) for c in cells]  # (W,) workers with support needs by type
    leavers = [w / a.duration for w, a in zip(wsn, parts, strict=True)]
    leaving, staying = sum(leavers), sum(wsn)
    duration = np.where(leaving > 0, staying / np.where(leaving > 0, leaving, 1.0), baseline.duration)
    open_share = _mean_by_type([a.open_share for a in parts], leavers, baseline.exit_shares[:, 0])
    persons = [c.sum(axis=0) for c in cells]
    span = max(years, 1)  # the growth factor over the horizon, averaged, then taken back to a yearly rate
    factor = _mean_by_type([(1.0 + a.type_growth) ** span for a in parts], persons, np.ones(len(WISE_TYPES)))
    type_growth = factor ** (1.0 / span) - 1.0
    return dataclasses.replace(baseline, headcount=headcount, type_share=mix, duration=duration,
                               exit_shares=readonly(_with_open_share(baseline.exit_shares, open_share)),
                               type_growth=readonly(type_growth), training_countries=costs)  # fmt: skip


def _mean_by_type(values: list[np.ndarray], weights: list[np.ndarray], empty: np.ndarray) -> np.ndarray:
    """(W,) the countries' values weighted by type; a type that weighs nothing anywhere takes ``empty``."""
    total = sum(weights)
    mean = sum(v * w for v, w in zip(values, weights, strict=True)) / np.where(total > 0, total, 1.0)
    return np.where(total > 0, mean, empty)


def analysed(scenario: Scenario, baseline: Baseline, country: str | None) -> tuple[Scenario, Baseline]:
    """The scenario and baseline a sampled analysis (sensitivity, goals, discovery) runs on: a
    country's own, or for Europe (None) the countries pooled (:func:`pooled_baseline`), where the
    scenario's country entries do not apply (the pages say so: ``scenario.countries`` names them)."""
    if country is None:
        return scenario, pooled_baseline(baseline, scenario.horizon.end - scenario.horizon.start)
    return scenario.for_country(country), national_baseline(baseline, country)


def project_country(scenario: Scenario, baseline: Baseline, code: str) -> Projection:
    """The scenario in one country: its ``countries`` entry applied, on the national baseline."""
    return project_countries(scenario, baseline, [code])[code]


def _batch(
    scenario: Scenario, baseline: Baseline, groups: list[list[str]], values: dict[str, dict] | None = None
) -> Parameters:
    """The parameters of the scenario in each group of countries (:func:`_alike`; one country each
    unless Europe's sum asks for more), batched along the draw axis (country-major): each country's
    ``countries`` entry, national stocks (a group's added up), stays, open-market exits and trends
    (:func:`national_baseline`), training costs and, with ``values`` (country -> sampled assumptions),
    its sampled futures. Runs use Europe's baseline, so a country's open-market share enters as an odds
    multiplier and its trend as extra growth of the type: the same numbers as on its own baseline."""
    european_odds = _odds(baseline.exit_shares[:, 0])
    codes = [group[0] for group in groups]
    futures = max((len(v) for own in (values or {}).values() for v in own.values()), default=0)

    def pick(code: str) -> ValuePicker:  # a country without ranges still gets a row per future
        if not futures:
            return mode_value
        own = values[code]
        return lambda path, value: own[path] if path in own else np.repeat(mode_value(path, value), futures)

    own = [scenario.for_country(code) for code in codes] if scenario.countries else [scenario] * len(codes)
    if scenario.countries:
        parts = [resolve(mine, baseline, pick(code)) for mine, code in zip(own, codes, strict=True)]
    else:  # the same assumptions (and draws) everywhere: resolve once
        parts = [resolve(scenario, baseline, pick(codes[0]))] * len(codes)
    rows = []
    for p, group, mine in zip(parts, groups, own, strict=True):
        a = _national(baseline, group[0])
        rows.append(
            dataclasses.replace(
                p,
                headcount=sum(_national(baseline, code).headcount for code in group)[None, :],
                type_share=a.mix.T[None],
                duration=_stays(mine, p.duration, a.duration),
                open_market=p.open_market * (_odds(a.open_share) / european_odds)[None, :],
                type_growth=(1.0 + p.type_growth) * (1.0 + a.type_growth)[None, :] - 1.0,
                **{k: np.full(1, v) for k, v in country_terms(baseline.catalogue, group[0]).items()},
            )
        )
    return stack(rows)


def _alike(scenario: Scenario, baseline: Baseline) -> list[list[str]]:
    """The partner countries in groups whose runs differ only in size: the same mix of profiles and of
    WISE types, the same stays, open-market exits and trends, no entry of their own in the scenario,
    and no plan (a plan's cost is each country's). A group runs once on its added stocks: people and
    flows are linear in the stocks and every level is per worker, so the group's run is the exact sum
    of its countries' runs."""
    codes = list(baseline.countries.index)
    if scenario.plan.courses:
        return [[code] for code in codes]
    groups: dict[object, list[str]] = {}
    for code in codes:
        a = _national(baseline, code)
        shape = np.round(a.headcount / a.headcount.sum(), 12)  # the same profile mix (a country's size aside)
        key = code if code in scenario.countries else (shape.tobytes(), *(x.tobytes() for x in a.arrays()[1:]))
        groups.setdefault(key, []).append(code)
    return list(groups.values())


def _stays(own: Scenario, resolved: np.ndarray, national: np.ndarray) -> np.ndarray:
    """(D, W) stays of a country's run: its scenario's (``own``, its entry applied) where it sets one,
    else the country's published stay (or the European assumption)."""
    out = resolved.copy()
    for w, name in enumerate(WISE_TYPES):
        settings = own.wise_types.get(name)
        if settings is None or settings.duration is None:
            out[:, w] = national[w]
    return out


def project_countries(scenario: Scenario, baseline: Baseline, codes: list[str] | None = None) -> dict[str, Projection]:
    """The scenario in each country (default: every partner country), by country code: one model
    run with the countries batched along the draw axis."""
    codes = list(baseline.countries.index) if codes is None else codes
    batch = run(_batch(scenario, baseline, [[code] for code in codes]), baseline, scenario_id=scenario.id,
                title=scenario.title)  # fmt: skip
    return {code: batch.part(slice(i, i + 1)) for i, code in enumerate(codes)}


# Draws of every country run together in blocks of this many futures (x 13 countries): big enough
# for the vectorised model, small enough that the blocks' competence arrays stay near 50 MB.
EUROPE_BLOCK = 64
# Europe's fans run their blocks in this many threads: one user's fan about twice as fast on two cores.
EUROPE_WORKERS = 2


def project_europe(
    scenario: Scenario, baseline: Baseline, *, draws: int = 0, seed: int = 0, dtype: type = np.float32
) -> Projection:
    """Europe as the sum of the partner countries: every country's projection (its ``countries``
    entry, on its national baseline), added up (:func:`sum_countries`).

    With ``draws``, sampled futures: in each future every country draws the same quantile of each
    of its ranges (one world, not 13 independent ones), so a future's European figure is the sum of
    its national ones. A plan's budget, trainers and module places are Europe's, shared by the
    countries (all learners cut in the same proportion).
    """
    return concat_draws(europe_runs(scenario, baseline, draws, seed, dtype, then=sum_countries))


def europe_runs(
    scenario: Scenario,
    baseline: Baseline,
    draws: int = 0,
    seed: int = 0,
    dtype: type = np.float32,
    *,
    then: Callable[[Projection, int], Any] = lambda batch, n: batch,
    last_only: bool = False,
    workers: int = 1,
) -> list[Any]:
    """The runs behind :func:`project_europe`, block by block of futures, each a batch of every partner
    country, or group of countries alike (:func:`_alike`), country-major, passed with its number of
    runs per future through ``then`` (e.g. :func:`sum_countries`) as soon as it is done, so that only
    ``workers`` blocks are in memory at once. With ``workers`` > 1 blocks run in that many threads
    (the model's kernel releases the GIL). ``last_only``: see ``model.run``."""
    groups = _alike(scenario, baseline)
    values = _futures(scenario, [group[0] for group in groups], draws, seed) if draws else {}
    kind = {"scenario_id": scenario.id, "title": scenario.title, "pool": len(groups), "last_only": last_only}
    if not values:  # no draws asked, or no ranges to draw from: the projection itself
        return [then(run(_batch(scenario, baseline, groups), baseline, **kind), len(groups))]

    def block(start: int) -> Any:
        part = {code: {k: v[start : start + EUROPE_BLOCK] for k, v in mine.items()} for code, mine in values.items()}
        return then(run(_batch(scenario, baseline, groups, part), baseline, dtype=dtype, **kind), len(groups))

    starts = range(0, draws, EUROPE_BLOCK)
    if workers <= 1:
        return [block(start) for start in starts]
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="bwise-europe") as pool:
        return list(pool.map(block, starts))


def _futures(scenario: Scenario, codes: list[str], draws: int, seed: int) -> dict[str, dict]:
    """Sampled assumptions per country (code -> path -> (draws,) values), one world in each future:
    one Latin hypercube over every range any country has, each column turned into each country's
    own range, so that a future sits at the same quantile of an assumption in every country (a
    country's entry may narrow, widen or add a range). Empty when no country has a range."""
    from .uncertainty import triangular, uncertain

    own = {code: uncertain(scenario.for_country(code) if scenario.countries else scenario) for code in codes}
    paths = list(dict.fromkeys(path for ranges in own.values() for path in ranges))
    if not paths:
        return {}
    u = qmc.LatinHypercube(d=len(paths), seed=seed).random(draws)
    column = {path: i for i, path in enumerate(paths)}
    return {code: {path: triangular(u[:, column[path]], value) for path, value in ranges.items()}
            for code, ranges in own.items()}  # fmt: skip


def _split(a: np.ndarray, n: int) -> np.ndarray:
    """(n x D, ...) -> (n, D, ...): a batch's rows by country (a view)."""
    return a.reshape(n, a.shape[0] // n, *a.shape[1:])


def _weighted(values: np.ndarray, weight: np.ndarray, n: int) -> np.ndarray:
    """The weight-weighted mean over the countries of a batch's rows, in the values' precision; a
    cell that weighs nothing in any country takes the first country's value."""
    v = _split(values, n)
    w = np.broadcast_to(_split(weight, n).astype(values.dtype, copy=False), v.shape)
    total = w[0].copy()
    mean = v[0] * w[0]
    step = np.empty_like(mean)
    for i in range(1, n):  # country by country: no (countries x ...) temporary
        total += w[i]
        mean += np.multiply(v[i], w[i], out=step)
    empty = total <= 0
    mean /= np.where(empty, 1.0, total).astype(values.dtype, copy=False)
    if empty.any():
        mean[empty] = v[0][empty]
    return mean


def sum_countries(batch: Projection, n: int, *, competences: bool = True) -> Projection:
    """One projection of the sum of ``n`` countries run as one batch (country-major along the draw axis).

    People and flows (employment, exits, retirements, openings, training delivered) add up; every share or
    level is the mean of the countries', weighted by what it is a share of: proficiency, required
    levels, gaps, importance and the automated share by the profile's workers; the open-market
    share by the leavers; a plan's delivered share by its planned learners. So competence need,
    training hours (stored added up) and moves into open employment add up too. Within one WISE
    type, competence figures weight each country by its workers in all types (proficiency has no
    type axis), so there they are close to the sum of the countries', not equal.
    Without ``competences``, only the workforce and its flows (several times faster).
    """
    a = batch.arrays
    employment = a["employment"]  # (B, T, W, P)
    workers = employment.sum(axis=2)  # (B, T, P)
    rows = np.flatnonzero(a["is_wsn"][0, 0] > 0)
    out = {name: _split(a[name], n).sum(axis=0) for name in ("employment", "exits", "retirements",
                                                              "training_by_profile")}  # fmt: skip
    # openings are each country's hires (never negative), added up: one country's shrinking WISEs do not
    # cancel another's openings, so they are not derived from the added-up employment
    openings = batch._cells("openings_total")
    out["openings_total"] = _split(openings, n).sum(axis=0)
    out["openings_replaced"] = _split(np.minimum(a["exits"], openings, out=openings), n).sum(axis=0)
    if competences:
        for name in ("importance", "required_level", "available_level"):
            out[name] = _weighted(a[name], workers[..., None], n)
        gap = np.maximum(a["required_level"] - a["available_level"], 0.0)
        out["gap"] = _weighted(gap, workers[..., None], n)
        # every country's own hours per level (a country entry may set them): added up, not averaged
        gap *= (workers * a["hours_per_level"][:, None, None])[..., None]
        out["training_hours"] = _split(gap, n).sum(axis=0)
        out["readiness_gap"] = _weighted(a["readiness_gap"], workers[..., rows], n)
    out["automated_share"] = _weighted(a["automated_share"], workers, n)
    out["open_market_share"] = _weighted(a["open_market_share"], a["exits"][..., rows], n)
    base = workers[:, 0].sum(axis=1)  # (B,) each country's workers in the projection's first year
    out["hours_per_level"] = _weighted(a["hours_per_level"], base, n)
    for name in ("exit_shares", "training_factor"):  # a batch runs on Europe's baseline: the same for every country
        out[name] = _split(a[name], n)[0]
    out["is_wsn"] = a["is_wsn"]
    if "plan_shares" in a:
        shares = np.broadcast_to(a["plan_shares"], (len(workers), *a["plan_shares"].shape[1:]))
        out["plan_shares"] = _weighted(shares, workers[..., None], n)
        planned = planned_learners(shares, workers)  # (B, T, M)
        out["plan_factor"] = _weighted(a["plan_factor"], planned, n)
        trained = planned * a["plan_factor"]
        terms = np.broadcast_to(a["plan_terms"], (*trained.shape, 2))
        out["plan_terms"] = np.stack(
            [_weighted(terms[..., 0], trained, n), 1.0 / _weighted(1.0 / terms[..., 1], trained, n)], axis=-1
        )
    return Projection(batch.scenario_id, batch.scenario_title, batch.years, batch.profile_ids,
                      batch.competence_ids, out, batch.wise_types)  # fmt: skip


def concat_draws(parts: list[Projection]) -> Projection:
    """Projections of the same scenario, one after the other along the draw axis."""
    first = parts[0]
    arrays = {
        name: a if name == "is_wsn" else np.concatenate([p.arrays[name] for p in parts])
        for name, a in first.arrays.items()
    }
    return Projection(first.scenario_id, first.scenario_title, first.years, first.profile_ids,
                      first.competence_ids, arrays, first.wise_types)  # fmt: skip


def country_frame(
    scenario: Scenario,
    baseline: Baseline,
    codes: list[str] | None = None,
    *,
    wise_type: str | None = None,
    by_type: bool = False,
) -> pd.DataFrame:
    """The tidy long table of each country's projection (see ``Projection.to_frame``), with a
    ``country`` column after ``scenario``."""
    frames = []
    for code, projection in project_countries(scenario, baseline, codes).items():
        frame = projection.select(wise_type).to_frame(by_type=by_type)
        frame.insert(1, "country", code)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def bands_in(
    scenario: Scenario,
    baseline: Baseline,
    country: str | None = None,
    *,
    draws: int = 1000,
    seed: int = 0,
    wise_type: str | None = None,
) -> Bands:
    """The dashboard's fans (``uncertainty.bands``) of the scenario in one country, or in Europe (None):
    the sum of the countries in every future, block by block (only the end year's competences added up)."""
    from .uncertainty import bands

    if country is not None:
        return bands(scenario.for_country(country), national_baseline(baseline, country), draws=draws, seed=seed,
                     wise_type=wise_type)  # fmt: skip

    def added(batch: Projection, n: int) -> tuple[Projection, Projection]:  # the flows; the end year's competences
        return sum_countries(batch, n, competences=False), sum_countries(batch.at_year(-1), n)

    blocks = europe_runs(scenario, baseline, draws, seed, then=added, last_only=True, workers=EUROPE_WORKERS)
    return bands(scenario, baseline, wise_type=wise_type, blocks=blocks)


def project_in(
    scenario: Scenario, baseline: Baseline, country: str | None = None, *, draws: int = 0, seed: int = 0
) -> Projection:
    """The scenario where it is asked: in one country (its entry applied, on its national baseline),
    or in Europe (None), the sum of the partner countries; with ``draws``, that many sampled futures."""
    if country is None:
        return project_europe(scenario, baseline, draws=draws, seed=seed)
    if not draws:
        return project_country(scenario, baseline, country)
    from .uncertainty import project_draws

    return project_draws(scenario.for_country(country), national_baseline(baseline, country), draws=draws, seed=seed)
