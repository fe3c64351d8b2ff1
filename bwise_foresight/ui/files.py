"""Downloads and scenario files in the app: per-chart exports, the export pack, upload, save as."""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
from collections.abc import Sequence

import plotly.graph_objects as go
import streamlit as st

from bwise_foresight import InputError, Scenario, exports, scenario_from_text
from bwise_foresight.i18n import Translator
from bwise_foresight.markup import code, escape
from bwise_foresight.scenario import ADJUSTED, BACKUP_DIR, list_scenarios, save_scenario, scenario_filename
from bwise_foresight.storage import prune_backups

from . import controls, data

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


def chart_downloads(fig: go.Figure, *, name: str, t: Translator) -> None:
    """A 'Download' popover under a chart: PNG, SVG, PDF, offline HTML and the chart's data as CSV.

    Files are built only when their button is clicked (callable ``data``), never on a rerun.
    """
    with st.popover(t("files.download"), icon=":material/download:"):
        missing = None if images_available() else t("files.needs_chromium")
        for fmt, mime, label in (
            ("png", "image/png", t("files.png")),
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
            t("files.html"),
            data=functools.partial(exports.figure_to_html_bytes, fig),
            file_name=f"{name}.html",
            mime="text/html",
            on_click="ignore",
            key=f"dl_{name}_html",
            width="stretch",
        )
        st.download_button(
            t("files.chart_csv"),
            data=lambda: exports.to_csv_bytes(exports.chart_data(fig)),
            file_name=f"{name}.csv",
            mime="text/csv",
            on_click="ignore",
            key=f"dl_{name}_csv",
            width="stretch",
        )


ROOM_PACKS = "room_packs"  # session state: scenario id -> the code of the live room it was adopted from


def pack_button(
    scenario: Scenario,
    reference: Scenario | None,
    t: Translator,
    *,
    extra_charts: Sequence[exports.Chart] = (),
    help: str | None = None,
) -> None:
    """One click: the ZIP with charts, data, slides, the scenario as used and a manifest, in the page's language.

    The projections come from the app's cache (and follow the sidebar's type of WISE);
    ``extra_charts`` (e.g. Compare's) follow the standard charts in the pack and on its slides.
    """
    baseline = data.baseline()
    # looked up now, in the page's run (cached, usually drawn already): the file is built later, on click
    country = data.selected_country()
    ours = data.result(scenario).projection
    theirs = data.result(reference).projection if reference is not None else None
    room = st.session_state.get(ROOM_PACKS, {}).get(scenario.id)  # a scenario adopted from a live room

    def build() -> bytes:
        extra = None
        if room is not None:
            from bwise_foresight.rooms.db import database_url, shared
            from bwise_foresight.rooms.export import pack_members

            extra = pack_members(shared(database_url()), room, render=exports.figure_to_image_bytes, t=t)
        return exports.export_pack(
            scenario,
            baseline,
            reference=reference,
            extra_charts=extra_charts,
            projection=ours,
            reference_projection=theirs,
            t=t,
            country=None if country == data.EUROPE else country,
            extra_files=extra,
        )

    st.download_button(
        t("files.pack"),
        icon=":material/folder_zip:",
        width="stretch",
        on_click="ignore",
        data=build,
        file_name=f"{scenario_filename(scenario.title)[:-5]}_pack.zip",
        mime="application/zip",
        key="dl_pack",
        disabled=not images_available(),
        help=(help or t("files.pack_help")) if images_available() else t("files.needs_chromium"),
    )


def yaml_button(scenario: Scenario, t: Translator, *, key: str) -> None:
    """Download a scenario as the YAML file that loads back to it (written on click, not on every run)."""
    st.download_button(
        t("files.download_yaml"),
        scenario.to_yaml,
        width="stretch",
        on_click="ignore",
        file_name=scenario_filename(scenario.title),
        mime="application/x-yaml",
        icon=":material/description:",
        key=key,
        help=t("files.download_yaml_help"),
    )


def scenario_files(scenario: Scenario | None, t: Translator) -> None:
    """Download the current scenario, upload one, save the current one into scenarios/."""
    if scenario is not None:
        yaml_button(scenario, t, key="dl_yaml")
    upload = st.file_uploader(
        t("files.upload", mb=MAX_UPLOAD_MB),
        type=["yaml", "yml"],
        key="upload",
        max_upload_size=MAX_UPLOAD_MB,
        on_change=take_upload,
    )
    if controls.SELECT_NEXT in st.session_state:  # a fragment's rerun: the whole page must show the upload
        st.rerun(scope="app")
    if upload is not None:
        _upload_outcome(upload, t)
    if scenario is not None and save_allowed():
        _save_as(scenario, t)


