from pathlib import Path

import pytest
import yaml

from bot.active_config import split_sections, write_active_sections
from bot.settings import ROOT, load_settings

NO_DOTENV = Path("/nonexistent/.env")
MATTERMOST = "bot.channels.mattermost.MattermostInput"
SLACK = "bot.channels.slack.SlackInput"
REST = "bot.channels.rest.RestInput"
SOCKETIO = "bot.channels.socketio.SocketIOInput"


def child_env(**env):
    return load_settings(environ=env, dotenv_path=NO_DOTENV).child_env(base={})


@pytest.mark.parametrize(
    "env, expected_on",
    [
        ({}, [REST, SOCKETIO]),
        (
            {
                "MATTERMOST_URL": "https://chat.reseau.fr",
                "MATTERMOST_BOT_TOKEN": "b0t",
                "MATTERMOST_WEBHOOK_TOKEN": "h00k",
            },
            [REST, SOCKETIO, MATTERMOST],
        ),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s1gn"}, [REST, SOCKETIO, SLACK]),
    ],
)
def test_project_credentials_keep_only_the_configured_channels(env, expected_on):
    credentials = yaml.safe_load((ROOT / "credentials.yml").read_text())
    active, off = split_sections(credentials, child_env(**env))
    assert list(active) == expected_on
    assert set(off) == set(credentials) - set(expected_on)


def test_every_secret_in_credentials_comes_from_the_environment():
    text = (ROOT / "credentials.yml").read_text()
    credentials = yaml.safe_load(text)
    for channel in (MATTERMOST, SLACK):
        for key, value in credentials[channel].items():
            if key != "use_threads":
                assert isinstance(value, str) and value.startswith("${"), (channel, key)


def test_written_file_keeps_placeholders_not_secrets(tmp_path):
    env = child_env(SLACK_BOT_TOKEN="xoxb-very-secret", SLACK_SIGNING_SECRET="signing-very-secret")
    target = tmp_path / "run" / "credentials.yml"
    active, off = write_active_sections(ROOT / "credentials.yml", target, env)
    written = target.read_text()
    assert SLACK in active and MATTERMOST in off
    assert "very-secret" not in written
    assert yaml.safe_load(written)[SLACK]["slack_token"] == "${SLACK_BOT_TOKEN}"


def test_a_deployers_own_channel_follows_the_same_rule():
    credentials = {"rest": None, "telegram": {"access_token": "${TELEGRAM_TOKEN}", "verify": "cap_elus_bot"}}
    assert list(split_sections(credentials, {})[0]) == ["rest"]
    assert split_sections(credentials, {})[1] == {"telegram": ["TELEGRAM_TOKEN"]}
    assert list(split_sections(credentials, {"TELEGRAM_TOKEN": "t"})[0]) == ["rest", "telegram"]


def test_endpoints_keep_the_lock_store_only_with_redis():
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text())
    active, _ = split_sections(endpoints, child_env())
    assert list(active) == ["action_endpoint", "tracker_store"]
    active, _ = split_sections(endpoints, child_env(REDIS_URL="redis://127.0.0.1:6379/1"))
    assert list(active) == ["action_endpoint", "tracker_store", "lock_store"]
