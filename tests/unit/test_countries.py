"""The partner countries' published figures and how thin each country's evidence is."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from bwise_foresight.countries import MODEL_MEASURES, SMALL_CELL, country_name, evidence_by_country

PARTNERS = ("AT", "BE", "BG", "HR", "FR", "EL", "IT", "LV", "NL", "PL", "RO", "SI", "ES")


def test_the_13_partner_countries_are_there_with_their_legal_forms(baseline):
    assert sorted(baseline.countries.index) == sorted(PARTNERS)
    assert baseline.countries["forms"].str.len().gt(10).all()
    # ENSIE's 2019 list names 19 EU countries; Bulgaria, Latvia and Poland are not among them
    assert set(baseline.countries.index[baseline.countries["ensie_network"] == 0]) == {"BG", "LV", "PL"}


def test_a_yearly_growth_rate_is_the_published_change_per_year(baseline):
    figures = baseline.country_figures.set_index(["country", "measure", "year"])
    nl = figures.loc[("NL", "wsn", 2022), "value"] / figures.loc[("NL", "wsn", 2016), "value"]
    assert figures.loc[("NL", "growth", 2022), "value"] == pytest.approx(nl ** (1 / 7) - 1, abs=1e-4)
    assert figures.loc[("FR", "growth", 2022), "value"] == pytest.approx(1.09 ** (1 / 6) - 1, abs=1e-4)


def test_shares_are_shares_and_ranges_hold_their_value(baseline):
    f = baseline.country_figures
    shares = f["unit"].str.startswith("share")
    assert f.loc[shares, "value"].between(0, 1).all()
    ranged = f["low"].notna()
    assert ranged.any()
    assert ((f.loc[ranged, "low"] <= f.loc[ranged, "value"]) & (f.loc[ranged, "value"] <= f.loc[ranged, "high"])).all()


def test_evidence_by_country_counts_what_the_data_holds(baseline):
    thin = evidence_by_country(baseline)
    assert list(thin.index) == list(baseline.countries.index)
    assert thin["figures"].sum() == len(baseline.country_figures)
    with_figures = thin[thin["figures"] > 0]
    shares = with_figures[["share_read", "share_secondary", "share_assumption"]].sum(axis=1)
    np.testing.assert_allclose(shares, 1.0)
    for documented, missing in zip(thin["documented"], thin["missing"], strict=True):
        assert sorted(documented + missing) == sorted(MODEL_MEASURES)
    # France publishes its insertion employees' stock, stay, exits and growth; Latvia only ~120 workers
    assert {"wsn", "stay", "open_market_exit", "growth"} <= set(thin.loc["FR", "documented"])
    assert not thin.loc["FR", "caution"]
    assert thin.loc["LV", "largest_stock"] < SMALL_CELL and thin.loc["LV", "caution"]
    assert thin.loc["RO", "caution"]  # no published stock of people at all


def test_removing_a_figure_moves_it_to_missing(baseline):
    figures = baseline.country_figures
    fewer = figures[~((figures["country"] == "FR") & (figures["measure"] == "stay"))]
    thin = evidence_by_country(dataclasses.replace(baseline, country_figures=fewer))
    assert "stay" in thin.loc["FR", "missing"]
    assert thin.loc["FR", "figures"] == evidence_by_country(baseline).loc["FR", "figures"] - 1


def test_country_names_follow_the_language_and_greece_is_el():
    assert country_name("EL", "en") == "Greece"
    assert country_name("EL", "de") == "Griechenland"
    assert country_name("HR", "fr") == "Croatie"
