"""Engines for the knowledge base: SQLite by default, any SQLAlchemy URL otherwise."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url

from bot.settings import absolute_sqlite_url
from bot.sqlite import use_write_ahead_log


def create_kb_engine(url: str) -> Engine:
    """An engine for `url`; a relative SQLite path is taken from the project root.

    Creating the engine opens no connection: the first query does.
    """
    parsed = make_url(absolute_sqlite_url(url))
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, future=True, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(parsed, future=True, pool_pre_ping=True)


def _sqlite_pragmas(connection, _record) -> None:
    use_write_ahead_log(connection)
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
