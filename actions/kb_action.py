"""Base of the actions that read the knowledge base.

The knowledge base comes through the constructor (tests pass their own); the
default is the shared one from the factory, created at the first call, so
importing the actions connects to nothing.
"""

from __future__ import annotations

import logging
from typing import Callable, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.knowledge.repository import KnowledgeBase, KnowledgeBaseUnavailable

logger = logging.getLogger(__name__)

KnowledgeBaseFactory = Callable[[], KnowledgeBase]


def _shared_knowledge_base() -> KnowledgeBase:
    from bot.knowledge.factory import get_knowledge_base

    return get_knowledge_base()


class KnowledgeAction(Action):
    """An action answering from the knowledge base; subclasses implement `answer`."""

    action_name = ""

    def __init__(self, knowledge_base: Optional[KnowledgeBaseFactory] = None):
        self._factory = knowledge_base or _shared_knowledge_base

    def name(self) -> str:
        return self.action_name

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        try:
            return self.answer(dispatcher, tracker, domain, self._factory())
        except KnowledgeBaseUnavailable as error:
            logger.error("Base de connaissances indisponible pour %s : %s", self.name(), error)
            dispatcher.utter_message(response="utter_kb_unavailable")
            return []

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, kb: KnowledgeBase
    ) -> List[Dict]:
        raise NotImplementedError
