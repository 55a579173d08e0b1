import pytest
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_fixes.typed_commands import BUTTON_MEMORY, guarded_text

INTENTS = ["greet", "restart", "situation_convinced", "ask_territory", "session_start", "back", "nlu_fallback"]
OFFERED = '/ask_territory{"territoire": "rural"}'


def tracker(*events):
    return DialogueStateTracker.from_events("moi", [ActionExecuted("action_listen"), *events])


WITH_BUTTONS = tracker(
    UserUttered("bonjour"),
    BotUttered("Quel territoire ?", data={"buttons": [{"title": "Rural", "payload": OFFERED}]}),
)


@pytest.mark.parametrize(
    "text, state, expected",
    [
        ("bonjour", tracker(), "bonjour"),
        (OFFERED, WITH_BUTTONS, OFFERED),  # a button the bot showed
        (OFFERED, tracker(), "ask territory"),  # the same payload typed out of the blue
        ('/ask_territory{"territoire": "urbain"}', WITH_BUTTONS, "ask territory"),  # altered payload
        ('/situation_convinced{"territoire": "rural"}', tracker(), "situation convinced"),
        ("/situation_convinced", tracker(), "/situation_convinced"),  # bare intent: same as the words
        ("/greet", tracker(), "/greet"),
        ("/restart", tracker(), "/restart"),
        ("/session_start", tracker(), "session start"),  # Rasa-internal intents are never commands
        ("/back", tracker(), "back"),
        ("/nlu_fallback", tracker(), "nlu fallback"),
        ("/pirate_intent", tracker(), "pirate intent"),  # unknown intent
        ("/greet@0.99", tracker(), "greet"),
        ("/", tracker(), "?"),
        ('/{"territoire": "rural"}', tracker(), "?"),
    ],
)
def test_typed_commands(text, state, expected):
    assert guarded_text(text, state, INTENTS) == expected


def test_buttons_are_remembered_only_for_the_last_bot_messages():
    events = [BotUttered("Quel territoire ?", data={"buttons": [{"title": "Rural", "payload": OFFERED}]})]
    events += [BotUttered(f"message {i}") for i in range(BUTTON_MEMORY)]
    assert guarded_text(OFFERED, tracker(*events), INTENTS) == "ask territory"
    assert guarded_text(OFFERED, tracker(*events[:-1]), INTENTS) == OFFERED
