"""AppTest: every page runs; sliders change the figures; the URL restores the view; bad files show errors."""

from __future__ import annotations

import shutil

import pytest
from paths import APP_PAGES, ROOT, SCENARIOS
from streamlit.testing.v1 import AppTest

from bwise_foresight.markup import escape

PAGES = APP_PAGES


def _app(**query: str | list[str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at


def _metric(at: AppTest, label_start: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(label_start))


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_without_exception(page):
    at = _app().run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    if page != "app_pages/data_method.py":
        assert len(at.get("plotly_chart")) >= 1


def test_explore_shows_headline_figures_narrative_and_a_chart():
    at = _app().run()
    labels = [m.label for m in at.metric]
    assert any(label.startswith("Workforce 2040") for label in labels)
    assert any(label.startswith("Staff openings") for label in labels)
    assert any(label.startswith("Into open employment 2025–2040") for label in labels)
    assert any("Gap" in label for label in labels)
    assert any(label.startswith("Training") for label in labels)
    text = " ".join(m.value for m in at.markdown)
    assert "By 2040 under" in text and "Need grows most" in text
    assert "move from WISEs into open employment" in text and "integration turnover" in text
    (chart,) = at.get("plotly_chart")
    assert "Workforce by target group (persons)" in chart.proto.spec


def test_each_chart_has_its_numbers_as_a_table_below_it():
    at = _app().run()
    (expander,) = [e for e in at.expander if e.label == "The chart as a table"]
    assert not expander.dataframe  # folded: built only when opened
    at.session_state["table_chart_main"] = True  # what opening the expander does
    at.run()
    (expander,) = [e for e in at.expander if e.label == "The chart as a table"]
    table = expander.dataframe[0].value
    assert len(table) == 17 and "Workers with support needs" in table.columns  # years x target groups
    at.segmented_control(key="chart").set_value("training").run()
    (expander,) = [e for e in at.expander if e.label == "The chart as a table"]
    assert "Job coach" in expander.dataframe[0].value.index


def test_moving_a_slider_changes_the_headline_figures():
    at = _app().run()
    before = _metric(at, "Workforce 2040")
    at.slider(key="ceil").set_value(90).run()
    after = _metric(at, "Workforce 2040")
    assert before != after
    assert int(after.replace(",", "")) < int(before.replace(",", ""))
    assert "(adjusted)" in at.header[0].value


def test_reset_puts_sliders_back_to_the_scenario():
    at = _app().run()
    before = _metric(at, "Workforce 2040")
    at.slider(key="growth").set_value(3.0).run()
    assert _metric(at, "Workforce 2040") != before
    at.button(key="reset_panel").click().run()
    assert at.slider(key="growth").value == 0.5
    assert _metric(at, "Workforce 2040") == before


def test_switching_scenario_moves_the_sliders_to_its_values():
    at = _app().run()
    at.selectbox(key="scenario").select("Fast automation").run()
    assert at.slider(key="ceil").value == 60
    assert at.slider(key="mid").value == 2030
    assert at.header[0].value == "Fast automation"


def test_the_chart_picker_switches_the_chart():
    at = _app().run()
    at.segmented_control(key="chart").set_value("openings").run()
    (chart,) = at.get("plotly_chart")
    assert "Job openings per year" in chart.proto.spec


def test_query_params_restore_the_view():
    at = _app(scenario="Fast automation", ceil="80", chart="Job openings").run()
    assert at.selectbox(key="scenario").value == "fast_automation"
    assert at.slider(key="ceil").value == 80
    (chart,) = at.get("plotly_chart")
    assert "Job openings per year" in chart.proto.spec
    reference = _app(scenario="Fast automation").run()
    reference.slider(key="ceil").set_value(80).run()
    assert _metric(at, "Workforce 2040") == _metric(reference, "Workforce 2040")


def test_slider_values_from_the_url_reach_the_other_pages():
    at = _app(ceil="90")
    at.switch_page("app_pages/compare.py").run()
    assert not at.exception
    assert at.slider(key="ceil").value == 90  # the sliders sit in the sidebar on the other pages
    assert "Business as usual (adjusted) (your sliders)" in at.multiselect(key="compare").options


@pytest.fixture
def scratch_scenarios(tmp_path, monkeypatch):
    folder = tmp_path / "scenarios"
    shutil.copytree(SCENARIOS, folder)
    monkeypatch.setenv("BWISE_SCENARIOS", str(folder))
    import bwise_foresight.ui.data as data

    monkeypatch.setattr(data, "SCENARIO_DIR", folder)
    return folder


def test_an_invalid_scenario_shows_its_errors_not_a_traceback(scratch_scenarios):
    (scratch_scenarios / "broken.yaml").write_text("title: Broken\nextends: baseline\nautomaton:\n  ceiling: 0.5\n")
    at = _app().run()
    at.selectbox(key="scenario").select("broken (has errors)").run()
    assert not at.exception
    message = at.error[0].value
    assert (
        "scenarios/broken.yaml:3: unknown key 'automaton' under the top level — did you mean 'automation'?" in message
    )
    # the app keeps working: another scenario still projects
    at.selectbox(key="scenario").select("Austerity").run()
    assert not at.exception and not at.error
    assert len(at.get("plotly_chart")) == 1


def test_the_errors_of_a_scenario_file_are_said_in_the_page_language(scratch_scenarios):
    (scratch_scenarios / "broken.yaml").write_text("title: Broken\nextends: baseline\nautomaton:\n  ceiling: 0.5\n")
    at = _app(lang="nl").run()
    at.selectbox(key="scenario").select("broken").run()
    assert not at.exception
    message = at.error[0].value
    assert message.startswith("**Dit scenariobestand kan niet worden gebruikt.**")
    assert "scenarios/broken.yaml:3: onbekende sleutel 'automaton' onder het hoogste niveau" in message
    assert "bedoelde je 'automation'?" in message


def test_a_scenario_edited_on_disk_is_picked_up(scratch_scenarios):
    at = _app().run()
    text = (scratch_scenarios / "baseline.yaml").read_text()
    (scratch_scenarios / "baseline.yaml").write_text(text.replace("title: Business as usual", "title: Edited baseline"))
    at.run()
    assert "Edited baseline" in at.selectbox(key="scenario").options


def test_uncertainty_toggle_draws_bands():
    at = _app().run()
    at.toggle(key="unc").set_value(True).run()
    assert not at.exception
    (chart,) = at.get("plotly_chart")
    assert "P10" in chart.proto.spec and "1,000 futures" in chart.proto.spec


def test_sensitivity_page_shows_a_tornado_with_its_table_and_sobol_indices():
    at = _app()
    at.switch_page("app_pages/sensitivity.py").run()
    assert not at.exception
    (tornado,) = at.get("plotly_chart")
    assert "What moves Workforce (persons)" in tornado.proto.spec
    table = at.dataframe[0].value
    # sector growth moves the 2040 workforce most; assumptions in plain words (issue 11)
    assert table.iloc[0]["assumption"] == "Sector demand growth (% per year)"
    at.selectbox(key="s_out").select("gap").run()
    assert at.selectbox(key="s_comp").options[0] == "All"
    at.selectbox(key="s_n").select_index(0).run()
    at.toggle(key="s_run").set_value(True).run()
    assert not at.exception
    charts = at.get("plotly_chart")
    assert len(charts) == 2 and "Sobol indices" in charts[1].proto.spec
    assert {"Alone (S1)", "With interactions (ST)"} <= set(at.dataframe[1].value.columns)


def test_save_as_writes_a_new_file_and_asks_before_replacing(scratch_scenarios, monkeypatch):
    monkeypatch.setenv("BWISE_ALLOW_SAVE", "1")
    at = _app().run()
    at.slider(key="ceil").set_value(70).run()
    at.text_input(key="save_name").input("my_future.yaml").run()
    at.button(key="save").click().run()
    assert not at.exception
    saved = scratch_scenarios / "my_future.yaml"
    assert saved.is_file() and "mode: 0.7" in saved.read_text()
    assert any(f"Saved as scenarios/{escape('my_future.yaml')}" in s.value for s in at.success)  # as typed
    # the same name again: the button waits for the replace box
    at.run()
    assert at.button(key="save").disabled
    at.checkbox(key="save_overwrite").check().run()
    at.button(key="save").click().run()
    assert len(list((scratch_scenarios / ".backups").iterdir())) == 1


def test_saving_is_hidden_when_not_allowed(monkeypatch):
    monkeypatch.setenv("BWISE_ALLOW_SAVE", "0")
    at = _app().run()
    assert not [b for b in at.button if b.key == "save"]


def test_presentation_mode_hides_the_chrome_and_can_be_left():
    at = _app(present="true").run()
    assert not at.exception
    css = " ".join(str(h.proto) for h in at.get("html"))
    assert "stSidebar" in css and "font-size: 21px" in css
    at.button(key="exit").click().run()
    assert at.toggle(key="present").value is False
    assert not at.get("html") or "stSidebar" not in " ".join(str(h.proto) for h in at.get("html"))


def test_the_room_dialog_explains_when_no_address_is_known(monkeypatch):
    monkeypatch.delenv("BWISE_PUBLIC_URL", raising=False)
    import bwise_foresight.share as share

    monkeypatch.setattr(share, "lan_addresses", lambda: [])
    at = _app().run()
    at.switch_page("app_pages/compare.py").run()
    at.button(key="qr").click().run()
    assert not at.exception
    assert any("No QR code" in w.value and "BWISE_PUBLIC_URL" in w.value for w in at.warning)


def test_story_steps_forward_and_back_and_the_url_opens_a_step():
    at = _app()
    at.switch_page("app_pages/story.py").run()
    assert not at.exception
    assert at.title[0].value.startswith("1. ")
    at.button(key="next").click().run()
    assert at.title[0].value.startswith("2. ")
    at.button(key="prev").click().run()
    assert at.title[0].value.startswith("1. ")
    linked = _app(step="3")
    linked.switch_page("app_pages/story.py").run()
    assert linked.title[0].value == "3. What if automation comes fast?"
    assert len(linked.get("plotly_chart")) == 2


def test_undo_and_redo_step_through_slider_moves():
    at = _app().run()
    at.slider(key="ceil").set_value(50).run()
    at.slider(key="ceil").set_value(70).run()
    at.button(key="undo").click().run()
    assert at.slider(key="ceil").value == 50
    at.button(key="undo").click().run()
    assert at.slider(key="ceil").value == 30
    at.button(key="redo").click().run()
    assert at.slider(key="ceil").value == 50


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def test_the_wise_type_filter_narrows_every_figure_and_lives_in_the_link():
    at = _app().run()
    everyone = _number(_metric(at, "Workforce 2040"))
    moves = _number(_metric(at, "Into open employment"))
    at.selectbox(key="type").set_value("training").run()
    assert not at.exception
    assert _number(_metric(at, "Workforce 2040")) < 0.6 * everyone
    assert 0 < _number(_metric(at, "Into open employment")) < moves
    again = _app(type="Training WISEs").run()  # a shared link opens the same filter
    assert _metric(again, "Workforce 2040") == _metric(at, "Workforce 2040")


@pytest.mark.parametrize(
    ("kind", "title"),
    [
        ("pathways", "Workers with support needs leaving their WISE, by destination"),
        ("pathways_types", "Moves into open employment by type of WISE"),
    ],
)
def test_pathway_charts_show_where_leavers_go(kind, title):
    at = _app().run()
    at.segmented_control(key="chart").set_value(kind).run()
    assert not at.exception
    (chart,) = at.get("plotly_chart")
    assert title in chart.proto.spec
    assert ("Open employment" if kind == "pathways" else "Training WISEs") in chart.proto.spec


def test_data_page_shows_the_calibration_table():
    at = _app().run()
    at.switch_page("app_pages/data_method.py").run()
    assert not at.exception
    frames = [d.value for d in at.table]
    calibration = next(f for f in frames if "benchmark" in f.columns and "reason" in f.columns)
    assert len(calibration) >= 8 and calibration["reason"].str.len().min() > 60


def test_uncertainty_draws_a_band_around_moves_into_open_employment():
    at = _app(chart="Where leavers go", unc="true").run()
    assert not at.exception
    (chart,) = at.get("plotly_chart")
    spec = chart.proto.spec
    assert "Moves into open employment per year:" in spec and "P10–P90 of 1,000 futures" in spec
