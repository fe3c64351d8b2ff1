"""The room's distribution as a figure (pure plotly: long data in, ``go.Figure`` out, no Streamlit)."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from ..charts.theme import PALETTE, TEMPLATE
from ..i18n import EN, Translator
from ..markup import plotly_text
from .stats import Bin, Summary

# the house's colour-blind-safe palette (Okabe–Ito): this round blue, the median vermilion, the middle half orange
CURRENT, MEDIAN, EARLIER, MIDDLE = PALETTE[0], PALETTE[5], "#000000", "rgba(230, 159, 0, 0.25)"


def distribution_figure(
    bins: Sequence[Bin],
    summary: Summary | None,
    *,
    earlier: Sequence[Bin] | None = None,
    title: str = "",
    unit: str = "",
    height: int = 420,
    t: Translator = EN,
) -> go.Figure:
    """Answers per bin as bars (an earlier round as an outline over them), the middle half shaded
    and the median as a line, so that the room sees where it agrees and how far it spreads."""
    centres = [(b.left + b.right) / 2 for b in bins]
    widths = [b.right - b.left for b in bins]
    traces: list[go.BaseTraceType] = [
        go.Bar(x=centres, y=[b.count for b in bins], width=widths, name=t("room.live.answers"), marker_color=CURRENT)
    ]
    if earlier is not None:  # drawn over the bars as an outline, so that both rounds stay visible
        traces.append(
            go.Bar(
                x=[(b.left + b.right) / 2 for b in earlier],
                y=[b.count for b in earlier],
                width=[b.right - b.left for b in earlier],
                name=t("room.live.earlier"),
                marker={"color": "rgba(0,0,0,0)", "line": {"color": EARLIER, "width": 3}},
            )
        )
    fig = go.Figure(data=traces)
    if summary is not None:
        fig.add_vrect(x0=summary.q1, x1=summary.q3, fillcolor=MIDDLE, line_width=0, layer="below")
        fig.add_vline(x=summary.median, line={"color": MEDIAN, "width": 3})
    fig.update_layout(
        template=TEMPLATE,
        title=plotly_text(title),
        height=height,
        barmode="overlay",
        bargap=0.05,
        separators=t.separators,
        xaxis={"title": plotly_text(unit), "range": [bins[0].left, bins[-1].right] if bins else None},
        yaxis={"title": t("room.live.answers"), "rangemode": "tozero", "dtick": _dtick(bins, earlier)},
        legend={"orientation": "h", "y": -0.25},
        margin={"l": 60, "r": 20, "t": 50 if title else 20, "b": 40},
        showlegend=earlier is not None,
    )
    return fig


def _dtick(bins: Sequence[Bin], earlier: Sequence[Bin] | None) -> int | None:
    """Whole answers on the count axis while counts are small (plotly would mark 0.5 answers)."""
    top = max([b.count for b in bins] + [b.count for b in earlier or []] + [1])
    return 1 if top <= 10 else None
