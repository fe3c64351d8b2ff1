"""The live room's storage and rules, on SQLite always and on PostgreSQL when
``BWISE_TEST_POSTGRES_URL`` names a server (``.ci/run`` starts a throwaway one): each test gets a
database of its own, migrated by Alembic as the app does at start-up."""

from __future__ import annotations

import datetime as dt
import os
import secrets
import threading

import pytest
import yaml
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.engine import make_url

from bwise_foresight.rooms import service as rooms
from bwise_foresight.rooms.db import connect, database_url, migrate
from bwise_foresight.rooms.models import Answer, Base, Participant, Question, Round
from bwise_foresight.rooms.questions import QuestionSpec
from bwise_foresight.rooms.service import RoomError
from bwise_foresight.scenario import Range, Scenario

T0 = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
POSTGRES = os.environ.get("BWISE_TEST_POSTGRES_URL")


def _postgres_database(server: str):
    """A new empty database on the test server, and a function that drops it."""
    name = f"bwise_test_{secrets.token_hex(6)}"
    admin = create_engine(database_url({"BWISE_DATABASE_URL": server}), isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    url = make_url(database_url({"BWISE_DATABASE_URL": server})).set(database=name)
    return url.render_as_string(hide_password=False), drop


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path):
    if request.param == "sqlite":
        database = connect(f"sqlite:///{tmp_path / 'rooms.sqlite3'}")
        yield database
        database.engine.dispose()
        return
    if not POSTGRES:
        pytest.skip("BWISE_TEST_POSTGRES_URL is not set (.ci/run starts a PostgreSQL and sets it)")
    url, drop = _postgres_database(POSTGRES)
    database = connect(url)
    yield database
    database.engine.dispose()
    drop()


@pytest.fixture
def room(db, base_scenario):
    opened = rooms.open_room(
        db,
        title="Automation workshop",
        scenario=base_scenario,
        questions=[QuestionSpec.of_lever("mid"), QuestionSpec.of_lever("ceil")],
        now=T0,
    )
    return opened


def _question(db, code: str, lever: str) -> rooms.QuestionInfo:
    return next(q for q in rooms.room_state(db, code, now=T0).questions if q.lever == lever)


# --- storage ---------------------------------------------------------------------------------------


def test_the_migrations_make_exactly_the_tables_the_models_describe(db):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
    assert set(inspect(db.engine).get_table_names()) >= {"rooms", "questions", "rounds", "participants", "answers"}


def test_migrating_again_changes_nothing(db):
    migrate(db)
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0001"


