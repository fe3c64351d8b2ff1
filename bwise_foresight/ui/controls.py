"""Scenario picker, sliders, reset and share link.

Every control is bound to the URL (``bind="query-params"``): the scenario, each slider that
differs from the scenario's own value and each page's pickers live in the query string, so a
copied link reproduces the view exactly. The sliders are drawn on the Explore page inside a
fragment (a slider move reruns only that part of the page); the other pages read their values
from the session or the URL.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from urllib.parse import urlencode

import streamlit as st

from bwise_foresight import Problem, Scenario, ScenarioError
from bwise_foresight.levers import AUTOMATION, DEMAND, LEVERS, SKILLS, TRAINING, Lever, apply_levers, scenario_values

from . import data

STATE_KEY = "_bwise_state"
SECTIONS = {
    AUTOMATION: ":material/precision_manufacturing: Automation",
    DEMAND: ":material/trending_up: Demand",
    SKILLS: ":material/school: Skill requirements",
    TRAINING: ":material/model_training: Training effort",
}


@dataclass
class State:
    """What the pages need from the sidebar in this run."""

    scenario_id: str
    base: Scenario | None = None  # as in its file
    scenario: Scenario | None = None  # with slider changes applied; None when the file is invalid
    problems: list[Problem] = field(default_factory=list)
    reference: Scenario | None = None
    reference_problems: list[Problem] = field(default_factory=list)
    changed: dict[str, float] = field(default_factory=dict)  # lever key -> value, where it differs
    image_format: str = "png"
    present: bool = False  # presentation mode: no sidebar, large type, high contrast


def state() -> State:
    """The state computed in this run (the sidebar runs before every page)."""
    return st.session_state[STATE_KEY]


def _number(lever: Lever, value: float) -> float | int:
    whole = all(float(x).is_integer() for x in (lever.min, lever.max, lever.step))
    return round(value) if whole else float(value)


def scenario_labels(ids: list[str]) -> dict[str, str]:
    """A unique display label per scenario id: its title, or a note that the file has errors."""
    labels: dict[str, str] = {}
    signature = data.folder_signature()
    for sid in ids:
        loaded = data.scenario(sid, signature=signature)
        label = loaded.title if isinstance(loaded, Scenario) else f"{sid} (has errors)"
        labels[sid] = f"{label} [{sid}]" if label in labels.values() else label
    return labels


def _selected_id() -> str:
    by_label = {label: sid for sid, label in scenario_labels(data.scenario_ids()).items()}
    return by_label.get(st.session_state.get("scenario", ""), data.REFERENCE_ID)


def _set_levers_to(scenario_id: str) -> None:
    loaded = data.scenario(scenario_id)
    if not isinstance(loaded, Scenario):
        return
    for lever, value in zip(LEVERS, scenario_values(loaded).values(), strict=True):
        if lever.key in st.session_state:  # the slider is on screen: move it (its URL entry follows)
            st.session_state[lever.key] = _number(lever, value)
        elif lever.key in st.query_params:  # not on this page: drop the value the link carried
            del st.query_params[lever.key]


def reset_levers() -> None:
    """Callback: every slider back to the selected scenario's own value."""
    _set_levers_to(_selected_id())


def lever_values(scenario: Scenario) -> dict[str, float]:
    """Slider positions: as moved in this session, else from the URL, else the scenario's own."""
    values = scenario_values(scenario)
    for lever in LEVERS:
        if lever.key in st.session_state:
            values[lever.key] = float(st.session_state[lever.key])
        elif lever.key in st.query_params:
            with contextlib.suppress(ValueError):  # a hand-edited link: keep the scenario's value
                values[lever.key] = float(st.query_params[lever.key])
    return values


def tweak(scenario: Scenario, values: dict[str, float], current: State) -> None:
    """Apply slider values to a scenario and record the result in ``current``."""
    defaults = scenario_values(scenario)
    current.changed = {k: v for k, v in values.items() if abs(v - defaults[k]) > 1e-9}
    try:
        current.scenario = apply_levers(scenario, values, baseline=data.baseline())
    except ScenarioError as exc:  # a value outside the schema's bounds, from a hand-edited link
        current.scenario, current.problems = None, exc.problems


def share_url() -> str:
    """The address of the current view, with its query string."""
    base = st.context.url or ""
    query = urlencode(st.query_params.to_dict(), doseq=False)
    return f"{base}?{query}" if query else base


def share_button() -> None:
    with st.popover("Share this view", icon=":material/link:", width="stretch"):
        st.caption("Copy this link: it opens exactly this view — scenario, sliders and page.")
        st.code(share_url(), language=None, wrap_lines=True)
        if st.button("QR code for the room", icon=":material/qr_code_2:", key="qr"):
            room_dialog()


@st.dialog("Share with the room", width="large")
def room_dialog() -> None:
    """A large QR code of this view at an address the participants' phones can reach."""
    from bwise_foresight.share import qr_png, room_url

    url, why = room_url(share_url(), public_base=os.environ.get("BWISE_PUBLIC_URL"))
    if url is None:
        st.warning(f"No QR code: {why}.", icon=":material/wifi_off:")
        return
    st.image(qr_png(url), width=460, caption="Scan to open this view on your phone")
    st.code(url, language=None, wrap_lines=True)
    st.caption(f"Address: {why}.")


def exit_presentation() -> None:
    st.session_state["present"] = False


PRESENT_CSS = """<style>
html { font-size: 21px; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
[data-testid="stToolbar"] { display: none !important; }
.stMainBlockContainer { padding-top: 1.5rem; max-width: 100%; }
body, p, li, label, [data-testid="stMetricValue"] { color: #000 !important; }
[data-testid="stMetricValue"] { font-size: 2.6rem; }
</style>"""


