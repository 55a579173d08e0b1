"""Questions about the guide's content: exact item when the entity is known, search otherwise."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.cards import card, with_sources
from actions.context import current, entity_texts, mentioned
from actions.kb_action import KnowledgeAction
from actions.pagination import PAGE_SIZES, show_page
from actions.texts import fill
from bot.knowledge.repository import ItemView, KnowledgeBase

# A search hit under this score is too weak to be "the answer".
MIN_SCORE = 4.0
# Hits within this share of the best score count as what the question is about.
STRONG_SHARE = 0.5


def question_text(tracker: Tracker) -> str:
    return tracker.latest_message.get("text") or ""


def strong_hits(kb: KnowledgeBase, items: Sequence[ItemView], text: str) -> List[ItemView]:
    """The few items the question is clearly about, best first; none when it names no one in particular."""
    if not text or not items:
        return []
    wanted = {item.id for item in items}
    results = [r for r in kb.search(text, limit=len(wanted), kinds={item.kind for item in items})
               if r.item.id in wanted]
    if not results or results[0].score < MIN_SCORE:
        return []
    strong = [r.item for r in results if r.score >= results[0].score * STRONG_SHARE]
    return strong if len(strong) <= max(1, len(items) // 2) else []


def tagged_or_all(kb: KnowledgeBase, kind: str, tags: Sequence[Optional[str]]) -> List[ItemView]:
    """The items of `kind` carrying the tags named, else all of them."""
    named = [tag for tag in tags if tag]
    return (kb.by_tags(named, kind=kind) if named else []) or kb.of_kind(kind)


def rerank(items: Sequence[ItemView], first: Sequence[ItemView]) -> List[ItemView]:
    """`first`, then the other items in the guide's order."""
    ids = {item.id for item in first}
    return list(first) + [item for item in items if item.id not in ids]


class ActionDefineTerm(KnowledgeAction):
    action_name = "action_define_term"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any], kb: KnowledgeBase):
        terms = entity_texts(tracker, "sigle")
        for term in terms:
            entry = kb.glossary(term)
            if entry is not None:
                dispatcher.utter_message(text=with_sources(card(domain, entry), [entry]))
                return []
        if terms:
            # A term the glossary does not hold: say so rather than guess.
            dispatcher.utter_message(text=fill(domain, "utter_unknown_term", term=terms[0]))
            return []
        hits = kb.search(question_text(tracker), limit=1, kinds=["sigle"])
        if hits and hits[0].score >= MIN_SCORE:
            entry = hits[0].item
            dispatcher.utter_message(text=with_sources(card(domain, entry), [entry]))
            return []
        dispatcher.utter_message(text=fill(domain, "utter_unknown_term", term=question_text(tracker).strip()))
        return []


class _ListAction(KnowledgeAction):
    """Shows a list of items, those the question names first, a page at a time."""

    intro = ""
    style = "items"

    def items(self, tracker: Tracker, kb: KnowledgeBase) -> List[ItemView]:
        raise NotImplementedError

    def answer(self, dispatcher, tracker, domain, kb):
        items = self.items(tracker, kb)
        hits = strong_hits(kb, items, question_text(tracker))
        items = rerank(items, hits)
        if not items:
            dispatcher.utter_message(response="utter_nothing_found")
            return []
        # A precise question gets its answers only; a broad one gets a full page.
        page_size = PAGE_SIZES[self.style]
        if hits and self.style == "cards":
            page_size = min(len(hits), page_size)
        return show_page(dispatcher, domain, kb, items, self.style, page_size, intro=fill(domain, self.intro))


class ActionListFunding(_ListAction):
    action_name = "action_list_funding"
    intro = "utter_funding_intro"

    def items(self, tracker, kb):
        # Funding sources first, then the guide's advice on costs and budgets.
        advice = [i for i in kb.by_tags(["financement"]) if i.kind not in ("ressource", "sigle")]
        return kb.of_kind("ressource", category="financement") + advice


class ActionListTools(_ListAction):
    action_name = "action_list_tools"
    intro = "utter_tools_intro"

    def items(self, tracker, kb):
        return kb.of_kind("ressource", category="donnees") + kb.of_kind("ressource", category="outil")


class ActionListNetworks(_ListAction):
    action_name = "action_list_networks"
    intro = "utter_networks_intro"

    def items(self, tracker, kb):
        return kb.of_kind("ressource", category="reseau-elus")


class ActionShowProjects(_ListAction):
    action_name = "action_show_projects"
    intro = "utter_projects_intro"
    style = "cards"

    def items(self, tracker, kb):
        # The territory kept from earlier in the conversation counts too.
        tags = [mentioned(tracker, kb, "theme"), current(tracker, kb, "territoire")]
        return tagged_or_all(kb, "projet", tags)


class ActionShowTestimony(_ListAction):
    action_name = "action_show_testimony"
    intro = "utter_testimony_intro"
    style = "cards"

    def items(self, tracker, kb):
        return tagged_or_all(kb, "temoignage", [mentioned(tracker, kb, "theme")])


class ActionExplainRoadmap(_ListAction):
    action_name = "action_explain_roadmap"
    intro = "utter_roadmap_intro"
    style = "cards"

    def items(self, tracker, kb):
        return [i for i in kb.by_tags(["feuille-de-route"]) if i.kind in ("feuille-de-route", "contexte", "etape")]


class ActionExplainContext(_ListAction):
    action_name = "action_explain_context"
    intro = "utter_context_intro"
    style = "cards"

    def items(self, tracker, kb):
        return kb.of_kind("contexte")
