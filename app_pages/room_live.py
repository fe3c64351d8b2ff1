"""The facilitator's live room: open a room on the sidebar's scenario, show its QR code, watch the answers
arrive (refreshed every 2 s without blocking the page), moderate reasons, run Delphi rounds and adopt
the room's answers as a scenario.

The facilitator's key arrives in the link (``?room=CODE&key=…``) and is moved out of the address at
once into this session, so that the app's share button and QR code never pass it on.
"""

from __future__ import annotations

import os

import streamlit as st

from bwise_foresight import InputError
from bwise_foresight.levers import LEVERS
from bwise_foresight.markup import escape
from bwise_foresight.rooms import service as rooms
from bwise_foresight.rooms.charts import distribution_figure
from bwise_foresight.rooms.db import database_url, shared
from bwise_foresight.rooms.export import answers_csv, room_pack
from bwise_foresight.rooms.questions import QuestionSpec, parse_workshop, unit_label
from bwise_foresight.rooms.stats import convergence, histogram, kendall_w, mean_ranks, summarize
from bwise_foresight.share import qr_png, room_url
from bwise_foresight.ui import data, files, views
from bwise_foresight.ui.controls import SELECT_NEXT, state

CODE, KEY, HELD = "room", "key", "_room_key"
s = state()
t = s.t
db = shared(database_url())

if KEY in st.query_params:  # keep the key in the session, not in an address the app may share
    st.session_state[HELD] = (rooms.normal_code(st.query_params.get(CODE, "")), st.query_params[KEY])
    del st.query_params[KEY]
code = rooms.normal_code(st.query_params.get(CODE, ""))
held_code, token = st.session_state.get(HELD, ("", ""))
if code and held_code != code:
    token = ""


def _participant_link(room_code: str) -> tuple[str | None, str]:
    here = (st.context.url or "http://localhost:8501/room_live").split("?")[0]
    return room_url(
        f"{here.rsplit('/', 1)[0]}/room?room={room_code}", public_base=os.environ.get("BWISE_PUBLIC_URL"), t=t
    )


def _open_form() -> None:
    """Open a room: questions picked from the levers, or a workshop file's."""
    st.title(t("room.live.title"))
    if code:
        st.warning(t("room.error.not_facilitator"), icon=":material/lock:")
    with st.form("open_room"):
        title = st.text_input(t("room.live.room_title"), value=t("room.live.default_title"), max_chars=120)
        levers = st.multiselect(
            t("room.live.questions"), [lever.key for lever in LEVERS], default=["mid"], format_func=unit_label
        )
        workshop = st.file_uploader(t("room.live.workshop"), type=["yaml", "yml"], key="workshop")
        opened = st.form_submit_button(t("room.live.open"), type="primary", icon=":material/groups:")
    if not opened:
        return
    start, specs = s.scenario or s.base, [QuestionSpec.of_lever(key) for key in levers]
    if workshop is not None:
        try:
            prepared = parse_workshop(workshop.getvalue().decode("utf-8-sig"), file=workshop.name)
        except UnicodeDecodeError:
            st.error(f"{escape(workshop.name)}: {t('error.yaml.not_utf8')}")
            return
        except InputError as exc:
            views.problems(exc.problems, what=escape(workshop.name))
            return
        title, specs = prepared.title, prepared.specs()
        found = data.scenario(prepared.scenario)
        start = found if not isinstance(found, list) else start
    if start is None or not specs:
        st.error(t("room.live.need_questions"))
        return
    new = rooms.open_room(db, title=title, scenario=start, questions=specs)
    st.session_state[HELD] = (new.code, new.token)
    st.query_params[CODE] = new.code
    st.rerun()


rooms.expire_rooms(db)  # rooms past their expiry go, with their answers (one small DELETE)
if not code or not token or not rooms.is_facilitator(db, code, token):
    _open_form()
    st.stop()

