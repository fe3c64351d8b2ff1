"""Figures comparing scenarios: one line per scenario, differences as grouped bars."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from ..i18n import EN, Translator
from ..markup import plotly_text
from .layout import _finish, _hover
from .theme import PALETTE, REFERENCE_COLOR


def scenario_lines_figure(
    series: Mapping[str, pd.Series],
    *,
    reference_name: str | None = None,
    title: str,
    y_title: str,
    hover_unit: str,
    value_format: str = ",.0f",
    height: int = 460,
    source: str | None = None,
    t: Translator = EN,
) -> go.Figure:
    """One line per scenario on the same axes; ``reference_name`` drawn grey and dashed."""
    traces = []
    colors = iter(PALETTE)
    for name, values in series.items():
        is_ref = name == reference_name
        traces.append(
            dict(
                type="scatter",
                x=values.index.to_numpy(),
                y=values.to_numpy(),
                name=t("chart.reference_of", name=name) if is_ref else name,
                mode="lines",
                line={"color": REFERENCE_COLOR, "dash": "dash", "width": 3}
                if is_ref
                else {"color": next(colors), "width": 3},
                hovertemplate=_hover(name, hover_unit, value_format),
            )
        )
    return _finish(
        traces,
        title=title,
        height=height,
        x_title=t("axis.year"),
        y_title=y_title,
        source=source,
        t=t,
        unit=hover_unit,
        yaxis={"tickformat": value_format},
    )


def difference_figure(
    table: pd.DataFrame,
    *,
    title: str,
    x_title: str,
    hover_unit: str,
    value_format: str = "+,.0f",
    height: int = 460,
    source: str | None = None,
    t: Translator = EN,
) -> go.Figure:
    """Grouped bars: rows are categories (e.g. target groups), columns scenarios, values differences."""
    traces = [
        dict(
            type="bar",
            x=list(table.index),
            y=table[col].to_numpy(),
            name=str(col),
            marker={"color": PALETTE[i % len(PALETTE)]},
            hovertemplate=_hover(str(col), hover_unit, value_format),
        )
        for i, col in enumerate(table.columns)
    ]
    return _finish(
        traces,
        title=title,
        height=height,
        x_title=x_title,
        y_title=t("axis.difference", unit=hover_unit),
        source=source,
        t=t,
        unit=hover_unit,
        barmode="group",
        yaxis={"tickformat": value_format.lstrip("+"), "zeroline": True, "zerolinecolor": "#262730"},
    )


def countries_figure(
    series: Mapping[str, pd.Series],
    *,
    title: str,
    hover_unit: str,
    value_format: str = ",.0f",
    columns: int = 5,
    source: str | None = None,
    t: Translator = EN,
) -> go.Figure:
    """Small multiples: one panel per country (``series``: panel title -> values by year), each with
    its own value axis, since countries differ in size by orders of magnitude."""
    rows = -(-len(series) // columns)
    traces, panels = [], []
    for i, (name, values) in enumerate(series.items(), start=1):
        axis = "" if i == 1 else str(i)
        traces.append(
            dict(
                type="scatter",
                x=values.index.to_numpy(),
                y=values.to_numpy(),
                name=name,
                mode="lines",
                line={"color": PALETTE[0], "width": 2.5},
                xaxis=f"x{axis}",
                yaxis=f"y{axis}",
                showlegend=False,
                hovertemplate=_hover(name, hover_unit, value_format),
            )
        )
        panels.append(
            {
                "text": plotly_text(name),
                "xref": f"x{axis} domain",
                "yref": f"y{axis} domain",
                "x": 0.5,
                "y": 1.0,
                "yshift": 6,
                "showarrow": False,
                "xanchor": "center",
                "yanchor": "bottom",
                "font": {"size": 13},
            }
        )
    fig = _finish(
        traces,
        title=title,
        height=190 * rows + 170,
        x_title="",  # the panels' years speak for themselves; one axis title would sit under one panel
        y_title="",
        source=source,
        t=t,
        unit=hover_unit,
        category=t("data.column.country"),
        grid={"rows": rows, "columns": columns, "pattern": "independent", "ygap": 0.45, "xgap": 0.2},
        showlegend=False,
    )
    fig.update_layout(annotations=[*fig.layout.annotations, *panels])
    for i in range(1, len(series) + 1):
        suffix = "" if i == 1 else str(i)
        fig.update_layout(
            {f"yaxis{suffix}": {"tickformat": "~s", "rangemode": "tozero"}, f"xaxis{suffix}": {"nticks": 3}}
        )
    return fig
