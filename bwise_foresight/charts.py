"""Figure factories: tidy tables in, ``plotly.graph_objects.Figure`` out.

No Streamlit here. Each factory takes the long frame of :meth:`Projection.to_frame` (or a small
aggregate of it) and keyword-only options with the same names everywhere: ``title``,
``height``, ``reference`` (the comparison scenario, always drawn grey and dashed or as grey
markers) and ``source``. Colours come from one colour-blind-safe palette (Okabe & Ito).
Figures are built with ``go.Figure(data=[...])`` in one go: several times faster than
``add_trace`` loops or plotly.express, which matters when a slider redraws them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .baseline import CLUSTERS, GROUPS
from .i18n import EN, Translator

# Okabe & Ito (2008): distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
REFERENCE_COLOR = "#767676"  # grey with 4.5:1 contrast on white
GRID_COLOR = "#E5E5E5"
GROUP_COLORS = dict(zip(GROUPS, ["#0072B2", "#E69F00", "#009E73"], strict=True))
CLUSTER_COLORS = dict(zip(CLUSTERS, ["#0072B2", "#CC79A7", "#E69F00", "#009E73", "#D55E00", "#56B4E9"], strict=True))
# The modebar's camera button exports at print scale (3 × screen pixels, about 300 dpi on A4).
PRINT_SCALE = 3

TEMPLATE = go.layout.Template(
    layout=go.Layout(
        font={"family": "Source Sans Pro, Arial, sans-serif", "size": 14, "color": "#262730"},
        title={"font": {"size": 18}, "x": 0, "xanchor": "left", "y": 0.97, "yanchor": "top"},
        colorway=PALETTE,
        plot_bgcolor="white",
        paper_bgcolor="white",
        xaxis={"showgrid": False, "linecolor": "#888", "ticks": "outside", "automargin": True},
        yaxis={"gridcolor": GRID_COLOR, "zeroline": False, "linecolor": "#888", "automargin": True},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "title": {"text": ""}},
        hoverlabel={"font": {"size": 14}},
        margin={"l": 10, "r": 20, "t": 100, "b": 90},
    )
)


# plotly.js's own English texts (its toolbar tooltips) -> our catalogue keys under plotly.*
PLOTLY_TEXTS = {
    "Download plot as a PNG": "download_png",
    "Download plot": "download",
    "Zoom": "zoom",
    "Pan": "pan",
    "Zoom in": "zoom_in",
    "Zoom out": "zoom_out",
    "Autoscale": "autoscale",
    "Reset axes": "reset_axes",
    "Double-click to zoom back out": "double_click",
    "Show closest data on hover": "hover_closest",
    "Compare data on hover": "hover_compare",
}


def chart_config(filename: str, *, image_format: str = "png", t: Translator = EN) -> dict:
    """Plotly config for st.plotly_chart: print-scale image export, no Plotly logo, and the toolbar's
    tooltips in ``t``'s language (plotly.js takes a locale dictionary in its config)."""
    config = {
        "displaylogo": False,
        "toImageButtonOptions": {"format": image_format, "filename": filename, "scale": PRINT_SCALE},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }
    if t.lang != EN.lang:
        dictionary = {english: t(f"plotly.{key}") for english, key in PLOTLY_TEXTS.items()}
        config |= {"locale": t.lang, "locales": {t.lang: {"dictionary": dictionary}}}
    return config


def _finish(
    data: Sequence[dict],
    *,
    title: str,
    height: int,
    x_title: str,
    y_title: str,
    source: str | None,
    t: Translator,
    **layout: object,
) -> go.Figure:
    x_label = wrap_title(x_title, 80)
    fig = go.Figure(
        data=list(data),
        layout={
            "template": TEMPLATE,
            "title": {"text": wrap_title(title)},
            "height": height,
            "separators": t.separators,
            "xaxis": {"title": {"text": x_label}},
            "yaxis": {"title": {"text": y_title}},
            "annotations": [
                {
                    "text": t("chart.source") if source is None else source,
                    "xref": "paper",
                    "yref": "paper",
                    # right-aligned: bar charts with long (translated) labels start their plot far right
                    "x": 1,
                    "y": 0,
                    "yshift": -70 - 22 * x_label.count("<br>"),  # below a wrapped axis title
                    "showarrow": False,
                    "xanchor": "right",
                    "yanchor": "top",
                    "font": {"size": 11, "color": "#595959"},
                }
            ],
        },
    )
    if layout:
        fig.update_layout(**layout)
    if "<br>" in x_label:
        fig.update_layout(margin={"b": (fig.layout.margin.b or 90) + 22})
    extra = 24 * fig.layout.title.text.count("<br>")  # a wrapped title pushes the plot down
    if fig.layout.legend.orientation != "v" and fig.layout.showlegend is not False:
        # a horizontal legend grows upwards from the plot into the title: make room for its rows
        rows = legend_rows([tr.name for tr in fig.data if tr.showlegend is not False and tr.name])
        fig.update_layout(margin={"t": max(fig.layout.margin.t or 100, 56 + 22 * rows) + extra})
    elif extra:
        fig.update_layout(margin={"t": (fig.layout.margin.t or 100) + extra})
    return fig


