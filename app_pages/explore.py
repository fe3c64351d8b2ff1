"""Explore: one future scenario — sliders, headline figures, narrative and charts, against the baseline."""

from __future__ import annotations

import streamlit as st

from bwise_foresight import charts
from bwise_foresight.summary import narrative
from bwise_foresight.ui import data, files, views
from bwise_foresight.ui.controls import changed_note, lever_panel, share_button, state, tweak

CHARTS = {**charts.STANDARD, "workforce": "Workforce"}
BY_LABEL = {label: kind for kind, label in CHARTS.items()}

s = state()
if s.base is None:
    st.title("Explore a future scenario")
    views.problems(s.problems)
    st.stop()
if s.reference_problems:
    views.problems(s.reference_problems, what="The reference scenario (baseline.yaml)")


# chart kind -> (Bands field, projection variable, title, y-axis title) of its fan chart
FANS = {
    "workforce": (
        "employment",
        "employment",
        "Workforce: median and P10–P90 of {n:,} futures (persons)",
        "Persons employed",
    ),
    "openings": (
        "openings",
        "openings_total",
        "Job openings per year: median and P10–P90 of {n:,} futures (persons/year)",
        "Job openings (persons per year)",
    ),
}


def draw(kind: str, key: str, *, uncertainty: bool = False) -> None:
    ours = data.result(s.scenario)
    ref = data.result(s.reference) if s.reference is not None else None
    name, key = f"{s.scenario_id}_{kind}_{s.scenario.horizon.end}", f"chart_{key}"
    bands = data.bands(s.scenario) if uncertainty and kind in (*FANS, "gaps") else None
    if bands is None or kind not in FANS:
        spread = bands.gap_by_cluster if bands is not None else None
        views.standard_chart(kind, ours, ref, name=name, key=key, spread=spread)
        return
    field, variable, title, y_title = FANS[kind]
    reference = None
    if ref is not None:
        rows = ref.frame[ref.frame["variable"] == variable]
        reference = rows.groupby("year", observed=True)["value"].sum()
    fig = charts.fan_figure(
        getattr(bands, field),
        reference=reference,
        reference_name=ref.scenario.title if ref else "",
        title=title.format(n=bands.draws),
        y_title=y_title,
        hover_unit="persons",
    )
    views.chart(fig, name=name, key=key)


@st.fragment
def explorer() -> None:
    """Sliders and everything they change: a slider move reruns only this fragment."""
    # results first: on a phone the columns stack, and participants should see the figures before the sliders
    results, levers = st.columns([3, 1], gap="medium")
    with levers:
        tweak(s.base, lever_panel(s.base), s)
        if s.changed:
            changed_note(s)
        share_button()
        if s.scenario is not None:
            files.pack_button(s.scenario, s.reference)
            with st.expander(":material/folder_open: Scenario files"):
                files.scenario_files(s.scenario)
    with results:
        if s.scenario is None:
            views.problems(s.problems)
            return
        ours = data.result(s.scenario)
        ref = data.result(s.reference) if s.reference is not None else None
        st.header(s.scenario.title, anchor=False)
        if not s.present:  # on a projector the facilitator tells the story; the chart needs the room
            st.caption(s.scenario.description)
        views.metrics(ours.headline, ref.headline if ref else None)
        choice = st.segmented_control(
            "Chart",
            list(BY_LABEL),
            default=CHARTS["workforce"],
            key="chart",
            bind="query-params",
            required=True,
            label_visibility="collapsed",
            wrap=True,
        )
        kind = BY_LABEL[choice or CHARTS["workforce"]]
        uncertainty = st.toggle(
            "Show uncertainty",
            key="unc",
            bind="query-params",
            help="Sample 1,000 futures from the scenario's ranges {low, mode, high} (Latin hypercube, seed 0) and "
            "draw the median and the P10–P90 band: 8 futures in 10 fall inside it.",
        )
        if uncertainty and kind not in ("workforce", "openings", "gaps"):
            st.caption("Uncertainty bands are drawn on the Workforce, Job openings and Gaps by cluster charts.")
        draw(kind, "main", uncertainty=uncertainty)
        st.markdown(narrative(ours.headline, ref.headline if ref else None, ours.gaps, needs=False))


explorer()
