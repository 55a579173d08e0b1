"""Off-topic messages (actions/out_of_scope.py): refused whatever the slots hold, unless the guide holds them."""

import pytest

from actions.out_of_scope import ActionOutOfScope


@pytest.mark.parametrize(
    "text",
    [
        "t'aurais une recette de crêpes sans oeufs ?",
        "il va pleuvoir ce week-end ?",
        "qui a gagné le match hier soir ?",
        "combien coûte un iphone",
    ],
)
def test_off_topic_is_refused_even_in_the_middle_of_a_situation(run, text):
    turn = run(
        ActionOutOfScope,
        "out_of_scope",
        text=text,
        slots={"situation": "situation_not_engaged", "territoire": "qpv", "frein": "manque-de-temps"},
    )
    assert [m.get("response") for m in turn.messages] == ["utter_out_of_scope"]
    assert turn.events == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("anne claire dubreuil c'est qui ?", "Anne-Claire Dubreuil"),
        ("il date de quand le guide et il fait combien de pages ?", "30 pages"),
        # Words the guide never uses (« rurales », « accompagne »), but a passage scoring STRONG_SCORE.
        (
            "on touche plus d'argent si on accompagne surtout des habitants des quartiers prioritaires"
            " ou des zones rurales ?",
            "bonification",
        ),
    ],
)
def test_a_message_the_guide_answers_is_not_refused(run, text, expected):
    turn = run(ActionOutOfScope, "out_of_scope", text=text)
    assert expected in turn.text
    assert turn.texts[-1].splitlines()[-1].startswith("Source : guide")


def test_a_bot_challenge_gets_the_bot_described_unless_it_names_a_resource(run):
    from actions.out_of_scope import ActionBotChallenge

    plain = run(ActionBotChallenge, "bot_challenge", text="t'es un robot ou une vraie personne ?")
    assert [m.get("response") for m in plain.messages] == ["utter_bot_challenge"]
    named = run(ActionBotChallenge, "bot_challenge", text="portrea c'est fait par qui ?")
    assert "Portrea" in named.text and "TiLab" in named.text


@pytest.mark.parametrize(
    "text",
    [
        "Comment aider une personne à s'inscrire sur les listes électorales en ligne ?",
        "Est-ce qu'un conseiller numérique a le droit de faire campagne pour un candidat aux municipales ?",
    ],
)
def test_off_topic_in_the_guides_own_words_is_still_refused(run, text):
    turn = run(ActionOutOfScope, "out_of_scope", text=text)
    assert [m.get("response") for m in turn.messages] == ["utter_out_of_scope"]
