"""The Mattermost webhook's request handling, in-process on the channel's blueprint (Sanic's test client).

The channel asks a fake Mattermost API (tests/support/fake_mattermost.py, on loopback) who the bot
is and which thread a post belongs to; what reaches the dialogue is recorded instead of handled.
The round trips through a real Rasa server are in tests/integration/test_mattermost.py.
"""

from __future__ import annotations

import uuid

import pytest
from sanic import Sanic

from bot.channels.mattermost import MattermostInput
from tests.support import fake_mattermost
from tests.support.loopback import LoopbackServer, Recorder

URL = "/webhooks/mattermost/webhook"


@pytest.fixture(scope="module")
def mattermost_api():
    with LoopbackServer(fake_mattermost.create_app(Recorder())) as server:
        yield server.url


@pytest.fixture
def mattermost(mattermost_api):
    """The channel as credentials.yml builds it; `forwarded` lists what reached the dialogue."""
    channel = MattermostInput.from_credentials({
        "url": mattermost_api,
        "token": fake_mattermost.BOT_TOKEN,
        "webhook_token": fake_mattermost.WEBHOOK_TOKEN,
        "webhook_url": "http://127.0.0.1:5005/webhooks/mattermost/webhook",
    })  # fmt: skip
    forwarded = []

    async def forward(_on_new_message, text, user_id, channel_id, root_id):
        forwarded.append((text, user_id, channel_id, root_id))

    channel._forward = forward
    app = Sanic(f"mattermost_{uuid.uuid4().hex[:8]}")
    app.blueprint(channel.blueprint(lambda _message: None), url_prefix="/webhooks/mattermost")
    return app.test_client, channel, forwarded


def webhook_body(text: str, token=fake_mattermost.WEBHOOK_TOKEN, user: str = "u1", **fields) -> dict:
    body = {"channel_id": "c1", "user_id": user, "post_id": "p1", "text": f"@cap-elus {text}",
            "trigger_word": "@cap-elus", **fields}  # fmt: skip
    if token is not None:
        body["token"] = token
    return body


def test_a_message_with_the_token_reaches_the_dialogue_without_its_trigger_word(mattermost):
    client, _channel, forwarded = mattermost
    _request, answer = client.post(URL, json=webhook_body("c'est quoi le SDTAN ?"))
    assert answer.status == 200
    assert forwarded == [("c'est quoi le SDTAN ?", "u1", "c1", "p1")]


def test_a_reply_in_a_thread_is_answered_in_that_thread(mattermost):
    client, _channel, forwarded = mattermost
    body = webhook_body("et pour le maire ?", post_id=fake_mattermost.REPLY_POST_ID)
    _request, answer = client.post(URL, json=body)
    assert answer.status == 200
    assert forwarded[0][3] == fake_mattermost.REPLY_ROOT_ID


@pytest.mark.parametrize("token", ["not-the-token", "", None, 42], ids=["wrong", "empty", "missing", "number"])
def test_wrong_or_missing_token_gets_403_and_reaches_nothing(mattermost, token):
    client, _channel, forwarded = mattermost
    _request, answer = client.post(URL, json=webhook_body("Bonjour", token=token))
    assert answer.status == 403 and "jeton" in answer.json["error"]
    assert forwarded == []


@pytest.mark.parametrize("missing", ["user_id", "channel_id", "post_id"])
def test_a_message_without_its_ids_gets_400_in_french(mattermost, missing):
    client, _channel, forwarded = mattermost
    body = webhook_body("Bonjour")
    del body[missing]
    _request, answer = client.post(URL, json=body)
    assert answer.status == 400 and "requis" in answer.json["error"]
    assert forwarded == []


def test_the_bots_own_posts_are_ignored(mattermost):
    client, _channel, forwarded = mattermost
    _request, answer = client.post(URL, json=webhook_body("Bonjour", user=fake_mattermost.BOT_USER_ID))
    assert answer.status == 200 and forwarded == []


def test_a_signed_button_callback_reaches_the_dialogue_with_its_payload(mattermost):
    client, channel, forwarded = mattermost
    context = channel.signer.context("/situation_not_engaged", "c1", "racine")
    _request, answer = client.post(URL, json={"user_id": "u1", "channel_id": "c1", "context": context})
    assert answer.status == 200
    assert forwarded == [("/situation_not_engaged", "u1", "c1", "racine")]


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(lambda ctx: ctx.update(payload='/situation_convinced{"territoire": "rural"}'), id="payload"),
        pytest.param(lambda ctx: ctx.update(channel_id="cautre"), id="channel"),
        pytest.param(lambda ctx: ctx.pop("signature"), id="no-signature"),
        pytest.param(lambda ctx: ctx.update(signature="0" * 64), id="zero-signature"),
    ],
)
def test_forged_button_callback_gets_403_and_reaches_nothing(mattermost, forge):
    client, channel, forwarded = mattermost
    context = channel.signer.context("/situation_not_engaged", "c1", "racine")
    forge(context)
    _request, answer = client.post(URL, json={"user_id": "u1", "channel_id": "c1", "context": context})
    assert answer.status == 403
    assert forwarded == []
