"""Follow-ups (actions/followup.py): « et pour X ? » answered for the level, territory, role or blocker X."""

import pytest

from actions.fallback import ActionDidYouMean
from actions.questions import ActionDefineTerm, ActionListNetworks
from actions.refinement import ActionDescribeLevel

RANKING = [
    {"name": "nlu_fallback", "confidence": 0.4},
    {"name": "ask_networks", "confidence": 0.3},
    {"name": "situation_no_contact", "confidence": 0.2},
]
AFTER_A_SITUATION = {"situation": "situation_no_contact"}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Et pour l'intercommunalité ?", "**L'intercommunalité**"),
        ("et pour le département ?", "**Le département**"),
        ("et si c'est en zone rurale ?", "ZRR"),
        ("et si on est en QPV ?", "Service cohésion sociale"),
    ],
)
def test_a_follow_up_the_nlu_cannot_place_gets_the_facet_it_names(run, text, expected):
    turn = run(ActionDidYouMean, "nlu_fallback", text=text, ranking=RANKING, slots=AFTER_A_SITUATION)
    assert expected in turn.text
    assert not any(b["payload"] == "/ask_networks" for b in turn.buttons)


def test_a_follow_up_taken_for_a_list_gets_the_facet_it_names(run):
    # « intercommunalité » is also in « Intercommunalités de France », a network of élus.
    turn = run(ActionListNetworks, "ask_networks", text="et pour l'interco ?", slots=AFTER_A_SITUATION)
    assert "**L'intercommunalité**" in turn.text
    assert turn.slot("echelon") == "intercommunalite"


def test_a_list_request_naming_a_level_without_the_follow_up_opening_keeps_its_list(run):
    turn = run(ActionListNetworks, "ask_networks", text="les réseaux d'élus de l'intercommunalité")
    assert "Association des maires de France" in turn.text


def test_a_long_message_mentioning_a_level_is_no_follow_up(run):
    text = "je ne sais pas trop quoi faire avec ce que vous m'avez dit sur le département et la région, on verra"
    turn = run(ActionDidYouMean, "nlu_fallback", text=text, ranking=RANKING)
    # Not answered as « et pour le département ? »: the fallback's closest passage and its choices.
    assert turn.texts[0] == "Voici ce que le guide dit de plus proche de votre message :"
    assert turn.buttons


def test_the_topic_of_an_answer_carries_to_the_next_question(run):
    epci = run(ActionDefineTerm, "ask_definition", text="c'est quoi un EPCI ?")
    assert epci.slot("echelon") == "intercommunalite"
    then = run(ActionDescribeLevel, "ask_level", text="et ses compétences ?", slots={"echelon": epci.slot("echelon")})
    assert "**L'intercommunalité**" in then.text
