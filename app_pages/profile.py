"""Profile: one WISE occupational profile — proficiency required vs available, gaps, training, openings."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from bwise_foresight import charts
from bwise_foresight.charts import CLUSTER_COLORS
from bwise_foresight.countries import SMALL_CELL
from bwise_foresight.ui import data, views
from bwise_foresight.ui.controls import picker, state

t = state().t
s = views.page(t("profile.title"))
b = data.baseline(t.lang)

profiles = b.profiles.set_index("profile_id")
names = profiles["name"]
pid = picker(
    st.selectbox,
    t("axis.profile"),
    b.profile_ids,
    lambda p, tr: data.profile_names(tr.lang)[p],
    key="profile",
    index=b.profile_ids.index("sup_job_coach"),
)
row = profiles.loc[pid]
st.caption(
    t(
        "profile.caption",
        group=t.group(row["group"]),
        description=row["description"],
        exposure=t.num(row["automation_exposure"], 2),
    )
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
if emp_first < SMALL_CELL:  # the cell on screen: the chosen country's and type of WISE's, as Cedefop flags its own
    st.warning(t("profile.small", n=t.num(emp_first)), icon=":material/warning:")
openings = mine[mine["variable"] == "openings_total"]["value"].sum()
cols = st.columns(4)
cols[0].metric(
    t("metric.workforce", year=last),
    t.num(emp_last),
    views.change_since(emp_last, emp_first, first),
    border=True,
)
cols[1].metric(t("profile.openings", first=first + 1, last=last), t.num(openings), border=True)
importance = value("importance", last)
gap_last = (value("gap", last) * importance).sum() / importance.sum()
cols[2].metric(t("metric.gap", year=last), t.num(gap_last, 2), border=True, help=t("profile.gap_help"))
cols[3].metric(t("profile.training", year=last), t.num(value("training_hours", last).sum() / emp_last), border=True)

competences = b.competences.set_index("competence_id")
show_all = st.toggle(t("profile.show_all"), key="all_comp")
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
        title=t("profile.proficiency", name=names[pid], first=first, last=last),
        t=t,
    ),
    name=f"{pid}_proficiency",
    key="prof_dumbbell",
)

gaps = value("gap", last).loc[relevant].sort_values(ascending=False)
ref_gaps = value("gap", last, ref.frame[ref.frame["profile"] == pid]) if ref else None
views.chart(
    charts.bars_figure(
        gaps.rename(index=lambda c: competences.loc[c, "name"]),
        title=t("profile.gaps", name=names[pid], last=last),
        x_title=t("axis.levels_short"),
        hover_unit=t("unit.levels"),
        value_format=".2f",
        colors=[CLUSTER_COLORS[competences.loc[c, "cluster"]] for c in gaps.index],
        legend={t.cluster(k): CLUSTER_COLORS[k] for k in sorted(set(competences.loc[gaps.index, "cluster"]))},
        reference=ref_gaps.rename(index=lambda c: competences.loc[c, "name"]) if ref_gaps is not None else None,
        reference_name=t.scenario_title(ref.scenario) if ref else None,
        t=t,
    ),
    name=f"{pid}_gaps",
    key="prof_gaps",
)
views.chart(
    charts.openings_figure(
        f,
        profile=pid,
        reference=ref.frame if ref else None,
        reference_name=t.scenario_title(ref.scenario) if ref else None,
        title=t("profile.openings_chart", name=names[pid]),
        t=t,
    ),
    name=f"{pid}_openings",
    key="prof_openings",
)
