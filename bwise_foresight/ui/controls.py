"""Scenario picker, sliders, reset and share link.

Every control is bound to the URL (``bind="query-params"``): the scenario, each slider that
differs from the scenario's own value and each page's pickers live in the query string, so a
copied link reproduces the view exactly. The sliders are drawn on the Explore page inside a
fragment (a slider move reruns only that part of the page); the other pages read their values
from the session or the URL.
"""

from __future__ import annotations

import contextlib
import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import streamlit as st
from babel import Locale

from bwise_foresight import Problem, Scenario, ScenarioError
from bwise_foresight.baseline import WISE_TYPES
from bwise_foresight.countries import SMALL_CELL
from bwise_foresight.i18n import Translator, language_name, languages, normalize
from bwise_foresight.levers import AUTOMATION, DEMAND, LEVERS, SKILLS, TRAINING, Lever, apply_levers, scenario_values
from bwise_foresight.markup import escape
from bwise_foresight.scenario import ALL

from . import data

STATE_KEY = "_bwise_state"
SECTIONS = {
    AUTOMATION: ":material/precision_manufacturing:",
    DEMAND: ":material/trending_up:",
    SKILLS: ":material/school:",
    TRAINING: ":material/model_training:",
}
LANG = "lang"


NOTICES = "_bwise_notices"
LINK_VALUE_CHARS = 60  # a value quoted from the link in a notice is shortened to this


def notice(text: str) -> None:
    """One short notice that a value from the link or a control was ignored, saying what is shown
    instead (issue 11 §3): a toast, once per session for the same text, so a rerun does not repeat it.

    ``text`` is Markdown: escape whatever in it came from the link or a file.
    """
    seen = st.session_state.setdefault(NOTICES, set())
    if text not in seen:
        seen.add(text)
        st.toast(text, icon=":material/info:", duration="long")


def _quoted(value: object) -> str:
    """A value from the link, as typed and not too long, for a notice."""
    return escape(value, limit=LINK_VALUE_CHARS)


def _browser_language() -> str:
    return normalize(getattr(st.context, "locale", None))


def _is_language(code: str) -> bool:
    """Whether a link's ``?lang=`` names a language of the app (``nl-BE`` and ``NL`` name Dutch)."""
    return code.replace("_", "-").split("-")[0].lower() in languages()


def language() -> str:
    """The language of this run: as picked in this session, else the link's ``?lang=``, else the browser's."""
    picked = st.session_state.get(LANG) or st.query_params.get(LANG)
    return normalize(picked) if picked else _browser_language()


# URL-bound widgets whose URL value is a label in the page's language: key -> (label function, multi)
LOCALIZED: dict[str, tuple[Callable[[Any, Translator], str], bool]] = {}


def picker(
    widget: Callable[..., Any],
    label: str,
    options: Sequence[Any],
    name: Callable[[Any, Translator], str],
    *,
    key: str,
    multi: bool = False,
    unknown: str = "notice.unknown",
    **kwargs: Any,
) -> Any:
    """A URL-bound choice widget (``st.selectbox``, ``cols[0].multiselect``, ``st.segmented_control`` …)
    whose options are shown in the page's language: ``name(option, translator)``.

    Streamlit writes the displayed label into the URL, so a link made in another language names the
    option in that language (``?scenario=Snelle+automatisering`` opened in English): the option it
    names in any language, or by its id (``?scenario=fast_automation``, ``?chart=openings``), is
    selected instead of silently falling back to the default, and the language menu rewrites the
    labels when the language changes. A value the link names that is no option, or more values than
    ``max_selections``, gets a notice saying what is shown instead (``unknown``: the catalogue key
    of that notice).
    """
    if multi or "default" in kwargs:  # what the widget shows when the link names nothing it knows
        fallback = kwargs.get("default")
    else:
        fallback = options[kwargs.get("index") or 0] if options else None
    _adopt_link_labels(
        key,
        options,
        name,
        multi=multi,
        what=label,
        fallback=fallback,
        most=kwargs.get("max_selections"),
        unknown=unknown,
    )
    t = Translator(language())
    return widget(label, options, format_func=lambda o: name(o, t), key=key, bind="query-params", **kwargs)


