"""The knowledge base as `create_all` made it before migrations: items, tags, links, meta.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kb_items",
        sa.Column("id", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=True),
        sa.Column("parent_id", sa.String(length=100), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("source_part", sa.Integer(), nullable=False),
        sa.Column("source_page", sa.Integer(), nullable=False),
        sa.Column("source_section", sa.Text(), nullable=False),
        sa.Column("source_file", sa.String(length=100), nullable=False),
        sa.Column("intent", sa.String(length=64), nullable=True),
        sa.Column("guide_question", sa.Text(), nullable=True),
        sa.Column("competences", sa.Text(), nullable=True),
        sa.Column("stakes", sa.Text(), nullable=True),
        sa.Column("service", sa.Text(), nullable=True),
        sa.Column("context", sa.Text(), nullable=True),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("author_role", sa.Text(), nullable=True),
        sa.Column("structure", sa.Text(), nullable=True),
        sa.Column("department", sa.Text(), nullable=True),
        sa.Column("anonymous", sa.Boolean(), nullable=True),
        sa.Column("origin", sa.Text(), nullable=True),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("issue", sa.Text(), nullable=True),
        sa.Column("publisher", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("long_form", sa.Text(), nullable=True),
        sa.Column("variants", sa.JSON(), nullable=True),
        sa.Column("outside_guide", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(["parent_id"], ["kb_items.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("intent"),
    )
    op.create_index("ix_kb_items_category", "kb_items", ["category"])
    op.create_index("ix_kb_items_kind", "kb_items", ["kind"])
    op.create_index("ix_kb_items_parent_id", "kb_items", ["parent_id"])

    op.create_table(
        "kb_meta",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source_template", sa.Text(), nullable=False),
        sa.Column("guide_title", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )

    op.create_table(
        "kb_tags",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("facet", sa.String(length=32), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_kb_tags_facet", "kb_tags", ["facet"])

    op.create_table(
        "kb_item_tags",
        sa.Column("item_id", sa.String(length=100), nullable=False),
        sa.Column("tag_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["kb_items.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tag_id"], ["kb_tags.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("item_id", "tag_id"),
    )
    op.create_index("ix_kb_item_tags_tag_id", "kb_item_tags", ["tag_id"])

    op.create_table(
        "kb_links",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source_id", sa.String(length=100), nullable=False),
        sa.Column("relation", sa.String(length=32), nullable=False),
        sa.Column("target_id", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["source_id"], ["kb_items.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["target_id"], ["kb_items.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source_id", "relation", "target_id"),
    )
    op.create_index("ix_kb_links_source_id", "kb_links", ["source_id"])

    op.create_table(
        "kb_tag_synonyms",
        sa.Column("tag_id", sa.String(length=64), nullable=False),
        sa.Column("synonym", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["tag_id"], ["kb_tags.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tag_id", "synonym"),
    )


def downgrade() -> None:
    for table in ("kb_tag_synonyms", "kb_links", "kb_item_tags", "kb_tags", "kb_meta", "kb_items"):
        op.drop_table(table)
