import pytest

from actions.situations import ActionSituationNextSteps
from tests.actions.conftest import entity

SOURCE = "Source : guide « Mobiliser les élus de son territoire » (mai 2024), partie {}, p. {}"


@pytest.mark.parametrize(
    "intent, first_step, second_step",
    [
        ("situation_no_contact", "Faire du premier contact votre priorité", "Identifier des relais proches des élus"),
        ("situation_not_engaged", "Associer les élus dès le lancement", "Faire valoir « l'offre de service »"),
        ("situation_convinced", "S'appuyer sur le contexte national", "Rejoindre la gouvernance départementale"),
    ],
)
def test_answer_first_steps_testimony_resources_then_refining_buttons(run, kb, intent, first_step, second_step):
    turn = run(ActionSituationNextSteps, intent)
    steps_message, *middle, refine = turn.messages
    steps = [line for line in steps_message["text"].splitlines() if line[:2] in {"1.", "2.", "3.", "4.", "5."}]
    assert 3 <= len(steps) <= 5
    assert first_step in steps[0] and second_step in steps[1]
    assert steps_message["text"].splitlines()[-1] == SOURCE.format(3, 14)
    # One testimony, verbatim, with its author.
    quotes = [m["text"] for m in middle if m["text"].startswith("« ")]
    assert len(quotes) == 1
    testimony = next(t for t in kb.of_kind("temoignage") if t.body in quotes[0])
    assert testimony.details["author"] in quotes[0]
    # One or two resources, with their links when known.
    resources = next(m["text"] for m in middle if "Pour vous aider" in m["text"])
    assert 1 <= resources.count("\n- ") <= 2
    assert "](http" in resources
    # Every message drawn from the guide ends with its source.
    for message in [steps_message] + middle:
        assert message["text"].splitlines()[-1].startswith("Source : guide")
    # Then the optional refinements, as buttons.
    payloads = [b["payload"] for b in refine["buttons"]]
    assert {"/ask_territory", "/ask_level", "/ask_role", "/ask_blocker"} <= set(payloads)
    assert turn.slot("situation") == intent


def test_remaining_steps_are_kept_for_voir_plus(run, kb):
    turn = run(ActionSituationNextSteps, "situation_no_contact")
    total = len(kb.situation("situation_no_contact").steps)
    assert "/show_more" in [b["payload"] for b in turn.buttons]
    assert len(turn.slot("more_items")) == total - 4
    assert turn.slot("more_style") == "steps"


@pytest.mark.parametrize(
    "slots, expected",
    [
        ({"territoire": "qpv"}, ["quartiers prioritaires", "Service à approcher : Service cohésion sociale"]),
        ({"territoire": "quartier prioritaire"}, ["quartiers prioritaires"]),
        ({"frein": "manque-de-temps"}, ["Le manque de temps", "Simplifiez la transmission d'informations"]),
    ],
)
def test_context_kept_in_slots_tailors_the_answer(run, slots, expected):
    text = run(ActionSituationNextSteps, "situation_not_engaged", slots=slots).text
    for words in expected:
        assert words in text


@pytest.mark.parametrize(
    "text, entities, expected",
    [
        ("ils sont partants, on est en zrr", [entity("territoire", "zrr")], "Service développement économique"),
        # Words the NLU did not tag are still read from the message itself.
        ("élus motivés dans notre quartier prioritaire", [], "Service cohésion sociale"),
        ("ils veulent avancer mais ils n'ont pas le temps", [], "Simplifiez la transmission d'informations"),
    ],
)
def test_context_named_in_the_message_tailors_the_answer(run, text, entities, expected):
    turn = run(ActionSituationNextSteps, "situation_convinced", text=text, entities=entities)
    assert expected in turn.text


