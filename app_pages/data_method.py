"""Data & method: the baseline tables with each figure's source and evidence, the scenario's
assumptions, and the model explained."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from bwise_foresight.calibration import calibration
from bwise_foresight.countries import EVIDENCE, SMALL_CELL, evidence_by_country
from bwise_foresight.levers import LEVERS
from bwise_foresight.markup import escape
from bwise_foresight.scenario import Range
from bwise_foresight.ui import data, views
from bwise_foresight.ui.controls import state

s = state()
t = s.t
b = data.baseline()
st.title(t("data.title"))
st.caption(t("data.caption"))

sources = b.sources.set_index("source_id")


def with_sources(table: pd.DataFrame) -> pd.DataFrame:
    """Replace each *_source_id column by the source's title, keeping the evidence tag beside it."""
    out = table.copy()
    for column in [c for c in out.columns if c.endswith("_source_id")]:
        out[column] = out[column].map(lambda sid: f"{sid}: {sources.loc[sid, 'title']}" if pd.notna(sid) else "")
    return out


def evidence_counts(table: pd.DataFrame) -> str:
    tags = pd.concat([table[c] for c in table.columns if c.endswith("_evidence")])
    return ", ".join(f"{t.num(n)} {t(f'data.evidence.{tag}')}" for tag, n in tags.value_counts().items())


if t.lang != "en":
    st.caption(":material/translate: " + t("data.english"))
tables = [b.profiles, b.competences, b.requirements, b.wise_types, b.benchmarks, b.profile_type_table, b.genai_table]
tables += [b.countries, b.country_figures]
st.markdown(t("data.evidence_all", evidence=evidence_counts(pd.concat(tables, ignore_index=True))))
TABS = ("profiles", "types", "competences", "requirements", "benchmarks", "countries", "sources", "scenario", "model")
tabs = dict(zip(TABS, st.tabs([t(f"data.tab.{tab}") for tab in TABS]), strict=True))
with tabs["profiles"]:
    total = t.num(b.benchmarks.loc["ensie_salaried", "value"])
    st.markdown(t("data.profiles", n=len(b.profiles), evidence=evidence_counts(b.profiles), total=total))
    st.dataframe(with_sources(b.profiles), width="stretch", hide_index=True)
    st.dataframe(with_sources(b.genai_table), width="stretch", hide_index=True)
with tabs["types"]:
    st.markdown(t("data.types", evidence=evidence_counts(pd.concat([b.wise_types, b.profile_type_table]))))
    st.dataframe(with_sources(b.wise_types), width="stretch", hide_index=True)
    mix = b.profile_type_table.pivot(index="profile_id", columns="wise_type", values="share")
    st.dataframe(mix.reindex(b.profile_ids), width="stretch")
with tabs["competences"]:
    st.markdown(t("data.competences", n=len(b.competences), evidence=evidence_counts(b.competences)))
    st.dataframe(
        with_sources(b.competences),
        width="stretch",
        hide_index=True,
        column_config={"esco_uri": st.column_config.LinkColumn("esco_uri")},
    )
with tabs["requirements"]:
    st.markdown(t("data.requirements", n=t.num(len(b.requirements)), evidence=evidence_counts(b.requirements)))
    st.dataframe(b.requirements, width="stretch", hide_index=True)
with tabs["benchmarks"]:
    if s.scenario is not None:
        st.markdown(t("data.calibration", title=escape(t.scenario_title(s.scenario))))
        seen = data.result(s.scenario, wise_type="all")
        countries = list(b.countries.index) if seen.country == data.EUROPE else [seen.country]
        table = calibration(seen.projection, b, countries)
        shares = table["unit"] == "share"

        def shown_as(values: pd.Series, *, signed: bool = False) -> list[str]:
            return [
                "—" if pd.isna(v)  # a figure this view cannot give (no published count of WISEs)
                else t("data.points", n=t.num(100 * v, 1, signed=True)) if sh and signed
                else t.pct(v) if sh
                else t.num(v, 1, signed=signed)
                for v, sh in zip(values, shares, strict=True)
            ]  # fmt: skip

        shown = table.assign(
            model=shown_as(table["model"]),
            benchmark=shown_as(table["benchmark"]),
            difference=shown_as(table["difference"], signed=True),
        ).drop(columns="unit")
        st.table(shown.set_index("measure"))  # a static table: the reasons wrap instead of being cut
    st.markdown(t("data.benchmarks"))
    st.dataframe(with_sources(b.benchmarks.reset_index()), width="stretch", hide_index=True)
