"""Actions run as the action server runs them: a Tracker, a CollectingDispatcher, the real domain and KB."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any, Dict, List, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.knowledge.database import create_kb_engine
from bot.knowledge.loader import load_knowledge
from bot.knowledge.repository import KnowledgeBase
from bot.settings import ROOT


@pytest.fixture(scope="session")
def domain() -> Dict[str, Any]:
    from rasa.shared.core.domain import Domain

    return Domain.load(str(ROOT / "domain")).as_dict()


@pytest.fixture(scope="session")
def kb(tmp_path_factory) -> KnowledgeBase:
    engine = create_kb_engine(f"sqlite:///{tmp_path_factory.mktemp('kb') / 'kb.db'}")
    load_knowledge(engine)
    return KnowledgeBase(engine)


@dataclass
class Turn:
    messages: List[Dict[str, Any]]
    events: List[Dict[str, Any]]

    @property
    def texts(self) -> List[str]:
        return [m.get("text") or "" for m in self.messages]

    @property
    def text(self) -> str:
        return "\n".join(self.texts)

    @property
    def buttons(self) -> List[Dict[str, str]]:
        return [b for m in self.messages for b in m.get("buttons") or []]

    def slot(self, name: str) -> Any:
        values = [e["value"] for e in self.events if e.get("event") == "slot" and e.get("name") == name]
        return values[-1] if values else None


@pytest.fixture
def run(domain, kb):
    """Runs an action for one advisor message: run(ActionClass, "intent", entities=…, slots=…)."""

    def _run(
        action_class,
        intent: str,
        text: str = "",
        entities: Optional[List[Dict]] = None,
        slots: Optional[Dict[str, Any]] = None,
        ranking: Optional[List[Dict]] = None,
        events: Optional[List[Dict]] = None,
        knowledge_base=None,
    ) -> Turn:
        tracker = Tracker(
            "test",
            slots or {},
            {
                "intent": {"name": intent, "confidence": 0.9},
                "entities": entities or [],
                "text": text,
                "intent_ranking": ranking or [{"name": intent, "confidence": 0.9}],
            },
            events or [],
            False,
            None,
            {},
            "action_listen",
        )
        dispatcher = CollectingDispatcher()
        action = action_class(knowledge_base or (lambda: kb))
        produced = asyncio.run(action.run(dispatcher, tracker, domain))
        return Turn(dispatcher.messages, produced)

    return _run


def entity(name: str, value: str) -> Dict[str, str]:
    return {"entity": name, "value": value}
