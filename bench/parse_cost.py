"""The whole NLU parse with and without the situation resolver, in the same run (issue 12).

The served model is loaded in-process (the same graph /model/parse runs:
spaCy, featurizers, DIET, the resolver, the fallback) and parses each message
of the blind set twice in a row, once with the resolver and once without it
(its step made a pass-through), so both series share the machine's state of
the moment. HTTP is left out: it costs the same to both.
"""

from __future__ import annotations

import asyncio
import logging
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Dict, Iterator, List

from bench.blind_situations import messages
from bench.load import percentile

# Rounds over the blind set: the first warms the graph up and is not counted.
ROUNDS = 3


@contextmanager
def resolver_switch() -> Iterator[Dict[str, bool]]:
    """A switch over SituationResolver.process, to set before the model is loaded: Rasa's graph
    nodes keep the class's function when they are built."""
    from bot.nlu.situation_resolver import SituationResolver

    original = SituationResolver.process
    switch = {"on": True}

    # Rasa's graph passes the argument by its name, `messages`.
    def process(self, messages):  # noqa: F811 - the component's own parameter name
        return original(self, messages) if switch["on"] else messages

    SituationResolver.process = process
    try:
        yield switch
    finally:
        SituationResolver.process = original


def _figures(timings: List[float]) -> Dict[str, float]:
    return {"p50_ms": round(percentile(timings, 50), 2), "p95_ms": round(percentile(timings, 95), 2)}


def _quiet() -> None:
    """Rasa's processor logs each parse through structlog at debug level: that is no part of the cost."""
    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))


def run(model: Path, rounds: int = ROUNDS) -> Dict[str, object]:
    from rasa.core.agent import Agent

    from bot.rasa_fixes import spacy_pipes

    # As in the server (bot.rasa_main): spaCy without its entity recogniser.
    spacy_pipes.install()
    _quiet()
    texts = [row["text"] for row in messages()]
    with resolver_switch() as switch:
        agent = Agent.load(str(model))

        async def parse_all() -> Dict[bool, List[float]]:
            timings: Dict[bool, List[float]] = {True: [], False: []}
            for round_number in range(rounds):
                for index, text in enumerate(texts):
                    # Alternate which goes first, so that neither always finds the caches warm.
                    for on in (True, False) if (index + round_number) % 2 == 0 else (False, True):
                        switch["on"] = on
                        start = time.perf_counter()
                        await agent.parse_message(text)
                        if round_number:
                            timings[on].append((time.perf_counter() - start) * 1000)
            return timings

        timings = asyncio.run(parse_all())
    with_resolver, without = _figures(timings[True]), _figures(timings[False])
    return {
        "messages": len(texts),
        "parses_each": len(timings[True]),
        "with_resolver": with_resolver,
        "without_resolver": without,
        "p95_growth_ms": round(with_resolver["p95_ms"] - without["p95_ms"], 2),
    }
