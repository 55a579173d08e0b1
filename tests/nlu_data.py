"""Reads Rasa NLU YAML files into (intent, text) pairs, for the data and held-out tests.

Rasa's own reader is used, so entity annotations ("[QPV](territoire)") come out as plain text.
"""

from pathlib import Path
from typing import List, Tuple

from bot.intents import SITUATIONS  # noqa: F401 (the tests import it from here)
from bot.settings import ROOT

TRAINING = ROOT / "data" / "nlu"
HELD_OUT = ROOT / "tests" / "nlu"


def examples(folder: Path) -> List[Tuple[str, str]]:
    from rasa.shared.nlu.training_data.loading import load_data

    pairs = []
    for path in sorted(folder.glob("*.yml")):
        for message in load_data(str(path)).intent_examples:
            pairs.append((message.get("intent"), message.get("text")))
    return pairs
