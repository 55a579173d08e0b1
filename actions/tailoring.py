"""Advice fitted to the advisor's context: territory pitch, level, élu's role, blocker."""

from __future__ import annotations

from typing import List, Optional

from rasa_sdk.types import DomainDict

from actions.cards import first_sentence, linked_solutions, solutions_block, with_sources
from actions.texts import fill
from bot.knowledge.repository import ItemView, KnowledgeBase

LEVELS = ("commune", "intercommunalite", "departement", "region", "etat")


def territory_profile(kb: KnowledgeBase, tag: str) -> Optional[ItemView]:
    """The guide's profile for a territory type (the one naming a service to approach)."""
    return next((i for i in kb.by_tags([tag], kind="territoire") if i.details.get("service")), None)


def territory_rules(kb: KnowledgeBase, tag: str) -> List[ItemView]:
    """Rules tied to the territory type (e.g. the QPV/ZRR bonification)."""
    return [i for i in kb.by_tags([tag], kind="territoire") if not i.details.get("service")]


def blocker(kb: KnowledgeBase, tag: str) -> Optional[ItemView]:
    found = kb.by_tags([tag], kind="frein", category="frein")
    return found[0] if found else None


def level_card(kb: KnowledgeBase, tag: str) -> Optional[ItemView]:
    found = kb.by_tags([tag], kind="echelon", category="echelon")
    return found[0] if found else None


def elus_of(kb: KnowledgeBase, tag: str) -> Optional[ItemView]:
    """Who the élus are at a level, or the level whose élus hold a role (tags: level and roles)."""
    found = kb.by_tags([tag], kind="elu", category="echelon")
    return found[0] if found else None


def territory_message(domain: DomainDict, kb: KnowledgeBase, tag: str) -> Optional[str]:
    profile = territory_profile(kb, tag)
    if profile is None:
        return None
    text = fill(
        domain,
        "utter_tailored_territory",
        title=profile.title,
        pitch=first_sentence(profile.body),
        service=profile.details.get("service", ""),
    )
    return with_sources(text, [profile])


def blocker_message(domain: DomainDict, kb: KnowledgeBase, tag: str) -> Optional[str]:
    found = blocker(kb, tag)
    if found is None:
        return None
    solutions = linked_solutions(kb, found)
    if not solutions:
        return None
    return with_sources(solutions_block(domain, found, solutions), [found, *solutions])


def tailored_messages(
    domain: DomainDict, kb: KnowledgeBase, territory: Optional[str], blocker: Optional[str]
) -> List[str]:
    """What the conversation's context adds to a situation's steps: the territory's pitch and the
    blocker's solutions (the level and the role are answered when asked)."""
    messages = []
    if territory:
        messages.append(territory_message(domain, kb, territory))
    if blocker:
        messages.append(blocker_message(domain, kb, blocker))
    return [m for m in messages if m]
