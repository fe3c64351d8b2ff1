"""Figures of one projection: workforce, openings, competence need, gaps, training hours, proficiency, bars."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..baseline import GROUPS
from ..i18n import EN, Translator
from ..markup import plotly_text
from .layout import (
    ROW_PX,
    _category_rows,
    _finish,
    _hover,
    _reference_line,
    _value_axis,
    every_label,
    legend_column_px,
    rows_height,
)
from .theme import CLUSTER_COLORS, GROUP_COLORS, PALETTE, REFERENCE_COLOR, _shades


def _rows(frame: pd.DataFrame, variable: str, **where: object) -> pd.DataFrame:
    mask = frame["variable"] == variable
    for column, value in where.items():
        mask &= frame[column] == value
    return frame[mask]


def _reference_name(reference: pd.DataFrame, t: Translator, title: str | None = None) -> str:
    return t("chart.reference_of", name=title or reference["scenario"].iloc[0])


def _reference_total(
    total: pd.Series, reference: pd.DataFrame, reference_name: str | None, what: str, t: Translator
) -> dict:
    """The reference scenario's total (``what``: 'total' or 'total_openings') as a grey dashed line."""
    name = t(f"chart.{what}_of", name=_reference_name(reference, t, reference_name))
    return _reference_line(total, name=name, hover=t(f"chart.{what}_reference"), unit=t("unit.persons"))


def workforce_figure(
    frame: pd.DataFrame,
    *,
    profiles: pd.DataFrame,
    by: str = "group",
    reference: pd.DataFrame | None = None,
    reference_name: str | None = None,
    title: str | None = None,
    height: int = 520,
    source: str | None = None,
    t: Translator = EN,
) -> go.Figure:
    """Employment over time, stacked by target group (``by="group"``) or by profile; the
    reference scenario's total dashed grey.

    ``profiles`` is the baseline profile table (``profile_id``, ``name``, ``group``). By profile,
    the profiles of one target group share their group's hue, so the groups still read at a glance,
    in alternating dark and light shades parted by white lines; the figure is tall enough for the
    whole legend (a legend taller than the plot is cut off in exported images).
    """
    rows = _rows(frame, "employment")
    wide = rows.pivot(index="year", columns="profile", values="value")
    years = wide.index.to_numpy()
    traces: list[dict] = []
    for group in GROUPS:
        label = t.group(group)
        members = profiles[(profiles["group"] == group) & profiles["profile_id"].isin(wide.columns)]
        if by == "group":
            traces.append(
                dict(
                    type="scatter",
                    x=years,
                    y=wide[members["profile_id"]].sum(axis=1).to_numpy(),
                    name=label,
                    stackgroup="one",
                    line={"width": 0.5, "color": GROUP_COLORS[group]},
                    fillcolor=GROUP_COLORS[group],
                    hovertemplate=_hover(label, t("unit.persons")),
                )
            )
            continue
        for (_, row), color in zip(members.iterrows(), _shades(GROUP_COLORS[group], len(members)), strict=True):
            traces.append(
                dict(
                    type="scatter",
                    x=years,
                    y=wide[row["profile_id"]].to_numpy(),
                    name=row["name"],
                    stackgroup="one",
                    legendgroup=group,
                    legendgrouptitle={"text": label},
                    line={"width": 1, "color": "white"},
                    fillcolor=color,
                    hovertemplate=_hover(row["name"], t("unit.persons")),
                )
            )
    if reference is not None:
        total = _rows(reference, "employment").groupby("year", observed=True)["value"].sum()
        traces.append(_reference_total(total, reference, reference_name, "total", t))
    legend = (
        {
            "orientation": "v",
            "y": 1,
            "yanchor": "top",
            "x": 1.02,
            "groupclick": "toggleitem",
            "traceorder": "grouped",
            "font": {"size": 12},
            "tracegroupgap": 8,
        }
        if by == "profile"
        else {}
    )
    if by == "profile":
        for rank, trace in enumerate(reversed(traces)):
            trace["legendrank"] = rank  # top to bottom as the areas stack: the reference's total first
        # a vertical legend cannot be taller than the plot
        height = max(height, legend_column_px(len(traces), len(GROUPS), font=12, title_font=14, gap=8) + 100 + 90)
    return _finish(
        traces,
        title=title or t(f"chart.workforce_by_{by}"),
        height=height,
        unit=t("unit.persons"),
        x_title=t("axis.year"),
        y_title=t("axis.persons_employed"),
        source=source,
        t=t,
        legend=legend,
        yaxis={"tickformat": ",.0f", "rangemode": "tozero"},
    )


