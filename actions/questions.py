"""Questions about the guide's content: the item the question names, else the passages the whole
message matches (actions/retrieval.py), else the intent's list."""

from __future__ import annotations

from typing import List, Optional, Sequence, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.context import current, mentioned, typed_entity_texts
from actions.followup import answer_followup
from actions.kb_action import KnowledgeAction
from actions.pagination import PAGE_SIZES, show_page
from actions.retrieval import clear_answer, passages, question_text, ranked, show_items, show_passages, typed
from actions.texts import fill, quoted
from bot.knowledge.repository import ItemView, KnowledgeBase
from bot.knowledge.schema import GLOSSARY, GLOSSARY_ENTITY
from bot.knowledge.text import phrase

# A search hit under this score is too weak to be "the answer".
MIN_SCORE = 4.0
# Hits within this share of the best score count as what the question is about.
STRONG_SHARE = 0.5
# How far down the whole ranking a list's own items are looked for, against a passage outside it,
# and the share of that passage's score under which the list's best item loses to it. With 0.8,
# « un témoignage sur la loi REEN » got the law (10.5) instead of the testimony naming it (8.1).
LIST_RIVALS = 30
LIST_SHARE = 0.5


def strong_hits(kb: KnowledgeBase, items: Sequence[ItemView], text: str) -> List[ItemView]:
    """The few items the question is clearly about, best first; none when it names no one in particular."""
    if not text or not items:
        return []
    wanted = {item.id for item in items}
    results = [
        r for r in kb.search(text, limit=len(wanted), kinds={item.kind for item in items}) if r.item.id in wanted
    ]
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

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, kb: KnowledgeBase
    ) -> List[EventType]:
        text = question_text(tracker)
        # A glossary entry named anywhere in the message (not only the span the NLU picked).
        terms = typed_entity_texts(tracker, GLOSSARY_ENTITY)
        entries = [e for e in (kb.glossary(t) for t in terms) if e] or kb.glossary_named(text)
        if entries:
            return show_items(dispatcher, domain, kb, entries[:1])
        found = passages(kb, tracker, prefer_kinds=(GLOSSARY,))
        if found:
            return show_passages(dispatcher, domain, kb, found)
        # A level named (« c'est quoi une interco ? »): the level's card.
        followed = answer_followup(dispatcher, tracker, domain, kb, facets=("echelon",))
        if followed is not None:
            return followed
        # A term the knowledge base holds somewhere: its best passage, however short the question.
        for term in (t for t in terms if kb.knows(t)):
            hits = [hit.item for hit in kb.search(term, limit=1, prefer_kinds=(GLOSSARY,))]
            # A tag's synonym (« agglo », « ados ») is in no text: the first item carrying that tag.
            hits = hits or kb.by_tags([tag.id for tag in kb.tags() if phrase(term) in tag.names], limit=1)
            if hits:
                return show_items(dispatcher, domain, kb, hits)
        # « not in the guide » only for a term the whole knowledge base does not know.
        unknown = [t for t in terms if not kb.knows(t)]
        unknown_term = quoted(unknown[0]) if unknown else None
        if unknown_term:
            dispatcher.utter_message(text=fill(domain, "utter_unknown_term", term=unknown_term))
        else:
            dispatcher.utter_message(response="utter_unknown_question")
        return []