def save_allowed() -> bool:
    """Saving into scenarios/ is for local use: the app opened on this machine, or BWISE_ALLOW_SAVE=1."""
    if os.environ.get("BWISE_ALLOW_SAVE") in ("0", "1"):
        return os.environ["BWISE_ALLOW_SAVE"] == "1"
    url = st.context.url or ""
    return url.startswith(("http://localhost", "http://127.0.0.1", "http://[::1]"))


UPLOAD_OUTCOME = "_upload_outcome"  # (file id, scenario id or None, problems or None) of the last upload


def _upload_id(name: str) -> str:
    """The id of an uploaded file: its name's stem, with a number added when a file in scenarios/ has
    it (the file on disk would win, and the upload would never show)."""
    stem = scenario_filename(os.path.splitext(name)[0])[:-5]
    on_disk = {p.stem for p in list_scenarios(data.SCENARIO_DIR)}
    sid, n = stem, 2
    while sid in on_disk:
        sid, n = f"{stem}_{n}", n + 1
    return sid


def take_upload() -> None:
    """Callback of the file uploader: read the file and, when it is a valid scenario, add it to this
    session's scenarios and show it at once."""
    upload = st.session_state.get("upload")
    if upload is None:
        st.session_state.pop(UPLOAD_OUTCOME, None)
        return
    raw = upload.getvalue()
    problems: list | str | None = None
    sid = _upload_id(upload.name)
    if len(raw) > MAX_UPLOAD_MB * 1024 * 1024:
        problems = "too_large"
    else:
        try:
            scenario = scenario_from_text(raw.decode("utf-8-sig"), scenario_id=sid, baseline=data.baseline())
        except UnicodeDecodeError:
            problems = "not_utf8"
        except InputError as exc:
            problems = exc.problems
    st.session_state[UPLOAD_OUTCOME] = (upload.file_id, None if problems else sid, problems)
    if problems:
        return
    st.session_state.setdefault(data.UPLOADED, {})[sid] = scenario
    # selected by the next full run's sidebar, before its picker is drawn (on Explore the uploader sits
    # in a fragment, whose rerun would leave the sidebar and the page on the previous scenario)
    st.session_state[controls.SELECT_NEXT] = sid


def _upload_outcome(upload, t: Translator) -> None:
    """What became of the file in the uploader: its problems, or that it is loaded and shown."""
    outcome = st.session_state.get(UPLOAD_OUTCOME)
    if outcome is None or outcome[0] != upload.file_id:
        return
    _, sid, problems = outcome
    name = escape(upload.name)
    if problems == "too_large":
        st.error(t("files.too_large", name=name, mb=MAX_UPLOAD_MB))
    elif problems == "not_utf8":
        st.error(t("files.not_utf8", name=name))
    elif problems:
        lines = "\n".join(f"- {code(p.text(t))}" for p in problems)
        st.error(t("files.upload_problems", name=name, lines=lines))
    elif sid in st.session_state.get(data.UPLOADED, {}):
        st.success(t("notice.upload_added", title=escape(st.session_state[data.UPLOADED][sid].title_in(t.lang))))


SAVE_SUGGESTED = "_save_suggested"  # the file name last suggested for the scenario on screen
SAVE_TICKED_FOR = "_save_overwrite_for"  # the file name the "replace" tick was given for


def _save_as(scenario: Scenario, t: Translator) -> None:
    # The name follows the scenario on screen: a new scenario (or its first slider change) suggests a
    # new name, replacing whatever was typed for the previous one.
    suggested = scenario_filename(scenario.title.replace(ADJUSTED, " custom"))
    if st.session_state.get(SAVE_SUGGESTED) != suggested:
        st.session_state[SAVE_SUGGESTED] = suggested
        st.session_state["save_name"] = suggested
    with st.expander(":material/save: " + t("files.save_title")):
        name = st.text_input(t("files.file_name"), key="save_name", help=t("files.file_name_help"))
        exists = (data.SCENARIO_DIR / name).exists()
        if st.session_state.get(SAVE_TICKED_FOR) != name:  # a tick to replace one file never carries over to another
            st.session_state[SAVE_TICKED_FOR] = name
            st.session_state["save_overwrite"] = False
        overwrite = st.checkbox(t("files.replace"), key="save_overwrite") if exists else False
        if exists and not overwrite:
            st.caption(":material/warning: " + t("files.exists", name=escape(name)))
        if st.button(t("files.save"), icon=":material/save:", key="save", disabled=exists and not overwrite):
            try:
                path = save_scenario(scenario, data.SCENARIO_DIR, name=name, overwrite=overwrite)
            except FileExistsError:
                st.error(t("files.exists", name=escape(name)))
            except InputError as exc:
                st.error("\n\n".join(code(p.text(t)) for p in exc.problems))
            else:
                st.success(t("files.saved", name=escape(path.name)))
                with contextlib.suppress(OSError):  # the save succeeded; a backup left over is harmless
                    prune_backups(data.SCENARIO_DIR / BACKUP_DIR)
