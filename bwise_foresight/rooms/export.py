"""A room's answers as a CSV file: one row per answer, participants numbered, hidden reasons left out."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from ..i18n import EN, Translator
from .service import AnswerInfo, RoomState

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