def test_sqlite_runs_in_write_ahead_log_mode_with_foreign_keys(tmp_path):
    db = connect(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    db.engine.dispose()


def test_the_database_is_configured_by_one_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert database_url({}) == f"sqlite:///{tmp_path}/bwise-foresight/rooms.sqlite3"
    assert database_url({"BWISE_DATABASE_URL": "postgresql://u:p@db/rooms"}) == "postgresql+psycopg://u:p@db/rooms"
    assert database_url({"BWISE_DATABASE_URL": "sqlite:////srv/rooms.db"}) == "sqlite:////srv/rooms.db"


def test_nothing_is_lost_when_the_app_restarts_mid_round(tmp_path, base_scenario):
    url = f"sqlite:///{tmp_path / 'rooms.sqlite3'}"
    first = connect(url)
    opened = rooms.open_room(first, title="t", scenario=base_scenario, questions=[QuestionSpec.of_lever("mid")], now=T0)
    person = rooms.join(first, opened.code, now=T0)
    q = rooms.room_state(first, opened.code, now=T0).questions[0]
    rooms.answer(first, opened.code, person, q.id, value=2035, reason="robots are cheap", now=T0)
    first.engine.dispose()  # the process ends

    second = connect(url)
    (kept,) = rooms.answers(second, opened.code, now=T0)
    assert (kept.value, kept.reason) == (2035, "robots are cheap")
    rooms.answer(second, opened.code, person, q.id, value=2040, now=T0)  # the participant goes on where they were
    assert [a.value for a in rooms.answers(second, opened.code, now=T0)] == [2040]
    second.engine.dispose()


# --- rooms and codes -------------------------------------------------------------------------------


def test_a_room_has_a_short_unguessable_code_and_a_hashed_token(db, room):
    assert len(room.code) == 8 and set(room.code) <= set(rooms.ALPHABET)
    assert len(room.token) >= 40
    with db.reading() as session:
        stored = session.execute(text("SELECT token_hash FROM rooms")).scalar_one()
    assert room.token not in stored and len(stored) == 64
    state = rooms.room_state(db, room.code.lower()[:4] + "-" + room.code.lower()[4:], now=T0)  # as typed
    assert (state.round, state.open, [q.lever for q in state.questions]) == (1, True, ["mid", "ceil"])


def test_an_unknown_code_is_refused_with_the_code_named(db, room):
    with pytest.raises(RoomError, match="No room with the code ZZZZZZZZ"):
        rooms.join(db, "zzzz zzzz", now=T0)


def test_questions_are_asked_in_the_levers_units_and_words(db, room):
    from bwise_foresight.i18n import Translator

    mid = _question(db, room.code, "mid")
    assert (mid.minimum, mid.maximum, mid.step) == (2025, 2050, 1)
    assert mid.wording() == "By which year will automation reach half of its potential in WISEs?"
    assert mid.unit() == "Automation midpoint (year)"
    assert mid.wording(Translator("nl")) != mid.wording()


def test_questions_are_added_after_the_others(db, room):
    rooms.add_questions(db, room.code, room.token, [QuestionSpec.of_lever("growth")], now=T0)
    assert [q.lever for q in rooms.room_state(db, room.code, now=T0).questions] == ["mid", "ceil", "growth"]
    with pytest.raises(RoomError, match="facilitator"):
        rooms.add_questions(db, room.code, "not the token", [QuestionSpec.of_lever("ai")], now=T0)


# --- answering -------------------------------------------------------------------------------------


def test_an_answer_is_revised_not_added(db, room):
    person = rooms.join(db, room.code, now=T0)
    mid = _question(db, room.code, "mid")
    rooms.answer(db, room.code, person, mid.id, value=2030, confidence=2, reason="first thought", now=T0)
    later = T0 + dt.timedelta(seconds=30)
    rooms.answer(db, room.code, person, mid.id, value=2038, confidence=4, now=later)
    (only,) = rooms.answers(db, room.code, now=later)
    assert (only.value, only.confidence, only.reason, only.updated_at) == (2038, 4, None, later)
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Answer)) == 1


def test_the_database_itself_refuses_a_second_live_answer(db, room):
    from sqlalchemy.exc import IntegrityError

    person = rooms.join(db, room.code, now=T0)
    mid = _question(db, room.code, "mid")
    rooms.answer(db, room.code, person, mid.id, value=2030, now=T0)
    with pytest.raises(IntegrityError), db.writing() as session:
        first = session.scalars(select(Answer)).one()
        session.add(
            Answer(
                participant_id=first.participant_id,
                question_id=first.question_id,
                round_id=first.round_id,
                value=2031,
                hidden=False,
                created_at=T0,
                updated_at=T0,
            )
        )


def test_an_answer_outside_the_range_is_refused_naming_the_range_and_unit(db, room):
    person = rooms.join(db, room.code, now=T0)
    mid, ceil = _question(db, room.code, "mid"), _question(db, room.code, "ceil")
    with pytest.raises(RoomError) as caught:
        rooms.answer(db, room.code, person, mid.id, value=2060, now=T0)
    assert str(caught.value) == "2060 is outside this question's range: from 2025 to 2050 (Automation midpoint (year))."
    with pytest.raises(RoomError, match=r"from 0 to 100 \(Share of exposed tasks automated by saturation \(%\)\)"):
        rooms.answer(db, room.code, person, ceil.id, value=0.5 - 1, now=T0)
    for bad in (float("nan"), None):
        with pytest.raises(RoomError, match="Enter a number"):
            rooms.answer(db, room.code, person, mid.id, value=bad, now=T0)
    assert rooms.answers(db, room.code, now=T0) == []


def test_confidence_and_reason_are_checked(db, room):
    person = rooms.join(db, room.code, now=T0)
    mid = _question(db, room.code, "mid")
    with pytest.raises(RoomError, match="Confidence runs from 1"):
        rooms.answer(db, room.code, person, mid.id, value=2030, confidence=6, now=T0)
    with pytest.raises(RoomError, match="one line"):
        rooms.answer(db, room.code, person, mid.id, value=2030, reason="a\nb", now=T0)
    with pytest.raises(RoomError, match="at most 200 characters"):
        rooms.answer(db, room.code, person, mid.id, value=2030, reason="x" * 201, now=T0)
    rooms.answer(db, room.code, person, mid.id, value=2030, reason="  <b>robots</b> **now**  ", now=T0)
    assert rooms.answers(db, room.code, now=T0)[0].reason == "<b>robots</b> **now**"  # stored as the text it is


