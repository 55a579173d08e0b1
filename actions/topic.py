"""The conversation's topic: what answered its last turn that was not a follow-up.

« Quels réseaux d'élus ? » then « et avec le département ? »: the follow-up keeps
the topic (the networks of élus) for what it names (the département), whichever
intent the NLU gives it. Each answer is an action of the tracker's events.
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Tuple

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.knowledge.repository import KnowledgeBase

# How a follow-up opens: « et pour… », « et si… », « et en… », « et moi… », « et dans… ».
FOLLOW_UP = re.compile(r"\s*(et|mais)\s+(pour|si|en|moi|dans|au|a|à|chez|avec)\b", re.IGNORECASE)
# A follow-up is short; a longer message that only mentions a level in passing is not one.
MAX_WORDS = 10
# Events of the bot's own housekeeping, not answers.
BOOKKEEPING = frozenset({"action_listen", "action_extract_slots", "action_session_start", "action_unlikely_intent"})


def is_short(text: str) -> bool:
    """Written (not a button's payload) and short enough to be a follow-up."""
    return not text.lstrip().startswith("/") and len(text.split()) <= MAX_WORDS


def is_followup(text: str) -> bool:
    """« et pour l'interco ? », « et si c'est en QPV ? »: short, opening like a follow-up."""
    return is_short(text) and bool(FOLLOW_UP.match(text))


def answers_before(tracker: Tracker) -> List[Tuple[str, Optional[str]]]:
    """(advisor's text, the bot's answering action) of each earlier turn, latest first."""
    events = list(tracker.events or [])
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=len(events))
    turns: List[Tuple[str, Optional[str]]] = []
    action: Optional[str] = None
    for event in reversed(events[:last_user]):
        if event.get("event") == "action" and event.get("name") not in BOOKKEEPING and event.get("name"):
            action = event.get("name")
        elif event.get("event") == "user":
            turns.append((event.get("text") or "", action))
            action = None
    if action is not None:  # an answer with no message before it (the session's greeting)
        turns.append(("", action))
    return turns


def topic_action(tracker: Tracker) -> Optional[str]:
    """The action that answered the conversation's last turn that was not itself a follow-up."""
    return next((action for text, action in answers_before(tracker) if not is_followup(text)), None)


def continue_topic(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, kb: KnowledgeBase
) -> Optional[List[Dict]]:
    """A follow-up naming a facet, after a list: the list again, ranked for the new message; else None."""
    if not is_followup(tracker.latest_message.get("text") or ""):
        return None
    from actions.questions import LIST_ACTIONS  # actions.questions imports this module

    lister = LIST_ACTIONS.get(topic_action(tracker) or "")
    return lister().answer_list(dispatcher, tracker, domain, kb, keep_topic=True) if lister else None
