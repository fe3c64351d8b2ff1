"""What a room's pages do, as functions on a :class:`~bwise_foresight.rooms.db.Database`.

Participants join with the room's code and get an anonymous token; the facilitator's actions
(closing and opening rounds, hiding a reason, adopting, deleting) need the facilitator's token,
compared in constant time with the hash the room stores. Every refusal is a :class:`RoomError`
whose message the page shows in the participant's language. Reads return plain frozen records,
never database objects, so a page holds no session between reruns.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml
from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..i18n import EN, Message, Translator, msg
from ..scenario import Scenario
from .adopt import SPREADS, Provenance, adopted, scenario_yaml
from .db import Database
from .models import CODE_LENGTH, REASON_LENGTH, Answer, Participant, Question, Room, Round
from .questions import QuestionSpec, label_message, unit_label, wording
from .stats import Summary, summarize

# no 0/O, 1/I/L: a code read aloud or typed from the screen is not misread; 31^8 ≈ 8.5 × 10^11 codes
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LIFETIME = dt.timedelta(days=7)
RATE_WINDOW = dt.timedelta(seconds=60)
RATE_MAX = 30  # answers (and revisions) one participant may send per window
MAX_PARTICIPANTS = 500  # per room: a script opening the link in a loop cannot fill the database


class RoomError(Exception):
    """A refused action; ``message`` says why in any language (``str()`` is English)."""

    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(message.render(EN))

    def text(self, t: Translator = EN) -> str:
        return self.message.render(t)


def _now(now: dt.datetime | None) -> dt.datetime:
    return now if now is not None else dt.datetime.now(dt.UTC)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normal_code(code: str) -> str:
    """A code as typed: case, spaces and dashes do not matter ('abcd-2345' is 'ABCD2345')."""
    return "".join(c for c in code.upper() if c.isalnum())


# --- records the pages read ------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionInfo:
    id: int
    position: int
    lever: str
    minimum: float
    maximum: float
    step: float
    text: str | None
    translations: dict[str, str]
    options: tuple[str, ...] | None

    def wording(self, t: Translator = EN) -> str:
        return wording(self.lever, self.text, self.translations, self.options, t)

    def unit(self, t: Translator = EN) -> str:
        return unit_label(self.lever, t)

    @property
    def ranking(self) -> bool:
        return self.options is not None


@dataclass(frozen=True)
class RoomState:
    """A room as its pages show it: the current round and whether it takes answers."""

    code: str
    title: str
    scenario_id: str
    round: int
    open: bool
    created_at: dt.datetime
    expires_at: dt.datetime
    questions: tuple[QuestionInfo, ...]

    def question(self, question_id: int) -> QuestionInfo:
        return next(q for q in self.questions if q.id == question_id)


@dataclass(frozen=True)
class AnswerInfo:
    id: int
    question_id: int
    round: int
    participant: int
    value: float | None
    ranking: tuple[str, ...] | None
    confidence: int | None
    reason: str | None
    hidden: bool
    updated_at: dt.datetime


@dataclass(frozen=True)
class Opened:
    """A new room: ``token`` is the facilitator's secret, shown once and stored only hashed."""

    code: str
    token: str


def _question_info(q: Question) -> QuestionInfo:
    return QuestionInfo(
        q.id,
        q.position,
        q.lever,
        q.minimum,
        q.maximum,
        q.step,
        q.text,
        dict(q.translations or {}),
        tuple(q.options) if q.options is not None else None,
    )


def _answer_info(a: Answer, number: int) -> AnswerInfo:
    return AnswerInfo(
        a.id,
        a.question_id,
        number,
        a.participant_id,
        a.value,
        tuple(a.ranking) if a.ranking is not None else None,
        a.confidence,
        a.reason,
        a.hidden,
        a.updated_at,
    )


# --- finding a room --------------------------------------------------------------------------------


def _room(session: Session, code: str, now: dt.datetime, *, lock: bool = False) -> Room:
    query = select(Room).where(Room.code == normal_code(code))
    room = session.scalars(query.with_for_update() if lock else query).one_or_none()
    if room is None:
        raise RoomError(msg("room.error.not_found", code=normal_code(code)[:CODE_LENGTH]))
    if room.expires_at <= now:
        raise RoomError(msg("room.error.expired", code=room.code))
    return room