def option_id(option: Any) -> str:
    """How a link may name an option besides its label: its id (a story file by its stem)."""
    return getattr(option, "stem", None) or str(option)


def _adopt_link_labels(
    key: str,
    options: Sequence[Any],
    label: Callable[[Any, Translator], str],
    *,
    multi: bool = False,
    what: str = "",
    fallback: Any = None,
    most: int | None = None,
    unknown: str = "notice.unknown",
) -> None:
    LOCALIZED[key] = (label, multi)
    if key in st.session_state or key not in st.query_params:
        return
    wanted = st.query_params.get_all(key)
    here = Translator(language())
    if all(w in {label(o, here) for o in options} for w in wanted) and (most is None or len(wanted) <= most):
        return
    # an id, else a label in another language, else a label in this one (the last one written wins)
    known = {option_id(o): o for o in options}
    for code in languages():
        known.update({label(o, Translator(code)): o for o in options})
    known.update({label(o, here): o for o in options})
    found: list[Any] = []
    for w in wanted:
        if w in known and known[w] not in found:
            found.append(known[w])
    if multi and most is not None and len(found) > most:
        left = ", ".join(escape(label(o, here)) for o in found[most:])
        notice(here("notice.too_many", n=most, left=left))
        found = found[:most]
    if found:
        st.session_state[key] = found if multi else found[0]
    ignored = [w for w in wanted if w not in known]
    if ignored:
        if multi:
            shown_text = ", ".join(escape(label(o, here)) for o in found or fallback or [])
        else:
            shown = found[0] if found else fallback
            shown_text = escape(label(shown, here)) if shown is not None else "—"
        value = ", ".join(_quoted(w) for w in ignored)
        notice(here(unknown, what=what, value=value, shown=shown_text))


def _relabel() -> None:
    """Callback of the language menu: re-set every localized widget so the URL gets the new language's labels."""
    for key in LOCALIZED:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


# The language(s) a country's people read: a country picked may suggest them, never switch to them.
COUNTRY_LANGUAGES = {
    "AT": ("de",), "BE": ("nl", "fr"), "BG": ("bg",), "HR": ("hr",), "FR": ("fr",), "EL": ("el",), "IT": ("it",),
    "LV": ("lv",), "NL": ("nl",), "PL": ("pl",), "RO": ("ro",), "SI": ("sl",), "ES": ("es",),
}  # fmt: skip


def _switch_language(lang: str) -> None:
    """Callback of a suggested language: as if it had been picked in the language menu."""
    st.session_state[LANG] = lang
    _relabel()


def _rounded(people: float) -> float:
    """A stock of people as precise as its derivation allows: hundreds from 10,000, tens from 1,000."""
    return round(people, -2 if people >= 10_000 else -1 if people >= 1_000 else 0)


def suggest_languages(country: str, current: str) -> None:
    """Buttons offering the country's own language(s), each worded in that language; nothing changes
    until one is pressed."""
    for lang in COUNTRY_LANGUAGES.get(country, ()):
        if lang != current and lang in languages():
            st.button(
                # the language's own name as it reads inside a sentence ('en français', 'auf Deutsch')
                Translator(lang)("sidebar.suggest_language", language=Locale.parse(lang).display_name or lang),
                icon=":material/translate:",
                key=f"suggest_{lang}",
                on_click=_switch_language,
                args=(lang,),
                type="tertiary",
            )


