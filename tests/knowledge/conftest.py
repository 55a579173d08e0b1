import shutil

import pytest

from bot.knowledge.database import create_kb_engine
from bot.knowledge.loader import DEFAULT_DIRECTORY, load_knowledge
from bot.knowledge.repository import KnowledgeBase


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.integration)])
def kb_url(request, tmp_path):
    """An empty knowledge database on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'kb.db'}"
    url = request.getfixturevalue("postgres_url")
    engine = create_kb_engine(url)
    from sqlalchemy import text

    from bot.knowledge.migrations import VERSION_TABLE
    from bot.knowledge.models import Base

    Base.metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.execute(text(f"DROP TABLE IF EXISTS {VERSION_TABLE}"))
    engine.dispose()
    return url


@pytest.fixture
def engine(kb_url):
    engine = create_kb_engine(kb_url)
    yield engine
    engine.dispose()


@pytest.fixture
def loaded(engine):
    """A KnowledgeBase over the real knowledge/ files."""
    load_knowledge(engine)
    return KnowledgeBase(engine)


@pytest.fixture
def knowledge_copy(tmp_path):
    """An editable copy of knowledge/."""
    target = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_DIRECTORY, target)
    return target
