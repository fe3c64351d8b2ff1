"""Building blocks the pages share: error lists, headline metrics, charts."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from bwise_foresight import Problem, charts
from bwise_foresight.charts import chart_config
from bwise_foresight.summary import Headline

from . import data
from .controls import State, state
from .files import chart_downloads


def problems(items: list[Problem], *, what: str = "This scenario file") -> None:
    """Show every problem of an input file, one line each, as the CLI prints them."""
    lines = "\n".join(f"- `{p}`" for p in items)
    st.error(
        f"**{what} cannot be used.** Fix these lines and the page updates by itself:\n\n{lines}",
        icon=":material/error:",
    )


def chart(fig: go.Figure, *, name: str, key: str | None = None, downloads: bool = True) -> None:
    """Draw a figure full width, its camera button exporting at print scale, with a Download menu.

    In presentation mode the figure gets projector-sized type and height.
    """
    if state().present:
        fig.update_layout(
            font={"size": 20},
            title={"font": {"size": 28}},
            legend={"font": {"size": 18}},
            height=max(fig.layout.height or 0, 640),
            margin={"t": 150},  # room for the larger title and legend
        )
    st.plotly_chart(
        fig, width="stretch", theme=None, config=chart_config(name, image_format=state().image_format), key=key
    )
    if downloads:
        chart_downloads(fig, name=name)


def standard_chart(
    kind: str, ours: data.Result, ref: data.Result | None, *, name: str, key: str, spread: pd.DataFrame | None = None
) -> None:
    """One of the standard charts of a projection against the reference, with its Download menu."""
    b = data.baseline()
    fig = charts.standard_figure(
        kind,
        ours.frame,
        profiles=b.profiles,
        competences=b.competences,
        gaps=ours.gaps,
        year=int(ours.projection.years[-1]),
        reference=ref.frame if ref else None,
        reference_gaps=ref.gaps if ref else None,
        reference_name=ref.scenario.title if ref else "",
        spread=spread,
    )
    chart(fig, name=name, key=key)


def page(title: str) -> State:
    """Title a page that needs a valid scenario; show the scenario's problems and stop without one."""
    st.title(title)
    s = state()
    if s.problems or s.scenario is None:
        problems(s.problems)
        st.stop()
    return s


def _delta(value: float, reference: float, *, pct: bool = True) -> str | None:
    if reference == 0:
        return None
    return f"{value / reference - 1:+.1%}" if pct else f"{value - reference:+.2f}"


def _millions(value: float) -> str:
    if value >= 1e8:
        return f"{value / 1e6:,.0f} M"
    return f"{value / 1e6:,.2f} M" if value >= 1e6 else f"{value:,.0f}"


def metrics(ours: Headline, reference: Headline | None) -> None:
    """The row of headline figures for the end year, with the difference from the reference."""
    same = reference is not None and (reference.scenario, reference.title) == (ours.scenario, ours.title)
    ref = None if same else reference
    cols = st.columns(4)
    cols[0].metric(
        f"Workforce {ours.end_year}",
        f"{ours.workforce_end:,.0f}",
        _delta(ours.workforce_end, ref.workforce_end) if ref else None,
        border=True,
        help=f"Persons employed in WISEs in {ours.end_year} ({ours.workforce_start:,.0f} in {ours.start_year}).",
    )
    cols[1].metric(
        "Job openings",
        _millions(ours.openings_total),
        _delta(ours.openings_total, ref.openings_total) if ref else None,
        border=True,
        help=f"Persons hired {ours.start_year + 1}–{ours.end_year}: expansion demand {ours.openings_expansion:,.0f} + "
        f"replacement demand {ours.openings_replacement:,.0f} ({ours.replacement_share:.0%} replacement).",
    )
    cols[2].metric(
        f"Gap {ours.end_year} (levels)",
        f"{ours.gap_end:.2f}",
        _delta(ours.gap_end, ref.gap_end, pct=False) if ref else None,
        delta_color="inverse",
        border=True,
        help="Levels short per worker, importance-weighted over competences and workforce-weighted over "
        f"profiles ({ours.gap_start:.2f} in {ours.start_year}).",
    )
    cols[3].metric(
        f"Training {ours.end_year} (h)",
        _millions(ours.training_hours_end),
        _delta(ours.training_hours_end, ref.training_hours_end) if ref else None,
        delta_color="inverse",
        border=True,
        help=f"Hours to close every gap in {ours.end_year}: {ours.training_hours_per_worker:,.0f} per worker.",
    )
    needs = " · ".join(f"**{name}** ({change:+.0%})" for name, change in ours.top_need)
    st.markdown(
        f":material/trending_up: Need grows most, {ours.start_year}–{ours.end_year}: {needs}",
        help="Competences whose need (persons × importance) grows most in absolute terms; "
        "the percentage is the growth on the base year.",
    )
