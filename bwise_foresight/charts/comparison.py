"""Figures comparing scenarios: one line per scenario, differences as grouped bars."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from ..i18n import EN, Translator
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
