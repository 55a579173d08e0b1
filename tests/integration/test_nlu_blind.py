"""The trained model on the blind situation sets (bench/blind/situations*.yml), through /model/parse.

The sets were written from the guide alone by writers who never saw the training
data; half of their situations are told as stories. The floors below are what the
model reaches today (make bench prints the figures): a change that makes the bot
understand advisors' stories less well fails here.
"""

from typing import Dict

import pytest

from bench import blind_situations

FLOORS: Dict[str, Dict[str, float]] = {
    # 38 of the 39 long polite messages before DIET trained on length-bucketed batches, 37 with them
    # and the third writer's stories (two seeds each, bench/ablation.yml): issue 12's 95 % is missed
    # by one message, and this floor keeps it from falling further.
    "situations.yml": {"situation": 0.92, "narrative": 0.85, "others": 0.03, "polite": 0.94},
    # Second writer (2026-12-02), measured on the model of 43291c2: 0.961 / 0.977 / 2 of 72 (2.8 %) /
    # 41 of 45 (91.1 %); on that of cfc3fd6 (negations, polite closings): 0.966 / 0.978 / 1 of 72 /
    # 43 of 45 (95.6 %). The non-situation floor allows 3 of 72, the polite one a message less than
    # today (42 of 45).
    "situations_2.yml": {"situation": 0.94, "narrative": 0.94, "others": 0.042, "polite": 0.93},
}


@pytest.fixture(scope="module", params=blind_situations.BLIND_SETS, ids=lambda p: p.name)
def scored(request, running_bot):
    return FLOORS[request.param.name], blind_situations.run(running_bot.parse, request.param)


def test_situations_are_recognised_in_stories_and_plain_messages(scored):
    floors, scores = scored
    model = scores["model"]
    assert model["situation_macro_f1"] >= floors["situation"], model["errors"]
    assert model["narrative_macro_f1"] >= floors["narrative"], model["errors"]


def test_messages_that_are_no_situation_are_rarely_taken_for_one(scored):
    floors, scores = scored
    assert scores["model"]["others_as_situation"] <= floors["others"], scores["model"]["errors"]


def test_long_polite_messages_get_their_situation_not_did_you_mean(scored):
    floors, scores = scored
    assert scores["model"]["polite_answered"] >= floors["polite"], scores["model"]["errors"]


def test_the_resolver_really_runs_in_the_served_model(scored, running_bot):
    _, scores = scored
    parse = running_bot.parse(
        "Au début le maire ne me répondait pas ; depuis la réunion de juin il veut un plan sur trois ans"
    )
    assert parse["situation_resolution"]["story"] is True
    assert scores["model"]["narrative_macro_f1"] > scores["diet_alone"]["narrative_macro_f1"]
