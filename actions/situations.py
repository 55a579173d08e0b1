"""Answer first: a situation gets its next steps, a testimony and resources in the same turn."""

from __future__ import annotations

from typing import Dict, List, Optional, Sequence

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import tailoring
from actions.cards import card, list_item, numbered, with_sources
from actions.context import current, kept, mentioned, situation
from actions.kb_action import KnowledgeAction
from actions.retrieval import (
    asks_about_something,
    is_question,
    names_its_subject,
    passages,
    question_text,
    show_passages,
)
from actions.texts import buttons, fill
from bot.knowledge.repository import ItemView, KnowledgeBase, SituationView

TOP_STEPS = 4
RESOURCES = 2
# The situations and their steps: a passage of these is what the playbook shows anyway.
PLAYBOOK_KINDS = ("situation", "etape")


def _linked(kb: KnowledgeBase, steps: Sequence[ItemView], relation: str) -> List[ItemView]:
    ids: List[str] = []
    for step in steps:
        for target in step.links.get(relation, ()):
            if target not in ids:
                ids.append(target)
    return kb.items(ids)


def fitting_testimony(kb: KnowledgeBase, view: SituationView) -> Optional[ItemView]:
    """The first testimony the shown steps point to, else any of the situation's."""
    linked = _linked(kb, view.steps[:TOP_STEPS], "temoignages") or _linked(kb, view.steps, "temoignages")
    return linked[0] if linked else None


def key_resources(kb: KnowledgeBase, view: SituationView) -> List[ItemView]:
    """Resources of the shown steps, those with a known address first."""
    linked = _linked(kb, view.steps[:TOP_STEPS], "ressources") or _linked(kb, view.steps, "ressources")
    linked.sort(key=lambda item: 0 if item.details.get("url") else 1)
    return linked[:RESOURCES]


class ActionSituationNextSteps(KnowledgeAction):
    action_name = "action_situation_next_steps"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, kb: KnowledgeBase
    ) -> List[EventType]:
        # « qui dit que les élus consomment du dispositif ? » or « au Sicoval, tous les combien ils
        # voient les élus ? » read like a situation to the NLU, but ask about the guide: a clear
        # passage answers them (the situation is not kept), unless it is a situation's own advice.
        text = question_text(tracker)
        if is_question(text):
            found = [r for r in passages(kb, tracker) if r.item.kind not in PLAYBOOK_KINDS]
            if found and (asks_about_something(text) or names_its_subject(found[0])):
                return show_passages(dispatcher, domain, kb, found)
        intent = situation(tracker)
        view = kb.situation(intent) if intent else None
        if view is None:
            dispatcher.utter_message(response="utter_ask_situation")
            return []
        shown, rest = view.steps[:TOP_STEPS], view.steps[TOP_STEPS:]
        intro = fill(domain, "utter_steps_intro", title=view.situation.title)
        # The situation's gist (its summary, in the guide's key words), then its first steps.
        lines = [intro, view.situation.body, numbered(domain, shown)]
        if rest:
            lines.append(fill(domain, "utter_steps_then", titles=" · ".join(step.title for step in rest)))
        dispatcher.utter_message(text=with_sources("\n".join(lines), [view.situation]))

        testimony = fitting_testimony(kb, view)
        if testimony is not None:
            dispatcher.utter_message(text=with_sources(card(domain, testimony), [testimony]))
        resources = key_resources(kb, view)
        if resources:
            listed = "\n".join(list_item(domain, item) for item in resources)
            dispatcher.utter_message(text=with_sources(f"{fill(domain, 'utter_resources_intro')}\n{listed}", resources))

        events: List[Dict] = [SlotSet("situation", intent)]
        # A blocker told in other words is kept like one named (the slot fills itself from entities only).
        told = mentioned(tracker, kb, "frein")
        if told and told != tracker.get_slot("frein"):
            events.append(SlotSet("frein", told))
        territory = current(tracker, kb, "territoire")
        tailored = tailoring.tailored_messages(domain, kb, territory, told or kept(tracker, kb, "frein"))
        for text in tailored:
            dispatcher.utter_message(text=text)

        refine = buttons(domain, "utter_refine")
        if rest:
            refine = buttons(domain, "utter_more_steps_button") + refine
            events += [
                SlotSet("more_items", [step.id for step in rest]),
                SlotSet("more_style", "steps"),
                SlotSet("more_start", len(shown) + 1),
            ]
        dispatcher.utter_message(text=fill(domain, "utter_refine"), buttons=refine)
        return events
