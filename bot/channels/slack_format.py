"""Markdown of the bot's messages → Slack's mrkdwn."""

from __future__ import annotations

import re

_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^\s)]+)\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_BULLET = re.compile(r"^(\s*)[-*] ", re.MULTILINE)


def escape(text: str) -> str:
    """Slack's three control characters, as its docs ask."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_mrkdwn(markdown: str) -> str:
    """Bold, links and bullet lists in Slack's syntax; anything else escaped and kept."""
    text = escape(markdown)
    # Escaping turned "&" inside URLs into "&amp;", which Slack reads back as "&".
    text = _LINK.sub(lambda m: f"<{m.group(2)}|{m.group(1)}>", text)
    text = _BOLD.sub(r"*\1*", text)
    return _BULLET.sub(r"\1• ", text)
