"""Figures of integration pathways: where workers with support needs go when they leave their WISE."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..baseline import DESTINATIONS, WISE_TYPES
from ..i18n import EN, Translator
from ..model import DESTINATION_VARIABLES
from .layout import _finish, _hover, _reference_line
from .projection import _reference_name, _rows

# Positive destinations in strong colours, the others in greys (Okabe–Ito greens and blues first).
DESTINATION_COLORS = dict(zip(DESTINATIONS, ["#009E73", "#56B4E9", "#0072B2", "#9E9E9E", "#CFCFCF"], strict=True))
TYPE_COLORS = dict(zip(WISE_TYPES, ["#0072B2", "#E69F00", "#CC79A7"], strict=True))


def _yearly(frame: pd.DataFrame, variable: str) -> pd.Series:
    return _rows(frame, variable).groupby("year", observed=True)["value"].sum()


def pathways_figure(
    frame: pd.DataFrame,
    *,
    reference: pd.DataFrame | None = None,
    reference_name: str | None = None,
    title: str | None = None,
    height: int = 640,
    source: str | None = None,
    t: Translator = EN,
) -> go.Figure:
    """Leavers with support needs per year, stacked by destination (open employment at the bottom);
    the reference scenario's moves into open employment dashed grey."""
    unit = t("unit.persons")
    traces: list[dict] = []
    for destination in DESTINATIONS:
        series = _yearly(frame, DESTINATION_VARIABLES[destination])
        label = t(f"destination.{destination}")
        traces.append(
            dict(
                type="bar",
                x=series.index.to_numpy(),
                y=series.to_numpy(),
                name=label,
                marker={"color": DESTINATION_COLORS[destination]},
                hovertemplate=_hover(label, unit),
            )
        )
    if reference is not None:
        ours = t("chart.transitions_of", name=_reference_name(reference, t, reference_name))
        traces.append(
            _reference_line(
                _yearly(reference, "transitions_open_market"),
                name=ours,
                hover=t("chart.transitions_reference"),
                unit=unit,
            )
        )
    return _finish(
        traces,
        title=title or t("chart.pathways"),
        height=height,
        x_title=t("axis.year"),
        y_title=t("axis.leavers"),
        source=source,
        t=t,
        unit=t("unit.persons_per_year"),
        barmode="stack",
        yaxis={"tickformat": ",.0f", "rangemode": "tozero"},
        legend={"traceorder": "reversed"},  # top to bottom as the bars stack
    )


def transitions_by_type_figure(
    by_type: pd.DataFrame,
    *,
    reference: pd.DataFrame | None = None,
    reference_name: str | None = None,
    title: str | None = None,
    height: int = 480,
    source: str | None = None,
    t: Translator = EN,
) -> go.Figure:
    """Moves into open employment per year, one line per WISE type (``by_type``: a long frame with a
    ``wise_type`` column, as ``Projection.to_frame(by_type=True)`` gives); the reference scenario's
    lines thin and dashed in the same colours."""
    unit = t("unit.persons")
    traces: list[dict] = []
    for source_frame, is_reference in ((by_type, False), (reference, True)):
        if source_frame is None:
            continue
        rows = _rows(source_frame, "transitions_open_market")
        for wise_type in WISE_TYPES:
            series = rows[rows["wise_type"] == wise_type].groupby("year", observed=True)["value"].sum()
            label = t(f"wise_type.{wise_type}")
            if is_reference:
                label = t("chart.type_reference", type=label, name=_reference_name(source_frame, t, reference_name))
            traces.append(
                dict(
                    type="scatter",
                    mode="lines",
                    x=series.index.to_numpy(),
                    y=series.to_numpy(),
                    name=label,
                    line={
                        "color": TYPE_COLORS[wise_type],
                        "width": 1.5 if is_reference else 3,
                        "dash": "dash" if is_reference else "solid",
                    },
                    hovertemplate=_hover(label, unit),
                )
            )
    return _finish(
        traces,
        title=title or t("chart.transitions_by_type"),
        height=height,
        x_title=t("axis.year"),
        y_title=t("axis.transitions"),
        source=source,
        t=t,
        unit=t("unit.persons_per_year"),
        yaxis={"tickformat": ",.0f", "rangemode": "tozero"},
    )
