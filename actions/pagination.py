"""Long lists are shown a page at a time; "voir plus" shows the next page."""

from __future__ import annotations

from typing import Dict, List, Sequence

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.cards import card, list_item, numbered, with_sources
from actions.kb_action import KnowledgeAction
from actions.texts import buttons, fill
from bot.knowledge.repository import ItemView, KnowledgeBase

# How many items a page holds, by how they are shown (a message stays readable on a phone).
PAGE_SIZES = {"cards": 2, "items": 5, "steps": 4}


def render(domain: DomainDict, kb: KnowledgeBase, items: Sequence[ItemView], style: str, start: int) -> str:
    if style == "steps":
        return numbered(domain, items, start=start)
    if style == "items":
        return "\n".join(list_item(domain, item) for item in items)
    return "\n\n".join(card(domain, item, kb) for item in items)


def show_page(
    dispatcher: CollectingDispatcher,
    domain: DomainDict,
    kb: KnowledgeBase,
    items: Sequence[ItemView],
    style: str,
    page_size: int,
    intro: str = "",
    start: int = 1,
    extra_buttons: Sequence[Dict[str, str]] = (),
) -> List[Dict]:
    """Shows the first `page_size` items and keeps the rest for "voir plus"."""
    page, rest = list(items[:page_size]), list(items[page_size:])
    body = render(domain, kb, page, style, start)
    text = with_sources("\n".join(part for part in (intro, body) if part), page)
    more = buttons(domain, "utter_more_button") if rest else []
    dispatcher.utter_message(text=text, buttons=more + list(extra_buttons))
    return [
        SlotSet("more_items", [item.id for item in rest] or None),
        SlotSet("more_style", style if rest else None),
        SlotSet("more_start", start + len(page) if rest else None),
    ]


class ActionShowMore(KnowledgeAction):
    action_name = "action_show_more"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, kb: KnowledgeBase
    ) -> List[EventType]:
        ids = tracker.get_slot("more_items") or []
        items = kb.items(ids)
        if not items:
            dispatcher.utter_message(response="utter_nothing_more")
            return [SlotSet("more_items", None), SlotSet("more_style", None), SlotSet("more_start", None)]
        style = tracker.get_slot("more_style") if tracker.get_slot("more_style") in PAGE_SIZES else "items"
        start = int(tracker.get_slot("more_start") or 1)
        return show_page(
            dispatcher, domain, kb, items, style, PAGE_SIZES[style], intro=fill(domain, "utter_more_intro"), start=start
        )
