"""Where actions and commands get their `KnowledgeBase` (and its engine) from."""

from __future__ import annotations

from functools import lru_cache
from typing import Optional

from sqlalchemy.engine import Engine

from bot.knowledge.database import create_kb_engine
from bot.knowledge.repository import KnowledgeBase


def _default_url() -> str:
    from bot.settings import load_settings

    return load_settings().kb_database_url


@lru_cache(maxsize=4)
def _engine_for(url: str) -> Engine:
    return create_kb_engine(url)


@lru_cache(maxsize=4)
def _knowledge_base_for(url: str) -> KnowledgeBase:
    return KnowledgeBase(_engine_for(url))


def kb_engine(url: Optional[str] = None) -> Engine:
    """The shared engine for `url` (default: KB_DATABASE_URL); nothing connects until used."""
    return _engine_for(url or _default_url())


def get_knowledge_base(url: Optional[str] = None) -> KnowledgeBase:
    """The shared `KnowledgeBase` for `url` (default: KB_DATABASE_URL from the settings).

    Nothing connects until the first query.
    """
    return _knowledge_base_for(url or _default_url())
