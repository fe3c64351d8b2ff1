"""What every figure shares: title, axis titles, source line and legend room; wrapping; axis helpers."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from ..i18n import Translator
from .theme import GRID_COLOR, REFERENCE_COLOR, TEMPLATE


def _finish(
    data: Sequence[dict],
    *,
    title: str,
    height: int,
    x_title: str,
    y_title: str,
    source: str | None,
    t: Translator,
    unit: str = "",
    category: str = "",
    **layout: object,
) -> go.Figure:
    """The figure with the house layout. ``unit`` (of the values) and ``category`` (what the rows or
    columns are, when the axis has no title) travel in ``layout.meta`` for the chart's CSV headers."""
    x_label = wrap_title(x_title, 80)
    fig = go.Figure(
        data=list(data),
        layout={
            "template": TEMPLATE,
            "title": {"text": wrap_title(title)},
            "height": height,
            "separators": t.separators,
            "meta": {"unit": unit, "category": category},
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


def _category_rows(labels: Sequence[str] | None = None, **xaxis: object) -> dict:
    """Layout of a chart with one row per category, top to bottom, and values along a gridded x axis;
    with ``labels``, every row is labelled."""
    return {"xaxis": _value_axis(**xaxis), "yaxis": {"autorange": "reversed", **every_label(labels)}}


def every_label(labels: Sequence[object] | None) -> dict:
    """Axis settings that label every category: Plotly otherwise thins out labels it thinks crowded
    (every second row of a heatmap, every second year), on screen and in exported images alike."""
    if labels is None:
        return {}
    return {"tickmode": "array", "tickvals": list(labels), "ticktext": [str(v) for v in labels]}


ROW_PX = 24  # height per labelled row: 14 px type with room to breathe (and for 18 px type in presentation)


def rows_height(n: int, *, chrome: int) -> int:
    """Figure height giving each of ``n`` rows ``ROW_PX`` pixels, plus ``chrome`` for title, legend and axes."""
    return chrome + ROW_PX * n
