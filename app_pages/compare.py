"""Compare: two to four future scenarios on the same axes, and their differences from the baseline."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from bwise_foresight import Scenario, charts
from bwise_foresight.charts import GROUP_LABELS
from bwise_foresight.summary import gap_index, headline_table
from bwise_foresight.ui import data, views
from bwise_foresight.ui.controls import scenario_labels, state

CURRENT = "current"
s = state()
b = data.baseline()
st.title("Compare future scenarios")

ids = data.scenario_ids()
options = ([CURRENT] if s.changed and s.scenario is not None else []) + ids
default = [i for i in (data.REFERENCE_ID, "fast_automation", "digital_leap") if i in ids][:3]


LABELS = {**scenario_labels(ids), CURRENT: f"{s.scenario.title} (your sliders)" if s.scenario else "Your sliders"}


def label(option: str) -> str:
    return LABELS[option]


by_label = {label(o): o for o in options}
picked = st.multiselect(
    "Scenarios to compare (2 to 4)",
    list(by_label),
    default=[label(o) for o in default],
    key="compare",
    bind="query-params",
    max_selections=4,
)
chosen = [by_label[p] for p in picked]
if len(chosen) < 2:
    st.info("Pick at least two scenarios to compare.", icon=":material/info:")
    st.stop()

results, broken = {}, []
for option in chosen:
    loaded = s.scenario if option == CURRENT else data.scenario(option)
    if isinstance(loaded, Scenario):
        results[option] = data.result(loaded)
    elif loaded is not None:
        broken.append((option, loaded))
for option, problems in broken:
    views.problems(problems, what=f"Scenario file scenarios/{option}.yaml")
if len(results) < 2:
    st.stop()

names = {option: label(option) for option in results}
reference_name = names.get(data.REFERENCE_ID)
st.caption(
    "All scenarios on the same axes; the baseline scenario is dashed grey. Differences are taken "
    "against Business as usual."
    if reference_name
    else "Add Business as usual to see differences from it."
)

table = headline_table([r.headline for r in results.values()])
table.columns = list(names.values())
st.dataframe(
    table.style.format("{:,.2f}", subset=pd.IndexSlice[table.index[4:5], :]).format(
        "{:,.0f}", subset=pd.IndexSlice[[i for i in table.index if i != table.index[4]], :]
    ),
    width="stretch",
)


def total(option: str, variable: str) -> pd.Series:
    f = results[option].frame
    return f[f["variable"] == variable].groupby("year", observed=True)["value"].sum()


views.chart(
    charts.scenario_lines_figure(
        {names[o]: total(o, "employment") for o in results},
        reference_name=reference_name,
        title="WISE workforce (persons)",
        y_title="Persons employed",
        hover_unit="persons",
    ),
    name="compare_workforce",
    key="cmp_workforce",
)
views.chart(
    charts.scenario_lines_figure(
        {names[o]: pd.Series(gap_index(r.projection), index=r.projection.years) for o, r in results.items()},
        reference_name=reference_name,
        title="Average competence gap per worker (levels)",
        y_title="Levels short (importance-weighted)",
        hover_unit="levels",
        value_format=".2f",
    ),
    name="compare_gap",
    key="cmp_gap",
)

if data.REFERENCE_ID in results:
    ref = results[data.REFERENCE_ID]
    groups = b.profiles.set_index("profile_id")["group"]

    def end_by_group(r: data.Result) -> pd.Series:
        f = r.frame
        rows = f[(f["variable"] == "employment") & (f["year"] == r.projection.years[-1])]
        return rows.groupby(rows["profile"].map(groups).astype(str))["value"].sum()

    diff = pd.DataFrame(
        {names[o]: end_by_group(r) - end_by_group(ref) for o, r in results.items() if o != data.REFERENCE_ID}
    ).reindex(list(GROUP_LABELS))
    diff.index = [GROUP_LABELS[g] for g in diff.index]
    end = ref.projection.years[-1]
    views.chart(
        charts.difference_figure(
            diff,
            title=f"Workforce in {end}: difference from {reference_name} (persons)",
            x_title="Target group",
            hover_unit="persons",
        ),
        name="compare_difference",
        key="cmp_diff",
    )