def _facilitated(session: Session, code: str, token: str, now: dt.datetime, *, lock: bool = False) -> Room:
    room = _room(session, code, now, lock=lock)
    if not hmac.compare_digest(_hash(token), room.token_hash):
        raise RoomError(msg("room.error.not_facilitator"))
    return room


def _current_round(session: Session, room: Room, *, lock: bool = False) -> Round:
    query = select(Round).where(Round.room_id == room.id).order_by(Round.number.desc()).limit(1)
    return session.scalars(query.with_for_update(read=True) if lock else query).one()


def _round(session: Session, room: Room, number: int) -> Round:
    found = session.scalars(select(Round).where(Round.room_id == room.id, Round.number == number)).one_or_none()
    if found is None:
        raise RoomError(msg("room.error.no_round", n=number))
    return found


# --- the facilitator -------------------------------------------------------------------------------


def _add(session: Session, room: Room, specs: Sequence[QuestionSpec], start: int) -> None:
    for i, spec in enumerate(specs):
        session.add(
            Question(
                room=room,
                position=start + i,
                lever=spec.lever,
                minimum=spec.minimum,
                maximum=spec.maximum,
                step=spec.step,
                text=spec.text,
                translations=dict(spec.translations),
                options=list(spec.options) if spec.options is not None else None,
            )
        )


def open_room(
    db: Database,
    *,
    title: str,
    scenario: Scenario,
    questions: Sequence[QuestionSpec] = (),
    lifetime: dt.timedelta = LIFETIME,
    now: dt.datetime | None = None,
) -> Opened:
    """Open a room starting from ``scenario`` with round 1 open; returns its code and the facilitator's token."""
    now = _now(now)
    token = secrets.token_urlsafe(32)
    for _ in range(5):  # a clash of codes is one in 10^11 per room: retrying is enough
        code = new_code()
        try:
            with db.writing() as session:
                room = Room(
                    code=code,
                    token_hash=_hash(token),
                    title=title[:120],
                    scenario_id=scenario.id or "custom",
                    scenario_yaml=scenario.to_yaml(),
                    created_at=now,
                    expires_at=now + lifetime,
                )
                session.add(room)
                session.add(Round(room=room, number=1, opened_at=now))
                _add(session, room, questions, 0)
            return Opened(code, token)
        except IntegrityError:
            continue
    raise RuntimeError("could not find a free room code")


def add_questions(
    db: Database, code: str, token: str, specs: Sequence[QuestionSpec], *, now: dt.datetime | None = None
) -> None:
    """Add questions after the room's others (they are asked from the current round on)."""
    with db.writing() as session:
        room = _facilitated(session, code, token, _now(now), lock=True)
        last = session.scalar(select(func.max(Question.position)).where(Question.room_id == room.id))
        _add(session, room, specs, 0 if last is None else last + 1)


def _close(session: Session, code: str, token: str, now: dt.datetime) -> tuple[Room, Round]:
    """The room and its current round, closed now if it was open (the facilitator's token required)."""
    room = _facilitated(session, code, token, now, lock=True)
    current = _current_round(session, room)
    if current.closed_at is None:
        current.closed_at = now
    return room, current


def close_round(db: Database, code: str, token: str, *, now: dt.datetime | None = None) -> int:
    """Close the current round (answers are then final); returns its number."""
    with db.writing() as session:
        return _close(session, code, token, _now(now))[1].number


def open_round(db: Database, code: str, token: str, *, now: dt.datetime | None = None) -> int:
    """Close the current round if it is open and open the next one; returns the new round's number."""
    now = _now(now)
    with db.writing() as session:
        room, current = _close(session, code, token, now)
        session.add(Round(room=room, number=current.number + 1, opened_at=now))
        return current.number + 1


def hide_reason(
    db: Database, code: str, token: str, answer_id: int, *, hidden: bool = True, now: dt.datetime | None = None
) -> None:
    """Hide (or show again) one answer's reason from every screen; the answer itself still counts."""
    with db.writing() as session:
        room = _facilitated(session, code, token, _now(now))
        in_room = select(Question.id).where(Question.room_id == room.id)
        done = session.execute(
            update(Answer).where(Answer.id == answer_id, Answer.question_id.in_(in_room)).values(hidden=hidden)
        )
        if done.rowcount != 1:  # type: ignore[attr-defined]
            raise RoomError(msg("room.error.no_answer"))


