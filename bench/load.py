"""An asyncio load generator over loopback: warm-up, then a fixed number of requests at a fixed concurrency.

Each worker is an advisor of its own: it sends its messages one after the
other, in conversations of CONVERSATION_LENGTH turns, so two requests of one
conversation never overlap (as with real users).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Callable, List, Sequence

import aiohttp

CONVERSATION_LENGTH = 8


@dataclass
class LoadResult:
    concurrency: int
    latencies_ms: List[float] = field(default_factory=list)
    errors: int = 0
    elapsed_s: float = 0.0

    @property
    def per_second(self) -> float:
        return len(self.latencies_ms) / self.elapsed_s if self.elapsed_s else 0.0


def percentile(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def summary(result: LoadResult) -> dict:
    lat = result.latencies_ms
    return {
        "concurrency": result.concurrency,
        "requests": len(lat),
        "errors": result.errors,
        "p50_ms": round(percentile(lat, 50), 1),
        "p95_ms": round(percentile(lat, 95), 1),
        "p99_ms": round(percentile(lat, 99), 1),
        "per_second": round(result.per_second, 1),
    }


async def _run(
    url: str, body: Callable[[int, int], dict], concurrency: int, requests: int, warm_up: int, timeout_s: float
) -> LoadResult:
    result = LoadResult(concurrency)
    counter = iter(range(requests))
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=timeout_s)) as session:

        async def send(payload: dict) -> float | None:
            start = time.perf_counter()
            try:
                async with session.post(url, json=payload) as answer:
                    await answer.read()
                    if answer.status != 200:
                        return None
            except (aiohttp.ClientError, asyncio.TimeoutError):
                return None
            return (time.perf_counter() - start) * 1000

        for i in range(warm_up):
            await send(body(-1, i))

        async def worker(worker_id: int) -> None:
            sent = 0
            for _ in counter:
                latency = await send(body(worker_id, sent))
                sent += 1
                if latency is None:
                    result.errors += 1
                else:
                    result.latencies_ms.append(latency)

        start = time.perf_counter()
        await asyncio.gather(*(worker(w) for w in range(concurrency)))
        result.elapsed_s = time.perf_counter() - start
    return result


def run(
    url: str,
    body: Callable[[int, int], dict],
    concurrency: int,
    requests: int,
    warm_up: int = 16,
    timeout_s: float = 120,
) -> LoadResult:
    """`body(worker, n)`: the n-th request of a worker (worker -1 is the warm-up)."""
    return asyncio.run(_run(url, body, concurrency, requests, warm_up, timeout_s))
