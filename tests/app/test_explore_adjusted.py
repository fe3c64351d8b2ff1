"""After sliders move, Explore says the scenario is adjusted, and its fan holds the headline path."""

from __future__ import annotations

import json

from paths import ROOT
from streamlit.testing.v1 import AppTest


def _explore(**query: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def _narrative(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "WISE workforce" in m.value)


def test_caption_and_narrative_say_the_scenario_is_adjusted():
    at = _explore(growth="-5")
    assert not at.exception
    caption = next(c.value for c in at.caption if "description" in c.value)
    assert caption.startswith("Adjusted with the sliders — Sector demand growth (% per year): −5 (scenario 0.5).")
    story = _narrative(at)
    assert "under **Business as usual (adjusted)**" in story
    assert "against Business as usual" in story  # the file's own scenario is the reference


def test_an_unchanged_scenario_keeps_its_own_caption_and_name():
    at = _explore()
    assert not any(c.value.startswith("Adjusted") for c in at.caption)
    story = _narrative(at)
    assert "under **Business as usual**" in story and "against" not in story


def test_the_fan_draws_the_headline_path():
    at = _explore(growth="-5", unc="true")
    assert not at.exception
    (chart,) = at.get("plotly_chart")
    names = [trace.get("name") for trace in json.loads(chart.proto.spec)["data"]]
    assert "Headline figures (every range at its mode)" in names
    assert "Median" in names or any("edian" in str(n) for n in names)
