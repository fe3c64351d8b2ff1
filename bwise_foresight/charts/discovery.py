"""Figures of scenario discovery: PRIM's peeling trajectory and the chosen box over the assumptions."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import numpy as np
import plotly.graph_objects as go

from ..discovery import Discovery, decimals_for, describe, is_year, name_and_unit, value_text
from ..i18n import EN, Translator
from ..markup import plotly_text
from .layout import _category_rows, _finish, _value_axis, rows_height, wrap_title
from .theme import PALETTE, REFERENCE_COLOR

# One colour per number of assumptions limited (0 = all futures); the chosen box is ringed in black.
DIMENSION_COLORS = [REFERENCE_COLOR, *PALETTE[:3], PALETTE[4], PALETTE[3], PALETTE[5]]
CHOSEN_COLOR = "#000000"


def _hover_lines(*lines: str) -> str:
    return "<br>".join(plotly_text(line) for line in lines)


def trajectory_figure(
    discovery: Discovery,
    *,
    title: str | None = None,
    height: int = 520,
    source: str | None = None,
    t: Translator = EN,
) -> go.Figure:
    """Coverage (x) against density (y) of every box on the peeling trajectory, in per cent, coloured by
    how many assumptions each box limits; the chosen box ringed. Moving along the trajectory trades
    coverage (failures explained) for density (how surely the plan fails inside the box)."""
    tr = discovery.trajectory
    coverage, density = 100 * tr["coverage"].to_numpy(float), 100 * tr["density"].to_numpy(float)
    dims = tr["res_dim"].to_numpy(int)
    hover = [
        _hover_lines(
            t("discovery.coverage_value", value=t.pct(c / 100, 1)),
            t("discovery.density_value", value=t.pct(d / 100, 1)),
            t("discovery.limited_value", n=t.num(n)),
        )
        for c, d, n in zip(coverage, density, dims, strict=True)
    ]
    hover_template = "%{customdata}<extra></extra>"
    traces: list[dict] = [
        dict(
            type="scatter",
            x=coverage,
            y=density,
            mode="lines",
            line={"color": "#BBBBBB", "width": 1},
            showlegend=False,
            hoverinfo="skip",
            name=t("discovery.trajectory_title"),
        ),
    ]
    for n in sorted(set(dims)):
        at = dims == n
        traces.append(
            dict(
                type="scatter",
                x=coverage[at],
                y=density[at],
                mode="markers",
                marker={"color": DIMENSION_COLORS[min(n, len(DIMENSION_COLORS) - 1)], "size": 9},
                name=t.num(n),
                legendgroup="limited",
                legendgrouptitle={"text": t("discovery.limited")},
                customdata=np.array(hover, dtype=object)[at],
                hovertemplate=hover_template,
            )
        )
    if discovery.chosen is not None:
        i = discovery.chosen
        traces.append(
            dict(
                type="scatter",
                x=[coverage[i]],
                y=[density[i]],
                mode="markers",
                marker={"symbol": "circle-open", "size": 20, "color": CHOSEN_COLOR, "line": {"width": 3}},
                name=t("discovery.chosen"),
                customdata=[hover[i]],
                hovertemplate=hover_template,
            )
        )
    fig = _finish(
        traces,
        title=title or t("discovery.trajectory_title"),
        height=height,
        x_title=t("discovery.coverage_axis"),
        y_title="",
        source=source,
        t=t,
        unit="%",
        xaxis=_value_axis(ticksuffix=" %"),
        yaxis=_value_axis(range=[-2, 102], ticksuffix=" %"),
        legend={"orientation": "v", "x": 1.02, "y": 1, "yanchor": "top"},
    )
    # a vertical title longer than the plot is cut at both ends (Greek, German): two lines
    return fig.update_layout(yaxis_title_text=wrap_title(plotly_text(t("discovery.density_axis")), 40))


def box_figure(
    discovery: Discovery,
    i: int | None = None,
    *,
    title: str | None = None,
    height: int | None = None,
    source: str | None = None,
    t: Translator = EN,
    profiles: Mapping[str, str] | None = None,
) -> go.Figure:
    """Box ``i`` (default: the chosen one) over the assumptions it limits: per assumption, a grey bar for
    the whole sampled range and a coloured bar for the box's limits, with the numbers in the
    assumption's display units at their ends. The x axis is the position within each sampled range,
    so that assumptions in different units share one chart (as EMA Workbench draws a box).

    Without a box (no failure, only failures, none found) the chart has no rows and says why.
    """
    d = discovery
    stats = None if i is None and d.chosen is None else d.trajectory.loc[d.box_index(i)]
    table = d.box(i) if stats is not None else None
    names, sampled_text, box_text, hover = [], [], [], []
    starts, widths = [], []
    for key, row in table.iterrows() if table is not None else ():
        name, unit, scale = name_and_unit(key, t, profiles=profiles)
        names.append(f"{name} ({unit})" if unit else name)
        digits = decimals_for((row["sampled_high"] - row["sampled_low"]) * scale, year=is_year(key))
        low, high, s_low, s_high = (value_text(row[c] * scale, key, unit, digits, t)
                                    for c in ("low", "high", "sampled_low", "sampled_high"))  # fmt: skip
        span = row["sampled_high"] - row["sampled_low"]
        start, end = ((row["low"] - row["sampled_low"]) / span, (row["high"] - row["sampled_low"]) / span)
        starts.append(100 * start)
        widths.append(100 * (end - start))
        sampled_text.append((s_low, s_high))
        box_text.append((low if row["restricts_low"] else "", high if row["restricts_high"] else ""))
        hover.append(_hover_lines(name, t("discovery.box_range", low=low, high=high),
                                  t("discovery.sampled_range", low=s_low, high=s_high)))  # fmt: skip
    hover_template = "%{customdata}<extra></extra>"
    traces = [
        dict(type="bar", orientation="h", y=names, x=[100] * len(names), base=[0] * len(names),
             name=t("discovery.sampled"), marker={"color": "#D9D9D9"}, width=0.6,
             customdata=hover, hovertemplate=hover_template),
        dict(type="bar", orientation="h", y=names, x=widths, base=starts, name=t("discovery.box"),
             marker={"color": PALETTE[5]}, width=0.35, customdata=hover, hovertemplate=hover_template),
    ]  # fmt: skip
    if stats is None:
        chart_title = title or t("discovery.box_none_title")
    else:
        chart_title = title or t("discovery.box_title", coverage=t.pct(stats["coverage"]),
                                 density=t.pct(stats["density"]))  # fmt: skip
    fig = _finish(
        traces,
        title=chart_title,
        height=height or max(320, rows_height(len(names), chrome=230) + 30 * len(names)),
        x_title=t("discovery.box_axis"),
        y_title="",
        source=source,
        t=t,
        barmode="overlay",
        **_category_rows(names, range=[-14, 114], tickvals=[0, 25, 50, 75, 100]),
    )
    annotations = []
    for name, (s_low, s_high), (b_low, b_high), start, width in zip(
        names, sampled_text, box_text, starts, widths, strict=True
    ):
        for x, text, anchor, shift, color in (
            (0, s_low, "right", -4, REFERENCE_COLOR),
            (100, s_high, "left", 4, REFERENCE_COLOR),
            (start, b_low, "center", 0, "#262730"),
            (start + width, b_high, "center", 0, "#262730"),
        ):
            if text:
                annotations.append(dict(x=x, y=plotly_text(name), text=plotly_text(text), showarrow=False,
                                        xanchor=anchor, xshift=shift, yshift=-17 if color != REFERENCE_COLOR else 0,
                                        font={"size": 12, "color": color}))  # fmt: skip
    if stats is None:  # no rows: the reason, in lines short enough for a laptop
        lines = textwrap.wrap(describe(d, t=t), 90)
        annotations.append(dict(x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, align="left",
                                text="<br>".join(plotly_text(line) for line in lines), font={"size": 15}))  # fmt: skip
        fig.update_xaxes(visible=False)
    for annotation in annotations:
        fig.add_annotation(annotation)
    return fig
