"""What the project's SQLite databases (knowledge base, conversations) share."""

from __future__ import annotations

from typing import Any


def use_write_ahead_log(dbapi_connection: Any) -> None:
    """WAL: readers keep the last committed state while a writer writes (the bot answers while
    `kb load` puts new content in, or while another turn is saved)."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()
