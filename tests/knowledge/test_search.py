from pathlib import Path

import pytest

from bot.knowledge.evaluation import bm25_baseline, evaluate, kb_ranker, load_questions

QUESTIONS = load_questions(Path(__file__).with_name("search_questions.yml"))


def test_question_set_is_large_enough():
    assert len(QUESTIONS) >= 60


def test_search_finds_the_answer_in_the_top_3_and_beats_bm25(loaded):
    ours = evaluate(kb_ranker(loaded), QUESTIONS)
    baseline = evaluate(bm25_baseline(loaded.all_items()), QUESTIONS)
    assert ours.hit_at_3 >= 0.90, ours.misses
    assert ours.hit_at_3 > baseline.hit_at_3
    assert ours.mrr > baseline.mrr


@pytest.mark.parametrize(
    "query, expected",
    [
        ("sdtan", "sigle-sdtan"),
        ("S.D.T.A.N.", "sigle-sdtan"),
        ("Sdtan ?", "sigle-sdtan"),
        ("assosiation des maires ruraux", "reseau-amrf"),
        ("cybersecurite", "contexte-nis2"),
    ],
)
def test_search_is_accent_case_typo_and_acronym_tolerant(loaded, query, expected):
    top3 = [r.item.id for r in loaded.search(query, limit=3)]
    assert expected in top3


def test_results_have_snippet_and_source(loaded):
    result = loaded.search("loi REEN", limit=1)[0]
    assert result.snippet and len(result.snippet) <= 220
    assert result.item.source_line.startswith("Source : guide « Mobiliser les élus de son territoire »")


def test_search_can_be_limited_to_kinds(loaded):
    results = loaded.search("sicoval", limit=5, kinds=["temoignage"])
    assert results and {r.item.kind for r in results} == {"temoignage"}


def test_nonsense_finds_nothing(loaded):
    assert loaded.search("zzzz qqqq") == []
