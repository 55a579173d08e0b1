"""The advisor's context: entities of the last message, resolved to tag ids, else the slots."""

from __future__ import annotations

import re
from typing import Dict, List, Optional

from rasa_sdk import Tracker

from bot.intents import SITUATIONS
from bot.knowledge.repository import KnowledgeBase
from bot.knowledge.schema import CONTEXT_FACETS
from bot.knowledge.text import phrase

# Entity / slot name = facet of the knowledge base's tags (one list: bot.knowledge.schema).
FACETS = CONTEXT_FACETS


def entity_texts(tracker: Tracker, entity: str) -> List[str]:
    """The values of the entity in the last message (a synonym already mapped to its tag id)."""
    return [str(e["value"]) for e in tracker.latest_message.get("entities", []) if e.get("entity") == entity]


def typed_entity_texts(tracker: Tracker, entity: str) -> List[str]:
    """The entity as the advisor typed it (before synonyms): "FNE", not the tag it maps to."""
    text = tracker.latest_message.get("text") or ""
    typed = []
    for e in tracker.latest_message.get("entities", []):
        if e.get("entity") != entity:
            continue
        start, end = e.get("start"), e.get("end")
        span = text[start:end] if isinstance(start, int) and isinstance(end, int) else ""
        typed.append(span.strip() or str(e["value"]))
    return typed


def resolve(kb: KnowledgeBase, facet: str, text: str) -> Optional[str]:
    """The tag id `text` names in `facet` (its id, label or a synonym; case and accents aside)."""
    wanted = phrase(text)
    if not wanted:
        return None
    for tag in kb.tags(facet):
        if wanted in tag.names:
            return tag.id
    return None


# « jamais le temps », « plus le temps », « aucun intérêt » say what « pas le temps » says.
_NEGATIONS = re.compile(r" (jamais|plus|point|guere|aucun|aucune|nullement) ")


def named_in_text(kb: KnowledgeBase, facet: str, text: str) -> Optional[str]:
    """The tag of `facet` whose label or synonym appears in `text` as whole words (longest first);
    any negation counts as « pas »."""
    padded = f" {phrase(text)} "
    padded = padded + "|" + _NEGATIONS.sub(" pas ", padded)
    best: Optional[tuple] = None
    for tag in kb.tags(facet):
        for name in tag.names:
            if f" {name} " in padded and (best is None or len(name) > best[0]):
                best = (len(name), tag.id)
    return best[1] if best else None


def mentioned(tracker: Tracker, kb: KnowledgeBase, facet: str) -> Optional[str]:
    """The tag of `facet` named in the last message: the longest of its names written in full (« le
    président du conseil départemental », where the NLU may catch « président » alone), else from
    the NLU's entities (which catch typos)."""
    written = named_in_text(kb, facet, tracker.latest_message.get("text") or "")
    if written:
        return written
    for text in entity_texts(tracker, facet):
        tag = resolve(kb, facet, text)
        if tag:
            return tag
    return None


def current(tracker: Tracker, kb: KnowledgeBase, facet: str) -> Optional[str]:
    """The tag named now, else the one kept from earlier in the conversation."""
    named = mentioned(tracker, kb, facet)
    if named:
        return named
    kept = tracker.get_slot(facet)
    return resolve(kb, facet, kept) if kept else None


def context(tracker: Tracker, kb: KnowledgeBase) -> Dict[str, Optional[str]]:
    return {facet: current(tracker, kb, facet) for facet in FACETS}


def situation(tracker: Tracker) -> Optional[str]:
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    if intent in SITUATIONS:
        return intent
    return tracker.get_slot("situation")
