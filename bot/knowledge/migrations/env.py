"""Alembic's entry point for the knowledge base: runs the migrations on the connection it is given.

`bot.knowledge.migrations.upgrade` hands over an open connection (config.attributes["connection"]);
nothing here reads a URL or a file of settings.
"""

from __future__ import annotations

from alembic import context

from bot.knowledge.migrations import VERSION_TABLE, knowledge_base_name
from bot.knowledge.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    version_table=VERSION_TABLE,
    include_name=knowledge_base_name,
    # SQLite cannot ALTER most things: Alembic's batch mode copies the table instead.
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
