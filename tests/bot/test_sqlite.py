"""The SQLite settings the project's databases share (bot/sqlite.py)."""

from bot.knowledge.database import create_kb_engine


def test_the_knowledge_base_reads_while_it_is_written(tmp_path):
    engine = create_kb_engine(f"sqlite:///{tmp_path / 'kb.db'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()
