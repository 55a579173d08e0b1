import pytest

from bench import report
from bot.intents import SITUATIONS

TRUTH = ["situation_no_contact"] * 4 + ["situation_not_engaged"] * 4 + ["situation_convinced"] * 4 + ["greet"] * 2
SAID = (
    ["situation_no_contact"] * 3
    + ["situation_not_engaged"]
    + ["situation_not_engaged"] * 4
    + ["situation_convinced"] * 3
    + ["greet"]
    + ["greet"] * 2
)


def _turn(p95: float, per_second: float) -> dict:
    return {
        "requests": 100,
        "errors": 0,
        "p50_ms": p95 / 2,
        "p95_ms": p95,
        "p99_ms": p95 * 1.1,
        "per_second": per_second,
    }


def _result(turn_p95: float, c8_per_second: float, kb_p95: float) -> dict:
    from bench.nlu_quality import report as nlu_report

    held = nlu_report(TRUTH, SAID)
    return {
        "date": "2026-11-29T12:00:00+00:00",
        "machine": {"cpu_count": 2},
        "kb_search": {
            "search": {"hit@1": 0.8, "hit@3": 0.9, "mrr": 0.85},
            "bm25_baseline": {"hit@1": 0.6, "hit@3": 0.7, "mrr": 0.65},
            "latency_ms": {"p50": 1.0, "p95": kb_p95, "p99": kb_p95},
        },
        "nlu": {
            "held_out": held,
            "cross_validation": {
                "folds": 5,
                "seconds": 1200.0,
                "reused": True,
                "pooled": held,
                "across_folds": {k: {"mean": 0.9, "std": 0.02} for k in ("accuracy", "macro_f1", *SITUATIONS)}
                | {"nlu_fallback_share": {"mean": 0.12, "std": 0.01}},
            },
        },
        "answers": {
            "questions": 10,
            "right": 9,
            "share": 0.9,
            "misses": [{"question": "ccas ?", "missing": ["centre communal d'action sociale"]}],
        },
        "speed": {
            "parse": _turn(20, 50),
            "turns": {"c1": _turn(turn_p95, 15), "c8": _turn(300, c8_per_second)},
            "turn_to_parse_p95": 3.0,
        },
        "costs": {
            "last_training": {"seconds": 300.0, "date": "2026-11-29"},
            "cold_start_s": 30.0,
            "peak_memory_mb": {"Rasa": 1500.0},
            "model_mb": 27.0,
        },
    }


@pytest.mark.parametrize(
    "turn_p95, c8, kb_p95, met",
    [(50, 45, 2, [True, True, True]), (61, 45, 2, [False, True, True]), (60, 39.9, 5.1, [True, False, False])],
)
def test_each_target_is_met_or_missed_against_its_goal(turn_p95, c8, kb_p95, met):
    assert [t["met"] for t in report.targets(_result(turn_p95, c8, kb_p95))] == met


def test_the_table_shows_the_spread_of_the_folds_the_confusions_and_the_misses():
    result = _result(50, 45, 2)
    result["targets"] = report.targets(result)
    text = report.markdown(result)
    assert "validation croisée 5 plis (14 phrases)" in text
    assert "0.900 ± 0.020" in text
    assert "(nlu_fallback) | 0.120 ± 0.010 |" in text
    assert "| no_contact | 3 | 1 | 0 | 0 |" in text
    assert "« ccas ? » : « centre communal d'action sociale »" in text
    assert "| tour REST p95, concurrence 1 | <= 60 ms | 50 | oui |" in text


def test_the_nlu_report_counts_what_the_fallback_held_back():
    from bench.nlu_quality import report as nlu_report

    held = nlu_report(["greet", "greet", "thanks", "thanks"], ["greet", "nlu_fallback", "thanks", "nlu_fallback"])
    assert held["nlu_fallback_share"] == 0.5
    assert held["per_intent"]["greet"]["recall"] == 0.5 and held["per_intent"]["greet"]["precision"] == 1.0


def test_the_table_shows_the_blind_answer_sets():
    result = _result(50, 45, 2)
    result["targets"] = report.targets(result)
    result["blind_answers"] = {
        "lookups": {"questions": 182, "right": 91, "share": 0.5},
        "conversations": {
            "conversations": 30,
            "turns": 91,
            "turns_right": 60,
            "turn_share": 0.659,
            "conversations_right": 9,
            "conversation_share": 0.3,
        },
    }
    result["dev_answers"] = {
        "lookups": {"questions": 209, "right": 150, "share": 0.718},
        "refusals": {"questions": 30, "passage_shown": 4},
        "conversations": {
            "conversations": 36,
            "turns": 99,
            "turns_right": 70,
            "turn_share": 0.707,
            "conversations_right": 12,
            "conversation_share": 0.333,
        },
    }
    text = report.markdown(result)
    assert "réponses avec tous leurs faits | 91 / 182 (50.0%) |" in text
    assert "jeu de réglage (209 + 30 hors guide, bench/dev/)" in text and "| 150 / 209 (71.8%) / 4 / 30 |" in text
    assert "jeu de réglage (36 conversations, 99 tours)" in text and "| 70 / 99 (70.7%) / 12 / 36 (33.3%) |" in text
    assert "| 60 / 91 (65.9%) / 9 / 30 (30.0%) |" in text


def test_the_whole_answer_on_screen_is_reported_and_held_to_one_second():
    result = _result(50, 45, 2)
    result["speed"]["whole_answer_on_screen"] = {
        "definition": {"tries": 10, "p50_ms": 210.0, "p95_ms": 260.5, "max_ms": 270.0, "messages": 1},
        "situation": {"tries": 10, "p50_ms": 900.0, "p95_ms": 1200.0, "max_ms": 1300.0, "messages": 5},
    }
    rows = {t["target"]: t["met"] for t in report.targets(result)}
    assert rows["réponse entière à l'écran p95, définition"] is True
    assert rows["réponse entière à l'écran p95, situation"] is False
    result["targets"] = report.targets(result)
    text = report.markdown(result)
    assert "la réponse à une situation, 10 essais, 5 message(s) | 900.0 ms | 1200.0 ms |" in text
