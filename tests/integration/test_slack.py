"""Slack through a real Rasa server: signed Events API and interactivity requests,
answers read from a fake Slack Web API on loopback (tests/support/fake_slack.py)."""

from __future__ import annotations

import json
import time
import uuid
from urllib.parse import urlencode

import pytest
import requests
from slack_sdk.signature import SignatureVerifier

from tests.support import fake_slack

SOURCE = "Source : guide « Mobiliser les élus de son territoire »"


def signed_headers(
    body: bytes, content_type: str, secret: str = fake_slack.SIGNING_SECRET, timestamp: int | None = None
) -> dict:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
    return {"Content-Type": content_type, "X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature}


def event_body(
    text: str,
    *,
    channel: str,
    user: str,
    kind: str = "app_mention",
    ts: str = "1700000001.000200",
    thread_ts: str | None = None,
    event_id: str | None = None,
) -> bytes:
    event = {"type": kind, "user": user, "text": text, "channel": channel, "ts": ts}
    if kind == "message":
        event["channel_type"] = "im"
    if thread_ts:
        event["thread_ts"] = thread_ts
    return json.dumps(
        {
            "type": "event_callback",
            "event_id": event_id or f"Ev{uuid.uuid4().hex[:10]}",
            "authorizations": [{"user_id": fake_slack.BOT_USER_ID}],
            "event": event,
        }
    ).encode()


def post(bot, body: bytes, headers: dict) -> requests.Response:
    return requests.post(f"{bot.settings.rasa_url}/webhooks/slack/webhook", data=body, headers=headers, timeout=30)


def posted_to(bot, channel: str):
    return bot.slack.matching(lambda c: c.path.endswith("chat.postMessage") and c.body.get("channel") == channel)


def wait_posts(bot, channel: str, count: int = 1):
    return [
        c.body
        for c in bot.slack.wait_for(
            lambda c: c.path.endswith("chat.postMessage") and c.body.get("channel") == channel, count=count
        )
    ]


def fresh(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:8].upper()}"


def settle(bot) -> None:
    """A valid message on another channel, answered: anything the earlier request started is done by then."""
    channel = fresh("CSETTLE")
    body = event_body(f"<@{fake_slack.BOT_USER_ID}> bonjour", channel=channel, user=fresh("U"))
    assert post(bot, body, signed_headers(body, "application/json")).status_code == 200
    wait_posts(bot, channel)
    time.sleep(0.5)


def test_url_verification_returns_the_challenge(running_bot):
    challenge = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"
    body = json.dumps({"type": "url_verification", "challenge": challenge, "token": "ignored"}).encode()
    answer = post(running_bot, body, signed_headers(body, "application/json"))
    assert answer.status_code == 200
    assert answer.json()["challenge"] == challenge


def test_mention_is_answered_in_its_thread_with_block_kit_buttons(running_bot):
    channel = fresh("C")
    body = event_body(f"<@{fake_slack.BOT_USER_ID}> Bonjour", channel=channel, user=fresh("U"), ts="1700000100.000300")
    assert post(running_bot, body, signed_headers(body, "application/json")).status_code == 200
    (greeting,) = wait_posts(running_bot, channel)
    assert greeting["thread_ts"] == "1700000100.000300"
    assert "*Cap Élus*" in greeting["text"]  # Markdown bold became mrkdwn bold
    blocks = greeting["blocks"]
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
    buttons = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert {b["value"] for b in buttons} == {"/situation_no_contact", "/situation_not_engaged", "/situation_convinced"}
    assert all(b["type"] == "button" for b in buttons)


def test_direct_message_gets_the_next_steps_with_their_source(running_bot):
    channel = fresh("D")
    body = event_body("je ne connais aucun élu de ma commune", channel=channel, user=fresh("U"), kind="message")
    assert post(running_bot, body, signed_headers(body, "application/json")).status_code == 200
    posts = wait_posts(running_bot, channel)
    assert "thread_ts" not in posts[0]  # a direct message is answered inline
    assert SOURCE in posts[0]["text"]


def test_button_click_continues_the_dialogue(running_bot):
    channel, user = fresh("C"), fresh("U")
    payload = {
        "type": "block_actions",
        "user": {"id": user},
        "channel": {"id": channel},
        "message": {"ts": "1700000200.000100", "thread_ts": "1700000199.000100"},
        "actions": [{"type": "button", "action_id": "choix-2", "value": "/situation_convinced"}],
    }
    body = urlencode({"payload": json.dumps(payload)}).encode()
    assert post(running_bot, body, signed_headers(body, "application/x-www-form-urlencoded")).status_code == 200
    posts = wait_posts(running_bot, channel)
    assert SOURCE in posts[0]["text"]
    assert posts[0]["thread_ts"] == "1700000199.000100"
    assert running_bot.last_intent(user) == "situation_convinced"


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
def test_unsigned_or_stale_request_gets_401_and_no_answer(running_bot, tamper):
    channel = fresh("C")
    body = event_body(f"<@{fake_slack.BOT_USER_ID}> Bonjour", channel=channel, user=fresh("U"))
    assert post(running_bot, body, tamper(body)).status_code == 401
    settle(running_bot)
    assert posted_to(running_bot, channel) == []


def test_body_changed_after_signing_gets_401(running_bot):
    channel = fresh("C")
    body = event_body("bonjour", channel=channel, user=fresh("U"))
    headers = signed_headers(body, "application/json")
    assert post(running_bot, body.replace(b"bonjour", b"/restart"), headers).status_code == 401


def test_a_retry_is_never_answered_twice(running_bot):
    channel, event_id = fresh("C"), f"Ev{uuid.uuid4().hex[:10]}"
    body = event_body(f"<@{fake_slack.BOT_USER_ID}> Bonjour", channel=channel, user=fresh("U"), event_id=event_id)
    assert post(running_bot, body, signed_headers(body, "application/json")).status_code == 200
    first = wait_posts(running_bot, channel)
    for attempt, reason in ((1, "http_timeout"), (2, "http_error")):
        headers = {
            **signed_headers(body, "application/json"),
            "X-Slack-Retry-Num": str(attempt),
            "X-Slack-Retry-Reason": reason,
        }
        answer = post(running_bot, body, headers)
        assert answer.status_code == 200
        assert answer.headers.get("X-Slack-No-Retry") == "1"
    # The same event delivered again without the retry headers is still the same event.
    assert post(running_bot, body, signed_headers(body, "application/json")).status_code == 200
    settle(running_bot)
    assert len(posted_to(running_bot, channel)) == len(first)


def test_the_bots_own_messages_are_ignored(running_bot):
    channel = fresh("C")
    event = {
        "type": "message",
        "channel_type": "im",
        "bot_id": "B1",
        "user": fake_slack.BOT_USER_ID,
        "text": "Bonjour",
        "channel": channel,
        "ts": "1.2",
    }
    body = json.dumps({"type": "event_callback", "event_id": fresh("Ev"), "event": event}).encode()
    assert post(running_bot, body, signed_headers(body, "application/json")).status_code == 200
    settle(running_bot)
    assert posted_to(running_bot, channel) == []
