import asyncio

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_plugins.tracker_store import ConversationStore

DOMAIN = Domain.from_dict({"slots": {"territoire": {"type": "text", "mappings": [{"type": "custom"}]}}})


def test_sqlite_conversations_are_written_ahead_and_read_back(tmp_path):
    store = ConversationStore(domain=DOMAIN, host=f"sqlite:///{tmp_path / 'conversations.db'}")
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    tracker = DialogueStateTracker.from_events(
        "conseillere",
        [
            ActionExecuted("action_listen"),
            UserUttered("on est en zone rurale"),
            SlotSet("territoire", "rural"),
        ],
    )
    asyncio.run(store.save(tracker))
    again = ConversationStore(domain=DOMAIN, host=f"sqlite:///{tmp_path / 'conversations.db'}")
    restored = asyncio.run(again.retrieve("conseillere"))
    assert restored.get_slot("territoire") == "rural"
    assert [e.as_dict()["event"] for e in restored.events] == ["action", "user", "slot"]


@pytest.mark.parametrize("host", [None, "", "localhost"])
def test_a_host_that_is_not_a_url_is_refused_in_french(host):
    with pytest.raises(ValueError, match="TRACKER_DB_URL doit être une URL SQLAlchemy complète"):
        ConversationStore(domain=DOMAIN, host=host)


def _stored_events(store, sender):
    with store.engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT type_name FROM events WHERE sender_id = ? ORDER BY id", (sender,)
        ).fetchall()
    return [row[0] for row in rows]


def _count_queries(store):
    statements = []
    sa_event = __import__("sqlalchemy").event
    sa_event.listen(
        store.engine, "before_cursor_execute", lambda conn, cursor, statement, *rest: statements.append(statement)
    )
    return statements


def test_turns_store_each_event_once_without_counting_what_is_stored(tmp_path):
    store = ConversationStore(domain=DOMAIN, host=f"sqlite:///{tmp_path / 'conversations.db'}")
    asyncio.run(store.save(DialogueStateTracker.from_events("c", [ActionExecuted("action_listen")])))
    statements = _count_queries(store)
    for turn in range(3):
        tracker = asyncio.run(store.retrieve("c"))
        tracker.update(UserUttered(f"message {turn}"))
        tracker.update(ActionExecuted("action_listen"))
        asyncio.run(store.save(tracker))
        tracker.update(SlotSet("territoire", f"t{turn}"))
        asyncio.run(store.save(tracker))  # saved twice in one turn: only the new event is written
    assert _stored_events(store, "c") == ["action"] + ["user", "action", "slot"] * 3
    assert not [s for s in statements if "count(" in s.lower()]


def test_a_tracker_the_store_did_not_read_is_counted_as_stock_rasa_does(tmp_path):
    store = ConversationStore(domain=DOMAIN, host=f"sqlite:///{tmp_path / 'conversations.db'}")
    events = [ActionExecuted("action_listen"), UserUttered("bonjour")]
    asyncio.run(store.save(DialogueStateTracker.from_events("c", events)))
    statements = _count_queries(store)
    rebuilt = DialogueStateTracker.from_events("c", events + [ActionExecuted("utter_greet")])
    asyncio.run(store.save(rebuilt))
    assert _stored_events(store, "c") == ["action", "user", "action"]
    assert [s for s in statements if "count(" in s.lower()]


def test_a_new_session_in_a_turn_is_stored_after_the_old_one(tmp_path):
    from rasa.shared.core.events import SessionStarted

    store = ConversationStore(domain=DOMAIN, host=f"sqlite:///{tmp_path / 'conversations.db'}")
    asyncio.run(
        store.save(
            DialogueStateTracker.from_events(
                "c",
                [
                    SessionStarted(timestamp=1.0),
                    ActionExecuted("action_listen", timestamp=1.0),
                    UserUttered("a", timestamp=2.0),
                ],
            )
        )
    )
    tracker = asyncio.run(store.retrieve("c"))
    tracker.update(SessionStarted(timestamp=10.0))
    tracker.update(ActionExecuted("action_listen", timestamp=10.0))
    asyncio.run(store.save(tracker))
    assert _stored_events(store, "c") == ["session_started", "action", "user", "session_started", "action"]
    assert [e.as_dict()["event"] for e in asyncio.run(store.retrieve("c")).events] == ["session_started", "action"]
