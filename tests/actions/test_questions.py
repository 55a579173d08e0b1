import pytest

from actions.fallback import ActionDidYouMean
from actions.pagination import ActionShowMore
from actions.questions import (
    ActionDefineTerm,
    ActionExplainContext,
    ActionExplainRoadmap,
    ActionListFunding,
    ActionListNetworks,
    ActionListTools,
    ActionShowProjects,
    ActionShowTestimony,
)
from actions.situations import ActionSituationNextSteps
from bot.knowledge.database import create_kb_engine
from bot.knowledge.repository import KnowledgeBase
from tests.actions.conftest import entity


@pytest.mark.parametrize(
    "text, term, expected",
    [
        ("c'est quoi le SDTAN ?", "SDTAN", "**SDTAN**"),
        ("sdaasp ?", "sdaasp", "**SDAASP**"),
        ("que veut dire S.D.T.A.N.", "S.D.T.A.N.", "**SDTAN**"),
        ("c'est quoi un tiers lieu", "tiers lieu", "tiers-lieu"),
        ("definition qpv", None, "**QPV**"),
    ],
)
def test_definition_from_the_glossary_with_its_source(run, text, term, expected):
    entities = [entity("sigle", term)] if term else []
    turn = run(ActionDefineTerm, "ask_definition", text=text, entities=entities)
    assert expected in turn.text
    assert turn.text.splitlines()[-1].startswith("Source : guide")


@pytest.mark.parametrize("text, term", [("c'est quoi le PLU ?", "PLU"), ("que veut dire PCAET", "PCAET")])
def test_an_acronym_the_guide_lacks_is_said_so(run, text, term):
    turn = run(ActionDefineTerm, "ask_definition", text=text, entities=[entity("sigle", term)])
    assert f"« {term} » ne figure pas dans le guide" in turn.text
    assert "Source" not in turn.text


@pytest.mark.parametrize(
    "action, intent, text, entities, expected",
    [
        (ActionListFunding, "ask_funding", "comment financer mes ateliers", [], ["Aides-territoires"]),
        (ActionListTools, "ask_tools", "indice de fragilité numérique", [], ["Indice de Fragilité Numérique"]),
        (ActionListNetworks, "ask_networks", "réseaux d'élus ?", [], ["Association des maires de France"]),
        (ActionListNetworks, "ask_networks", "asso des élus de la montagne", [], ["élus de la montagne"]),
        (ActionShowProjects, "ask_projects", "un projet avec de l'IA", [entity("theme", "ia")], ["Metz"]),
        (
            ActionShowProjects,
            "ask_projects",
            "des exemples en quartier prioritaire",
            [entity("territoire", "quartier prioritaire")],
            ["Brest"],
        ),
        (ActionShowTestimony, "ask_testimony", "un témoignage sur la loi REEN", [], ["REEN", "Anne-Claire Dubreuil"]),
        (ActionExplainRoadmap, "ask_roadmap", "qui doit être dans le groupe projet", [], ["groupe projet"]),
        (ActionExplainContext, "ask_context", "la circulaire du 28 juillet 2023", [], ["28 juillet 2023"]),
        (ActionExplainContext, "ask_context", "NIS2", [], ["NIS2"]),
    ],
)
def test_guide_questions_get_the_guides_answer_with_source(run, action, intent, text, entities, expected):
    turn = run(action, intent, text=text, entities=entities)
    for words in expected:
        assert words in turn.text
    assert turn.texts[-1].splitlines()[-1].startswith("Source : guide")


def test_projects_follow_the_territory_kept_in_the_conversation(run):
    turn = run(ActionShowProjects, "ask_projects", text="des exemples de projets ?", slots={"territoire": "qpv"})
    assert "Brest" in turn.text or "Bordeaux" in turn.text
    assert "Metz" not in turn.text


def test_a_territory_without_a_profile_in_the_guide_is_said_so(run):
    from actions.refinement import ActionPitchTerritory

    turn = run(ActionPitchTerritory, "ask_territory", text="on est en zone périurbaine")
    assert [m.get("text") for m in turn.messages][0].startswith("Le guide ne donne pas d'argumentaire propre")


def test_long_lists_are_paginated_and_voir_plus_shows_the_rest(run, kb):
    first = run(ActionListNetworks, "ask_networks", text="réseaux d'élus")
    assert first.text.count("\n- ") == 5
    assert "/show_more" in [b["payload"] for b in first.buttons]
    rest = first.slot("more_items")
    assert len(rest) == 5
    second = run(ActionShowMore, "show_more", slots={"more_items": rest, "more_style": "items", "more_start": 6})
    assert second.text.count("\n- ") == 5
    assert not second.buttons
    assert second.slot("more_items") is None
    shown = {n.title for n in kb.of_kind("ressource", category="reseau-elus")}
    assert all(title in first.text + second.text for title in shown)


