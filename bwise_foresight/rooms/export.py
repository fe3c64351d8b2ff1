"""A room's answers for the record: a CSV of every answer, and a pack (ZIP) with the CSV, each question's
distribution as a chart per round and a slide deck (pure: bytes out, no Streamlit)."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Sequence

import plotly.graph_objects as go

from ..i18n import EN, Translator
from .charts import distribution_figure
from .db import Database
from .service import AnswerInfo, QuestionInfo, RoomState, room_state
from .service import answers as room_answers
from .stats import convergence, histogram, summarize

# a cell a spreadsheet would run as a formula (OWASP's CSV injection): shown as text by a leading quote
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = ("room", "round", "question", "lever", "unit", "value", "ranking", "confidence", "reason", "updated_utc")


def answers_csv(state: RoomState, answers: Sequence[AnswerInfo], *, t: Translator = EN) -> bytes:
    """UTF-8 CSV (with a byte-order mark, so that spreadsheets read the accents) of ``answers``, any rounds.

    Participants are numbered in the order they first answered instead of by their database ids, which
    say nothing to a reader; a reason the facilitator hid is not written, and a reason that a
    spreadsheet would take for a formula is written as text.
    """
    questions = {q.id: q for q in state.questions}
    number: dict[int, int] = {}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("participant", *COLUMNS))
    for a in sorted(answers, key=lambda a: (a.round, a.question_id, a.updated_at, a.id)):
        q = questions[a.question_id]
        who = number.setdefault(a.participant, len(number) + 1)
        writer.writerow(
            (
                who,
                state.code,
                a.round,
                q.position + 1,
                "" if q.ranking else q.lever,
                "" if q.ranking else q.unit(t),
                "" if a.value is None else f"{a.value:g}",
                " > ".join(a.ranking or ()),
                a.confidence or "",
                "" if a.hidden else _text(a.reason or ""),
                a.updated_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            )
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _text(reason: str) -> str:
    return "'" + reason if reason.startswith(FORMULA_START) else reason


def _values(answers: Sequence[AnswerInfo], question: QuestionInfo, number: int) -> list[float]:
    return [a.value for a in answers if a.question_id == question.id and a.round == number and a.value is not None]


def _figure(question: QuestionInfo, answers: Sequence[AnswerInfo], number: int, t: Translator) -> go.Figure | None:
    """One estimate question's distribution in round ``number`` (round ``number - 1`` outlined), or None."""
    now, before = _values(answers, question, number), _values(answers, question, number - 1)
    if not now:
        return None
    bins = histogram(now, lo=question.minimum, hi=question.maximum, step=question.step)
    earlier = histogram(before, lo=question.minimum, hi=question.maximum, step=question.step) if before else None
    title = f"{question.wording(t)} — {t('room.pack.round', n=number)}"
    fig = distribution_figure(bins, summarize(now), earlier=earlier, title=title, unit=question.unit(t), t=t)
    fig.update_layout(width=1200, height=600)
    return fig


def _summary(question: QuestionInfo, answers: Sequence[AnswerInfo], number: int, t: Translator) -> str:
    """The round's figures in one sentence: count, median, middle half, outliers, the change since the round before."""
    now = summarize(
        [a.value for a in answers if a.question_id == question.id and a.round == number and a.value is not None]
    )
    if now is None:
        return ""
    text = t("room.pack.summary", n=now.count, median=t.plain(now.median), q1=t.plain(now.q1), q3=t.plain(now.q3),
             outliers=", ".join(t.plain(v) for v in now.outliers) or "–")  # fmt: skip
    before = summarize(_values(answers, question, number - 1))
    if before is not None:
        c = convergence(before, now)
        text += " " + t("room.live.convergence", before=t.plain(c.iqr_before), after=t.plain(c.iqr_after), n=number - 1)
    return text


def room_pack(
    state: RoomState,
    answers: Sequence[AnswerInfo],
    *,
    render: Callable[[go.Figure], bytes],
    t: Translator = EN,
) -> bytes:
    """A ZIP of the room: ``answers.csv``, ``question<q>_round<r>.png`` for each estimate question and
    round (``render`` makes a figure's PNG, e.g. :func:`bwise_foresight.exports.figure_to_image_bytes`)
    and ``room.pptx``: a title slide, then each question's last round with its figures."""
    from pptx import Presentation
    from pptx.util import Inches, Pt

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    blank = deck.slide_layouts[6]

    def textbox(slide, top: float, height: float, content: str, size: int, bold: bool = False) -> None:
        frame = slide.shapes.add_textbox(Inches(0.6), Inches(top), Inches(12.1), Inches(height)).text_frame
        frame.word_wrap = True
        frame.paragraphs[0].text = content
        frame.paragraphs[0].font.size, frame.paragraphs[0].font.bold = Pt(size), bold

    cover = deck.slides.add_slide(blank)
    textbox(cover, 1.2, 1.4, state.title, 40, bold=True)
    textbox(cover, 2.8, 0.8, t("room.pack.subtitle", code=state.code, date=state.created_at.date().isoformat(),
                               rounds=state.round), 20)  # fmt: skip
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as pack:
        pack.writestr("answers.csv", answers_csv(state, answers, t=t))
        for question in state.questions:
            if question.ranking:
                continue
            last = None
            for number in range(1, state.round + 1):
                fig = _figure(question, answers, number, t)
                if fig is None:
                    continue
                last = (number, render(fig))
                pack.writestr(f"question{question.position + 1}_round{number}.png", last[1])
            if last is None:
                continue
            slide = deck.slides.add_slide(blank)
            slide.shapes.add_picture(io.BytesIO(last[1]), Inches(0.9), Inches(0.3), width=Inches(11.5))
            textbox(slide, 6.3, 1.0, _summary(question, answers, last[0], t), 16)
        slides = io.BytesIO()
        deck.save(slides)
        pack.writestr("room.pptx", slides.getvalue())
    return buffer.getvalue()


def pack_members(
    db: Database, code: str, *, render: Callable[[go.Figure], bytes], t: Translator = EN
) -> dict[str, bytes]:
    """A room's pack as files under ``room/`` (answers of every round as CSV, their distributions as
    charts, a slide deck): what the export pack of a scenario adopted from the room carries."""
    state = room_state(db, code)
    answers = [a for n in range(1, state.round + 1) for a in room_answers(db, code, round_number=n)]
    with zipfile.ZipFile(io.BytesIO(room_pack(state, answers, render=render, t=t))) as pack:
        return {f"room/{name}": pack.read(name) for name in pack.namelist()}
