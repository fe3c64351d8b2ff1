"""B-WISE Foresight — Streamlit entry point (a minimal view until the dashboard lands)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from bwise_foresight import InputError, list_scenarios, load_baseline, load_scenario, project
from bwise_foresight.charts import workforce_figure

ROOT = Path(__file__).resolve().parent

st.set_page_config(page_title="B-WISE Foresight", layout="wide")
st.title("B-WISE Foresight")
st.caption("Future scenarios for the skills of work integration social enterprises (WISEs)")

baseline = load_baseline()
files = list_scenarios(ROOT / "scenarios")
choice = st.selectbox("Future scenario", files, format_func=lambda p: p.stem, key="scenario")
try:
    scenario = load_scenario(choice, baseline=baseline, display=f"scenarios/{choice.name}")
    reference = load_scenario(ROOT / "scenarios" / "baseline.yaml", baseline=baseline)
except InputError as exc:
    st.error("This scenario file has problems:\n\n" + "\n".join(f"- `{p}`" for p in exc.problems))
    st.stop()
st.markdown(f"**{scenario.title}** — {scenario.description}")
groups = baseline.profiles.set_index("profile_id")["group"]
fig = workforce_figure(
    project(scenario, baseline).to_frame(["employment"]),
    groups=groups,
    reference=project(reference, baseline).to_frame(["employment"]),
)
st.plotly_chart(fig, width="stretch")
