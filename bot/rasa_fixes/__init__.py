"""Fixes and speed-ups to stock Rasa 3.6, installed in the Rasa server process.

`python -m bot.rasa_main` installs them, then runs Rasa's own command line. Each
module here replaces one part of Rasa, named in its TARGETS (see compat.py);
`install` first refuses a Rasa version the fixes were not checked against.
Classes that Rasa loads by name from endpoints.yml (the conversations' store,
the Redis lock) are plugins, not fixes: they live in bot/rasa_plugins.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING, Tuple

if TYPE_CHECKING:
    from bot.rasa_fixes.compat import Target

SERVICE_UNAVAILABLE = "utter_service_unavailable"

# Installed in this order by `install`; each module has TARGETS and install().
FIXES: Tuple[str, ...] = (
    "action_result_schema",
    "action_server_down",
    "event_types",
    "model_loading",
    "spacy_pipes",
    "store_down",
    "typed_commands",
)


# Loaded later by Rasa (endpoints.yml, credentials.yml, config.yml), they override private parts of Rasa too:
# their TARGETS are checked with the fixes', before the server starts.
OVERRIDES: Tuple[str, ...] = (
    "bot.rasa_plugins.tracker_store",
    "bot.rasa_plugins.lock_store",
    "bot.channels.socketio",
    "bot.nlu.length_buckets",
)


def fix_modules() -> Tuple[ModuleType, ...]:
    return tuple(importlib.import_module(f"{__name__}.{name}") for name in FIXES)


def all_targets() -> Tuple[Target, ...]:
    """Every part of Rasa that a fix replaces or a plugin overrides."""
    modules = fix_modules() + tuple(importlib.import_module(name) for name in OVERRIDES)
    return tuple(target for module in modules for target in module.TARGETS)


def install() -> None:
    """Installs every fix, or none: an untested Rasa or a changed target raises `RasaIncompatible`."""
    from bot.rasa_fixes.compat import check_targets

    check_targets(all_targets())
    for module in fix_modules():
        module.install()
