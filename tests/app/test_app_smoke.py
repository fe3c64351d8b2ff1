"""The app starts, draws its chart and switches scenarios without an exception."""

from __future__ import annotations

from paths import ROOT
from streamlit.testing.v1 import AppTest


def test_app_runs_and_shows_a_chart():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert len(at.get("plotly_chart")) >= 1
