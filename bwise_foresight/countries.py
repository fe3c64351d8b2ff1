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
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .baseline import WISE_TYPES, Baseline
from .model import Projection, resolve, run, stack
from .scenario import Scenario
from .training import country_terms

# What a national projection needs: the stocks of workers with support needs and of staff, how long
# workers with support needs stay, where they go, and how fast the sector grows.
MODEL_MEASURES = ("wsn", "staff", "stay", "open_market_exit", "growth")
EVIDENCE = ("read", "secondary", "assumption")
# Cedefop flags forecast cells under about 10,000 people as uncertain; a country whose largest
# published stock of workers is smaller carries the same caution.
SMALL_CELL = 10_000
_STOCKS = ("wsn", "staff", "workers")


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
    forms = []  # one row per (country, form) with its latest stocks
    for (code, form), own in figures.groupby(["country", "covers"], sort=False):
        latest = {m: _latest(own, m) for m in ("wsn", "staff", "workers", "wises")}
        value = {m: float(rows["value"].iloc[0]) if len(rows) else float("nan") for m, rows in latest.items()}
        tag = {m: rows["value_evidence"].iloc[0] if len(rows) else "" for m, rows in latest.items()}
        forms.append({"country": code, "form": form, "wise_type": own["wise_type"].iloc[0], **value,
                      **{f"{m}_evidence": t for m, t in tag.items()}})  # fmt: skip
    forms = pd.DataFrame(forms)
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


@functools.lru_cache(maxsize=4)
def _national_arrays(baseline: Baseline) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Every country's headcount (P,) and WISE-type shares (P, W), read-only, once per baseline."""
    wsn = baseline.is_wsn
    out = {}
    for code, row in national_stocks(baseline).iterrows():
        headcount = np.array(baseline.headcount, dtype=float)
        headcount[wsn] *= row["wsn"] / headcount[wsn].sum()
        headcount[~wsn] *= row["staff"] / headcount[~wsn].sum()
        mix = np.tile(row[list(WISE_TYPES)].to_numpy(dtype=float), (len(headcount), 1))
        for a in (headcount, mix):
            a.setflags(write=False)
        out[str(code)] = (headcount, mix)
    return out


def _national(baseline: Baseline, code: str) -> tuple[np.ndarray, np.ndarray]:
    """A country's headcount (P,) and WISE-type shares (P, W), see :func:`national_baseline`."""
    arrays = _national_arrays(baseline)
    if code not in arrays:
        raise KeyError(f"unknown country {code!r}; known: {', '.join(arrays)}")
    return arrays[code]


def national_baseline(baseline: Baseline, code: str) -> Baseline:
    """One country's baseline: its stocks of workers with support needs and of staff
    (:func:`national_stocks`), split over the profiles of each target group in the European mix
    (an assumption: no source splits national WISE staff by profile), all working in the WISE
    types of the legal forms the national figures count; every other figure European."""
    headcount, mix = _national(baseline, code)
    return dataclasses.replace(baseline, headcount=headcount, type_share=mix, country=code)


def project_country(scenario: Scenario, baseline: Baseline, code: str) -> Projection:
    """The scenario in one country: its ``countries`` entry applied, on the national baseline."""
    return project_countries(scenario, baseline, [code])[code]


def project_countries(scenario: Scenario, baseline: Baseline, codes: list[str] | None = None) -> dict[str, Projection]:
    """The scenario in each country (default: every partner country), by country code: one model
    run with the countries batched along the draw axis."""
    codes = list(baseline.countries.index) if codes is None else codes
    national = [_national(baseline, code) for code in codes]
    if scenario.countries:
        parts = [resolve(scenario.for_country(code), baseline) for code in codes]
    else:  # the same assumptions everywhere: resolve once
        parts = [resolve(scenario, baseline)] * len(codes)
    params = stack(
        [
            dataclasses.replace(
                p,
                headcount=h[None, :],
                type_share=m.T[None],
                **{k: np.full(1, v) for k, v in country_terms(baseline.catalogue, code).items()},
            )
            for p, (h, m), code in zip(parts, national, codes, strict=True)
        ]
    )
    batch = run(params, baseline, scenario_id=scenario.id, title=scenario.title)
    return {code: batch.part(slice(i, i + 1)) for i, code in enumerate(codes)}


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


def draws_for_country(scenario: Scenario, baseline: Baseline, code: str, *, draws: int, seed: int = 0) -> Projection:
    """Sampled futures of the scenario in one country (its entry applied, on its national baseline)."""
    from .uncertainty import project_draws

    return project_draws(scenario.for_country(code), national_baseline(baseline, code), draws=draws, seed=seed)