def delete_room(db: Database, code: str, token: str, *, now: dt.datetime | None = None) -> None:
    """Delete the room with its questions, rounds, participants and answers."""
    with db.writing() as session:
        room = _facilitated(session, code, token, _now(now))
        session.execute(delete(Room).where(Room.id == room.id))


def expire_rooms(db: Database, *, now: dt.datetime | None = None) -> int:
    """Delete every room past its expiry with all it holds; returns how many went."""
    with db.writing() as session:
        return session.execute(delete(Room).where(Room.expires_at <= _now(now))).rowcount  # type: ignore[attr-defined]


def is_facilitator(db: Database, code: str, token: str, *, now: dt.datetime | None = None) -> bool:
    """Whether ``token`` is the room's facilitator token (False for an unknown or expired room too)."""
    try:
        with db.reading() as session:
            _facilitated(session, code, token, _now(now))
    except RoomError:
        return False
    return True


# --- participants ----------------------------------------------------------------------------------


def join(db: Database, code: str, *, now: dt.datetime | None = None) -> str:
    """A new anonymous participant of the room: their token, which their browser keeps."""
    now = _now(now)
    token = secrets.token_urlsafe(32)
    with db.writing() as session:
        room = _room(session, code, now, lock=True)  # joins queue here, so that the count holds
        joined = session.scalar(select(func.count()).where(Participant.room_id == room.id)) or 0
        if joined >= MAX_PARTICIPANTS:
            raise RoomError(msg("room.error.full", n=MAX_PARTICIPANTS))
        session.add(Participant(room=room, token=token, joined_at=now, window_count=0))
    return token


def _insert(db: Database) -> Any:
    return postgresql.insert if db.dialect == "postgresql" else sqlite.insert


def _checked(
    question: Question, value: float | None, ranking: Sequence[str] | None, confidence: int | None, reason: str | None
) -> tuple[float | None, list[str] | None, str | None]:
    """The answer as stored, or a RoomError saying what is wrong with it."""
    if question.options is not None:
        if ranking is None or value is not None or sorted(ranking) != sorted(question.options):
            raise RoomError(msg("room.error.bad_ranking", n=len(question.options)))
        ranking = list(ranking)
    else:
        if value is None or ranking is not None or value != value:  # NaN is no answer
            raise RoomError(msg("room.error.want_number"))
        if not question.minimum <= value <= question.maximum:
            raise RoomError(
                msg(
                    "room.error.out_of_range",
                    got=f"{value:g}",
                    lo=f"{question.minimum:g}",
                    hi=f"{question.maximum:g}",
                    unit=label_message(question.lever),
                )
            )
        value = float(value)
    if confidence is not None and not 1 <= confidence <= 5:
        raise RoomError(msg("room.error.confidence"))
    if reason is not None:
        if "\n" in reason or "\r" in reason:
            raise RoomError(msg("room.error.one_line"))
        reason = reason.strip() or None
        if reason is not None and len(reason) > REASON_LENGTH:
            raise RoomError(msg("room.error.reason_long", n=REASON_LENGTH))
    return value, ranking, reason


def _rate(participant: Participant, now: dt.datetime) -> None:
    """Count one answer against the participant's window, or refuse it when the window is full."""
    if participant.window_start is None or now - participant.window_start >= RATE_WINDOW:
        participant.window_start, participant.window_count = now, 0
    if participant.window_count >= RATE_MAX:
        wait = RATE_WINDOW - (now - participant.window_start)
        raise RoomError(msg("room.error.rate", n=RATE_MAX, seconds=max(int(wait.total_seconds()) + 1, 1)))
    participant.window_count += 1


