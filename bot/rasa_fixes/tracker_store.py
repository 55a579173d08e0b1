"""The conversations' store: Rasa's SQL tracker store, given a full SQLAlchemy URL.

`endpoints.yml` names this class with `url: ${TRACKER_DB_URL}` (SQLite under
var/ by default, PostgreSQL in production). On top of Rasa's store, the pool
checks a connection before using it (`pool_pre_ping`), so a PostgreSQL
restart costs no message once the server is back. SQLite files are opened in
write-ahead-log mode: a turn's commit costs one sync instead of several, and
`make purge` or a reader never blocks the bot's writes.
"""

from __future__ import annotations

from typing import Any, Optional

import sqlalchemy as sa
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.domain import Domain


class ConversationStore(SQLTrackerStore):
    def __init__(
        self,
        domain: Optional[Domain] = None,
        host: Optional[str] = None,
        event_broker: Optional[EventBroker] = None,
        **kwargs: Any,
    ) -> None:
        if not host or "://" not in host:
            raise ValueError(
                "Stockage des conversations : TRACKER_DB_URL doit être une URL SQLAlchemy complète "
                "(sqlite:///var/tracker.db ou postgresql://utilisateur:motdepasse@hote:5432/base)."
            )
        # Rasa takes a full URL given as `host` as is, creates the tables, then we swap the engine.
        super().__init__(domain, host=host, event_broker=event_broker, **kwargs)
        self.engine.dispose()
        self.engine = sa.create_engine(host, pool_pre_ping=True, **create_engine_kwargs(host))
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _write_ahead_log)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)


def _write_ahead_log(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()