def openings_figure(
    frame: pd.DataFrame,
    *,
    profiles: pd.DataFrame | None = None,
    reference: pd.DataFrame | None = None,
    reference_name: str | None = None,
    profile: str | None = None,
    title: str | None = None,
    height: int = 460,
    source: str | None = None,
    t: Translator = EN,
) -> go.Figure:
    """Cedefop's decomposition: expansion (net change) and replacement (leavers) demand per year.

    With ``profiles`` (the baseline profile table), places of workers with support needs filled again
    as people move on are a bar of their own — integration turnover, not replacement demand.
    """
    where = {"profile": profile} if profile else {}

    def yearly(f: pd.DataFrame, variable: str, members: pd.Series | None = None) -> pd.Series:
        rows = _rows(f, variable, **where)
        if members is not None:
            rows = rows[rows["profile"].isin(members)]
        return rows.groupby("year", observed=True)["value"].sum()

    wsn = profiles.loc[profiles["group"] == "wsn", "profile_id"] if profiles is not None else None
    staff = profiles.loc[profiles["group"] != "wsn", "profile_id"] if profiles is not None else None
    expansion, replacement = yearly(frame, "openings_expansion"), yearly(frame, "openings_replacement", staff)
    bars = [("replacement" if profiles is not None else "replacement_all", replacement, PALETTE[0])]
    if wsn is not None:
        bars.append(("turnover", yearly(frame, "openings_replacement", wsn), PALETTE[4]))
    bars.append(("expansion", expansion, PALETTE[1]))
    traces: list[dict] = [
        dict(
            type="bar",
            x=series.index.to_numpy(),
            y=series.to_numpy(),
            name=t(f"chart.{what}"),
            marker={"color": color},
            hovertemplate=_hover(t(f"chart.{what}_short"), t("unit.persons")),
        )
        for what, series, color in bars
    ]
    if reference is not None:
        total = yearly(reference, "openings_total")
        traces.append(_reference_total(total, reference, reference_name, "total_openings", t))
    return _finish(
        traces,
        title=title or t("chart.openings"),
        height=height,
        x_title=t("axis.year"),
        y_title=t("axis.openings"),
        source=source,
        t=t,
        unit=t("unit.persons_per_year"),
        barmode="relative",
        yaxis={"tickformat": ",.0f"},
    )


def heatmap_figure(
    matrix: pd.DataFrame,
    *,
    title: str,
    colorbar_title: str,
    hover_unit: str,
    height: int | None = None,
    x_title: str = "",
    y_title: str = "",
    value_format: str = ",.0f",
    diverging: bool = False,
    tickangle: int = -40,
    source: str | None = None,
    t: Translator = EN,
) -> go.Figure:
    """A labelled heatmap of a rows × columns table (e.g. competence × profile): every row and every
    column carries its label, and the figure grows with the number of rows so that they fit."""
    z = matrix.to_numpy(dtype=float)
    if diverging:
        bound = float(np.nanmax(np.abs(z))) or 1.0
        colors: dict = {"colorscale": "RdBu_r", "zmin": -bound, "zmid": 0, "zmax": bound}
    else:
        colors = {"colorscale": "Viridis", "reversescale": True}
    rows, columns = list(matrix.index), list(matrix.columns)
    trace = dict(
        type="heatmap",
        z=z,
        x=columns,
        y=rows,
        colorbar={"title": {"text": colorbar_title}},
        hovertemplate=f"%{{y}}<br>%{{x}}<br>%{{z:{value_format}}} {plotly_text(hover_unit)}<extra></extra>",
        xgap=1,
        ygap=1,
        **colors,
    )
    # room under the plot for the column labels at their angle, then the axis title and the source line
    longest = max((len(str(c)) for c in columns), default=4)
    angle = abs(np.radians(tickangle))
    labels_px = int(0.45 * 14 * longest * np.sin(angle) + 14 * np.cos(angle)) + 8
    fig = _finish(
        [trace],
        title=title,
        height=height or max(360, rows_height(len(rows), chrome=150 + labels_px + 60)),
        x_title=x_title,
        y_title=y_title,
        source=source,
        t=t,
        unit=hover_unit,
        xaxis={"tickangle": tickangle, "showgrid": False, **every_label(columns)},
        yaxis={"autorange": "reversed", "showgrid": False, **every_label(rows)},
        margin={"b": labels_px + 90},
    )
    fig.layout.annotations[0].yshift = -(labels_px + 58)  # the source line below the axis title
    return fig


