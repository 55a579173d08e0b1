"""Items keep the questions advisors ask about them (knowledge/, field `questions`), for the search.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # batch: SQLite cannot alter a table in place; PostgreSQL gets a plain ALTER TABLE.
    with op.batch_alter_table("kb_items") as batch:
        batch.add_column(sa.Column("questions", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("kb_items") as batch:
        batch.drop_column("questions")
