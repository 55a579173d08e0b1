"""The conversations' store: Rasa's SQL tracker store, given a full SQLAlchemy URL.

`endpoints.yml` names this class with `url: ${TRACKER_DB_URL}` (SQLite under
var/ by default, PostgreSQL in production). On top of Rasa's store, the pool
checks a connection before using it (`pool_pre_ping`), so a PostgreSQL
restart costs no message once the server is back. SQLite files are opened in
write-ahead-log mode: a turn's commit costs one sync instead of several, and
`make purge` or a reader never blocks the bot's writes.

Saving a turn, stock Rasa first counts with an SQL query the events already
stored for the conversation, to write only the new ones (about 5 ms a turn
here). A tracker this store has just read carries that count: it is the number
of events read, since a turn reads its conversation under the conversation's
lock before it saves it. A tracker that does not carry it (made elsewhere,
copied) is counted by the stock query.
"""

from __future__ import annotations

import itertools
from typing import Any, Iterator, Optional

import sqlalchemy as sa
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_fixes.compat import Target
from bot.sqlite import use_write_ahead_log

# Attribute set on the trackers this store reads: how many of their events are stored.
STORED_EVENTS = "_cap_elus_stored_events"

# The private methods of Rasa's store overridden below (checked by tests/bot/rasa_fixes).
TARGETS = (
    Target(SQLTrackerStore, "_retrieve", ("self", "sender_id", "fetch_events_from_all_sessions")),
    Target(SQLTrackerStore, "_additional_events", ("self", "session", "tracker")),
)


class ConversationStore(SQLTrackerStore):
    engine: sa.engine.Engine

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

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool) -> Optional[DialogueStateTracker]:
        tracker = await super()._retrieve(sender_id, fetch_events_from_all_sessions)
        if tracker is not None and not fetch_events_from_all_sessions:
            setattr(tracker, STORED_EVENTS, len(tracker.events))
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(tracker)
        setattr(tracker, STORED_EVENTS, len(tracker.events))

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator:
        stored = getattr(tracker, STORED_EVENTS, None)
        if stored is None:
            return super()._additional_events(session, tracker)
        return itertools.islice(tracker.events, stored, len(tracker.events))


def _write_ahead_log(connection: Any, _record: Any) -> None:
    use_write_ahead_log(connection)
