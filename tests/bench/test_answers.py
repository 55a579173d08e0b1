import pytest

from bench import answers
from bot.settings import ROOT


@pytest.mark.parametrize(
    "reply, facts, missing",
    [
        (
            "**SDTAN** : Schéma directeur territorial d’aménagement numérique",
            ["schema directeur territorial d'amenagement"],
            [],
        ),
        ("Le CCAS agit pour…", ["CCAS", "centre communal"], ["centre communal"]),
        ("Voici   les étapes\nsuivantes", ["les etapes suivantes"], []),
        ("", ["quoi que ce soit"], ["quoi que ce soit"]),
    ],
)
def test_facts_are_found_whatever_the_case_accents_and_markdown(reply, facts, missing):
    assert answers.missing_facts(reply, facts) == missing


def test_every_fact_of_the_faq_can_be_found_in_the_knowledge_files():
    """The replies are rendered from knowledge/: a fact absent from it could never be matched."""
    files = sorted((ROOT / "knowledge").rglob("*.y*ml"))
    corpus = answers.fold("\n".join(p.read_text(encoding="utf-8") for p in files))
    questions = answers.load_faq()
    assert len(questions) >= 50
    unreachable = [(q.text, f) for q in questions for f in q.facts if answers.fold(f) not in corpus]
    assert unreachable == []


def test_a_question_without_facts_is_refused(tmp_path):
    faq = tmp_path / "faq.yml"
    faq.write_text('questions:\n  - q: "sdtan"\n    facts: []\n', encoding="utf-8")
    with pytest.raises(ValueError, match="sans fait attendu"):
        answers.load_faq(faq)