class _ListAction(KnowledgeAction):
    """Shows a list of items, those the question names first, a page at a time."""

    intro = ""
    style = "items"
    # The kinds of item the question is likely about: a prior of the search, not a filter.
    prior_kinds: Tuple[str, ...] = ()

    def items(self, tracker: Tracker, kb: KnowledgeBase) -> List[ItemView]:
        raise NotImplementedError

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, kb: KnowledgeBase
    ) -> List[EventType]:
        followed = answer_followup(dispatcher, tracker, domain, kb, marked=True)
        if followed is not None:
            return followed
        return self.answer_list(dispatcher, tracker, domain, kb)

    def answer_list(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        kb: KnowledgeBase,
        keep_topic: bool = False,
    ) -> List[EventType]:
        """The list, its items the message names first; `keep_topic`: a follow-up of this list
        (« et avec le département ? »), which no passage outside the list takes over."""
        items = self.items(tracker, kb)
        # Retrieval first: a question clearly about a passage outside the list, more than about
        # any item of the list, gets that passage. A glossary entry named in a request for a list
        # (« un témoignage sur la loi REEN ») is its topic, not its answer: it never takes over.
        if typed(tracker) and not keep_topic:
            results = [r for r in ranked(kb, tracker, self.prior_kinds, limit=LIST_RIVALS) if r.item.kind != GLOSSARY]
            found = clear_answer(results)
            ids = {item.id for item in items}
            inside = max((r.score for r in results if r.item.id in ids), default=0.0)
            if found and found[0].item.id not in ids and inside < found[0].score * LIST_SHARE:
                return show_passages(dispatcher, domain, kb, found)
        hits = strong_hits(kb, items, question_text(tracker))
        # A question about one item of a list of lines (« y a un tableau de bord national ? ») gets
        # that item in full, not a page of the list.
        if typed(tracker) and len(hits) == 1 and self.style == "items":
            return show_items(dispatcher, domain, kb, hits)
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
    prior_kinds = ("ressource",)

    def items(self, tracker: Tracker, kb: KnowledgeBase) -> List[ItemView]:
        # Funding sources first, then the guide's advice on costs and budgets.
        advice = [i for i in kb.by_tags(["financement"]) if i.kind not in ("ressource", GLOSSARY)]
        return kb.of_kind("ressource", category="financement") + advice


class ActionListTools(_ListAction):
    action_name = "action_list_tools"
    intro = "utter_tools_intro"
    prior_kinds = ("ressource",)

    def items(self, tracker: Tracker, kb: KnowledgeBase) -> List[ItemView]:
        return kb.of_kind("ressource", category="donnees") + kb.of_kind("ressource", category="outil")


class ActionListNetworks(_ListAction):
    action_name = "action_list_networks"
    intro = "utter_networks_intro"
    prior_kinds = ("ressource",)

    def items(self, tracker: Tracker, kb: KnowledgeBase) -> List[ItemView]:
        return kb.of_kind("ressource", category="reseau-elus")


class ActionShowProjects(_ListAction):
    action_name = "action_show_projects"
    intro = "utter_projects_intro"
    style = "cards"
    prior_kinds = ("projet",)

    def items(self, tracker: Tracker, kb: KnowledgeBase) -> List[ItemView]:
        # The territory kept from earlier in the conversation counts too.
        tags = [mentioned(tracker, kb, "theme"), current(tracker, kb, "territoire")]
        return tagged_or_all(kb, "projet", tags)


class ActionShowTestimony(_ListAction):
    action_name = "action_show_testimony"
    intro = "utter_testimony_intro"
    style = "cards"
    prior_kinds = ("temoignage",)

    def items(self, tracker: Tracker, kb: KnowledgeBase) -> List[ItemView]:
        return tagged_or_all(kb, "temoignage", [mentioned(tracker, kb, "theme")])


class ActionExplainRoadmap(_ListAction):
    action_name = "action_explain_roadmap"
    intro = "utter_roadmap_intro"
    style = "cards"
    prior_kinds = ("feuille-de-route", "etape")

    def items(self, tracker: Tracker, kb: KnowledgeBase) -> List[ItemView]:
        return [i for i in kb.by_tags(["feuille-de-route"]) if i.kind in ("feuille-de-route", "contexte", "etape")]


class ActionExplainContext(_ListAction):
    action_name = "action_explain_context"
    intro = "utter_context_intro"
    style = "cards"
    prior_kinds = ("contexte",)

    def items(self, tracker: Tracker, kb: KnowledgeBase) -> List[ItemView]:
        return kb.of_kind("contexte")


# The lists a follow-up can continue (actions/followup.py: continue_topic), by action name.
LIST_ACTIONS = {
    action.action_name: action
    for action in (
        ActionListFunding,
        ActionListTools,
        ActionListNetworks,
        ActionShowProjects,
        ActionShowTestimony,
        ActionExplainRoadmap,
        ActionExplainContext,
    )
}
