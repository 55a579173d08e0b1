"""Faults survived, each against the real servers started by the test and stopped after:

- the action server dies → a French apology, then normal answers once it is back;
- a Rasa restart loses no conversation (SQLite and PostgreSQL tracker stores);
- PostgreSQL restarted mid-run → the bot recovers without anyone doing anything;
- Redis down → a clear log line and a French apology, then recovery.
"""

from __future__ import annotations

import signal

import pytest

from bot.stack import local_settings
from tests.support.components import started_components, wait_until
from tests.support.postgres import temporary_postgres_server
from tests.support.redis import temporary_redis

SITUATION = "je ne connais aucun élu de ma commune"
TERRITORY = "je travaille en milieu rural"
FOLLOW_UP = "et pour convaincre le maire ?"
SOURCE = "Source : guide « Mobiliser les élus de son territoire »"
APOLOGY = "momentanément indisponible"


@pytest.fixture(scope="module")
def on_sqlite(tmp_path_factory):
    """`make run`'s default: SQLite files, in-memory locks."""
    tmp = tmp_path_factory.mktemp("faults-sqlite")
    with started_components(local_settings(tmp), tmp / "servers.log") as running:
        yield running


@pytest.fixture(scope="module")
def on_postgres(tmp_path_factory):
    """Production's stores: conversations and knowledge base on PostgreSQL, locks in Redis."""
    tmp = tmp_path_factory.mktemp("faults-postgres")
    with temporary_postgres_server() as pg, temporary_redis(tmp / "redis") as redis:
        settings = local_settings(tmp, TRACKER_DB_URL=pg.url, KB_DATABASE_URL=pg.url, REDIS_URL=redis.url)
        with started_components(settings, tmp / "servers.log") as running:
            running.postgres, running.redis, running.log = pg, redis, tmp / "servers.log"
            yield running


def user_texts(components, sender: str) -> list:
    return [e["text"] for e in components.tracker(sender)["events"] if e["event"] == "user"]


def reply(answer) -> str:
    assert answer.status_code == 200, answer.text[:300]
    return " ".join(m.get("text", "") for m in answer.json())


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["stopped", "killed"])
def test_apology_while_the_action_server_is_down_then_recovery(on_sqlite, sig):
    sender = f"actions-down-{sig}"
    assert SOURCE in on_sqlite.texts(sender, SITUATION)
    on_sqlite.stack.stop_service(on_sqlite.actions, sig=sig)
    text = reply(on_sqlite.say(sender, SITUATION))
    assert APOLOGY in text
    assert "Traceback" not in text and "Exception" not in text
    on_sqlite.stack.start_service(on_sqlite.actions)
    wait_until(on_sqlite.actions.ready_url)
    assert SOURCE in on_sqlite.texts(sender, SITUATION)
    # Nothing was lost: the three messages are in the conversation, in order.
    assert user_texts(on_sqlite, sender) == [SITUATION] * 3


@pytest.mark.parametrize("store", ["on_sqlite", "on_postgres"])
def test_a_rasa_restart_loses_no_conversation(store, request):
    running = request.getfixturevalue(store)
    sender = f"restart-{store}"
    assert SOURCE in running.texts(sender, SITUATION)
    running.texts(sender, TERRITORY)
    before = running.tracker(sender)
    running.restart(running.rasa)
    after = running.tracker(sender)
    assert after["events"] == before["events"]
    assert after["slots"]["territoire"] == before["slots"]["territoire"] is not None
    # The conversation goes on where it was: the context kept, a third turn added.
    running.texts(sender, FOLLOW_UP)
    assert user_texts(running, sender) == [SITUATION, TERRITORY, FOLLOW_UP]


def test_postgresql_restarted_mid_run_is_recovered_without_action(on_postgres):
    sender = "pg-restart"
    assert SOURCE in on_postgres.texts(sender, SITUATION)
    on_postgres.postgres.stop()
    try:
        assert APOLOGY in reply(on_postgres.say(sender, SITUATION))
    finally:
        on_postgres.postgres.start()
    # No restart of Rasa or of the action server: the very next message works.
    assert SOURCE in on_postgres.texts(sender, SITUATION)
    # The message sent during the outage could not be saved; the others are there.
    assert user_texts(on_postgres, sender) == [SITUATION, SITUATION]


def test_redis_down_gives_an_apology_and_a_clear_log_then_recovers(on_postgres):
    sender = "redis-down"
    assert SOURCE in on_postgres.texts(sender, SITUATION)
    on_postgres.redis.stop()
    try:
        assert APOLOGY in reply(on_postgres.say(sender, SITUATION))
        assert "magasin de verrous (Redis)" in on_postgres.log.read_text(errors="replace")
    finally:
        on_postgres.redis.start()
    assert SOURCE in on_postgres.texts(sender, SITUATION)
