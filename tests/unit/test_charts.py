"""Figure factories: titles with units, labelled axes, a source line, the reference grey and dashed."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from paths import ROOT, SCENARIOS

from bwise_foresight import charts, load_scenario, project
from bwise_foresight.baseline import CLUSTERS, DESTINATIONS, GROUPS, WISE_TYPES
from bwise_foresight.i18n import EN, Translator
from bwise_foresight.summary import gap_by_cluster


@pytest.fixture(scope="module")
def frames(baseline, base_scenario):
    fast = load_scenario(SCENARIOS / "fast_automation.yaml", baseline=baseline)
    return project(fast, baseline).to_frame(), project(base_scenario, baseline).to_frame()


def _check_common(fig: go.Figure, unit: str) -> None:
    assert unit in fig.layout.title.text, fig.layout.title.text
    assert fig.layout.xaxis.title.text or fig.layout.yaxis.title.text
    assert any("Source:" in a.text for a in fig.layout.annotations)
    for trace in fig.data:
        assert trace.hovertemplate is None or "<extra></extra>" in trace.hovertemplate or trace.hoverinfo == "skip"


def _reference_traces(fig: go.Figure) -> list:
    return [t for t in fig.data if t.name and "(reference)" in t.name]


@pytest.mark.parametrize("by", ["group", "profile"])
def test_workforce_figure(frames, baseline, by):
    ours, ref = frames
    fig = charts.workforce_figure(ours, profiles=baseline.profiles, by=by, reference=ref)
    _check_common(fig, "(persons)")
    stacked = [t for t in fig.data if t.stackgroup]
    assert len(stacked) == (3 if by == "group" else len(baseline.profile_ids))
    total = sum(np.asarray(t.y) for t in stacked)
    emp = ours[ours.variable == "employment"].groupby("year", observed=True).value.sum().to_numpy()
    np.testing.assert_allclose(total, emp)
    (reference,) = _reference_traces(fig)
    assert reference.line.dash == "dash" and reference.line.color == charts.REFERENCE_COLOR
    assert fig.layout.yaxis.title.text == "Persons employed"


def test_openings_figure_splits_expansion_and_replacement(frames):
    ours, ref = frames
    fig = charts.openings_figure(ours, reference=ref)
    _check_common(fig, "(persons/year)")
    names = [t.name for t in fig.data]
    assert "Replacement demand (leavers)" in names and "Expansion demand (net change)" in names
    assert fig.layout.barmode == "relative"
    assert len(_reference_traces(fig)) == 1


def test_openings_keep_integration_turnover_apart_from_staff_replacement(frames, baseline):
    ours, _ = frames
    fig = charts.openings_figure(ours, profiles=baseline.profiles)
    bars = {t.name: np.asarray(t.y) for t in fig.data}
    assert set(bars) == {
        "Replacement demand (staff who leave)",
        "Integration turnover (workers with support needs moving on)",
        "Expansion demand (net change)",
    }
    replacement = ours[ours["variable"] == "openings_replacement"].groupby("year", observed=True)["value"].sum()
    together = (
        bars["Replacement demand (staff who leave)"]
        + bars["Integration turnover (workers with support needs moving on)"]
    )
    assert np.allclose(together, replacement.to_numpy())
    assert (
        bars["Integration turnover (workers with support needs moving on)"].min()
        > 3 * bars["Replacement demand (staff who leave)"].max()
    )  # turnover of workers with support needs dwarfs staff replacement


def test_pathways_figure_stacks_every_destination(frames):
    ours, ref = frames
    fig = charts.pathways_figure(ours, reference=ref)
    _check_common(fig, "(persons/year)")
    bars = [t for t in fig.data if t.type == "bar"]
    assert [b.name for b in bars] == [EN(f"destination.{d}") for d in DESTINATIONS]
    exits = ours[(ours["variable"] == "exits")].groupby("year", observed=True)["value"].sum()
    wsn_exits = sum(np.asarray(b.y) for b in bars)
    assert (wsn_exits < exits.to_numpy()).all() and wsn_exits.min() > 0.9 * exits.min()  # staff leave too
    assert fig.layout.barmode == "stack" and len(_reference_traces(fig)) == 1


def test_transitions_by_type_has_a_line_per_wise_type(baseline, base_scenario):
    by_type = project(base_scenario, baseline).to_frame(["transitions_open_market"], by_type=True)
    fig = charts.transitions_by_type_figure(by_type, reference=by_type, reference_name="Business as usual")
    names = [t.name for t in fig.data]
    assert names[:3] == [EN(f"wise_type.{w}") for w in WISE_TYPES] and len(names) == 6
    total = by_type[by_type["variable"] == "transitions_open_market"].groupby("year", observed=True)["value"].sum()
    assert np.allclose(sum(np.asarray(t.y) for t in fig.data[:3]), total.to_numpy())


def test_gap_by_cluster_figure(baseline, base_scenario):
    gaps = gap_by_cluster(project(base_scenario, baseline), baseline)
    fig = charts.gap_by_cluster_figure(gaps, reference=gaps, reference_name="Business as usual")
    _check_common(fig, "(levels")
    assert list(fig.data[0].x) == [EN.cluster(c) for c in gaps.columns]
    assert _reference_traces(fig)[0].marker.color == charts.REFERENCE_COLOR


def test_training_figure_sorted_with_reference(frames, baseline):
    ours, ref = frames
    fig = charts.training_figure(ours, profiles=baseline.profiles, year=2040, reference=ref)
    _check_common(fig, "(million hours)")
    bars = np.asarray(fig.data[0].x, dtype=float)
    assert (np.diff(bars) >= 0).all()
    assert len(bars) == len(baseline.profile_ids)


def test_need_heatmap(frames, baseline):
    ours, _ = frames
    matrix = charts.need_matrix(ours, year=2040, competences=baseline.competences, profiles=baseline.profiles)
    assert matrix.shape == (len(baseline.competence_ids), len(baseline.profile_ids))
    fig = charts.heatmap_figure(
        matrix,
        title="Competence need (persons)",
        colorbar_title="persons",
        hover_unit="persons",
        x_title="WISE profile",
        y_title="Competence",
    )
    _check_common(fig, "(persons)")
    assert fig.data[0].colorbar.title.text == "persons"


def test_palette_is_okabe_ito_and_config_exports_at_print_scale():
    assert charts.PALETTE[:3] == ["#0072B2", "#E69F00", "#009E73"]
    config = charts.chart_config("x", image_format="svg")
    assert config["toImageButtonOptions"] == {"format": "svg", "filename": "x", "scale": charts.PRINT_SCALE}
    assert charts.PRINT_SCALE >= 3


def test_the_chart_toolbar_speaks_the_language():
    from pathlib import Path

    import plotly

    assert "locale" not in charts.chart_config("x")  # English: plotly.js's own texts
    config = charts.chart_config("x", t=Translator("de"))
    dictionary = config["locales"]["de"]["dictionary"]
    assert config["locale"] == "de" and dictionary["Download plot as a PNG"] == "Diagramm als PNG herunterladen"
    # the keys are plotly.js's own English texts: a plotly.js that renames one would silently show English
    bundle = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text(encoding="utf-8")
    assert [text for text in charts.PLOTLY_TEXTS if f'"{text}"' not in bundle and f"'{text}'" not in bundle] == []


def test_the_library_core_never_imports_streamlit():
    code = (
        "import sys, bwise_foresight, bwise_foresight.charts, bwise_foresight.summary, bwise_foresight.levers, "
        "bwise_foresight.cli; print('streamlit' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "False"


def test_every_standard_chart_has_a_table_of_its_numbers(baseline, base_scenario):
    """The text alternative of a chart: rows are its categories or years, columns its named series."""
    ours = project(base_scenario, baseline)
    frame, gaps = ours.to_frame(), gap_by_cluster(ours, baseline)
    by_type = ours.to_frame(charts.BY_TYPE_VARIABLES, by_type=True)
    common = dict(profiles=baseline.profiles, competences=baseline.competences, gaps=gaps, year=2040, by_type=by_type)
    tables = {
        kind: charts.data_table(charts.standard_figure(kind, frame, reference=frame, reference_gaps=gaps, **common))
        for kind in charts.STANDARD
    }
    workforce = tables["workforce"]
    assert list(workforce.index) == list(range(2024, 2041)) and workforce.index.name == "Year"
    assert list(workforce.columns[:3]) == [EN.group(g) for g in GROUPS]
    employment = frame[frame["variable"] == "employment"].groupby("year", observed=True)["value"].sum()
    assert np.allclose(workforce.iloc[:, :3].sum(axis=1), employment.to_numpy())
    assert np.allclose(workforce.iloc[:, 3], employment.to_numpy())  # the reference's total line
    training = tables["training"]
    assert set(training.index) == set(baseline.profiles["name"]) and training.shape[1] == 2
    assert tables["need"].shape == (len(baseline.competence_ids), len(baseline.profile_ids))
    assert list(tables["gaps"].index) == [EN.cluster(c) for c in CLUSTERS]


def test_long_titles_wrap_and_make_room():
    long = "Chi ha bisogno di «Risolvere problemi tecnici»: fabbisogno per profilo e anno (persone, ponderato)"
    assert charts.wrap_title(long) == long.replace(": ", ":<br>", 1)
    assert charts.wrap_title("Workforce by target group (persons)") == "Workforce by target group (persons)"
    matrix = pd.DataFrame([[1.0, 2.0]], index=["a"], columns=["x", "y"])
    short = charts.heatmap_figure(matrix, title="Short", colorbar_title="", hover_unit="")
    wrapped = charts.heatmap_figure(matrix, title=long, colorbar_title="", hover_unit="")
    assert "<br>" in wrapped.layout.title.text and wrapped.layout.margin.t == short.layout.margin.t + 24
