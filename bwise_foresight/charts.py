"""Figure factories: long projection tables in, ``plotly.graph_objects.Figure`` out.

No Streamlit here. Every factory takes the tidy frame of :meth:`Projection.to_frame` and
keyword-only options with the same names everywhere (``title``, ``height``, ``reference``).
Colours come from one colour-blind-safe palette (Okabe & Ito); the reference scenario is always
drawn grey and dashed.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

# Okabe & Ito (2008), safe for the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
REFERENCE_COLOR = "#7F7F7F"
GROUP_LABELS = {"enablers": "Enablers", "supporters": "Supporters", "wsn": "Workers with support needs"}
GROUP_COLORS = dict(zip(GROUP_LABELS, PALETTE, strict=False))
SOURCE_NOTE = (
    "Source: B-WISE Foresight projection; baseline data in data/ "
    "(ENSIE 2019, DigComp 2.2, Frey & Osborne 2013, own assumptions)."
)

TEMPLATE = go.layout.Template(
    layout=go.Layout(
        font={"family": "Source Sans Pro, Arial, sans-serif", "size": 14, "color": "#262730"},
        title={"font": {"size": 18}, "x": 0, "xanchor": "left"},
        colorway=PALETTE,
        plot_bgcolor="white",
        paper_bgcolor="white",
        xaxis={"showgrid": False, "linecolor": "#888", "ticks": "outside"},
        yaxis={"gridcolor": "#E5E5E5", "zeroline": False, "linecolor": "#888"},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "title": {"text": ""}},
        hoverlabel={"font": {"size": 14}},
        margin={"l": 70, "r": 20, "t": 90, "b": 80},
    )
)


def _finish(fig: go.Figure, *, title: str, height: int, x_title: str, y_title: str, source: str) -> go.Figure:
    fig.update_layout(
        template=TEMPLATE,
        title={"text": title},
        height=height,
        xaxis_title=x_title,
        yaxis_title=y_title,
        annotations=[
            {
                "text": source,
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": -0.22,
                "showarrow": False,
                "xanchor": "left",
                "yanchor": "top",
                "font": {"size": 11, "color": "#666"},
            }
        ],
    )
    return fig


def _select(frame: pd.DataFrame, variable: str) -> pd.DataFrame:
    return frame[frame["variable"] == variable]


def _by_group(frame: pd.DataFrame, variable: str, groups: pd.Series) -> pd.DataFrame:
    """Sum a profile-level variable by target group and year: rows = year, columns = group."""
    rows = _select(frame, variable)
    grouped = rows.assign(group=rows["profile"].map(groups).astype(str))
    return grouped.pivot_table(index="year", columns="group", values="value", aggfunc="sum", observed=True)


def workforce_figure(
    frame: pd.DataFrame,
    *,
    groups: pd.Series,
    reference: pd.DataFrame | None = None,
    title: str = "Workforce by target group (persons)",
    height: int = 420,
    source: str = SOURCE_NOTE,
) -> go.Figure:
    """Employment per target group over time; the reference scenario dashed grey."""
    ours = _by_group(frame, "employment", groups)
    traces = []
    if reference is not None:
        theirs = _by_group(reference, "employment", groups)
        ref_name = f"{reference['scenario'].iloc[0]} (reference)"
        for i, group in enumerate(GROUP_LABELS):
            if group in theirs:
                traces.append(
                    go.Scatter(
                        x=theirs.index,
                        y=theirs[group],
                        name=ref_name,
                        legendgroup="reference",
                        showlegend=i == 0,
                        line={"color": REFERENCE_COLOR, "dash": "dash", "width": 2},
                        hovertemplate=f"{GROUP_LABELS[group]} · reference<br>%{{x}}: %{{y:,.0f}} persons"
                        "<extra></extra>",
                    )
                )
    for group, label in GROUP_LABELS.items():
        if group in ours:
            traces.append(
                go.Scatter(
                    x=ours.index,
                    y=ours[group],
                    name=label,
                    line={"color": GROUP_COLORS[group], "width": 3},
                    hovertemplate=f"{label}<br>%{{x}}: %{{y:,.0f}} persons<extra></extra>",
                )
            )
    fig = go.Figure(data=traces)
    fig.update_yaxes(rangemode="tozero", tickformat=",.0f")
    return _finish(fig, title=title, height=height, x_title="Year", y_title="Persons employed", source=source)
