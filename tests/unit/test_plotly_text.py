"""User text in charts is text (issue 11 §2, for Plotly): scenario titles, profile and competence
names, assumption names and every title shown exactly as typed in every figure — never bold, a
link, a line break or a template field — and as typed again in the chart's table and CSV.

Plotly reads a small HTML in every text it draws (``<b>``, ``<a href>``, ``<br>``, entities) and
fills in ``%{…}``; a PDF viewer turns ``http://…`` in an exported chart into a link by itself.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from paths import SCENARIOS

from bwise_foresight import charts, exports, load_scenario, project
from bwise_foresight.i18n import EN
from bwise_foresight.markup import plotly_plain, plotly_text
from bwise_foresight.summary import gap_by_cluster

HOSTILE = 'A <b>bold</b> <a href="http://evil.example/x">link</a>, https://bare.example %{x} %{meta} &amp; R&D<br>end'
# Plotly markup our factories write themselves: line breaks, the hover box's <extra>, template fields
OURS = re.compile(r"<br>|</?extra>|%\{(?:x|y|z|customdata(?:\[\d\])?)(?::[^}]*)?\}")
ENTITY = re.compile(r"&(?:amp|lt|gt|#37);")


def _strings(node: object, path: str = ""):
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            if key not in ("template", "meta"):  # meta: the CSV headers' unit, never drawn
                yield from _strings(value, f"{path}.{key}")
    elif isinstance(node, list | tuple | np.ndarray):
        for i, value in enumerate(node):
            yield from _strings(value, f"{path}[{i}]")


def _markup_left(fig: go.Figure) -> list[tuple[str, str]]:
    """Every string of the figure that still holds markup, a template field, a bare '&' or an address."""
    bad = []
    for path, text in _strings(fig.to_plotly_json()):
        rest = OURS.sub("", text)
        if re.search(r"[<>]|%\{|https?://", rest) or "&" in ENTITY.sub("", rest):
            bad.append((path, text))
    return bad


@pytest.fixture(scope="module")
def hostile(baseline, base_scenario):
    """Everything a file or a translation may name, named HOSTILE: profiles, competences, the reference."""
    profiles, competences = baseline.profiles.copy(), baseline.competences.copy()
    profiles["name"] = [f"{HOSTILE} {i}" for i in range(len(profiles))]
    competences["name"] = [f"{HOSTILE} {i}" for i in range(len(competences))]
    fast = load_scenario(SCENARIOS / "fast_automation.yaml", baseline=baseline)
    ours, ref = project(fast, baseline), project(base_scenario, baseline)
    frame, reference = ours.to_frame(), ref.to_frame()
    frame["scenario"] = reference["scenario"] = HOSTILE
    return {
        "profiles": profiles,
        "competences": competences,
        "frame": frame,
        "reference": reference,
        "gaps": gap_by_cluster(ours, baseline),
        "reference_gaps": gap_by_cluster(ref, baseline),
        "by_type": ours.to_frame(charts.BY_TYPE_VARIABLES, by_type=True),
        "reference_by_type": ref.to_frame(charts.BY_TYPE_VARIABLES, by_type=True),
    }


def _figures(h: dict) -> dict[str, go.Figure]:
    """Every figure factory, with HOSTILE in every text it takes."""
    years = pd.Index(range(2024, 2031))
    series = pd.Series(np.linspace(1, 2, len(years)), index=years)
    labelled = pd.Series([1.0, 2.0], index=[f"{HOSTILE} 1", f"{HOSTILE} 2"])
    words = {"title": HOSTILE, "source": HOSTILE}
    figures = {
        f"standard_{kind}": charts.standard_figure(
            kind,
            h["frame"],
            profiles=h["profiles"],
            competences=h["competences"],
            gaps=h["gaps"],
            year=2040,
            reference=h["reference"],
            reference_gaps=h["reference_gaps"],
            reference_name=HOSTILE,
            by_type=h["by_type"],
            reference_by_type=h["reference_by_type"],
        )
        for kind in charts.STANDARD
    }
    figures["workforce_own_reference_name"] = charts.workforce_figure(
        h["frame"], profiles=h["profiles"], reference=h["reference"]
    )  # the reference named by its frame's scenario column
    figures["lines"] = charts.scenario_lines_figure(
        {HOSTILE: series, f"{HOSTILE} 2": series * 2},
        reference_name=HOSTILE,
        y_title=HOSTILE,
        hover_unit=HOSTILE,
        **words,
    )
    figures["difference"] = charts.difference_figure(
        pd.DataFrame({HOSTILE: [1.0, -1.0]}, index=[f"{HOSTILE} a", f"{HOSTILE} b"]),
        x_title=HOSTILE,
        hover_unit=HOSTILE,
        **words,
    )
    figures["bars"] = charts.bars_figure(
        labelled,
        x_title=HOSTILE,
        hover_unit=HOSTILE,
        legend={HOSTILE: "#000000"},
        reference=labelled,
        reference_name=HOSTILE,
        colors=["#000000"] * 2,
        **words,
    )
    figures["heatmap"] = charts.heatmap_figure(
        pd.DataFrame([[1.0, 2.0]], index=[HOSTILE], columns=[f"{HOSTILE} 1", f"{HOSTILE} 2"]),
        colorbar_title=HOSTILE,
        hover_unit=HOSTILE,
        x_title=HOSTILE,
        y_title=HOSTILE,
        **words,
    )
    levels = pd.DataFrame(
        {"required_first": [2.0], "available_first": [1.0], "required_last": [3.0], "available_last": [1.5]},
        index=[HOSTILE],
    )
    figures["proficiency"] = charts.proficiency_figure(levels, first_year=2024, last_year=2040, **words)
    figures["fan"] = charts.fan_figure(
        pd.DataFrame({0.1: series, 0.5: series, 0.9: series}),
        reference=series,
        reference_name=HOSTILE,
        y_title=HOSTILE,
        hover_unit=HOSTILE,
        **words,
    )
    tornado = pd.DataFrame(
        {"assumption": [HOSTILE], "low": [0.1], "high": [0.9], "output_low": [1.0], "output_high": [2.0]}
    )
    tornado.attrs["base"] = 1.5
    figures["tornado"] = charts.tornado_figure(tornado, x_title=HOSTILE, **words)
    sobol = pd.DataFrame({"S1": [0.5], "S1_conf": [0.1], "ST": [0.6], "ST_conf": [0.1]}, index=[HOSTILE])
    figures["sobol"] = charts.sobol_figure(sobol, **words)
    figures["gaps"] = charts.gap_by_cluster_figure(
        h["gaps"], reference=h["reference_gaps"], reference_name=HOSTILE, **words
    )
    return figures


def test_no_figure_reads_user_text_as_markup_a_link_or_a_template_field(hostile):
    figures = _figures(hostile)
    assert len(figures) >= len(charts.STANDARD) + 10
    for name, fig in figures.items():
        assert not _markup_left(fig), (name, _markup_left(fig)[:3])
        assert HOSTILE not in fig.to_json(), name  # every copy of it escaped


def test_the_text_is_all_there_and_reads_as_typed_in_the_charts_table(hostile):
    figures = _figures(hostile)
    title = figures["lines"].layout.title.text  # wrapped: one space became a line break
    assert plotly_plain(title.replace("<br>", " ")) == HOSTILE
    table = charts.data_table(figures["bars"])
    assert list(table.index) == [f"{HOSTILE} 1", f"{HOSTILE} 2"]
    heat = charts.data_table(figures["heatmap"])
    assert list(heat.index) == [HOSTILE] and list(heat.columns) == [f"{HOSTILE} 1", f"{HOSTILE} 2"]
    lines = exports.chart_data(figures["lines"])
    assert f"{HOSTILE} 2 ({HOSTILE})" in lines.columns
    training = charts.data_table(figures["standard_training"])
    assert f"{HOSTILE} 0" in set(training.index)


def test_plotly_text_round_trips_and_breaks_addresses():
    for text in (
        HOSTILE,
        "Frey & Osborne",
        "50 % {x}",
        "www.example.org",
        "mailto:a@b.c",
        "",
        "HTTP://X",
    ):
        assert plotly_plain(plotly_text(text)) == text
    written = plotly_text("see http://a.example, www.b.example and mailto:c@d.example")
    assert "http://" not in written and "www." not in written and "mailto:" not in written
    assert written == "see http\u2236//a.example, www\u2024b.example and mailto\u2236c@d.example"  # look-alikes
    assert plotly_text("<b>%{x}</b> & co") == "&lt;b&gt;&#37;{x}&lt;/b&gt; &amp; co"
    assert plotly_text(EN("chart.source")) == EN("chart.source").replace("&", "&amp;")


def test_an_exported_chart_shows_the_text_and_makes_no_link(chromium):
    """In a real export: the SVG has no link element and no bold text, the PDF's text (what a PDF
    viewer searches for addresses) holds no 'http://'."""
    fig = charts.scenario_lines_figure(
        {HOSTILE: pd.Series([1.0, 2.0], index=[2024, 2025])},
        title=HOSTILE,
        y_title="persons",
        hover_unit="persons",
        source=HOSTILE,
    )
    svg = exports.figure_to_image_bytes(fig, "svg").decode()
    assert not re.search(r"<a[\s>]", svg) and "font-weight:bold" not in svg
    shown = html.unescape(re.sub(r"<[^>]*>", "", svg))  # the SVG's text as a reader sees it
    assert "<b>bold</b>" in shown and "%{meta} &amp; R&D<br>end" in shown
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is needed to read the PDF's text")
    pdf = exports.figure_to_image_bytes(fig, "pdf")
    assert b"/URI" not in pdf
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "<b>bold</b>" in text and "https://" not in text and "http://" not in text
