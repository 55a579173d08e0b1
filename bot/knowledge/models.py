"""Database tables of the knowledge base (SQLAlchemy 1.4, 2.0-style API).

Every item of every kind lives in `kb_items` (single-table inheritance: one
mapped class per kind, `kind` tells them apart); tags, their synonyms and the
links between items have tables of their own. `kb_meta` holds the version that
a running bot compares to know when to reload.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, Column, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import declarative_base, relationship

from bot.knowledge.schema import GLOSSARY

# Typed as Any: SQLAlchemy 1.4 has no types for declarative classes without its mypy plugin.
Base: Any = declarative_base()


class Tag(Base):
    __tablename__ = "kb_tags"

    id = Column(String(64), primary_key=True)
    facet = Column(String(32), nullable=False, index=True)
    label = Column(String(200), nullable=False)
    synonyms = relationship("TagSynonym", cascade="all, delete-orphan", order_by="TagSynonym.position")


class TagSynonym(Base):
    __tablename__ = "kb_tag_synonyms"

    tag_id = Column(String(64), ForeignKey("kb_tags.id", ondelete="CASCADE"), primary_key=True)
    synonym = Column(String(200), primary_key=True)
    position = Column(Integer, nullable=False)


class ItemTag(Base):
    __tablename__ = "kb_item_tags"

    item_id = Column(String(100), ForeignKey("kb_items.id", ondelete="CASCADE"), primary_key=True)
    tag_id = Column(String(64), ForeignKey("kb_tags.id", ondelete="CASCADE"), primary_key=True, index=True)


class Link(Base):
    """A reference from one item to another (`ressources`, `temoignages`, `solutions`…)."""

    __tablename__ = "kb_links"
    __table_args__ = (UniqueConstraint("source_id", "relation", "target_id"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    source_id = Column(String(100), ForeignKey("kb_items.id", ondelete="CASCADE"), nullable=False, index=True)
    relation = Column(String(32), nullable=False)
    target_id = Column(String(100), ForeignKey("kb_items.id", ondelete="CASCADE"), nullable=False)
    position = Column(Integer, nullable=False)


class Item(Base):
    __tablename__ = "kb_items"

    id = Column(String(100), primary_key=True)
    kind = Column(String(32), nullable=False, index=True)
    category = Column(String(64), index=True)
    parent_id = Column(String(100), ForeignKey("kb_items.id", ondelete="CASCADE"), index=True)
    position = Column(Integer, nullable=False)
    title = Column(Text, nullable=False)
    body = Column(Text, nullable=False)
    source_part = Column(Integer, nullable=False)
    source_page = Column(Integer, nullable=False)
    source_section = Column(Text, nullable=False)
    source_file = Column(String(100), nullable=False)
    # Kind-specific columns (NULL elsewhere).
    intent = Column(String(64), unique=True)
    guide_question = Column(Text)
    competences = Column(Text)
    stakes = Column(Text)
    service = Column(Text)
    context = Column(Text)
    author = Column(Text)
    author_role = Column(Text)
    structure = Column(Text)
    department = Column(Text)
    anonymous = Column(Boolean)
    origin = Column(Text)
    place = Column(Text)
    issue = Column(Text)
    publisher = Column(Text)
    url = Column(Text)
    long_form = Column(Text)
    variants = Column(JSON)
    outside_guide = Column(Boolean)
    # How advisors ask for the item (any kind): searched, never shown.
    questions = Column(JSON)

    tags = relationship("Tag", secondary="kb_item_tags", order_by="Tag.id", lazy="selectin")

    __mapper_args__ = {"polymorphic_on": kind, "polymorphic_identity": "item"}


def _kind(name: str, identity: str) -> type:
    return type(name, (Item,), {"__mapper_args__": {"polymorphic_identity": identity}})


# One class per kind of the guide, named for what it is.
Situation = _kind("Situation", "situation")
Step = _kind("Step", "etape")
EluFact = _kind("EluFact", "elu")
Level = _kind("Level", "echelon")
TerritoryProfile = _kind("TerritoryProfile", "territoire")
Blocker = _kind("Blocker", "frein")
Testimony = _kind("Testimony", "temoignage")
Project = _kind("Project", "projet")
ContextItem = _kind("ContextItem", "contexte")
RoadmapItem = _kind("RoadmapItem", "feuille-de-route")
Resource = _kind("Resource", "ressource")
GlossaryEntry = _kind("GlossaryEntry", GLOSSARY)

MODEL_BY_KIND = {cls.__mapper_args__["polymorphic_identity"]: cls for cls in Item.__subclasses__()}


class Meta(Base):
    """One row: the loaded content's version and hash, and the guide's citation template."""

    __tablename__ = "kb_meta"

    id = Column(Integer, primary_key=True)
    version = Column(Integer, nullable=False)
    content_hash = Column(String(64), nullable=False)
    loaded_at = Column(DateTime(timezone=True), nullable=False)
    source_template = Column(Text, nullable=False)
    guide_title = Column(Text, nullable=False)
