"""The trained model on phrasings it never saw in training (tests/nlu/), parsed once by the running server.

The same predictions give every figure: per-situation recall, F1 per situation and over all
intents (bench.nlu_quality.report, the figures `make bench` shows), small talk and refusals.
"""

import json
from collections import Counter

import pytest

from bench.nlu_quality import report
from bot.settings import ROOT
from tests.nlu_data import HELD_OUT, SITUATIONS, examples

# 30 held-out sentences per situation: one sentence is 0.033 of recall. Retraining after rewording two
# ask_definition examples (2026-12-01) moved not_engaged from 27/30 to 26/30 (0.87), with the blind
# set's 203 situations unchanged above their floors (tests/integration/test_nlu_blind.py).
MIN_SITUATION_RECALL = 0.86
# DIET on length-bucketed batches with the third writer's stories (2026-12-01): not_engaged 0.889
# (precision 28/33: two no_contact, one convinced and two other sentences taken for it; 0.915
# before), while the blind set's situation F1 rose with both seeds tried (bench/ablation.yml).
MIN_SITUATION_F1 = 0.88
# Over all 26 intents, most with 7 or 8 held-out sentences: one sentence moves an intent's F1 by
# ~0.06 and the macro by ~0.003. Retraining after rewording two ask_definition examples (2026-12-01)
# moved it from 0.857 to 0.849 with every situation above 0.91; the floor leaves room for that noise.
MIN_MACRO_F1 = 0.84
MIN_OTHER_ACCURACY = 0.80
MAX_OTHER_AS_SITUATION = 0.05


@pytest.fixture(scope="module")
def parses(running_bot):
    return [(intent, text, running_bot.parse(text)) for intent, text in examples(HELD_OUT)]


@pytest.fixture(scope="module")
def predictions(parses):
    """What the server answers, the fallback included."""
    return [(intent, text, parse["intent"]["name"]) for intent, text, parse in parses]


@pytest.fixture(scope="module")
def scores(parses):
    """The classifier's own F1, as `rasa test nlu` reports it: a fallback is undone to the intent under it."""
    from rasa.nlu.classifiers.fallback_classifier import is_fallback_classifier_prediction, undo_fallback_prediction

    classified = [undo_fallback_prediction(p) if is_fallback_classifier_prediction(p) else p for _i, _t, p in parses]
    scored = report([intent for intent, _text, _parse in parses], [p["intent"]["name"] for p in classified])
    # Kept for the notes: the per-intent report of the last run.
    (ROOT / "results").mkdir(exist_ok=True)
    (ROOT / "results" / "heldout_intent_report.json").write_text(json.dumps(scored, indent=2), encoding="utf-8")
    return scored


@pytest.mark.parametrize("situation", SITUATIONS)
def test_held_out_f1_of_each_situation(scores, situation):
    assert scores["per_intent"][situation]["f1"] >= MIN_SITUATION_F1, scores["per_intent"][situation]


def test_held_out_macro_f1(scores):
    assert scores["macro_f1"] >= MIN_MACRO_F1, {k: v["f1"] for k, v in scores["per_intent"].items()}


@pytest.mark.parametrize("situation", SITUATIONS)
def test_each_situation_is_recognised(predictions, situation):
    mine = [(text, got) for intent, text, got in predictions if intent == situation]
    misses = [(text, got) for text, got in mine if got != situation]
    recall = 1 - len(misses) / len(mine)
    assert recall >= MIN_SITUATION_RECALL, f"rappel {recall:.2f} ; erreurs : {misses}"


def test_out_of_scope_is_never_a_situation(predictions):
    wrong = [(text, got) for intent, text, got in predictions if intent == "out_of_scope" and got in SITUATIONS]
    assert not wrong


def test_small_talk_is_understood_and_rarely_taken_for_a_situation(predictions):
    others = [(intent, text, got) for intent, text, got in predictions if intent not in SITUATIONS]
    # A low-confidence fallback is an acceptable answer to small talk.
    right = Counter(intent for intent, _text, got in others if got in (intent, "nlu_fallback"))
    as_situation = [(text, got) for _intent, text, got in others if got in SITUATIONS]
    errors = [(intent, text, got) for intent, text, got in others if got not in (intent, "nlu_fallback")]
    assert sum(right.values()) / len(others) >= MIN_OTHER_ACCURACY, errors
    assert len(as_situation) / len(others) <= MAX_OTHER_AS_SITUATION, as_situation
