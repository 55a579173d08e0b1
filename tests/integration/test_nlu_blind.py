"""The trained model on the blind situation set (bench/blind/situations.yml), through /model/parse.

The set was written from the guide alone by someone who never saw the training
data; half of its situations are told as stories. The floors below are what the
model reaches today (make bench prints the figures): a change that makes the bot
understand advisors' stories less well fails here.
"""

import pytest

from bench import blind_situations

MIN_SITUATION_F1 = 0.92
MIN_NARRATIVE_F1 = 0.85
MAX_OTHERS_AS_SITUATION = 0.03
# 38 of the 39 long polite messages before DIET trained on length-bucketed batches, 37 with them
# and the third writer's stories (two seeds each, bench/ablation.yml): issue 12's 95 % is missed
# by one message, and this floor keeps it from falling further.
MIN_POLITE_ANSWERED = 0.94


@pytest.fixture(scope="module")
def scores(running_bot):
    return blind_situations.run(running_bot.parse)


def test_situations_are_recognised_in_stories_and_plain_messages(scores):
    model = scores["model"]
    assert model["situation_macro_f1"] >= MIN_SITUATION_F1, model["errors"]
    assert model["narrative_macro_f1"] >= MIN_NARRATIVE_F1, model["errors"]


def test_messages_that_are_no_situation_are_rarely_taken_for_one(scores):
    assert scores["model"]["others_as_situation"] <= MAX_OTHERS_AS_SITUATION, scores["model"]["errors"]


def test_long_polite_messages_get_their_situation_not_did_you_mean(scores):
    assert scores["model"]["polite_answered"] >= MIN_POLITE_ANSWERED, scores["model"]["errors"]


def test_the_resolver_really_runs_in_the_served_model(scores, running_bot):
    parse = running_bot.parse(
        "Au début le maire ne me répondait pas ; depuis la réunion de juin il veut un plan sur trois ans"
    )
    assert parse["situation_resolution"]["story"] is True
    assert scores["model"]["narrative_macro_f1"] > scores["diet_alone"]["narrative_macro_f1"]
