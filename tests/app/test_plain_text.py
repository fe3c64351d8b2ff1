"""AppTest: a scenario's, story's or upload's own text is shown as typed, never as Markdown (issue 11 §2).

Streamlit renders headers, captions, alerts and markdown as Markdown: every element's text is
rendered here with a CommonMark renderer and must hold no image, link, emphasis or code that the
file's text brought in.
"""

from __future__ import annotations

import shutil

import pytest
from markdown_it import MarkdownIt
from paths import ROOT, SCENARIOS
from streamlit.testing.v1 import AppTest

IMAGE = "![x](http://127.0.0.1:9/img.png)"
TITLE = f"{IMAGE} **Hostile** title"
DESCRIPTION = f"A description with {IMAGE}, __bold__, `code` and [a link](http://127.0.0.1:9/)"
KEY = f"`{IMAGE}` **key**"
MD = MarkdownIt("commonmark")


def _html(markdown: str) -> str:
    return MD.render(markdown)


def _assert_inert(markdown: str) -> None:
    html = _html(markdown)
    assert "<img" not in html and '="http://127.0.0.1:9' not in html, html  # no image, no link to it
    assert "<strong>Hostile</strong>" not in html and "<strong>key</strong>" not in html


@pytest.fixture
def hostile_folder(tmp_path, monkeypatch):
    folder = tmp_path / "scenarios"
    shutil.copytree(SCENARIOS, folder)
    (folder / "hostile.yaml").write_text(
        f"title: '{TITLE}'\ndescription: '{DESCRIPTION}'\nextends: baseline\n", encoding="utf-8"
    )
    (folder / "hostile_key.yaml").write_text(f"title: Key\nextends: baseline\n'{KEY}': 1\n", encoding="utf-8")
    monkeypatch.setenv("BWISE_SCENARIOS", str(folder))
    import bwise_foresight.ui.data as data

    monkeypatch.setattr(data, "SCENARIO_DIR", folder)
    return folder


@pytest.fixture
def hostile_story(hostile_folder, tmp_path, monkeypatch):
    stories = tmp_path / "stories"
    stories.mkdir()
    (stories / "hostile.yaml").write_text(
        f"title: '{TITLE}'\nsteps:\n  - title: '{TITLE}'\n    scenario: hostile\n    charts: [workforce]\n"
        f"    talking_points:\n      - '{DESCRIPTION}'\n      - '- a point that starts like a list'\n",
        encoding="utf-8",
    )
    import bwise_foresight.ui.data as data

    monkeypatch.setattr(data, "ROOT", tmp_path)  # the Story page reads ROOT / "stories"
    return stories


def _app(**query: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at


def _texts(at: AppTest) -> list[str]:
    return [
        e.value
        for kind in ("title", "header", "subheader", "caption", "markdown", "error", "success", "warning", "info")
        for e in getattr(at, kind)
    ]


def test_explore_shows_a_hostile_title_and_description_as_typed(hostile_folder):
    at = _app().run()
    at.selectbox(key="scenario").select(TITLE).run()
    assert not at.exception and not at.error
    (header,) = at.header
    assert _html(header.value) == f"<p>{MD.utils.escapeHtml(TITLE)}</p>\n"
    assert any(_html(c.value) == f"<p>{MD.utils.escapeHtml(DESCRIPTION)}</p>\n" for c in at.caption)
    narrative = next(m.value for m in at.markdown if "By 2040 under" in m.value)
    assert f"<strong>{MD.utils.escapeHtml(TITLE)}</strong>" in _html(narrative)  # bold kept, asterisks shown
    for text in _texts(at):
        _assert_inert(text)


def test_a_hostile_key_in_an_error_box_stays_inside_its_code_span(hostile_folder):
    at = _app().run()
    at.selectbox(key="scenario").select("hostile_key (has errors)").run()
    assert not at.exception
    (error,) = at.error
    html = _html(error.value)
    assert "<img" not in html and "<strong>key" not in html
    assert "scenarios/hostile_key.yaml" in html


@pytest.mark.parametrize("page", ["app_pages/compare.py", "app_pages/sensitivity.py", "app_pages/data_method.py"])
def test_other_pages_show_the_title_as_typed(hostile_folder, page):
    at = _app(scenario=TITLE, compare=[TITLE, "Business as usual"]).run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    for text in _texts(at):
        _assert_inert(text)
    if page != "app_pages/compare.py":  # Compare names scenarios only in its picker and charts
        assert any(MD.utils.escapeHtml(TITLE) in _html(text) for text in _texts(at))
    else:
        assert "hostile" in at.multiselect(key="compare").value


def test_a_storys_texts_are_shown_as_typed(hostile_story):
    at = _app().run()
    at.switch_page("app_pages/story.py").run()
    assert not at.exception, at.exception
    (title,) = at.title
    assert _html("# " + title.value) == f"<h1>1. {MD.utils.escapeHtml(TITLE)}</h1>\n"
    points = _html(next(m.value for m in at.markdown if "a point" in m.value))
    assert points.count("<li>") == 2 and "<ul>\n<li>\n<ul>" not in points
    for text in _texts(at):
        _assert_inert(text)
