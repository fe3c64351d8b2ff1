"""Figures of uncertainty and sensitivity: the fan chart, the tornado and the Sobol indices."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..i18n import EN, Translator
from ..markup import plotly_text
from .layout import _category_rows, _finish, _reference_line
from .theme import PALETTE


def _d3(value: float, value_format: str, t: Translator) -> str:
    """A number as a d3 format such as ',.2f' or '+,.0f' shows it, in ``t``'s language."""
    decimals = int(value_format.rstrip("f").rsplit(".", 1)[-1] or 0) if "." in value_format else 0
    return t.num(value, decimals, signed=value_format.startswith("+"))


def fan_figure(
    bands: pd.DataFrame,
    *,
    reference: pd.Series | None = None,
    reference_name: str | None = None,
    headline: pd.Series | None = None,
    headline_name: str = "",
    title: str,
    y_title: str,
    hover_unit: str,
    value_format: str = ",.0f",
    height: int = 520,
    source: str | None = None,
    t: Translator = EN,
) -> go.Figure:
    """A fan chart: the P10–P90 band and the median over time, the reference dashed grey, and the
    ``headline`` path (every range at its mode: the headline figures' story) dotted inside its fan.

    ``bands`` has one row per year and the columns 0.1, 0.5 and 0.9 (quantiles over the draws).
    """
    years = bands.index.to_numpy()
    unit = plotly_text(hover_unit)
    traces: list[dict] = [
        dict(
            type="scatter",
            x=years,
            y=bands[0.9].to_numpy(),
            mode="lines",
            line={"width": 0},
            showlegend=False,
            name="P90",
            hovertemplate=f"P90 %{{x}}: %{{y:{value_format}}} {unit}<extra></extra>",
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
            hovertemplate=f"P10 %{{x}}: %{{y:{value_format}}} {unit}<extra></extra>",
        ),
        dict(
            type="scatter",
            x=years,
            y=bands[0.5].to_numpy(),
            mode="lines",
            line={"color": PALETTE[0], "width": 3},
            name=t("chart.median"),
            hovertemplate=f"{t('chart.median')} %{{x}}: %{{y:{value_format}}} {unit}<extra></extra>",
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
    if headline is not None:
        line = headline.reindex(bands.index)
        traces.append(
            dict(
                type="scatter",
                x=years,
                y=line.to_numpy(),
                mode="lines",
                name=headline_name,
                line={"color": PALETTE[7], "width": 2, "dash": "dot"},
                hovertemplate=f"{plotly_text(headline_name)}<br>%{{x}}: %{{y:{value_format}}} {unit}<extra></extra>",
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
    """First-order (S1) and total (ST) Sobol indices with their 95 % confidence intervals.

    An index cannot be negative: an estimate below zero is sampling noise, drawn as a bar of 0
    (hover: '≈ 0') whose whisker still shows the whole interval, which the x axis then reaches.
    """
    names = list(table.index)
    traces = []
    lowest = 0.0
    for col, label, color in (("S1", t("chart.s1"), PALETTE[0]), ("ST", t("chart.st"), PALETTE[1])):
        estimate, conf = table[col].to_numpy(dtype=float), table[f"{col}_conf"].to_numpy(dtype=float)
        low, high = estimate - conf, estimate + conf
        shown = np.maximum(estimate, 0.0)
        lowest = min(lowest, float(np.nanmin(low, initial=0.0)))
        values = [sobol_value(e, t) for e in estimate]
        intervals = [
            t("sensitivity.interval", low=t.num(lo, 2), high=t.num(hi, 2)) for lo, hi in zip(low, high, strict=True)
        ]
        traces.append(
            dict(
                type="bar",
                orientation="h",
                y=names,
                x=shown,
                name=label,
                marker={"color": color},
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": np.maximum(high - shown, 0.0),
                    "arrayminus": np.maximum(shown - low, 0.0),
                    "color": "#262730",
                },
                customdata=np.column_stack([values, intervals]),
                hovertemplate=f"%{{y}}<br>{label}: %{{customdata[0]}} (95 %: %{{customdata[1]}})<extra></extra>",
            )
        )
    return _finish(
        traces,
        title=title,
        height=height or max(360, 150 + 40 * len(names)),
        x_title=t("axis.variance_share"),
        y_title="",
        source=source,
        t=t,
        barmode="group",
        **_category_rows(range=[min(lowest - 0.02, 0.0), 1.05]),
    )


def sobol_value(estimate: float, t: Translator = EN) -> str:
    """A Sobol index as the page writes it: two decimals, and '≈ 0' for an estimate below zero."""
    return t("sensitivity.near_zero") if estimate < 0 else t.num(estimate, 2)
