"""What every figure shares: title, axis titles, source line and legend room; wrapping; axis helpers.

Every text a figure shows — title, axis titles, source line, legend names and group titles, category
labels (ticks and the ``%{x}``/``%{y}`` of hover labels) — goes through :func:`_finish`, which writes
it with :func:`markup.plotly_text`: scenario titles, profile and competence names are text, never
Plotly markup (``<b>``, ``<a href>``, ``<br>``), a link or a template field. Only hover templates mix
markup and text: the factories write the text in them with ``plotly_text`` themselves.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from ..i18n import Translator
from ..markup import plotly_plain, plotly_text
from .theme import GRID_COLOR, REFERENCE_COLOR, TEMPLATE

SOURCE_WIDTH = 90  # characters of a source line's line: Explore's chart beside the sliders is ~660 px wide at 1366
SOURCE_LINE_PX = 16  # the height of each further line of a source line
X_TITLE_WIDTH, X_TITLE_WIDTH_BESIDE_LABELS = 80, 34  # an x-axis title's line; under a plot pushed right by long labels


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
    columns are, when the axis has no title) travel in ``layout.meta`` for the chart's CSV headers.

    Every text is given as typed and written here for Plotly (:func:`_texts`); hover templates are
    the exception (they are markup with text in it: the factories escape the text).
    """
    # a plot whose rows are named (a dot or bar per competence, profile …) starts far right: its centred
    # x-axis title gets narrower lines, or it runs past the chart's right edge
    named_rows = any(isinstance(next(iter(_or_empty(trace.get("y"))), None), str) for trace in data)
    x_label = _lines(plotly_text(x_title), X_TITLE_WIDTH_BESIDE_LABELS if named_rows else X_TITLE_WIDTH)
    for axis in ("xaxis", "yaxis"):
        if isinstance(layout.get(axis), dict):
            layout[axis] = _axis_texts(layout[axis])
    fig = go.Figure(
        data=[_texts(trace) for trace in data],
        layout={
            "template": TEMPLATE,
            "title": {"text": wrap_title(plotly_text(title))},
            "height": height,
            "separators": t.separators,
            "meta": {"unit": unit, "category": category},
            "xaxis": {"title": {"text": x_label}},
            "yaxis": {"title": {"text": plotly_text(y_title)}},
            "annotations": [
                {
                    "text": _source_text(t("chart.source") if source is None else source),
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
        fig.update_layout(margin={"b": (fig.layout.margin.b or 90) + 22 * x_label.count("<br>")})
    if lines := fig.layout.annotations[0].text.count("<br>"):  # a source line on several lines
        fig.update_layout(margin={"b": (fig.layout.margin.b or 90) + lines * SOURCE_LINE_PX})
    extra = 24 * fig.layout.title.text.count("<br>")  # a wrapped title pushes the plot down
    if fig.layout.legend.orientation != "v" and fig.layout.showlegend is not False:
        # a horizontal legend grows upwards from the plot into the title: make room for its rows
        rows = legend_rows([tr.name for tr in fig.data if tr.showlegend is not False and tr.name])
        fig.update_layout(margin={"t": max(fig.layout.margin.t or 100, 56 + 22 * rows) + extra})
    elif extra:
        fig.update_layout(margin={"t": (fig.layout.margin.t or 100) + extra})
    return fig


def _or_empty(values: object) -> object:
    return () if values is None or isinstance(values, str) else values


def _lines(text: str, width: int) -> str:
    """Text written for Plotly (which never wraps) on lines of at most ``width`` characters, broken at spaces."""
    if len(text) <= width or "<br>" in text:
        return text
    return "<br>".join(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False))


def _source_text(text: str, width: int = SOURCE_WIDTH) -> str:
    """A source line written for Plotly: longer than ``width`` characters, on several lines (the first
    ending at "projection;"), since right-aligned under a narrow chart one long line runs off its left edge."""
    if len(text) <= width:
        return plotly_text(text)
    head, mark, tail = text.partition("; ")
    if not mark:  # a language without "; " there (Greek writes "·"): wrapped at spaces only
        return _lines(plotly_text(text), width)
    return plotly_text(head + ";") + "<br>" + _lines(plotly_text(tail), width)


def with_source(fig: go.Figure, text: str) -> go.Figure:
    """The figure with another source line (e.g. naming a country's own sources), written as plain
    text (:func:`_source_text`); the bottom margin grows by a line when it takes two."""
    before = fig.layout.annotations[0].text.count("<br>")
    fig.layout.annotations[0].text = _source_text(text)
    lines = fig.layout.annotations[0].text.count("<br>") - before
    if lines:
        fig.update_layout(margin={"b": (fig.layout.margin.b or 90) + lines * SOURCE_LINE_PX})
    return fig


def source_of(fig: go.Figure) -> str:
    """A figure's source line as plain text on one line (a slide or a caption under the picture)."""
    return plotly_plain(fig.layout.annotations[0].text.replace("<br>", " "))


def _plotly_values(values: object) -> object:
    """Category labels (text) for Plotly; numbers, years and ``None`` as they are."""
    if isinstance(values, str) or values is None or not hasattr(values, "__iter__"):
        return values
    if getattr(getattr(values, "dtype", None), "kind", "O") in "iufbM":  # numbers and dates: no text
        return values
    items = list(values)
    if not any(isinstance(v, str) for v in items):
        return values
    return [plotly_text(v) if isinstance(v, str) else v for v in items]


def _texts(trace: dict) -> dict:
    """A trace with its legend name, legend group title, colour bar title and category labels written
    for Plotly (:func:`markup.plotly_text`)."""
    out = _written(_written(_written(trace, "name"), "legendgrouptitle", "text"), "colorbar", "title", "text")
    for key in ("x", "y"):
        if key in out:
            out[key] = _plotly_values(out[key])
    return out


def _written(node: dict, *path: str) -> dict:
    """``node`` with the text at ``path`` (``"colorbar", "title", "text"``), if any, written for Plotly."""
    head, *rest = path
    value = node.get(head)
    if rest and isinstance(value, dict):
        return {**node, head: _written(value, *rest)}
    if not rest and isinstance(value, str):
        return {**node, head: plotly_text(value)}
    return node


def _axis_texts(axis: dict) -> dict:
    """An axis whose category labels (``every_label``) are written for Plotly, as the traces' are."""
    return {**axis, **{k: _plotly_values(axis[k]) for k in ("tickvals", "ticktext") if k in axis}}


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


def legend_column_px(entries: int, groups: int, *, font: float, title_font: float, gap: float = 10) -> int:
    """Height of a vertical Plotly legend: ``entries`` entries at ``font`` px in ``groups`` groups whose
    titles are ``title_font`` px, ``gap`` px apart; a little more than Chromium draws (measured: 19 px
    an entry at 12 px type, 21 at 14, 26 at 18). A vertical legend taller than the plot is cut off."""
    return round(max(19.0, 1.52 * font) * entries + (1.7 * title_font + gap) * groups + 20)


# Presentation mode on a 1920 x 1080 projector: the most a chart may take under Explore's headline
# figures (they end about 390 px down), and the type sizes read from the back of the room.
PRESENT_MAX_HEIGHT = 680
PRESENT_FONT, PRESENT_TITLE, PRESENT_LEGEND, PRESENT_LEGEND_SMALLEST = 20, 28, 18, 14


def presentation(fig: go.Figure) -> go.Figure:
    """The figure for a projector, changed in place: projector-sized type, at least 600 px tall (taller
    charts, with a row per profile or competence, keep their height: every row must stay legible).

    A vertical legend (the workforce by profile: 17 entries in 3 groups) must fit beside the plot and
    the chart under the headline figures (``PRESENT_MAX_HEIGHT``): its type shrinks from 18 px (down
    to 14 px) until it does, group titles 2 px larger, the top margin is only the title's (no legend
    above the plot), and the figure is as tall as the legend needs. A projector's chart is wide: a
    source line on two lines goes back to one.
    """
    source = fig.layout.annotations[0] if fig.layout.annotations else None
    if source is not None and source.y == 0 and source.yanchor == "top" and "<br>" in (source.text or ""):
        lines = source.text.count("<br>")
        source.text = source.text.replace("<br>", " ")
        fig.update_layout(margin={"b": (fig.layout.margin.b or 90) - lines * SOURCE_LINE_PX})
    margin = fig.layout.margin
    fig.update_layout(
        font={"size": PRESENT_FONT},
        title={"font": {"size": PRESENT_TITLE}},
        legend={"font": {"size": PRESENT_LEGEND}},
        height=max(fig.layout.height or 0, 600),
        # room for the larger title and legend, tick labels and axis title (above the source line)
        margin={"t": (margin.t or 100) + 10, "b": (margin.b or 90) + 30},
    )
    fig.for_each_annotation(  # the source line, under the axis title
        lambda a: a.update(yshift=(a.yshift or 0) - 30),
        selector={"xref": "paper", "yref": "paper", "y": 0, "yanchor": "top"},
    )
    if fig.layout.legend.orientation == "v" and fig.layout.showlegend is not False:
        shown = [tr for tr in fig.data if tr.showlegend is not False and tr.name]
        groups = len({tr.legendgroup for tr in shown if tr.legendgrouptitle.text})
        top = 70 + 34 * (fig.layout.title.text or "").count("<br>")  # the title's lines at 28 px
        frame = top + fig.layout.margin.b

        def legend_px(size: int) -> int:
            return legend_column_px(len(shown), groups, font=size, title_font=size + 2, gap=4)

        sizes = range(PRESENT_LEGEND, PRESENT_LEGEND_SMALLEST - 1, -1)
        size = next((s for s in sizes if legend_px(s) + frame <= PRESENT_MAX_HEIGHT), PRESENT_LEGEND_SMALLEST)
        fig.update_layout(
            legend={"font": {"size": size}, "grouptitlefont": {"size": size + 2}, "tracegroupgap": 4},
            margin={"t": top},
            height=max(600, legend_px(size) + frame),
        )
    return fig


def _reference_line(series: pd.Series, *, name: str, hover: str, unit: str, value_format: str = ",.0f") -> dict:
    """The reference scenario over time: a grey dashed line."""
    return dict(
        type="scatter",
        x=series.index.to_numpy(),
        y=series.to_numpy(),
        mode="lines",
        name=name,
        line={"color": REFERENCE_COLOR, "dash": "dash", "width": 3},
        hovertemplate=_hover(hover, unit, value_format),
    )


def _hover(label: str, unit: str, value_format: str = ",.0f") -> str:
    """The hover label of a series over time, 'label<br>2030: 1,234 persons'; label and unit shown as typed."""
    return f"{plotly_text(label)}<br>%{{x}}: %{{y:{value_format}}} {plotly_text(unit)}<extra></extra>"


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
