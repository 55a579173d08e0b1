"""Checks of the domain that Rasa's own validation does not make (`make validate`)."""

from __future__ import annotations

from pathlib import Path
from typing import List

import yaml

from bot.intents import LABEL_RESPONSE, NOT_OFFERED
from bot.knowledge.schema import CONTEXT_FACETS, GLOSSARY_ENTITY
from bot.settings import ROOT
from bot.training import domain_path


def load_domain(root: Path = ROOT) -> dict:
    """The domain's intents and responses, its files merged (a light read: no Rasa import)."""
    folder = domain_path(root)
    merged: dict = {"intents": [], "responses": {}, "entities": []}
    for path in sorted(folder.rglob("*.yml")) if folder.is_dir() else [folder]:
        part = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        merged["intents"] += [i if isinstance(i, str) else next(iter(i)) for i in part.get("intents") or []]
        merged["responses"].update(part.get("responses") or {})
        merged["entities"] += [e if isinstance(e, str) else next(iter(e)) for e in part.get("entities") or []]
    return merged


def unlabelled_intents(root: Path = ROOT) -> List[str]:
    """The intents « vouliez-vous dire » may offer that have no button label: they would vanish silently."""
    domain = load_domain(root)
    return [
        intent
        for intent in domain["intents"]
        if intent not in NOT_OFFERED and LABEL_RESPONSE.format(intent=intent) not in domain["responses"]
    ]


# The entities the actions and nlu-sync use: one per facet of the knowledge base, and the glossary's.
EXPECTED_ENTITIES = (*CONTEXT_FACETS, GLOSSARY_ENTITY)


def entity_mismatch(root: Path = ROOT) -> List[str]:
    """Entities the code uses that the domain does not declare, and the other way round."""
    declared = load_domain(root)["entities"]
    return sorted(set(EXPECTED_ENTITIES).symmetric_difference(declared))


def problems(root: Path = ROOT) -> List[str]:
    return [
        f"l'intention « {intent} » n'a pas de libellé de bouton : ajoutez la réponse "
        f"{LABEL_RESPONSE.format(intent=intent)} au domaine (ou ajoutez-la à bot.intents.NOT_OFFERED)."
        for intent in unlabelled_intents(root)
    ] + [
        f"l'entité « {entity} » n'est pas à la fois dans le domaine et dans bot.knowledge.schema "
        "(CONTEXT_FACETS, GLOSSARY_ENTITY) : les deux listes doivent être les mêmes."
        for entity in entity_mismatch(root)
    ]
