"""`KnowledgeBase`: the one class that queries the knowledge base.

Every method checks the content version first (one small query) and drops
its caches when `kb load` has put new content in, so a running bot answers the
new content without a restart.
"""

from __future__ import annotations

import threading
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

from rapidfuzz import fuzz
from sqlalchemy import func, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.knowledge import models
from bot.knowledge.schema import GLOSSARY
from bot.knowledge.search import Document, SearchIndex
from bot.knowledge.text import STOP_WORDS, phrase, words

# Columns shown as `details` when set: what is specific to a kind.
_DETAIL_COLUMNS = (
    "intent",
    "guide_question",
    "competences",
    "stakes",
    "service",
    "context",
    "author",
    "author_role",
    "structure",
    "department",
    "anonymous",
    "origin",
    "place",
    "issue",
    "publisher",
    "url",
    "long_form",
    "variants",
    "outside_guide",
    "questions",
)
# Priors of `KnowledgeBase.search`: an item of a kind the question suggests scores this
# many times more; each tag of the conversation's context it carries adds this much.
KIND_PRIOR, TAG_PRIOR = 1.3, 1.5
# rapidfuzz ratio (0-100) from which a typed word is taken for a glossary acronym
# ("sradet" for SRADDET: 92; "partage" for PORTAGE would be 86, but that is no acronym).
ACRONYM_TYPO_RATIO = 85
# Words that ask rather than name (not search stop words: « combien de pages » is searched as is).
QUESTION_WORDS = frozenset(
    {
        "quand",
        "combien",
        "pourquoi",
        "lequel",
        "laquelle",
        "lesquels",
        "lesquelles",
        "depuis",
        "comment",
        "quoi",
        "quel",
        "quelle",
        "quels",
        "quelles",
    }
)
# Field weights for the search: names and titles count more than bodies.
_TITLE_WEIGHT, _NAME_WEIGHT, _TAG_WEIGHT, _BODY_WEIGHT = 3.0, 2.5, 1.0, 1.0
# The questions advisors ask about an item (field `questions` of knowledge/), in their words.
_QUESTION_WEIGHT = 1.0


class KnowledgeBaseUnavailable(RuntimeError):
    """The database cannot be reached, or holds no content yet (message in French)."""


@dataclass(frozen=True)
class ItemView:
    """An item as the bot uses it, detached from the database session."""

    id: str
    kind: str
    category: Optional[str]
    title: str
    body: str
    source_part: int
    source_page: int
    source_section: str
    source_line: str
    parent_id: Optional[str] = None
    tags: Tuple[str, ...] = ()
    links: Dict[str, Tuple[str, ...]] = field(default_factory=dict)
    details: Dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SituationView:
    situation: ItemView
    steps: Tuple[ItemView, ...]


@dataclass(frozen=True)
class TagView:
    id: str
    facet: str
    label: str
    synonyms: Tuple[str, ...]
    # Its id, label and synonyms as normalised phrases (`text.phrase`), for matching what advisors type.
    names: frozenset = frozenset()


@dataclass(frozen=True)
class SearchResult:
    item: ItemView
    score: float
    snippet: str
    # The question quotes one of the item's names (acronym, variant, author, place…).
    named: bool = False


@dataclass
class _Cache:
    """What is derived from one version of the content, dropped when the version changes."""

    version: int
    template: str
    index: Optional[SearchIndex] = None
    items: Optional[Dict[str, ItemView]] = None
    tags: Dict[Optional[str], List[TagView]] = field(default_factory=dict)
    # Every word the content holds, as one padded normalised phrase (`knows`).
    vocabulary: Optional[str] = None
    # Glossary entries with their names as normalised phrases (`glossary_named`).
    glossary_names: Optional[List[Tuple[ItemView, Tuple[str, ...]]]] = None


