"""Advisor-facing texts come from the domain's responses: this module only fills them in."""

from __future__ import annotations

from typing import Any, Dict, List


class MissingText(KeyError):
    """A response the actions need is not in the domain."""


def template(domain: Dict[str, Any], name: str) -> str:
    try:
        return domain["responses"][name][0]["text"]
    except (KeyError, IndexError, TypeError):
        raise MissingText(name) from None


def fill(domain: Dict[str, Any], name: str, **values: Any) -> str:
    """The response `name` with its {placeholders} replaced."""
    return template(domain, name).format_map(values)


def fill_if(domain: Dict[str, Any], name: str, **values: Any) -> str:
    """Like `fill`, but empty when any value is missing: for optional lines."""
    if any(value in (None, "", [], ()) for value in values.values()):
        return ""
    return fill(domain, name, **values)


def buttons(domain: Dict[str, Any], name: str) -> List[Dict[str, str]]:
    try:
        return [dict(button) for button in domain["responses"][name][0].get("buttons", [])]
    except (KeyError, IndexError, TypeError):
        raise MissingText(name) from None
