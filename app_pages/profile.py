"""Profile: one WISE occupational profile — proficiency required vs available, gaps, training, openings."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from bwise_foresight import charts
from bwise_foresight.charts import CLUSTER_COLORS, CLUSTER_LABELS, GROUP_LABELS
from bwise_foresight.ui import data, views

s = views.page("A WISE profile")
b = data.baseline()

profiles = b.profiles.set_index("profile_id")
names = profiles["name"]
by_name = {names[p]: p for p in b.profile_ids}
chosen = st.selectbox(
    "WISE profile", list(by_name), index=b.profile_ids.index("sup_job_coach"), key="profile", bind="query-params"
)
pid = by_name[chosen]
row = profiles.loc[pid]
st.caption(
    f"{GROUP_LABELS[row['group']]}. {row['description']} Automation exposure {row['automation_exposure']:.2f} "
    f"(proxy: {row['exposure_proxy']})."
)
if row["headcount"] < 10_000:
    st.warning(
        f"About {row['headcount']:,} people in the base year: below the ~10,000 that Cedefop treats as a "
        "reliable cell. Read these results as indicative.",
        icon=":material/warning:",
    )

ours = data.result(s.scenario)
ref = data.result(s.reference) if s.reference is not None else None
f = ours.frame
first, last = int(ours.projection.years[0]), int(ours.projection.years[-1])
mine = f[f["profile"] == pid]


def value(variable: str, year: int, frame: pd.DataFrame = mine) -> pd.Series:
    rows = frame[(frame["variable"] == variable) & (frame["year"] == year)]
    return rows.set_index("competence")["value"]


emp_first, emp_last = value("employment", first).sum(), value("employment", last).sum()
openings = mine[mine["variable"] == "openings_total"]["value"].sum()
cols = st.columns(4)
cols[0].metric(f"Workforce {last}", f"{emp_last:,.0f}", f"{emp_last / emp_first - 1:+.1%} on {first}", border=True)
cols[1].metric(f"Job openings {first + 1}–{last}", f"{openings:,.0f}", border=True)
importance = value("importance", last)
gap_last = (value("gap", last) * importance).sum() / importance.sum()
cols[2].metric(
    f"Gap {last} (levels)",
    f"{gap_last:.2f}",
    border=True,
    help="Levels short, importance-weighted over competences.",
)
cols[3].metric(f"Training {last} (h per worker)", f"{value('training_hours', last).sum() / emp_last:,.0f}", border=True)

competences = b.competences.set_index("competence_id")
show_all = st.toggle("Show every competence (not only those that matter for this profile)", key="all_comp")
relevant = importance[importance >= (0 if show_all else 0.3)].sort_values(ascending=False).index
table = pd.DataFrame(
    {
        "required_first": value("required_level", first),
        "available_first": value("available_level", first),
        "required_last": value("required_level", last),
        "available_last": value("available_level", last),
    }
).loc[relevant]
table.index = [competences.loc[c, "name"] for c in table.index]
views.chart(
    charts.proficiency_figure(
        table,
        first_year=first,
        last_year=last,
        title=f"{names[pid]}: required vs available proficiency, {first} and {last} (level)",
    ),
    name=f"{pid}_proficiency",
    key="prof_dumbbell",
)

gaps = value("gap", last).loc[relevant].sort_values(ascending=False)
ref_gaps = value("gap", last, ref.frame[ref.frame["profile"] == pid]) if ref else None
views.chart(
    charts.bars_figure(
        gaps.rename(index=lambda c: competences.loc[c, "name"]),
        title=f"{names[pid]}: gap by competence in {last} (levels short)",
        x_title="Levels short (8-level scale)",
        hover_unit="levels",
        value_format=".2f",
        colors=[CLUSTER_COLORS[competences.loc[c, "cluster"]] for c in gaps.index],
        legend={CLUSTER_LABELS[k]: CLUSTER_COLORS[k] for k in sorted(set(competences.loc[gaps.index, "cluster"]))},
        reference=ref_gaps.rename(index=lambda c: competences.loc[c, "name"]) if ref_gaps is not None else None,
        reference_name=ref.scenario.title if ref else "",
    ),
    name=f"{pid}_gaps",
    key="prof_gaps",
)
views.chart(
    charts.openings_figure(
        f,
        profile=pid,
        reference=ref.frame if ref else None,
        title=f"{names[pid]}: job openings per year (persons/year)",
    ),
    name=f"{pid}_openings",
    key="prof_openings",
)
