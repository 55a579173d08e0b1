"""Greeting and help (actions/small_talk.py): their reply, unless the message also asks about the guide."""

import pytest

from actions.small_talk import ActionGreet, ActionHelp


@pytest.mark.parametrize(
    "action, intent, text, response",
    [
        (ActionGreet, "greet", "bonjour", "utter_greet"),
        (ActionGreet, "greet", "salut, ça va ?", "utter_greet"),
        (ActionHelp, "help", "tu sais faire quoi ?", "utter_help"),
        (ActionHelp, "help", "/help", "utter_help"),
    ],
)
def test_small_talk_gets_its_reply(run, action, intent, text, response):
    turn = run(action, intent, text=text)
    assert [m.get("response") for m in turn.messages] == [response]


@pytest.mark.parametrize(
    "action, intent, text, expected",
    [
        (ActionGreet, "greet", "bonjour ! qui a rédigé le guide sur la mobilisation des élus ?", "Camille Tanné"),
        (ActionHelp, "help", "aide moi stp, c'est quoi le SDTAN ?", "SDTAN"),
    ],
)
def test_small_talk_that_asks_about_the_guide_gets_the_passage(run, action, intent, text, expected):
    turn = run(action, intent, text=text)
    assert expected in turn.text
    assert turn.texts[-1].splitlines()[-1].startswith("Source : guide")
