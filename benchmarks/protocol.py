"""Streamlit's own WebSocket protocol as a browser tab speaks it: the client the load benchmarks share.

A :class:`Client` is one session of one page: it asks for a run (a ``BackMsg`` ``rerun_script`` with the
query string, the page, the browser's context and the widgets' values) and reads the ``ForwardMsg``
deltas until ``script_finished``. Like the browser it keeps the query string the server writes
(``page_info_changed``), the page's script hash, and the value of every widget the runs drew, so that a
rerun sends every widget's current value, as the browser's widget manager does (a fragment rerun too).
Setting a widget that is bound to the address (``bind="query-params"``) writes its value into the query
string, as the browser does before it asks for the rerun.

What a browser does that a client does not: draw (a phone spends its own CPU on it), send its
heartbeat, and fetch the page's files (:func:`fetch_files` does, when asked).

What the client sends was compared, message by message, with what Debian's Chromium sends on the
Explore page (Streamlit 1.67; ``bench_load.py --check`` does it again): the same query string, page,
fragment, context and widget values, for sliders, selectboxes, radios, toggles, segmented controls,
text inputs and file uploaders (text areas are taken to behave as text inputs). Any other widget stops
the client (:class:`UnknownWidgetError`) rather than send what a browser might not.
"""

from __future__ import annotations

import http.client
import math
import socket
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

FINISHED = ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY
FINISHED_FRAGMENT = ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
# What Chromium tells the server about itself (ContextInfo), as the benchmarks' browser sends it.
CONTEXT = {"timezone": "UTC", "timezone_offset": 0, "locale": "en-US", "is_embedded": False, "color_scheme": "light"}
# Widgets that hold no value between runs: a press is sent once (a trigger), then forgotten.
TRIGGERS = {"button", "download_button"}


class UnknownWidgetError(RuntimeError):
    """A widget whose browser-side value this client does not know how to keep."""


def initial_state(kind: str, widget: Any) -> WidgetState | None:
    """The value a browser keeps for a widget when it first draws it (None: the element keeps none)."""
    if kind in TRIGGERS or not hasattr(widget, "form_id") or getattr(widget, "selection_mode", None) == []:
        return None  # a button; text, layout; a chart or table without selection
    state = WidgetState(id=widget.id)
    if kind == "slider" and not widget.options:  # a select_slider has options
        state.double_array_value.data.extend(widget.value if widget.set_value else widget.default)
    elif kind == "checkbox":  # toggles too
        state.bool_value = widget.value if widget.set_value else widget.default
    elif kind in ("selectbox", "radio") and (widget.set_value or widget.HasField("default")):
        state.string_value = widget.raw_value if widget.set_value else widget.options[widget.default]
    elif kind == "button_group":  # st.segmented_control, st.pills
        labels = widget.raw_values if widget.set_value else [widget.options[i].content for i in widget.default]
        state.string_array_value.data.extend(labels)
    elif kind in ("text_input", "text_area") and (widget.set_value or widget.HasField("default")):
        state.string_value = widget.value if widget.set_value else widget.default
    elif kind == "file_uploader":
        state.file_uploader_state_value.SetInParent()
    else:
        raise UnknownWidgetError(f"no browser value known for a {kind} widget ({widget.id})")
    return state


def js_number(value: float) -> str:
    """A number as the browser writes it into the address (JavaScript's String(x): 35, not 35.0)."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _round_to_step(value: float, step: float) -> float:
    """React Aria's roundToStepPrecision: one decimal more than the step has, rounded half up."""
    text = js_number(step)
    precision = len(text) - text.index(".") if "." in text else 0
    if not precision:
        return value
    scale = 10**precision
    return math.floor(value * scale + 0.5) / scale


def slider_press(slider: Any, value: float, direction: int) -> float:
    """The value an arrow key press (``direction`` +1 or -1) on a Streamlit slider gives: one step on,
    snapped to the slider's steps and range as the browser's slider does (React Aria's snapValueToStep)."""
    low, high, step = slider.min, slider.max, slider.step
    value += direction * step
    remainder = math.fmod(value - low, step)
    if abs(remainder) * 2 >= step:
        snapped = value + math.copysign(step - abs(remainder), remainder)
    else:
        snapped = value - remainder
    snapped = _round_to_step(snapped, step)
    if snapped < low:
        snapped = low
    elif snapped > high:
        snapped = low + math.floor(_round_to_step((high - low) / step, step)) * step
    return _round_to_step(snapped, step)


