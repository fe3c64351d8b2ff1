"""Sensitivity: which assumptions move an output most — a tornado (one at a time) and Sobol indices."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from bwise_foresight import VARIABLES, charts
from bwise_foresight.charts.spread import sobol_value
from bwise_foresight.countries import analysed
from bwise_foresight.i18n import Translator
from bwise_foresight.markup import escape
from bwise_foresight.ui import data, views
from bwise_foresight.ui.controls import picker, state
from bwise_foresight.uncertainty import assumption, sensitivity, sobol_indices, uncertain

OUTPUTS = (
    "employment",
    "transitions_open_market",
    "openings_total",
    "training_hours",
    "competence_need",
    "gap",
    "required_level",
    "available_level",
    "training_delivered",
)
ALL = ""

s = state()
t = s.t
b = data.baseline(t.lang)
st.title(t("sensitivity.title"))
if s.scenario is None:
    views.problems(s.problems)
    st.stop()
country = data.selected_country()
# the scenario where the sidebar points: a country's own, or Europe's countries pooled into one workforce
here, here_base = analysed(s.scenario, b, None if country == data.EUROPE else country)
ranges = uncertain(here)
st.caption(t("sensitivity.caption", title=escape(t.scenario_title(s.scenario)), n=len(ranges)))
views.pooled_notice(s.scenario, t)
if not ranges:
    st.info(t("sensitivity.no_ranges"), icon=":material/info:")
    st.stop()

names = b.profiles.set_index("profile_id")["name"]
competences = b.competences.set_index("competence_id")
cols = st.columns([2, 1, 2, 2])
variable = picker(cols[0].selectbox, t("sensitivity.output"), OUTPUTS, lambda v, tr: tr(f"output.{v}"), key="s_out")
years = list(s.scenario.years)[1:]
year = picker(
    cols[1].selectbox,
    t("axis.year"),
    years,
    lambda y, tr: str(y),
    key="s_year",
    index=len(years) - 1,
    unknown="notice.year",  # a year outside the horizon gets a notice, as every control's bad link value
)


def profile_label(p: str, tr: Translator) -> str:
    return data.profile_names(tr.lang)[p] if p else tr("sensitivity.all")


def competence_label(c: str, tr: Translator) -> str:
    if not c:
        return tr("sensitivity.all")
    return f"{data.competence_names(tr.lang)[c]} ({tr.cluster(competences.loc[c, 'cluster'])})"


profile = picker(cols[2].selectbox, t("axis.profile"), [ALL, *b.profile_ids], profile_label, key="s_prof") or None
competence = None
if VARIABLES[variable][1] == "competence":
    choices = [ALL, *b.competence_ids]
    competence = picker(cols[3].selectbox, t("axis.competence"), choices, competence_label, key="s_comp") or None

unit = t(f"variable_unit.{variable}")
output = t(f"output.{variable}")
what = " · ".join(
    x
    for x in (
        output,
        names[profile] if profile else t("sensitivity.all_profiles"),
        competences.loc[competence, "name"] if competence else None,
        str(year),
    )
    if x
)
# Assumptions in plain words, their values in the units the words name (a slider's label and scale).
plain = {path: assumption(path, t, profiles=data.profile_names(t.lang)) for path in ranges}


def name(path: tuple) -> str:
    return plain[path][0]


table = sensitivity(
    here, here_base, variable=variable, year=year, profile=profile, competence=competence, t=t, name=name
)
scale = table["assumption"].map({text: factor for text, factor in plain.values()})
table[["low", "mode", "high"]] = table[["low", "mode", "high"]].mul(scale, axis=0)
base = table.attrs["base"]
decimals = 2 if VARIABLES[variable][0] in ("level", "levels", "index 0-1", "share of tasks") else 0
fmt = f",.{decimals}f"

st.subheader(t("sensitivity.tornado"), anchor=False)
st.caption(t("sensitivity.tornado_caption", output=output, unit=unit, base=t.num(base, decimals), what=what))
# full width, the table under the chart: translated assumption names are long
views.chart(
    charts.tornado_figure(
        table,
        title=t("sensitivity.tornado_title", output=output, unit=unit, what=what),
        x_title=f"{output} ({unit})",
        value_format=fmt,
        t=t,
    ),
    name=f"tornado_{variable}_{year}",
    key="tornado",
    table=False,  # the table below says the same, with the assumptions' values
)
columns = {column: t(f"sensitivity.column.{column}", unit=unit) for column in table.columns}
formats = {
    columns[c]: (lambda v: t.plain(v)) if c in ("low", "mode", "high") else (lambda v: t.num(v, decimals))
    for c in table.columns
    if c != "assumption"
}
st.dataframe(table.rename(columns=columns).style.format(formats), hide_index=True, width="stretch")

st.subheader(t("sensitivity.sobol"), anchor=False)
st.caption(t("sensitivity.sobol_caption"))
st.caption(t("sensitivity.explain"))
n = st.selectbox(
    t("sensitivity.sample_size"),
    (64, 128, 256, 512, 1024),
    index=2,
    format_func=lambda n: t("sensitivity.samples", n=t.num(n), runs=t.num(n * (len(ranges) + 2))),
    key="s_n",
)


@st.cache_resource(show_spinner=False, max_entries=16)
def _sobol(
    _scenario: object,
    key: str,
    variable: str,
    year: int,
    profile: str | None,
    competence: str | None,
    n: int,
    lang: str,
    country: str,
) -> pd.DataFrame:
    return sobol_indices(
        _scenario, here_base, variable=variable, year=year, profile=profile, competence=competence, n=n, t=t, name=name
    )


def sobol_table(indices: pd.DataFrame) -> pd.DataFrame:
    """The indices as the page shows them: each with its 95 % interval, an estimate below zero as ≈ 0."""
    out = {}
    for col in ("S1", "ST"):
        estimate, conf = indices[col], indices[f"{col}_conf"]
        out[t(f"sensitivity.index_column.{col.lower()}")] = [sobol_value(v, t) for v in estimate]
        out[t(f"sensitivity.index_column.{col.lower()}_conf")] = [
            t("sensitivity.interval", low=t.num(e - c, 2), high=t.num(e + c, 2))
            for e, c in zip(estimate, conf, strict=True)
        ]
    return pd.DataFrame(out, index=indices.index.rename(t("sensitivity.column.assumption")))


if st.toggle(t("sensitivity.run"), key="s_run", help=t("sensitivity.run_help")):
    with st.spinner(t("sensitivity.running")):
        indices = _sobol(here, s.scenario.key(), variable, year, profile, competence, n, t.lang, country)
    views.chart(
        charts.sobol_figure(indices, title=t("sensitivity.sobol_title", output=output, what=what), t=t),
        name=f"sobol_{variable}_{year}",
        key="sobol",
        table=False,
    )
    st.dataframe(sobol_table(indices), width="stretch")
