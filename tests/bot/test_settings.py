from pathlib import Path

import pytest

from bot.settings import ROOT, SettingsError, load_settings

NO_DOTENV = Path("/nonexistent/.env")


def load(**env):
    return load_settings(environ=env, dotenv_path=NO_DOTENV)


def test_defaults_match_the_contract():
    s = load()
    assert (s.host, s.rasa_port, s.actions_port, s.chat_port) == ("127.0.0.1", 5005, 5055, 8080)
    assert s.kb_database_url == "sqlite:///var/knowledge.db"
    assert s.rasa_auth_token is None
    assert s.cors_origins == ("http://127.0.0.1:8080", "http://localhost:8080")
    assert s.action_endpoint_url == "http://127.0.0.1:5055/webhook"


@pytest.mark.parametrize(
    "env, attribute, expected",
    [
        ({"RASA_PORT": "6005"}, "rasa_port", 6005),
        ({"ACTIONS_PORT": " 6055 "}, "actions_port", 6055),
        ({"CAP_ELUS_HOST": "0.0.0.0"}, "host", "0.0.0.0"),
        ({"CAP_ELUS_HOST": "bot.interne"}, "host", "bot.interne"),
        (
            {"KB_DATABASE_URL": "postgresql://cap:secret@db:5432/cap"},
            "kb_database_url",
            "postgresql://cap:secret@db:5432/cap",
        ),
        (
            {"KB_DATABASE_URL": "postgresql+psycopg2://cap@localhost/kb"},
            "kb_database_url",
            "postgresql+psycopg2://cap@localhost/kb",
        ),
        ({"RASA_AUTH_TOKEN": "3f9c1d2e"}, "rasa_auth_token", "3f9c1d2e"),
        ({"RASA_CORS_ORIGINS": "https://a.fr, http://b.fr:8000"}, "cors_origins", ("https://a.fr", "http://b.fr:8000")),
        ({"CAP_ELUS_LOG_LEVEL": "debug"}, "log_level", "DEBUG"),
        ({"CHAT_PORT": "9090"}, "cors_origins", ("http://127.0.0.1:9090", "http://localhost:9090")),
        ({}, "tracker_db_url", "sqlite:///var/tracker.db"),
        (
            {"TRACKER_DB_URL": "postgresql://cap:secret@db:5432/cap"},
            "tracker_db_url",
            "postgresql://cap:secret@db:5432/cap",
        ),
        ({}, "redis_url", None),
        ({"REDIS_URL": "redis://:secret@redis.interne:6379/1"}, "redis_url", "redis://:secret@redis.interne:6379/1"),
    ],
)
def test_good_values(env, attribute, expected):
    assert getattr(load(**env), attribute) == expected


@pytest.mark.parametrize(
    "env, words",
    [
        ({"KB_DATABASE_URL": "pas une url"}, ["KB_DATABASE_URL", "pas une url", "URL de base de données"]),
        ({"KB_DATABASE_URL": "mysql://u@h/db"}, ["KB_DATABASE_URL", "mysql", "pas prise en charge"]),
        ({"KB_DATABASE_URL": "postgresql://u@h"}, ["KB_DATABASE_URL", "ne nomme aucune base"]),
        ({"RASA_PORT": "cinq mille"}, ["RASA_PORT", "cinq mille", "numéro de port"]),
        ({"ACTIONS_PORT": "70000"}, ["ACTIONS_PORT", "70000", "hors de la plage"]),
        ({"CHAT_PORT": "5005"}, ["trois ports différents"]),
        ({"CAP_ELUS_HOST": "pas un hôte!"}, ["CAP_ELUS_HOST", "ni une adresse IP"]),
        ({"RASA_CORS_ORIGINS": "www.exemple.fr"}, ["RASA_CORS_ORIGINS", "www.exemple.fr", "origine web"]),
        ({"RASA_CORS_ORIGINS": " , "}, ["RASA_CORS_ORIGINS", "au moins une origine"]),
        ({"RASA_AUTH_TOKEN": "a-remplacer"}, ["RASA_AUTH_TOKEN", "valeur d'exemple"]),
        ({"CAP_ELUS_LOG_LEVEL": "bavard"}, ["CAP_ELUS_LOG_LEVEL", "bavard", "DEBUG"]),
        ({"TRACKER_DB_URL": "mongodb://h/db"}, ["TRACKER_DB_URL", "pas prise en charge"]),
        ({"REDIS_URL": "127.0.0.1:6379"}, ["REDIS_URL", "URL Redis"]),
    ],
)
def test_bad_values_are_refused_in_french(env, words):
    with pytest.raises(SettingsError) as error:
        load(**env)
    for word in words:
        assert word in str(error.value)


