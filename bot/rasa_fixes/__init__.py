"""Fixes and speed-ups to stock Rasa 3.6, installed in the Rasa server process.

`python -m bot.rasa_main` installs them, then runs Rasa's own command line.
"""

from __future__ import annotations

SERVICE_UNAVAILABLE = "utter_service_unavailable"


def install() -> None:
    from bot.rasa_fixes import (
        action_result_schema,
        action_server_down,
        event_types,
        spacy_pipes,
        store_down,
        typed_commands,
    )

    action_result_schema.install()
    action_server_down.install()
    event_types.install()
    spacy_pipes.install()
    store_down.install()
    typed_commands.install()
