"""Explore: one future scenario, its headline figures, narrative and charts, against the baseline."""

from __future__ import annotations

import streamlit as st

from bwise_foresight import charts
from bwise_foresight.summary import narrative
from bwise_foresight.ui import data, views
from bwise_foresight.ui.controls import state

CHARTS = {
    "workforce": "Workforce by profile",
    "openings": "Job openings",
    "gaps": "Competence gaps by cluster",
    "training": "Training hours by profile",
    "need": "Competence need (heatmap)",
}

s = state()
st.title("Explore a future scenario")
if s.problems or s.scenario is None:
    views.problems(s.problems)
    st.stop()

ours = data.result(s.scenario)
ref = data.result(s.reference) if s.reference is not None else None
if s.reference_problems:
    views.problems(s.reference_problems, what="The reference scenario (baseline.yaml)")

st.markdown(f"### {s.scenario.title}")
st.caption(s.scenario.description)
views.metrics(ours.headline, ref.headline if ref else None)
st.markdown(narrative(ours.headline, ref.headline if ref else None, ours.gaps, needs=False))

b = data.baseline()
end = s.scenario.horizon.end
reference_frame = ref.frame if ref else None


def draw(kind: str, key: str) -> None:
    if kind == "workforce":
        fig = charts.workforce_figure(ours.frame, profiles=b.profiles, reference=reference_frame)
    elif kind == "openings":
        fig = charts.openings_figure(ours.frame, reference=reference_frame)
    elif kind == "gaps":
        fig = charts.gap_by_cluster_figure(
            ours.gaps, reference=ref.gaps if ref else None, reference_name=ref.scenario.title if ref else ""
        )
    elif kind == "training":
        fig = charts.training_figure(ours.frame, profiles=b.profiles, year=end, reference=reference_frame)
    else:
        matrix = charts.need_matrix(ours.frame, year=end, competences=b.competences, profiles=b.profiles)
        fig = charts.heatmap_figure(
            matrix,
            title=f"Competence need in {end} (persons, importance-weighted)",
            colorbar_title="persons",
            hover_unit="persons",
            height=1100,
        )
    views.chart(fig, name=f"{s.scenario_id}_{kind}_{end}", key=f"chart_{key}")


by_label = {label: kind for kind, label in CHARTS.items()}
for key, default in (("chart1", "workforce"), ("chart2", "openings")):
    choice = st.selectbox(
        "Chart",
        list(by_label),
        index=list(CHARTS).index(default),
        key=key,
        bind="query-params",
        label_visibility="collapsed",
        width=360,
    )
    draw(by_label[choice], key)
