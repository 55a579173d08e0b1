"""Rasa finds an event's class by its type name in a table, not by walking every subclass of `Event`.

Stock `Event.resolve_by_type` walks all the subclasses of `Event` for each
event it reads back from the tracker store: about 6 % of the Rasa server's time
in a REST turn. The table is rebuilt when a name is missing, so event classes
defined later are still found; unknown names behave as before.
"""

from __future__ import annotations

from typing import Dict, Optional, Type

import rasa.shared.utils.common
from rasa.shared.core.events import Event

from bot.rasa_fixes.compat import Target

_INSTALLED = "_cap_elus_event_table"
TARGETS = (Target(Event, "resolve_by_type", ("type_name", "default")),)
_by_name: Dict[str, Type[Event]] = {}


def _rebuild() -> None:
    _by_name.clear()
    for cls in rasa.shared.utils.common.all_subclasses(Event):
        # First one wins, as in the stock walk.
        _by_name.setdefault(cls.type_name, cls)


def install() -> None:
    original = TARGETS[0].original()
    if getattr(original, _INSTALLED, False):
        return

    def resolve_by_type(type_name: str, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
        if type_name not in _by_name:
            _rebuild()
        if type_name in _by_name:
            return _by_name[type_name]
        return original(type_name, default)

    setattr(resolve_by_type, _INSTALLED, True)
    Event.resolve_by_type = staticmethod(resolve_by_type)
