"""The live room's tables (SQLAlchemy 2 ORM): rooms, their questions, rounds, participants and answers.

Everything belongs to a room and goes with it: the foreign keys cascade in the database (so a
plain ``DELETE FROM rooms`` removes the answers too) and the relationships cascade in the ORM.
Changing a table here needs a new migration in ``migrations/versions`` (a test compares the two).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

# Constraint names fixed by convention, so that migrations can name what they alter on every database.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

CODE_LENGTH = 8
REASON_LENGTH = 200  # a one-line reason
TEXT_LENGTH = 300  # a question's wording


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware UTC time on every database (SQLite stores no zone: it is put back on reading)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        return value.astimezone(dt.UTC) if value is not None else None

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        return value.replace(tzinfo=dt.UTC) if value is not None and value.tzinfo is None else value


class Room(Base):
    """A room: participants join with ``code``; the facilitator proves themselves with a token whose
    SHA-256 is ``token_hash`` (the token itself is never stored)."""

    __tablename__ = "rooms"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE_LENGTH), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(120))
    # the scenario the room starts from: its id and its resolved YAML, so that adopting works even
    # when the file has changed or gone since the room opened
    scenario_id: Mapped[str] = mapped_column(String(120))
    scenario_yaml: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), index=True)

    questions: Mapped[list[Question]] = relationship(
        back_populates="room", cascade="all, delete-orphan", passive_deletes=True, order_by="Question.position"
    )
    rounds: Mapped[list[Round]] = relationship(
        back_populates="room", cascade="all, delete-orphan", passive_deletes=True, order_by="Round.number"
    )
    participants: Mapped[list[Participant]] = relationship(
        back_populates="room", cascade="all, delete-orphan", passive_deletes=True
    )


class Question(Base):
    """One question, tied to one lever (``lever``: its key) and asked in the lever's display units
    within ``minimum``–``maximum``; or, when ``options`` is set, asking to rank those levers.
    ``text`` and ``translations`` are the wording from a workshop file; without them the catalogue's
    ``room.question.<lever>`` is asked."""

    __tablename__ = "questions"
    __table_args__ = (
        UniqueConstraint("room_id", "position"),
        CheckConstraint("minimum < maximum", name="range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("rooms.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    lever: Mapped[str] = mapped_column(String(40))
    # a ranking question orders these options (lever keys) instead of asking for one number
    options: Mapped[list[str] | None] = mapped_column(JSON(none_as_null=True))
    minimum: Mapped[float] = mapped_column(Float)
    maximum: Mapped[float] = mapped_column(Float)
    step: Mapped[float] = mapped_column(Float)
    text: Mapped[str | None] = mapped_column(String(TEXT_LENGTH))
    translations: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    room: Mapped[Room] = relationship(back_populates="questions")


class Round(Base):
    """A round of answers: open until ``closed_at`` is set. Round 2 asks the same questions again,
    showing round 1's distribution (Delphi)."""

    __tablename__ = "rounds"
    __table_args__ = (UniqueConstraint("room_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("rooms.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    opened_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    room: Mapped[Room] = relationship(back_populates="rounds")


class Participant(Base):
    """An anonymous participant: a random ``token`` their browser keeps, nothing about the person.

    ``window_start`` and ``window_count`` count their recent answers for the rate limit."""

    __tablename__ = "participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("rooms.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(String(43), unique=True)
    joined_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    window_start: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    window_count: Mapped[int] = mapped_column(Integer, default=0)

    room: Mapped[Room] = relationship(back_populates="participants")


class Answer(Base):
    """A participant's live answer to one question in one round: revising replaces it (one row per
    participant, question and round). ``confidence`` runs 1–5; a hidden reason stays stored but is
    shown to nobody."""

    __tablename__ = "answers"
    __table_args__ = (
        UniqueConstraint("participant_id", "question_id", "round_id"),
        CheckConstraint("confidence IS NULL OR (confidence BETWEEN 1 AND 5)", name="confidence"),
        CheckConstraint("(value IS NULL) <> (ranking IS NULL)", name="value_or_ranking"),
        Index("ix_answers_question_round", "question_id", "round_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    value: Mapped[float | None] = mapped_column(Float)  # an estimate question's answer
    ranking: Mapped[list[str] | None] = mapped_column(
        JSON(none_as_null=True)
    )  # a ranking question's answer, first = highest
    confidence: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(String(REASON_LENGTH))
    hidden: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
