"""Refinements: the advisor's territory, the level of collectivité, the élu's role, a blocker."""

from __future__ import annotations

import json
from typing import List, Optional, Sequence, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import tailoring
from actions.cards import card, list_item, with_sources
from actions.context import current
from actions.kb_action import KnowledgeAction
from actions.retrieval import answer_before_asking, named_passages, show_passages
from actions.texts import fill
from actions.topic import continue_topic
from bot.knowledge.repository import ItemView, KnowledgeBase


def facet_tag(item: ItemView, kb: KnowledgeBase, facet: str) -> Optional[str]:
    """The item's tag in `facet` (e.g. the territory type of a territory profile)."""
    ids = {tag.id for tag in kb.tags(facet)}
    return next((tag for tag in item.tags if tag in ids), None)


def ask_to_choose(
    dispatcher: CollectingDispatcher,
    domain: DomainDict,
    question: str,
    intent: str,
    entity: str,
    choices: Sequence[Tuple[Optional[str], str]],
) -> None:
    """Asks `question` with one button per (value, title): its payload sets the entity, as if typed."""
    buttons = [
        {"title": title, "payload": f"/{intent}{json.dumps({entity: value}, ensure_ascii=False)}"}
        for value, title in choices
        if value
    ]
    dispatcher.utter_message(text=fill(domain, question), buttons=buttons)


class FacetAction(KnowledgeAction):
    """The answer about a facet (territory, level, role, blocker); a follow-up of a list keeps the
    list's topic instead (« et avec le département ? » after the networks of élus: actions/topic.py)."""

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, kb: KnowledgeBase
    ) -> List[EventType]:
        continued = continue_topic(dispatcher, tracker, domain, kb)
        return continued if continued is not None else self.answer_facet(dispatcher, tracker, domain, kb)

    def answer_facet(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, kb: KnowledgeBase
    ) -> List[EventType]:
        raise NotImplementedError


class ActionPitchTerritory(FacetAction):
    action_name = "action_pitch_territory"

    def answer_facet(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, kb: KnowledgeBase
    ) -> List[EventType]:
        named = named_passages(kb, tracker, ("territoire",))
        if named:
            return show_passages(dispatcher, domain, kb, named)
        tag = current(tracker, kb, "territoire")
        profile = tailoring.territory_profile(kb, tag) if tag else None
        if profile is None or not tag:
            answered = (
                None
                if tag
                else answer_before_asking(dispatcher, domain, kb, tracker, ("territoire",), "utter_why_ask_territory")
            )
            if answered is not None:
                return answered
            profiles = kb.of_kind("territoire")
            options = [(facet_tag(p, kb, "territoire"), p.title) for p in profiles if p.details.get("service")]
            question = "utter_ask_territory" if tag is None else "utter_territory_not_in_guide"
            ask_to_choose(dispatcher, domain, question, "ask_territory", "territoire", options)
            return [SlotSet("territoire", tag)]
        dispatcher.utter_message(text=with_sources(card(domain, profile), [profile]))
        projects = kb.linked(profile, "projets")[:2]
        if projects:
            lines = "\n".join(list_item(domain, p) for p in projects)
            dispatcher.utter_message(text=with_sources(f"{fill(domain, 'utter_projects_intro')}\n{lines}", projects))
        for rule in tailoring.territory_rules(kb, tag):
            dispatcher.utter_message(text=with_sources(card(domain, rule), [rule]))
        return [SlotSet("territoire", tag)]


class ActionDescribeLevel(FacetAction):
    action_name = "action_describe_level"

    def answer_facet(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, kb: KnowledgeBase
    ) -> List[EventType]:
        named = named_passages(kb, tracker, ("echelon", "elu"))
        if named:
            return show_passages(dispatcher, domain, kb, named)
        tag = current(tracker, kb, "echelon")
        level = tailoring.level_card(kb, tag) if tag else None
        if level is None or not tag:
            answered = answer_before_asking(dispatcher, domain, kb, tracker, ("echelon", "elu"), "utter_why_ask_level")
            if answered is not None:
                return answered
            options = [(facet_tag(lv, kb, "echelon"), lv.title) for lv in kb.of_kind("echelon", category="echelon")]
            ask_to_choose(dispatcher, domain, "utter_ask_level", "ask_level", "echelon", options)
            return []
        parts, used = [card(domain, level, kb)], [level]
        elus = tailoring.elus_of(kb, tag)
        if elus is not None:
            parts.append(fill(domain, "utter_level_elus", text=elus.body))
            used.append(elus)
        dispatcher.utter_message(text=with_sources("\n".join(parts), used))
        return [SlotSet("echelon", tag)]


class ActionAdviseRole(FacetAction):
    action_name = "action_advise_role"

    def answer_facet(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, kb: KnowledgeBase
    ) -> List[EventType]:
        named = named_passages(kb, tracker, ("elu",))
        if named:
            return show_passages(dispatcher, domain, kb, named)
        tag = current(tracker, kb, "role")
        elus = tailoring.elus_of(kb, tag) if tag else None
        if elus is None:
            answered = answer_before_asking(dispatcher, domain, kb, tracker, ("elu",), "utter_why_ask_role")
            if answered is not None:
                return answered
            roles = [(t.id, t.label) for t in kb.tags("role")]
            ask_to_choose(dispatcher, domain, "utter_ask_role", "ask_role", "role", roles[:6])
            return []
        does = kb.of_kind("elu", category="fait")
        does_not = kb.of_kind("elu", category="ne-fait-pas")
        text = "\n".join(
            [
                card(domain, elus),
                fill(domain, "utter_role_does"),
                *(fill(domain, "utter_bullet", text=item.title) for item in does),
                fill(domain, "utter_role_does_not"),
                *(fill(domain, "utter_bullet", text=item.title) for item in does_not),
            ]
        )
        dispatcher.utter_message(text=with_sources(text, [elus] + does + does_not))
        level = next((t for t in elus.tags if t in tailoring.LEVELS), None)
        return [SlotSet("role", tag), SlotSet("echelon", level)]


class ActionSolveBlocker(FacetAction):
    action_name = "action_solve_blocker"

    def answer_facet(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, kb: KnowledgeBase
    ) -> List[EventType]:
        named = named_passages(kb, tracker, ("frein",))
        if named:
            return show_passages(dispatcher, domain, kb, named)
        tag = current(tracker, kb, "frein")
        message = tailoring.blocker_message(domain, kb, tag) if tag else None
        found = tailoring.blocker(kb, tag) if tag else None
        if message is None or found is None:
            answered = answer_before_asking(dispatcher, domain, kb, tracker, ("frein",), "utter_why_ask_blocker")
            if answered is not None:
                return answered
            options = [(facet_tag(b, kb, "frein"), b.title) for b in kb.of_kind("frein", category="frein")]
            ask_to_choose(dispatcher, domain, "utter_ask_blocker", "ask_blocker", "frein", options)
            return []
        dispatcher.utter_message(text=with_sources(f"{card(domain, found)}", [found]))
        dispatcher.utter_message(text=message)
        return [SlotSet("frein", tag)]
