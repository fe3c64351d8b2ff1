"""Every row and column labelled, legends whole: on screen (the figure) and in exported images (SVG)."""

from __future__ import annotations

import itertools
import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from bwise_foresight import charts, exports, project
from bwise_foresight.charts.theme import GROUP_COLORS, _shades
from bwise_foresight.i18n import Translator
from bwise_foresight.summary import gap_by_cluster

MIN_ROW_PX = 20  # 14 px labels need at least this much height per row, or Plotly thins them out


@pytest.fixture(scope="module")
def result(baseline, base_scenario):
    ours = project(base_scenario, baseline)
    return ours, ours.to_frame()


def _standard(kind: str, result, baseline, t: Translator | None = None) -> go.Figure:
    ours, frame = result
    named = baseline.localized(t) if t else baseline
    return charts.standard_figure(
        kind,
        frame,
        profiles=named.profiles,
        competences=named.competences,
        gaps=gap_by_cluster(ours, baseline),
        year=2040,
        reference=frame,
        reference_name="Business as usual",
        by_type=ours.to_frame(charts.BY_TYPE_VARIABLES, by_type=True),
        **({"t": t} if t else {}),
    )


def _plot_height(fig: go.Figure) -> float:
    margin, default = fig.layout.margin, charts.TEMPLATE.layout.margin
    return fig.layout.height - (margin.t or default.t) - (margin.b or default.b)


def test_the_need_heatmap_labels_every_competence_and_profile(result, baseline):
    fig = _standard("need", result, baseline)
    names, profiles = list(baseline.competences["name"]), list(baseline.profiles["name"])
    assert fig.layout.yaxis.tickmode == "array" and list(fig.layout.yaxis.tickvals) == names
    assert fig.layout.xaxis.tickmode == "array" and list(fig.layout.xaxis.tickvals) == profiles
    assert _plot_height(fig) / len(names) >= MIN_ROW_PX


def test_a_heatmap_over_years_labels_every_year():
    years = list(range(2024, 2041))
    matrix = pd.DataFrame(np.ones((16, len(years))), index=[f"profile {i}" for i in range(16)], columns=years)
    fig = charts.heatmap_figure(matrix, title="Who needs it (persons)", colorbar_title="", hover_unit="", tickangle=-45)
    assert list(fig.layout.xaxis.tickvals) == years
    assert list(fig.layout.yaxis.tickvals) == list(matrix.index)
    assert _plot_height(fig) / 16 >= MIN_ROW_PX


def test_the_source_line_sits_below_rotated_column_labels():
    long = ["Technical instructor / production supervisor", "Worker in assembly and light manufacturing"]
    fig = charts.heatmap_figure(
        pd.DataFrame([[1.0, 2.0]], index=["a"], columns=long), title="x", colorbar_title="", hover_unit=""
    )
    labels_px = 0.4 * 14 * max(map(len, long)) * np.sin(np.radians(40))  # the labels' height, at the least
    assert -fig.layout.annotations[0].yshift > labels_px + 30  # below the labels and the axis title
    assert fig.layout.margin.b > -fig.layout.annotations[0].yshift + 15  # and inside the figure


@pytest.mark.parametrize("lang", ["en", "de"])
def test_training_hours_label_every_profile(result, baseline, lang):
    fig = _standard("training", result, baseline, Translator(lang))
    bars = fig.data[0]
    assert list(fig.layout.yaxis.tickvals) == list(bars.y) and len(bars.y) == len(baseline.profile_ids)
    assert _plot_height(fig) / len(bars.y) >= MIN_ROW_PX


