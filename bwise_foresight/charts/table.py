"""A figure as a table: the text alternative of a chart."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from ..markup import plotly_plain


def data_table(fig: go.Figure) -> pd.DataFrame:
    """The chart as a table, its text alternative: one row per category or year, one column per series.

    Vertical traces give rows from x, horizontal ones from y; a heatmap gives its matrix. Legend-only
    entries, unnamed traces and traces without hover (drawn helpers) are left out. Labels are plain
    text again (the figure holds them written for Plotly: ``&lt;`` for ``<``).
    """
    columns: dict[str, pd.Series] = {}
    horizontal = False
    for trace in fig.data:
        if getattr(trace, "z", None) is not None:
            return pd.DataFrame(trace.z, index=_plain(trace.y), columns=_plain(trace.x))
        if trace.x is None or trace.y is None or not trace.name or trace.hoverinfo == "skip":
            continue  # legend-only entries and drawn helpers (the gap segments of a dumbbell)
        horizontal = getattr(trace, "orientation", None) == "h" or (_categorical(trace.y) and not _categorical(trace.x))
        labels, values = (trace.y, trace.x) if horizontal else (trace.x, trace.y)
        pairs = [(k, v) for k, v in zip(labels, values, strict=False) if k is not None and v is not None]
        if pairs and len({k for k, _ in pairs}) == len(pairs):
            keys, numbers = zip(*pairs, strict=True)
            columns[plotly_plain(trace.name)] = pd.Series(numbers, index=_plain(keys), dtype=float)
    table = pd.DataFrame(columns)
    axis = fig.layout.yaxis if horizontal else fig.layout.xaxis
    table.index.name = plotly_plain(axis.title.text) if axis.title.text else None
    return table


def _plain(labels: Sequence) -> list:
    return [plotly_plain(v) if isinstance(v, str) else v for v in labels]


def _categorical(values: Sequence | None) -> bool:
    return next((isinstance(v, str) for v in (() if values is None else values) if v is not None), False)
