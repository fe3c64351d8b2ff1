"""Sensitivity speaks plainly: assumptions by name in every language, Sobol indices with their intervals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from paths import SCENARIOS

from bwise_foresight import load_scenario
from bwise_foresight.charts import sobol_figure
from bwise_foresight.charts.spread import sobol_value
from bwise_foresight.i18n import Translator, languages
from bwise_foresight.levers import LEVERS
from bwise_foresight.uncertainty import ASSUMPTIONS, assumption, uncertain

# every kind of assumption the schema has, with ids of each kind of item
EVERY_KIND = [
    *(lever.path for lever in LEVERS),
    ("automation", "profiles", "wsn_recycling", "ceiling"),
    ("automation", "profiles", "wsn_recycling", "substitution"),
    ("demand", "profiles", "wsn_recycling"),
    ("demand", "profiles", "enablers"),
    ("demand", "shocks", 0, "change"),
    ("training", "hours_per_worker"),
    ("training", "hours_per_worker", "wsn_recycling"),
    ("training", "focus", "digital"),
    ("training", "max_levels_per_year"),
    ("green", "midpoint_year"),
    ("green", "steepness"),
    ("green", "importance"),
    ("genai", "midpoint_year"),
    ("genai", "steepness"),
    ("genai", "uplift"),
    ("wise_types", "training", "growth"),
    ("wise_types", "social", "duration"),
    ("wise_types", "productive", "open_market"),
    ("pathways", "skill_effect"),
]


@pytest.mark.parametrize("lang", languages())
def test_every_kind_of_assumption_has_a_plain_name_in_every_language(lang, baseline):
    t = Translator(lang)
    names = dict(zip(baseline.profile_ids, baseline.profiles["name"], strict=True))
    seen = {}
    for path in EVERY_KIND:
        text, scale = assumption(path, t, profiles=names)
        assert "›" not in text and "_" not in text and text.strip(), (path, text)
        assert "{" not in text, (path, text)
        assert scale in (1, 100), path
        assert text not in seen, f"{path} and {seen.get(text)} are both called {text!r}"
        seen[text] = path


def test_names_follow_the_sliders_and_their_units():
    t = Translator("en")
    assert assumption(("demand", "growth"), t) == ("Sector demand growth (% per year)", 100)
    assert assumption(("automation", "midpoint_year"), t) == ("Automation midpoint (year)", 1)
    assert assumption(("skills", "uplift", "digital"), t) == ("Requirements, Digital (+levels)", 1)
    assert assumption(("genai", "midpoint_year"), Translator("nl"))[0] == "Middenpunt van generatieve AI (jaar)"
    assert assumption(("wise_types", "training", "growth"), t) == (
        "Extra demand growth, Training WISEs (% per year)",
        100,
    )
    assert assumption(("demand", "shocks", 1, "change"), t) == ("Demand shock 2 (%)", 100)


def test_every_pattern_is_used_and_every_shipped_range_is_named(baseline):
    assert len(ASSUMPTIONS) == len({text for text, _ in ASSUMPTIONS.values()})
    for path in SCENARIOS.glob("*.yaml"):
        for key in uncertain(load_scenario(path, baseline=baseline)):
            assert "›" not in assumption(key)[0], key


def test_a_negative_sobol_estimate_reads_as_about_zero_with_its_whole_interval():
    t = Translator("en")
    table = pd.DataFrame(
        {"S1": [0.62, -0.04], "S1_conf": [0.05, 0.07], "ST": [0.7, 0.01], "ST_conf": [0.06, 0.02]},
        index=["Sector demand growth (% per year)", "Training hours to gain one level"],
    )
    fig = sobol_figure(table, title="Sobol", t=t)
    s1 = fig.data[0]
    np.testing.assert_allclose(s1.x, [0.62, 0.0])  # an index is never below zero
    np.testing.assert_allclose(s1.error_x.arrayminus, [0.05, 0.11])  # 0 down to -0.11
    np.testing.assert_allclose(s1.error_x.array, [0.05, 0.03])  # 0 up to 0.03
    assert s1.customdata[1][0] == "≈ 0" and s1.customdata[1][1] == "−0.11 to 0.03"
    assert fig.layout.xaxis.range[0] < -0.11  # the whisker is on the chart
    assert sobol_value(-0.04, t) == "≈ 0" and sobol_value(0.123, t) == "0.12"
    assert sobol_value(0.5, Translator("nl")) == "0,50"