def test_voir_plus_continues_the_step_numbering(run):
    first = run(ActionSituationNextSteps, "situation_no_contact")
    more = run(
        ActionShowMore,
        "show_more",
        slots={"more_items": first.slot("more_items"), "more_style": "steps", "more_start": first.slot("more_start")},
    )
    assert more.texts[0].splitlines()[1].startswith("5. ")


def test_voir_plus_with_nothing_left(run):
    assert [m.get("response") for m in run(ActionShowMore, "show_more").messages] == ["utter_nothing_more"]


RANKING = [
    {"name": "nlu_fallback", "confidence": 0.5},
    {"name": "greet", "confidence": 0.3},
    {"name": "ask_funding", "confidence": 0.25},
    {"name": "situation_convinced", "confidence": 0.2},
    {"name": "ask_tools", "confidence": 0.1},
]


@pytest.mark.parametrize("text", ["bof", "recette de la tartiflette", "combien coute un iphone", ""])
def test_did_you_mean_offers_the_two_best_candidates(run, text):
    turn = run(ActionDidYouMean, "nlu_fallback", text=text, ranking=RANKING, events=[{"event": "user", "text": text}])
    assert turn.texts == ["Je ne suis pas sûr d'avoir compris. Vouliez-vous dire :"]
    assert [b["payload"] for b in turn.buttons] == ["/ask_funding", "/situation_convinced"]
    assert turn.buttons[0]["title"] == "Financer les actions"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("CCAS", "**CCAS**"),
        ("avicca", "[AVICCA](https://www.avicca.org/)"),
        ("micro folie", "**micro-folie**"),
        ("bains douches numériques tulle", "Tulle"),
        ("fabien portal", "Fabien Portal"),
    ],
)
def test_a_look_up_the_nlu_cannot_place_is_answered_from_the_guide(run, text, expected):
    turn = run(ActionDidYouMean, "nlu_fallback", text=text, ranking=RANKING, events=[{"event": "user", "text": text}])
    intro, answer, more = turn.texts
    assert intro == "Voici ce que le guide dit de plus proche de votre message :"
    assert expected in answer
    assert answer.splitlines()[-1].startswith("Source : guide")
    assert more.startswith("Si ce n'est pas ce que vous cherchiez")
    assert [b["payload"] for b in turn.buttons] == ["/ask_funding", "/situation_convinced"]


def test_still_unclear_after_did_you_mean_gives_the_default_reply(run):
    events = [
        {"event": "action", "name": "action_did_you_mean"},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "hein"},
    ]
    ranking = [{"name": "nlu_fallback"}, {"name": "ask_tools"}, {"name": "ask_funding"}]
    turn = run(ActionDidYouMean, "nlu_fallback", text="hein", ranking=ranking, events=events)
    assert [m.get("response") for m in turn.messages] == ["utter_default"]


@pytest.mark.parametrize(
    "action, intent",
    [
        (ActionSituationNextSteps, "situation_no_contact"),
        (ActionListFunding, "ask_funding"),
        (ActionDefineTerm, "ask_definition"),
        (ActionDidYouMean, "nlu_fallback"),
    ],
)
def test_knowledge_base_down_gives_a_french_apology(run, action, intent):
    down = KnowledgeBase(create_kb_engine("postgresql://personne@127.0.0.1:1/rien"))
    turn = run(action, intent, text="sdtan", knowledge_base=lambda: down)
    assert [m.get("response") for m in turn.messages] == ["utter_kb_unavailable"]
    assert turn.events == []


def test_a_question_in_the_guide_s_words_is_answered_under_the_full_bar(run, kb):
    # Every word is the guide's; the first passage scores between KNOWN_WORDS_SCORE and
    # ANSWER_MIN_SCORE, less than 1.5 times the second.
    from actions.retrieval import ANSWER_MIN_SCORE, KNOWN_WORDS_SCORE

    text = "un élu peut me donner des contacts ?"
    first, second = kb.search(text, limit=2)
    assert KNOWN_WORDS_SCORE <= first.score < ANSWER_MIN_SCORE and first.score < 1.5 * second.score
    turn = run(ActionDidYouMean, "nlu_fallback", text=text, ranking=RANKING, events=[{"event": "user", "text": text}])
    assert turn.texts[0] == "Voici ce que le guide dit de plus proche de votre message :"
    assert first.item.title in turn.texts[1]


def test_a_list_question_about_one_item_gets_it_in_full(run, kb):
    turn = run(ActionListTools, "ask_tools", text="quels outils : le tableau de bord national, il montre quoi ?")
    item = kb.item("tableau-de-bord-national-inclusion-numerique")
    assert len(turn.texts) == 1 and item.body in turn.text
    assert turn.text.splitlines()[-1].startswith("Source : guide")
