"""`python -m bot kb …`: load, check, inspect and search the knowledge base; write a migration.

One handler per action (`_load`, `_stats`, …), chosen by argparse (`set_defaults(handler=…)`);
the errors every action can meet are turned into a French message and exit code 1 in one place.
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from pathlib import Path
from typing import Any, Callable

from sqlalchemy.exc import SQLAlchemyError

from bot.knowledge.loader import DEFAULT_DIRECTORY, KnowledgeError, load_knowledge, read_knowledge
from bot.knowledge.repository import KnowledgeBaseUnavailable

Handler = Callable[[argparse.Namespace, Any], int]


def _problems(error: KnowledgeError) -> int:
    print(f"La base de connaissances contient {len(error.problems)} erreur(s) :", file=sys.stderr)
    for problem in error.problems:
        print(f"  - {problem}", file=sys.stderr)
    return 1


def _unreachable(error: SQLAlchemyError) -> int:
    print(
        f"Erreur : base de connaissances injoignable ({type(error).__name__}) ; vérifiez KB_DATABASE_URL.",
        file=sys.stderr,
    )
    return 1


def _reporting_errors(handler: Handler) -> Handler:
    @functools.wraps(handler)
    def run(args: argparse.Namespace, settings: Any) -> int:
        try:
            return handler(args, settings)
        except KnowledgeError as error:
            return _problems(error)
        except KnowledgeBaseUnavailable as error:
            print(f"Erreur : {error}", file=sys.stderr)
            return 1
        except SQLAlchemyError as error:
            return _unreachable(error)

    return run


def load_for_run(settings: Any) -> int:
    """`make run` loads knowledge/ before starting the servers (a no-op when unchanged)."""
    from bot.knowledge.factory import kb_engine

    try:
        result = load_knowledge(kb_engine(settings.kb_database_url))
    except KnowledgeError as error:
        return _problems(error)
    except SQLAlchemyError as error:
        return _unreachable(error)
    state = "chargée" if result.changed else "à jour"
    print(f"Base de connaissances {state} (version {result.version}).")
    return 0


def _check(args: argparse.Namespace, settings: Any) -> int:
    from bot.knowledge.coverage import coverage

    content = read_knowledge(args.dir)
    print(f"knowledge/ est valide ({len(content.items)} items, {len(content.tags)} tags).")
    lines = coverage(content)
    for line in lines:
        mark = "ok " if line.ok else "MANQUE"
        print(f"  [{mark}] {line.label} : {line.count} (au moins {line.minimum})")
    return 0 if all(line.ok for line in lines) else 1


def _load(args: argparse.Namespace, settings: Any) -> int:
    from bot.knowledge.factory import kb_engine

    start = time.perf_counter()
    result = load_knowledge(kb_engine(settings.kb_database_url), args.dir, force=args.force)
    elapsed = (time.perf_counter() - start) * 1000
    if result.changed:
        print(f"Base chargée : version {result.version}, {sum(result.counts.values())} items en {elapsed:.0f} ms.")
    else:
        print(f"Rien n'a changé depuis la version {result.version} : base laissée telle quelle.")
    return 0


def _stats(args: argparse.Namespace, settings: Any) -> int:
    from bot.knowledge.factory import get_knowledge_base

    stats = get_knowledge_base(settings.kb_database_url).stats()
    print(f"Version chargée : {stats['version']} ; {stats['tags']} tags.")
    for kind, count in sorted(stats["items"].items()):
        print(f"  {kind} : {count}")
    for name, count in stats["categories"].items():
        print(f"    {name} : {count}")
    return 0


def _search(args: argparse.Namespace, settings: Any) -> int:
    from bot.knowledge.factory import get_knowledge_base

    hits = get_knowledge_base(settings.kb_database_url).search(args.question, limit=args.limit)
    if not hits:
        print("Aucun résultat.")
    for rank, hit in enumerate(hits, start=1):
        print(f"{rank}. [{hit.item.id}] {hit.item.title} (score {hit.score:.2f})")
        print(f"   {hit.snippet}")
        print(f"   {hit.item.source_line}")
    return 0


def _show(args: argparse.Namespace, settings: Any) -> int:
    from bot.knowledge.factory import get_knowledge_base

    item = get_knowledge_base(settings.kb_database_url).item(args.id)
    if item is None:
        print(f"Aucun item « {args.id} ».", file=sys.stderr)
        return 1
    print(f"[{item.id}] {item.kind}{' / ' + item.category if item.category else ''}")
    print(item.title)
    print(item.body)
    for key, value in item.details.items():
        print(f"  {key} : {value}")
    print(f"  tags : {', '.join(item.tags) or '—'}")
    for relation, targets in item.links.items():
        print(f"  {relation} : {', '.join(targets)}")
    print(item.source_line)
    return 0


def _revision(args: argparse.Namespace, settings: Any) -> int:
    from bot.knowledge import migrations

    path = migrations.write_revision(args.message)
    if path is None:
        print("Les modèles (bot/knowledge/models.py) et les migrations concordent : aucune migration à écrire.")
        return 0
    print(f"Migration écrite : {path} ; relisez-la, puis testez-la (tests/knowledge/test_migrations.py).")
    return 0


def add_parser(commands: Any) -> None:
    kb = commands.add_parser("kb", help="base de connaissances : load, check, stats, search, show, revision")
    sub = kb.add_subparsers(dest="kb_command", required=True, metavar="ACTION")
    load = sub.add_parser("load", help="vérifie knowledge/, met le schéma à jour et charge, en une transaction")
    load.add_argument("--dir", type=Path, default=DEFAULT_DIRECTORY, help="dossier des fichiers (knowledge/)")
    load.add_argument("--force", action="store_true", help="recharge même si rien n'a changé")
    load.set_defaults(handler=_reporting_errors(_load))
    check = sub.add_parser("check", help="vérifie knowledge/ sans rien charger, avec un bilan de couverture")
    check.add_argument("--dir", type=Path, default=DEFAULT_DIRECTORY)
    check.set_defaults(handler=_reporting_errors(_check))
    sub.add_parser("stats", help="ce que contient la base chargée").set_defaults(handler=_reporting_errors(_stats))
    search = sub.add_parser("search", help="cherche dans la base (recherche en français)")
    search.add_argument("question")
    search.add_argument("--limit", type=int, default=5)
    search.set_defaults(handler=_reporting_errors(_search))
    show = sub.add_parser("show", help="affiche un item par son id")
    show.add_argument("id")
    show.set_defaults(handler=_reporting_errors(_show))
    revision = sub.add_parser(
        "revision", help="écrit la migration qui mène le schéma aux modèles (pour les développeurs)"
    )
    revision.add_argument("message", help="ce que change la migration, en quelques mots")
    revision.set_defaults(handler=_revision)
