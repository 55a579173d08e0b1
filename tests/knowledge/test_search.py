from pathlib import Path

import pytest

from bot.knowledge.evaluation import bm25_baseline, evaluate, kb_ranker, load_questions
from bot.knowledge.loader import load_knowledge
from bot.knowledge.repository import KnowledgeBase

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


def test_an_item_is_found_by_the_words_advisors_use_for_it(knowledge_copy, engine):
    from tests.knowledge.test_loader import edit

    # A question only the item's `questions` can match: none of its words is in the item's text.
    question = "kangourou ornithorynque wombat ?"
    load_knowledge(engine, knowledge_copy)
    assert [r.item.id for r in KnowledgeBase(engine).search(question, limit=1)] == []
    edit(
        knowledge_copy,
        "contexte.yml",
        '    questions: ["quels sont les objectifs de ce guide ?",',
        '    questions: ["kangourou ornithorynque wombat", "quels sont les objectifs de ce guide ?",',
    )
    load_knowledge(engine, knowledge_copy)
    assert [r.item.id for r in KnowledgeBase(engine).search(question, limit=1)] == ["contexte-objectifs-guide"]


def test_a_name_much_of_the_content_uses_lifts_its_item_less_than_a_rare_one():
    from bot.knowledge.search import Document, SearchIndex

    common = Document("terme-commun", "sigle", [("inclusion numérique", 3.0)], keys=("inclusion numérique",))
    rare = Document("terme-rare", "sigle", [("fragilité", 3.0)], keys=("fragilité",))
    others = [Document(f"item-{n}", "contexte", [(f"l'inclusion numérique, texte {n}", 1.0)]) for n in range(20)]
    index = SearchIndex([common, rare, *others])
    assert index._key_weights["inclusion numerique"] < 0.2 < 0.9 < index._key_weights["fragilite"]


def test_a_defined_term_quoted_with_another_name_is_the_topic_not_the_answer(loaded):
    # « intelligence artificielle » names a glossary entry, « Metz » a project: the project answers.
    assert loaded.search("exemple intelligence artificielle metz", limit=1)[0].item.id == "projet-metz-hyperviseur"
    assert loaded.search("IA", limit=1)[0].item.id == "sigle-ia"


@pytest.mark.parametrize(
    "query, expected",
    [
        ("ce que dit Dubreuil sur France Numérique Ensemble", "temoignage-dubreuil-fne"),
        ("le Sicoval", "strategie-sicoval"),
        ("Lacq Orthez", "projet-lacq-orthez-numerique-responsable"),
    ],
)
def test_a_surname_or_the_proper_noun_of_a_place_names_its_item(loaded, query, expected):
    assert expected in [r.item.id for r in loaded.search(query, limit=3)]
