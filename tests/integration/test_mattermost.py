"""Mattermost through a real Rasa server: outgoing-webhook messages and button
callbacks, answers read from a fake Mattermost API on loopback
(tests/support/fake_mattermost.py).

Request handling alone (webhook token, button signatures, missing ids, the bot's own posts) is
tested in-process on the channel's blueprint: tests/bot/channels/test_mattermost_webhook.py.
"""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

import requests

from tests.support import fake_mattermost

SOURCE = "Source : guide « Mobiliser les élus de son territoire »"


def fresh(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:20]}"


def webhook_body(
    text: str,
    *,
    channel: str,
    user: str,
    post_id: str | None = None,
    token: str | None = fake_mattermost.WEBHOOK_TOKEN,
    trigger: str = "@cap-elus",
) -> dict:
    body = {
        "team_id": "team1",
        "team_domain": "conseillers",
        "channel_id": channel,
        "channel_name": "inclusion",
        "timestamp": 1700000000000,
        "user_id": user,
        "user_name": "camille",
        "post_id": post_id or fresh("p"),
        "text": f"{trigger} {text}" if trigger else text,
        "trigger_word": trigger,
        "file_ids": "",
    }
    if token is not None:
        body["token"] = token
    return body


def send(bot, body: dict, form: bool = False) -> requests.Response:
    url = f"{bot.settings.rasa_url}/webhooks/mattermost/webhook"
    if form:
        return requests.post(
            url, data=urlencode(body), timeout=60, headers={"Content-Type": "application/x-www-form-urlencoded"}
        )
    return requests.post(url, json=body, timeout=60)


def posts_in(bot, channel: str) -> list:
    return [
        c.body
        for c in bot.mattermost.matching(
            lambda c: c.method == "POST" and c.path == "/api/v4/posts" and c.body["channel_id"] == channel
        )
    ]


def test_trigger_word_message_is_answered_in_its_thread(running_bot):
    channel, user, post_id = fresh("c"), fresh("u"), fresh("p")
    assert send(running_bot, webhook_body("Bonjour", channel=channel, user=user, post_id=post_id)).status_code == 200
    posts = posts_in(running_bot, channel)
    assert posts, "aucune réponse postée"
    assert all(p["root_id"] == post_id for p in posts)
    greeting = posts[0]
    assert "Cap Élus" in greeting["message"]
    actions = greeting["props"]["attachments"][0]["actions"]
    assert {a["integration"]["context"]["payload"] for a in actions} == {
        "/situation_no_contact",
        "/situation_not_engaged",
        "/situation_convinced",
    }
    assert all(
        a["integration"]["url"] == f"{running_bot.settings.public_url}/webhooks/mattermost/webhook" for a in actions
    )


def test_form_encoded_webhook_and_reply_inside_an_existing_thread(running_bot):
    channel = fresh("c")
    body = webhook_body(
        "je ne connais aucun élu de ma commune", channel=channel, user=fresh("u"), post_id=fake_mattermost.REPLY_POST_ID
    )
    assert send(running_bot, body, form=True).status_code == 200
    # The whole answer (next steps, source, follow-up question and its buttons) in one post.
    (answer,) = posts_in(running_bot, channel)
    assert SOURCE in answer["message"] and answer["message"].count("\n\n") >= 2
    assert answer["root_id"] == fake_mattermost.REPLY_ROOT_ID


def test_button_callback_continues_the_dialogue(running_bot):
    channel, user = fresh("c"), fresh("u")
    send(running_bot, webhook_body("Bonjour", channel=channel, user=user))
    action = next(
        a
        for a in posts_in(running_bot, channel)[0]["props"]["attachments"][0]["actions"]
        if a["integration"]["context"]["payload"] == "/situation_not_engaged"
    )
    before = len(posts_in(running_bot, channel))
    callback = {
        "user_id": user,
        "user_name": "camille",
        "channel_id": channel,
        "post_id": fresh("p"),
        "type": "button",
        "context": action["integration"]["context"],
    }
    assert requests.post(action["integration"]["url"], json=callback, timeout=60).status_code == 200
    after = posts_in(running_bot, channel)[before:]
    assert after and SOURCE in after[0]["message"]
    assert running_bot.last_intent(user) == "situation_not_engaged"


def test_one_conversation_per_user_across_channels(running_bot):
    user = fresh("u")
    send(running_bot, webhook_body("je ne connais aucun élu de ma commune", channel=fresh("c"), user=user, trigger=""))
    send(running_bot, webhook_body("Je suis en milieu rural", channel=fresh("c"), user=user, trigger=""))
    tracker = running_bot.tracker(user)
    intents = [e["parse_data"]["intent"]["name"] for e in tracker["events"] if e["event"] == "user"]
    assert intents[:1] == ["situation_no_contact"] and len(intents) == 2
