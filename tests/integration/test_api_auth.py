"""RASA_AUTH_TOKEN protects the Rasa HTTP API route by route; / , /version and the channel webhooks stay open.

The banner of a stack without Mattermost and Slack is checked in tests/bot/test_stack.py.
"""

from __future__ import annotations

import pytest
import requests

from tests.support.stack import API_TOKEN as TOKEN


@pytest.fixture(scope="module")
def secured_bot(running_bot):
    """The session's stack: its API is behind RASA_AUTH_TOKEN, as in production."""
    assert running_bot.settings.rasa_auth_token == TOKEN
    return running_bot


PROTECTED = [
    ("GET", "/status", None),
    ("GET", "/domain", None),
    ("POST", "/model/parse", {"text": "bonjour"}),
    ("GET", "/conversations/auth-test/tracker", None),
    ("POST", "/conversations/auth-test/messages", {"text": "bonjour", "sender": "user"}),
    ("POST", "/conversations/auth-test/trigger_intent", {"name": "greet"}),
    ("POST", "/conversations/auth-test/predict", None),
    ("PUT", "/conversations/auth-test/tracker/events", []),
    ("GET", "/conversations/auth-test/story", None),
    ("POST", "/model/predict", []),
]


@pytest.mark.parametrize("method, path, body", PROTECTED, ids=[f"{m} {p}" for m, p, _ in PROTECTED])
def test_api_route_needs_the_token(secured_bot, method, path, body):
    url = f"{secured_bot.settings.rasa_url}{path}"

    def call(**params):
        return requests.request(
            method, url, json=body, params=params, headers={"Accept": "application/json"}, timeout=30
        ).status_code

    assert call() == 401
    assert call(token="pas-le-bon") == 401
    assert call(token=TOKEN) < 400


@pytest.mark.parametrize("path", ["/", "/version", "/webhooks/rest/", "/webhooks/socketio/"])
def test_open_routes_answer_without_token(secured_bot, path):
    assert requests.get(f"{secured_bot.settings.rasa_url}{path}", timeout=10).status_code == 200


def test_rest_webhook_needs_no_token(secured_bot):
    answer = requests.post(
        f"{secured_bot.settings.rasa_url}/webhooks/rest/webhook",
        json={"sender": "auth-rest", "message": "Bonjour"},
        timeout=30,
    )
    assert answer.status_code == 200
    assert answer.json() and "Cap Élus" in answer.json()[0]["text"]
