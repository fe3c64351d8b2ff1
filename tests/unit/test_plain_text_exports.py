"""A scenario's own text is text in the narrative, the slides and the exported files (issue 11 §2)."""

from __future__ import annotations

import io

import pytest
from markdown_it import MarkdownIt

from bwise_foresight import exports
from bwise_foresight.markup import plain
from bwise_foresight.model import project
from bwise_foresight.summary import headline, narrative

HOSTILE = "![x](http://host.invalid/img.png) **Fast** `automation` :red[now] <b>bold</b>"
MD = MarkdownIt("commonmark")


@pytest.fixture(scope="module")
def hostile(base_scenario):
    return base_scenario.model_copy(update={"title": HOSTILE})


def _headline(scenario, baseline):
    return headline(project(scenario, baseline), baseline)


def test_the_narrative_shows_a_title_as_typed_inside_the_catalogues_bold(hostile, baseline, base_scenario):
    text = narrative(_headline(hostile, baseline), _headline(base_scenario, baseline))
    html = MD.render(text)
    assert "<img" not in html and "<a " not in html and "<code>" not in html and "<b>" not in html
    assert f"<strong>{MD.utils.escapeHtml(HOSTILE)}</strong>" in html  # bold, with its asterisks shown
    assert plain(text).count(HOSTILE) == 1  # and plain text keeps every character of it


def test_the_narrative_escapes_titles_given_by_the_page_and_competence_names(baseline, base_scenario):
    ours = _headline(base_scenario, baseline)
    names = {cid: f"**{cid}**" for cid, _ in ours.top_need}
    text = narrative(ours, None, titles={ours.scenario: "*starred* title"}, names=names)
    html = MD.render(text)
    assert "<em>" not in html and "*starred* title" in html
    assert "<strong>" + next(iter(names)) not in html


def test_slides_and_the_html_title_show_the_title_as_typed(hostile, baseline, base_scenario):
    from PIL import Image
    from pptx import Presentation

    text = narrative(_headline(hostile, baseline), _headline(base_scenario, baseline))
    buffer = io.BytesIO()
    Image.new("RGB", (300, 150), "white").save(buffer, format="PNG")
    charts = exports.standard_charts(hostile, baseline, hostile)
    deck = exports.to_pptx_bytes(
        [(c, buffer.getvalue()) for c in charts[:1]], scenario=hostile, text=text, baseline=baseline
    )
    slide, *_ = Presentation(io.BytesIO(deck)).slides
    first = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]
    assert HOSTILE in first  # the slide's title
    assert any(HOSTILE in x and "**" not in x.replace(HOSTILE, "") and "\\" not in x for x in first)  # narrative
    assert HOSTILE in charts[0].caption
    page = exports.figure_to_html_bytes(charts[0].figure, title=charts[0].caption).decode()
    assert "<b>bold</b>" not in page.split("</title>")[0]
    assert "&lt;b&gt;bold&lt;/b&gt;" in page.split("</title>")[0]
