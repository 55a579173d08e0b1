"""Each fix of bot/rasa_fixes is really taken when the trained model answers an advisor.

A fix that a Rasa upgrade stops calling would vanish without a word: the fixes that change
what the advisor sees are caught by the end-to-end tests in TAKEN_ELSEWHERE; those that only
save time are spied on here, in a Rasa agent loaded in this process from the trained model
(with the fixes installed, as `python -m bot.rasa_main` does) and talking to a real action
server.
"""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
import time

import pytest
import sqlalchemy as sa
from rasa.core.agent import Agent
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.utils.endpoints import EndpointConfig

from bot import rasa_fixes, training
from bot.knowledge.database import create_kb_engine
from bot.knowledge.loader import load_knowledge
from bot.rasa_fixes import action_result_schema, event_types
from bot.rasa_plugins.lock_store import RedisLock
from bot.rasa_plugins.tracker_store import ConversationStore
from bot.settings import ROOT
from bot.stack import free_port, is_ready

pytestmark = pytest.mark.integration

# Fixes whose effect the advisor sees, and the end-to-end test (on the real stack) that shows it.
FAULTS, BAD_INPUT = "tests/integration/test_faults.py", "tests/integration/test_bad_input.py"
TAKEN_ELSEWHERE = {
    "action_server_down": f"{FAULTS}::test_apology_while_the_action_server_is_down_then_recovery",
    "store_down": f"{FAULTS}::test_redis_down_gives_an_apology_and_a_clear_log_then_recovers",
    "typed_commands": f"{BAD_INPUT}::test_typed_commands_set_no_slot",
}
TAKEN_HERE = ("action_result_schema", "event_types", "model_loading", "spacy_pipes")
# The plugins and overrides that rely on private parts of Rasa (rasa_fixes.OVERRIDES), and the test
# that shows each one at work in a real turn or training.
HERE = "tests/integration/test_rasa_fixes_in_a_turn.py"
OVERRIDES_TAKEN = {
    "bot.rasa_plugins.tracker_store": f"{HERE}::test_a_turn_is_saved_without_counting_the_stored_events",
    "bot.rasa_plugins.lock_store": f"{HERE}::test_a_turn_holds_its_lock_in_redis_under_the_endpoint_prefix",
    "bot.channels.socketio": "tests/integration/test_security.py::test_socketio_refuses_a_browser_from_another_origin",
    "bot.nlu.length_buckets": (
        "tests/bot/nlu/test_length_buckets.py::test_training_goes_through_the_bucketed_batches_and_the_model_loads_back"
    ),
}


def test_every_fix_has_a_test_that_it_is_taken_in_a_turn():
    assert sorted(TAKEN_HERE + tuple(TAKEN_ELSEWHERE)) == sorted(rasa_fixes.FIXES)
    assert sorted(OVERRIDES_TAKEN) == sorted(rasa_fixes.OVERRIDES)
    for node in [*TAKEN_ELSEWHERE.values(), *OVERRIDES_TAKEN.values()]:
        path, name = node.split("::")
        assert f"def {name}(" in (ROOT / path).read_text(encoding="utf-8"), node


@pytest.fixture(scope="module")
def action_server(tmp_path_factory):
    kb_url = f"sqlite:///{tmp_path_factory.mktemp('kb') / 'knowledge.db'}"
    load_knowledge(create_kb_engine(kb_url))
    port = free_port()
    env = {**os.environ, "KB_DATABASE_URL": kb_url, "SANIC_HOST": "127.0.0.1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port), "--quiet"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while not is_ready(f"http://127.0.0.1:{port}/health"):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("Le serveur d'actions n'a pas démarré.")
        time.sleep(0.5)
    yield f"http://127.0.0.1:{port}/webhook"
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture(scope="module")
def agent_and_store(action_server, tmp_path_factory):
    model = training.current_model()
    if model is None:
        pytest.fail("Aucun modèle dans models/ : lancez 'make train' (make test le fait).")
    rasa_fixes.install()
    store = ConversationStore(host=f"sqlite:///{tmp_path_factory.mktemp('conversations') / 'tracker.db'}")
    with _captured("bot.rasa_fixes") as loading:
        agent = Agent.load(str(model), tracker_store=store, action_endpoint=EndpointConfig(url=action_server))
    agent.loading_log = loading
    return agent, store


class _captured(logging.Handler):
    """The records of one logger while the block runs (pytest's caplog is per test, the agent per module)."""

    def __init__(self, name: str) -> None:
        super().__init__(logging.INFO)
        self.logger, self.messages = logging.getLogger(name), []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())

    def __enter__(self):
        self.level = self.logger.level
        self.logger.setLevel(logging.INFO)
        self.logger.addHandler(self)
        return self.messages

    def __exit__(self, *exc) -> None:
        self.logger.removeHandler(self)
        self.logger.setLevel(self.level)


