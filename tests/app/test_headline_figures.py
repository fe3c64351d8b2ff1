"""Explore's six headline figures: label, value, difference from the reference and its colour."""

from __future__ import annotations

from paths import ROOT
from streamlit.proto.Metric_pb2 import Metric
from streamlit.testing.v1 import AppTest

RED, GREEN = Metric.MetricColor.RED, Metric.MetricColor.GREEN


def test_six_figures_with_their_differences_coloured_by_what_is_good():
    """A rise in the gap or in the training needed is drawn red (``delta_color="inverse"``); a rise in
    openings green; each figure in a bordered box with a help text."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["scenario"] = "fast_automation"
    at.run()
    assert not at.exception
    # Europe: the sum of the 13 countries
    shown = [(m.label, m.delta, m.proto.color) for m in at.metric]
    assert shown == [
        ("Workforce 2040", "-7.3%", RED),
        ("Staff openings", "+4.9%", GREEN),
        ("Gap 2040 (levels)", "+0.25", RED),
        ("Training 2040 (h)", "+50.7%", RED),
        ("Into open employment 2025–2040", "-14.6%", RED),
        ("Leavers with a positive destination 2025–2040", "-1.1 pp", RED),
    ]
    assert all(m.proto.show_border and m.proto.help for m in at.metric)


def test_no_differences_against_the_scenario_itself():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert len(at.metric) == 6 and not any(m.delta for m in at.metric)