class KnowledgeBase:
    """All the queries of the knowledge base.

    Args:
        engine: A SQLAlchemy engine (SQLite or PostgreSQL) holding loaded content.
    """

    def __init__(self, engine: Engine):
        self._engine = engine
        self._lock = threading.Lock()
        self._cache: Optional[_Cache] = None

    # --- database access -------------------------------------------------

    @contextmanager
    def _session(self) -> Iterator[Session]:
        """A session; any database error becomes KnowledgeBaseUnavailable (a French message)."""
        with self._unavailable_on_error():
            with Session(self._engine, future=True) as session:
                yield session

    @contextmanager
    def _connection(self) -> Iterator[Connection]:
        with self._unavailable_on_error():
            with self._engine.connect() as connection:
                yield connection

    @staticmethod
    @contextmanager
    def _unavailable_on_error() -> Iterator[None]:
        try:
            yield
        except SQLAlchemyError as error:
            raise KnowledgeBaseUnavailable(
                f"base de connaissances injoignable ({type(error).__name__}) : "
                "vérifiez KB_DATABASE_URL, puis lancez 'python -m bot kb load'."
            ) from error

    # --- version and caches ----------------------------------------------

    def version(self) -> int:
        """The version of the loaded content; raises if there is none."""
        return self._current().version

    def _current(self) -> _Cache:
        with self._connection() as connection:
            row = connection.execute(
                select(models.Meta.version, models.Meta.source_template).where(models.Meta.id == 1)
            ).first()
        if row is None:
            raise KnowledgeBaseUnavailable("base de connaissances vide : lancez 'python -m bot kb load'.")
        with self._lock:
            if self._cache is None or self._cache.version != row.version:
                self._cache = _Cache(row.version, row.source_template)
            return self._cache

    def _all_items(self, cache: Optional[_Cache] = None) -> Dict[str, ItemView]:
        cache = cache or self._current()
        if cache.items is None:
            with self._session() as session:
                rows = session.execute(select(models.Item).order_by(models.Item.position)).scalars().all()
                views = self._views(session, rows, cache.template)
            with self._lock:
                cache.items = {view.id: view for view in views}
        return cache.items

    def _views(self, session: Session, rows: Sequence[models.Item], template: str) -> List[ItemView]:
        ids = [row.id for row in rows]
        links: Dict[str, Dict[str, List[str]]] = {}
        if ids:
            for link in session.execute(
                select(models.Link).where(models.Link.source_id.in_(ids)).order_by(models.Link.position)
            ).scalars():
                links.setdefault(link.source_id, {}).setdefault(link.relation, []).append(link.target_id)
        return [
            ItemView(
                id=row.id,
                kind=row.kind,
                category=row.category,
                title=row.title,
                body=row.body,
                source_part=row.source_part,
                source_page=row.source_page,
                source_section=row.source_section,
                source_line=template.format(partie=row.source_part, page=row.source_page),
                parent_id=row.parent_id,
                tags=tuple(tag.id for tag in row.tags),
                links={relation: tuple(targets) for relation, targets in links.get(row.id, {}).items()},
                details={c: getattr(row, c) for c in _DETAIL_COLUMNS if getattr(row, c) is not None},
            )
            for row in rows
        ]

    def _query(self, statement) -> List[ItemView]:
        cache = self._current()
        with self._session() as session:
            rows = session.execute(statement).scalars().unique().all()
            return self._views(session, rows, cache.template)

    # --- queries ---------------------------------------------------------

    def item(self, item_id: str) -> Optional[ItemView]:
        found = self._query(select(models.Item).where(models.Item.id == item_id))
        return found[0] if found else None

    def items(self, item_ids: Iterable[str]) -> List[ItemView]:
        """The items with these ids, in the order given (unknown ids are skipped)."""
        wanted = list(item_ids)
        found = {view.id: view for view in self._query(select(models.Item).where(models.Item.id.in_(wanted)))}
        return [found[i] for i in wanted if i in found]

    def linked(self, item: ItemView, relation: str) -> List[ItemView]:
        return self.items(item.links.get(relation, ()))

    def situation(self, key: str) -> Optional[SituationView]:
        """A situation by its intent (`situation_no_contact`) or id, with its ordered steps."""
        found = self._query(
            select(models.Item).where(
                models.Item.kind == "situation", (models.Item.intent == key) | (models.Item.id == key)
            )
        )
        if not found:
            return None
        steps = self._query(
            select(models.Item).where(models.Item.parent_id == found[0].id).order_by(models.Item.position)
        )
        return SituationView(found[0], tuple(steps))

    def by_tags(
        self,
        tags: Iterable[str],
        kind: Optional[str] = None,
        category: Optional[str] = None,
        match_all: bool = False,
        limit: Optional[int] = None,
    ) -> List[ItemView]:
        """Items carrying the tags, most matching tags first, then in the guide's order."""
        wanted = sorted(set(tags))
        if not wanted:
            return []
        matches = func.count(models.ItemTag.tag_id).label("matches")
        statement = (
            select(models.Item.id, matches)
            .join(models.ItemTag, models.ItemTag.item_id == models.Item.id)
            .where(models.ItemTag.tag_id.in_(wanted))
            .group_by(models.Item.id, models.Item.position)
            .order_by(matches.desc(), models.Item.position)
        )
        if kind:
            statement = statement.where(models.Item.kind == kind)
        if category:
            statement = statement.where(models.Item.category == category)
        if match_all:
            statement = statement.having(func.count(models.ItemTag.tag_id) == len(wanted))
        if limit:
            statement = statement.limit(limit)
        self._current()
        with self._connection() as connection:
            ids = [row.id for row in connection.execute(statement)]
        return self.items(ids)

    def all_items(self) -> List[ItemView]:
        """Every item, in the guide's order."""
        return list(self._all_items().values())

    def of_kind(self, kind: str, category: Optional[str] = None) -> List[ItemView]:
        statement = select(models.Item).where(models.Item.kind == kind).order_by(models.Item.position)
        if category:
            statement = statement.where(models.Item.category == category)
        return self._query(statement)

    def glossary(self, term: str) -> Optional[ItemView]:
        """The glossary entry whose term, long form or variant is exactly `term` (case, accents, dots aside)."""
        wanted = phrase(term)
        return next((view for view, names in self._glossary_names() if wanted and wanted in names), None)

    def _glossary_names(self) -> List[Tuple[ItemView, Tuple[str, ...]]]:
        """Each glossary entry with its names (term, long form, variants) as normalised phrases."""
        cache = self._current()
        if cache.glossary_names is None:
            entries = []
            for view in self.of_kind(GLOSSARY):
                raw = [view.title, view.details.get("long_form") or ""] + list(view.details.get("variants") or [])
                entries.append((view, tuple(n for n in dict.fromkeys(phrase(name) for name in raw) if n)))
            with self._lock:
                cache.glossary_names = entries
        return cache.glossary_names

    def tags(self, facet: Optional[str] = None) -> List[TagView]:
        """The tags (of one facet), with their synonyms; read once per content version."""
        cache = self._current()
        if facet not in cache.tags:
            statement = select(models.Tag).order_by(models.Tag.facet, models.Tag.id)
            if facet:
                statement = statement.where(models.Tag.facet == facet)
            with self._session() as session:
                found = [
                    TagView(
                        t.id,
                        t.facet,
                        t.label,
                        tuple(s.synonym for s in t.synonyms),
                        frozenset(phrase(n) for n in (t.id, t.label, *(s.synonym for s in t.synonyms))) - {""},
                    )
                    for t in session.execute(statement).scalars()
                ]
            with self._lock:
                cache.tags[facet] = found
        return cache.tags[facet]

    def stats(self) -> Dict[str, Any]:
        cache = self._current()
        with self._connection() as connection:
            kinds = Counter(
                {
                    (row.kind, row.category): row.n
                    for row in connection.execute(
                        select(models.Item.kind, models.Item.category, func.count().label("n")).group_by(
                            models.Item.kind, models.Item.category
                        )
                    )
                }
            )
            tags = connection.execute(select(func.count()).select_from(models.Tag)).scalar_one()
        by_kind: Counter = Counter()
        for (kind, _category), n in kinds.items():
            by_kind[kind] += n
        return {
            "version": cache.version,
            "items": dict(by_kind),
            "categories": {f"{k}/{c}": n for (k, c), n in sorted(kinds.items()) if c},
            "tags": tags,
        }

    # --- search ----------------------------------------------------------

    def search(
        self,
        query: str,
        limit: int = 5,
        kinds: Optional[Iterable[str]] = None,
        prefer_kinds: Iterable[str] = (),
        prefer_tags: Iterable[str] = (),
    ) -> List[SearchResult]:
        """Ranked French search over every item; each result has a snippet and its source.

        `prefer_kinds` and `prefer_tags` are priors, not filters (what the intent, the
        entities and the conversation suggest): an item of a preferred kind scores
        `KIND_PRIOR` times more, each preferred tag it carries adds `TAG_PRIOR`.
        """
        cache = self._current()
        items = self._all_items(cache)
        if cache.index is None:
            index = SearchIndex([_document(view) for view in items.values()])
            with self._lock:
                cache.index = index
        kinds_wanted, tags_wanted = set(prefer_kinds), set(prefer_tags) - {None}

        def prior(item_id: str, score: float) -> float:
            item = items[item_id]
            boosted = score * (KIND_PRIOR if item.kind in kinds_wanted else 1.0)
            return boosted + TAG_PRIOR * len(tags_wanted.intersection(item.tags))

        hits = cache.index.search(query, limit, kinds, prior if kinds_wanted or tags_wanted else None)
        return [SearchResult(items[hit.id], hit.score, hit.snippet, hit.named) for hit in hits]

    def glossary_named(self, text: str) -> List[ItemView]:
        """The glossary entries `text` names anywhere (term, long form or variant), longest name first.

        An acronym typed with a typo ("sradet", "scorane") counts when it is close
        enough to the acronym (`ACRONYM_TYPO_RATIO`).
        """
        padded = f" {phrase(text)} "
        typed = [w for w in padded.split() if len(w) >= 5]
        found: Dict[str, Tuple[float, ItemView]] = {}
        for view, names in self._glossary_names():
            length: float = max((len(n) for n in names if f" {n} " in padded), default=0)
            if not length and _is_acronym(view.title):
                acronym = phrase(view.title)
                close = [w for w in typed if fuzz.ratio(w, acronym) >= ACRONYM_TYPO_RATIO]
                length = len(acronym) - 0.5 if close else 0.0
            if length:
                found[view.id] = (length, view)
        return [view for _, view in sorted(found.values(), key=lambda pair: -pair[0])]

    def unknown_words(self, text: str) -> List[str]:
        """The content words of `text` (4 letters and more, not stop words nor numbers) that no item,
        tag or name of the content holds: « iphone », « tartiflette », « électorales »."""
        vocabulary = self._vocabulary()
        return [
            w
            for w in words(text)
            if len(w) > 3
            and not w.isdigit()
            and w not in STOP_WORDS
            and w not in QUESTION_WORDS
            and f" {w} " not in vocabulary
        ]

    def knows(self, term: str) -> bool:
        """True when some item, tag or name of the content holds `term` (case, accents, dots aside)."""
        wanted = phrase(term)
        return bool(wanted) and f" {wanted} " in self._vocabulary()

    def _vocabulary(self) -> str:
        """Every text of the content (titles, bodies, names, tag names) as normalised phrases, padded."""
        cache = self._current()
        if cache.vocabulary is None:
            texts = []
            for view in self._all_items(cache).values():
                texts += [view.title, view.body]
                texts += [str(v) for v in view.details.values() if isinstance(v, str)]
                texts += [str(v) for v in view.details.get("variants") or []]
            texts += [name for tag in self.tags() for name in tag.names]
            vocabulary = " " + " | ".join(phrase(t) for t in texts) + " "
            with self._lock:
                cache.vocabulary = vocabulary
        return cache.vocabulary


