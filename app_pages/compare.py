"""Compare: two to four future scenarios on the same axes, and their differences from the baseline."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from bwise_foresight import Scenario, charts, exports
from bwise_foresight.baseline import GROUPS
from bwise_foresight.markup import escape
from bwise_foresight.summary import gap_index, headline_table
from bwise_foresight.ui import data, files, views
from bwise_foresight.ui.controls import picker, scenario_labels, state

CURRENT = "current"
s = state()
t = s.t
st.title(t("compare.title"))

ids = data.scenario_ids()
options = ([CURRENT] if s.changed and s.scenario is not None else []) + ids
default = [i for i in (data.REFERENCE_ID, "fast_automation", "digital_leap") if i in ids][:3]
LABELS = {
    **scenario_labels(ids, t),
    CURRENT: t("compare.yours", title=t.scenario_title(s.scenario)) if s.scenario else t("compare.yours_plain"),
}
chosen = picker(
    st.multiselect,
    t("compare.pick"),
    options,
    lambda o, tr: LABELS[o] if tr == t else {**scenario_labels(ids, tr), CURRENT: ""}[o],
    key="compare",
    multi=True,
    default=default,
    max_selections=4,
    unknown="notice.unknown_scenario",
)
if len(chosen) < 2:
    st.info(t("compare.at_least_two"), icon=":material/info:")
    st.stop()

results, broken = {}, []
for option in chosen:
    loaded = s.scenario if option == CURRENT else data.scenario(option)
    if isinstance(loaded, Scenario):
        results[option] = data.result(loaded)
    elif loaded is not None:
        broken.append((option, loaded))
for option, problems in broken:
    views.problems(problems, what=t("problems.scenario_file", name=escape(option)))
if len(results) < 2:
    st.stop()

names = {option: LABELS[option] for option in results}
reference_name = names.get(data.REFERENCE_ID)
st.caption(
    t("compare.caption", reference=escape(reference_name))
    if reference_name
    else t("compare.add_reference", reference=escape(LABELS.get(data.REFERENCE_ID, data.REFERENCE_ID)))
)

table = headline_table([r.headline for r in results.values()], t, titles=list(names.values()))
decimals = [2 if row == t("table.gap_end") else 0 for row in table.index]
st.dataframe(
    table.apply(lambda column: [t.num(v, d) for v, d in zip(column, decimals, strict=True)]),
    width="stretch",
)
pack_slot = st.container()  # the export pack, once this page's charts are drawn
shown: list[exports.Chart] = []
pack_caption = t("caption.compare", names=", ".join(names.values()))


def chart(fig: go.Figure, *, name: str, key: str) -> None:
    """Draw a comparison chart and keep it for the export pack."""
    views.chart(fig, name=name, key=key)
    shown.append(exports.Chart(name, fig, pack_caption))


def total(option: str, variable: str) -> pd.Series:
    f = results[option].frame
    return f[f["variable"] == variable].groupby("year", observed=True)["value"].sum()


chart(
    charts.scenario_lines_figure(
        {names[o]: total(o, "employment") for o in results},
        reference_name=reference_name,
        title=t("compare.workforce"),
        y_title=t("axis.persons_employed"),
        hover_unit=t("unit.persons"),
        t=t,
    ),
    name="compare_workforce",
    key="cmp_workforce",
)
chart(
    charts.scenario_lines_figure(
        {names[o]: pd.Series(gap_index(r.projection), index=r.projection.years) for o, r in results.items()},
        reference_name=reference_name,
        title=t("compare.gap"),
        y_title=t("compare.gap_axis"),
        hover_unit=t("unit.levels"),
        value_format=".2f",
        t=t,
    ),
    name="compare_gap",
    key="cmp_gap",
)

if data.REFERENCE_ID in results:
    ref = results[data.REFERENCE_ID]
    groups = data.baseline().profiles.set_index("profile_id")["group"]

    def end_by_group(r: data.Result) -> pd.Series:
        f = r.frame
        rows = f[(f["variable"] == "employment") & (f["year"] == r.projection.years[-1])]
        return rows.groupby(rows["profile"].map(groups).astype(str))["value"].sum()

    diff = pd.DataFrame(
        {names[o]: end_by_group(r) - end_by_group(ref) for o, r in results.items() if o != data.REFERENCE_ID}
    ).reindex(list(GROUPS))
    diff.index = [t.group(g) for g in diff.index]
    chart(
        charts.difference_figure(
            diff,
            title=t("compare.difference", year=ref.projection.years[-1], reference=reference_name),
            x_title=t("compare.group_axis"),
            hover_unit=t("unit.persons"),
            t=t,
        ),
        name="compare_difference",
        key="cmp_diff",
    )

if s.scenario is not None:
    # the scenario on screen in every partner country: one output, one panel per country
    st.subheader(t("compare.countries", title=escape(t.scenario_title(s.scenario))))
    st.caption(t("compare.countries_caption"))
    OUTPUTS = ("transitions_open_market", "employment", "openings_total", "gap", "training_hours")
    variable = picker(
        st.selectbox, t("sensitivity.output"), OUTPUTS, lambda v, tr: tr(f"output.{v}"), key="cmp_country_out"
    )
    unit = t(f"variable_unit.{variable}")
    series = data.country_series(s.scenario, variable)
    chart(
        charts.countries_figure(
            {t.country(code): values for code, values in series.items()},
            title=t("compare.countries_title", output=t(f"output.{variable}"), unit=unit),
            hover_unit=unit,
            value_format=",.2f" if variable == "gap" else ",.0f",
            source=t("compare.countries_source"),
            t=t,
        ),
        name="compare_countries",
        key="cmp_countries",
    )
    with pack_slot:
        files.pack_button(
            s.scenario,
            s.reference,
            t,
            extra_charts=shown,
            help=t("files.pack_compare_help", title=t.scenario_title(s.scenario)),
        )
