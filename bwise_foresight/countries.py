"""The B-WISE partner countries and how much is published about their WISEs (pure).

National WISE regimes differ in kind (transitional jobs in France's IAE or Spain's empresas de
inserción, permanent work in Italy's type-B cooperatives or Slovenia's invalidska podjetja), so the
national figures in ``data/country_figures.csv`` say which legal forms they cover and are never
added across forms. This module summarises them per country: which of the figures a national
projection needs are published, with which evidence, and where a caution applies.
"""

from __future__ import annotations

import pandas as pd

from .baseline import Baseline

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


def country_name(code: str, lang: str) -> str:
    """The country's name in ``lang`` (Babel's CLDR names; the EU writes Greece EL, ISO GR)."""
    from babel import Locale

    return Locale.parse(lang).territories.get("GR" if code == "EL" else code, code)