with tabs["countries"]:
    st.markdown(t("data.countries", n=len(b.countries), evidence=evidence_counts(b.country_figures)))
    thin = evidence_by_country(b)

    def measures(names: list[str]) -> str:
        return ", ".join(t(f"data.measure.{m}") for m in names) or "—"

    st.dataframe(
        pd.DataFrame(
            {
                t("data.column.country"): [f"{code} {t.country(code)}" for code in thin.index],
                t("data.column.figures"): thin["figures"],
                **{t(f"data.evidence.{tag}"): thin[f"share_{tag}"].map(t.pct) for tag in EVIDENCE},
                t("data.column.documented"): thin["documented"].map(measures),
                t("data.column.missing"): thin["missing"].map(measures),
                t("data.column.caution"): [
                    t("data.small_cell", n=t.num(SMALL_CELL)) if c else "" for c in thin["caution"]
                ],
            }
        ),
        width="stretch",
        hide_index=True,
    )
    st.caption(t("data.countries_model"))
    # what the national projections run on: each stock with its evidence and the rule that gave it
    stocks = data.national_stocks()
    st.dataframe(
        pd.DataFrame(
            {
                t("data.column.country"): [f"{code} {t.country(code)}" for code in stocks.index],
                **{
                    t(f"data.measure.{m}"): [
                        f"{t.num(v)} ({t(f'data.evidence.{e}')})"
                        for v, e in zip(stocks[m], stocks[f"{m}_evidence"], strict=True)
                    ]
                    for m in ("wsn", "staff")
                },
                t("data.column.rule"): stocks["wsn_rule"] + " | " + stocks["staff_rule"],
            }
        ),
        width="stretch",
        hide_index=True,
    )
    st.dataframe(with_sources(b.country_figures), width="stretch", hide_index=True)
    st.dataframe(with_sources(b.countries.reset_index()), width="stretch", hide_index=True)
with tabs["sources"]:
    st.dataframe(b.sources, width="stretch", hide_index=True, column_config={"url": st.column_config.LinkColumn("url")})
with tabs["scenario"]:
    if s.scenario is None:
        views.problems(s.problems)
    else:
        st.markdown(
            t(
                "data.assumptions",
                title=escape(t.scenario_title(s.scenario)),
                files="` ← `".join(s.scenario.files) or t("data.sliders"),
            )
        )
        changed = {lever.path: lever for lever in LEVERS if lever.key in s.changed}
        rows = []
        for path, value in s.scenario.uncertain_parameters().items():
            is_range = isinstance(value, Range)
            rows.append(
                {
                    t("data.column.assumption"): ".".join(map(str, path)),
                    t("data.column.mode"): value.mode if is_range else value,
                    t("data.column.low"): value.low if is_range else None,
                    t("data.column.high"): value.high if is_range else None,
                    t("data.column.changed"): t("data.yes_mark") if tuple(path) in changed else "",
                }
            )
        st.dataframe(pd.DataFrame(rows), width="stretch", hide_index=True)
        st.download_button(
            t("data.download_yaml"),
            s.scenario.to_yaml(),
            file_name=f"{s.scenario_id}.yaml",
            mime="application/x-yaml",
            icon=":material/download:",
            on_click="ignore",
        )
with tabs["model"]:
    text = (data.ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    # Streamlit's markdown renders $...$ as LaTeX already; drop the HTML comments that mark the test table.
    st.markdown(re.sub(r"<!--.*?-->", "", text))
