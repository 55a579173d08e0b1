"""Greeting and help: their usual reply, unless the message also asks about the guide.

« bonjour, ce guide il sert à quoi ? » or « aide moi : c'est quoi un élu
ambassadeur ? » open like small talk, and the NLU may hear only that; a question
the guide clearly answers (actions/retrieval.py) gets its passage instead.
"""

from __future__ import annotations

from typing import Dict, List

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.kb_action import KnowledgeAction
from actions.retrieval import is_question, passages, question_text, show_passages, typed
from bot.knowledge.repository import KnowledgeBase


class ActionGreet(KnowledgeAction):
    action_name = "action_greet"
    # The reply when the message asks nothing the guide answers.
    response = "utter_greet"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, kb: KnowledgeBase
    ) -> List[Dict]:
        text = question_text(tracker)
        if typed(tracker) and is_question(text):
            found = passages(kb, tracker)
            if found:
                return show_passages(dispatcher, domain, kb, found)
        dispatcher.utter_message(response=self.response)
        return []


class ActionHelp(ActionGreet):
    action_name = "action_help"
    response = "utter_help"
