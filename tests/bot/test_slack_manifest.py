import subprocess
import sys

import yaml

from bot.settings import ROOT


def manifest(public_url: str) -> dict:
    env = {"PATH": "/usr/bin:/bin", "RASA_PUBLIC_URL": public_url, "HOME": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-m", "bot", "slack-manifest"], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    return yaml.safe_load(out)


def test_manifest_points_slack_at_the_signed_webhook_of_this_deployment():
    app = manifest("https://bot.exemple.org")
    webhook = "https://bot.exemple.org/webhooks/slack/webhook"
    assert app["settings"]["event_subscriptions"]["request_url"] == webhook
    assert app["settings"]["interactivity"] == {"is_enabled": True, "request_url": webhook}
    # The channel answers mentions and direct messages only: those events, no channel history.
    assert sorted(app["settings"]["event_subscriptions"]["bot_events"]) == ["app_mention", "message.im"]
    assert sorted(app["oauth_config"]["scopes"]["bot"]) == ["app_mentions:read", "chat:write", "im:history"]
    assert app["settings"]["socket_mode_enabled"] is False
