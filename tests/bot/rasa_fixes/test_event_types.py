import pytest
from rasa.shared.core.events import ActionExecuted, Event, SessionStarted, SlotSet, UserUttered
from rasa.shared.utils.common import all_subclasses

from bot.rasa_fixes import event_types

event_types.install()


def _walk(type_name):
    return next((cls for cls in all_subclasses(Event) if cls.type_name == type_name), None)


def test_every_event_type_resolves_to_the_class_the_stock_walk_finds():
    names = {cls.type_name for cls in all_subclasses(Event)}
    assert {"user", "action", "slot", "session_started"} <= names
    for name in names:
        assert Event.resolve_by_type(name) is _walk(name)


def test_events_read_back_from_a_store_are_the_same():
    events = [SessionStarted(), ActionExecuted("action_listen"), UserUttered("bonjour"), SlotSet("territoire", "rural")]
    assert [Event.from_parameters(e.as_dict()) for e in events] == events


def test_unknown_names_behave_as_before():
    assert Event.resolve_by_type("nothing_like_this", default=SlotSet) is SlotSet
    assert Event.resolve_by_type("topic") is None
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("nothing_like_this")


def test_an_event_class_defined_later_is_found():
    Event.resolve_by_type("user")

    class Late(SlotSet):
        type_name = "cap_elus_late_event"

    assert Event.resolve_by_type("cap_elus_late_event") is Late
