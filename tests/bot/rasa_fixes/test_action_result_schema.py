import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

from bot.rasa_fixes import action_result_schema

action_result_schema.install()
ACTION = RemoteAction("action_define_term", EndpointConfig("http://127.0.0.1:1/webhook"))


@pytest.mark.parametrize(
    "result",
    [
        {"events": [], "responses": []},
        {"events": [{"event": "slot", "name": "territoire", "value": "rural"}], "responses": [{"text": "Bonjour"}]},
        {"responses": [{"text": "Bonjour", "buttons": [{"title": "Oui", "payload": "/affirm"}]}]},
    ],
)
def test_a_valid_response_passes(result):
    assert ACTION._validate_action_result(result) is True


@pytest.mark.parametrize(
    "result",
    [
        {"events": "slot"},
        {"events": [{"name": "territoire"}]},
        {"events": [{"event": "slot", "name": 3, "value": "x"}]},
        {"responses": "Bonjour"},
    ],
)
def test_an_invalid_response_is_refused_as_stock_rasa_does(result):
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        ACTION._validate_action_result(result)


def test_the_schema_is_checked_once_not_on_every_response():
    action_result_schema._validator.cache_clear()
    for _ in range(3):
        ACTION._validate_action_result({"events": []})
    assert action_result_schema._validator.cache_info().misses == 1
