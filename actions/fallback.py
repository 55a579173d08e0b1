"""Low NLU confidence: offer the two likeliest meanings; still unclear: say what the bot can do."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.texts import MissingText, fill, template

CANDIDATES = 2
# Never offered: they are not something to choose.
NOT_OFFERED = {"nlu_fallback", "out_of_scope", "affirm", "deny", "greet", "goodbye", "thanks", "show_more"}


_BOOKKEEPING = {"action_listen", "action_extract_slots", "action_session_start", None}


def _asked_already(tracker: Tracker) -> bool:
    """True when the bot's last answer, before the current message, was this same question."""
    events = list(tracker.events or [])
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=len(events))
    for event in reversed(events[:last_user]):
        if event.get("event") == "action" and event.get("name") not in _BOOKKEEPING:
            return event.get("name") == ActionDidYouMean.action_name
    return False


class ActionDidYouMean(Action):
    action_name = "action_did_you_mean"

    def name(self) -> str:
        return self.action_name

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]) -> List[Dict]:
        ranking = tracker.latest_message.get("intent_ranking") or []
        buttons = []
        for candidate in ranking:
            intent = candidate.get("name")
            if intent in NOT_OFFERED:
                continue
            try:
                label = template(domain, f"utter_label_{intent}")
            except MissingText:
                continue
            buttons.append({"title": label, "payload": f"/{intent}"})
            if len(buttons) == CANDIDATES:
                break
        if _asked_already(tracker) or not buttons:
            dispatcher.utter_message(response="utter_default")
            return []
        dispatcher.utter_message(text=fill(domain, "utter_did_you_mean"), buttons=buttons)
        return []
