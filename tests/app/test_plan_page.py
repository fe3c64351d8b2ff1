"""The Plan page as a strategist uses it: a goal, the cheapest plan, taking it over, where it fails."""

from __future__ import annotations

import pytest
from paths import ROOT
from streamlit.testing.v1 import AppTest


def _button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


@pytest.fixture(scope="module")
def at() -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180).run()
    app.switch_page("app_pages/plan.py").run()
    assert not app.exception, app.exception
    return app


def test_without_a_plan_the_page_shows_the_catalogue_and_says_what_to_do(at):
    assert any("No course yet" in i.value for i in at.info)
    assert len(at.get("plotly_chart")) == 1  # what a level costs, module by module
    assert not at.metric


def test_a_goal_gets_the_cheapest_plan_which_the_page_then_trains(at):
    _button(at, "Find the cheapest plan").click().run()
    assert not at.exception, at.exception
    (message,) = at.success
    assert message.value.startswith("This plan meets the goal") and "in 2032" in message.value
    _button(at, "Add these courses to the plan").click().run()
    assert not at.exception, at.exception
    labels = [m.label for m in at.metric]
    assert labels[:2] == ["Learners a year", "Cost over the plan (EUR)"]
    assert at.metric[0].value != "0"
    assert len(at.get("plotly_chart")) == 3  # cost per level, the plan's cost, the gaps with and without
    # the scenario with its plan goes into the export pack and can be downloaded as a file
    labels = [d.proto.label for d in at.get("download_button")]
    assert "Export pack (ZIP)" in labels and labels.count("Download scenario (YAML)") == 2  # page and sidebar


def test_where_the_plan_fails_is_said_in_a_sentence_and_two_charts(at):
    _button(at, "Find where it fails").click().run()
    assert not at.exception, at.exception
    sentence = at.info[-1].value
    assert "density" in sentence and "coverage" in sentence
    assert len(at.get("plotly_chart")) == 5
    assert at.select_slider[0].label == "Region on the peeling trajectory"


def test_a_goal_on_moves_into_open_employment_asks_in_persons_a_year():
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180).run()
    app.switch_page("app_pages/plan.py").run()
    app.button_group[0].set_value("transitions").run()
    (threshold,) = [n for n in app.number_input if n.label.startswith("Threshold")]
    assert threshold.label == "Threshold (persons/year)" and threshold.value > 10_000  # not a gap's 0.5 levels
    assert app.selectbox(key="goal_who").disabled  # whom to train follows from the goal: workers with support needs
    _button(app, "Find the cheapest plan").click().run()
    assert not app.exception, app.exception
    (message,) = [*app.success, *app.error]
    assert "persons/year" in message.value


def test_a_goal_no_module_serves_says_so_and_an_answer_stays_with_its_scenario():
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180).run()
    app.switch_page("app_pages/plan.py").run()
    app.selectbox(key="goal_cluster").set_value("management")
    app.selectbox(key="goal_who").set_value("supporters")
    _button(app, "Find the cheapest plan").click().run()
    assert not app.exception, app.exception
    (message,) = app.error
    assert message.value.startswith("No module of the catalogue raises Management for Supporters")
    app.selectbox(key="scenario").set_value("fast_automation").run()
    assert not app.exception, app.exception
    assert not app.error and not app.success  # the answer was for Business as usual