def test_a_participant_cannot_flood_the_room(db, room):
    person = rooms.join(db, room.code, now=T0)
    mid = _question(db, room.code, "mid")
    for i in range(rooms.RATE_MAX):
        rooms.answer(db, room.code, person, mid.id, value=2030 + i % 10, now=T0 + dt.timedelta(seconds=i))
    with pytest.raises(RoomError, match=r"at most 30 a minute\): try again in 31 s"):
        rooms.answer(db, room.code, person, mid.id, value=2040, now=T0 + dt.timedelta(seconds=30))
    rooms.answer(db, room.code, person, mid.id, value=2041, now=T0 + dt.timedelta(seconds=61))
    assert [a.value for a in rooms.answers(db, room.code, now=T0)] == [2041]
    other = rooms.join(db, room.code, now=T0)  # the limit is per participant
    rooms.answer(db, room.code, other, mid.id, value=2033, now=T0 + dt.timedelta(seconds=30))


def test_a_room_takes_a_limited_number_of_participants(db, room, monkeypatch):
    monkeypatch.setattr(rooms, "MAX_PARTICIPANTS", 3)
    for _ in range(3):
        rooms.join(db, room.code, now=T0)
    with pytest.raises(RoomError, match=r"This room is full \(3 participants\)"):
        rooms.join(db, room.code, now=T0)
    assert rooms.participants(db, room.code, now=T0) == 3


def test_only_a_participant_of_this_room_answers_its_questions(db, room, base_scenario):
    elsewhere = rooms.open_room(db, title="other", scenario=base_scenario, questions=[QuestionSpec.of_lever("ai")])
    stranger = rooms.join(db, elsewhere.code, now=T0)
    mid = _question(db, room.code, "mid")
    with pytest.raises(RoomError, match="not a participant"):
        rooms.answer(db, room.code, stranger, mid.id, value=2030, now=T0)
    person = rooms.join(db, room.code, now=T0)
    other_question = rooms.room_state(db, elsewhere.code).questions[0]
    with pytest.raises(RoomError, match="not in this room"):
        rooms.answer(db, room.code, person, other_question.id, value=50, now=T0)


