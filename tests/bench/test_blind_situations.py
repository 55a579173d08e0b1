"""Scoring of the blind situation set and the ablation table (bench/blind_situations.py, bench/ablation.py)."""

import pytest

from bench import ablation, blind_situations
from bot.intents import NLU_FALLBACK, SITUATIONS

NO_CONTACT, NOT_ENGAGED, CONVINCED = SITUATIONS
ROWS = [
    {"text": "a", "expected": NO_CONTACT, "kind": "ordinary"},
    {"text": "b", "expected": NO_CONTACT, "kind": "narrative", "pattern": "lost_contact"},
    {"text": "c", "expected": NOT_ENGAGED, "kind": "narrative", "pattern": "with_blocker"},
    {"text": "d", "expected": CONVINCED, "kind": "polite_long"},
    {"text": "e", "expected": CONVINCED, "kind": "polite_long"},
    {"text": "f", "expected": "other", "kind": "off_topic"},
    {"text": "g", "expected": "other", "kind": "question"},
]


@pytest.mark.parametrize("path", blind_situations.BLIND_SETS, ids=lambda p: p.name)
def test_the_set_is_large_and_half_narrative(path):
    rows = blind_situations.messages(path)
    situations = [r for r in rows if r["expected"] in SITUATIONS]
    assert all(sum(r["expected"] == s for r in rows) >= 50 for s in SITUATIONS)
    assert sum(r["kind"] == "narrative" for r in situations) >= len(situations) / 2 - 5
    assert sum(r["expected"] == "other" for r in rows) >= 60
    assert {r["expected"] for r in rows} == {*SITUATIONS, "other"}


def test_each_figure_counts_what_it_says():
    said = [NO_CONTACT, NOT_ENGAGED, NOT_ENGAGED, CONVINCED, NLU_FALLBACK, NO_CONTACT, "ask_definition"]
    score = blind_situations.score(ROWS, said)
    assert score["others_as_situation"] == 0.5
    assert score["polite_answered"] == 0.5
    assert score["narrative_patterns"] == {
        "lost_contact": {"right": 0, "total": 1},
        "with_blocker": {"right": 1, "total": 1},
    }
    assert [e["text"] for e in score["errors"]] == ["b", "e", "f"]
    # Narratives b and c, both said not_engaged: no_contact F1 0; not_engaged precision 1/2, recall 1,
    # F1 2/3; convinced absent, 0. Mean of the three: 2/9.
    assert score["narrative_macro_f1"] == pytest.approx(2 / 9, abs=0.001)


def test_a_perfect_answer_scores_one():
    said = [r["expected"] if r["expected"] in SITUATIONS else "greet" for r in ROWS]
    score = blind_situations.score(ROWS, said)
    assert (score["situation_macro_f1"], score["others_as_situation"], score["polite_answered"]) == (1.0, 0.0, 1.0)


@pytest.mark.parametrize(
    "diet, runner_up, expected",
    [
        ({"name": NOT_ENGAGED, "confidence": 0.9}, 0.05, NOT_ENGAGED),
        ({"name": NOT_ENGAGED, "confidence": 0.45}, 0.3, NLU_FALLBACK),  # under the threshold
        ({"name": NOT_ENGAGED, "confidence": 0.55}, 0.5, NLU_FALLBACK),  # too close to the second
    ],
)
def test_what_diet_alone_would_have_said(diet, runner_up, expected):
    parse = {
        "intent": {"name": CONVINCED, "confidence": 0.8},
        "situation_resolution": {"diet": diet, "diet_runner_up": runner_up},
    }
    assert blind_situations.diet_alone(parse, {"threshold": 0.5, "ambiguity_threshold": 0.1}) == expected


def test_a_message_the_resolver_left_alone_is_what_the_model_said():
    assert (
        blind_situations.diet_alone({"intent": {"name": "greet"}}, {"threshold": 0.5, "ambiguity_threshold": 0.1})
        == "greet"
    )


def test_the_fallback_thresholds_come_from_config():
    assert blind_situations.fallback_settings() == {"threshold": 0.5, "ambiguity_threshold": 0.1}


def test_the_ablation_table_keeps_the_recorded_rows_and_adds_the_current_model():
    blind = {"situation_macro_f1": 0.9, "narrative_macro_f1": 0.8, "others_as_situation": 0.02, "polite_answered": 0.95}
    result = {
        "nlu": {
            "blind_situations": {"model": blind, "diet_alone": {**blind, "narrative_macro_f1": 0.7}},
            "cross_validation": None,
        },
        "costs": {"last_training": {"seconds": 280.0}},
    }
    rows = ablation.table(result)
    assert rows[:-2] == ablation.recorded()
    assert [r["blind"]["narrative_macro_f1"] for r in rows[-2:]] == [0.7, 0.8]
    text = "\n".join(ablation.markdown(rows))
    assert "| modèle actuel (DIET + résolveur de situation) | 0.900 | 0.800 | 2.0% | 95.0% | — | — | 280 s |" in text


def test_the_ablation_table_shows_the_second_blind_set_beside_the_first():
    blind = {"situation_macro_f1": 0.9, "narrative_macro_f1": 0.8, "others_as_situation": 0.02, "polite_answered": 0.95}
    second = {**blind, "situation_macro_f1": 0.88, "polite_answered": 0.9}
    result = {
        "nlu": {
            "blind_situations": {"model": blind, "diet_alone": blind},
            "blind_situations_2": {"model": second, "diet_alone": blind},
            "cross_validation": None,
        },
        "costs": {"last_training": {"seconds": 280.0}},
    }
    rows = ablation.table(result)
    assert rows[-1]["blind_2"]["situation_macro_f1"] == 0.88
    text = "\n".join(ablation.markdown(rows))
    assert "| 0.880 / 0.800 / 2.0% / 90.0% |" in text
