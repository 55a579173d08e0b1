"""Knowledge-base search: quality on the question set (beside plain BM25) and latency."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Dict

from bench.load import percentile
from bot.knowledge.database import create_kb_engine
from bot.knowledge.evaluation import bm25_baseline, evaluate, kb_ranker, load_questions
from bot.knowledge.loader import load_knowledge
from bot.knowledge.repository import KnowledgeBase
from bot.settings import ROOT

QUESTIONS = ROOT / "tests" / "knowledge" / "search_questions.yml"
ROUNDS = 20  # every question this many times, after one warm-up round


def run() -> Dict[str, object]:
    questions = load_questions(QUESTIONS)
    with tempfile.TemporaryDirectory() as folder:
        engine = create_kb_engine(f"sqlite:///{Path(folder) / 'kb.db'}")
        start = time.perf_counter()
        load_knowledge(engine)
        load_ms = (time.perf_counter() - start) * 1000
        kb = KnowledgeBase(engine)
        ours = evaluate(kb_ranker(kb), questions)
        baseline = evaluate(bm25_baseline(kb.all_items()), questions)
        latencies = []
        for round_number in range(ROUNDS + 1):
            for question in questions:
                start = time.perf_counter()
                kb.search(question.text, limit=5)
                if round_number:  # round 0 warms the caches
                    latencies.append((time.perf_counter() - start) * 1000)
        engine.dispose()
    return {
        "questions": len(questions),
        "search": ours.as_dict(),
        "bm25_baseline": baseline.as_dict(),
        "misses": list(ours.misses),
        "latency_ms": {
            "p50": round(percentile(latencies, 50), 3),
            "p95": round(percentile(latencies, 95), 3),
            "p99": round(percentile(latencies, 99), 3),
            "mean": round(statistics.fmean(latencies), 3),
            "samples": len(latencies),
        },
        "load_ms": round(load_ms, 1),
    }


def table(result: Dict[str, object]) -> str:
    ours, base, lat = result["search"], result["bm25_baseline"], result["latency_ms"]
    return "\n".join(
        [
            f"### Recherche dans la base de connaissances ({result['questions']} questions)",
            "",
            "| mesure | Cap Élus | BM25 simple |",
            "| --- | --- | --- |",
            f"| hit@1 | {ours['hit@1']:.3f} | {base['hit@1']:.3f} |",
            f"| hit@3 | {ours['hit@3']:.3f} | {base['hit@3']:.3f} |",
            f"| MRR | {ours['mrr']:.3f} | {base['mrr']:.3f} |",
            f"| latence p50 / p95 / p99 | {lat['p50']:.2f} / {lat['p95']:.2f} / {lat['p99']:.2f} ms | — |",
            f"| chargement de knowledge/ | {result['load_ms']:.0f} ms | — |",
        ]
    )
