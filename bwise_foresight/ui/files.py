"""Downloads and scenario files in the app: per-chart exports, the export pack, upload, save as."""

from __future__ import annotations

import functools
import os
import shutil

import plotly.graph_objects as go
import streamlit as st

from bwise_foresight import InputError, Scenario, exports, scenario_from_text
from bwise_foresight.scenario import save_scenario, scenario_filename

from . import data

MAX_UPLOAD_MB = 1


@functools.cache
def images_available() -> bool:
    """Whether kaleido can find a browser for static images on this machine."""
    return bool(
        os.environ.get("BROWSER_PATH")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
        or shutil.which("google-chrome")
    )


def chart_downloads(fig: go.Figure, *, name: str) -> None:
    """A 'Download' popover under a chart: PNG, SVG, PDF, offline HTML and the chart's data as CSV.

    Files are built only when their button is clicked (callable ``data``), never on a rerun.
    """
    with st.popover("Download", icon=":material/download:"):
        missing = None if images_available() else "Needs Chromium: apt-get install -y chromium (or set BROWSER_PATH)."
        for fmt, mime, label in (
            ("png", "image/png", "PNG (print, 3×)"),
            ("svg", "image/svg+xml", "SVG"),
            ("pdf", "application/pdf", "PDF"),
        ):
            st.download_button(
                label,
                data=functools.partial(exports.figure_to_image_bytes, fig, fmt),
                file_name=f"{name}.{fmt}",
                mime=mime,
                on_click="ignore",
                disabled=missing is not None,
                help=missing,
                key=f"dl_{name}_{fmt}",
                width="stretch",
            )
        st.download_button(
            "Interactive HTML (offline)",
            data=functools.partial(exports.figure_to_html_bytes, fig),
            file_name=f"{name}.html",
            mime="text/html",
            on_click="ignore",
            key=f"dl_{name}_html",
            width="stretch",
        )
        st.download_button(
            "Chart data (CSV)",
            data=lambda: exports.to_csv_bytes(exports.chart_data(fig)),
            file_name=f"{name}.csv",
            mime="text/csv",
            on_click="ignore",
            key=f"dl_{name}_csv",
            width="stretch",
        )


def pack_button(scenario: Scenario, reference: Scenario | None) -> None:
    """One click: the ZIP with charts, data, slides, the scenario as used and a manifest."""
    baseline = data.baseline()
    st.download_button(
        "Export pack (ZIP)",
        icon=":material/folder_zip:",
        width="stretch",
        on_click="ignore",
        data=lambda: exports.export_pack(scenario, baseline, reference=reference),
        file_name=f"{scenario_filename(scenario.title)[:-5]}_pack.zip",
        mime="application/zip",
        key="dl_pack",
        disabled=not images_available(),
        help="Charts (PNG, SVG, HTML), data (CSV, Excel, IAMC), slides, scenario.yaml and a manifest; about 10 s."
        if images_available()
        else "Needs Chromium for the chart images: apt-get install -y chromium.",
    )


def scenario_files(scenario: Scenario | None) -> None:
    """Download the current scenario, upload one, save the current one into scenarios/."""
    if scenario is not None:
        st.download_button(
            "Download scenario (YAML)",
            scenario.to_yaml(),
            width="stretch",
            on_click="ignore",
            file_name=scenario_filename(scenario.title),
            mime="application/x-yaml",
            icon=":material/description:",
            key="dl_yaml",
            help="The scenario as used now, slider changes applied: load it again or share it.",
        )
    upload = st.file_uploader(
        "Upload a scenario (YAML, 1 MB at most)", type=["yaml", "yml"], key="upload", max_upload_size=MAX_UPLOAD_MB
    )
    if upload is not None:
        _take_upload(upload)
    if scenario is not None and save_allowed():
        _save_as(scenario)


def save_allowed() -> bool:
    """Saving into scenarios/ is for local use: the app opened on this machine, or BWISE_ALLOW_SAVE=1."""
    if os.environ.get("BWISE_ALLOW_SAVE") in ("0", "1"):
        return os.environ["BWISE_ALLOW_SAVE"] == "1"
    url = st.context.url or ""
    return url.startswith(("http://localhost", "http://127.0.0.1", "http://[::1]"))


def _take_upload(upload) -> None:
    raw = upload.getvalue()
    stem = scenario_filename(os.path.splitext(upload.name)[0])[:-5]
    if len(raw) > MAX_UPLOAD_MB * 1024 * 1024:
        st.error(f"{upload.name} is larger than {MAX_UPLOAD_MB} MB.")
        return
    try:
        scenario = scenario_from_text(raw.decode("utf-8-sig"), scenario_id=stem, baseline=data.baseline())
    except UnicodeDecodeError:
        st.error(f"{upload.name} is not UTF-8 text; save it as UTF-8.")
        return
    except InputError as exc:
        st.error(f"**{upload.name} cannot be used:**\n\n" + "\n".join(f"- `{p}`" for p in exc.problems))
        return
    st.session_state.setdefault(data.UPLOADED, {})[scenario.id] = scenario
    st.success(
        f"Loaded **{scenario.title}**: pick it in *Future scenario*. (Uploaded scenarios stay in this "
        "browser session; save one to keep it.)"
    )


def _save_as(scenario: Scenario) -> None:
    with st.expander(":material/save: Save into scenarios/"):
        name = st.text_input(
            "File name",
            scenario_filename(scenario.title.replace(" (adjusted)", " custom")),
            key="save_name",
            help="A .yaml file name in the scenarios folder.",
        )
        exists = (data.SCENARIO_DIR / name).exists()
        overwrite = (
            st.checkbox(
                "Replace the existing file (its current version is kept in scenarios/.backups/)", key="save_overwrite"
            )
            if exists
            else False
        )
        if exists and not overwrite:
            st.caption(f":material/warning: scenarios/{name} exists: tick the box to replace it, or change the name.")
        if st.button("Save", icon=":material/save:", key="save", disabled=exists and not overwrite):
            try:
                path = save_scenario(scenario, data.SCENARIO_DIR, name=name, overwrite=overwrite)
            except FileExistsError:
                st.error(f"scenarios/{name} exists; tick the box to replace it.")
            except InputError as exc:
                st.error(str(exc))
            else:
                st.success(f"Saved as scenarios/{path.name}.")
