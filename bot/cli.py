"""Command line of Cap Élus: `python -m bot COMMAND`.

One handler per command (`_settings`, `_train`, …), attached to its sub-parser with
`set_defaults(handler=…)`; `main` loads the settings once and calls it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from typing import List

from bot import kb_cli
from bot.settings import ROOT, SettingsError, load_settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Cap Élus : commandes d'exploitation.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMANDE")
    commands.add_parser("settings", help="vérifie et affiche les paramètres (.env, environnement)").set_defaults(
        handler=_settings
    )
    train = commands.add_parser("train", help="entraîne le modèle si ses données ont changé")
    train.add_argument("--force", action="store_true", help="entraîne même si rien n'a changé")
    train.set_defaults(handler=_train)
    run = commands.add_parser("run", help="démarre le serveur d'actions, Rasa et la page de discussion")
    run.add_argument("--no-train", action="store_true", help="n'entraîne pas : exige un modèle existant")
    run.set_defaults(handler=_run)
    cluster = commands.add_parser(
        "cluster", help="grappe locale : PostgreSQL, Redis, répliques Rasa et serveurs d'actions derrière nginx"
    )
    cluster.add_argument(
        "--replicas",
        type=int,
        default=2,
        choices=range(1, 9),
        metavar="N",
        help="nombre de répliques Rasa (défaut : 2)",
    )
    cluster.add_argument(
        "--action-servers",
        type=int,
        default=2,
        choices=range(1, 9),
        metavar="M",
        help="nombre de serveurs d'actions (défaut : 2)",
    )
    cluster.add_argument("--no-train", action="store_true", help="n'entraîne pas : exige un modèle existant")
    cluster.set_defaults(handler=_cluster)
    commands.add_parser("chat-page", help="sert seulement la page de discussion").set_defaults(handler=_chat_page)
    commands.add_parser("shell", help="discute avec le bot dans le terminal (rasa shell)").set_defaults(handler=_shell)
    kb_cli.add_parser(commands)
    purge = commands.add_parser("purge", help="supprime les conversations plus anciennes que la durée de conservation")
    purge.add_argument(
        "--older-than",
        default="90d",
        metavar="DURÉE",
        help="ancienneté au-delà de laquelle tout est supprimé : 90d (défaut), 12h, 8w",
    )
    purge.add_argument("--dry-run", action="store_true", help="compte seulement, ne supprime rien")
    purge.set_defaults(handler=_purge)
    commands.add_parser(
        "slack-manifest", help="affiche le manifeste de l'application Slack, avec RASA_PUBLIC_URL"
    ).set_defaults(handler=_slack_manifest)
    sync = commands.add_parser("nlu-sync", help="régénère synonymes et tables de correspondance NLU depuis knowledge/")
    sync.add_argument("--check", action="store_true", help="vérifie seulement qu'ils sont à jour")
    sync.set_defaults(handler=_nlu_sync)
    commands.add_parser(
        "domain-check", help="vérifie ce que Rasa ne vérifie pas du domaine (libellés des boutons)"
    ).set_defaults(handler=_domain_check)
    return parser


def _model_and_chat_page(args: argparse.Namespace, settings):
    """The model to serve (trained if needed), once the chat page's npm packages are known to be there."""
    from bot import training
    from bot.chat_page.node_packages import NodePackagesError
    from bot.chat_page.server import create_app

    # Said now, not after Rasa has spent a minute loading.
    try:
        create_app(settings)
    except NodePackagesError as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return None
    if args.no_train:
        model = training.current_model()
        if model is None:
            print("Erreur : aucun modèle dans models/ ; lancez d'abord 'make train'.", file=sys.stderr)
        return model
    try:
        return training.ensure_model()
    except RuntimeError as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return None


def _purge(args: argparse.Namespace, settings) -> int:
    from datetime import datetime

    from bot.purge import PurgeError, parse_duration, purge
    from bot.settings import absolute_sqlite_url

    try:
        report = purge(absolute_sqlite_url(settings.tracker_db_url), parse_duration(args.older_than), args.dry_run)
    except PurgeError as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return 1
    cutoff = datetime.fromtimestamp(report.cutoff).strftime("%d/%m/%Y %H:%M")
    verb = "seraient supprimés" if args.dry_run else "supprimés"
    print(
        f"Conversations antérieures au {cutoff} : {report.events_removed} événement(s) {verb} ; "
        f"{report.conversations_removed} conversation(s) entièrement, "
        f"{report.conversations_trimmed} en partie (leur début)."
        + (" Rien n'a été supprimé (--dry-run)." if args.dry_run else "")
    )
    return 0


def _settings(args: argparse.Namespace, settings) -> int:
    for name, value in vars(settings).items():
        if name == "rasa_auth_token" and value:
            value = "***"
        print(f"{name} = {value}")
    return 0


def _slack_manifest(args: argparse.Namespace, settings) -> int:
    template = (ROOT / "deploy" / "slack-manifest.yml").read_text(encoding="utf-8")
    print(template.replace("${RASA_PUBLIC_URL}", settings.public_url), end="")
    return 0


def _nlu_sync(args: argparse.Namespace, settings) -> int:
    from bot import nlu_sync

    if args.check:
        stale = nlu_sync.stale_files()
        for path in stale:
            print(f"À régénérer (python -m bot nlu-sync) : {path.relative_to(ROOT)}", file=sys.stderr)
        return 1 if stale else 0
    for path in nlu_sync.write():
        print(f"Régénéré : {path.relative_to(ROOT)}")
    return 0


def _domain_check(args: argparse.Namespace, settings) -> int:
    from bot import domain_check

    found = domain_check.problems()
    for problem in found:
        print(f"Domaine : {problem}", file=sys.stderr)
    return 1 if found else 0


def _chat_page(args: argparse.Namespace, settings) -> int:
    from bot.chat_page.server import serve

    serve(settings)
    return 0


def _train(args: argparse.Namespace, settings) -> int:
    from bot import training

    try:
        training.ensure_model(force=args.force)
    except RuntimeError as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return 1
    return 0


def _run(args: argparse.Namespace, settings) -> int:
    from bot.stack import Stack, run_stack

    if kb_cli.load_for_run(settings) != 0:
        return 1
    model = _model_and_chat_page(args, settings)
    if model is None:
        return 1
    return run_stack(Stack(settings, model))


def _cluster(args: argparse.Namespace, settings) -> int:
    from bot.cluster import ClusterLayout, ClusterStack
    from bot.stack import run_stack

    # The cluster loads the knowledge base into its own PostgreSQL once it is up.
    model = _model_and_chat_page(args, settings)
    if model is None:
        return 1
    layout = ClusterLayout.default(settings, args.replicas, args.action_servers)
    return run_stack(ClusterStack(settings, model, layout))


def _shell(args: argparse.Namespace, settings) -> int:
    from bot import training
    from bot.stack import action_server_command

    model = training.ensure_model()
    os.chdir(ROOT)
    command = [sys.executable, "-m", "rasa", "shell", "--model", str(model), "--endpoints", "endpoints.yml"]
    # The shell needs the action server: run it beside, for the shell's lifetime.
    actions = subprocess.Popen(action_server_command(settings), env=settings.child_env(), start_new_session=True)
    try:
        return subprocess.call(command, env=settings.child_env())
    finally:
        actions.terminate()
        actions.wait()


def main(argv: List[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"Erreur de configuration : {error}", file=sys.stderr)
        return 2
    return args.handler(args, settings)
