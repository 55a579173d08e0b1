"""The REST webhook's request handling, in-process on the channel's blueprint (Sanic's test client).

A refused request gets its 4xx and a French reason before anything reaches the dialogue; a
valid one reaches it once, and what the dialogue sends back is the answer. The server's own
limits (body size) and the round trips are tested on the real stack (tests/integration).
"""

from __future__ import annotations

import json
import uuid

import pytest
from sanic import Sanic

from bot.channels.rest import RestInput
from tests.support.bad_requests import REFUSED

URL = "/webhooks/rest/webhook"


@pytest.fixture
def rest():
    received = []

    async def on_new_message(message):
        received.append(message)
        if message.text == "panne":
            raise ConnectionError("la base des conversations ne répond pas")
        await message.output_channel.send_text_message(message.sender_id, f"reçu : {message.text}")

    app = Sanic(f"rest_{uuid.uuid4().hex[:8]}")
    app.blueprint(RestInput().blueprint(on_new_message), url_prefix="/webhooks/rest")
    return app.test_client, received


BAD_REQUESTS = [(name, raw) for name, raw, status in REFUSED if status == 400]


@pytest.mark.parametrize("raw", [raw for _, raw in BAD_REQUESTS], ids=[name for name, _ in BAD_REQUESTS])
def test_a_malformed_request_gets_400_with_a_french_reason_and_reaches_nothing(rest, raw):
    client, received = rest
    _request, answer = client.post(URL, data=raw, headers={"Content-Type": "application/json"})
    assert answer.status == 400 and answer.json["erreur"]
    assert received == []


def test_a_valid_message_reaches_the_dialogue_once_and_its_replies_come_back(rest):
    client, received = rest
    body = {"sender": "camille", "message": "bonjour 👋", "metadata": {"canal": "essai"}}
    _request, answer = client.post(URL, data=json.dumps(body))
    assert answer.status == 200 and answer.json == [{"recipient_id": "camille", "text": "reçu : bonjour 👋"}]
    [message] = received
    assert (message.sender_id, message.text, message.metadata, message.input_channel) == (
        "camille", "bonjour 👋", {"canal": "essai"}, "rest",
    )  # fmt: skip


def test_a_failure_behind_the_channel_gets_503_in_french(rest):
    client, _received = rest
    _request, answer = client.post(URL, data=json.dumps({"sender": "camille", "message": "panne"}))
    assert answer.status == 503 and "indisponible" in answer.json["erreur"]
