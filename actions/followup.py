"""Follow-ups: « Et pour l'intercommunalité ? », « et si c'est en QPV ? » answered for what they name.

A short message the NLU cannot place, which names a level, a territory type,
an élu's role or a blocker, continues the conversation: it gets that facet's
answer (the level's role, the territory's pitch…), with the context kept so far.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Sequence

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.context import mentioned
from actions.refinement import ActionAdviseRole, ActionDescribeLevel, ActionPitchTerritory, ActionSolveBlocker
from actions.topic import is_followup, is_short
from bot.knowledge.repository import KnowledgeBase

# Facet named → the action answering it, in this order when several are named.
FACET_ACTIONS = (
    ("echelon", ActionDescribeLevel),
    ("territoire", ActionPitchTerritory),
    ("role", ActionAdviseRole),
    ("frein", ActionSolveBlocker),
)
# The facets a follow-up can be about (context.FACETS also holds « theme », which has no answer of its own).
ANSWERED_FACETS = tuple(facet for facet, _ in FACET_ACTIONS)


def followed_facet(
    tracker: Tracker, kb: KnowledgeBase, marked: bool = False, facets: Sequence[str] = ANSWERED_FACETS
) -> Optional[str]:
    """The facet a short message names (None when it names none, or is not short).

    `marked`: only a message that opens like a follow-up (« et pour… », « et si… »)
    counts, for intents the NLU was sure of (« Et pour l'intercommunalité ? » is not
    a question about the networks of élus because it names one).
    """
    text = tracker.latest_message.get("text") or ""
    if not (is_followup(text) if marked else is_short(text)):
        return None
    return next((facet for facet, _ in FACET_ACTIONS if facet in facets and mentioned(tracker, kb, facet)), None)


def answer_followup(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: DomainDict,
    kb: KnowledgeBase,
    marked: bool = False,
    facets: Sequence[str] = ANSWERED_FACETS,
) -> Optional[List[Dict]]:
    """The events of the facet's answer, or None when the message is no follow-up (of `facets`).

    After a list (networks, tools, projects…), « et avec le département ? » keeps the list's topic:
    the facet's action gives the same list, for what the follow-up names (refinement.FacetAction)."""
    facet = followed_facet(tracker, kb, marked, facets)
    if facet is None:
        return None
    action = dict(FACET_ACTIONS)[facet]
    return action().answer(dispatcher, tracker, domain, kb)
