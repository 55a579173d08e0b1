"""A knowledge base upgrades through the migrations, on SQLite and PostgreSQL, and keeps its content."""

from datetime import datetime, timezone

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from bot.knowledge import migrations
from bot.knowledge.loader import load_knowledge
from bot.knowledge.models import Base
from bot.knowledge.repository import KnowledgeBase

KB_TABLES = {"kb_items", "kb_tags", "kb_tag_synonyms", "kb_item_tags", "kb_links", "kb_meta"}


def kb_tables(engine):
    return set(inspect(engine).get_table_names()) & KB_TABLES


def test_the_migrations_build_exactly_the_tables_of_the_models(engine):
    # A table of another store in the same database (PostgreSQL shared with the conversations).
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY)"))
    migrations.upgrade(engine)
    with engine.connect() as connection:
        differences = compare_metadata(
            MigrationContext.configure(connection, opts=migrations.compare_options()), Base.metadata
        )
    assert differences == [], (
        "bot/knowledge/models.py et les migrations divergent : ajoutez une migration "
        f'(python -m bot kb revision "…") : {differences}'
    )
    assert migrations.current_revision(engine) == migrations.head()


def fill_at_first_revision(engine) -> None:
    """Rows as the first revision's tables take them, written without today's models."""
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO kb_meta (id, version, content_hash, loaded_at, source_template, guide_title) "
                "VALUES (1, 7, 'empreinte', :now, 'Guide, p. {page}', 'Guide')"
            ),
            {"now": datetime.now(timezone.utc)},
        )
        connection.execute(text("INSERT INTO kb_tags (id, facet, label) VALUES ('rural', 'territoire', 'Rural')"))
        connection.execute(
            text(
                "INSERT INTO kb_items (id, kind, position, title, body, source_part, source_page, source_section, "
                "source_file, long_form) VALUES ('sigle-epci', 'sigle', 1, 'EPCI', 'Une intercommunalité.', 1, 12, "
                "'Les échelons', 'glossaire.yml', 'Établissement public de coopération intercommunale')"
            )
        )
        connection.execute(text("INSERT INTO kb_item_tags (item_id, tag_id) VALUES ('sigle-epci', 'rural')"))


def test_a_base_created_at_the_first_revision_upgrades_and_reads_back(engine):
    migrations.upgrade(engine, migrations.FIRST_REVISION)
    assert migrations.current_revision(engine) == migrations.FIRST_REVISION
    fill_at_first_revision(engine)
    migrations.upgrade(engine)
    assert migrations.current_revision(engine) == migrations.head()
    item = KnowledgeBase(engine).item("sigle-epci")
    assert (item.title, item.body, item.tags) == ("EPCI", "Une intercommunalité.", ("rural",))
    assert KnowledgeBase(engine).stats()["version"] == 7


def test_a_base_made_before_the_migrations_is_recognised_and_upgraded(engine):
    # What `kb load` did before migrations: create_all with the models of then (the first revision's
    # tables, with no alembic_version), then the content.
    migrations.upgrade(engine, migrations.FIRST_REVISION)
    with engine.begin() as connection:
        connection.execute(text(f"DROP TABLE {migrations.VERSION_TABLE}"))
    fill_at_first_revision(engine)
    load_knowledge(engine)
    assert migrations.current_revision(engine) == migrations.head()
    kb = KnowledgeBase(engine)
    assert kb.stats()["version"] == 8  # the old content was replaced by a new version, not lost in a crash
    assert kb.situation("situation_no_contact") is not None


def test_the_migrations_go_back_down_to_an_empty_base(engine):
    migrations.upgrade(engine)
    assert kb_tables(engine) == KB_TABLES
    migrations.downgrade(engine, "base")
    assert kb_tables(engine) == set()
    assert migrations.current_revision(engine) is None


def test_loading_twice_keeps_one_revision_and_one_version(engine):
    load_knowledge(engine)
    load_knowledge(engine)
    assert migrations.current_revision(engine) == migrations.head()
    assert KnowledgeBase(engine).stats()["version"] == 1