def heatmap_parts(fig: go.Figure, *, max_rows: int) -> list[go.Figure]:
    """A tall heatmap of :func:`heatmap_figure` cut into parts of at most ``max_rows`` rows, on one
    colour scale, titled "(1/3)", "(2/3)"…: a slide cannot show 49 labelled rows legibly."""
    trace = fig.data[0]
    rows = list(trace.y)
    count = -(-len(rows) // max_rows)
    if count <= 1:
        return [fig]
    size = -(-len(rows) // count)
    z = np.asarray(trace.z, dtype=float)
    scale = {} if trace.zmid is not None else {"zmin": float(np.nanmin(z)), "zmax": float(np.nanmax(z))}
    parts = []
    for i, start in enumerate(range(0, len(rows), size), start=1):
        part_rows = rows[start : start + size]
        part = go.Figure(fig)
        part.data[0].update(z=z[start : start + size], y=part_rows, **scale)
        part.update_layout(
            title_text=f"{fig.layout.title.text} ({i}/{count})",
            height=fig.layout.height - ROW_PX * (len(rows) - len(part_rows)),
            yaxis=every_label(part_rows),
        )
        parts.append(part)
    return parts


def need_matrix(frame: pd.DataFrame, *, year: int, competences: pd.DataFrame, profiles: pd.DataFrame) -> pd.DataFrame:
    """Competence need (persons, importance-weighted) in one year: rows competence, columns profile."""
    rows = _rows(frame, "competence_need", year=year)
    wide = rows.pivot_table(index="competence", columns="profile", values="value", observed=True)
    wide = wide.reindex(index=competences["competence_id"], columns=profiles["profile_id"])
    wide.index = competences["name"].to_numpy()
    wide.columns = profiles["name"].to_numpy()
    return wide


def gap_by_cluster_figure(
    gaps: pd.DataFrame,
    *,
    reference: pd.DataFrame | None = None,
    reference_name: str | None = None,
    spread: pd.DataFrame | None = None,
    title: str | None = None,
    height: int = 460,
    source: str | None = None,
    t: Translator = EN,
) -> go.Figure:
    """End-year gap per cluster as bars, the base year and the reference's end year as markers.

    ``gaps`` has one row per year and one column per cluster (see ``summary.gap_by_cluster``);
    ``spread`` (cluster x quantiles 0.1 and 0.9) adds P10–P90 error bars to the end-year bars.
    """
    labels = [t.cluster(c) for c in gaps.columns]
    levels = t("unit.levels")
    shown_levels, reference_label = plotly_text(levels), plotly_text(t("chart.reference"))
    first, last = int(gaps.index[0]), int(gaps.index[-1])
    traces: list[dict] = [
        dict(
            type="bar",
            x=labels,
            y=gaps.iloc[-1].to_numpy(),
            name=f"{last}" if spread is None else t("chart.whiskers", year=last),
            marker={"color": [CLUSTER_COLORS[c] for c in gaps.columns]},
            hovertemplate=f"%{{x}}, {last}: %{{y:.2f}} {shown_levels}<extra></extra>",
            **(
                {}
                if spread is None
                else {
                    "error_y": {
                        "type": "data",
                        "symmetric": False,
                        "color": "#262730",
                        "thickness": 2,
                        "array": (spread[0.9] - gaps.iloc[-1]).clip(lower=0).to_numpy(),
                        "arrayminus": (gaps.iloc[-1] - spread[0.1]).clip(lower=0).to_numpy(),
                    }
                }
            ),
        ),
        dict(
            type="scatter",
            x=labels,
            y=gaps.iloc[0].to_numpy(),
            name=t("chart.base_year", year=first),
            mode="markers",
            marker={"symbol": "line-ew-open", "size": 34, "color": "#262730", "line": {"width": 3, "color": "#262730"}},
            hovertemplate=f"%{{x}}, {first}: %{{y:.2f}} {shown_levels}<extra></extra>",
        ),
    ]
    if reference is not None:
        traces.append(
            dict(
                type="scatter",
                x=labels,
                y=reference.iloc[-1].to_numpy(),
                name=f"{last}, {t('chart.reference_of', name=reference_name or t('chart.reference'))}",
                mode="markers",
                marker={"symbol": "diamond-open", "size": 13, "color": REFERENCE_COLOR, "line": {"width": 2.5}},
                hovertemplate=f"%{{x}}, {last}, {reference_label}: %{{y:.2f}} {shown_levels}<extra></extra>",
            )
        )
    return _finish(
        traces,
        title=title or t("chart.gaps"),
        height=height,
        x_title=t("axis.cluster"),
        y_title=t("axis.average_gap"),
        source=source,
        t=t,
        unit=levels,
        xaxis={"tickangle": 0, "tickfont": {"size": 12}},
        yaxis={"rangemode": "tozero", "tickformat": ".1f"},
    )


def training_figure(
    frame: pd.DataFrame,
    *,
    profiles: pd.DataFrame,
    year: int,
    reference: pd.DataFrame | None = None,
    reference_name: str | None = None,
    title: str | None = None,
    height: int | None = None,
    source: str | None = None,
    t: Translator = EN,
) -> go.Figure:
    """Training hours needed to close each profile's gap in one year (million hours), bars sorted."""
    names = profiles.set_index("profile_id")["name"]
    groups = profiles.set_index("profile_id")["group"]

    def per_profile(f: pd.DataFrame) -> pd.Series:
        return _rows(f, "training_hours", year=year).groupby("profile", observed=True)["value"].sum() / 1e6

    ours = per_profile(frame).sort_values()
    traces: list[dict] = [
        dict(
            type="bar",
            x=ours.to_numpy(),
            y=[names[p] for p in ours.index],
            orientation="h",
            name=f"{year}",
            marker={"color": [GROUP_COLORS[groups[p]] for p in ours.index]},
            showlegend=False,
            hovertemplate=f"%{{y}}: %{{x:,.2f}} {t('unit.million_hours')}<extra></extra>",
        ),
    ]
    traces += [
        dict(
            type="bar",
            x=[None],
            y=[None],
            orientation="h",
            name=t.group(g),
            marker={"color": GROUP_COLORS[g]},
            hoverinfo="skip",
        )
        for g in GROUPS
    ]
    if reference is not None:
        theirs = per_profile(reference).reindex(ours.index)
        traces.append(
            dict(
                type="scatter",
                x=theirs.to_numpy(),
                y=[names[p] for p in theirs.index],
                mode="markers",
                name=_reference_name(reference, t, reference_name),
                marker={"symbol": "diamond", "size": 11, "color": REFERENCE_COLOR},
                hovertemplate=f"%{{y}}, {t('chart.reference')}: %{{x:,.2f}} {t('unit.million_hours')}<extra></extra>",
            )
        )
    return _finish(
        traces,
        title=title or t("chart.training", year=year),
        height=height or max(560, rows_height(len(ours), chrome=210)),
        x_title=t("axis.million_hours"),
        y_title="",
        source=source,
        t=t,
        unit=t("unit.million_hours"),
        category=t("axis.profile"),
        barmode="overlay",
        xaxis=_value_axis(tickformat=",.1f"),
        yaxis=every_label([names[p] for p in ours.index]),
    )


def proficiency_figure(
    table: pd.DataFrame,
    *,
    first_year: int,
    last_year: int,
    title: str,
    height: int | None = None,
    source: str | None = None,
    t: Translator = EN,
) -> go.Figure:
    """Dumbbell: per competence, required vs available level in the base and the end year.

    ``table`` has one row per competence (its name as index) and columns ``required_first``,
    ``available_first``, ``required_last``, ``available_last``.
    """
    names = list(table.index)
    gap_x, gap_y = [], []
    for name, row in table.iterrows():
        gap_x += [row["available_last"], row["required_last"], None]
        gap_y += [name, name, None]
    traces = [
        dict(
            type="scatter",
            x=gap_x,
            y=gap_y,
            mode="lines",
            name=t("chart.gap_in", year=last_year),
            line={"color": "#D55E00", "width": 4},
            hoverinfo="skip",
        ),
    ]
    # (column, what, year, marker): hollow markers for the base year, filled for the end year
    markers = [
        ("available_first", "available", first_year, {"symbol": "circle-open", "size": 11, "color": PALETTE[0]}),
        ("required_first", "required", first_year, {"symbol": "diamond-open", "size": 11, "color": "#262730"}),
        ("available_last", "available", last_year, {"symbol": "circle", "size": 12, "color": PALETTE[0]}),
        ("required_last", "required", last_year, {"symbol": "diamond", "size": 12, "color": "#262730"}),
    ]
    traces += [
        dict(
            type="scatter",
            x=table[column].to_numpy(),
            y=names,
            mode="markers",
            name=t(f"chart.{what}", year=year),
            marker={**marker, "line": {"width": 2}},
            hovertemplate=f"%{{y}}<br>{t(f'chart.{what}', year=year)}: %{{x:.2f}}<extra></extra>",
        )
        for column, what, year, marker in markers
    ]
    return _finish(
        traces,
        title=title,
        height=height or max(360, rows_height(len(names), chrome=240)),
        x_title=t("axis.proficiency"),
        y_title="",
        source=source,
        t=t,
        unit=t("unit.levels"),
        category=t("axis.competence"),
        **_category_rows(names, range=[0.5, 8.5], dtick=1),
        margin={"t": 130},  # room for the two-row legend under the title
    )


def bars_figure(
    values: pd.Series,
    *,
    title: str,
    x_title: str,
    hover_unit: str,
    colors: Sequence[str] | None = None,
    legend: Mapping[str, str] | None = None,
    reference: pd.Series | None = None,
    reference_name: str | None = None,
    value_format: str = ",.0f",
    height: int | None = None,
    source: str | None = None,
    t: Translator = EN,
) -> go.Figure:
    """Horizontal bars (index = labels), optionally with the reference as grey diamonds.

    ``colors`` colours each bar; ``legend`` (label -> colour) explains those colours.
    """
    unit = plotly_text(hover_unit)
    traces: list[dict] = [
        dict(
            type="bar",
            x=values.to_numpy(),
            y=list(values.index),
            orientation="h",
            name=t("chart.this_scenario"),
            marker={"color": list(colors) if colors is not None else PALETTE[0]},
            showlegend=legend is None,
            hovertemplate=f"%{{y}}: %{{x:{value_format}}} {unit}<extra></extra>",
        )
    ]
    traces += [
        dict(type="bar", x=[None], y=[None], orientation="h", name=label, marker={"color": color}, hoverinfo="skip")
        for label, color in (legend or {}).items()
    ]
    if reference is not None:
        traces.append(
            dict(
                type="scatter",
                x=reference.reindex(values.index).to_numpy(),
                y=list(values.index),
                mode="markers",
                name=t("chart.reference_of", name=reference_name or t("chart.reference")),
                marker={"symbol": "diamond", "size": 11, "color": REFERENCE_COLOR},
                hovertemplate=f"%{{y}}, {t('chart.reference')}: %{{x:{value_format}}} {unit}<extra></extra>",
            )
        )
    return _finish(
        traces,
        title=title,
        height=height or max(360, 140 + 28 * len(values)),
        x_title=x_title,
        y_title="",
        source=source,
        t=t,
        unit=hover_unit,
        showlegend=reference is not None or legend is not None,
        barmode="overlay",
        **_category_rows(list(values.index), tickformat=value_format),
    )
