"""Alembic's environment for the live room's tables: run from :func:`bwise_foresight.rooms.db.migrate`,
which hands over an open connection (``config.attributes["connection"]``)."""

from __future__ import annotations

from alembic import context

from bwise_foresight.rooms.models import Base

# Several app instances behind a load balancer may start at once: on PostgreSQL one migrates while
# the others wait on this advisory lock, then find nothing left to do.
LOCK = 4_201_014


def run() -> None:
    connection = context.config.attributes["connection"]
    postgres = connection.dialect.name == "postgresql"
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters a table by copying it
        compare_type=True,
    )
    with context.begin_transaction():
        if postgres:
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({LOCK})")
        context.run_migrations()


run()