def answer(
    db: Database,
    code: str,
    participant: str,
    question_id: int,
    *,
    value: float | None = None,
    ranking: Sequence[str] | None = None,
    confidence: int | None = None,
    reason: str | None = None,
    now: dt.datetime | None = None,
) -> None:
    """Record (or revise: the new answer replaces the old) a participant's answer in the open round."""
    now = _now(now)
    with db.writing() as session:
        room = _room(session, code, now)
        who = session.scalars(
            select(Participant)
            .where(Participant.token == participant, Participant.room_id == room.id)
            .with_for_update()
        ).one_or_none()
        if who is None:
            raise RoomError(msg("room.error.not_joined"))
        question = session.get(Question, question_id)
        if question is None or question.room_id != room.id:
            raise RoomError(msg("room.error.no_question"))
        current = _current_round(session, room, lock=True)
        if current.closed_at is not None:
            raise RoomError(msg("room.error.round_closed", n=current.number))
        value, stored_ranking, reason = _checked(question, value, ranking, confidence, reason)
        _rate(who, now)
        fields = {"value": value, "ranking": stored_ranking, "confidence": confidence, "reason": reason}
        statement = _insert(db)(Answer).values(
            participant_id=who.id,
            question_id=question.id,
            round_id=current.id,
            hidden=False,
            created_at=now,
            updated_at=now,
            **fields,
        )
        session.execute(
            statement.on_conflict_do_update(
                index_elements=[Answer.participant_id, Answer.question_id, Answer.round_id],
                set_={**fields, "updated_at": now},  # a hidden reason stays hidden when revised
            )
        )


# --- reading ---------------------------------------------------------------------------------------


def room_state(db: Database, code: str, *, now: dt.datetime | None = None) -> RoomState:
    """The room, its questions and its current round (a RoomError for an unknown or expired room)."""
    with db.reading() as session:
        room = _room(session, code, _now(now))
        current = _current_round(session, room)
        return RoomState(
            room.code,
            room.title,
            room.scenario_id,
            current.number,
            current.closed_at is None,
            room.created_at,
            room.expires_at,
            tuple(_question_info(q) for q in room.questions),
        )


def answers(
    db: Database,
    code: str,
    *,
    round_number: int | None = None,
    participant: str | None = None,
    now: dt.datetime | None = None,
) -> list[AnswerInfo]:
    """The answers of one round (default the current one), oldest first; only one participant's with
    ``participant`` (their token)."""
    with db.reading() as session:
        room = _room(session, code, _now(now))
        chosen = _current_round(session, room) if round_number is None else _round(session, room, round_number)
        query = select(Answer).where(Answer.round_id == chosen.id).order_by(Answer.updated_at, Answer.id)
        if participant is not None:
            query = query.join(Participant).where(Participant.token == participant)
        return [_answer_info(a, chosen.number) for a in session.scalars(query)]


def summaries(found: Sequence[AnswerInfo]) -> dict[int, Summary]:
    """Each estimate question's distribution in ``found`` (answers of one round), by question id."""
    values: dict[int, list[float]] = {}
    for a in found:
        if a.value is not None:
            values.setdefault(a.question_id, []).append(a.value)
    return {q: s for q, v in values.items() if (s := summarize(v)) is not None}


def participants(db: Database, code: str, *, now: dt.datetime | None = None) -> int:
    """How many have joined the room."""
    with db.reading() as session:
        room = _room(session, code, _now(now))
        return session.scalar(select(func.count()).where(Participant.room_id == room.id)) or 0


# --- adopting --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Adoption:
    """A room's answers as a scenario, its YAML file and where it came from."""

    scenario: Scenario
    yaml: str
    provenance: Provenance


def adopt(
    db: Database,
    code: str,
    token: str,
    *,
    spread: str = "p10_p90",
    round_number: int | None = None,
    now: dt.datetime | None = None,
    t: Translator = EN,
) -> Adoption:
    """The scenario the room's answers in one round (default the current one) make, on top of the
    scenario the room started from: see :mod:`bwise_foresight.rooms.adopt`."""
    if spread not in SPREADS:
        raise ValueError(f"spread must be one of {SPREADS}, not {spread!r}")
    now = _now(now)
    with db.reading() as session:
        room = _facilitated(session, code, token, now)
        start = Scenario.from_dict(yaml.safe_load(room.scenario_yaml), scenario_id=room.scenario_id)
        latest = _current_round(session, room).number
        chosen = latest if round_number is None else _round(session, room, round_number).number
        levers = {q.id: q.lever for q in room.questions if q.options is None}
        room_code = room.code
    found = summaries(answers(db, room_code, round_number=chosen, now=now))
    results = {levers[q]: s for q, s in sorted(found.items()) if q in levers}
    if not results:
        raise RoomError(msg("room.error.nothing_to_adopt", n=chosen))
    provenance = Provenance(
        room_code, now.date(), chosen, latest, sum(s.count for s in results.values()), len(results), spread
    )
    scenario = adopted(start, results, provenance, t=t)
    return Adoption(scenario, scenario_yaml(scenario, provenance, t=t), provenance)