def language_picker() -> Translator:
    """The language menu; the choice is kept in the session and in the address (``?lang=nl``) unless it is
    the browser's own language, which a reload picks anyway.

    Not a bound widget: Streamlit would write the displayed name ('Nederlands') into the URL.
    """
    current = language()
    linked = st.query_params.get(LANG)
    if LANG not in st.session_state and linked and not _is_language(linked):
        notice(Translator(current)("notice.language", value=_quoted(linked), shown=language_name(current)))
    options = list(languages())
    chosen = st.selectbox(
        ":material/translate: " + Translator(current)("sidebar.language"),
        options,
        index=options.index(current),
        format_func=language_name,
        key=LANG,
        on_change=_relabel,
    )
    if chosen == _browser_language():
        if LANG in st.query_params:
            del st.query_params[LANG]
    elif st.query_params.get(LANG) != chosen:
        st.query_params[LANG] = chosen
    return Translator(chosen)


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
    wise_type: str = ALL  # B-WISE's type of WISE the figures show ('all': every type)
    country: str = "eu"  # the partner country the figures show (data.EUROPE: the European aggregate)
    image_format: str = "png"
    present: bool = False  # presentation mode: no sidebar, large type, high contrast
    t: Translator = field(default_factory=Translator)


def state() -> State:
    """The state computed in this run (the sidebar runs before every page)."""
    return st.session_state[STATE_KEY]


def _number(lever: Lever, value: float) -> float | int:
    whole = all(float(x).is_integer() for x in (lever.min, lever.max, lever.step))
    return round(value) if whole else float(value)


def scenario_labels(ids: list[str], t: Translator) -> dict[str, str]:
    """A unique display label per scenario id: its title, or a note that the file has errors."""
    labels: dict[str, str] = {}
    signature = data.folder_signature()
    for sid in ids:
        loaded = data.scenario(sid, signature=signature)
        label = t.scenario_title(loaded) if isinstance(loaded, Scenario) else t("sidebar.has_errors", id=sid)
        labels[sid] = f"{label} [{sid}]" if label in labels.values() else label
    return labels


def _selected_id() -> str:
    return st.session_state.get("scenario") or data.REFERENCE_ID


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


def _drop_bad_lever_links(scenario: Scenario, t: Translator) -> None:
    """Drop a slider value from the link that is no number within the slider's range, with a notice
    (Streamlit would silently show the scenario's value instead)."""
    defaults = scenario_values(scenario)
    for lever in LEVERS:
        if lever.key in st.session_state or lever.key not in st.query_params:
            continue
        raw = st.query_params[lever.key]
        low, high = lever.bounds(defaults[lever.key])
        try:
            value = float(raw)
        except ValueError:
            value = math.nan
        if low <= value <= high:  # never true for nan
            continue
        del st.query_params[lever.key]
        notice(
            t(
                "notice.slider",
                what=lever.label(t),
                value=_quoted(raw),
                low=t.plain(_number(lever, low)),
                high=t.plain(_number(lever, high)),
                shown=t.plain(_number(lever, defaults[lever.key])),
            )
        )


ON, OFF = frozenset({"true", "1", "yes", "on"}), frozenset({"false", "0", "no", "off"})
# switches bound to the link: key -> catalogue key of its label
SWITCHES = {"present": "sidebar.present", "unc": "explore.uncertainty"}


def _read_switch_links(t: Translator) -> None:
    """A switch in the link (``?present=1``) as Streamlit reads it: 1, yes and on mean true, 0, no and
    off false; anything else is dropped with a notice that the switch is off."""
    for key, label in SWITCHES.items():
        if key in st.session_state or key not in st.query_params:
            continue
        raw = st.query_params[key]
        word = raw.strip().lower()
        if word in ("true", "false"):  # Streamlit's own spelling: the switch reads it
            continue
        st.session_state[key] = word in ON
        if word not in ON | OFF:
            del st.query_params[key]
            notice(t("notice.switch", what=t(label), value=_quoted(raw)))


def tweak(scenario: Scenario, values: dict[str, float], current: State) -> None:
    """Apply slider values to a scenario and record the result in ``current``."""
    defaults = scenario_values(scenario)
    current.changed = {k: v for k, v in values.items() if abs(v - defaults[k]) > 1e-9}
    try:
        current.scenario = apply_levers(scenario, values, baseline=data.baseline())
    except ScenarioError as exc:  # a value outside the schema's bounds, from a hand-edited link
        current.scenario, current.problems = None, exc.problems


