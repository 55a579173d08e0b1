import json

import pytest

from actions.refinement import ActionAdviseRole, ActionDescribeLevel, ActionPitchTerritory, ActionSolveBlocker
from tests.actions.conftest import entity


@pytest.mark.parametrize(
    "value, expected, service",
    [
        ("qpv", "quartiers prioritaires", "Service cohésion sociale"),
        ("QPV", "quartiers prioritaires", "Service cohésion sociale"),
        ("quartiers prioritaires", "quartiers prioritaires", "Service cohésion sociale"),
        ("zrr", "Territoire très rural", "Service développement économique"),
        ("rural", "Territoire très rural", "Service développement économique"),
        ("ecologie", "environnementales", "transition écologique"),
    ],
)
def test_territory_pitch_service_and_projects(run, value, expected, service):
    turn = run(ActionPitchTerritory, "ask_territory", entities=[entity("territoire", value)])
    assert expected in turn.texts[0] and service in turn.texts[0]
    assert "Des exemples de projets" in turn.text
    assert all(t.splitlines()[-1].startswith("Source : guide") for t in turn.texts)


@pytest.mark.parametrize("value", ["qpv", "zrr"])
def test_qpv_and_zrr_mention_the_bonification(run, value):
    assert "50 %" in run(ActionPitchTerritory, "ask_territory", entities=[entity("territoire", value)]).text


def test_territory_kept_from_earlier_is_used(run):
    turn = run(ActionPitchTerritory, "ask_territory", slots={"territoire": "qpv"})
    assert "Service cohésion sociale" in turn.text


@pytest.mark.parametrize("value", [None, "montagne"])
def test_without_a_known_profile_it_offers_the_guides_profiles(run, value):
    entities = [entity("territoire", value)] if value else []
    turn = run(ActionPitchTerritory, "ask_territory", entities=entities)
    payloads = [json.loads("{" + b["payload"].split("{", 1)[1]) for b in turn.buttons]
    assert {p["territoire"] for p in payloads} == {"rural", "qpv", "ecologie"}
    assert "Source" not in turn.text


@pytest.mark.parametrize(
    "value, expected",
    [
        ("departement", ["Le département", "SDAASP", "conseil départemental"]),
        ("region", ["La région", "SCORAN"]),
        ("commune", ["La commune", "CCAS"]),
        ("comcom", ["L'intercommunalité"]),
        ("etat", ["France Numérique Ensemble"]),
    ],
)
def test_level_competences_schemes_and_elus(run, value, expected):
    turn = run(ActionDescribeLevel, "ask_level", entities=[entity("echelon", value)])
    for words in expected:
        assert words in turn.text
    assert turn.texts[-1].splitlines()[-1].endswith("partie 2, p. 7")


def test_level_without_value_offers_the_levels(run):
    payloads = [b["payload"] for b in run(ActionDescribeLevel, "ask_level").buttons]
    assert '/ask_level{"echelon": "departement"}' in payloads and len(payloads) == 5


@pytest.mark.parametrize(
    "value, level_text, level",
    [
        ("maire", "conseil municipal", "commune"),
        ("conseiller-departemental", "conseil départemental", "departement"),
        ("president-intercommunalite", "conseil communautaire", "intercommunalite"),
    ],
)
def test_role_who_and_what_an_elu_does(run, value, level_text, level):
    turn = run(ActionAdviseRole, "ask_role", entities=[entity("role", value)])
    assert level_text in turn.text
    assert "Ce que fait un élu" in turn.text and "Ce qu'il ne fait pas" in turn.text
    assert turn.slot("role") == value and turn.slot("echelon") == level


@pytest.mark.parametrize(
    "value, title, solution",
    [
        ("manque-de-temps", "Le manque de temps", "Simplifiez la transmission d'informations"),
        ("desaccords-entre-elus", "désaccords", "Décloisonnez le sujet"),
        ("mise-en-oeuvre-operationnelle", "mise en œuvre", "professionnels de la médiation"),
    ],
)
def test_blocker_and_its_solutions(run, value, title, solution):
    turn = run(ActionSolveBlocker, "ask_blocker", entities=[entity("frein", value)])
    assert title in turn.texts[0]
    assert solution in turn.texts[1]
    assert turn.slot("frein") == value


def test_blocker_without_value_offers_the_six(run):
    assert len(run(ActionSolveBlocker, "ask_blocker").buttons) == 6


def test_a_blocker_asked_about_in_other_words_gets_its_solutions(run):
    # No synonym of « sentiment d'isolement » here: the search over the blockers finds it.
    turn = run(
        ActionSolveBlocker,
        "ask_blocker",
        text="mon adjointe dit qu'elle porte le sujet toute seule au conseil, je fais quoi ?",
    )
    assert "isolement" in turn.texts[0]
    assert turn.slot("frein") == "sentiment-isolement"


def test_a_role_written_in_full_beats_the_shorter_span_the_nlu_caught(run):
    # The NLU may tag « président » alone, which maps to the intercommunality's president.
    text = "le président du conseil départemental, je peux aller le voir ?"
    turn = run(ActionAdviseRole, "ask_role", text=text, entities=[entity("role", "président de l'interco")])
    assert turn.slot("role") == "president-departement"
    assert "département" in turn.texts[0].splitlines()[0].lower()
