"""Building blocks the pages share: error lists, headline metrics, charts."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from bwise_foresight import Problem, Scenario, charts
from bwise_foresight.charts import chart_config
from bwise_foresight.countries import national_terms_text
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

    In presentation mode the figure gets projector-sized type and no table (``charts.presentation``):
    the whole chart, x axis and legend included, fits a 1920 x 1080 screen under Explore's headline
    figures (taller charts, with a row per profile or competence, keep their own height).
    """
    t = state().t
    if fig.layout.annotations and charts.source_of(fig) == t("chart.source"):  # the default source line names
        charts.with_source(fig, data.source_line(data.selected_country(), t.lang))  # the figures' publishers
    if state().present:
        charts.presentation(fig)
    st.plotly_chart(
        fig,
        width="stretch",
        theme=None,
        config=chart_config(name, image_format=state().image_format, t=t),
        key=key,
    )
    if downloads:
        chart_downloads(fig, name=name, t=t)
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
    chart(fig, name=name, key=key)  # its source line names the national figures' publishers


def page(heading: str) -> State:
    """Title a page that needs a valid scenario (naming the country when one is chosen); show the
    scenario's problems and stop without one."""
    s = state()
    country = data.selected_country()
    st.title(heading if country == data.EUROPE else f"{heading} · {s.t.country(country)}")
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
    end, start, first = ours.end_year, ours.start_year, ours.start_year + 1

    def change(field: str, *, pct: bool = True) -> str | None:
        return _delta(getattr(ours, field), getattr(ref, field), t, pct=pct) if ref else None

    points = 100 * (ours.positive_exit_rate - ref.positive_exit_rate) if ref else 0.0
    # (label, value, difference from the reference, colour of the difference, help): a rise in the gap
    # or in the training needed is drawn red ("inverse")
    figures = [
        (
            t("metric.workforce", year=end),
            t.num(ours.workforce_end),
            change("workforce_end"),
            "normal",
            t("metric.workforce_help", year=end, start=start, before=t.num(ours.workforce_start)),
        ),
        (
            t("metric.openings"),
            t.num(ours.staff_openings),
            change("staff_openings"),
            "normal",
            t(
                "metric.openings_help",
                first=first,
                end=end,
                expansion=t.num(ours.staff_openings - ours.staff_replacement),
                replacement=t.num(ours.staff_replacement),
                share=t.pct(ours.replacement_share),
                places=t.num(ours.wsn_entrants),
            ),
        ),
        (
            t("metric.gap", year=end),
            t.num(ours.gap_end, 2),
            change("gap_end", pct=False),
            "inverse",
            t("metric.gap_help", before=t.num(ours.gap_start, 2), start=start),
        ),
        (
            t("metric.training", year=end),
            t.millions(ours.training_hours_end),
            change("training_hours_end"),
            "inverse",
            t("metric.training_help", year=end, per_worker=t.num(ours.training_hours_per_worker)),
        ),
        (
            t("metric.transitions", first=first, end=end),
            t.num(ours.transitions),
            change("transitions"),
            "normal",
            t(
                "metric.transitions_help",
                first=first,
                end=end,
                per_year=t.num(ours.transitions_end),
                positive=t.pct(ours.positive_exit_rate),
            ),
        ),
        (
            t("metric.positive", first=first, end=end),
            t.pct(ours.positive_exit_rate),
            delta_text(t("data.points", n=t.num(points, 1, signed=True))) if ref else None,
            "normal",
            t("metric.positive_help", exits=t.num(ours.wsn_exits), turnover=t.pct(ours.wsn_turnover)),
        ),
    ]
    # the workforce and its skills in one row, then what WISEs exist for: where their workers go next
    # (six figures in one row would cut their labels on a laptop)
    cols = [*st.columns(4), *st.columns(2)]
    for col, (label, value, delta, colour, help_text) in zip(cols, figures, strict=True):
        col.metric(label, value, delta, delta_color=colour, border=True, help=help_text)
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


def national_terms(scenario: Scenario, country: str, t: Translator) -> None:
    """Under a scenario's description in a country's view: which of Europe's assumptions the country's
    published stays, open-market exits and trends replace (the description speaks of Europe)."""
    if text := national_terms_text(data.baseline(), country, scenario, t):
        st.caption(text)


def pooled_notice(scenario: Scenario, t: Translator) -> None:
    """In the European view, say that a sampled analysis runs on the countries pooled into one
    workforce, and which of the scenario's country entries it therefore leaves out."""
    if data.selected_country() != data.EUROPE:
        return
    st.caption(t("sidebar.pooled"))
    if scenario.countries:
        st.caption(t("sidebar.pooled_entries", countries=", ".join(t.country(c) for c in scenario.countries)))
