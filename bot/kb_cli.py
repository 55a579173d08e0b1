"""`python -m bot kb …`: load, check, inspect and search the knowledge base."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from bot.knowledge.loader import DEFAULT_DIRECTORY, KnowledgeError, load_knowledge, read_knowledge
from bot.knowledge.repository import KnowledgeBaseUnavailable


def add_parser(commands) -> None:
    kb = commands.add_parser("kb", help="base de connaissances : load, check, stats, search, show")
    sub = kb.add_subparsers(dest="kb_command", required=True, metavar="ACTION")
    load = sub.add_parser("load", help="vérifie knowledge/ et le charge dans la base, en une transaction")
    load.add_argument("--dir", type=Path, default=DEFAULT_DIRECTORY, help="dossier des fichiers (knowledge/)")
    load.add_argument("--force", action="store_true", help="recharge même si rien n'a changé")
    check = sub.add_parser("check", help="vérifie knowledge/ sans rien charger, avec un bilan de couverture")
    check.add_argument("--dir", type=Path, default=DEFAULT_DIRECTORY)
    sub.add_parser("stats", help="ce que contient la base chargée")
    search = sub.add_parser("search", help="cherche dans la base (recherche en français)")
    search.add_argument("question")
    search.add_argument("--limit", type=int, default=5)
    show = sub.add_parser("show", help="affiche un item par son id")
    show.add_argument("id")


def _problems(error: KnowledgeError) -> int:
    print(f"La base de connaissances contient {len(error.problems)} erreur(s) :", file=sys.stderr)
    for problem in error.problems:
        print(f"  - {problem}", file=sys.stderr)
    return 1


def load_for_run(settings) -> int:
    """`make run` loads knowledge/ before starting the servers (a no-op when unchanged)."""
    from bot.knowledge.factory import kb_engine

    try:
        result = load_knowledge(kb_engine(settings.kb_database_url))
    except KnowledgeError as error:
        return _problems(error)
    except SQLAlchemyError as error:
        print(f"Erreur : base de connaissances injoignable ({type(error).__name__}) ; vérifiez KB_DATABASE_URL.",
              file=sys.stderr)
        return 1
    state = "chargée" if result.changed else "à jour"
    print(f"Base de connaissances {state} (version {result.version}).")
    return 0


def run(args: argparse.Namespace, settings) -> int:
    from bot.knowledge.coverage import coverage
    from bot.knowledge.factory import get_knowledge_base, kb_engine

    command = args.kb_command
    if command == "check":
        try:
            content = read_knowledge(args.dir)
        except KnowledgeError as error:
            return _problems(error)
        print(f"knowledge/ est valide ({len(content.items)} items, {len(content.tags)} tags).")
        lines = coverage(content)
        for line in lines:
            mark = "ok " if line.ok else "MANQUE"
            print(f"  [{mark}] {line.label} : {line.count} (au moins {line.minimum})")
        return 0 if all(line.ok for line in lines) else 1

    kb = get_knowledge_base(settings.kb_database_url)
    try:
        if command == "load":
            start = time.perf_counter()
            result = load_knowledge(kb_engine(settings.kb_database_url), args.dir, force=args.force)
            elapsed = (time.perf_counter() - start) * 1000
            if result.changed:
                print(f"Base chargée : version {result.version}, {sum(result.counts.values())} items "
                      f"en {elapsed:.0f} ms.")
            else:
                print(f"Rien n'a changé depuis la version {result.version} : base laissée telle quelle.")
            return 0
        if command == "stats":
            stats = kb.stats()
            print(f"Version chargée : {stats['version']} ; {stats['tags']} tags.")
            for kind, count in sorted(stats["items"].items()):
                print(f"  {kind} : {count}")
            for name, count in stats["categories"].items():
                print(f"    {name} : {count}")
            return 0
        if command == "search":
            results = kb.search(args.question, limit=args.limit)
            if not results:
                print("Aucun résultat.")
            for rank, result in enumerate(results, start=1):
                print(f"{rank}. [{result.item.id}] {result.item.title} (score {result.score:.2f})")
                print(f"   {result.snippet}")
                print(f"   {result.item.source_line}")
            return 0
        if command == "show":
            item = kb.item(args.id)
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
    except KnowledgeError as error:
        return _problems(error)
    except KnowledgeBaseUnavailable as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return 1
    except SQLAlchemyError as error:
        print(f"Erreur : base de connaissances injoignable ({type(error).__name__}) ; vérifiez KB_DATABASE_URL.",
              file=sys.stderr)
        return 1
    return 2
