"""Entities from the lookup tables that `python -m bot nlu-sync` writes from knowledge/.

The advisor's context (territory, level, role, theme, blocker, acronym) is a closed list: the
names and synonyms of the knowledge base's tags. This component finds them in a message as
whole words, case and accents aside, and forgives one typo in a name of five letters or more
(two from nine): « débordée », « intercomunalité ». Among overlapping names of one entity the
longest wins (« élu ambassadeur » rather than « élu »); a name written exactly wins over a near
one, and no near name is read on words that some name spells exactly. Each entity's value is the
lookup name it matched, so that EntitySynonymMapper, after it, maps it to its tag.

It replaces DIET's entity CRF (`entity_recognition: false` in config.yml). Measured 2026-12-02:
see the comment in config.yml and bench/ablation.yml.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.knowledge.text import fold

logger = logging.getLogger(__name__)

_WORD = re.compile(r"[a-z0-9]+")
LOOKUPS_FILE = "lookups.json"


def typos_allowed(name: str) -> int:
    """How many edits a written name may be from the lookup's: none under five letters
    (« cra », « fne », « elus »), one up to eight, two from nine."""
    if len(name) < 5:
        return 0
    return 1 if len(name) < 9 else 2


def folded_words(text: str) -> List[Tuple[str, int, int]]:
    """The words of `text`, folded (case, accents), with their start and end in `text`."""
    pieces: List[str] = []
    origin: List[int] = []
    for index, char in enumerate(text):
        folded = fold(char)
        pieces.append(folded)
        origin.extend([index] * len(folded))
    flat = "".join(pieces)
    return [(m.group(0), origin[m.start()], origin[m.end() - 1] + 1) for m in _WORD.finditer(flat)]


def _initials(words: str) -> List[str]:
    """First letters of the words, elided articles aside (« pas l'intérêt » is « pas d'intérêt »)."""
    return [word[0] for word in words.split() if len(word) > 1]


@dataclass(frozen=True)
class Found:
    entity: str
    start: int
    end: int
    value: str
    distance: int


class LookupIndex:
    """Every lookup name, grouped by number of words: a name is compared with each window of as many
    words of the message, all names of one size at once (rapidfuzz's cdist)."""

    def __init__(self, tables: Mapping[str, Sequence[str]]) -> None:
        self.tables = {entity: list(names) for entity, names in tables.items()}
        # word count -> the folded names (grouped by entity), their entity and the lookup name each stands for
        self._keys: Dict[int, List[str]] = {}
        self._entities: Dict[int, List[str]] = {}
        self._names: Dict[int, List[str]] = {}
        for entity, names in sorted(self.tables.items()):
            seen = set()
            for name in names:
                key = " ".join(_WORD.findall(fold(name)))
                if not key or key in seen:
                    continue
                seen.add(key)
                size = len(key.split())
                self._keys.setdefault(size, []).append(key)
                self._entities.setdefault(size, []).append(entity)
                self._names.setdefault(size, []).append(name)

    def find(self, text: str) -> List[Found]:
        """The entities named in `text`: per entity, the longest names first, exact before near,
        never two on the same words."""
        import numpy as np
        from rapidfuzz.distance import Levenshtein
        from rapidfuzz.process import cdist

        words = folded_words(text)
        # entity -> (-size, distance, first word, last word, lookup name)
        candidates: Dict[str, List[Tuple[int, int, int, int, str]]] = {}
        for size, keys in self._keys.items():
            if size > len(words):
                continue
            windows = [" ".join(w for w, _, _ in words[i : i + size]) for i in range(len(words) - size + 1)]
            distances = cdist(windows, keys, scorer=Levenshtein.distance, score_cutoff=2, dtype=np.int32, workers=1)
            rows, columns = np.nonzero(distances <= 2)
            for row, column in zip(rows, columns, strict=True):
                window, key, distance = windows[row], keys[column], int(distances[row, column])
                # No typo under five letters (« cra », « elus »), and each word's first letter is
                # kept by nearly every typo: « le faire » is not « le maire ».
                if distance and (
                    distance > min(typos_allowed(window), typos_allowed(key)) or _initials(window) != _initials(key)
                ):
                    continue
                entity = self._entities[size][column]
                candidates.setdefault(entity, []).append(
                    (-size, distance, int(row), int(row) + size - 1, self._names[size][column])
                )
        # A near name never stands on words that some name spells exactly: « le maire » is a role,
        # not a typo of the level « mairie ».
        exact = {
            i
            for options in candidates.values()
            for _, d, first, last, _ in options
            if d == 0
            for i in range(first, last + 1)
        }
        found: List[Found] = []
        for entity, options in candidates.items():
            taken: set = set()
            for _, distance, first, last, name in sorted(options):
                span = set(range(first, last + 1))
                if span & taken or (distance and span & exact):
                    continue
                taken |= span
                found.append(Found(entity, words[first][1], words[last][2], name, distance))
        return sorted(found, key=lambda f: (f.start, f.entity))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class LookupEntityExtractor(GraphComponent, EntityExtractorMixin):
    """Finds the lookup tables' names in each message (see the module's docstring)."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {}

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        index: Optional[LookupIndex] = None,
    ) -> None:
        self.config = config
        self._model_storage = model_storage
        self._resource = resource
        self.index = index

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LookupEntityExtractor:
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LookupEntityExtractor:
        try:
            with model_storage.read_from(resource) as folder:
                tables = json.loads((folder / LOOKUPS_FILE).read_text(encoding="utf-8"))
        except (ValueError, FileNotFoundError):  # nothing stored: trained without lookup tables
            return cls(config, model_storage, resource)
        return cls(config, model_storage, resource, LookupIndex(tables))

    def train(self, training_data: TrainingData) -> Resource:
        tables = tables_of(training_data.lookup_tables)
        if not tables:
            logger.warning("LookupEntityExtractor : aucune table de correspondance pour les entités du domaine.")
            return self._resource
        self.index = LookupIndex(tables)
        with self._model_storage.write_to(self._resource) as folder:
            (folder / LOOKUPS_FILE).write_text(json.dumps(tables, ensure_ascii=False), encoding="utf-8")
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        if self.index is None:
            return messages
        for message in messages:
            found = [
                {
                    ENTITY_ATTRIBUTE_TYPE: f.entity,
                    ENTITY_ATTRIBUTE_START: f.start,
                    ENTITY_ATTRIBUTE_END: f.end,
                    ENTITY_ATTRIBUTE_VALUE: f.value,
                }
                for f in self.index.find(message.get(TEXT) or "")
            ]
            message.set(ENTITIES, message.get(ENTITIES, []) + self.add_extractor_name(found), add_to_output=True)
        return messages


def tables_of(lookup_tables: Iterable[Dict[str, Any]]) -> Dict[str, List[str]]:
    """The lookup tables as entity -> names (Rasa's training data keeps each as {"name": …,
    "elements": [...]}; every table of data/nlu/lookups/ is named after its entity)."""
    tables: Dict[str, List[str]] = {}
    for table in lookup_tables:
        name, elements = table.get("name"), table.get("elements")
        if isinstance(name, str) and isinstance(elements, list):
            tables.setdefault(name, []).extend(str(e) for e in elements)
    return tables