def test_concurrent_answers_are_all_kept(db, room):
    mid = _question(db, room.code, "mid")
    people = [rooms.join(db, room.code, now=T0) for _ in range(12)]
    failures: list[BaseException] = []

    def send(i: int, token: str) -> None:
        try:
            for value in (2030 + i, 2031 + i):  # an answer and its revision
                rooms.answer(db, room.code, token, mid.id, value=value, now=T0)
        except BaseException as exc:  # pragma: no cover - reported below
            failures.append(exc)

    threads = [threading.Thread(target=send, args=(i, t)) for i, t in enumerate(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert sorted(a.value for a in rooms.answers(db, room.code, now=T0)) == [2031 + i for i in range(12)]


# --- rounds ----------------------------------------------------------------------------------------


def test_round_two_starts_empty_and_round_one_stays(db, room):
    person = rooms.join(db, room.code, now=T0)
    mid = _question(db, room.code, "mid")
    rooms.answer(db, room.code, person, mid.id, value=2030, now=T0)
    assert rooms.close_round(db, room.code, room.token, now=T0) == 1
    with pytest.raises(RoomError, match="Round 1 is closed"):
        rooms.answer(db, room.code, person, mid.id, value=2031, now=T0)
    assert rooms.open_round(db, room.code, room.token, now=T0) == 2
    state = rooms.room_state(db, room.code, now=T0)
    assert (state.round, state.open) == (2, True)
    assert rooms.answers(db, room.code, now=T0) == []
    rooms.answer(db, room.code, person, mid.id, value=2034, now=T0)
    assert [a.value for a in rooms.answers(db, room.code, round_number=1, now=T0)] == [2030]
    assert [a.value for a in rooms.answers(db, room.code, round_number=2, now=T0)] == [2034]
    assert [a.value for a in rooms.answers(db, room.code, participant=person, now=T0)] == [2034]
    with pytest.raises(RoomError, match="no round 3"):
        rooms.answers(db, room.code, round_number=3, now=T0)


def test_facilitator_actions_need_the_token(db, room):
    person = rooms.join(db, room.code, now=T0)
    mid = _question(db, room.code, "mid")
    rooms.answer(db, room.code, person, mid.id, value=2030, reason="spam", now=T0)
    (mine,) = rooms.answers(db, room.code, now=T0)
    for action in (
        lambda token: rooms.close_round(db, room.code, token, now=T0),
        lambda token: rooms.open_round(db, room.code, token, now=T0),
        lambda token: rooms.hide_reason(db, room.code, token, mine.id, now=T0),
        lambda token: rooms.adopt(db, room.code, token, now=T0),
        lambda token: rooms.delete_room(db, room.code, token, now=T0),
    ):
        for wrong in (person, room.token[:-1], ""):
            with pytest.raises(RoomError, match="Only the room's facilitator"):
                action(wrong)
    assert rooms.is_facilitator(db, room.code, room.token, now=T0)
    assert not rooms.is_facilitator(db, room.code, person, now=T0)
    assert rooms.room_state(db, room.code, now=T0).open


def test_a_hidden_reason_stays_hidden_when_revised(db, room):
    person = rooms.join(db, room.code, now=T0)
    mid = _question(db, room.code, "mid")
    rooms.answer(db, room.code, person, mid.id, value=2030, reason="rude words", now=T0)
    (mine,) = rooms.answers(db, room.code, now=T0)
    rooms.hide_reason(db, room.code, room.token, mine.id, now=T0)
    rooms.answer(db, room.code, person, mid.id, value=2031, reason="more rude words", now=T0)
    assert rooms.answers(db, room.code, now=T0)[0].hidden
    rooms.hide_reason(db, room.code, room.token, mine.id, hidden=False, now=T0)
    assert not rooms.answers(db, room.code, now=T0)[0].hidden
    with pytest.raises(RoomError, match="not in this room"):
        rooms.hide_reason(db, room.code, room.token, mine.id + 1000, now=T0)


# --- ranking ---------------------------------------------------------------------------------------


def test_a_ranking_question_takes_a_complete_order(db, base_scenario):
    options = ["up_digital", "up_green", "up_social"]
    opened = rooms.open_room(db, title="r", scenario=base_scenario, questions=[QuestionSpec.ranking(options)], now=T0)
    (q,) = rooms.room_state(db, opened.code, now=T0).questions
    assert q.ranking and q.wording() == "Put these in order, the one that will change most first."
    person = rooms.join(db, opened.code, now=T0)
    for bad in (options[:2], [*options[:2], options[0]], None):
        with pytest.raises(RoomError, match="Put all 3 items in order"):
            rooms.answer(db, opened.code, person, q.id, ranking=bad, now=T0)
    rooms.answer(db, opened.code, person, q.id, ranking=list(reversed(options)), now=T0)
    assert rooms.answers(db, opened.code, now=T0)[0].ranking == tuple(reversed(options))


# --- deleting and expiring -------------------------------------------------------------------------


def _rows(db) -> dict[str, int]:
    with db.reading() as session:
        return {
            m.__tablename__: session.scalar(select(func.count()).select_from(m))
            for m in (Question, Round, Participant, Answer)
        }


def test_deleting_a_room_deletes_everything_it_holds(db, room, base_scenario):
    keep = rooms.open_room(db, title="keep", scenario=base_scenario, questions=[QuestionSpec.of_lever("ai")], now=T0)
    for code in (room.code, keep.code):
        person = rooms.join(db, code, now=T0)
        q = rooms.room_state(db, code, now=T0).questions[0]
        rooms.answer(db, code, person, q.id, value=q.minimum, now=T0)
    rooms.delete_room(db, room.code, room.token, now=T0)
    assert _rows(db) == {"questions": 1, "rounds": 1, "participants": 1, "answers": 1}
    with pytest.raises(RoomError, match="No room"):
        rooms.room_state(db, room.code, now=T0)


def test_the_database_cascades_a_plain_delete_too(db, room):
    person = rooms.join(db, room.code, now=T0)
    rooms.answer(db, room.code, person, _question(db, room.code, "mid").id, value=2030, now=T0)
    with db.writing() as session:
        session.execute(text("DELETE FROM rooms"))
    assert _rows(db) == {"questions": 0, "rounds": 0, "participants": 0, "answers": 0}


def test_rooms_expire(db, room, base_scenario):
    later = rooms.open_room(db, title="later", scenario=base_scenario, now=T0 + dt.timedelta(days=3))
    end = T0 + rooms.LIFETIME
    with pytest.raises(RoomError, match="has ended"):
        rooms.join(db, room.code, now=end)
    assert rooms.expire_rooms(db, now=end) == 1
    assert rooms.room_state(db, later.code, now=end).title == "later"


# --- adopting --------------------------------------------------------------------------------------


def _answer_all(db, code: str, lever: str, values: list[float]) -> None:
    q = _question(db, code, lever)
    for value in values:
        rooms.answer(db, code, rooms.join(db, code, now=T0), q.id, value=value, now=T0)


def test_adopting_makes_the_median_the_mode_and_p10_p90_the_range(db, room, base_scenario):
    _answer_all(db, room.code, "mid", [2030, 2032, 2035, 2036, 2045])
    _answer_all(db, room.code, "ceil", [40, 40, 40])  # agreement: one number
    adoption = rooms.adopt(db, room.code, room.token, now=T0)
    automation = adoption.scenario.automation
    assert automation.midpoint_year == Range(low=2030.8, mode=2035.0, high=2041.4)
    assert automation.ceiling == 0.4  # display % -> scenario share
    assert automation.substitution == base_scenario.automation.substitution  # not asked: as it was
    p = adoption.provenance
    assert (p.code, p.round, p.rounds, p.answers, p.questions) == (room.code, 1, 1, 8, 2)
    assert room.code in adoption.scenario.title and room.code in adoption.scenario.description
    assert adoption.scenario.date == T0.date() and adoption.scenario.id == f"room-{room.code.lower()}"
    # the YAML reads back to the same scenario, headed by its provenance
    assert adoption.yaml.startswith(f"# Adopted from live room {room.code} on 2026-11-30")
    assert Scenario.from_dict(yaml.safe_load(adoption.yaml)).to_dict() == adoption.scenario.to_dict()


def test_adopting_with_quartiles(db, room):
    _answer_all(db, room.code, "mid", [2030, 2032, 2035, 2036, 2045])
    adoption = rooms.adopt(db, room.code, room.token, spread="iqr", now=T0)
    assert adoption.scenario.automation.midpoint_year == Range(low=2032.0, mode=2035.0, high=2036.0)
    assert "quartiles" in adoption.scenario.description


def test_adopting_an_empty_round_says_so(db, room):
    with pytest.raises(RoomError, match="Round 1 has no answers to adopt yet"):
        rooms.adopt(db, room.code, room.token, now=T0)


def test_a_scenario_adopted_from_a_room_carries_the_rooms_answers_in_its_export_pack(
    tmp_path, baseline, base_scenario, chromium
):
    import io
    import json
    import zipfile

    from bwise_foresight.exports import export_pack, figure_to_image_bytes
    from bwise_foresight.rooms.export import pack_members

    db = connect(f"sqlite:///{tmp_path / 'rooms.sqlite3'}")
    opened = rooms.open_room(db, title="Pack room", scenario=base_scenario, questions=[QuestionSpec.of_lever("mid")])
    mid = rooms.room_state(db, opened.code).questions[0]
    for value in (2030, 2034, 2041):
        rooms.answer(db, opened.code, rooms.join(db, opened.code), mid.id, value=value)
    adoption = rooms.adopt(db, opened.code, opened.token)
    members = pack_members(db, opened.code, render=figure_to_image_bytes)
    assert set(members) == {"room/answers.csv", "room/question1_round1.png", "room/room.pptx"}
    pack = zipfile.ZipFile(io.BytesIO(export_pack(adoption.scenario, baseline, extra_files=members)))
    answers = pack.read("room/answers.csv").decode("utf-8-sig").splitlines()
    assert len(answers) == 4 and [row.split(",")[6] for row in answers[1:]] == ["2030", "2034", "2041"]
    manifest = json.loads(pack.read("manifest.json"))
    assert {"room/answers.csv", "room/room.pptx", "scenario.yaml"} <= set(manifest["files"])
    db.engine.dispose()
