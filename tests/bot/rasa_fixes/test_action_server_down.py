"""A custom action the action server cannot run sends the domain's apology; a rejection still rejects."""

import asyncio

import pytest
from aiohttp import web
from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import EndpointConfig

from bot.rasa_fixes import SERVICE_UNAVAILABLE, action_server_down
from bot.settings import ROOT
from bot.stack import free_port
from tests.support.loopback import LoopbackServer

ACTION = "action_situation_no_contact"


@pytest.fixture(scope="module")
def domain():
    return Domain.load(str(ROOT / "domain"))


def run_action(url: str, domain: Domain):
    action_server_down.install()
    action = RemoteAction(ACTION, EndpointConfig(url=url))
    tracker = DialogueStateTracker.from_events("conseillere", [UserUttered("je ne connais aucun élu")])
    return asyncio.run(
        action.run(CollectingOutputChannel(), TemplatedNaturalLanguageGenerator(domain.responses), tracker, domain)
    )


def answering(status: int, body: dict) -> web.Application:
    async def webhook(_request):
        return web.json_response(body, status=status)

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    return app


def test_an_unreachable_action_server_gets_the_apology_of_the_domain(domain):
    events = run_action(f"http://127.0.0.1:{free_port()}/webhook", domain)
    assert [type(e) for e in events] == [BotUttered]
    assert events[0].text == domain.responses[SERVICE_UNAVAILABLE][0]["text"]


def test_a_failing_action_server_gets_the_apology_too(domain):
    with LoopbackServer(answering(500, {"error": "boom"})) as server:
        events = run_action(f"{server.url}/webhook", domain)
    assert events[0].text == domain.responses[SERVICE_UNAVAILABLE][0]["text"]


def test_an_action_that_rejects_the_turn_is_not_hidden_by_an_apology(domain):
    with LoopbackServer(answering(400, {"action_name": ACTION, "error": "pas maintenant"})) as server:
        with pytest.raises(ActionExecutionRejection):
            run_action(f"{server.url}/webhook", domain)


def test_without_an_apology_in_the_domain_the_failure_is_raised_as_before():
    bare = Domain.from_dict({"actions": [ACTION]})
    with pytest.raises(RasaException):
        run_action(f"http://127.0.0.1:{free_port()}/webhook", bare)
