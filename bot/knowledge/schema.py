"""The shape of the files in `knowledge/`: one spec per kind of item.

Field names are the French ones editors write; `attribute` is where the value
goes in the database model. A field whose spec names `refers_to` holds ids of
items of that kind (a dangling id is refused by the loader).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, Optional, Tuple

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
URL_PATTERN = re.compile(r"^https?://\S+$")
MAX_TEXT_CHARS = 450
# The kind of the glossary's entries (a sigle or a term the guide defines): what a definition shows.
GLOSSARY = "sigle"

STR, TEXT, BOOL, IDS, STRS, URL = "str", "text", "bool", "ids", "strs", "url"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str
    attribute: Optional[str] = None
    required: bool = True
    refers_to: Optional[str] = None  # kind of the referenced items, for IDS fields


# Every kind: how advisors ask for the item, in their own words (searched, never shown).
QUESTIONS = FieldSpec("questions", STRS, "questions", required=False)


@dataclass(frozen=True)
class KindSpec:
    """A kind's fields: those given, then `QUESTIONS`, which every kind takes."""

    kind: str
    file: str
    fields: Tuple[FieldSpec, ...]
    categories: Tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if QUESTIONS not in self.fields:
            object.__setattr__(self, "fields", (*self.fields, QUESTIONS))


def _ids(name: str, kind: str, required: bool = False) -> FieldSpec:
    return FieldSpec(name, IDS, required=required, refers_to=kind)


_RESOURCES = _ids("ressources", "ressource")
_TESTIMONIES = _ids("temoignages", "temoignage")

STEP = KindSpec(
    "etape",
    "situations.yml",
    (
        FieldSpec("titre", STR, "title"),
        FieldSpec("explication", TEXT, "body"),
        _RESOURCES,
        _TESTIMONIES,
    ),
)

KINDS: Dict[str, KindSpec] = {
    spec.kind: spec
    for spec in (
        KindSpec(
            "situation",
            "situations.yml",
            (
                FieldSpec("intent", STR, "intent"),
                FieldSpec("titre", STR, "title"),
                FieldSpec("question_guide", STR, "guide_question"),
                FieldSpec("resume", TEXT, "body"),
                FieldSpec("etapes", "steps"),
            ),
        ),
        KindSpec(
            "elu",
            "elus.yml",
            (FieldSpec("titre", STR, "title"), FieldSpec("texte", TEXT, "body"), _RESOURCES, _TESTIMONIES),
            categories=("echelon", "fait", "ne-fait-pas", "portage"),
        ),
        KindSpec(
            "echelon",
            "echelons.yml",
            (
                FieldSpec("titre", STR, "title"),
                FieldSpec("competences", TEXT, "competences", required=False),
                FieldSpec("texte", TEXT, "body"),
                _ids("schemas", GLOSSARY),
            ),
            categories=("echelon", "intercommunalite-types", "transversalite"),
        ),
        KindSpec(
            "territoire",
            "territoires.yml",
            (
                FieldSpec("titre", STR, "title"),
                FieldSpec("enjeux", TEXT, "stakes", required=False),
                FieldSpec("argumentaire", TEXT, "body", required=False),
                FieldSpec("texte", TEXT, "body", required=False),
                FieldSpec("service", STR, "service", required=False),
                _ids("projets", "projet"),
            ),
        ),
        KindSpec(
            "frein",
            "blocages.yml",
            (
                FieldSpec("titre", STR, "title"),
                FieldSpec("texte", TEXT, "body"),
                _ids("solutions", "frein"),
                _RESOURCES,
            ),
            categories=("frein", "solution"),
        ),
        KindSpec(
            "temoignage",
            "temoignages.yml",
            (
                # Verbatim quotes can be long: no length limit (type STR).
                FieldSpec("citation", STR, "body"),
                FieldSpec("contexte", STR, "context", required=False),
                FieldSpec("auteur", STR, "author"),
                FieldSpec("role", STR, "author_role"),
                FieldSpec("structure", STR, "structure", required=False),
                FieldSpec("departement", STR, "department", required=False),
                FieldSpec("anonyme", BOOL, "anonymous"),
                FieldSpec("origine", STR, "origin", required=False),
            ),
        ),
        KindSpec(
            "projet",
            "projets.yml",
            (
                FieldSpec("titre", STR, "title"),
                FieldSpec("lieu", STR, "place"),
                FieldSpec("departement", STR, "department", required=False),
                FieldSpec("enjeu", STR, "issue"),
                FieldSpec("texte", TEXT, "body"),
                _RESOURCES,
            ),
            categories=("projet", "strategie"),
        ),
        KindSpec(
            "contexte",
            "contexte.yml",
            (FieldSpec("titre", STR, "title"), FieldSpec("texte", TEXT, "body"), _RESOURCES),
        ),
        KindSpec(
            "feuille-de-route",
            "feuille-de-route.yml",
            (FieldSpec("titre", STR, "title"), FieldSpec("texte", TEXT, "body"), _RESOURCES, _TESTIMONIES),
            categories=("argument", "role-elu", "groupe-projet", "moyens", "gouvernance"),
        ),
        KindSpec(
            "ressource",
            "ressources.yml",
            (
                FieldSpec("titre", STR, "title"),
                FieldSpec("editeur", STR, "publisher", required=False),
                FieldSpec("texte", TEXT, "body"),
                FieldSpec("url", URL, "url", required=False),
            ),
            categories=(
                "outil",
                "donnees",
                "reseau-elus",
                "relais",
                "evenement",
                "financement",
                "lecture",
                "organisation",
            ),
        ),
        KindSpec(
            GLOSSARY,
            "glossaire.yml",
            (
                FieldSpec("terme", STR, "title"),
                FieldSpec("forme_longue", STR, "long_form", required=False),
                FieldSpec("variantes", STRS, "variants", required=False),
                FieldSpec("texte", TEXT, "body"),
                FieldSpec("hors_guide", BOOL, "outside_guide"),
            ),
        ),
    )
}

# Fields every item has, whatever its kind (categorie only where the kind has categories).
COMMON_FIELDS = ("id", "tags", "source", "categorie")
# The facets of the advisor's context: NLU entities of the same name, slots, and tags of knowledge/.
CONTEXT_FACETS = ("territoire", "echelon", "role", "theme", "frein")
# The NLU entity (domain/base.yml) that carries a glossary term; nlu-sync writes its lookup table.
GLOSSARY_ENTITY = "sigle"
TAG_FACETS = ("situation", *CONTEXT_FACETS)
