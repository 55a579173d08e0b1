"""What `make run` prints once ready: the channels on, and for each channel off, the settings it lacks."""

from pathlib import Path

import pytest

from bot.stack import Stack, active_config_path, local_settings


@pytest.fixture
def stack_with(tmp_path):
    """A stack whose Rasa credentials and endpoints are written (as `make run` does before starting)."""
    written = []

    def make(**environ: str) -> Stack:
        settings = local_settings(tmp_path, **environ)
        stack = Stack(settings, Path("models/cap-elus.tar.gz"), log=lambda _line: None)
        stack.write_configs()
        written.extend(active_config_path(settings, name) for name in ("credentials", "endpoints"))
        return stack

    yield make
    for path in written:
        path.unlink(missing_ok=True)


def test_without_mattermost_and_slack_the_banner_lists_rest_and_socketio_and_what_is_missing(stack_with):
    banner = stack_with().channels_banner()
    active = banner.split("Canaux actifs :", 1)[1].split("Canaux désactivés", 1)[0]
    assert "REST" in active and "socket.io" in active
    assert "Mattermost" not in active and "Slack" not in active
    assert "MATTERMOST_WEBHOOK_TOKEN" in banner and "SLACK_SIGNING_SECRET" in banner


def test_with_every_setting_no_channel_is_off(stack_with):
    banner = stack_with(
        MATTERMOST_URL="http://127.0.0.1:1",
        MATTERMOST_BOT_TOKEN="b",
        MATTERMOST_WEBHOOK_TOKEN="w",
        SLACK_BOT_TOKEN="xoxb-1",
        SLACK_SIGNING_SECRET="s",
    ).channels_banner()
    assert all(name in banner for name in ("REST", "socket.io", "Mattermost", "Slack"))
    assert "Canaux désactivés" not in banner
