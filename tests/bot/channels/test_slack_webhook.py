"""The Slack webhook's request handling, in-process on the channel's blueprint (Sanic's test client).

What reaches the dialogue is recorded instead of handled: signatures, retries, duplicates, the
bot's own messages and URL verification are decided before any of it. The round trips through
a real Rasa server are in tests/integration/test_slack.py.
"""

from __future__ import annotations

import json
import time
import uuid
from urllib.parse import urlencode

import pytest
from sanic import Sanic

from bot.channels.slack import SlackInput
from tests.support import fake_slack
from tests.support.slack_requests import event_body, fresh, signed_headers

URL = "/webhooks/slack/webhook"


@pytest.fixture
def slack():
    """The channel as credentials.yml builds it, its blueprint on a Sanic app; `started` lists the messages."""
    channel = SlackInput.from_credentials(
        {"slack_token": fake_slack.BOT_TOKEN, "slack_signing_secret": fake_slack.SIGNING_SECRET}
    )
    started = []
    channel._start = lambda _on_new_message, text, user, where, thread: started.append((text, user, where, thread))
    app = Sanic(f"slack_{uuid.uuid4().hex[:8]}")
    app.blueprint(channel.blueprint(lambda _message: None), url_prefix="/webhooks/slack")
    return app.test_client, started


def post(client, body: bytes, headers: dict):
    _request, response = client.post(URL, data=body, headers=headers)
    return response


def mention(text: str = "Bonjour", **fields) -> bytes:
    return event_body(f"<@{fake_slack.BOT_USER_ID}> {text}", channel=fresh("C"), user=fresh("U"), **fields)


def test_a_signed_mention_is_handed_to_the_dialogue_in_its_thread(slack):
    client, started = slack
    body = mention("je ne connais aucun élu", ts="1700000001.000200")
    assert post(client, body, signed_headers(body, "application/json")).status == 200
    [(text, user, channel, thread)] = started
    assert text == "je ne connais aucun élu" and user.startswith("U") and channel.startswith("C")
    assert thread == "1700000001.000200"


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(
            lambda body: signed_headers(body, "application/json", secret="not-the-secret"), id="bad-signature"
        ),
        pytest.param(lambda body: {"Content-Type": "application/json"}, id="missing-signature"),
        pytest.param(
            lambda body: signed_headers(body, "application/json", timestamp=int(time.time()) - 600),
            id="stale-timestamp",
        ),
        pytest.param(
            lambda body: {**signed_headers(body, "application/json"), "X-Slack-Signature": "v0=" + "0" * 64},
            id="forged-signature",
        ),
    ],
)
def test_unsigned_or_stale_request_gets_401_and_reaches_nothing(slack, tamper):
    client, started = slack
    body = mention()
    assert post(client, body, tamper(body)).status == 401
    assert started == []


def test_body_changed_after_signing_gets_401(slack):
    client, started = slack
    body = mention("bonjour")
    headers = signed_headers(body, "application/json")
    assert post(client, body.replace(b"bonjour", b"/restart"), headers).status == 401
    assert started == []


def test_a_retry_or_a_second_delivery_is_never_handled_twice(slack):
    client, started = slack
    body = mention(event_id=f"Ev{uuid.uuid4().hex[:10]}")
    assert post(client, body, signed_headers(body, "application/json")).status == 200
    for attempt, reason in ((1, "http_timeout"), (2, "http_error")):
        headers = {
            **signed_headers(body, "application/json"),
            "X-Slack-Retry-Num": str(attempt),
            "X-Slack-Retry-Reason": reason,
        }
        answer = post(client, body, headers)
        assert answer.status == 200 and answer.headers.get("X-Slack-No-Retry") == "1"
    assert post(client, body, signed_headers(body, "application/json")).status == 200
    assert len(started) == 1


def test_the_bots_own_messages_are_ignored(slack):
    client, started = slack
    event = {"type": "message", "channel_type": "im", "bot_id": "B1", "user": fake_slack.BOT_USER_ID,
             "text": "Bonjour", "channel": fresh("C"), "ts": "1.2"}  # fmt: skip
    body = json.dumps({"type": "event_callback", "event_id": fresh("Ev"), "event": event}).encode()
    assert post(client, body, signed_headers(body, "application/json")).status == 200
    assert started == []


def test_url_verification_returns_the_challenge(slack):
    client, started = slack
    body = json.dumps({"type": "url_verification", "challenge": "défi-42"}).encode()
    answer = post(client, body, signed_headers(body, "application/json"))
    assert answer.status == 200 and answer.json == {"challenge": "défi-42"}
    assert started == []


def test_a_button_click_is_handed_over_with_its_value_in_its_thread(slack):
    client, started = slack
    payload = {
        "type": "block_actions",
        "user": {"id": "U1"},
        "channel": {"id": "C1"},
        "message": {"ts": "1700000200.000100", "thread_ts": "1700000199.000100"},
        "actions": [{"type": "button", "action_id": "choix-2", "value": "/situation_convinced"}],
    }
    body = urlencode({"payload": json.dumps(payload)}).encode()
    assert post(client, body, signed_headers(body, "application/x-www-form-urlencoded")).status == 200
    assert started == [("/situation_convinced", "U1", "C1", "1700000199.000100")]


@pytest.mark.parametrize(
    "body, content_type",
    [
        (b"{pas du json", "application/json"),
        (b"payload=%7Bpas", "application/x-www-form-urlencoded"),
        (b"bonjour", "text/plain"),
    ],  # fmt: skip
    ids=["json", "form", "text"],
)
def test_an_unreadable_signed_request_gets_400_in_french(slack, body, content_type):
    client, started = slack
    answer = post(client, body, signed_headers(body, content_type))
    assert answer.status == 400 and "illisible" in answer.text
    assert started == []
