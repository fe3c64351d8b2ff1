"""A participant's phone in the live room: join with the room's code, answer each question in its units,
see the room's distribution only after answering (no anchoring), revise until the round closes.

Light on purpose (a room of phones opens it at once): no sidebar, no scenario work, no charts. Each
question is a fragment, so that sending an answer reruns that question alone; the only other repeated
work is a 5-second check whether the round has changed.
"""

from __future__ import annotations

import streamlit as st

from bwise_foresight.i18n import Translator
from bwise_foresight.levers import LEVERS_BY_KEY
from bwise_foresight.markup import escape
from bwise_foresight.rooms import service as rooms
from bwise_foresight.rooms.db import database_url, shared
from bwise_foresight.rooms.models import REASON_LENGTH
from bwise_foresight.rooms.questions import unit_label
from bwise_foresight.rooms.stats import summarize
from bwise_foresight.ui.controls import language_picker

CODE, ME = "room", "me"  # the link's room code and this phone's anonymous participant token

# a phone: no header, navigation or sidebar, narrow margins
st.html(
    "<style>header[data-testid='stHeader'], [data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl']"
    " {display: none !important;} .stMainBlockContainer {padding: 1rem 1rem 2rem 1rem !important;}</style>"
)
db = shared(database_url())
t: Translator = language_picker()


def _join_form() -> None:
    with st.form("join"):
        typed = st.text_input(t("room.join.code"), max_chars=12, key="typed_code")
        if st.form_submit_button(t("room.join.button"), type="primary", width="stretch") and typed:
            st.query_params[CODE] = rooms.normal_code(typed)
            st.query_params.pop(ME, None)
            st.rerun()


code = st.query_params.get(CODE, "")
if not code:
    st.title(t("room.join.title"))
    _join_form()
    st.stop()
try:
    room = rooms.room_state(db, code)
    me = st.query_params.get(ME) or ""
    if not me:  # a new phone: an anonymous participant, kept in its own link so a reload keeps it
        me = rooms.join(db, code)
        st.query_params[ME] = me
except rooms.RoomError as exc:
    st.error(exc.text(t), icon=":material/error:")
    _join_form()
    st.stop()

st.subheader(escape(room.title))
status = t("room.round_open", n=room.round) if room.open else t("room.round_closed", n=room.round)
st.caption(f"{t('room.code', code=room.code)} · {status}")


@st.fragment(run_every=5)
def _watch(seen: tuple[int, bool]) -> None:
    """Reload the page when the facilitator closes or opens a round (one small query every 5 s)."""
    try:
        now = rooms.room_state(db, code)
    except rooms.RoomError:
        st.rerun()
    if (now.round, now.open) != seen:
        st.rerun()


_watch((room.round, room.open))


def _send(question: rooms.QuestionInfo) -> None:
    """The answer form's button: store the answer (or say why not, in the participant's language)."""
    key = f"q{question.id}"
    value = st.session_state.get(f"{key}_number" if st.session_state.get(f"{key}_typed") else f"{key}_value")
    confidence = st.session_state.get(f"{key}_sure")
    reason = st.session_state.get(f"{key}_why") or None
    try:
        if question.ranking:
            rooms.answer(db, code, me, question.id, ranking=list(value or []), confidence=confidence, reason=reason)
        else:
            rooms.answer(db, code, me, question.id, value=value, confidence=confidence, reason=reason)
        st.session_state[f"{key}_error"] = None
    except rooms.RoomError as exc:
        st.session_state[f"{key}_error"] = exc.message


def _distribution(question: rooms.QuestionInfo) -> None:
    """What the room answered so far: shown only to a participant who has answered."""
    values = [a.value for a in rooms.answers(db, code) if a.question_id == question.id and a.value is not None]
    summary = summarize(values)
    if summary is None:
        return
    st.markdown(
        t(
            "room.distribution",
            n=summary.count,
            median=t.plain(summary.median),
            q1=t.plain(summary.q1),
            q3=t.plain(summary.q3),
        )
    )


@st.fragment
def _ask(question: rooms.QuestionInfo) -> None:
    """One question: its own fragment, so that sending an answer reruns this question alone, not the app."""
    key = f"q{question.id}"
    own = next((a for a in rooms.answers(db, code, participant=me) if a.question_id == question.id), None)
    with st.container(border=True):
        st.markdown(f"**{escape(question.wording(t))}**")
        typed = not question.ranking and st.toggle(t("room.typed"), key=f"{key}_typed", disabled=not room.open)
        with st.form(key, border=False):
            if question.ranking:
                st.multiselect(
                    t("room.rank_hint"),
                    list(question.options or ()),
                    default=list(own.ranking) if own and own.ranking else None,
                    format_func=lambda k: unit_label(k, t),
                    key=f"{key}_value",
                    disabled=not room.open,
                )
            else:
                start = own.value if own and own.value is not None else (question.minimum + question.maximum) / 2
                lever = LEVERS_BY_KEY[question.lever]
                if typed:  # a number box: a phone's numeric keyboard, finer steps than the slider's
                    step, fmt = lever.exact()
                    cast = round if isinstance(step, int) else float  # a whole-number box takes whole numbers
                    st.number_input(
                        question.unit(t),
                        min_value=cast(question.minimum),
                        max_value=cast(question.maximum),
                        value=cast(start),
                        step=step,
                        format=fmt,
                        key=f"{key}_number",
                        disabled=not room.open,
                    )
                else:
                    start = round(
                        round((start - question.minimum) / question.step) * question.step + question.minimum, 6
                    )
                    st.slider(
                        question.unit(t),
                        min_value=question.minimum,
                        max_value=question.maximum,
                        value=float(start),
                        step=question.step,
                        format=lever.format,
                        key=f"{key}_value",
                        disabled=not room.open,
                    )
            st.segmented_control(
                t("room.confidence"),
                [1, 2, 3, 4, 5],
                default=own.confidence if own else None,
                key=f"{key}_sure",
                disabled=not room.open,
            )
            st.text_input(
                t("room.reason"),
                value=own.reason or "" if own else "",
                max_chars=REASON_LENGTH,
                key=f"{key}_why",
                disabled=not room.open,
            )
            label = t("room.revise") if own else t("room.send")
            st.form_submit_button(
                label, type="primary", width="stretch", disabled=not room.open, on_click=_send, args=(question,)
            )
        problem = st.session_state.get(f"{key}_error")
        if problem is not None:
            st.error(problem.render(t), icon=":material/error:")
        elif own is not None:
            st.success(t("room.saved"), icon=":material/check:")
            _distribution(question)


for question in room.questions:
    _ask(question)
