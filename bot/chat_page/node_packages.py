"""The npm packages the chat page serves, installed by `make setup` from package-lock.json."""

from __future__ import annotations

import json
from pathlib import Path

from bot.settings import ROOT

NODE_MODULES = ROOT / "node_modules"
LOCK_FILE = ROOT / "package-lock.json"


class NodePackagesError(RuntimeError):
    """The widget's files are missing or not as expected; the message is in French."""


def package_dir(name: str, node_modules: Path = NODE_MODULES, lock_file: Path = LOCK_FILE) -> Path:
    """The installed package `name`, checked against the version package-lock.json pins."""
    directory = node_modules / name
    manifest = directory / "package.json"
    if not manifest.is_file():
        raise NodePackagesError(f"le paquet npm « {name} » est absent de {node_modules} : lancez 'make setup'.")
    installed = json.loads(manifest.read_text(encoding="utf-8")).get("version")
    if lock_file.is_file():
        locked = json.loads(lock_file.read_text(encoding="utf-8")).get("packages", {})
        wanted = locked.get(f"node_modules/{name}", {}).get("version")
        if wanted and wanted != installed:
            raise NodePackagesError(
                f"le paquet npm « {name} » installé est en version {installed}, "
                f"package-lock.json demande {wanted} : lancez 'make setup'."
            )
    return directory