def test_dotenv_file_is_read_and_environment_wins(tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text("RASA_PORT=6000\nCHAT_PORT=6080\n# commentaire\n")
    s = load_settings(environ={"CHAT_PORT": "7080"}, dotenv_path=dotenv)
    assert s.rasa_port == 6000
    assert s.chat_port == 7080


def test_child_env_carries_the_action_endpoint_and_stores():
    env = load(ACTIONS_PORT="6055").child_env(base={"REDIS_URL": "redis://stale:6379"})
    assert env["ACTION_ENDPOINT_URL"] == "http://127.0.0.1:6055/webhook"
    assert env["TRACKER_DB_URL"] == f"sqlite:///{ROOT / 'var' / 'tracker.db'}"
    assert "REDIS_URL" not in env
    assert env["SANIC_HOST"] == "127.0.0.1"


MATTERMOST = {
    "MATTERMOST_URL": "https://chat.reseau.fr/",
    "MATTERMOST_BOT_TOKEN": "b0t",
    "MATTERMOST_WEBHOOK_TOKEN": "h00k",
}
SLACK = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s1gn"}


def test_optional_channels_are_off_by_default():
    s = load()
    assert s.mattermost is None and s.slack is None
    assert s.public_url == "http://127.0.0.1:5005"


def test_channels_are_on_when_their_settings_are_complete():
    s = load(**MATTERMOST, **SLACK, RASA_PUBLIC_URL="https://bot.ma-structure.fr/")
    assert s.mattermost.url == "https://chat.reseau.fr"
    assert s.mattermost.callback_url == "https://bot.ma-structure.fr/webhooks/mattermost/webhook"
    assert s.slack.api_url == "https://slack.com/api/"
    env = s.child_env(base={"SLACK_API_URL": "stale", "MATTERMOST_URL": "stale"})
    assert env["MATTERMOST_CALLBACK_URL"] == s.mattermost.callback_url
    assert env["SLACK_SIGNING_SECRET"] == "s1gn" and env["SLACK_API_URL"] == "https://slack.com/api/"


def test_secrets_are_not_shown_in_the_settings_repr():
    text = repr(load(**MATTERMOST, **SLACK))
    assert "b0t" not in text and "h00k" not in text and "s1gn" not in text and "xoxb-1" not in text


def test_child_env_drops_channel_variables_of_channels_that_are_off():
    env = load().child_env(base={"SLACK_BOT_TOKEN": "", "MATTERMOST_URL": ""})
    assert "SLACK_BOT_TOKEN" not in env and "MATTERMOST_URL" not in env


@pytest.mark.parametrize(
    "env, words",
    [
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, ["SLACK_SIGNING_SECRET", "Signing Secret"]),
        ({"SLACK_SIGNING_SECRET": "s1gn"}, ["Slack", "SLACK_BOT_TOKEN"]),
        (
            {"MATTERMOST_URL": "https://chat.reseau.fr"},
            ["Mattermost", "MATTERMOST_BOT_TOKEN", "MATTERMOST_WEBHOOK_TOKEN"],
        ),
        ({**MATTERMOST, "MATTERMOST_URL": "chat.reseau.fr"}, ["MATTERMOST_URL", "adresse web"]),
        ({**MATTERMOST, "MATTERMOST_WEBHOOK_TOKEN": "a-remplacer"}, ["MATTERMOST_WEBHOOK_TOKEN", "valeur d'exemple"]),
        ({**SLACK, "SLACK_SIGNING_SECRET": "changeme"}, ["SLACK_SIGNING_SECRET", "valeur d'exemple"]),
        ({"RASA_PUBLIC_URL": "bot.fr"}, ["RASA_PUBLIC_URL", "adresse web"]),
    ],
)
def test_bad_channel_settings_are_refused_in_french(env, words):
    with pytest.raises(SettingsError) as error:
        load(**env)
    for word in words:
        assert word in str(error.value)


def test_child_env_hands_the_same_settings_to_the_servers():
    s = load(RASA_PORT="6005", CHAT_PORT="6080", ACTIONS_PORT="6055", RASA_PUBLIC_URL="https://bot.exemple.org")
    again = load_settings(environ=s.child_env(base={}), dotenv_path=NO_DOTENV)
    for name in (
        "host",
        "rasa_port",
        "actions_port",
        "chat_port",
        "public_url",
        "cors_origins",
        "log_level",
        "kb_database_url",
    ):
        assert getattr(again, name) == getattr(s, name), name
