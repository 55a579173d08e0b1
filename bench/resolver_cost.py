"""What the situation resolver adds to each /model/parse, measured in the bench's own run.

The served model's resolver is read from its archive and run on the blind set's
messages (spaCy documents made beforehand, as SpacyNLP does in the server), with
a situation first in the ranking so that it does all its work: finding the
present segment, two readings by the linear model, the mix. Timed alone, so
the figure does not drown in the machine's noise between two server runs.
"""

from __future__ import annotations

import tarfile
import tempfile
import time
from pathlib import Path
from typing import Dict

from bench.blind_situations import messages
from bench.load import percentile
from bot.intents import SITUATIONS


def run(model: Path) -> Dict[str, float]:
    import spacy
    from rasa.nlu.constants import SPACY_DOCS
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.focus_model import FocusModel
    from bot.nlu.situation_resolver import SituationResolver

    with tempfile.TemporaryDirectory(prefix="cap-elus-resolver-") as folder:
        with tarfile.open(model) as archive:
            archive.extractall(folder, filter="data")
        weights = next(Path(folder).rglob("focus_weights.npz"), None)
        if weights is None:
            raise RuntimeError(f"{model} n'a pas de résolveur de situation entraîné.")
        focus_model = FocusModel.load(weights.parent)
    resolver = SituationResolver(SituationResolver.get_default_config(), None, None, focus_model)
    nlp = spacy.load("fr_core_news_md", exclude=["ner", "parser"])
    ranking = [
        {"name": SITUATIONS[0], "confidence": 0.5},
        {"name": SITUATIONS[1], "confidence": 0.3},
        {"name": "greet", "confidence": 0.2},
    ]
    timings = []
    for row in messages():
        message = Message(data={"text": row["text"]})
        message.set(SPACY_DOCS["text"], nlp(row["text"].lower()))
        message.set("intent_ranking", [dict(e) for e in ranking])
        message.set("intent", dict(ranking[0]))
        start = time.perf_counter()
        resolver.process([message])
        timings.append((time.perf_counter() - start) * 1000)
    return {
        "messages": len(timings),
        "p50_ms": round(percentile(timings, 50), 2),
        "p95_ms": round(percentile(timings, 95), 2),
    }
