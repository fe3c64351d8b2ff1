"""Competence: one competence across profiles and years — who needs it, how much, and the gap."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from bwise_foresight import charts
from bwise_foresight.baseline import GROUPS
from bwise_foresight.charts import GROUP_COLORS
from bwise_foresight.i18n import Translator
from bwise_foresight.ui import data, views
from bwise_foresight.ui.controls import picker, state

t = state().t
s = views.page(t("competence.title"))
b = data.baseline(t.lang)

competences = b.competences.set_index("competence_id")


def label(cid: str, tr: Translator) -> str:
    row = competences.loc[cid]
    code = f"{row['digcomp_code']} " if isinstance(row["digcomp_code"], str) else ""
    return f"{code}{data.competence_names(tr.lang)[cid]} — {tr.cluster(row['cluster'])}"


cid = picker(
    st.selectbox,
    t("axis.competence"),
    b.competence_ids,
    label,
    key="competence",
    index=b.competence_ids.index("dig_5_1"),
)
row = competences.loc[cid]
reference = (
    t("competence.digcomp", code=row["digcomp_code"])
    if isinstance(row["digcomp_code"], str)
    else (
        t("competence.esco", label=row["esco_label"], uri=row["esco_uri"]) if isinstance(row["esco_uri"], str) else ""
    )
)
st.caption(
    t(
        "competence.raises" if row["automation_coefficient"] > 0 else "competence.lowers",
        cluster=t.cluster(row["cluster"]),
        reference=reference,
        coefficient=t.num(row["automation_coefficient"], 1, signed=True),
    )
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
    t("competence.need", year=last),
    t.num(need_last),
    views.change_since(need_last, need_first, first),
    border=True,
)
gap = by_profile("gap", last)
emp = f[(f["variable"] == "employment") & (f["year"] == last)].set_index("profile")["value"].reindex(b.profile_ids)
imp = by_profile("importance", last)
cols[1].metric(
    t("competence.gap", year=last),
    t.num((gap * emp * imp).sum() / (emp * imp).sum(), 2),
    border=True,
    help=t("competence.gap_help"),
)
cols[2].metric(t("competence.training", year=last), t.millions(by_profile("training_hours", last).sum()), border=True)

need = (
    mine[mine["variable"] == "competence_need"]
    .pivot_table(index="profile", columns="year", values="value", observed=True)
    .reindex(b.profile_ids)
)
need.index = profiles.loc[need.index, "name"].to_numpy()
views.chart(
    charts.heatmap_figure(
        need,
        title=t("competence.who", name=row["name"]),
        colorbar_title=t("unit.persons"),
        hover_unit=t("unit.persons"),
        x_title=t("axis.year"),
        tickangle=-45,
        t=t,
    ),
    name=f"{cid}_need",
    key="comp_need",
)

names = profiles["name"]
order = gap.sort_values(ascending=False).index
views.chart(
    charts.bars_figure(
        gap.loc[order].rename(index=names.get),
        title=t("competence.gaps", name=row["name"], last=last),
        x_title=t("axis.levels_short"),
        hover_unit=t("unit.levels"),
        value_format=".2f",
        colors=[GROUP_COLORS[profiles.loc[p, "group"]] for p in order],
        legend={t.group(g): GROUP_COLORS[g] for g in GROUPS},
        reference=by_profile("gap", last, ref.frame[ref.frame["competence"] == cid]).loc[order].rename(index=names.get)
        if ref
        else None,
        reference_name=t.scenario_title(ref.scenario) if ref else None,
        t=t,
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
        title=t("competence.proficiency", name=row["name"]),
        t=t,
    ),
    name=f"{cid}_proficiency",
    key="comp_dumbbell",
)