def test_bars_and_dumbbells_label_every_row():
    values = pd.Series(np.arange(16.0), index=[f"profile {i}" for i in range(16)])
    bars = charts.bars_figure(values, title="Gap (levels)", x_title="levels", hover_unit="levels")
    assert list(bars.layout.yaxis.tickvals) == list(values.index)
    table = pd.DataFrame(
        {c: np.full(16, 2.0) for c in ("required_first", "available_first", "required_last", "available_last")},
        index=values.index,
    )
    dumbbell = charts.proficiency_figure(table, first_year=2024, last_year=2040, title="Proficiency (levels)")
    assert list(dumbbell.layout.yaxis.tickvals) == list(values.index)
    assert _plot_height(dumbbell) / 16 >= MIN_ROW_PX


def test_workforce_by_profile_has_its_whole_legend_in_stacking_order(result, baseline):
    fig = _standard("workforce_profiles", result, baseline)
    entries = [tr for tr in fig.data if tr.showlegend is not False]
    assert [tr.name for tr in entries if tr.stackgroup] == list(
        baseline.profiles.set_index("group").loc[list(GROUP_COLORS), "name"]
    )
    assert any("reference" in tr.name for tr in entries)
    # a vertical legend of 12 px type: 19 px an entry, 30 px a group title, all inside the plot's height
    assert _plot_height(fig) >= 19 * len(entries) + 30 * len(GROUP_COLORS)
    ranks = [tr.legendrank for tr in entries]
    assert ranks == sorted(ranks, reverse=True)  # the top of the stack first


def _luminance(rgb: str) -> float:
    channels = [int(v) / 255 for v in re.findall(r"\d+", rgb)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("n", [4, 8])
def test_neighbouring_profiles_of_a_group_differ_clearly(n):
    for color in GROUP_COLORS.values():
        shades = [_luminance(c) for c in _shades(color, n)]
        ratios = [(max(a, b) + 0.05) / (min(a, b) + 0.05) for a, b in itertools.pairwise(shades)]
        assert min(ratios) >= 1.4, (color, ratios)  # tints 0.09 apart gave 1.1: indistinguishable


def test_a_tall_heatmap_goes_on_slides_in_legible_parts(result, baseline):
    fig = _standard("need", result, baseline)
    parts = exports.slide_figures(fig)
    assert len(parts) == 3 and all(len(p.data[0].y) <= exports.SLIDE_ROWS for p in parts)
    assert [name for p in parts for name in p.data[0].y] == list(fig.data[0].y)
    assert all(list(p.layout.yaxis.tickvals) == list(p.data[0].y) for p in parts)
    assert len({(p.data[0].zmin, p.data[0].zmax) for p in parts}) == 1  # one colour scale
    assert parts[0].layout.title.text.endswith("(1/3)") and parts[0].layout.height < fig.layout.height
    assert exports.slide_figures(_standard("training", result, baseline)) != []


def _legend_fits(svg: str) -> tuple[int, bool]:
    """Legend entries in an exported SVG, and whether all of them lie inside the legend's box."""
    legend = svg[svg.index('<g class="legend"') :]
    height = float(re.search(r'<rect class="bg"[^>]*height="([\d.]+)"', legend).group(1))
    groups = [float(y) for y in re.findall(r'<g class="groups" transform="translate\(0,([\d.]+)\)"', legend)] or [0]
    entries = re.findall(r'<g class="traces" transform="translate\(0,([\d.]+)\)"', legend)
    bottom = max(groups) + max(float(y) for y in entries)
    return len(entries), bottom + 8 <= height


def test_exported_images_keep_every_label_and_the_whole_legend(result, baseline, chromium):
    need = _standard("need", result, baseline)
    need.update_layout(width=800)  # as narrow as the chart on a laptop screen
    svg = exports.figure_to_image_bytes(need, "svg").decode()
    assert len(re.findall(r'<g class="ytick"><text', svg)) == len(baseline.competence_ids)
    assert len(re.findall(r'<g class="xtick"><text', svg)) == len(baseline.profile_ids)
    workforce = _standard("workforce_profiles", result, baseline)
    entries, fits = _legend_fits(exports.figure_to_image_bytes(workforce, "svg").decode())
    assert entries == len(baseline.profile_ids) + 1 + len(GROUP_COLORS) and fits  # profiles, reference, groups
