"""A throw-away PostgreSQL server for tests, in a temporary folder, on a free port."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from pathlib import Path
from typing import Iterator

from bot.services.postgres import PostgresServer
from bot.stack import free_port


@contextlib.contextmanager
def temporary_postgres_server(database: str = "cap_elus_test") -> Iterator[PostgresServer]:
    """A started server with a fresh `database`; stopped and deleted afterwards."""
    root = Path(tempfile.mkdtemp(prefix="cap-elus-pg-"))
    root.chmod(0o755)  # as root, the server runs as `postgres`, which must reach its folder
    server = PostgresServer(root / "pg", free_port(), database)
    try:
        server.start()
        server.create_database()
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@contextlib.contextmanager
def temporary_postgres(database: str = "cap_elus_test") -> Iterator[str]:
    """The SQLAlchemy URL of a throw-away server's fresh database."""
    with temporary_postgres_server(database) as server:
        yield server.url