def wrap_title(text: str, width: int = 70) -> str:
    """A title on two lines when it is longer than ``width`` characters (Plotly never wraps titles, and
    translations run longer): broken after a colon, else before a parenthesis, else at a space."""
    if len(text) <= width or "<br>" in text:
        return text
    head = text[: width + 1]
    for mark, keep in ((": ", 1), (" (", 0), (" ", 0)):
        at = head.rfind(mark)
        if at > width // 3:
            return text[: at + keep] + "<br>" + text[at + keep :].lstrip()
    return text


def legend_rows(names: Sequence[str], *, width: float = 620, font: float = 14) -> int:
    """Rows a horizontal Plotly legend takes for ``names``, estimated conservatively: when the entries do
    not fit on one line Plotly aligns them in columns as wide as the widest entry."""
    if not names:
        return 0
    widths = [0.56 * font * len(name) + 50 for name in names]  # wide enough for German
    if sum(widths) <= width:
        return 1
    per_row = max(1, int(width // max(widths)))
    return -(-len(names) // per_row)


def _rows(frame: pd.DataFrame, variable: str, **where: object) -> pd.DataFrame:
    mask = frame["variable"] == variable
    for column, value in where.items():
        mask &= frame[column] == value
    return frame[mask]


def _reference_name(reference: pd.DataFrame, t: Translator, title: str | None = None) -> str:
    return t("chart.reference_of", name=title or reference["scenario"].iloc[0])


def _reference_line(series: pd.Series, *, name: str, hover: str, unit: str, value_format: str = ",.0f") -> dict:
    """The reference scenario over time: a grey dashed line."""
    return dict(
        type="scatter",
        x=series.index.to_numpy(),
        y=series.to_numpy(),
        mode="lines",
        name=name,
        line={"color": REFERENCE_COLOR, "dash": "dash", "width": 3},
        hovertemplate=f"{hover}<br>%{{x}}: %{{y:{value_format}}} {unit}<extra></extra>",
    )


def _value_axis(**axis: object) -> dict:
    return {"showgrid": True, "gridcolor": GRID_COLOR, **axis}


def _category_rows(**xaxis: object) -> dict:
    """Layout of a chart with one row per category, top to bottom, and values along a gridded x axis."""
    return {"xaxis": _value_axis(**xaxis), "yaxis": {"autorange": "reversed"}}


def _d3(value: float, value_format: str, t: Translator) -> str:
    """A number as a d3 format such as ',.2f' or '+,.0f' shows it, in ``t``'s language."""
    decimals = int(value_format.rstrip("f").rsplit(".", 1)[-1] or 0) if "." in value_format else 0
    return t.num(value, decimals, signed=value_format.startswith("+"))


def _reference_total(
    total: pd.Series, reference: pd.DataFrame, reference_name: str | None, what: str, t: Translator
) -> dict:
    """The reference scenario's total (``what``: 'total' or 'total_openings') as a grey dashed line."""
    name = t(f"chart.{what}_of", name=_reference_name(reference, t, reference_name))
    return _reference_line(total, name=name, hover=t(f"chart.{what}_reference"), unit=t("unit.persons"))


def _shades(color: str, n: int) -> list[str]:
    """n tints of one hue, darkest first: profiles of one target group share their group's hue."""
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    out = []
    for k in range(n):
        t = 0.6 * k / max(n - 1, 1)
        out.append(f"rgb({round(r + (255 - r) * t)},{round(g + (255 - g) * t)},{round(b + (255 - b) * t)})")
    return out


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
    the profiles of one target group share their group's hue, so the groups still read at a glance.
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
                    hovertemplate=f"{label}<br>%{{x}}: %{{y:,.0f}} {t('unit.persons')}<extra></extra>",
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
                    line={"width": 0.5, "color": color},
                    fillcolor=color,
                    hovertemplate=f"{row['name']}<br>%{{x}}: %{{y:,.0f}} {t('unit.persons')}<extra></extra>",
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
            "font": {"size": 12},
            "tracegroupgap": 8,
        }
        if by == "profile"
        else {}
    )
    return _finish(
        traces,
        title=title or t(f"chart.workforce_by_{by}"),
        height=height,
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
    reference: pd.DataFrame | None = None,
    reference_name: str | None = None,
    profile: str | None = None,
    title: str | None = None,
    height: int = 460,
    source: str | None = None,
    t: Translator = EN,
) -> go.Figure:
    """Cedefop's decomposition: expansion (net change) and replacement (leavers) demand per year."""
    where = {"profile": profile} if profile else {}

    def yearly(f: pd.DataFrame, variable: str) -> pd.Series:
        return _rows(f, variable, **where).groupby("year", observed=True)["value"].sum()

    expansion, replacement = yearly(frame, "openings_expansion"), yearly(frame, "openings_replacement")
    traces: list[dict] = [
        dict(
            type="bar",
            x=replacement.index.to_numpy(),
            y=replacement.to_numpy(),
            name=t("chart.replacement"),
            marker={"color": PALETTE[0]},
            hovertemplate=f"{t('chart.replacement_short')}<br>%{{x}}: %{{y:,.0f}} {t('unit.persons')}<extra></extra>",
        ),
        dict(
            type="bar",
            x=expansion.index.to_numpy(),
            y=expansion.to_numpy(),
            name=t("chart.expansion"),
            marker={"color": PALETTE[1]},
            hovertemplate=f"{t('chart.expansion_short')}<br>%{{x}}: %{{y:,.0f}} {t('unit.persons')}<extra></extra>",
        ),
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
        barmode="relative",
        yaxis={"tickformat": ",.0f"},
    )


def heatmap_figure(
    matrix: pd.DataFrame,
    *,
    title: str,
    colorbar_title: str,
    hover_unit: str,
    height: int = 760,
    x_title: str = "",
    y_title: str = "",
    value_format: str = ",.0f",
    diverging: bool = False,
    tickangle: int = -40,
    source: str | None = None,
    t: Translator = EN,
) -> go.Figure:
    """A labelled heatmap of a rows × columns table (e.g. competence × profile)."""
    z = matrix.to_numpy(dtype=float)
    if diverging:
        bound = float(np.nanmax(np.abs(z))) or 1.0
        colors: dict = {"colorscale": "RdBu_r", "zmin": -bound, "zmid": 0, "zmax": bound}
    else:
        colors = {"colorscale": "Viridis", "reversescale": True}
    trace = dict(
        type="heatmap",
        z=z,
        x=list(matrix.columns),
        y=list(matrix.index),
        colorbar={"title": {"text": colorbar_title}},
        hovertemplate=f"%{{y}}<br>%{{x}}<br>%{{z:{value_format}}} {hover_unit}<extra></extra>",
        xgap=1,
        ygap=1,
        **colors,
    )
    return _finish(
        [trace],
        title=title,
        height=height,
        x_title=x_title,
        y_title=y_title,
        source=source,
        t=t,
        xaxis={"tickangle": tickangle, "showgrid": False},
        yaxis={"autorange": "reversed", "showgrid": False},
        margin={"b": 150},
    )


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
    first, last = int(gaps.index[0]), int(gaps.index[-1])
    traces: list[dict] = [
        dict(
            type="bar",
            x=labels,
            y=gaps.iloc[-1].to_numpy(),
            name=f"{last}" if spread is None else t("chart.whiskers", year=last),
            marker={"color": [CLUSTER_COLORS[c] for c in gaps.columns]},
            hovertemplate=f"%{{x}}, {last}: %{{y:.2f}} {levels}<extra></extra>",
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
            hovertemplate=f"%{{x}}, {first}: %{{y:.2f}} {levels}<extra></extra>",
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
                hovertemplate=f"%{{x}}, {last}, {t('chart.reference')}: %{{y:.2f}} {levels}<extra></extra>",
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
    height: int = 560,
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
        height=height,
        x_title=t("axis.million_hours"),
        y_title="",
        source=source,
        t=t,
        barmode="overlay",
        xaxis=_value_axis(tickformat=",.1f"),
    )


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
                hovertemplate=f"{name}<br>%{{x}}: %{{y:{value_format}}} {hover_unit}<extra></extra>",
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
            hovertemplate=f"{col}<br>%{{x}}: %{{y:{value_format}}} {hover_unit}<extra></extra>",
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
        barmode="group",
        yaxis={"tickformat": value_format.lstrip("+"), "zeroline": True, "zerolinecolor": "#262730"},
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
        height=height or max(360, 130 + 26 * len(names)),
        x_title=t("axis.proficiency"),
        y_title="",
        source=source,
        t=t,
        **_category_rows(range=[0.5, 8.5], dtick=1),
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
    traces: list[dict] = [
        dict(
            type="bar",
            x=values.to_numpy(),
            y=list(values.index),
            orientation="h",
            name=t("chart.this_scenario"),
            marker={"color": list(colors) if colors is not None else PALETTE[0]},
            showlegend=legend is None,
            hovertemplate=f"%{{y}}: %{{x:{value_format}}} {hover_unit}<extra></extra>",
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
                hovertemplate=f"%{{y}}, {t('chart.reference')}: %{{x:{value_format}}} {hover_unit}<extra></extra>",
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
        showlegend=reference is not None or legend is not None,
        barmode="overlay",
        **_category_rows(tickformat=value_format),
    )


def fan_figure(
    bands: pd.DataFrame,
    *,
    reference: pd.Series | None = None,
    reference_name: str | None = None,
    title: str,
    y_title: str,
    hover_unit: str,
    value_format: str = ",.0f",
    height: int = 520,
    source: str | None = None,
    t: Translator = EN,
) -> go.Figure:
    """A fan chart: the P10–P90 band and the median over time, the reference dashed grey.

    ``bands`` has one row per year and the columns 0.1, 0.5 and 0.9 (quantiles over the draws).
    """
    years = bands.index.to_numpy()
    traces: list[dict] = [
        dict(
            type="scatter",
            x=years,
            y=bands[0.9].to_numpy(),
            mode="lines",
            line={"width": 0},
            showlegend=False,
            name="P90",
            hovertemplate=f"P90 %{{x}}: %{{y:{value_format}}} {hover_unit}<extra></extra>",
        ),
        dict(
            type="scatter",
            x=years,
            y=bands[0.1].to_numpy(),
            mode="lines",
            line={"width": 0},
            fill="tonexty",
            fillcolor="rgba(0,114,178,0.22)",
            name=t("chart.band"),
            hovertemplate=f"P10 %{{x}}: %{{y:{value_format}}} {hover_unit}<extra></extra>",
        ),
        dict(
            type="scatter",
            x=years,
            y=bands[0.5].to_numpy(),
            mode="lines",
            line={"color": PALETTE[0], "width": 3},
            name=t("chart.median"),
            hovertemplate=f"{t('chart.median')} %{{x}}: %{{y:{value_format}}} {hover_unit}<extra></extra>",
        ),
    ]
    if reference is not None:
        traces.append(
            _reference_line(
                reference,
                name=t("chart.reference_of", name=reference_name or t("chart.reference")),
                hover=t("chart.reference"),
                value_format=value_format,
                unit=hover_unit,
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
        yaxis={"tickformat": value_format},
    )


def tornado_figure(
    table: pd.DataFrame,
    *,
    title: str,
    x_title: str,
    value_format: str = ",.0f",
    height: int | None = None,
    source: str | None = None,
    t: Translator = EN,
) -> go.Figure:
    """Tornado: per assumption, the output at its low and at its high value, around the base.

    ``table`` comes from :func:`uncertainty.sensitivity` (rows sorted by swing; ``attrs['base']``
    is the output with every assumption at its mode).
    """
    base = float(table.attrs.get("base", 0.0))
    names = [
        f"{a} ({t.plain(lo)}–{t.plain(hi)})"
        for a, lo, hi in zip(table["assumption"], table["low"], table["high"], strict=True)
    ]
    traces = [
        dict(
            type="bar",
            orientation="h",
            y=names,
            x=(table["output_low"] - base).to_numpy(),
            base=base,
            name=t("chart.at_low"),
            marker={"color": PALETTE[0]},
            customdata=table["output_low"].to_numpy(),
            hovertemplate=f"%{{y}}<br>{t('chart.low_value')}: %{{customdata:{value_format}}}<extra></extra>",
        ),
        dict(
            type="bar",
            orientation="h",
            y=names,
            x=(table["output_high"] - base).to_numpy(),
            base=base,
            name=t("chart.at_high"),
            marker={"color": PALETTE[1]},
            customdata=table["output_high"].to_numpy(),
            hovertemplate=f"%{{y}}<br>{t('chart.high_value')}: %{{customdata:{value_format}}}<extra></extra>",
        ),
    ]
    fig = _finish(
        traces,
        title=title,
        height=height or max(360, 150 + 34 * len(names)),
        x_title=x_title,
        y_title="",
        source=source,
        t=t,
        barmode="overlay",
        **_category_rows(tickformat=value_format),
    )
    fig.add_vline(
        x=base,
        line={"color": "#262730", "width": 2},
        annotation={"text": t("chart.base_value", value=_d3(base, value_format, t)), "yanchor": "bottom"},
    )
    return fig


def sobol_figure(
    table: pd.DataFrame, *, title: str, height: int | None = None, source: str | None = None, t: Translator = EN
) -> go.Figure:
    """First-order (S1) and total (ST) Sobol indices with their 95 % confidence intervals."""
    names = list(table.index)
    traces = [
        dict(
            type="bar",
            orientation="h",
            y=names,
            x=table[col].to_numpy(),
            name=label,
            marker={"color": color},
            error_x={"type": "data", "array": table[f"{col}_conf"].to_numpy(), "color": "#262730"},
            hovertemplate=f"%{{y}}<br>{label}: %{{x:.2f}}<extra></extra>",
        )
        for col, label, color in (
            ("S1", t("chart.s1"), PALETTE[0]),
            ("ST", t("chart.st"), PALETTE[1]),
        )
    ]
    return _finish(
        traces,
        title=title,
        height=height or max(360, 150 + 40 * len(names)),
        x_title=t("axis.variance_share"),
        y_title="",
        source=source,
        t=t,
        barmode="group",
        **_category_rows(range=[0, 1.05]),
    )


def data_table(fig: go.Figure) -> pd.DataFrame:
    """The chart as a table, its text alternative: one row per category or year, one column per series.

    Vertical traces give rows from x, horizontal ones from y; a heatmap gives its matrix. Legend-only
    entries, unnamed traces and traces without hover (drawn helpers) are left out.
    """
    columns: dict[str, pd.Series] = {}
    horizontal = False
    for trace in fig.data:
        if getattr(trace, "z", None) is not None:
            return pd.DataFrame(trace.z, index=list(trace.y), columns=list(trace.x))
        if trace.x is None or trace.y is None or not trace.name or trace.hoverinfo == "skip":
            continue  # legend-only entries and drawn helpers (the gap segments of a dumbbell)
        horizontal = getattr(trace, "orientation", None) == "h" or (_categorical(trace.y) and not _categorical(trace.x))
        labels, values = (trace.y, trace.x) if horizontal else (trace.x, trace.y)
        pairs = [(k, v) for k, v in zip(labels, values, strict=False) if k is not None and v is not None]
        if pairs and len({k for k, _ in pairs}) == len(pairs):
            keys, numbers = zip(*pairs, strict=True)
            columns[trace.name] = pd.Series(numbers, index=list(keys), dtype=float)
    table = pd.DataFrame(columns)
    axis = fig.layout.yaxis if horizontal else fig.layout.xaxis
    table.index.name = axis.title.text or None
    return table


def _categorical(values: Sequence | None) -> bool:
    return next((isinstance(v, str) for v in (() if values is None else values) if v is not None), False)


# The dashboard's standard charts; their names are the catalogue texts chart.kind.<kind>.
STANDARD = ("workforce", "workforce_profiles", "openings", "gaps", "training", "need")


def standard_figure(
    kind: str,
    frame: pd.DataFrame,
    *,
    profiles: pd.DataFrame,
    competences: pd.DataFrame,
    gaps: pd.DataFrame,
    year: int,
    reference: pd.DataFrame | None = None,
    reference_gaps: pd.DataFrame | None = None,
    reference_name: str = "",
    spread: pd.DataFrame | None = None,
    t: Translator = EN,
) -> go.Figure:
    """One of the dashboard's standard charts (``STANDARD``) for a projection, against a reference."""
    if kind in ("workforce", "workforce_profiles"):
        by = "profile" if kind == "workforce_profiles" else "group"
        return workforce_figure(
            frame, profiles=profiles, by=by, reference=reference, reference_name=reference_name, t=t
        )
    if kind == "openings":
        return openings_figure(frame, reference=reference, reference_name=reference_name, t=t)
    if kind == "gaps":
        return gap_by_cluster_figure(gaps, reference=reference_gaps, reference_name=reference_name, spread=spread, t=t)
    if kind == "training":
        return training_figure(
            frame, profiles=profiles, year=year, reference=reference, reference_name=reference_name, t=t
        )
    if kind == "need":
        matrix = need_matrix(frame, year=year, competences=competences, profiles=profiles)
        return heatmap_figure(
            matrix,
            title=t("chart.need", year=year),
            colorbar_title=t("unit.persons"),
            hover_unit=t("unit.persons"),
            height=1100,
            x_title=t("axis.profile"),
            y_title=t("axis.competence"),
            t=t,
        )
    raise ValueError(f"unknown chart {kind!r}; known: {', '.join(STANDARD)}")