room = rooms.room_state(db, code)
head = st.columns([3, 1], vertical_alignment="center")
head[0].title(f"{escape(room.title)} · {room.code}")
status = t("room.round_open", n=room.round) if room.open else t("room.round_closed", n=room.round)
head[1].markdown(f"### {status}")

side, main = st.columns([1, 3], gap="large")
with side:
    url, why = _participant_link(room.code)
    if url is None:
        st.warning(t("share.no_qr", why=why), icon=":material/wifi_off:")
    else:
        st.image(qr_png(url, scale=12), width="stretch", caption=t("share.scan"))
        st.code(url, language=None, wrap_lines=True)
    st.subheader(t("room.code", code=room.code))
    with st.expander(t("room.live.private_link"), icon=":material/key:"):
        here = (st.context.url or "").split("?")[0]
        st.caption(t("room.live.private_help"))
        st.code(f"{here}?{CODE}={room.code}&{KEY}={token}", language=None, wrap_lines=True)

with main:
    asked = {q.id: q for q in room.questions}
    chosen = st.segmented_control(
        t("room.live.question"),
        list(asked),
        default=room.questions[0].id,
        format_func=lambda qid: (
            f"{asked[qid].position + 1}. {asked[qid].unit(t)}"
            if not asked[qid].ranking
            else f"{asked[qid].position + 1}. {t('room.live.ranking')}"
        ),
        key="live_question",
    )
    question = asked.get(chosen or room.questions[0].id, room.questions[0])
    st.markdown(f"**{escape(question.wording(t))}**")

    def _hide(answer_id: int, hidden: bool) -> None:
        rooms.hide_reason(db, code, token, answer_id, hidden=hidden)

    @st.fragment(run_every=2)
    def live() -> None:
        """The answers of the current round (and the round before it), re-read every 2 s."""
        now = rooms.answers(db, code)
        mine = [a for a in now if a.question_id == question.id]
        before = (
            [a for a in rooms.answers(db, code, round_number=room.round - 1) if a.question_id == question.id]
            if room.round > 1
            else []
        )
        joined = rooms.participants(db, code)
        if question.ranking:
            _ranking(mine, before, joined)
        else:
            _estimate(mine, before, joined)
        reasons = [a for a in mine if a.reason]
        if reasons:
            st.markdown(f"**{t('room.live.reasons')}**")
        for a in reasons[-12:]:
            row = st.columns([8, 1], vertical_alignment="center")
            shown = f"{t.plain(a.value)} — " if a.value is not None else ""
            row[0].text(f"{shown}{t('room.live.hidden') if a.hidden else a.reason}")
            row[1].button(
                t("room.live.show") if a.hidden else t("room.live.hide"),
                key=f"hide{a.id}",
                on_click=_hide,
                args=(a.id, not a.hidden),
            )

    def _estimate(mine: list[rooms.AnswerInfo], before: list[rooms.AnswerInfo], joined: int) -> None:
        values = [a.value for a in mine if a.value is not None]
        summary = summarize(values)
        earlier = summarize([a.value for a in before if a.value is not None])
        figures = st.columns(4)
        figures[0].metric(t("room.live.answers"), f"{len(values)} / {joined}")
        figures[1].metric(t("room.live.median"), t.plain(summary.median) if summary else "–")
        figures[2].metric(t("room.live.iqr"), f"{t.plain(summary.q1)} – {t.plain(summary.q3)}" if summary else "–")
        figures[3].metric(t("room.live.outliers"), str(len(summary.outliers)) if summary else "–")
        bins = histogram(values, lo=question.minimum, hi=question.maximum, step=question.step)
        old = histogram([a.value for a in before if a.value is not None], lo=question.minimum, hi=question.maximum,
                        step=question.step) if before else None  # fmt: skip
        fig = distribution_figure(bins, summary, earlier=old, unit=question.unit(t), t=t, height=430)
        st.plotly_chart(fig, width="stretch", key="live_chart", config={"displayModeBar": False})
        notes = []
        if summary and summary.outliers:
            notes.append(t("room.live.tukey", values=", ".join(t.plain(v) for v in summary.outliers)))
        if summary and earlier:
            c = convergence(earlier, summary)
            notes.append(
                t("room.live.convergence", before=t.plain(c.iqr_before), after=t.plain(c.iqr_after), n=room.round - 1)
            )
        for note in notes:
            st.caption(note)

    def _ranking(mine: list[rooms.AnswerInfo], before: list[rooms.AnswerInfo], joined: int) -> None:
        orders = [list(a.ranking) for a in mine if a.ranking]
        st.metric(t("room.live.answers"), f"{len(orders)} / {joined}")
        for place, (option, mean) in enumerate(mean_ranks(orders).items(), start=1):
            st.markdown(f"{place}. {escape(unit_label(option, t))} — {t.plain(round(mean, 2))}")
        w, w_before = kendall_w(orders), kendall_w([list(a.ranking) for a in before if a.ranking])
        if w is not None:
            earlier = t("room.live.kendall_before", w=t.plain(round(w_before, 2))) if w_before is not None else ""
            st.caption(t("room.live.kendall", w=t.plain(round(w, 2)), before=earlier))

    live()