def test_the_level_alone_does_not_lengthen_the_situation_answer(run):
    plain = run(ActionSituationNextSteps, "situation_no_contact")
    with_level = run(ActionSituationNextSteps, "situation_no_contact", slots={"echelon": "commune"})
    assert len(with_level.messages) == len(plain.messages)


def test_changing_the_situation_keeps_the_context(run):
    """ "En fait ils sont convaincus": the new situation's steps, still fitted to the territory."""
    turn = run(
        ActionSituationNextSteps,
        "situation_convinced",
        slots={"situation": "situation_no_contact", "territoire": "ecologie"},
    )
    assert "S'appuyer sur le contexte national" in turn.text
    assert "transition écologique" in turn.text.lower()
    assert turn.slot("situation") == "situation_convinced"


def test_without_a_situation_it_asks_for_one(run):
    turn = run(ActionSituationNextSteps, "affirm")
    assert [m.get("response") for m in turn.messages] == ["utter_ask_situation"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("qui dit que les élus consomment du dispositif sans politique publique ?", "Paul Crémoux"),
        ("au Sicoval c'est qui qui est en lien avec les élus des communes ?", "SICOVAL"),
        # The guide asked about, or a place named, in a message closed by a question.
        ("mes élus font du dispositif sans vision d'ensemble, le guide en parle ?", "Paul Crémoux"),
        ("à Lacq Orthez ils ont motivé leurs élus comment ?", "Lacq"),
    ],
)
def test_a_question_about_the_guide_taken_for_a_situation_gets_its_passage(run, text, expected):
    turn = run(ActionSituationNextSteps, "situation_not_engaged", text=text)
    assert expected in turn.text
    assert "vos prochaines étapes" not in turn.text
    assert turn.slot("situation") is None


@pytest.mark.parametrize(
    "text",
    [
        "je ne connais aucun élu, je fais quoi ?",
        "aucun lien avec les élus ici, comment je les accroche ?",
        # A level or a role named is context, not the subject of the question.
        "je bosse au département et je n'ai jamais vu un élu, par où commencer ?",
    ],
)
def test_a_situation_closed_by_a_question_still_gets_its_steps(run, text):
    turn = run(ActionSituationNextSteps, "situation_no_contact", text=text)
    assert "vos prochaines étapes" in turn.texts[0]
    assert turn.slot("situation") == "situation_no_contact"


def test_a_paraphrased_blocker_tailors_the_answer(run):
    turn = run(ActionSituationNextSteps, "situation_not_engaged", text="ils n'ont jamais le temps pour ça")
    assert "Simplifiez la transmission d'informations" in turn.text


@pytest.mark.parametrize(
    "text, blocker, title",
    [
        # No synonym of a blocker in these words: the search over the blockers finds it.
        (
            "ils me reçoivent mais entre eux ils se disputent sur tout, rien n'avance",
            "desaccords-entre-elus",
            "désaccords",
        ),
        (
            "on se voit régulièrement mais l'adjointe porte le sujet toute seule, les autres ne suivent pas",
            "sentiment-isolement",
            "isolement",
        ),
    ],
)
def test_a_blocker_told_in_other_words_tailors_the_answer_and_is_kept(run, text, blocker, title):
    turn = run(ActionSituationNextSteps, "situation_not_engaged", text=text)
    assert title in turn.text
    assert turn.slot("frein") == blocker


@pytest.mark.parametrize(
    "intent, text",
    [
        # Nothing the search matches well enough: no blocker is made up.
        ("situation_not_engaged", "les élus me connaissent mais rien ne bouge"),
        # Only where a blocker is told (not engaged, a blocker's question): the convinced élu who felt alone
        # tells his past.
        ("situation_convinced", "le maire se sentait seul à porter le sujet, maintenant il veut un plan"),
    ],
)
def test_no_blocker_is_read_where_none_is_told(run, intent, text):
    turn = run(ActionSituationNextSteps, intent, text=text)
    assert turn.slot("frein") is None
    assert "Face à ce frein" not in turn.text