def say(agent: Agent, sender: str, text: str) -> list:
    channel = CollectingOutputChannel()
    asyncio.run(agent.handle_text(text, output_channel=channel, sender_id=sender))
    return channel.messages


def test_spacy_is_loaded_without_its_recogniser(agent_and_store):
    agent, _ = agent_and_store
    assert any("sans : ner" in message for message in agent.loading_log)


def test_the_intent_model_is_loaded_without_tracing_its_training_step(agent_and_store):
    agent, _ = agent_and_store
    assert any("DIET chargé sans tracer son pas d'entraînement" in message for message in agent.loading_log)


def test_action_responses_are_checked_by_the_cached_validator(agent_and_store, monkeypatch):
    agent, _ = agent_and_store
    checked = []
    stock_check = action_result_schema.validate_action_result
    monkeypatch.setattr(
        action_result_schema, "validate_action_result", lambda result: (checked.append(result), stock_check(result))[1]
    )
    replies = say(agent, "schema", "je n'ai encore jamais parlé à un élu de ma commune")
    assert replies and checked, "aucune réponse d'action n'est passée par le validateur mis en cache"


def test_events_read_back_are_typed_through_the_table(agent_and_store, monkeypatch):
    agent, _ = agent_and_store
    say(agent, "evenements", "bonjour")
    rebuilt = []
    monkeypatch.setattr(event_types, "_by_name", {})
    stock_rebuild = event_types._rebuild
    monkeypatch.setattr(event_types, "_rebuild", lambda: (rebuilt.append(1), stock_rebuild())[1])
    say(agent, "evenements", "le maire ne répond pas à mes mails")
    assert rebuilt and "user" in event_types._by_name


def test_a_turn_is_saved_without_counting_the_stored_events(agent_and_store):
    agent, store = agent_and_store
    say(agent, "comptage", "bonjour")
    statements = []
    listener = lambda conn, cursor, statement, *rest: statements.append(statement.lower())  # noqa: E731
    sa.event.listen(store.engine, "before_cursor_execute", listener)
    try:
        say(agent, "comptage", "nos élus sont convaincus, on veut aller plus loin")
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", listener)
    assert any(s.startswith("insert into events") for s in statements)
    assert not [s for s in statements if "count(" in s]


def test_a_turn_holds_its_lock_in_redis_under_the_endpoint_prefix(agent_and_store, redis_url, monkeypatch):
    """RedisLock (bot/rasa_plugins/lock_store.py) builds its own client and relies on Rasa's
    `_set_key_prefix`: a turn of the agent takes its conversation's lock under that prefix."""
    agent, _ = agent_and_store
    lock_store = RedisLock(EndpointConfig(url=redis_url, key_prefix="tour"))
    written = []
    stock_set = lock_store.red.set
    monkeypatch.setattr(
        lock_store.red, "set", lambda key, *rest, **kw: (written.append(key), stock_set(key, *rest, **kw))[1]
    )
    monkeypatch.setattr(agent, "lock_store", lock_store)
    replies = say(agent, "verrou", "bonjour")
    assert replies
    assert "tour:lock:verrou" in [k.decode() if isinstance(k, bytes) else k for k in written]