def sidebar(*, levers: bool = True) -> State:
    """Draw the sidebar and return the resulting state (also stored for the pages).

    With ``levers`` the sliders and the share link sit in the sidebar; the Explore page passes
    False and draws them itself, beside the figures they change.
    """
    ids = data.scenario_ids()
    labels = scenario_labels(ids)
    by_label = {label: sid for sid, label in labels.items()}
    default = labels.get(data.REFERENCE_ID, next(iter(by_label)))
    with st.sidebar:
        # Options are titles: Streamlit writes the displayed option into the URL (?scenario=Fast+automation).
        chosen = st.selectbox(
            "Future scenario",
            list(by_label),
            index=list(by_label).index(default),
            key="scenario",
            bind="query-params",
            on_change=reset_levers,
            help="A named set of assumptions about the future (a YAML file in scenarios/). Not to be confused "
            "with B-WISE's WISE types (productive, training, social).",
        )
        scenario_id = by_label[chosen]
        loaded = data.scenario(scenario_id)
        reference = data.scenario(data.REFERENCE_ID) if data.REFERENCE_ID in ids else None
        current = State(
            scenario_id=scenario_id,
            reference=reference if isinstance(reference, Scenario) else None,
            reference_problems=reference if isinstance(reference, list) else [],
        )
        if isinstance(loaded, list):
            current.problems = loaded
            st.warning("This scenario file has errors: see the main page. Pick another one or fix the file.")
        else:
            current.base = loaded
            if levers:
                with st.expander(":material/tune: Adjust assumptions"):
                    values = lever_panel(loaded)
            else:
                values = lever_values(loaded)
            tweak(loaded, values, current)
            if current.changed and levers:
                changed_note(current)
        current.image_format = (
            "svg"
            if st.radio(
                "Chart download (camera button)",
                ["PNG, print scale", "SVG, vector"],
                key="img",
                horizontal=True,
                help="Format of the image the camera button in each chart's toolbar saves.",
            ).startswith("SVG")
            else "png"
        )
        current.present = st.toggle(
            "Presentation mode",
            key="present",
            bind="query-params",
            help="For a projector: hides this sidebar and Streamlit's menus, enlarges type and charts. "
            "Leave it with the button at the top of the page, or remove present=1 from the address.",
        )
        if levers:
            share_button()
            from . import files

            with st.expander(":material/folder_open: Scenario files"):
                files.scenario_files(current.scenario)
    st.session_state[STATE_KEY] = current
    return current


def changed_note(current: State) -> None:
    n = len(current.changed)
    st.caption(f":material/edit: {n} slider{'s' if n > 1 else ''} changed from the scenario file.")


HISTORY, FUTURE, LAST = "_lever_history", "_lever_future", "_lever_last"


def _record(key: str) -> None:
    """Callback of every slider: remember the positions before this move, for Undo."""
    del key
    if st.session_state.get(LAST):
        st.session_state.setdefault(HISTORY, []).append(dict(st.session_state[LAST]))
        st.session_state[FUTURE] = []


def _restore(values: dict[str, float]) -> None:
    for lever in LEVERS:
        if lever.key in values:
            st.session_state[lever.key] = _number(lever, values[lever.key])


def undo() -> None:
    """Callback: the slider positions before the last move."""
    if st.session_state.get(HISTORY):
        st.session_state.setdefault(FUTURE, []).append(dict(st.session_state.get(LAST, {})))
        _restore(st.session_state[HISTORY].pop())


def redo() -> None:
    """Callback: the move that Undo took back."""
    if st.session_state.get(FUTURE):
        st.session_state.setdefault(HISTORY, []).append(dict(st.session_state.get(LAST, {})))
        _restore(st.session_state[FUTURE].pop())


def lever_panel(scenario: Scenario) -> dict[str, float]:
    """The sliders, grouped by section, starting from the scenario's values; returns their values.

    Undo and redo step through slider moves; Reset goes back to the scenario file.
    """
    defaults = scenario_values(scenario)
    values: dict[str, float] = {}
    undo_column, redo_column = st.columns(2)
    undo_column.button(
        "Undo",
        icon=":material/undo:",
        on_click=undo,
        key="undo",
        width="stretch",
        disabled=not st.session_state.get(HISTORY),
        help="Take back the last slider move.",
    )
    redo_column.button(
        "Redo",
        icon=":material/redo:",
        on_click=redo,
        key="redo",
        width="stretch",
        disabled=not st.session_state.get(FUTURE),
        help="Make the move again.",
    )
    st.button(
        "Reset to scenario",
        icon=":material/restart_alt:",
        on_click=reset_levers,
        key="reset_panel",
        width="stretch",
        help="Put every slider back to the value in the scenario file.",
    )
    for section, label in SECTIONS.items():
        with st.expander(label, expanded=section in (AUTOMATION, DEMAND)):
            for lever in (lv for lv in LEVERS if lv.section == section):
                lo, hi = lever.bounds(defaults[lever.key])
                values[lever.key] = st.slider(
                    lever.label,
                    _number(lever, lo),
                    _number(lever, hi),
                    _number(lever, defaults[lever.key]),
                    step=_number(lever, lever.step),
                    format=lever.format,
                    key=lever.key,
                    help=lever.help,
                    bind="query-params",
                    on_change=_record,
                    args=(lever.key,),
                )
    st.session_state[LAST] = dict(values)
    return values
