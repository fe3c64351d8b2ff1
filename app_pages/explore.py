"""Explore: one future scenario — sliders, headline figures, narrative and charts, against the baseline."""

from __future__ import annotations

import dataclasses

import streamlit as st

from bwise_foresight import charts
from bwise_foresight.levers import LEVERS_BY_KEY, scenario_values
from bwise_foresight.markup import escape
from bwise_foresight.summary import narrative
from bwise_foresight.ui import data, files, views
from bwise_foresight.ui.controls import (
    changed_note,
    lever_panel,
    picker,
    share_button,
    state,
    tweak,
)

s = state()
t = s.t
if s.base is None:
    st.title(t("explore.title"))
    views.problems(s.problems)
    st.stop()
if s.reference_problems:
    views.problems(s.reference_problems, what=t("problems.reference_file"))


# chart kind -> (Bands field, projection variable, title key, y-axis title key) of its fan chart
FANS = {
    "workforce": ("employment", "employment", "explore.fan_workforce", "axis.persons_employed"),
    "openings": ("openings", "openings_total", "explore.fan_openings", "axis.openings"),
    "pathways": ("transitions", "transitions_open_market", "explore.fan_transitions", "axis.transitions"),
}


def draw(kind: str, key: str, *, uncertainty: bool = False) -> None:
    ours = data.result(s.scenario)
    ref = data.result(s.reference) if s.reference is not None else None
    name, key = f"{s.scenario_id}_{kind}_{s.scenario.horizon.end}", f"chart_{key}"
    bands = data.bands(s.scenario, t) if uncertainty and kind in (*FANS, "gaps") else None
    if bands is None or kind not in FANS:
        spread = bands.gap_by_cluster if bands is not None else None
        views.standard_chart(kind, ours, ref, name=name, key=key, spread=spread)
        return
    field, variable, title_key, y_key = FANS[kind]
    reference = None
    if ref is not None:
        rows = ref.frame[ref.frame["variable"] == variable]
        reference = rows.groupby("year", observed=True)["value"].sum()
    band = getattr(bands, field)
    # The headline figures' path (every range at its mode) inside its fan: the two must tell one story.
    rows = ours.frame[ours.frame["variable"] == variable]
    fig = charts.fan_figure(
        band,
        reference=reference,
        reference_name=t.scenario_title(ref.scenario) if ref else None,
        headline=rows.groupby("year", observed=True)["value"].sum(),
        headline_name=t("explore.headline_path"),
        title=t(title_key, n=t.num(bands.draws)),
        y_title=t(y_key),
        hover_unit=t("unit.persons"),
        t=t,
    )
    views.chart(fig, name=name, key=key)  # which names the publishers on its source line


def adjustments() -> str:
    """What the sliders changed, in the page's language: 'Sector demand growth (% per year) −5 (scenario 0.5)'."""
    own = scenario_values(s.base)
    return " · ".join(
        t("explore.adjusted_item", lever=LEVERS_BY_KEY[k].label(t), value=t.plain(v), own=t.plain(own[k]))
        for k, v in s.changed.items()
    )


def story(ours: data.Result, ref: data.Result | None) -> str:
    """The narrative under the chart, naming each scenario as the page does: an adjusted scenario
    is called adjusted, even against its own unadjusted file as the reference."""
    mine = dataclasses.replace(ours.headline, title=t.scenario_title(ours.scenario))
    theirs = dataclasses.replace(ref.headline, title=t.scenario_title(ref.scenario)) if ref else None
    return narrative(mine, theirs, ours.gaps, needs=False, t=t, names=data.competence_names(t.lang))


@st.fragment
def explorer() -> None:
    """Sliders and everything they change: a slider move reruns only this fragment."""
    # results first: on a phone the columns stack, and participants should see the figures before the sliders
    results, levers = st.columns([3, 1], gap="medium")
    with levers:
        tweak(s.base, lever_panel(s.base, t), s)
        if s.changed:
            changed_note(s)
        share_button(t)
        if s.scenario is not None:
            files.pack_button(s.scenario, s.reference, t)
            with st.expander(":material/folder_open: " + t("files.title")):
                files.scenario_files(s.scenario, t)
    with results:
        if s.scenario is None:
            views.problems(s.problems)
            return
        ours = data.result(s.scenario)
        ref = data.result(s.reference) if s.reference is not None else None
        country = data.selected_country()
        place = "" if country == data.EUROPE else f" · {t.country(country)}"  # a national projection says whose
        st.header(escape(t.scenario_title(s.scenario)) + place, anchor=False)  # the file's text, never Markdown
        if not s.present:  # on a projector the facilitator tells the story; the chart needs the room
            description = escape(s.scenario.description_in(t.lang))  # the file's text, never Markdown
            if s.changed:  # the file's description may quote values the sliders have since changed
                description = t("explore.adjusted_caption", changes=adjustments(), description=description)
            st.caption(description)
            if country != data.EUROPE:
                views.national_terms(s.scenario, country, t)
        views.metrics(ours.headline, ref.headline if ref else None)
        kind = picker(
            st.segmented_control,
            t("explore.chart"),
            charts.STANDARD,
            lambda k, tr: tr(f"chart.kind.{k}"),
            key="chart",
            default="workforce",
            required=True,
            label_visibility="collapsed",
            wrap=True,
        )
        kind = kind or "workforce"
        uncertainty = st.toggle(
            t("explore.uncertainty"), key="unc", bind="query-params", help=t("explore.uncertainty_help")
        )
        if uncertainty and kind not in (*FANS, "gaps"):
            st.caption(t("explore.uncertainty_where"))
        draw(kind, "main", uncertainty=uncertainty)
        st.markdown(story(ours, ref))


explorer()
