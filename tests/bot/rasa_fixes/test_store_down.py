"""When the lock store or the conversations' store fails, the advisor gets the apology, once."""

import asyncio

import pytest
from rasa.core.agent import Agent
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.lock_store import InMemoryLockStore
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.utils.endpoints import EndpointConfig
from sqlalchemy.exc import OperationalError

from bot.rasa_fixes import SERVICE_UNAVAILABLE, store_down
from bot.rasa_plugins.lock_store import RedisLock
from bot.settings import ROOT
from bot.stack import free_port


@pytest.fixture(scope="module")
def domain():
    return Domain.load(str(ROOT / "domain"))


class FailingProcessor:
    """The processor's turn, reduced to the failure of the conversations' store it reads first."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    async def handle_message(self, message):
        raise self.error


def agent_with(domain, lock_store, processor=None) -> Agent:
    store_down.install()
    agent = Agent(domain=domain, tracker_store=InMemoryTrackerStore(domain), lock_store=lock_store)
    agent.processor = processor or FailingProcessor(AssertionError("never reached"))
    return agent


def send(agent: Agent) -> CollectingOutputChannel:
    channel = CollectingOutputChannel()
    assert asyncio.run(agent.handle_message(UserMessage("bonjour", channel, "conseillere"))) is None
    return channel


def test_redis_down_gets_the_apology_and_names_the_lock_store(domain, caplog):
    agent = agent_with(domain, RedisLock(EndpointConfig(url=f"redis://127.0.0.1:{free_port()}/1")))
    channel = send(agent)
    assert [m["text"] for m in channel.messages] == [domain.responses[SERVICE_UNAVAILABLE][0]["text"]]
    assert "le magasin de verrous (Redis)" in caplog.text


def test_the_conversations_store_down_gets_the_apology_and_is_named(domain, caplog):
    error = OperationalError("SELECT events", {}, Exception("could not connect to server"))
    agent = agent_with(domain, InMemoryLockStore(), FailingProcessor(error))
    channel = send(agent)
    assert [m["text"] for m in channel.messages] == [domain.responses[SERVICE_UNAVAILABLE][0]["text"]]
    assert "la base des conversations (tracker store)" in caplog.text


def test_a_bug_is_not_dressed_as_an_outage(domain):
    agent = agent_with(domain, InMemoryLockStore(), FailingProcessor(KeyError("slot")))
    with pytest.raises(KeyError):
        asyncio.run(agent.handle_message(UserMessage("bonjour", CollectingOutputChannel(), "conseillere")))
