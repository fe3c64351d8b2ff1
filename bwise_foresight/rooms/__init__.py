"""The live room: participants' phones feed the scenario (a real-time Delphi).

``db`` stores rooms (SQLite by default, PostgreSQL via ``BWISE_DATABASE_URL``, Alembic migrations),
``service`` holds what the pages do (open, join, answer, rounds, moderation, adopt), ``questions``
what a room asks, ``stats`` the distribution of answers and ``adopt`` turns them into a scenario.
None of it knows Streamlit.
"""

from .adopt import Provenance
from .db import Database, connect, database_url, shared
from .questions import QuestionSpec, Workshop, load_workshop, parse_workshop
from .service import Adoption, AnswerInfo, Opened, QuestionInfo, RoomError, RoomState
from .stats import Summary, convergence, histogram, kendall_w, summarize

__all__ = [
    "Adoption",
    "AnswerInfo",
    "Database",
    "Opened",
    "Provenance",
    "QuestionInfo",
    "QuestionSpec",
    "RoomError",
    "RoomState",
    "Summary",
    "Workshop",
    "connect",
    "convergence",
    "database_url",
    "histogram",
    "kendall_w",
    "load_workshop",
    "parse_workshop",
    "shared",
    "summarize",
]
