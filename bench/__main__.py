"""Runs the benchmarks, prints a Markdown table, writes bench/results/latest.json and a dated copy."""

from __future__ import annotations

import json
import os
import platform
import sys
from datetime import datetime, timezone

from bench import kb_search, turns
from bench.stack_runner import running_stack
from bot import training
from bot.settings import ROOT

RESULTS = ROOT / "bench" / "results"


def main() -> int:
    started = datetime.now(timezone.utc)
    report = {
        "date": started.isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "cpu_count": os.cpu_count()},
        "kb_search": kb_search.run(),
    }
    print(kb_search.table(report["kb_search"]))
    training.ensure_model()
    with running_stack() as (settings, ready_s, _process):
        report["cold_start_s"] = round(ready_s, 1)
        report["turns"] = turns.run(settings, concurrencies=(1, 4))
    print()
    print(turns.table(report["turns"]))
    print(f"Démarrage à froid de la pile (jusqu'à prête) : {report['cold_start_s']} s")
    RESULTS.mkdir(parents=True, exist_ok=True)
    text = json.dumps(report, ensure_ascii=False, indent=2)
    (RESULTS / "latest.json").write_text(text + "\n", encoding="utf-8")
    (RESULTS / f"{started:%Y-%m-%dT%H%M%S}.json").write_text(text + "\n", encoding="utf-8")
    print(f"\nRésultats écrits dans {(RESULTS / 'latest.json').relative_to(ROOT)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
