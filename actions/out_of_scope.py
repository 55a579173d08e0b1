"""Off-topic messages: the out-of-scope answer, unless the message quotes a name the guide holds.

« anne claire dubreuil c'est qui ? » sounds off-topic to the NLU, but the guide
quotes her: a message naming an item (an author, a place, an acronym, a
resource), or matching a passage as strongly as a look-up does (« il date de
quand le guide ? »), gets that passage. Anything else gets the out-of-scope answer,
whatever the conversation's slots hold, and the conversation can go on after.
"""

from __future__ import annotations

from typing import Dict, List

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.kb_action import KnowledgeAction
from actions.retrieval import ANSWER_MIN_SCORE, STRONG_SCORE, passages, show_passages
from bot.knowledge.repository import KnowledgeBase
from bot.knowledge.schema import GLOSSARY


class ActionOutOfScope(KnowledgeAction):
    action_name = "action_out_of_scope"
    # The reply when the guide holds nothing the message names.
    response = "utter_out_of_scope"
    # Also rescued by a passage scoring the full bar, not only by a quoted name.
    rescued_by_score = True

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, kb: KnowledgeBase
    ) -> List[Dict]:
        # A quoted name (not a glossary term: « un conseiller numérique peut-il faire campagne ? »), or,
        # for a message all of whose words the guide uses, a passage scoring the full bar. Off-topic
        # messages in the guide's own words (« s'inscrire sur les listes électorales en ligne ») reach
        # it too, but always with a word the guide never uses.
        text = tracker.latest_message.get("text") or ""
        in_guide_words = self.rescued_by_score and not kb.unknown_words(text)
        found = [
            r
            for r in passages(kb, tracker)
            if (r.named and r.item.kind != GLOSSARY)
            or (self.rescued_by_score and r.score >= STRONG_SCORE and r.item.kind != GLOSSARY)
            or (in_guide_words and r.score >= ANSWER_MIN_SCORE)
        ]
        if found:
            return show_passages(dispatcher, domain, kb, found)
        dispatcher.utter_message(response=self.response)
        return []


class ActionBotChallenge(ActionOutOfScope):
    """« tu es un robot ? » gets the bot's self-description; « portrea c'est fait par qui ? », which
    the NLU may hear as « qui es-tu ? », names a resource of the guide and gets it."""

    action_name = "action_bot_challenge"
    response = "utter_bot_challenge"
    rescued_by_score = False
