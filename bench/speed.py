"""Speed: bare /model/parse, full REST turns at several concurrencies, each a fixed number of requests."""

from __future__ import annotations

import uuid
from typing import Dict, List

from bench import load

# Messages an advisor sends: situations, refinements and questions (they reach the actions).
MESSAGES = [
    "le maire ne sait même pas que j'existe",
    "je vois les élus souvent mais le numérique c'est jamais leur priorité",
    "nos élus sont partants pour écrire une feuille de route",
    "on est en QPV",
    "c'est quoi le SDTAN ?",
    "quels réseaux d'élus peuvent m'aider ?",
    "comment financer nos ateliers ?",
    "les élus n'ont pas le temps, que faire ?",
]
PARSE_REQUESTS = 300
# Concurrency → requests measured (after the warm-up).
TURN_REQUESTS = {1: 160, 4: 240, 8: 320, 16: 400}


def run(rasa_url: str) -> Dict[str, object]:
    """Latency summaries, and the raw latencies (for the plot) under "samples"."""
    run_id = uuid.uuid4().hex[:6]
    parse = load.run(
        f"{rasa_url}/model/parse",
        lambda worker, n: {"text": MESSAGES[n % len(MESSAGES)]},
        concurrency=1,
        requests=PARSE_REQUESTS,
    )

    def turn(concurrency: int):
        def body(worker: int, n: int) -> dict:
            conversation = n // load.CONVERSATION_LENGTH
            return {
                "sender": f"bench-{run_id}-c{concurrency}-w{worker}-{conversation}",
                "message": MESSAGES[(worker + n) % len(MESSAGES)],
            }

        return body

    turns = {
        c: load.run(f"{rasa_url}/webhooks/rest/webhook", turn(c), concurrency=c, requests=count)
        for c, count in TURN_REQUESTS.items()
    }
    result: Dict[str, object] = {
        "parse": load.summary(parse),
        "turns": {f"c{c}": load.summary(r) for c, r in turns.items()},
        "samples": {"parse": parse.latencies_ms, **{f"c{c}": r.latencies_ms for c, r in turns.items()}},
    }
    parse_p95 = result["parse"]["p95_ms"]
    result["turn_to_parse_p95"] = round(result["turns"]["c1"]["p95_ms"] / parse_p95, 1) if parse_p95 else None
    return result


def latency_samples(result: Dict[str, object]) -> Dict[str, List[float]]:
    return result.pop("samples")
