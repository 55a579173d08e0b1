"""`make bench`: quality and speed measured side by side on a freshly started stack.

Prints a Markdown table, writes bench/results/latest.json, a dated copy and
latency.png (the latency distribution of each load level).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from bench import (
    ablation,
    answers,
    blind_answers,
    blind_situations,
    costs,
    cross_validation,
    kb_search,
    nlu_quality,
    parse_cost,
    plot,
    report,
    resolver_cost,
    speed,
    widget_speed,
)
from bot import kb_cli, training
from bot.settings import ROOT
from bot.stack import Stack, local_settings

RESULTS = ROOT / "bench" / "results"
# Kept in git: a cross-validation is reused while config.yml and data/nlu/ are unchanged.
CV_CACHE = ROOT / "bench" / "cache"


def main(argv: list | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description="Mesure qualité et vitesse de Cap Élus.")
    parser.add_argument(
        "--fresh", action="store_true", help="refait la validation croisée même si les données n'ont pas changé"
    )
    parser.add_argument(
        "--no-cross-validation",
        action="store_true",
        help="sans validation croisée (environ 30 min sur 2 cœurs hors cache)",
    )
    args = parser.parse_args(argv)
    started = datetime.now(timezone.utc)
    result: dict = {
        "date": started.isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "cpu_count": os.cpu_count(), "system": platform.platform()},
    }
    print("Recherche dans la base de connaissances…", flush=True)
    result["kb_search"] = kb_search.run()
    model = training.ensure_model()
    record = costs.last_training()
    if record is None or record.get("fingerprint") != training.fingerprint(training.training_inputs()):
        print("Pas de durée d'entraînement connue pour ce modèle : il est réentraîné pour la mesurer.", flush=True)
        model = training.ensure_model(force=True)
    if args.no_cross_validation:
        result["nlu"] = {"cross_validation": None}
    else:
        print(
            "Validation croisée NLU, 5 plis (environ 30 min sur 2 cœurs ; réutilisée tant que config.yml, "
            "data/nlu/ et bot/nlu/ ne changent pas)…",
            flush=True,
        )
        result["nlu"] = {
            "cross_validation": cross_validation.run(
                CV_CACHE, fresh=args.fresh, progress=lambda line: print(line, flush=True)
            )
        }

    folder = Path(tempfile.mkdtemp(prefix="cap-elus-bench-"))
    settings = local_settings(folder, CAP_ELUS_LOG_LEVEL="WARNING")
    try:
        if kb_cli.load_for_run(settings) != 0:
            return 1
        with (folder / "servers.log").open("wb") as output:
            stack = Stack(settings, model, log=lambda _: None, output=output)
            print("Démarrage de la pile (serveur d'actions, Rasa, page)…", flush=True)
            start = time.monotonic()
            stack.start()
            try:
                if not stack.wait_ready():
                    print(f"La pile n'a pas démarré : voir {folder / 'servers.log'}", file=sys.stderr)
                    return 1
                cold_start = time.monotonic() - start
                print("Jeu de test NLU, questions de la FAQ, latences…", flush=True)
                result["nlu"]["held_out"] = nlu_quality.held_out(settings.rasa_url)
                result["nlu"]["blind_situations"] = blind_situations.run(nlu_quality.parser(settings.rasa_url))
                result["nlu"]["blind_situations_2"] = blind_situations.run(
                    nlu_quality.parser(settings.rasa_url), blind_situations.SECOND_BLIND_SET
                )
                result["answers"] = answers.run(settings.rasa_url)
                print("Jeux aveugles de questions et de conversations (aller-retour REST)…", flush=True)
                result["blind_answers"] = blind_answers.run(settings.rasa_url)
                result["dev_answers"] = blind_answers.run_dev(settings.rasa_url)
                result["speed"] = speed.run(settings.rasa_url)
                print("Réponse entière à l'écran, dans Chromium (Entrée → dernière ligne)…", flush=True)
                result["speed"]["whole_answer_on_screen"] = widget_speed.run(settings.chat_url)
                result["speed"]["situation_resolver"] = resolver_cost.run(model)
                print("Analyse NLU avec et sans le résolveur de situation, même exécution…", flush=True)
                result["speed"]["parse_with_without_resolver"] = parse_cost.run(model)
                samples = speed.latency_samples(result["speed"])
                result["costs"] = {
                    "last_training": costs.last_training(),
                    "cold_start_s": round(cold_start, 1),
                    "peak_memory_mb": costs.peak_memory_mb(stack.services),
                    "model_mb": costs.model_size_mb(model),
                }
            finally:
                stack.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    result["ablation"] = ablation.table(result)
    result["targets"] = report.targets(result)
    RESULTS.mkdir(parents=True, exist_ok=True)
    throughput = {k: v["per_second"] for k, v in result["speed"]["turns"].items()}
    png = plot.latency_plot(samples, throughput, RESULTS / "latency.png")
    shutil.copy(png, RESULTS / f"{started:%Y-%m-%dT%H%M%S}-latency.png")
    text = json.dumps(result, ensure_ascii=False, indent=2) + "\n"
    (RESULTS / "latest.json").write_text(text, encoding="utf-8")
    (RESULTS / f"{started:%Y-%m-%dT%H%M%S}.json").write_text(text, encoding="utf-8")
    print()
    print(report.markdown(result))
    print(f"\nRésultats : {(RESULTS / 'latest.json').relative_to(ROOT)}, graphique : {png.relative_to(ROOT)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
