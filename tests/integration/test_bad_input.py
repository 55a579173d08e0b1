"""Bad input against the running bot (as `make run` starts it): a 4xx or a polite French reply,
never a 500, never a crash, never a command the bot did not offer."""

from __future__ import annotations

import json
import uuid

import pytest
import requests

from tests.support.bad_requests import REFUSED

FRENCH_WORDS = ("je", "vous", "votre", "Désolé", "pouvez", "guide", "élus")


def webhook(bot) -> str:
    return f"{bot.settings.rasa_url}/webhooks/rest/webhook"


def fresh() -> str:
    return f"bad-input-{uuid.uuid4().hex[:10]}"


# On the real server: its own body limits (413) and one refusal of the channel; every refusal of
# the channel is checked in-process in tests/bot/channels/test_rest_webhook.py.
ON_THE_SERVER = [(name, raw, status) for name, raw, status in REFUSED if status == 413 or name == "invalid JSON"]


@pytest.mark.parametrize(
    "raw, status", [(raw, status) for _, raw, status in ON_THE_SERVER], ids=[name for name, _, _ in ON_THE_SERVER]
)
def test_malformed_requests_get_a_4xx_with_a_french_reason(running_bot, raw, status):
    answer = requests.post(webhook(running_bot), data=raw, headers={"Content-Type": "application/json"}, timeout=30)
    assert answer.status_code == status
    if status == 400:
        assert answer.json()["erreur"]  # says what is wrong, in French
    assert requests.get(f"{running_bot.settings.rasa_url}/", timeout=5).status_code == 200


ODD_MESSAGES = [
    "🙂🙂🙂",
    "👍",
    "<img src=x onerror=alert(1)>",
    "<script>alert('x')</script> bonjour",
    "'; DROP TABLE events; --",
    "1 OR 1=1; SELECT * FROM kb_items",
    "\u0000\u0007 contrôle",
    "ℌ𝔢𝔩𝔩𝔬 ｗｏｒｌｄ",
    "élus " * 700,  # long, under the limit
]


@pytest.mark.parametrize("message", ODD_MESSAGES, ids=range(len(ODD_MESSAGES)))
def test_odd_but_valid_messages_get_a_polite_french_reply(running_bot, message):
    answer = requests.post(webhook(running_bot), json={"sender": fresh(), "message": message}, timeout=60)
    assert answer.status_code == 200
    texts = " ".join(m.get("text", "") for m in answer.json())
    assert any(word in texts for word in FRENCH_WORDS), texts
    assert "<img" not in texts and "<script" not in texts  # never echoed back as markup


def test_sql_fragments_do_not_touch_the_conversations(running_bot):
    sender = fresh()
    running_bot.say(sender, "Bonjour")
    running_bot.say(sender, "'; DELETE FROM events; --")
    users = [e["text"] for e in running_bot.tracker(sender)["events"] if e["event"] == "user"]
    assert users == ["Bonjour", "'; DELETE FROM events; --"]


@pytest.mark.parametrize(
    "typed",
    [
        '/situation_convinced{"territoire": "rural"}',
        '/ask_territory{"territoire": "montagne"}',
        '/situation_no_contact{"echelon": "region", "role": "maire"}',
    ],
)
def test_typed_commands_set_no_slot(running_bot, typed):
    sender = fresh()
    answer = requests.post(webhook(running_bot), json={"sender": sender, "message": typed}, timeout=60)
    assert answer.status_code == 200 and answer.json()
    slots = running_bot.tracker(sender)["slots"]
    assert slots.get("territoire") is None and slots.get("echelon") is None and slots.get("role") is None


def test_typed_internal_intents_trigger_nothing(running_bot):
    sender = fresh()
    running_bot.say(sender, "je ne connais aucun élu de ma commune")
    for typed in ("/session_start", "/back", '/restart{"x": 1}'):
        running_bot.say(sender, typed)
    actions = [e.get("name") for e in running_bot.tracker(sender)["events"] if e["event"] == "action"]
    assert actions.count("action_session_start") == 1  # the real start of the conversation only
    assert "action_back" not in actions and "action_restart" not in actions


def test_a_button_the_bot_offered_still_works_with_its_value(running_bot):
    sender = fresh()
    running_bot.say(sender, "je ne connais aucun élu de ma commune")
    offered = [b["payload"] for m in running_bot.say(sender, "/ask_territory") for b in m.get("buttons", [])]
    choice = next(p for p in offered if "{" in p)
    running_bot.say(sender, choice)
    assert running_bot.tracker(sender)["slots"]["territoire"] == json.loads(choice[choice.index("{") :])["territoire"]
