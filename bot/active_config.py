"""Keeps the sections of `credentials.yml` and `endpoints.yml` whose `${VAR}` are all set.

`credentials.yml` names every channel and `endpoints.yml` every store, each
reading its settings as `${VAR}`. Rasa refuses to start when such a variable
is unset, so `python -m bot run` writes the sections whose variables are all
set under var/run/ and hands Rasa those files: a channel without settings is
off, a lock store without REDIS_URL is Rasa's in-memory one. Secrets stay in
the environment: the files written keep the `${VAR}` placeholders.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, List, Mapping, Tuple

import yaml

_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")

# How `make run` names the channels to the deployer.
CHANNEL_LABELS = {
    "bot.channels.rest.RestInput": "REST (/webhooks/rest/webhook)",
    "bot.channels.socketio.SocketIOInput": "socket.io (widget web)",
    "bot.channels.mattermost.MattermostInput": "Mattermost (/webhooks/mattermost/webhook)",
    "bot.channels.slack.SlackInput": "Slack (/webhooks/slack/webhook)",
}


def _variables(section: Any) -> List[str]:
    if isinstance(section, str):
        return _VARIABLE.findall(section)
    if isinstance(section, dict):
        return [name for value in section.values() for name in _variables(value)]
    if isinstance(section, list):
        return [name for value in section for name in _variables(value)]
    return []


def split_sections(
    credentials: Mapping[str, Any], env: Mapping[str, str]
) -> Tuple[Dict[str, Any], Dict[str, List[str]]]:
    """The sections to keep, and for each left out, the variables it misses."""
    active: Dict[str, Any] = {}
    off: Dict[str, List[str]] = {}
    for name, section in credentials.items():
        missing = [var for var in _variables(section) if not env.get(var)]
        if missing:
            off[name] = missing
        else:
            active[name] = section
    return active, off


def write_active_sections(source: Path, target: Path, env: Mapping[str, str]) -> Tuple[List[str], Dict[str, List[str]]]:
    """Writes the active sections of `source` to `target`; returns (active, off)."""
    credentials = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    active, off = split_sections(credentials, env)
    target.parent.mkdir(parents=True, exist_ok=True)
    header = f"# Written by `python -m bot run` from {source.name}: only the sections whose variables are set.\n"
    target.write_text(header + yaml.safe_dump(active, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return list(active), off


def describe_channel(name: str) -> str:
    return CHANNEL_LABELS.get(name, name)
