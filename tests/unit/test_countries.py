"""The partner countries' published figures and how thin each country's evidence is."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from bwise_foresight.countries import MODEL_MEASURES, SMALL_CELL, evidence_by_country
from bwise_foresight.i18n import Translator

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
    assert Translator("en").country("EL") == "Greece"
    assert Translator("de").country("EL") == "Griechenland"
    assert Translator("bg").country("HR") == "Хърватия"


def test_national_stocks_take_published_figures_first_and_say_how_the_rest_was_derived(baseline):
    from bwise_foresight.countries import national_stocks

    stocks = national_stocks(baseline)
    assert list(stocks.index) == list(baseline.countries.index)
    assert (stocks[["wsn", "staff"]] > 0).all(axis=None)
    # published stocks as they are; two Spanish regimes count once each
    assert stocks.loc["FR", "wsn"] == 144_600 and stocks.loc["FR", "wsn_evidence"] == "secondary"
    assert stocks.loc["ES", "wsn"] == 4_945 + 122_895
    assert (stocks.loc["SI", "wsn"], stocks.loc["SI", "staff"]) == (5_927, 11_640 - 5_927)
    # Austria publishes a yearly flow and a stay: Little's law gives the stock, as an assumption
    assert stocks.loc["AT", "wsn"] == pytest.approx(25_000 * 0.75)
    assert stocks.loc["AT", "wsn_evidence"] == "assumption" and "Little" in stocks.loc["AT", "wsn_rule"]
    # Romania publishes only a count of enterprises
    assert "WISEs x" in stocks.loc["RO", "wsn_rule"] and stocks.loc["RO", "wsn_evidence"] == "assumption"


def test_a_national_baseline_keeps_the_european_mix_at_the_national_size(baseline):
    from bwise_foresight.countries import national_baseline, national_stocks

    fr = national_baseline(baseline, "FR")
    wsn = baseline.is_wsn
    assert fr.headcount[wsn].sum() == pytest.approx(national_stocks(baseline).loc["FR", "wsn"])
    np.testing.assert_allclose(fr.headcount[wsn] / fr.headcount[wsn].sum(),
                               baseline.headcount[wsn] / baseline.headcount[wsn].sum())  # fmt: skip
    assert fr.importance is baseline.importance  # the competences stay European
    # France's figures count insertion jobs (ACI, AI, EI, ETTI): training WISEs; the Dutch Wsw is sheltered work
    assert fr.type_share[:, 1] == pytest.approx(1.0)
    assert national_baseline(baseline, "NL").type_share[:, 2] == pytest.approx(1.0)
    with pytest.raises(KeyError, match="unknown country 'XX'"):
        national_baseline(baseline, "XX")


def test_a_country_override_changes_that_country_only(baseline, base_scenario):
    from bwise_foresight.countries import project_countries

    before = project_countries(base_scenario, baseline)
    changed = base_scenario.with_overrides({"countries": {"FR": {"demand": {"growth": 0.03}}}}, baseline=baseline)
    after = project_countries(changed, baseline)
    for code in baseline.countries.index:
        same = np.array_equal(before[code]["employment"], after[code]["employment"])
        assert same == (code != "FR"), code
    assert after["FR"]["employment"][0, -1].sum() > before["FR"]["employment"][0, -1].sum()


def test_country_entries_are_checked_with_file_line_and_key(tmp_path, baseline):
    from paths import SCENARIOS

    from bwise_foresight import ScenarioError, load_scenario

    (tmp_path / "baseline.yaml").write_text((SCENARIOS / "baseline.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "extends: baseline\ncountries:\n  FRA:\n    demand:\n      growth: 0.02\n"
        "  ES:\n    horizon:\n      end: 2030\n  IT:\n    training:\n      hours_per_level: -5\n",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as err:
        load_scenario(bad, baseline=baseline)
    found = {(p.line, p.key): p.message for p in err.value.problems}
    assert "did you mean 'FR'" in found[(3, "countries.FRA")]
    assert "same in every country" in found[(7, "countries.ES.horizon")]
    assert "between 1 and 2000" in found[(11, "countries.IT.training.hours_per_level")]


def test_the_model_doc_quotes_the_rules_numbers_as_computed(baseline):
    """docs/model.md §Countries states the medians and totals; they must be what the code computes."""
    import re

    from paths import ROOT

    from bwise_foresight.countries import national_stocks

    doc = (ROOT / "docs" / "model.md").read_text(encoding="utf-8").split("## Countries", 1)[1].split("\n## ", 1)[0]
    stocks = national_stocks(baseline)
    rules = " ".join(stocks["wsn_rule"]) + " " + " ".join(stocks["staff_rule"])
    share = re.search(r"support needs \((\d+)%\)", rules).group(1)
    per_wise = re.search(r"per WISE \((\d+)\)", rules).group(1)
    ratio = re.search(r"staff ratio \(([\d.]+)\)", rules).group(1)
    assert f"({share} %)" in doc and f"({per_wise};" in doc and f"({ratio})" in doc
    wsn, staff = (round(stocks[c].sum(), -4) for c in ("wsn", "staff"))
    assert f"about {wsn:,.0f} workers with support needs and {staff:,.0f} staff" in doc


def test_countries_batched_in_one_run_equal_one_run_per_country(baseline, base_scenario):
    from bwise_foresight import project
    from bwise_foresight.countries import national_baseline, project_countries

    batch = project_countries(base_scenario, baseline)
    for code in ("FR", "NL", "LV"):
        alone = project(base_scenario, national_baseline(baseline, code))
        for name in ("employment", "available_level", "transitions_open_market", "training_hours"):
            np.testing.assert_allclose(batch[code][name], alone[name], rtol=1e-10, atol=1e-9, err_msg=f"{code} {name}")


def test_a_range_in_a_country_entry_is_that_countrys_uncertainty_only(baseline, base_scenario):
    spread = {"low": 0.0, "mode": 0.01, "high": 0.03}
    changed = base_scenario.with_overrides({"countries": {"FR": {"demand": {"growth": spread}}}}, baseline=baseline)
    assert not [p for p in changed.uncertain_parameters() if p[0] == "countries"]  # not Europe's assumption
    assert changed.for_country("FR").uncertain_parameters()[("demand", "growth")].high == 0.03


def test_a_published_stay_is_the_countrys_own_unless_the_scenario_sets_one(baseline, base_scenario):
    from bwise_foresight.countries import national_baseline, national_values, project_in
    from bwise_foresight.model import WISE_TYPES

    training = WISE_TYPES.index("training")
    assert national_values(baseline, "FR", "stay") == {"training": 0.8}
    assert national_values(baseline, "ES", "stay") == {}
    assert national_baseline(baseline, "FR").duration[training] == 0.8
    assert national_baseline(baseline, "ES").duration[training] == baseline.duration[training]

    def leaving(scenario, code):  # leavers per worker with support needs in training WISEs, second year
        p = project_in(scenario, baseline, code).select("training")
        wsn = baseline.is_wsn
        return p["exits"][0, 1, wsn].sum() / p["employment"][0, 0, wsn].sum()

    assert leaving(base_scenario, "FR") == pytest.approx(1 / 0.8)
    assert leaving(base_scenario, "ES") == pytest.approx(1 / baseline.duration[training])
    set_here = base_scenario.with_overrides({"wise_types": {"training": {"duration": 1.5}}}, baseline=baseline)
    assert leaving(set_here, "FR") == pytest.approx(1 / 1.5)
    for_france = base_scenario.with_overrides(
        {"countries": {"FR": {"wise_types": {"training": {"duration": 2.0}}}}}, baseline=baseline
    )
    assert leaving(for_france, "FR") == pytest.approx(1 / 2.0) and leaving(for_france, "AT") == pytest.approx(1 / 0.75)


def test_a_published_open_market_exit_is_the_countrys_base_year_share(baseline, base_scenario):
    from bwise_foresight.countries import national_baseline, national_values, project_in
    from bwise_foresight.model import WISE_TYPES

    training = WISE_TYPES.index("training")
    assert national_values(baseline, "ES", "open_market_exit") == {"training": pytest.approx(0.6717)}

    def into_jobs(scenario, code):  # share of training-WISE leavers moving into open employment, second year
        skills_aside = scenario.with_overrides({"pathways": {"skill_effect": 0.0}}, baseline=baseline)
        p = project_in(skills_aside, baseline, code).select("training")
        wsn = baseline.is_wsn
        return p["transitions_open_market"][0, 1, wsn].sum() / p["exits"][0, 1, wsn].sum()

    europe = baseline.exit_shares[training, 0]
    assert into_jobs(base_scenario, "FR") == pytest.approx(0.45, abs=0.005)  # DARES: 45 % in a job
    assert into_jobs(base_scenario, "ES") == pytest.approx(0.6717, abs=0.005)  # FAEDEI
    assert into_jobs(base_scenario, "PL") == pytest.approx(europe, abs=0.005)  # nothing published
    # the other destinations keep their European proportions among those who do not find a job
    shares = national_baseline(baseline, "ES").exit_shares[training]
    assert shares.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(shares[1:] / shares[1:].sum(), baseline.exit_shares[training, 1:] / (1 - europe))
    # a future that doubles the odds everywhere doubles them in Spain too, on Spain's share
    better = base_scenario.with_overrides({"pathways": {"open_market": 2.0}}, baseline=baseline)
    odds = 0.6717 / (1 - 0.6717) * 2
    assert into_jobs(better, "ES") == pytest.approx(odds / (1 + odds), abs=0.005)


def test_a_published_trend_is_the_countrys_growth_in_the_baseline_future(baseline, base_scenario):
    from bwise_foresight.countries import REFERENCE_GROWTH, national_baseline, project_in
    from bwise_foresight.model import project

    # the reference is the baseline future's own demand growth
    assert base_scenario.demand.growth.mode == REFERENCE_GROWTH
    nl = national_baseline(baseline, "NL")
    without_trend = project(base_scenario, dataclasses.replace(nl, type_growth=np.zeros(3)))
    with_trend = project_in(base_scenario, baseline, "NL")
    years = np.arange(len(with_trend.years))
    ratio = with_trend["employment"][0].sum(axis=1) / without_trend["employment"][0].sum(axis=1)
    # Wsw, entry closed in 2015: -5.79 % a year, against Europe's +0.5 %
    np.testing.assert_allclose(ratio, ((1 - 0.0579) / (1 + REFERENCE_GROWTH)) ** years, rtol=1e-9)
    # Spain's empresas de inserción grow, its sheltered centres (no published trend) do not move
    es = project_in(base_scenario, baseline, "ES")
    es_plain = project(base_scenario, dataclasses.replace(national_baseline(baseline, "ES"), type_growth=np.zeros(3)))
    for kind, factor in (("training", (1.0627 / (1 + REFERENCE_GROWTH)) ** years[-1]), ("social", 1.0)):
        end = es.select(kind)["employment"][0, -1].sum() / es_plain.select(kind)["employment"][0, -1].sum()
        assert end == pytest.approx(factor, rel=1e-9), kind
    # a future with less demand moves the Netherlands by as much as it moves Europe
    less = base_scenario.with_overrides({"demand": {"growth": -0.015}}, baseline=baseline)
    shrink = project_in(less, baseline, "NL")["employment"][0, -1].sum() / with_trend["employment"][0, -1].sum()
    assert shrink == pytest.approx((0.985 / 1.005) ** years[-1], rel=0.02)


def test_countries_with_their_own_exits_or_trends_run_apart(baseline, base_scenario):
    """Bulgaria, Croatia, Greece and Romania differ only in size and run as one; a published trend or
    open-market share of one of them sets it apart, and Europe stays their exact sum."""
    from bwise_foresight.countries import _alike, project_countries, project_europe

    def group_of(b, code):
        return next(g for g in _alike(base_scenario, b) if code in g)

    assert sorted(group_of(baseline, "BG")) == ["BG", "EL", "HR", "RO"]
    figures = baseline.country_figures
    for measure, value in (("growth", 0.03), ("open_market_exit", 0.5)):
        row = figures[figures["country"] == "BG"].iloc[[0]].assign(measure=measure, value=value)
        changed = dataclasses.replace(baseline, country_figures=pd.concat([figures, row], ignore_index=True))
        assert group_of(changed, "BG") == ["BG"] and sorted(group_of(changed, "HR")) == ["EL", "HR", "RO"]
        parts = project_countries(base_scenario, changed)
        total = sum(p["transitions_open_market"] for p in parts.values())
        np.testing.assert_allclose(project_europe(base_scenario, changed)["transitions_open_market"], total, rtol=1e-9)


def test_the_model_doc_quotes_the_trends_as_projected(baseline, base_scenario):
    from paths import ROOT

    from bwise_foresight.countries import project_in

    doc = " ".join((ROOT / "docs" / "model.md").read_text(encoding="utf-8").split())
    es = project_in(base_scenario, baseline, "ES").select("training")["employment"][0].sum(axis=-1)
    nl = project_in(base_scenario, baseline, "NL")["employment"][0].sum(axis=-1)
    assert f"grow {es[-1] / es[0]:.1f}-fold by 2040" in doc
    assert f"the Dutch Wsw keeps {nl[-1] / nl[0]:.0%}".replace("%", " %") in doc


def test_the_published_figures_a_country_view_names_are_those_its_run_uses(baseline, base_scenario):
    from bwise_foresight.countries import national_terms, national_terms_text

    measures = {(m, w) for m, w, _, _ in national_terms(baseline, "FR", base_scenario)}
    assert measures == {("growth", "training"), ("open_market_exit", "training"), ("stay", "training")}
    # a stay the scenario sets for France is the scenario's: no longer the published one
    own_stay = base_scenario.with_overrides(
        {"countries": {"FR": {"wise_types": {"training": {"duration": 2.0}}}}}, baseline=baseline
    )
    assert ("stay", "training") not in {(m, w) for m, w, _, _ in national_terms(baseline, "FR", own_stay)}
    text = national_terms_text(baseline, "FR", base_scenario, Translator("en"))
    assert "France" in text and "45%" in text and "0.8" in text
    assert national_terms_text(baseline, "IT", base_scenario, Translator("en")) == ""


@pytest.mark.parametrize(("measure", "value"), [("open_market_exit", 1.0), ("stay", 0.0), ("growth", -1.0)])
def test_a_published_figure_the_model_cannot_take_is_refused_by_name(baseline, measure, value):
    from bwise_foresight.countries import national_baseline

    figures = baseline.country_figures
    row = figures[figures["country"] == "LV"].iloc[[0]].assign(measure=measure, value=value)
    broken = dataclasses.replace(baseline, country_figures=pd.concat([figures, row], ignore_index=True))
    with pytest.raises(ValueError, match=f"country_figures.csv: LV's {measure} of .* must lie between"):
        national_baseline(broken, "LV")
