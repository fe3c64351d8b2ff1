"""Figures of a training plan: what it costs year by year, and the gaps it closes."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..i18n import EN, Translator
from .layout import _finish, _hover, _reference_line, _value_axis, every_label
from .theme import CLUSTER_COLORS, PALETTE


def plan_cost_figure(
    table: pd.DataFrame,
    *,
    modules: dict[str, str],
    title: str | None = None,
    height: int = 460,
    source: str | None = None,
    t: Translator = EN,
) -> go.Figure:
    """The plan's cost per year, one stacked bar segment per module (EUR); ``table`` is
    ``training.plan_table``'s, ``modules`` the module titles by id."""
    cost = table.pivot_table(index="year", columns="module", values="cost", aggfunc="sum", observed=True).fillna(0.0)
    years = [int(y) for y in cost.index]
    eur = t("unit.eur")
    traces = [
        dict(
            type="bar",
            x=years,
            y=cost[m].to_numpy(),
            name=modules.get(m, m),
            marker={"color": PALETTE[i % len(PALETTE)]},
            hovertemplate=_hover(modules.get(m, m), eur),
        )
        for i, m in enumerate(cost.columns)
    ]
    return _finish(
        traces,
        title=title or t("plan.cost_chart"),
        height=height,
        x_title=t("axis.year"),
        y_title=t("axis.eur_per_year"),
        source=source,
        t=t,
        unit=eur,
        barmode="stack",
        showlegend=True,  # a plan of one module still names it
        xaxis=every_label(years),
        yaxis=_value_axis(tickformat="~s", rangemode="tozero"),
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
    )


def plan_gap_figure(
    with_plan: pd.DataFrame,
    without: pd.DataFrame,
    *,
    reference_name: str,
    title: str,
    height: int = 460,
    source: str | None = None,
    t: Translator = EN,
) -> go.Figure:
    """The average gap (levels) of the clusters a plan trains, year by year: with the plan in colour,
    without it grey and dashed. Both tables have one row per year and one column per cluster."""
    levels = t("unit.levels")
    traces: list[dict] = []
    for cluster in with_plan.columns:
        name = t.cluster(cluster)
        traces.append(
            dict(
                type="scatter",
                x=with_plan.index.to_numpy(),
                y=with_plan[cluster].to_numpy(),
                mode="lines+markers",
                name=name,
                line={"color": CLUSTER_COLORS[cluster], "width": 3},
                hovertemplate=_hover(name, levels, ".2f"),
            )
        )
        line = _reference_line(
            without[cluster], name=f"{name} · {reference_name}", hover=f"{name} · {reference_name}", unit=levels,
            value_format=".2f",
        )  # fmt: skip
        line["line"]["color"] = CLUSTER_COLORS[cluster]
        line["opacity"] = 0.6
        traces.append(line)
    return _finish(
        traces,
        title=title,
        height=height,
        x_title=t("axis.year"),
        y_title=t("axis.levels_short"),
        source=source,
        t=t,
        unit=levels,
        xaxis=every_label([int(y) for y in with_plan.index]),
        yaxis=_value_axis(rangemode="tozero"),
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        hoverlabel={"namelength": -1},
    )
