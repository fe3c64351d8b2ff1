"""Sensitivity: which assumptions move an output most — a tornado (one at a time) and Sobol indices."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from bwise_foresight import VARIABLES, charts
from bwise_foresight.baseline import CLUSTER_LABELS
from bwise_foresight.ui import data, views
from bwise_foresight.ui.controls import state
from bwise_foresight.uncertainty import sensitivity, sobol_indices, uncertain

OUTPUTS = {
    "employment": "Workforce",
    "openings_total": "Job openings",
    "training_hours": "Training hours needed",
    "competence_need": "Competence need",
    "gap": "Competence gap",
    "required_level": "Required proficiency",
    "available_level": "Available proficiency",
    "training_delivered": "Training hours delivered",
}
ALL = "All"

s = state()
b = data.baseline()
st.title("Sensitivity")
if s.scenario is None:
    views.problems(s.problems)
    st.stop()
ranges = uncertain(s.scenario)
st.caption(
    f"Which assumptions of **{s.scenario.title}** move an output most. Only assumptions written as ranges "
    f"{{low, mode, high}} vary: this scenario has {len(ranges)}."
)
if not ranges:
    st.info(
        "This scenario has no ranges, so nothing to vary. Give an assumption a range in its YAML file, "
        "e.g. `ceiling: {low: 0.2, mode: 0.3, high: 0.45}`.",
        icon=":material/info:",
    )
    st.stop()

names = b.profiles.set_index("profile_id")["name"]
competences = b.competences.set_index("competence_id")
cols = st.columns([2, 1, 2, 2])
by_output = {label: var for var, label in OUTPUTS.items()}
variable = by_output[cols[0].selectbox("Output", list(by_output), key="s_out", bind="query-params")]
years = list(s.scenario.years)[1:]
year = cols[1].selectbox("Year", years, index=len(years) - 1, key="s_year", bind="query-params")
by_profile = {ALL: None, **{names[p]: p for p in b.profile_ids}}
profile = by_profile[cols[2].selectbox("Profile", list(by_profile), key="s_prof", bind="query-params")]
competence = None
if VARIABLES[variable][1] == "competence":
    by_comp = {
        ALL: None,
        **{
            f"{competences.loc[c, 'name']} ({CLUSTER_LABELS[competences.loc[c, 'cluster']]})": c
            for c in b.competence_ids
        },
    }
    competence = by_comp[cols[3].selectbox("Competence", list(by_comp), key="s_comp", bind="query-params")]

unit = VARIABLES[variable][0]
unit = "levels" if unit == "level" else unit
what = " · ".join(
    x
    for x in (
        OUTPUTS[variable],
        names[profile] if profile else "all profiles",
        competences.loc[competence, "name"] if competence else None,
        str(year),
    )
    if x
)
table = sensitivity(s.scenario, b, variable=variable, year=year, profile=profile, competence=competence)
base = table.attrs["base"]
fmt = ",.2f" if unit in ("levels", "index 0-1", "share of tasks") else ",.0f"

st.subheader("One at a time (tornado)", anchor=False)
st.caption(
    f"Each bar: {OUTPUTS[variable].lower()} ({unit}) when one assumption moves from its low to its high "
    f"value, every other at its mode. Base value: **{base:{fmt}} {unit}** ({what})."
)
left, right = st.columns([3, 2])
with left:
    views.chart(
        charts.tornado_figure(
            table,
            title=f"What moves {OUTPUTS[variable].lower()} ({unit}): {what}",
            x_title=f"{OUTPUTS[variable]} ({unit})",
            value_format=fmt,
        ),
        name=f"tornado_{variable}_{year}",
        key="tornado",
    )
with right:
    shown = table.round(2 if fmt == ",.2f" else 0).rename(
        columns={"output_low": f"at low ({unit})", "output_high": f"at high ({unit})", "swing": f"swing ({unit})"}
    )
    st.dataframe(shown, hide_index=True, width="stretch")

st.subheader("All at once (Sobol indices)", anchor=False)
st.caption(
    "How much of the output's variance each assumption explains alone (S1) and with its interactions (ST), "
    "over the whole ranges at once (Saltelli sampling, SALib). More runs, narrower confidence intervals."
)
choices = {f"{n} base samples ({n * (len(ranges) + 2):,} runs)": n for n in (64, 128, 256, 512, 1024)}
n = choices[st.selectbox("Sample size", list(choices), index=2, key="s_n")]


@st.cache_resource(show_spinner="Running the Sobol analysis…", max_entries=16)
def _sobol(
    _scenario: object, key: str, variable: str, year: int, profile: str | None, competence: str | None, n: int
) -> pd.DataFrame:
    return sobol_indices(_scenario, b, variable=variable, year=year, profile=profile, competence=competence, n=n)


if st.toggle("Compute Sobol indices", key="s_run", help="Takes about a second for 256 base samples."):
    indices = _sobol(s.scenario, s.scenario.key(), variable, year, profile, competence, n)
    left, right = st.columns([3, 2])
    with left:
        views.chart(
            charts.sobol_figure(indices, title=f"Sobol indices of {OUTPUTS[variable].lower()}: {what}"),
            name=f"sobol_{variable}_{year}",
            key="sobol",
        )
    with right:
        st.dataframe(indices.round(3), width="stretch")
