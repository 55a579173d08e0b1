"""Servers from Debian's packages that the project runs itself: PostgreSQL, Redis, nginx."""

from __future__ import annotations

import shutil
from pathlib import Path


class ServiceMissing(RuntimeError):
    """A server's program is not installed; the message is in French."""


def system_binary(name: str, debian_path: str) -> str:
    """The program `name` (on PATH, else where Debian puts it); says to run `make setup` if absent."""
    found = shutil.which(name) or (debian_path if Path(debian_path).exists() else "")
    if not found:
        raise ServiceMissing(f"{name} est introuvable : lancez 'make setup'.")
    return found
