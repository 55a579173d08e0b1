"""The REST round trip through real servers started like `make run`."""

import re

import pytest
import requests

from bot.intents import SITUATIONS

SOURCE_LINE = re.compile(r"^Source : guide « Mobiliser les élus de son territoire » \(mai 2024\), partie \d, p\. \d+$")


def test_root_answers_once_ready(running_bot):
    assert requests.get(f"{running_bot.settings.rasa_url}/", timeout=5).status_code == 200


def test_trained_model_is_loaded(running_bot):
    status = requests.get(f"{running_bot.settings.rasa_url}/status", params=running_bot.token_params, timeout=5).json()
    assert status["model_file"].endswith("cap-elus.tar.gz")
    assert status["model_id"]


def test_action_server_health(running_bot):
    response = requests.get(f"{running_bot.settings.actions_url}/health", timeout=5)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_acceptance_phrase_is_no_contact(running_bot):
    parse = running_bot.parse("je ne connais aucun élu de ma commune")
    assert parse["intent"]["name"] == "situation_no_contact"


def test_greeting_presents_the_bot_with_three_situation_buttons(running_bot):
    messages = running_bot.say("test-greet", "Bonjour")
    assert messages, "le bot n'a rien répondu"
    text = " ".join(m.get("text", "") for m in messages)
    assert "Cap Élus" in text and "élus" in text
    buttons = [b for m in messages for b in m.get("buttons", [])]
    assert [b["payload"] for b in buttons] == [f"/{s}" for s in SITUATIONS]
    assert all(b["title"] for b in buttons)


@pytest.mark.parametrize(
    "situation, expected",
    [
        ("situation_no_contact", ["relais", "noyau dur"]),
        ("situation_not_engaged", ["dès le lancement", "offre de service"]),
        ("situation_convinced", ["contexte national", "feuille de route"]),
    ],
)
def test_situation_button_answers_first_with_next_steps_and_source(running_bot, situation, expected):
    messages = running_bot.say(f"test-{situation}", f"/{situation}")
    steps = messages[0]["text"]
    numbered = re.findall(r"^\d\. ", steps, flags=re.M)
    assert 3 <= len(numbered) <= 5, steps
    for word in expected:
        assert word in steps
    assert SOURCE_LINE.match(steps.splitlines()[-1]), steps
    # Every message drawn from the guide names its source on its last line; the refining
    # choices come last, as buttons.
    for message in messages[1:-1]:
        assert SOURCE_LINE.match(message["text"].splitlines()[-1]), message["text"]
    assert {b["payload"] for b in messages[-1]["buttons"]} >= {"/ask_territory", "/ask_blocker"}


@pytest.mark.parametrize(
    "message, situation",
    [
        ("le maire ne sait même pas que j'existe, je fais comment pour l'approcher ?", "situation_no_contact"),
        ("ils me connaissent bien à la mairie mais le numérique c'est jamais leur priorité", "situation_not_engaged"),
        ("nos élus sont à fond, ils veulent qu'on écrive une feuille de route ensemble", "situation_convinced"),
    ],
)
def test_free_text_situation_gets_its_steps(running_bot, message, situation):
    expected = [m.get("text") for m in running_bot.say(f"ref-{situation}", f"/{situation}")]
    got = [m.get("text") for m in running_bot.say(f"free-{situation}", message)]
    # The button's whole answer, in order; a blocker the advisor told (« jamais leur priorité »)
    # may add its solutions.
    assert got[0] == expected[0]
    assert [text for text in got if text in expected] == expected


def test_out_of_scope_is_never_a_situation(running_bot):
    messages = running_bot.say("test-oos", "quelle est la recette de la tarte tatin ?")
    text = "\n".join(m.get("text", "") for m in messages)
    assert "Source :" not in text
    assert "Je ne sais pas répondre" in text or "pas bien compris" in text or "Vouliez-vous dire" in text


def test_restart_starts_over(running_bot):
    running_bot.say("test-restart", "/situation_convinced")
    messages = running_bot.say("test-restart", "/restart")
    assert any("reparti de zéro" in m.get("text", "") for m in messages)


def test_chat_page_is_french_and_points_to_rasa(running_bot):
    response = requests.get(f"{running_bot.settings.chat_url}/", timeout=5)
    assert response.status_code == 200
    assert '<html lang="fr">' in response.text
    assert "Cap Élus" in response.text
    # The web chat widget talks to Rasa over socket.io (tests/integration/test_web_widget.py drives it).
    assert f'"socketUrl": "{running_bot.settings.rasa_url}"' in response.text
    assert requests.get(f"{running_bot.settings.chat_url}/static/vendor/webchat.js", timeout=5).status_code == 200


def test_banner_says_which_channels_are_on(running_bot):
    log = running_bot.log.read_text(errors="replace")
    active = log.split("Canaux actifs :", 1)[1]
    for channel in ("REST", "socket.io", "Mattermost", "Slack"):
        assert channel in active
    assert "Canaux désactivés" not in log
