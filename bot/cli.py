"""Command line of Cap Élus: `python -m bot COMMAND`."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from typing import List

from bot import kb_cli
from bot.settings import ROOT, SettingsError, load_settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot", description="Cap Élus : commandes d'exploitation."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMANDE")
    commands.add_parser("settings", help="vérifie et affiche les paramètres (.env, environnement)")
    train = commands.add_parser("train", help="entraîne le modèle si ses données ont changé")
    train.add_argument("--force", action="store_true", help="entraîne même si rien n'a changé")
    run = commands.add_parser("run", help="démarre le serveur d'actions, Rasa et la page de discussion")
    run.add_argument("--no-train", action="store_true", help="n'entraîne pas : exige un modèle existant")
    cluster = commands.add_parser(
        "cluster", help="grappe locale : PostgreSQL, Redis, répliques Rasa et serveurs d'actions derrière nginx"
    )
    cluster.add_argument("--replicas", type=int, default=2, choices=range(1, 9), metavar="N",
                         help="nombre de répliques Rasa (défaut : 2)")
    cluster.add_argument("--action-servers", type=int, default=2, choices=range(1, 9), metavar="M",
                         help="nombre de serveurs d'actions (défaut : 2)")
    cluster.add_argument("--no-train", action="store_true", help="n'entraîne pas : exige un modèle existant")
    commands.add_parser("chat-page", help="sert seulement la page de discussion")
    commands.add_parser("shell", help="discute avec le bot dans le terminal (rasa shell)")
    kb_cli.add_parser(commands)
    purge = commands.add_parser("purge", help="supprime les conversations plus anciennes que la durée de conservation")
    purge.add_argument("--older-than", default="90d", metavar="DURÉE",
                       help="ancienneté au-delà de laquelle tout est supprimé : 90d (défaut), 12h, 8w")
    purge.add_argument("--dry-run", action="store_true", help="compte seulement, ne supprime rien")
    commands.add_parser("slack-manifest", help="affiche le manifeste de l'application Slack, avec RASA_PUBLIC_URL")
    sync = commands.add_parser("nlu-sync", help="régénère synonymes et tables de correspondance NLU depuis knowledge/")
    sync.add_argument("--check", action="store_true", help="vérifie seulement qu'ils sont à jour")
    commands.add_parser("domain-check", help="vérifie ce que Rasa ne vérifie pas du domaine (libellés des boutons)")
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


def main(argv: List[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"Erreur de configuration : {error}", file=sys.stderr)
        return 2

    if args.command == "settings":
        for name, value in vars(settings).items():
            if name == "rasa_auth_token" and value:
                value = "***"
            print(f"{name} = {value}")
        return 0

    if args.command == "purge":
        return _purge(args, settings)

    if args.command == "slack-manifest":
        template = (ROOT / "deploy" / "slack-manifest.yml").read_text(encoding="utf-8")
        print(template.replace("${RASA_PUBLIC_URL}", settings.public_url), end="")
        return 0

    if args.command == "kb":
        return kb_cli.run(args, settings)

    if args.command == "nlu-sync":
        from bot import nlu_sync

        if args.check:
            stale = nlu_sync.stale_files()
            for path in stale:
                print(f"À régénérer (python -m bot nlu-sync) : {path.relative_to(ROOT)}", file=sys.stderr)
            return 1 if stale else 0
        for path in nlu_sync.write():
            print(f"Régénéré : {path.relative_to(ROOT)}")
        return 0

    if args.command == "domain-check":
        from bot import domain_check

        found = domain_check.problems()
        for problem in found:
            print(f"Domaine : {problem}", file=sys.stderr)
        return 1 if found else 0

    if args.command == "chat-page":
        from bot.chat_page.server import serve

        serve(settings)
        return 0

    from bot import training

    if args.command == "train":
        try:
            training.ensure_model(force=args.force)
        except RuntimeError as error:
            print(f"Erreur : {error}", file=sys.stderr)
            return 1
        return 0

    if args.command in ("run", "cluster"):
        from bot.stack import Stack, run_stack

        # The cluster loads the knowledge base into its own PostgreSQL once it is up.
        if args.command == "run" and kb_cli.load_for_run(settings) != 0:
            return 1
        model = _model_and_chat_page(args, settings)
        if model is None:
            return 1
        if args.command == "run":
            return run_stack(Stack(settings, model))
        from bot.cluster import ClusterLayout, ClusterStack

        layout = ClusterLayout.default(settings, args.replicas, args.action_servers)
        return run_stack(ClusterStack(settings, model, layout))

    if args.command == "shell":
        model = training.ensure_model()
        os.chdir(ROOT)
        command = [sys.executable, "-m", "rasa", "shell", "--model", str(model),
                   "--endpoints", "endpoints.yml"]
        # The shell needs the action server: run it beside, for the shell's lifetime.
        from bot.stack import action_server_command

        actions = subprocess.Popen(
            action_server_command(settings), env=settings.child_env(), start_new_session=True
        )
        try:
            return subprocess.call(command, env=settings.child_env())
        finally:
            actions.terminate()
            actions.wait()
    return 2
