"""AppTest: links and controls never fall back silently (issue 11 §3).

Every value a link or a control carries that the app cannot use gets one short notice (a toast)
saying what was ignored and what is shown instead; ids work as well as titles; an upload shows at
once; the Save name follows the scenario on screen; chart and image format survive a reload and a
language switch.
"""

from __future__ import annotations

import shutil

import pytest
from paths import FIXTURES, ROOT, SCENARIOS
from streamlit.testing.v1 import AppTest

from bwise_foresight.markup import escape

ALL_FIVE = ["baseline", "austerity", "fast_automation", "digital_leap", "green_transition"]


def _app(**query: str | list[str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at


def _toasts(at: AppTest) -> list[str]:
    return [t.value for t in at.toast]


def _chart(at: AppTest) -> str:
    (chart,) = at.get("segmented_control")
    return chart.value


def test_a_scenario_link_may_name_the_file_id_as_well_as_the_title():
    at = _app(scenario="fast_automation").run()
    assert at.selectbox(key="scenario").value == "fast_automation" and not _toasts(at)
    at = _app(scenario="Fast automation").run()
    assert at.selectbox(key="scenario").value == "fast_automation" and not _toasts(at)


@pytest.mark.parametrize("name", ["fast_automaton", "My uploaded future"])
def test_an_unknown_scenario_says_so_and_why_an_upload_may_be_missing(name):
    """A link to a scenario uploaded in another session names a scenario this session does not have."""
    at = _app(scenario=name).run()
    assert not at.exception
    assert at.selectbox(key="scenario").value == "baseline"
    (toast,) = _toasts(at)
    assert f"“{escape(name)}”" in toast and "uploaded again" in toast and "Business as usual is shown" in toast


def test_a_notice_is_given_once_not_on_every_rerun():
    at = _app(scenario="nowhere").run()
    assert len(_toasts(at)) == 1
    at.run()
    assert not _toasts(at)


@pytest.mark.parametrize("value", ["abc", "500", "-1", "nan", "inf"])
def test_a_slider_value_that_is_no_number_in_range_is_replaced_by_the_scenarios(value):
    at = _app(ceil=value).run()
    assert not at.exception and not at.error
    assert at.slider(key="ceil").value == 30  # Business as usual's own value
    (toast,) = _toasts(at)
    assert f"“{escape(value)}”" in toast and "from 0 to 100" in toast and "value, 30, is used" in toast


def test_a_slider_value_in_range_is_taken_without_a_notice():
    at = _app(ceil="40").run()
    assert at.slider(key="ceil").value == 40 and not _toasts(at)


def test_an_unknown_language_says_which_is_shown():
    at = _app(lang="xx").run()
    (toast,) = _toasts(at)
    assert "“xx”" in toast and "English is shown" in toast
    at = _app(lang="nl-BE").run()
    assert not _toasts(at) and at.selectbox(key="lang").value == "nl"


@pytest.mark.parametrize(("key", "bad", "good", "expected", "shown"), [
    ("type", "cooperative", "productive", "productive", "All types of WISE"),
    ("chart", "pie", "openings", "openings", "Workforce by target group"),
])  # fmt: skip
def test_an_unknown_type_or_chart_says_what_is_shown_and_an_id_is_accepted(key, bad, good, expected, shown):
    at = _app(**{key: bad}).run()
    (toast,) = _toasts(at)
    assert f"“{bad}”" in toast and f"{shown} is shown" in toast
    at = _app(**{key: good}).run()
    value = at.selectbox(key=key).value if key == "type" else _chart(at)
    assert value == expected and not _toasts(at)


@pytest.mark.parametrize(("value", "on"), [("1", True), ("yes", True), ("on", True), ("true", True), ("0", False)])
def test_present_accepts_1_yes_and_on_as_true(value, on):
    at = _app(present=value).run()
    assert at.toggle(key="present").value is on and not _toasts(at)


def test_a_switch_value_that_is_neither_on_nor_off_says_so():
    at = _app(present="maybe").run()
    assert at.toggle(key="present").value is False
    (toast,) = _toasts(at)
    assert "Presentation mode" in toast and "“maybe”" in toast


@pytest.mark.parametrize(("step", "shown"), [("99", 6), ("0", 1), ("two", 1)])
def test_a_story_step_outside_the_story_says_which_step_is_shown(step, shown):
    at = _app(step=step).run()
    at.switch_page("app_pages/story.py").run()
    assert not at.exception
    (control,) = at.get("button_group")
    assert control.value == [shown] or control.value == shown
    (toast,) = _toasts(at)
    assert f"“{step}”" in toast and f"step {shown} is shown" in toast


def test_more_than_four_scenarios_on_compare_says_which_was_left_out():
    at = _app(compare=ALL_FIVE).run()
    at.switch_page("app_pages/compare.py").run()
    assert not at.exception
    assert at.multiselect(key="compare").value == ALL_FIVE[:4]
    (toast,) = _toasts(at)
    assert "At most 4" in toast and "Green transition left out" in toast


def test_an_unknown_scenario_on_compare_says_which_are_shown():
    at = _app(compare=["baseline", "austerity", "gone"]).run()
    at.switch_page("app_pages/compare.py").run()
    assert at.multiselect(key="compare").value == ["baseline", "austerity"]
    (toast,) = _toasts(at)
    assert "“gone”" in toast and "Business as usual, Austerity" in toast


def test_chart_and_image_format_survive_a_language_switch_and_a_reload():
    at = _app().run()
    at.get("segmented_control")[0].set_value("openings").run()
    at.radio(key="img").set_value("svg").run()
    at.selectbox(key="lang").set_value("de").run()
    assert not at.exception
    assert _chart(at) == "openings" and at.radio(key="img").value == "svg"
    # the reload of a link that carries both, in the language it was made in, and in another
    for lang, img in (("en", "SVG, vector"), ("nl", "SVG, vector")):
        again = _app(chart="Job openings", img=img, lang=lang).run()
        assert _chart(again) == "openings" and again.radio(key="img").value == "svg", lang
        assert not _toasts(again)


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    folder = tmp_path / "scenarios"
    shutil.copytree(SCENARIOS, folder)
    monkeypatch.setenv("BWISE_SCENARIOS", str(folder))
    monkeypatch.setenv("BWISE_ALLOW_SAVE", "1")
    import bwise_foresight.ui.data as data

    monkeypatch.setattr(data, "SCENARIO_DIR", folder)
    return folder


def test_an_uploaded_scenario_is_listed_and_shown_at_once(scratch):
    at = _app().run()
    text = (FIXTURES / "scenarios" / "valid_minimal.yaml").read_bytes()
    at.file_uploader(key="upload").set_value(("my_upload.yaml", text, "application/x-yaml")).run()
    assert not at.exception, at.exception
    picker = at.selectbox(key="scenario")
    assert "Minimal valid scenario" in picker.options and picker.value == "my_upload"
    assert at.header[0].value == "Minimal valid scenario"
    assert any("Loaded **Minimal valid scenario** and showing it" in s.value for s in at.success)


def test_an_upload_named_like_a_file_on_disk_gets_its_own_id(scratch):
    at = _app().run()
    text = (FIXTURES / "scenarios" / "valid_minimal.yaml").read_bytes()
    at.file_uploader(key="upload").set_value(("baseline.yaml", text, "application/x-yaml")).run()
    assert at.selectbox(key="scenario").value == "baseline_2"
    assert {"Business as usual", "Minimal valid scenario"} <= set(at.selectbox(key="scenario").options)


def test_the_save_name_and_the_replace_tick_follow_the_scenario_on_screen(scratch):
    at = _app().run()
    assert at.text_input(key="save_name").value == "business_as_usual.yaml"
    at.text_input(key="save_name").input("fast_automation.yaml").run()
    at.checkbox(key="save_overwrite").check().run()
    at.selectbox(key="scenario").select("Austerity").run()
    assert at.text_input(key="save_name").value == "austerity.yaml"
    assert at.checkbox(key="save_overwrite").value is False  # the tick was for another file
    assert at.button(key="save").disabled  # austerity.yaml exists and nobody ticked to replace it
    at.checkbox(key="save_overwrite").check().run()
    at.button(key="save").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Saved as scenarios/austerity.yaml."]
    assert (scratch / "fast_automation.yaml").read_text() == (SCENARIOS / "fast_automation.yaml").read_text()


PAGES = ("explore", "compare", "profile", "competence", "sensitivity", "story", "data_method")
# widgets that a link may set: each carries the query parameter it is bound to (``bind="query-params"``)
KINDS = ("selectbox", "multiselect", "slider", "select_slider", "toggle", "checkbox", "radio", "button_group")
KINDS += ("segmented_control", "number_input", "text_input", "pills")
BAD = "zzz"


def _open(page: str, **query: str) -> AppTest:
    at = _app(**query).run()  # the first run is Explore, with the sidebar every page shares
    if page != "explore":
        at.switch_page(f"app_pages/{page}.py").run()
    return at


def _bound_keys(at: AppTest) -> set[str]:
    return {key for kind in KINDS for e in at.get(kind) if (key := getattr(e.proto, "query_param_key", ""))}


@pytest.mark.parametrize("page", PAGES)
def test_every_control_bound_to_the_link_says_when_it_ignores_a_value(page):
    """The class, not the cases: every URL-bound widget on the page, found by its query parameter,
    given a value it cannot use, gives one notice that quotes the value. The sidebar's controls (and
    the sliders) are checked on Explore, where the first run shows their notices."""
    keys = _bound_keys(_open(page))
    if page != "explore":
        keys -= _bound_keys(_open("explore"))
    at = _open(page, **dict.fromkeys(keys, BAD))
    assert not at.exception
    toasts = [text for text in _toasts(at) if f"“{BAD}”" in text]
    assert len(toasts) == len(keys), (sorted(keys), toasts)


@pytest.mark.parametrize("year", ["1999", "2041", "later"])
def test_a_sensitivity_year_outside_the_horizon_says_which_year_is_shown(year):
    at = _open("sensitivity", s_year=year)
    assert at.selectbox(key="s_year").value == 2040
    (toast,) = _toasts(at)
    assert toast == f"Year: “{year}” from the link is not a year of this scenario, so 2040 is shown."
    at = _open("sensitivity", s_year="2035")
    assert at.selectbox(key="s_year").value == 2035 and not _toasts(at)
