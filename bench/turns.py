"""Latency of a bare /model/parse and of a full REST turn (NLU + action server + knowledge base)."""

from __future__ import annotations

import asyncio
import time
from typing import Dict, List, Sequence

import aiohttp

from bench.kb_search import percentile
from bot.settings import Settings

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
WARM_UP = 2  # rounds of every message before measuring
ROUNDS = 10


def _summary(latencies: List[float], elapsed: float) -> Dict[str, float]:
    return {
        "p50_ms": round(percentile(latencies, 50), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "requests": len(latencies),
        "per_second": round(len(latencies) / elapsed, 1),
    }


async def _measure(url: str, bodies: Sequence[dict], concurrency: int) -> Dict[str, float]:
    latencies: List[float] = []
    queue: asyncio.Queue = asyncio.Queue()
    for body in bodies:
        queue.put_nowait(body)

    async def worker(session: aiohttp.ClientSession) -> None:
        while not queue.empty():
            body = queue.get_nowait()
            start = time.perf_counter()
            async with session.post(url, json=body) as response:
                await response.read()
                response.raise_for_status()
            latencies.append((time.perf_counter() - start) * 1000)

    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        for body in bodies[: len(MESSAGES) * WARM_UP]:
            async with session.post(url, json=body) as response:
                await response.read()
        latencies.clear()
        start = time.perf_counter()
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
        return _summary(latencies, time.perf_counter() - start)


def run(settings: Settings, concurrencies: Sequence[int] = (1,)) -> Dict[str, object]:
    parse_bodies = [{"text": m} for m in MESSAGES] * ROUNDS
    result: Dict[str, object] = {
        "parse": asyncio.run(_measure(f"{settings.rasa_url}/model/parse", parse_bodies, 1)),
    }
    for concurrency in concurrencies:
        # One sender per message and round: every turn is a fresh conversation's first answer.
        bodies = [{"sender": f"bench-{concurrency}-{i}", "message": m}
                  for i in range(ROUNDS) for m in MESSAGES]
        result[f"turn_c{concurrency}"] = asyncio.run(
            _measure(f"{settings.rasa_url}/webhooks/rest/webhook", bodies, concurrency))
    parse_p95 = result["parse"]["p95_ms"]
    result["turn_to_parse_p95"] = round(result["turn_c1"]["p95_ms"] / parse_p95, 2) if parse_p95 else None
    return result


def table(result: Dict[str, object]) -> str:
    rows = ["### Latence (boucle locale, 2 cœurs)", "", "| mesure | p50 | p95 | p99 | requêtes/s |",
            "| --- | --- | --- | --- | --- |"]
    for key, label in [("parse", "/model/parse seul")] + [
        (k, f"tour REST complet, concurrence {k[6:]}") for k in result if k.startswith("turn_c")
    ]:
        r = result[key]
        rows.append(f"| {label} | {r['p50_ms']} ms | {r['p95_ms']} ms | {r['p99_ms']} ms | {r['per_second']} |")
    rows.append(f"\nRapport p95 tour / p95 parse : {result['turn_to_parse_p95']}")
    return "\n".join(rows)
