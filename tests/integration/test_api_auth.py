"""RASA_AUTH_TOKEN protects the Rasa HTTP API route by route; / , /version and the channel webhooks stay open."""

from __future__ import annotations

import pytest
import requests

from tests.support.stack import started_stack

TOKEN = "jeton-de-test-6b1f0c"


@pytest.fixture(scope="module")
def secured_bot(tmp_path_factory):
    with started_stack(tmp_path_factory, RASA_AUTH_TOKEN=TOKEN) as bot:
        yield bot


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


def test_banner_lists_only_rest_and_socketio(secured_bot):
    log = secured_bot.log.read_text(errors="replace")
    active = log.split("Canaux actifs :", 1)[1].split("Canaux désactivés", 1)[0]
    assert "REST" in active and "socket.io" in active
    assert "Mattermost" not in active and "Slack" not in active
    assert "MATTERMOST_WEBHOOK_TOKEN" in log and "SLACK_SIGNING_SECRET" in log