class Client:
    """One browser tab's session of one page, speaking Streamlit's WebSocket protocol."""

    def __init__(self, base: str, *, page: str = "", query: str = "") -> None:
        self.base = base
        self.url = base.replace("http", "ws", 1) + "/_stcore/stream"
        self.page, self.query, self.page_hash = page, query.lstrip("?"), ""
        self.widgets: dict[str, WidgetState] = {}  # widget id -> its value, as the browser keeps it
        self.elements: dict[str, tuple[str, Any, str]] = {}  # widget id -> (kind, last proto drawn, fragment id)

    def connect(self) -> Any:
        """The WebSocket, as an async context manager (``async with client.connect() as ws``)."""
        return websockets.connect(self.url, subprotocols=["streamlit"], max_size=None)

    def widget(self, key: str) -> tuple[str, Any, str]:
        """(kind, proto, fragment id) of the widget drawn with ``key=key``."""
        for widget_id, element in self.elements.items():
            if widget_id.endswith(f"-{key}"):
                return element
        raise KeyError(f"no widget with key {key!r} on the page")

    def set(self, state: WidgetState) -> None:
        """Give a widget a new value, as a hand on the page does; a widget bound to the address writes it
        into the query string (a value equal to the widget's default leaves the address)."""
        self.widgets[state.id] = state
        kind, proto, _ = self.elements[state.id]
        key = getattr(proto, "query_param_key", "")
        if not key:
            return
        kind_field = state.WhichOneof("value")
        if kind_field != "double_array_value" or len(state.double_array_value.data) != 1:
            raise UnknownWidgetError(f"writing a {kind} widget's value into the address is not implemented")
        value = state.double_array_value.data[0]
        # the browser's query-string library: the others kept, this one set (or dropped), sorted by name
        params = [(k, v) for k, v in parse_qsl(self.query, keep_blank_values=True) if k != key]
        if list(proto.default) != [value]:
            params.append((key, js_number(value)))
        self.query = urlencode(sorted(params, key=lambda p: p[0]), quote_via=quote).replace("%20", "+")

    async def run(
        self, ws: Any, widgets: Iterable[WidgetState] | None = None, *, fragment: str = "", auto: bool = False
    ) -> list[ForwardMsg]:
        """Ask for a run of the page, or of one fragment (``auto``: as the browser's timer does), and read
        until the script has finished; returns the messages read. ``widgets``: the values to send, by
        default every widget's current value, as the browser sends them."""
        message = BackMsg()
        rerun = message.rerun_script
        rerun.query_string, rerun.page_name, rerun.page_script_hash = self.query, self.page, self.page_hash
        if fragment:
            rerun.fragment_id, rerun.is_auto_rerun = fragment, auto
        rerun.widget_states.widgets.extend(self.widgets.values() if widgets is None else widgets)
        for name, value in CONTEXT.items():
            setattr(rerun.context_info, name, value)
        rerun.context_info.url = f"{self.base}/{self.page}"
        await ws.send(message.SerializeToString())
        received, drawn = [], set()
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(await ws.recv())
            received.append(forward)
            kind = forward.WhichOneof("type")
            if kind == "navigation":  # the page that runs: later reruns name it, as the browser's do
                self.page_hash = forward.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query = forward.page_info_changed.query_string
            elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                self._drawn(forward.delta.new_element, forward.delta.fragment_id, drawn)
            elif kind == "script_finished":
                if forward.script_finished not in (FINISHED, FINISHED_FRAGMENT):
                    status = ForwardMsg.ScriptFinishedStatus.Name(forward.script_finished)
                    raise RuntimeError(f"the page failed: {status}")
                self._forget(drawn, fragment)
                return received

    def _drawn(self, element: Element, fragment: str, drawn: set[str]) -> None:
        """A widget drawn: a new one takes the browser's first value, a known one keeps its value unless
        the server sets it (``set_value``). An exception drawn fails the run."""
        kind = element.WhichOneof("type")
        proto = getattr(element, kind)
        if kind == "exception" and not proto.is_warning:
            first = proto.message.splitlines()[0] if proto.message else ""
            raise RuntimeError(f"the page raised {proto.type}: {first}")
        state = initial_state(kind, proto)
        if state is None:
            return
        drawn.add(state.id)
        if state.id not in self.widgets or getattr(proto, "set_value", False):
            self.widgets[state.id] = state
        self.elements[state.id] = (kind, proto, fragment)

    def _forget(self, drawn: set[str], fragment: str) -> None:
        """Drop the widgets the run did not draw again (a fragment's run: only that fragment's widgets)."""
        for widget_id, (_, _, where) in list(self.elements.items()):
            if widget_id not in drawn and (not fragment or where == fragment):
                del self.elements[widget_id], self.widgets[widget_id]


def fetch_files(base: str, paths: Iterable[str]) -> int:
    """GET each path from the server over one kept-alive connection, as a browser loads a page's files
    (blocking: run it in a thread); returns the bytes read."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    size = 0
    try:
        for path in paths:
            connection.request("GET", path, headers={"Accept-Encoding": "gzip, deflate, br"})
            # Acknowledge at once: a delayed ACK (Linux: 40 ms) holds back the rest of each response.
            connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
            response = connection.getresponse()
            body = response.read()
            if response.status >= 400:
                raise RuntimeError(f"GET {path}: HTTP {response.status}")
            size += len(body)
    finally:
        connection.close()
    return size
