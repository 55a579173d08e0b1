"""Reads `knowledge/`, checks every file, and loads it all in one transaction.

Nothing reaches the database unless every file is valid; a database error
rolls the whole load back, so readers keep the previous content either way.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import yaml
from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.knowledge import migrations, models
from bot.knowledge.schema import (
    BOOL,
    COMMON_FIELDS,
    ID_PATTERN,
    IDS,
    KINDS,
    MAX_TEXT_CHARS,
    STEP,
    STR,
    STRS,
    TAG_FACETS,
    TEXT,
    URL,
    URL_PATTERN,
    KindSpec,
)
from bot.settings import ROOT

DEFAULT_DIRECTORY = ROOT / "knowledge"
GUIDE_FILE = "guide.yml"
TAGS_FILE = "tags.yml"


class KnowledgeError(ValueError):
    """The files are not valid; `problems` lists every one, in French."""

    def __init__(self, problems: List[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class Content:
    """Everything read from the files, checked and ready to insert."""

    guide: Dict[str, Any]
    tags: List[Dict[str, Any]] = field(default_factory=list)
    synonyms: List[Dict[str, Any]] = field(default_factory=list)
    items: List[Dict[str, Any]] = field(default_factory=list)
    item_tags: List[Dict[str, str]] = field(default_factory=list)
    links: List[Dict[str, Any]] = field(default_factory=list)
    content_hash: str = ""

    def counts(self) -> Dict[str, int]:
        return dict(Counter(item["kind"] for item in self.items))


@dataclass(frozen=True)
class LoadResult:
    version: int
    changed: bool
    counts: Dict[str, int]


class _Reader:
    """Collects problems instead of stopping at the first, so an editor sees them all."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.problems: List[str] = []
        self.content: Optional[Content] = None
        self._ids: Dict[str, Tuple[str, Optional[str]]] = {}  # id -> (kind, category)
        self._where: Dict[str, str] = {}  # id -> file
        self._refs: List[Tuple[str, str, str, str, Optional[str], int]] = []  # file, item, field, target, kind, pos
        self._tag_ids: set = set()
        self._parts: Dict[int, int] = {}
        self._position = 0

    def problem(self, file: str, message: str, item: Optional[str] = None, field_name: Optional[str] = None):
        where = f"knowledge/{file}"
        if item:
            where += f", item « {item} »"
        if field_name:
            where += f", champ « {field_name} »"
        self.problems.append(f"{where} : {message}")

    def read_yaml(self, name: str) -> Optional[Any]:
        path = self.directory / name
        if not path.is_file():
            self.problem(name, "fichier manquant.")
            return None
        try:
            return yaml.safe_load(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            self.problem(name, "le fichier n'est pas en UTF-8.")
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = f" ligne {mark.line + 1}" if mark else ""
            self.problem(name, f"YAML invalide{line} ({getattr(error, 'problem', error)}).")
        return None

    # --- guide and tags -------------------------------------------------

    def read_guide(self) -> Optional[Dict[str, Any]]:
        data = self.read_yaml(GUIDE_FILE)
        if not isinstance(data, dict) or data.get("kind") != "guide":
            if data is not None:
                self.problem(GUIDE_FILE, "il doit contenir « kind: guide ».")
            return None
        for key in ("titre", "titre_court", "date", "source_modele", "parties"):
            if not data.get(key):
                self.problem(GUIDE_FILE, "valeur manquante.", field_name=key)
        template = data.get("source_modele") or ""
        if "{partie}" not in template or "{page}" not in template:
            self.problem(GUIDE_FILE, "le modèle doit contenir {partie} et {page}.", field_name="source_modele")
        for part in data.get("parties") or []:
            try:
                self._parts[int(part["numero"])] = int(part["page"])
            except (KeyError, TypeError, ValueError):
                self.problem(
                    GUIDE_FILE, "chaque partie doit avoir un numero et une page entiers.", field_name="parties"
                )
        return data

    def read_tags(self, content: Content) -> None:
        data = self.read_yaml(TAGS_FILE)
        if data is None:
            return
        if not isinstance(data, dict) or data.get("kind") != "tags" or not isinstance(data.get("facets"), dict):
            self.problem(TAGS_FILE, "il doit contenir « kind: tags » et « facets: ».")
            return
        seen_synonyms: Dict[str, str] = {}
        for facet, tags in data["facets"].items():
            if facet not in TAG_FACETS:
                self.problem(TAGS_FILE, f"facette inconnue « {facet} » (attendu : {', '.join(TAG_FACETS)}).")
                continue
            for tag in tags or []:
                tag_id = tag.get("id") if isinstance(tag, dict) else None
                if not isinstance(tag_id, str) or not ID_PATTERN.match(tag_id):
                    self.problem(TAGS_FILE, f"id de tag invalide « {tag_id} » (minuscules, chiffres, tirets).")
                    continue
                if tag_id in self._tag_ids:
                    self.problem(TAGS_FILE, "id en double.", item=tag_id)
                    continue
                if not tag.get("label"):
                    self.problem(TAGS_FILE, "valeur manquante.", item=tag_id, field_name="label")
                self._tag_ids.add(tag_id)
                content.tags.append({"id": tag_id, "facet": facet, "label": tag.get("label") or tag_id})
                for position, synonym in enumerate(tag.get("synonymes") or []):
                    if not isinstance(synonym, str) or not synonym.strip():
                        self.problem(TAGS_FILE, "synonyme vide.", item=tag_id, field_name="synonymes")
                        continue
                    key = synonym.strip().lower()
                    if key in seen_synonyms:
                        self.problem(
                            TAGS_FILE,
                            f"synonyme « {synonym} » déjà utilisé par « {seen_synonyms[key]} ».",
                            item=tag_id,
                            field_name="synonymes",
                        )
                        continue
                    seen_synonyms[key] = tag_id
                    content.synonyms.append({"tag_id": tag_id, "synonym": synonym.strip(), "position": position})

    # --- items ----------------------------------------------------------

    def read_kind(self, spec: KindSpec, content: Content) -> None:
        data = self.read_yaml(spec.file)
        if data is None:
            return
        if not isinstance(data, dict) or data.get("kind") != spec.kind or not isinstance(data.get("items"), list):
            self.problem(spec.file, f"il doit contenir « kind: {spec.kind} » et une liste « items: ».")
            return
        for index, raw in enumerate(data["items"], start=1):
            if not isinstance(raw, dict):
                self.problem(spec.file, f"l'élément n° {index} n'est pas un item (clé: valeur).")
                continue
            self.read_item(spec, raw, content, index)

    def _claim_id(self, file: str, raw: Dict[str, Any], index: int, kind: str, category: Optional[str]):
        item_id = raw.get("id")
        if not isinstance(item_id, str) or not item_id:
            self.problem(file, f"l'item n° {index} n'a pas d'id.")
            return None
        if not ID_PATTERN.match(item_id):
            self.problem(
                file,
                "id invalide : minuscules sans accents, chiffres et tirets seulement.",
                item=item_id,
                field_name="id",
            )
            return None
        if item_id in self._ids:
            self.problem(file, f"id en double (déjà utilisé dans knowledge/{self._where[item_id]}).", item=item_id)
            return None
        self._ids[item_id] = (kind, category)
        self._where[item_id] = file
        return item_id

    def read_item(
        self, spec: KindSpec, raw: Dict[str, Any], content: Content, index: int, parent: Optional[Dict[str, Any]] = None
    ) -> None:
        file = spec.file
        category = raw.get("categorie")
        item_id = self._claim_id(file, raw, index, spec.kind, category)
        if item_id is None:
            return
        allowed = set(COMMON_FIELDS) | {f.name for f in spec.fields}
        if parent is not None:
            allowed -= {"tags", "source", "categorie"}
        for key in raw:
            if key not in allowed:
                self.problem(file, f"champ inconnu « {key} ».", item=item_id)

        row: Dict[str, Any] = {"id": item_id, "kind": spec.kind, "source_file": file, "parent_id": None}
        self._position += 1
        row["position"] = self._position
        # Appended now, so a situation comes before its steps (parents are inserted first).
        content.items.append(row)

        if spec.categories:
            if category not in spec.categories:
                self.problem(
                    file,
                    f"catégorie « {category} » inconnue (attendu : {', '.join(spec.categories)}).",
                    item=item_id,
                    field_name="categorie",
                )
            row["category"] = category
        elif category is not None and parent is None:
            self.problem(file, "ce type d'item n'a pas de catégorie.", item=item_id, field_name="categorie")

        if parent is None:
            row.update(self._source(file, item_id, raw.get("source")))
            self._tags(file, item_id, raw.get("tags"), content)
        else:
            row["parent_id"] = parent["id"]
            for key in ("source_part", "source_page", "source_section"):
                row[key] = parent.get(key)

        for spec_field in spec.fields:
            value = raw.get(spec_field.name)
            if spec_field.type == "steps":
                self._steps(spec, item_id, value, content, row)
                continue
            if value is None or value == "" or value == []:
                if spec_field.required:
                    self.problem(file, "valeur manquante.", item=item_id, field_name=spec_field.name)
                continue
            checked = self._check_value(file, item_id, spec_field.name, spec_field.type, value)
            if checked is None:
                continue
            if spec_field.type == IDS:
                for position, target in enumerate(checked):
                    self._refs.append((file, item_id, spec_field.name, target, spec_field.refers_to, position))
            elif spec_field.attribute:
                row[spec_field.attribute] = checked
        if not row.get("body"):
            body_fields = [f for f in spec.fields if f.attribute == "body"]
            if not any(f.required for f in body_fields):  # else already reported as missing
                names = " ou ".join(f"« {f.name} »" for f in body_fields)
                self.problem(file, f"un texte est obligatoire ({names}).", item=item_id)
            row["body"] = ""
        row.setdefault("title", "")

    def _check_value(self, file: str, item_id: str, name: str, kind: str, value: Any) -> Any:
        def bad(message: str) -> None:
            self.problem(file, message, item=item_id, field_name=name)

        if kind in (STR, TEXT):
            if not isinstance(value, str) or not value.strip():
                return bad("un texte est attendu.")
            if kind == TEXT and len(value) > MAX_TEXT_CHARS:
                return bad(f"texte trop long ({len(value)} caractères, {MAX_TEXT_CHARS} au plus).")
            return value.strip()
        if kind == BOOL:
            if not isinstance(value, bool):
                return bad("true ou false est attendu.")
            return value
        if kind == URL:
            if not isinstance(value, str) or not URL_PATTERN.match(value):
                return bad(f"adresse invalide « {value} » (http:// ou https://, ou null si inconnue).")
            return value
        if kind in (IDS, STRS):
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                return bad("une liste de textes est attendue.")
            if kind == IDS and len(set(value)) != len(value):
                return bad("un id y figure deux fois.")
            return [v.strip() for v in value]
        raise AssertionError(kind)

    def _source(self, file: str, item_id: str, source: Any) -> Dict[str, Any]:
        if not isinstance(source, dict):
            self.problem(file, "source manquante ({partie, page, section}).", item=item_id, field_name="source")
            return {"source_part": 0, "source_page": 0, "source_section": ""}
        part, page, section = source.get("partie"), source.get("page"), source.get("section")
        if part not in self._parts:
            self.problem(
                file,
                f"partie « {part} » inconnue (parties du guide : {sorted(self._parts)}).",
                item=item_id,
                field_name="source",
            )
        elif page != self._parts[part]:
            self.problem(
                file,
                f"la partie {part} commence p. {self._parts[part]}, pas p. {page}.",
                item=item_id,
                field_name="source",
            )
        if not isinstance(section, str) or not section.strip():
            self.problem(file, "section manquante.", item=item_id, field_name="source")
            section = ""
        return {
            "source_part": part if isinstance(part, int) else 0,
            "source_page": page if isinstance(page, int) else 0,
            "source_section": section.strip(),
        }

    def _tags(self, file: str, item_id: str, tags: Any, content: Content) -> None:
        if tags is None:
            self.problem(file, "liste de tags manquante (tags: [] si aucun).", item=item_id, field_name="tags")
            return
        if not isinstance(tags, list):
            self.problem(file, "une liste est attendue.", item=item_id, field_name="tags")
            return
        for tag in dict.fromkeys(tags):
            if tag not in self._tag_ids:
                self.problem(
                    file,
                    f"tag inconnu « {tag} » (à déclarer dans knowledge/tags.yml).",
                    item=item_id,
                    field_name="tags",
                )
            else:
                content.item_tags.append({"item_id": item_id, "tag_id": tag})

    def _steps(self, spec: KindSpec, item_id: str, steps: Any, content: Content, row: Dict[str, Any]) -> None:
        if not isinstance(steps, list) or not steps:
            self.problem(spec.file, "au moins une étape est attendue.", item=item_id, field_name="etapes")
            return
        for index, step in enumerate(steps, start=1):
            if not isinstance(step, dict):
                self.problem(spec.file, f"l'étape n° {index} n'est pas un item.", item=item_id, field_name="etapes")
                continue
            # The step's own source is its situation's.
            self.read_item(STEP, step, content, index, parent=row)

    def resolve_references(self, content: Content) -> None:
        for file, item_id, name, target, kind, position in self._refs:
            found = self._ids.get(target)
            if found is None:
                self.problem(file, f"référence inconnue « {target} ».", item=item_id, field_name=name)
            elif found[0] != kind:
                self.problem(
                    file, f"« {target} » est un item « {found[0]} », pas « {kind} ».", item=item_id, field_name=name
                )
            elif name == "solutions" and found[1] != "solution":
                self.problem(file, f"« {target} » n'est pas une solution.", item=item_id, field_name=name)
            else:
                content.links.append(
                    {"source_id": item_id, "relation": name, "target_id": target, "position": position}
                )
        intents = Counter(item.get("intent") for item in content.items if item["kind"] == "situation")
        for intent, count in intents.items():
            if intent and count > 1:
                self.problem("situations.yml", f"l'intention « {intent} » est utilisée {count} fois.")

    def hash(self) -> str:
        digest = hashlib.sha256()
        for name in [GUIDE_FILE, TAGS_FILE] + [spec.file for spec in KINDS.values()]:
            path = self.directory / name
            if path.is_file():
                digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
        return digest.hexdigest()


def read_knowledge(directory: Path = DEFAULT_DIRECTORY) -> Content:
    """Reads and checks every file of `directory`.

    Raises:
        KnowledgeError: At least one problem; all of them are listed.
    """
    reader = _Reader(directory)
    if not directory.is_dir():
        raise KnowledgeError([f"dossier introuvable : {directory}"])
    guide = reader.read_guide()
    content = Content(guide=guide or {})
    reader.read_tags(content)
    expected = {GUIDE_FILE, TAGS_FILE} | {spec.file for spec in KINDS.values()}
    for path in sorted(directory.glob("*.y*ml")):
        if path.name not in expected:
            reader.problem(path.name, f"fichier inattendu (fichiers connus : {', '.join(sorted(expected))}).")
    for spec in KINDS.values():
        reader.read_kind(spec, content)
    reader.resolve_references(content)
    if reader.problems:
        raise KnowledgeError(reader.problems)
    content.content_hash = reader.hash()
    return content


def load_knowledge(engine: Engine, directory: Path = DEFAULT_DIRECTORY, force: bool = False) -> LoadResult:
    """Checks `directory`, then replaces the database content in one transaction.

    Args:
        engine: Where to load.
        directory: The `knowledge/` folder.
        force: Reload even when the files did not change since the last load.

    Raises:
        KnowledgeError: The files are not valid; the database is left as it was.
    """
    content = read_knowledge(directory)
    migrations.upgrade(engine)
    with Session(engine, future=True) as session, session.begin():
        meta = session.execute(select(models.Meta).where(models.Meta.id == 1).with_for_update()).scalar_one_or_none()
        if meta is not None and meta.content_hash == content.content_hash and not force:
            return LoadResult(meta.version, False, content.counts())
        for table in (models.Link, models.ItemTag, models.TagSynonym, models.Item, models.Tag):
            session.execute(delete(table))
        session.execute(insert(models.Tag), content.tags)
        if content.synonyms:
            session.execute(insert(models.TagSynonym), content.synonyms)
        # Parents before children: items are in file order, steps after their situation.
        columns = {c.name for c in models.Item.__table__.columns}
        session.execute(insert(models.Item.__table__), [{c: item.get(c) for c in columns} for item in content.items])
        if content.item_tags:
            session.execute(insert(models.ItemTag), content.item_tags)
        if content.links:
            session.execute(insert(models.Link), content.links)
        version = (meta.version + 1) if meta is not None else 1
        values = dict(
            version=version,
            content_hash=content.content_hash,
            loaded_at=datetime.now(timezone.utc),
            source_template=content.guide["source_modele"],
            guide_title=content.guide["titre_court"],
        )
        if meta is None:
            session.add(models.Meta(id=1, **values))
        else:
            for key, value in values.items():
                setattr(meta, key, value)
    return LoadResult(version, True, content.counts())
