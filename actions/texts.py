"""Advisor-facing texts come from the domain's responses: this module only fills them in."""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Dict, List, Optional

from rasa_sdk.types import DomainDict

# What a quoted word of the advisor's may keep: letters (any script), digits, spaces, - ' . and ’.
_NOT_QUOTABLE = re.compile(r"[^\w\s\-'’.]|_")
QUOTE_MAX_CHARS = 40


class MissingText(KeyError):
    """A response the actions need is not in the domain."""


def template(domain: DomainDict, name: str) -> str:
    try:
        return domain["responses"][name][0]["text"]
    except (KeyError, IndexError, TypeError):
        raise MissingText(name) from None


def fill(domain: DomainDict, name: str, **values: Any) -> str:
    """The response `name` with its {placeholders} replaced."""
    return template(domain, name).format_map(values)


def fill_if(domain: DomainDict, name: str, **values: Any) -> str:
    """Like `fill`, but empty when any value is missing: for optional lines."""
    if any(value in (None, "", [], ()) for value in values.values()):
        return ""
    return fill(domain, name, **values)


def buttons(domain: DomainDict, name: str) -> List[Dict[str, str]]:
    try:
        return [dict(button) for button in domain["responses"][name][0].get("buttons", [])]
    except (KeyError, IndexError, TypeError):
        raise MissingText(name) from None


def quoted(typed: str) -> Optional[str]:
    """A word the advisor typed, safe to repeat: no markup, no symbols, short; None when nothing is left.

    "<SCRIPT SRC=x>" is never echoed: anything that is not a letter, a digit, a
    space, a hyphen, an apostrophe or a dot is dropped, and a text that held a
    tag (or is longer than `QUOTE_MAX_CHARS`) is not quoted at all.
    """
    text = unicodedata.normalize("NFKC", typed or "")
    if "<" in text or ">" in text or len(text) > QUOTE_MAX_CHARS:
        return None
    cleaned = " ".join(_NOT_QUOTABLE.sub(" ", text).split()).strip(" .-'’")
    return cleaned or None
