"""Low NLU confidence: a follow-up, else a passage of the guide that clearly matches, else the likeliest meanings.

« Et pour l'intercommunalité ? » continues the conversation (actions/followup.py).
Short look-ups ("CCAS", "avicca", "micro folie") are often too short for the
intent classifier, while the knowledge-base search finds them: a strong search
hit is shown with its source, followed by the two likeliest meanings. Still
unclear after a "did you mean": the bot says what it can do.
"""

from __future__ import annotations

from typing import Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.cards import sourced_card
from actions.followup import answer_followup
from actions.kb_action import KnowledgeAction
from actions.retrieval import ANSWER_MIN_SCORE, KNOWN_WORDS_SCORE, MAX_PASSAGES, clear_answer
from actions.texts import MissingText, fill, template
from actions.topic import answers_before
from bot.intents import LABEL_RESPONSE, NOT_OFFERED
from bot.knowledge.repository import ItemView, KnowledgeBase

CANDIDATES = 2


def _asked_already(tracker: Tracker) -> bool:
    """True when the bot's last answer, before the current message, was this same question."""
    earlier = answers_before(tracker)
    return bool(earlier) and earlier[0][1] == ActionDidYouMean.action_name


def _candidates(tracker: Tracker, domain: DomainDict) -> List[Dict[str, str]]:
    buttons = []
    for candidate in tracker.latest_message.get("intent_ranking") or []:
        intent = candidate.get("name")
        if intent in NOT_OFFERED:
            continue
        try:
            label = template(domain, LABEL_RESPONSE.format(intent=intent))
        except MissingText:
            continue
        buttons.append({"title": label, "payload": f"/{intent}"})
        if len(buttons) == CANDIDATES:
            break
    return buttons


def closest_passage(kb: KnowledgeBase, text: str) -> Optional[ItemView]:
    """The passage scoring the full bar; or, for a message all of whose words the guide uses, the
    first passage from KNOWN_WORDS_SCORE, or clearly ahead (retrieval.clear_answer): « combien
    coûte un iphone » is 1.5 times ahead too, but the guide never says « iphone »."""
    hits = kb.search(text, limit=MAX_PASSAGES + 1) if text.strip() else []
    if hits and hits[0].score >= ANSWER_MIN_SCORE:
        return hits[0].item
    if not hits or kb.unknown_words(text):
        return None
    found = [hits[0]] if hits[0].score >= KNOWN_WORDS_SCORE else clear_answer(hits)
    return found[0].item if found else None


class ActionDidYouMean(KnowledgeAction):
    action_name = "action_did_you_mean"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, kb: KnowledgeBase
    ) -> List[Dict]:
        followed = answer_followup(dispatcher, tracker, domain, kb)
        if followed is not None:
            return followed
        buttons = _candidates(tracker, domain)
        passage = closest_passage(kb, tracker.latest_message.get("text") or "")
        if passage is not None:
            dispatcher.utter_message(text=fill(domain, "utter_closest_answer"))
            dispatcher.utter_message(text=sourced_card(domain, passage, kb))
            if buttons:
                dispatcher.utter_message(text=fill(domain, "utter_did_you_mean_else"), buttons=buttons)
            return []
        if _asked_already(tracker) or not buttons:
            dispatcher.utter_message(response="utter_default")
            return []
        dispatcher.utter_message(text=fill(domain, "utter_did_you_mean"), buttons=buttons)
        return []
