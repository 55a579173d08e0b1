"""Turns knowledge-base items into short Markdown messages, one line of source at the end."""

from __future__ import annotations

import re
from typing import Iterable, List, Optional, Sequence

from rasa_sdk.types import DomainDict

from actions.texts import fill, fill_if
from bot.knowledge.repository import ItemView, KnowledgeBase
from bot.knowledge.schema import GLOSSARY

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[A-ZÀ-ÖØ-Þ«\"])")


def first_sentence(text: str) -> str:
    return _SENTENCE_END.split(text.strip(), maxsplit=1)[0]


def attribution(item: ItemView) -> str:
    """ "Paul Crémoux, agent, communauté de communes…, Vienne (86)"; an anonymous author's role is in the name."""
    d = item.details
    role = None if d.get("anonymous") else d.get("author_role")
    department = d.get("department")
    if department and department.split(" (")[0] in (d.get("author") or ""):
        department = None
    return ", ".join(str(part) for part in (d.get("author"), role, d.get("structure"), department) if part)


def card(domain: DomainDict, item: ItemView, kb: Optional[KnowledgeBase] = None) -> str:
    """The whole item, as a short block of Markdown."""
    return _card(domain, item, kb, linked_solutions(kb, item))


def sourced_card(domain: DomainDict, item: ItemView, kb: KnowledgeBase) -> str:
    """The item's card, then the source lines of every item it shows (a blocker's solutions too)."""
    solutions = linked_solutions(kb, item)
    return with_sources(_card(domain, item, kb, solutions), [item, *solutions])


def _card(domain: DomainDict, item: ItemView, kb: Optional[KnowledgeBase], solutions: Sequence[ItemView]) -> str:
    d = item.details
    kind = item.kind
    if kind == GLOSSARY:
        if d.get("long_form"):
            return fill(domain, "utter_card_sigle_long", title=item.title, long_form=d["long_form"], body=item.body)
        return fill(domain, "utter_card_sigle", title=item.title, body=item.body)
    if kind == "temoignage":
        return fill(domain, "utter_card_temoignage", quote=item.body, author=attribution(item))
    if kind == "ressource":
        return list_item(domain, item, whole=True)
    lines = [fill(domain, "utter_card_title", title=item.title)]
    if kind == "projet":
        lines = [fill(domain, "utter_card_projet_title", title=item.title, place=d.get("place") or "")]
    lines.append(fill_if(domain, "utter_card_stakes", stakes=d.get("stakes")))
    lines.append(fill_if(domain, "utter_card_competences", competences=d.get("competences")))
    lines.append(item.body)
    lines.append(fill_if(domain, "utter_card_service", service=d.get("service")))
    if kind == "echelon" and kb is not None and item.links.get("schemas"):
        schemes = ", ".join(s.title for s in kb.items(item.links["schemas"]))
        lines.append(fill_if(domain, "utter_card_schemes", schemes=schemes))
    if solutions:
        lines.append(solutions_block(domain, item, solutions))
    return "\n".join(line for line in lines if line)


# A blocker's link to the guide's answers to it (knowledge/blocages.yml, `solutions`).
SOLUTIONS = "solutions"


def linked_solutions(kb: Optional[KnowledgeBase], item: ItemView) -> List[ItemView]:
    """A blocker's solutions; nothing, without a query, for any other item."""
    return kb.linked(item, SOLUTIONS) if kb is not None and item.links.get(SOLUTIONS) else []


def solutions_block(domain: DomainDict, blocker: ItemView, solutions: Sequence[ItemView]) -> str:
    """« Face à ce frein, le guide propose : » and one line per solution. A blocker is never shown
    without them: the advisor asking about one wants what to do (dev set, 2026-12-02: « mes élus me
    disent qu'ils ont pas le temps » got the blocker's description and none of its solutions)."""
    lines = [fill(domain, "utter_tailored_blocker", title=blocker.title)]
    return "\n".join(lines + [list_item(domain, solution) for solution in solutions])


def list_item(domain: DomainDict, item: ItemView, whole: bool = False) -> str:
    """One line: the title (a link when the address is known) and why it matters."""
    text = item.body if whole else first_sentence(item.body)
    if item.details.get("url"):
        return fill(domain, "utter_item_link", title=item.title, url=item.details["url"], text=text)
    return fill(domain, "utter_item", title=item.title, text=text)


def numbered(domain: DomainDict, items: Sequence[ItemView], start: int = 1) -> str:
    return "\n".join(
        fill(domain, "utter_step", number=n, title=item.title, text=first_sentence(item.body))
        for n, item in enumerate(items, start=start)
    )


def with_sources(text: str, items: Iterable[ItemView]) -> str:
    """`text` followed by the distinct source lines of the items it draws on (the last line is a source)."""
    sources: List[str] = []
    for item in items:
        if item.source_line not in sources:
            sources.append(item.source_line)
    return "\n".join([text.rstrip()] + sources)
