"""Where the live room keeps its data: an embedded SQLite file by default, PostgreSQL when
``BWISE_DATABASE_URL`` names one, its tables brought up to date by Alembic when the app starts.

SQLite needs no set-up and runs in write-ahead-log mode (readers never wait for the writer; a
commit is on disk before it returns, so a restart mid-round loses nothing). PostgreSQL serves
several app instances behind a load balancer.
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

URL_VARIABLE = "BWISE_DATABASE_URL"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 10_000  # how long an SQLite writer waits for another one before giving up


def default_path() -> Path:
    """The SQLite file used when nothing is configured: in the user's data folder
    (``$XDG_DATA_HOME/bwise-foresight``, else ``~/.local/share/bwise-foresight``), outside the repository."""
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "bwise-foresight" / "rooms.sqlite3"


def database_url(environ: dict[str, str] | None = None) -> str:
    """The database to use: ``BWISE_DATABASE_URL`` when set (``postgresql://…`` is read with psycopg 3,
    ``sqlite:///path`` is a file), else the default SQLite file."""
    environ = dict(os.environ) if environ is None else environ
    url = environ.get(URL_VARIABLE, "").strip()
    if not url:
        return f"sqlite:///{default_path()}"
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain) :]
    return url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite's own transaction handling is switched off: SQLAlchemy's "begin" event below says
    # BEGIN itself, IMMEDIATE for writers, so two writers queue (busy timeout) instead of one failing
    # with "database is locked" when its read lock cannot be upgraded.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in ("journal_mode=WAL", "foreign_keys=ON", f"busy_timeout={BUSY_TIMEOUT_MS}", "synchronous=FULL"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    immediate = connection.get_execution_options().get("writing", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@dataclass(frozen=True)
class Database:
    """An engine and the two kinds of session the room's functions use: :meth:`reading` and :meth:`writing`."""

    engine: Engine

    @functools.cached_property
    def _readers(self) -> sessionmaker[Session]:
        return sessionmaker(self.engine, expire_on_commit=False)

    @functools.cached_property
    def _writers(self) -> sessionmaker[Session]:
        return sessionmaker(self.engine.execution_options(writing=True), expire_on_commit=False)

    @contextlib.contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reading: rolled back at the end."""
        with self._readers() as session, session.begin():
            yield session
            session.rollback()

    @contextlib.contextmanager
    def writing(self) -> Iterator[Session]:
        """A session that writes: committed at the end, rolled back on an error."""
        with self._writers() as session, session.begin():
            yield session

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name


def connect(url: str | None = None, *, migrate_now: bool = True) -> Database:
    """A :class:`Database` for ``url`` (default :func:`database_url`), its tables migrated to the newest
    version unless ``migrate_now`` is false. An SQLite file's folder is created."""
    url = url or database_url()
    parsed = make_url(url)
    options: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    else:
        options = {"pool_pre_ping": True, "pool_size": 10, "max_overflow": 20}
        engine = create_engine(url, **options)
    db = Database(engine)
    if migrate_now:
        migrate(db)
    return db


def alembic_config(db: Database) -> Any:
    """Alembic's configuration for our migrations, built in code (no alembic.ini to find)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    return config


def migrate(db: Database, revision: str = "head") -> None:
    """Bring the tables to ``revision`` (default the newest): what the app does at start-up."""
    from alembic import command

    config = alembic_config(db)
    with db.engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        connection.commit()


@functools.cache
def shared(url: str | None = None) -> Database:
    """One migrated :class:`Database` per URL for the whole process (the app's sessions share its pool)."""
    return connect(url)
