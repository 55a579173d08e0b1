"""Retrieval first: a question is answered with the knowledge base's best passages for the whole message.

The intent, the entities and the conversation's slots are priors (kinds and
tags to prefer), not routes: a question the intent's own answer would meet with
a question back, a list or « ne figure pas » gets the passages the whole
message matches, when they are clearly about it.
"""

from __future__ import annotations

import re
from typing import Dict, Iterable, List, Optional, Sequence

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.cards import sourced_card
from actions.context import FACETS, current
from actions.texts import fill
from bot.knowledge.repository import ItemView, KnowledgeBase, SearchResult
from bot.knowledge.schema import GLOSSARY
from bot.knowledge.text import fold

# A passage is "the answer" from this score. Measured on the knowledge base: 20 off-topic
# messages ("recette de la tartiflette", "combien coute un iphone") score at most 7.9; the
# advisors' look-ups of tests/knowledge/search_questions.yml mostly score 10 to 20.
ANSWER_MIN_SCORE = 10.0
# A message all of whose words the guide uses is answered from this score (« un élu peut me
# filer des contacts ? »); and any message from STRONG_SCORE, whatever words it adds (« si je
# fais plus de la moitié de mes accompagnements en quartier prio, j'ai droit à un bonus ? »).
# Measured on the dev look-ups (bench/dev/, knowledge of 2026-12-02): the right passage scores
# at least 8 for 150 of 151 when it comes first; of 28 questions the guide does not answer,
# none scores 8 with only the guide's words, none scores 15 at all.
KNOWN_WORDS_SCORE, STRONG_SCORE = 8.0, 15.0
# Nearly enough (this share of the bar) is enough for a passage this many times ahead of the
# next one: « comment les élus sont-ils organisés au Sicoval ? » → 9.6, next 5.8.
NEAR_SHARE, LEAD = 0.7, 1.5
# A second passage is shown when it scores this share of the first (the two answer together).
SECOND_SHARE = 0.8
MAX_PASSAGES = 2
# The facets an answer's item hands on to the conversation (what a follow-up may leave unsaid).
TOPIC_FACETS = ("echelon", "territoire")


# A message that asks about something: an interrogative opens it (« qui dit que… », « depuis quand… »,
# « comment s'appelle… ») or closes it (« …c'est avec qui ? »). « Comment je fais ? » and « je fais
# quoi ? » are not: advisors close their situation with them.
_ASKS_ABOUT = re.compile(
    r"^\s*(qui|quels?|quelles?|pourquoi|depuis quand|combien|c'?est quoi|qu'?est[- ]ce qu|comment s'appelle"
    r"|o[uù] (trouver|est|sont)|quand)\b"
    r"|\b((avec|a|par|de|dans|sur|pour|en) (qui|quoi)|pourquoi|lequel|laquelle|lesquels|lesquelles)\s*\?+\s*$"
    r"|\bc'?est qui\b"
    # About the guide itself (« …, le guide en parle ? », « c'est dans le guide ? »), or what a thing is.
    r"|\b(dans|selon) le guide\b|\ble guide (en )?(parle|dit|conseille|propose|recommande)\b"
    r"|\bc'?est quoi\b|\bca veut dire quoi\b|\bpk\s*\?*\s*$",
    re.IGNORECASE,
)


# Kinds of item whose names are proper nouns (a place, a person): a message quoting one is about it.
PROPER_NOUN_KINDS = ("projet", "temoignage")


def names_its_subject(result: SearchResult) -> bool:
    """True when the message quotes the item's place or author (« au Sicoval… », « Dubreuil dit… »)."""
    return result.named and result.item.kind in PROPER_NOUN_KINDS


def asks_about_something(text: str) -> bool:
    return bool(_ASKS_ABOUT.search(fold(text)))


def is_question(text: str) -> bool:
    """A question mark, or a message that asks about something without one."""
    return "?" in text or asks_about_something(text)


def question_text(tracker: Tracker) -> str:
    return tracker.latest_message.get("text") or ""


def context_tags(tracker: Tracker, kb: KnowledgeBase) -> List[str]:
    """The tags the message names or the conversation kept (territory, level, role, blocker, theme)."""
    return [tag for tag in (current(tracker, kb, facet) for facet in FACETS) if tag]


