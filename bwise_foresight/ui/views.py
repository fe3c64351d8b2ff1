"""Building blocks the pages share: error lists, headline metrics, charts."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from bwise_foresight import Problem, charts
from bwise_foresight.charts import chart_config
from bwise_foresight.i18n import MINUS, Translator
from bwise_foresight.markup import code
from bwise_foresight.summary import Headline, narrative

from . import data
from .controls import State, state
from .files import chart_downloads


def problems(items: list[Problem], *, what: str | None = None) -> None:
    """Show every problem of an input file, one line each, as the CLI prints them (in the page's language).

    Each line is a code span that nothing in it can close: a key or value quoted from the file is
    shown as typed, never as Markdown. ``what`` is Markdown (escape a file name in it).
    """
    t = state().t
    lines = "\n".join(f"- {code(p.text(t))}" for p in items)
    st.error(
        t("problems.cannot_use", what=what or t("problems.this_file"), lines=lines),
        icon=":material/error:",
    )


def chart(fig: go.Figure, *, name: str, key: str | None = None, downloads: bool = True, table: bool = True) -> None:
    """Draw a figure full width, its camera button exporting at print scale, with a Download menu and,
    folded under it, the same numbers as a table (the chart's text alternative).

    In presentation mode the figure gets projector-sized type, and no table; its height lets the
    whole chart, x axis included, fit a 1920 x 1080 screen under Explore's headline figures (taller
    charts, with a row per profile or competence, keep their own height: every row must be legible).
    """
    if state().present:
        fig.update_layout(
            font={"size": 20},
            title={"font": {"size": 28}},
            legend={"font": {"size": 18}},
            height=max(fig.layout.height or 0, 600),
            # room for the larger title and legend, tick labels and axis title (above the source line)
            margin={"t": (fig.layout.margin.t or 100) + 10, "b": (fig.layout.margin.b or 90) + 30},
        )
        fig.for_each_annotation(  # the source line, under the axis title
            lambda a: a.update(yshift=(a.yshift or 0) - 30),
            selector={"xref": "paper", "yref": "paper", "y": 0, "yanchor": "top"},
        )
    st.plotly_chart(
        fig,
        width="stretch",
        theme=None,
        config=chart_config(name, image_format=state().image_format, t=state().t),
        key=key,
    )
    if downloads:
        chart_downloads(fig, name=name, t=state().t)
    if table and not state().present:  # a page that shows the numbers beside the chart passes table=False
        chart_table(fig, key=f"table_{key or name}")


def chart_table(fig: go.Figure, *, key: str) -> None:
    """The chart's numbers as a table under it, folded: the text alternative of the picture.

    Built only while the expander is open, so a slider move does not pay for a table nobody reads.
    """
    t = state().t
    box = st.expander(t("chart.table"), icon=":material/table:", key=key, on_change="rerun")
    if not box.open:
        return
    table = charts.data_table(fig)
    decimals = 2 if table.empty or float(table.abs().max().max()) < 100 else 0
    box.dataframe(table.style.format(lambda v: "" if pd.isna(v) else t.num(v, decimals)), width="stretch")


def standard_chart(
    kind: str, ours: data.Result, ref: data.Result | None, *, name: str, key: str, spread: pd.DataFrame | None = None
) -> None:
    """One of the standard charts of a projection against the reference, with its Download menu."""
    t = state().t
    b = data.baseline(t.lang)
    fig = charts.standard_figure(
        kind,
        ours.frame,
        profiles=b.profiles,
        competences=b.competences,
        gaps=ours.gaps,
        year=int(ours.projection.years[-1]),
        reference=ref.frame if ref else None,
        reference_gaps=ref.gaps if ref else None,
        reference_name=t.scenario_title(ref.scenario) if ref else "",
        spread=spread,
        by_type=ours.by_type if kind == "pathways_types" else None,  # built on demand: only that chart needs it
        reference_by_type=ref.by_type if ref and kind == "pathways_types" else None,
        t=t,
    )
    chart(fig, name=name, key=key)


def page(heading: str) -> State:
    """Title a page that needs a valid scenario; show the scenario's problems and stop without one."""
    st.title(heading)
    s = state()
    if s.problems or s.scenario is None:
        problems(s.problems)
        st.stop()
    return s


def delta_text(text: str) -> str:
    """A metric delta as st.metric reads it: it colours and points the arrow by a leading ASCII '-'."""
    return text.replace(MINUS, "-")


def change_since(now: float, before: float, year: int) -> str:
    """A metric delta such as '+12.3% on 2024' in the page's language."""
    t = state().t
    return delta_text(t("profile.change_on", change=t.pct(now / before - 1, 1, signed=True), year=year))


def _delta(value: float, reference: float, t: Translator, *, pct: bool = True) -> str | None:
    if reference == 0:
        return None
    return delta_text(t.pct(value / reference - 1, 1, signed=True) if pct else t.num(value - reference, 2, signed=True))


def metrics(ours: Headline, reference: Headline | None) -> None:
    """The row of headline figures for the end year, with the difference from the reference."""
    t = state().t
    same = reference is not None and (reference.scenario, reference.title) == (ours.scenario, ours.title)
    ref = None if same else reference
    end, start = ours.end_year, ours.start_year
    # the workforce and its skills in one row, then what WISEs exist for: where their workers go next
    # (six figures in one row would cut their labels on a laptop)
    cols = [*st.columns(4), *st.columns(2)]
    cols[0].metric(
        t("metric.workforce", year=end),
        t.num(ours.workforce_end),
        _delta(ours.workforce_end, ref.workforce_end, t) if ref else None,
        border=True,
        help=t("metric.workforce_help", year=end, start=start, before=t.num(ours.workforce_start)),
    )
    cols[1].metric(
        t("metric.openings"),
        t.num(ours.staff_openings),
        _delta(ours.staff_openings, ref.staff_openings, t) if ref else None,
        border=True,
        help=t(
            "metric.openings_help",
            first=start + 1,
            end=end,
            expansion=t.num(ours.staff_openings - ours.staff_replacement),
            replacement=t.num(ours.staff_replacement),
            share=t.pct(ours.replacement_share),
            places=t.num(ours.wsn_entrants),
        ),
    )
    cols[2].metric(
        t("metric.gap", year=end),
        t.num(ours.gap_end, 2),
        _delta(ours.gap_end, ref.gap_end, t, pct=False) if ref else None,
        delta_color="inverse",
        border=True,
        help=t("metric.gap_help", before=t.num(ours.gap_start, 2), start=start),
    )
    cols[3].metric(
        t("metric.training", year=end),
        t.millions(ours.training_hours_end),
        _delta(ours.training_hours_end, ref.training_hours_end, t) if ref else None,
        delta_color="inverse",
        border=True,
        help=t("metric.training_help", year=end, per_worker=t.num(ours.training_hours_per_worker)),
    )
    cols[4].metric(
        t("metric.transitions", first=start + 1, end=end),
        t.num(ours.transitions),
        _delta(ours.transitions, ref.transitions, t) if ref else None,
        border=True,
        help=t(
            "metric.transitions_help",
            first=start + 1,
            end=end,
            per_year=t.num(ours.transitions_end),
            positive=t.pct(ours.positive_exit_rate),
        ),
    )
    cols[5].metric(
        t("metric.positive", first=start + 1, end=end),
        t.pct(ours.positive_exit_rate),
        delta_text(t("data.points", n=t.num(100 * (ours.positive_exit_rate - ref.positive_exit_rate), 1, signed=True)))
        if ref
        else None,
        border=True,
        help=t("metric.positive_help", exits=t.num(ours.wsn_exits), turnover=t.pct(ours.wsn_turnover)),
    )
    names = data.competence_names(t.lang)
    needs = " · ".join(f"**{names[cid]}** ({t.pct(change, signed=True)})" for cid, change in ours.top_need)
    line = (
        t("metric.needs", start=start, end=end, needs=needs) if needs else t("metric.needs_none", start=start, end=end)
    )
    st.markdown(":material/trending_up: " + line, help=t("metric.needs_help"))


def story_text(ours: data.Result, ref: data.Result | None, *, needs: bool = True) -> str:
    """The narrative of a projection against the reference, in the page's language."""
    t = state().t
    titles = {r.scenario.id: t.scenario_title(r.scenario) for r in (ours, ref) if r is not None}
    return narrative(
        ours.headline,
        ref.headline if ref else None,
        ours.gaps,
        needs=needs,
        t=t,
        names=data.competence_names(t.lang),
        titles=titles,
    )