def _is_acronym(term: str) -> bool:
    letters = term.replace("-", "")
    return len(letters) >= 4 and letters.isalnum() and letters.upper() == letters


# Capitalised words of a place or an author that name no place or person in particular.
_GENERIC_NAME_WORDS = frozenset(
    {"un", "une", "communaute", "agglomeration", "region", "eurometropole", "metropole", "national", "departement"}
)


def _proper_nouns(name: str) -> List[str]:
    """The proper nouns of a name, four letters or more: « Communauté de communes de Lacq Orthez »
    → Lacq, Orthez; « Anne-Claire Dubreuil » → Anne-Claire, Dubreuil."""
    found = []
    for word in name.replace("'", " ").replace("’", " ").split():
        folded = phrase(word)
        if word[:1].isupper() and len(folded) >= 4 and folded not in _GENERIC_NAME_WORDS and folded not in STOP_WORDS:
            found.append(word)
    return found


def _document(view: ItemView) -> Document:
    d = view.details
    names = [d.get(k) for k in ("author", "place", "publisher", "long_form", "structure", "department")]
    names += list(d.get("variants") or [])
    named_by_title = view.kind in (GLOSSARY, "ressource", "projet") or view.category == "echelon"
    keys: List[Optional[str]] = [view.title] if named_by_title else []
    keys += [d.get("long_form")] + list(d.get("variants") or []) + [d.get("place"), d.get("author")]
    # People say « Dubreuil », « le Sicoval », « Lacq Orthez »: each proper noun of an author or a place.
    keys += [w for name in (d.get("place"), d.get("author")) if name for w in _proper_nouns(name)]
    fields = [
        (view.title, _TITLE_WEIGHT),
        (" ".join(n for n in names if n), _NAME_WEIGHT),
        (" ".join(view.tags).replace("-", " "), _TAG_WEIGHT),
        (view.body, _BODY_WEIGHT),
    ]
    for extra in ("guide_question", "stakes", "service", "competences", "context", "issue"):
        if d.get(extra):
            fields.append((str(d[extra]), _BODY_WEIGHT))
    if d.get("questions"):
        fields.append((" ".join(d["questions"]), _QUESTION_WEIGHT))
    return Document(view.id, view.kind, fields, tuple(k for k in keys if k), view.body)