st.divider()
bar = st.columns(4, vertical_alignment="bottom")
if room.open:
    if bar[0].button(t("room.live.close_round", n=room.round), icon=":material/lock:", key="close_round"):
        rooms.close_round(db, code, token)
        st.rerun()
elif bar[0].button(t("room.live.next_round", n=room.round + 1), icon=":material/replay:", key="next_round"):
    rooms.open_round(db, code, token)
    st.rerun()
spread = bar[1].radio(
    t("room.live.spread"), ["p10_p90", "iqr"], format_func=lambda k: t(f"room.spread.{k}"), key="spread"
)
if bar[2].button(t("room.live.adopt"), icon=":material/input:", type="primary", key="adopt"):
    try:
        adoption = rooms.adopt(db, code, token, spread=spread, t=t)
    except rooms.RoomError as exc:
        st.error(exc.text(t))
    else:
        sid = adoption.scenario.id
        st.session_state.setdefault(data.UPLOADED, {})[sid] = adoption.scenario
        st.session_state.setdefault(files.ROOM_PACKS, {})[sid] = code  # its export pack carries the room's answers
        st.session_state["_room_adopted"] = (sid, adoption.yaml)
adopted = st.session_state.get("_room_adopted")
if adopted:
    sid, text = adopted
    st.success(t("room.live.adopted", id=sid), icon=":material/check:")
    links = st.columns(3)
    links[0].download_button(t("room.live.download"), text, file_name=f"{sid}.yaml", mime="application/yaml")
    if links[1].button(t("room.live.explore"), icon=":material/tune:", key="to_explore"):
        st.session_state[SELECT_NEXT] = sid
        st.switch_page("app_pages/explore.py")


def _every_answer() -> list[rooms.AnswerInfo]:
    return [a for n in range(1, room.round + 1) for a in rooms.answers(db, code, round_number=n)]


def _pack() -> bytes:
    from bwise_foresight.exports import figure_to_image_bytes

    return room_pack(room, _every_answer(), render=figure_to_image_bytes, t=t)


bar[3].download_button(
    t("room.live.csv"), lambda: answers_csv(room, _every_answer(), t=t),
    file_name=f"room-{room.code.lower()}-answers.csv", mime="text/csv", on_click="ignore", icon=":material/download:",
)  # fmt: skip
if files.images_available():  # the pack's charts need Chromium (kaleido)
    bar[3].download_button(
        t("room.live.pack"), _pack, file_name=f"room-{room.code.lower()}.zip", mime="application/zip",
        on_click="ignore", icon=":material/folder_zip:",
    )  # fmt: skip
with bar[3].popover(t("room.live.delete"), icon=":material/delete:"):
    if st.button(t("room.live.delete_confirm"), type="primary", key="delete_room"):
        rooms.delete_room(db, code, token)
        st.session_state.pop(HELD, None)
        del st.query_params[CODE]
        st.rerun()
