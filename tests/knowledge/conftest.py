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


@pytest.fixture(scope="session")
def loaded_sqlite_file(tmp_path_factory):
    """knowledge/ loaded once into a SQLite file, copied for each test that wants a loaded base."""
    path = tmp_path_factory.mktemp("kb-loaded") / "kb.db"
    engine = create_kb_engine(f"sqlite:///{path}")
    load_knowledge(engine)
    engine.dispose()  # the last connection closed: the write-ahead log is folded into the file
    return path


@pytest.fixture
def loaded(engine, kb_url, loaded_sqlite_file):
    """A KnowledgeBase over the real knowledge/ files (SQLite: a copy of a base loaded once)."""
    if kb_url.startswith("sqlite:///"):
        shutil.copyfile(loaded_sqlite_file, kb_url.removeprefix("sqlite:///"))
    else:
        load_knowledge(engine)
    return KnowledgeBase(engine)


@pytest.fixture
def knowledge_copy(tmp_path):
    """An editable copy of knowledge/."""
    target = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_DIRECTORY, target)
    return target