def ranked(
    kb: KnowledgeBase, tracker: Tracker, prefer_kinds: Iterable[str] = (), limit: int = MAX_PASSAGES
) -> List[SearchResult]:
    """The knowledge base's items ranked for the whole message, with the context's priors."""
    text = question_text(tracker)
    if not text.strip():
        return []
    return kb.search(text, limit=limit, prefer_kinds=tuple(prefer_kinds), prefer_tags=context_tags(tracker, kb))


def clear_answer(results: Sequence[SearchResult], min_score: float = ANSWER_MIN_SCORE) -> List[SearchResult]:
    """The first results when they are clearly the answer: the first scores enough, or nearly
    enough and well ahead of the second; the others shown are close to the first."""
    if not results:
        return []
    first = results[0].score
    # Ahead of nothing is no lead: a lone weak hit (« <SCRIPT SRC=x.js> » → 7.5) is no answer.
    ahead = len(results) > 1 and first >= results[1].score * LEAD
    if first < min_score and not (first >= min_score * NEAR_SHARE and ahead):
        return []
    return [r for r in results[:MAX_PASSAGES] if r.score >= results[0].score * SECOND_SHARE]


def passages(
    kb: KnowledgeBase, tracker: Tracker, prefer_kinds: Iterable[str] = (), min_score: float = ANSWER_MIN_SCORE
) -> List[SearchResult]:
    """The passages the whole message is clearly about, best first (none when nothing scores enough)."""
    return clear_answer(ranked(kb, tracker, prefer_kinds, limit=MAX_PASSAGES + 1), min_score)


def named_passages(kb: KnowledgeBase, tracker: Tracker, prefer_kinds: Iterable[str] = ()) -> List[SearchResult]:
    """The clear passages of a written message when the first is named in it (a place, an author, a
    resource — not a glossary term, which names a topic rather than the answer), else none.

    A name is the strongest sign of what a question is about: « la Région Occitanie a fait quoi avec
    les données ? » names a level (the intent's route) but is about the Occitanie example.
    """
    found = passages(kb, tracker, prefer_kinds) if typed(tracker) else []
    return found if found and found[0].named and found[0].item.kind != GLOSSARY else []


def typed(tracker: Tracker) -> bool:
    """False for a button's payload ("/ask_level") or no text, True for what the advisor wrote."""
    text = question_text(tracker).strip()
    return bool(text) and not text.startswith("/")


def show_passages(
    dispatcher: CollectingDispatcher, domain: DomainDict, kb: KnowledgeBase, found: Sequence[SearchResult]
) -> List[Dict]:
    """Each passage as a card with its source line."""
    return show_items(dispatcher, domain, kb, [result.item for result in found])


def show_items(
    dispatcher: CollectingDispatcher, domain: DomainDict, kb: KnowledgeBase, items: Sequence[ItemView]
) -> List[Dict]:
    """Each item as a card with its source line; the first one's level and territory become the
    conversation's context, so that « et ses compétences ? » follows from « c'est quoi un EPCI ? »."""
    for item in items:
        dispatcher.utter_message(text=sourced_card(domain, item, kb))
    return topic_slots(kb, items[0]) if items else []


def topic_slots(kb: KnowledgeBase, item: ItemView) -> List[Dict]:
    """A slot for each facet of `TOPIC_FACETS` the item names exactly one tag of."""
    events = []
    for facet in TOPIC_FACETS:
        ids = {tag.id for tag in kb.tags(facet)}
        named = [tag for tag in item.tags if tag in ids]
        if len(named) == 1:
            events.append(SlotSet(facet, named[0]))
    return events


def answer_before_asking(
    dispatcher: CollectingDispatcher,
    domain: DomainDict,
    kb: KnowledgeBase,
    tracker: Tracker,
    prefer_kinds: Iterable[str],
    why: str,
) -> Optional[List[Dict]]:
    """Before asking the advisor back: the passages a written question matches, if any (their events).

    None when the bot must ask back: a written question then gets one line saying
    why (`why`, a domain response); a button's payload is asked back without it.
    """
    if not typed(tracker):
        return None
    found = passages(kb, tracker, prefer_kinds)
    if found:
        return show_passages(dispatcher, domain, kb, found)
    dispatcher.utter_message(text=fill(domain, why))
    return None
