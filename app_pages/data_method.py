"""Data & method: the baseline tables with each figure's source and evidence, the scenario's
assumptions, and the model explained."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from bwise_foresight.levers import LEVERS
from bwise_foresight.scenario import Range
from bwise_foresight.ui import data, views
from bwise_foresight.ui.controls import state

s = state()
b = data.baseline()
st.title("Data & method")
st.caption(
    "Every figure carries its source and an evidence tag: **read** in the source, **secondary** (read in a "
    "summary) or **assumption** (no public source; the source row gives the reasoning)."
)

sources = b.sources.set_index("source_id")


def with_sources(table: pd.DataFrame) -> pd.DataFrame:
    """Replace each *_source_id column by the source's title, keeping the evidence tag beside it."""
    out = table.copy()
    for column in [c for c in out.columns if c.endswith("_source_id")]:
        out[column] = out[column].map(lambda sid: f"{sid}: {sources.loc[sid, 'title']}")
    return out


def evidence_counts(table: pd.DataFrame) -> str:
    tags = pd.concat([table[c] for c in table.columns if c.endswith("_evidence")])
    return ", ".join(f"{n:,} {tag}" for tag, n in tags.value_counts().items())


tabs = st.tabs(["Profiles", "Competences", "Requirements", "Sources", "Scenario assumptions", "The model"])
with tabs[0]:
    st.markdown(
        f"**{len(b.profiles)} WISE profiles** in B-WISE's three target groups. Figures: "
        f"{evidence_counts(b.profiles)}. Headcounts split ENSIE's 378,000 (2019) by assumption."
    )
    st.dataframe(with_sources(b.profiles), width="stretch", hide_index=True)
with tabs[1]:
    st.markdown(
        f"**{len(b.competences)} competences**: the 21 of DigComp 2.2 and 28 others. Figures: "
        f"{evidence_counts(b.competences)}."
    )
    st.dataframe(
        with_sources(b.competences),
        width="stretch",
        hide_index=True,
        column_config={"esco_uri": st.column_config.LinkColumn("esco_uri")},
    )
with tabs[2]:
    st.markdown(
        f"**{len(b.requirements):,} profile × competence rows** on DigComp's 8-level scale. Figures: "
        f"{evidence_counts(b.requirements)}; the rules are in `data/make_requirements.py`."
    )
    st.dataframe(b.requirements, width="stretch", hide_index=True)
with tabs[3]:
    st.dataframe(b.sources, width="stretch", hide_index=True, column_config={"url": st.column_config.LinkColumn("url")})
with tabs[4]:
    if s.scenario is None:
        views.problems(s.problems)
    else:
        st.markdown(
            f"**{s.scenario.title}** — from `{'` ← `'.join(s.scenario.files) or 'sliders'}`. "
            "Ranges feed the uncertainty analysis; a single run uses the mode."
        )
        changed = {lever.path: lever for lever in LEVERS if lever.key in s.changed}
        rows = []
        for path, value in s.scenario.uncertain_parameters().items():
            is_range = isinstance(value, Range)
            rows.append(
                {
                    "assumption": ".".join(map(str, path)),
                    "value (mode)": value.mode if is_range else value,
                    "low": value.low if is_range else None,
                    "high": value.high if is_range else None,
                    "changed by a slider": "yes" if tuple(path) in changed else "",
                }
            )
        st.dataframe(pd.DataFrame(rows), width="stretch", hide_index=True)
        st.download_button(
            "Download this scenario as YAML",
            s.scenario.to_yaml(),
            file_name=f"{s.scenario_id}.yaml",
            mime="application/x-yaml",
            icon=":material/download:",
            on_click="ignore",
        )
with tabs[5]:
    text = (data.ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    # Streamlit's markdown renders $...$ as LaTeX already; drop the HTML comments that mark the test table.
    st.markdown(re.sub(r"<!--.*?-->", "", text))
