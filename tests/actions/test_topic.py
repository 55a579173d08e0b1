"""The conversation's topic (actions/topic.py): a follow-up after a list keeps the list's topic."""

import pytest

from actions.fallback import ActionDidYouMean
from actions.refinement import ActionDescribeLevel
from actions.topic import answers_before, is_followup, topic_action


def said(text, action):
    return [
        {"event": "user", "text": text},
        {"event": "action", "name": action},
        {"event": "action", "name": "action_listen"},
    ]


NETWORKS = said("quels réseaux d'élus peuvent relayer ma demande ?", "action_list_networks")


@pytest.mark.parametrize(
    "action, intent, events, text, first",
    [
        # The NLU hears a level question; the topic is still the networks of élus.
        (
            ActionDescribeLevel,
            "ask_level",
            NETWORKS,
            "et avec le département ?",
            "Assemblée des départements de France",
        ),
        (ActionDidYouMean, "nlu_fallback", NETWORKS, "et pour la région ?", "Régions de France"),
        # A follow-up of a follow-up: the topic is the last turn that was not one.
        (
            ActionDescribeLevel,
            "ask_level",
            NETWORKS + said("et avec le département ?", "action_describe_level"),
            "et pour la région ?",
            "Régions de France",
        ),
    ],
)
def test_a_follow_up_after_a_list_keeps_its_topic(run, action, intent, events, text, first):
    events = events + [{"event": "user", "text": text}]
    turn = run(action, intent, text=text, events=events)
    # The network of the level named, alone (one item of the list) with its source.
    assert first in turn.texts[0].splitlines()[0] and "Réseau" in turn.texts[0]


def test_without_a_list_before_a_follow_up_gets_the_facet_it_names(run):
    events = said("je ne connais aucun élu", "action_situation_next_steps") + [
        {"event": "user", "text": "et avec le département ?"}
    ]
    turn = run(ActionDescribeLevel, "ask_level", text="et avec le département ?", events=events)
    assert turn.texts[0].startswith("**Le département**")


def test_the_turns_before_the_current_message_and_their_answers():
    events = NETWORKS + said("et pour la région ?", "action_describe_level") + [{"event": "user", "text": "merci"}]

    class Tracker:
        pass

    tracker = Tracker()
    tracker.events = events
    assert answers_before(tracker) == [
        ("et pour la région ?", "action_describe_level"),
        ("quels réseaux d'élus peuvent relayer ma demande ?", "action_list_networks"),
    ]
    assert topic_action(tracker) == "action_list_networks"
    assert is_followup("Et pour l'interco ?") and not is_followup(
        "et pour la région, quels élus dois-je contacter en premier pour mon projet ?"
    )
