import asyncio

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_fixes.tracker_store import ConversationStore

DOMAIN = Domain.from_dict({"slots": {"territoire": {"type": "text", "mappings": [{"type": "custom"}]}}})


def test_sqlite_conversations_are_written_ahead_and_read_back(tmp_path):
    store = ConversationStore(domain=DOMAIN, host=f"sqlite:///{tmp_path / 'conversations.db'}")
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    tracker = DialogueStateTracker.from_events("conseillere", [
        ActionExecuted("action_listen"), UserUttered("on est en zone rurale"), SlotSet("territoire", "rural"),
    ])
    asyncio.run(store.save(tracker))
    again = ConversationStore(domain=DOMAIN, host=f"sqlite:///{tmp_path / 'conversations.db'}")
    restored = asyncio.run(again.retrieve("conseillere"))
    assert restored.get_slot("territoire") == "rural"
    assert [e.as_dict()["event"] for e in restored.events] == ["action", "user", "slot"]


@pytest.mark.parametrize("host", [None, "", "localhost"])
def test_a_host_that_is_not_a_url_is_refused_in_french(host):
    with pytest.raises(ValueError, match="TRACKER_DB_URL doit être une URL SQLAlchemy complète"):
        ConversationStore(domain=DOMAIN, host=host)
