"""The running bot on the blind look-up and conversation sets (bench/blind/, issue 13), through REST.

Both sets were written from the guide alone by someone who never saw the
training data or the tests. The floors are what the bot reaches today (make
bench prints the figures): a change that answers advisors' questions, or
follows their conversations, less well fails here.
"""

import pytest

from bench import blind_answers

# Measured 2026-12-02 (knowledge with its `questions`, the question rules of actions/): look-ups
# 0.599 → 0.665, turns 0.747 → 0.758, conversations 0.367 → 0.400; the floors leave room for a
# retrained model's spread (a seed moves a few answers).
MIN_LOOKUPS_RIGHT = 0.63
MIN_TURNS_RIGHT = 0.72
MIN_CONVERSATIONS_RIGHT = 0.36


@pytest.fixture(scope="module")
def scores(running_bot):
    return blind_answers.run(running_bot.settings.rasa_url, running_bot.settings.rasa_auth_token)


def test_look_up_questions_are_answered_with_their_facts(scores):
    lookups = scores["lookups"]
    assert lookups["share"] >= MIN_LOOKUPS_RIGHT, lookups["misses"][:10]


def test_conversations_are_followed_turn_after_turn(scores):
    convs = scores["conversations"]
    assert convs["turn_share"] >= MIN_TURNS_RIGHT, convs["misses"][:10]
    assert convs["conversation_share"] >= MIN_CONVERSATIONS_RIGHT, convs["by_kind"]


def test_off_topic_turns_are_refused_in_the_middle_of_a_conversation(scores):
    refused = [m for m in scores["conversations"]["misses"] if any("hors sujet" in p for p in m["problems"])]
    off_topic = sum(bool(t.get("out_of_scope")) for c in blind_answers.conversations() for t in c["turns"])
    assert len(refused) <= off_topic // 4, refused