def share_url() -> str:
    """The address of the current view, with its query string: the language, and the localized pickers
    even where Streamlit left them out of the address (a link opened in another language)."""
    base = st.context.url or ""
    params: dict[str, str | list[str]] = {k: st.query_params.get_all(k) for k in st.query_params}
    t = Translator(language())
    for key, (label, multi) in LOCALIZED.items():
        if key not in params and st.session_state.get(key) not in (None, [], ""):
            value = st.session_state[key]
            params[key] = [label(v, t) for v in value] if multi else label(value, t)
    params[LANG] = t.lang
    query = urlencode(params, doseq=True)
    return f"{base}?{query}" if query else base


def share_button(t: Translator) -> None:
    with st.popover(t("share.button"), icon=":material/link:", width="stretch"):
        st.caption(t("share.copy"))
        st.code(share_url(), language=None, wrap_lines=True)
        if st.button(t("share.qr"), icon=":material/qr_code_2:", key="qr"):
            st.dialog(t("share.room"), width="large")(room_dialog)(t)


# Width of the QR code (quiet zone included) in CSS pixels: on a laptop screen, and in presentation
# mode, where a projected 1920 x 1080 picture must be scanned from the back of the room while the
# dialog still fits the screen's height.
QR_PX, QR_PRESENT_PX = 460, 600


def room_dialog(t: Translator) -> None:
    """A large QR code of this view at an address the participants' phones can reach."""
    from bwise_foresight.share import qr_png, room_url

    url, why = room_url(share_url(), public_base=os.environ.get("BWISE_PUBLIC_URL"), t=t)
    if url is None:
        st.warning(t("share.no_qr", why=why), icon=":material/wifi_off:")
        return
    width = QR_PRESENT_PX if st.session_state.get("present") else QR_PX
    # drawn at least as large as shown, so that the browser never blurs the modules by enlarging it
    st.image(qr_png(url, scale=16), width=width, caption=t("share.scan"))
    st.code(url, language=None, wrap_lines=True)
    st.caption(t("share.address", why=why))


def exit_presentation() -> None:
    st.session_state["present"] = False


def presentation_bar(t: Translator, *, qr: bool) -> None:
    """The buttons of presentation mode: leave it, and (with ``qr``, on pages whose share button sits
    in the hidden sidebar) the room's QR code."""
    bar = st.container(horizontal=True, gap="small")
    bar.button(t("sidebar.exit_present"), icon=":material/close_fullscreen:", on_click=exit_presentation, key="exit")
    if qr and bar.button(t("share.qr"), icon=":material/qr_code_2:", key="qr_present"):
        st.dialog(t("share.room"), width="large")(room_dialog)(t)


# Presentation mode on a 1920 x 1080 projector: the headline figures and the whole chart (its x axis
# included) fit one screen without scrolling. The exit bar floats in the top right corner instead of
# taking a row; headline figures, the chart picker and the gaps between blocks are compact; type stays
# large enough to read from the back of the room (21 px base, figures 1.9 rem = 40 px).
PRESENT_CSS = """<style>
html { font-size: 21px; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
[data-testid="stToolbar"] { display: none !important; }
.stMainBlockContainer { padding-top: 0.8rem; padding-bottom: 1rem; max-width: 100%; }
body, p, li, label, [data-testid="stMetricValue"] { color: #000 !important; }
.stMainBlockContainer [data-testid="stVerticalBlock"] { gap: 0.55rem; }
[data-testid="stLayoutWrapper"]:has(> [data-testid="stHorizontalBlock"] > .st-key-exit) {
  position: fixed; top: 0.5rem; right: 1.2rem; z-index: 1000; width: auto; }
[data-testid="stColumn"]:has(.st-key-reset_panel) { padding-top: 2.9rem; }
.stMainBlockContainer h1, .stMainBlockContainer h2 { font-size: 1.7rem; padding: 0 0 0.1rem 0; margin-right: 16rem; }
[data-testid="stMetric"] { padding: 0.1rem 0.5rem; }
[data-testid="stMetric"] > div { padding: 0.3rem 0.3rem; display: flex; flex-wrap: wrap; align-items: baseline;
  column-gap: 0.6rem; }
[data-testid="stMetricLabel"] { min-height: 0; flex: 0 0 100%; }
[data-testid="stMetricLabel"] p { font-size: 0.85rem; }
[data-testid="stMetricValue"] { font-size: 1.9rem; line-height: 1.1; padding-bottom: 0; }
[data-testid="stMetricDelta"] { font-size: 0.8rem; }
[data-testid="stButtonGroup"] button { font-size: 0.7rem; min-height: 0; padding: 0.15rem 0.45rem; }
[data-testid="stButtonGroup"] button p { font-size: 0.7rem; }
</style>"""


