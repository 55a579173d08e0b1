"""Slack through a real Rasa server: signed Events API and interactivity requests,
answers read from a fake Slack Web API on loopback (tests/support/fake_slack.py).

Request handling alone (signatures, retries, the bot's own messages, URL verification) is
tested in-process on the channel's blueprint: tests/bot/channels/test_slack_webhook.py.
"""

from __future__ import annotations

import json
import time
import uuid
from urllib.parse import urlencode

import requests

from tests.support import fake_slack
from tests.support.slack_requests import event_body, fresh, signed_headers

SOURCE = "Source : guide « Mobiliser les élus de son territoire »"


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


def settle(bot) -> None:
    """A valid message on another channel, answered: anything the earlier request started is done by then."""
    channel = fresh("CSETTLE")
    body = event_body(f"<@{fake_slack.BOT_USER_ID}> bonjour", channel=channel, user=fresh("U"))
    assert post(bot, body, signed_headers(body, "application/json")).status_code == 200
    wait_posts(bot, channel)
    time.sleep(0.5)


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
    wait_posts(running_bot, channel)
    settle(running_bot)
    # The whole answer (next steps, source, follow-up question) in one message.
    (answer,) = [c.body for c in posted_to(running_bot, channel)]
    assert "thread_ts" not in answer  # a direct message is answered inline
    assert SOURCE in answer["text"] and answer["text"].count("\n\n") >= 2


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
