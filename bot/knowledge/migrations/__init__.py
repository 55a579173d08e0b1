"""Schema migrations of the knowledge base (Alembic), run by `kb load` and `make run`.

A change to bot/knowledge/models.py comes with a new file in versions/ (`python -m bot kb
revision "ce qui change"` writes its skeleton from the difference); tests/knowledge/
test_migrations.py fails while the models and the migrations disagree. A base created before
the migrations existed (by `create_all`) is recognised and stamped at the first revision,
whose schema is exactly the one `create_all` made, then upgraded like any other.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

HERE = Path(__file__).resolve().parent
VERSION_TABLE = "kb_alembic_version"
FIRST_REVISION = "0001"
# A base made by create_all before the migrations existed has this table and no version table.
LEGACY_MARKER_TABLE = "kb_items"
# pg_advisory_xact_lock key of the knowledge base's migrations (any constant the project does not reuse).
ADVISORY_LOCK_KEY = 0x6B62_6D69  # "kbmi"


def knowledge_base_name(name: Optional[str], type_: str, parent_names: object) -> bool:
    """Alembic's `include_name`: the knowledge base's tables only (kb_…); a database shared with the
    conversations' store (one PostgreSQL for both) keeps its `events` table out of every comparison."""
    return type_ != "table" or bool(name and name.startswith("kb_"))


def compare_options() -> dict:
    return {"version_table": VERSION_TABLE, "include_name": knowledge_base_name}


def config(connection: Optional[Connection] = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head() -> Optional[str]:
    return ScriptDirectory.from_config(config()).get_current_head()


def current_revision(engine: Engine) -> Optional[str]:
    with engine.connect() as connection:
        return MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE}).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Brings the base to `revision` (default: the newest), in one transaction per migration run."""
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Two servers starting together (a cluster) upgrade one after the other.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
        tables = set(inspect(connection).get_table_names())
        if LEGACY_MARKER_TABLE in tables and VERSION_TABLE not in tables:
            command.stamp(config(connection), FIRST_REVISION)
        command.upgrade(config(connection), revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Takes the base back to `revision` ("base": no table of the knowledge base left)."""
    with engine.begin() as connection:
        command.downgrade(config(connection), revision)


def write_revision(message: str) -> Optional[Path]:
    """Writes versions/NNNN_….py from what the models have and the newest migration lacks.

    The difference is taken on a throw-away SQLite base brought to the newest revision; the
    file is a skeleton to read and complete. None when models and migrations agree.
    """
    import tempfile

    from alembic.autogenerate import compare_metadata

    from bot.knowledge.database import create_kb_engine
    from bot.knowledge.models import Base

    with tempfile.TemporaryDirectory() as directory:
        engine = create_kb_engine(f"sqlite:///{directory}/kb.db")
        try:
            upgrade(engine)
            with engine.begin() as connection:
                context = MigrationContext.configure(connection, opts=compare_options())
                if not compare_metadata(context, Base.metadata):
                    return None
                current = head()
                rev_id = f"{int(current or 0) + 1:04d}"
                script = command.revision(config(connection), message, autogenerate=True, rev_id=rev_id)
        finally:
            engine.dispose()
    written = script[0] if isinstance(script, list) else script
    return Path(written.path) if written is not None else None