SELECT_NEXT = "_select_next"  # a scenario to select in the next full run (an upload)


def _select_pending() -> None:
    """Select the scenario an upload asked for, and put the sliders to its values: before the picker
    and the sliders are drawn, which is when Streamlit lets their values be set."""
    sid = st.session_state.pop(SELECT_NEXT, None)
    if sid is not None and sid in data.scenario_ids():
        st.session_state["scenario"] = sid
        _set_levers_to(sid)


def sidebar(*, levers: bool = True) -> State:
    """Draw the sidebar and return the resulting state (also stored for the pages).

    With ``levers`` the sliders and the share link sit in the sidebar; the Explore page passes
    False and draws them itself, beside the figures they change.
    """
    _select_pending()
    ids = data.scenario_ids()
    with st.sidebar:
        t = language_picker()
        labels = scenario_labels(ids, t)
        # Options are ids; Streamlit writes the displayed title into the URL (?scenario=Fast+automation).
        scenario_id = picker(
            st.selectbox,
            t("sidebar.scenario"),
            ids,
            lambda sid, tr: labels[sid] if tr == t and sid in labels else scenario_labels(data.scenario_ids(), tr)[sid],
            key="scenario",
            index=ids.index(data.REFERENCE_ID) if data.REFERENCE_ID in ids else 0,
            on_change=reset_levers,
            help=t("sidebar.scenario_help"),
            unknown="notice.unknown_scenario",
        )
        wise_type = picker(
            st.selectbox,
            t("sidebar.wise_type"),
            [ALL, *WISE_TYPES],
            lambda w, tr: tr(f"wise_type.{w}"),
            key=data.WISE_TYPE_KEY,
            help=t("sidebar.wise_type_help"),
        )
        country = picker(
            st.selectbox,
            t("sidebar.country"),
            [data.EUROPE, *data.baseline().countries.index],
            lambda c, tr: tr("sidebar.europe") if c == data.EUROPE else f"{tr.country(c)} ({c})",
            key=data.COUNTRY_KEY,
            help=t("sidebar.country_help"),
        )
        if country not in (None, data.EUROPE):
            suggest_languages(country, t.lang)
            row = data.national_stocks().loc[country]
            st.caption(
                t(
                    "sidebar.national",
                    wsn=t.num(_rounded(row["wsn"])),
                    wsn_evidence=t(f"data.evidence.{row['wsn_evidence']}"),
                    staff=t.num(_rounded(row["staff"])),
                    staff_evidence=t(f"data.evidence.{row['staff_evidence']}"),
                )
            )
            if row["wsn"] + row["staff"] < SMALL_CELL:  # as Cedefop flags its small cells
                st.caption(":material/warning: " + t("data.small_cell", n=t.num(SMALL_CELL)))
        loaded = data.scenario(scenario_id)
        reference = data.scenario(data.REFERENCE_ID) if data.REFERENCE_ID in ids else None
        current = State(
            scenario_id=scenario_id,
            wise_type=wise_type or ALL,
            country=country or data.EUROPE,
            reference=reference if isinstance(reference, Scenario) else None,
            reference_problems=reference if isinstance(reference, list) else [],
            t=t,
        )
        _read_switch_links(t)
        if isinstance(loaded, list):
            current.problems = loaded
            st.warning(t("sidebar.file_has_errors"))
        else:
            current.base = loaded
            _drop_bad_lever_links(loaded, t)
            if levers:
                with st.expander(":material/tune: " + t("sidebar.adjust")):
                    values = lever_panel(loaded, t)
            else:
                values = lever_values(loaded)
            tweak(loaded, values, current)
            if current.changed and levers:
                changed_note(current)
        # in the link too, so that the choice survives a reload and a language switch
        current.image_format = picker(
            st.radio,
            t("sidebar.image"),
            ["png", "svg"],
            lambda f, tr: tr(f"sidebar.image_{f}"),
            key="img",
            horizontal=True,
            help=t("sidebar.image_help"),
        )
        current.present = st.toggle(
            t("sidebar.present"), key="present", bind="query-params", help=t("sidebar.present_help")
        )
        if levers:
            share_button(t)
            from . import files

            with st.expander(":material/folder_open: " + t("files.title")):
                files.scenario_files(current.scenario, t)
    st.session_state[STATE_KEY] = current
    return current


