"""Competence: one competence across profiles and years — who needs it, how much, and the gap."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from bwise_foresight import charts
from bwise_foresight.charts import CLUSTER_LABELS, GROUP_COLORS, GROUP_LABELS
from bwise_foresight.ui import data, views

s = views.page("A competence")
b = data.baseline()

competences = b.competences.set_index("competence_id")


def label(cid: str) -> str:
    row = competences.loc[cid]
    code = f"{row['digcomp_code']} " if isinstance(row["digcomp_code"], str) else ""
    return f"{code}{row['name']} — {CLUSTER_LABELS[row['cluster']]}"


by_label = {label(c): c for c in b.competence_ids}
chosen = st.selectbox(
    "Competence", list(by_label), index=b.competence_ids.index("dig_5_1"), key="competence", bind="query-params"
)
cid = by_label[chosen]
row = competences.loc[cid]
reference = (
    f"DigComp 2.2 competence {row['digcomp_code']}"
    if isinstance(row["digcomp_code"], str)
    else (
        f"ESCO: [{row['esco_label']}]({row['esco_uri']}) ({row['esco_match']})"
        if isinstance(row["esco_uri"], str)
        else ""
    )
)
st.caption(
    f"Cluster: {CLUSTER_LABELS[row['cluster']]}. {reference}. Automation "
    f"{'raises' if row['automation_coefficient'] > 0 else 'lowers'} its importance "
    f"(coefficient {row['automation_coefficient']:+.1f})."
)

ours = data.result(s.scenario)
ref = data.result(s.reference) if s.reference is not None else None
f = ours.frame
first, last = int(ours.projection.years[0]), int(ours.projection.years[-1])
profiles = b.profiles.set_index("profile_id")
mine = f[f["competence"] == cid]


def by_profile(variable: str, year: int, frame: pd.DataFrame = mine) -> pd.Series:
    rows = frame[(frame["variable"] == variable) & (frame["year"] == year)]
    return rows.set_index("profile")["value"].reindex(b.profile_ids)


need_first, need_last = by_profile("competence_need", first).sum(), by_profile("competence_need", last).sum()
cols = st.columns(3)
cols[0].metric(
    f"Need {last} (persons, importance-weighted)",
    f"{need_last:,.0f}",
    f"{need_last / need_first - 1:+.1%} on {first}",
    border=True,
)
gap = by_profile("gap", last)
emp = f[(f["variable"] == "employment") & (f["year"] == last)].set_index("profile")["value"].reindex(b.profile_ids)
imp = by_profile("importance", last)
cols[1].metric(
    f"Average gap {last} (levels)",
    f"{(gap * emp * imp).sum() / (emp * imp).sum():.2f}",
    border=True,
    help="Weighted by each profile's workforce and the competence's importance for it.",
)
cols[2].metric(
    f"Training to close it, {last} (hours)", f"{by_profile('training_hours', last).sum() / 1e6:,.2f} M", border=True
)

need = (
    mine[mine["variable"] == "competence_need"]
    .pivot_table(index="profile", columns="year", values="value", observed=True)
    .reindex(b.profile_ids)
)
need.index = profiles.loc[need.index, "name"].to_numpy()
views.chart(
    charts.heatmap_figure(
        need,
        title=f"Who needs {row['name']}: need by profile and year (persons, importance-weighted)",
        colorbar_title="persons",
        hover_unit="persons",
        height=620,
        x_title="Year",
        tickangle=0,
    ),
    name=f"{cid}_need",
    key="comp_need",
)

names = profiles["name"]
order = gap.sort_values(ascending=False).index
views.chart(
    charts.bars_figure(
        gap.loc[order].rename(index=names.get),
        title=f"{row['name']}: gap by profile in {last} (levels short)",
        x_title="Levels short (8-level scale)",
        hover_unit="levels",
        value_format=".2f",
        colors=[GROUP_COLORS[profiles.loc[p, "group"]] for p in order],
        legend={GROUP_LABELS[g]: GROUP_COLORS[g] for g in GROUP_LABELS},
        reference=by_profile("gap", last, ref.frame[ref.frame["competence"] == cid]).loc[order].rename(index=names.get)
        if ref
        else None,
        reference_name=ref.scenario.title if ref else "",
    ),
    name=f"{cid}_gaps",
    key="comp_gaps",
)
table = pd.DataFrame(
    {
        "required_first": by_profile("required_level", first),
        "available_first": by_profile("available_level", first),
        "required_last": by_profile("required_level", last),
        "available_last": by_profile("available_level", last),
    }
).loc[imp.sort_values(ascending=False).index]
table.index = names.loc[table.index].to_numpy()
views.chart(
    charts.proficiency_figure(
        table,
        first_year=first,
        last_year=last,
        title=f"{row['name']}: required vs available proficiency by profile (level)",
    ),
    name=f"{cid}_proficiency",
    key="comp_dumbbell",
)