def changed_note(current: State) -> None:
    n = len(current.changed)
    st.caption(":material/edit: " + current.t("sidebar.changed_one" if n == 1 else "sidebar.changed_many", n=n))


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


def lever_panel(scenario: Scenario, t: Translator) -> dict[str, float]:
    """The sliders, grouped by section, starting from the scenario's values; returns their values.

    Undo and redo step through slider moves; Reset goes back to the scenario file.
    """
    defaults = scenario_values(scenario)
    values: dict[str, float] = {}
    # content-wide buttons that wrap: "Ongedaan maken" or "Rückgängig" do not fit half a narrow column
    history = st.container(horizontal=True, gap="small")
    for key, callback, stack in (("undo", undo, HISTORY), ("redo", redo, FUTURE)):
        history.button(
            t(f"levers.{key}"),
            icon=f":material/{key}:",
            on_click=callback,
            key=key,
            width="content",
            disabled=not st.session_state.get(stack),
            help=t(f"levers.{key}_help"),
        )
    st.button(
        t("levers.reset"),
        icon=":material/restart_alt:",
        on_click=reset_levers,
        key="reset_panel",
        width="stretch",
        help=t("levers.reset_help"),
    )
    typed = st.toggle(t("levers.typed"), key="typed_levers", help=t("levers.typed_help"))
    for section, icon in SECTIONS.items():
        with st.expander(f"{icon} {t(f'section.{section}')}", expanded=section in (AUTOMATION, DEMAND)):
            levers = [lv for lv in LEVERS if lv.section == section]
            marked = any(lv.decision for lv in levers)  # a section with decisions says which sliders are
            for i, lever in enumerate(levers):
                if marked and (i == 0 or lever.decision != levers[i - 1].decision):
                    st.caption(t("section.decision" if lever.decision else "section.external"))
                lo, hi = lever.bounds(defaults[lever.key])
                values[lever.key] = st.slider(
                    lever.label(t),
                    _number(lever, lo),
                    _number(lever, hi),
                    _number(lever, defaults[lever.key]),
                    step=_number(lever, lever.step),
                    format=lever.format,
                    key=lever.key,
                    help=lever.help(t),
                    bind="query-params",
                    on_change=_record,
                    args=(lever.key,),
                )
                if typed:
                    _exact_input(lever, lo, hi, values[lever.key], t)
    st.session_state[LAST] = dict(values)
    return values


def _exact_input(lever: Lever, lo: float, hi: float, value: float, t: Translator) -> None:
    """A number box under a slider for an exact value: Streamlit's sliders cannot be typed into.

    It writes into the slider's own state, so the slider, its URL entry and Undo follow.
    """
    key = f"exact_{lever.key}"
    step, fmt = lever.exact()
    whole = isinstance(step, int)
    cast = (lambda x: _number(lever, x)) if whole else float
    st.session_state[key] = cast(value)  # follows the slider: set before the box is drawn in this run
    st.number_input(
        lever.label(t),
        min_value=cast(lo),
        max_value=cast(hi),
        step=step,
        format=fmt,
        key=key,
        label_visibility="collapsed",
        on_change=_take_exact,
        args=(lever,),
    )


def _take_exact(lever: Lever) -> None:
    """Callback of a number box: its value becomes the slider's."""
    _record(lever.key)
    st.session_state[lever.key] = st.session_state[f"exact_{lever.key}"]
