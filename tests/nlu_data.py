"""Reads Rasa NLU YAML files into (intent, text) pairs, for the data and held-out tests."""

from pathlib import Path
from typing import List, Tuple

import yaml

from bot.settings import ROOT

TRAINING = ROOT / "data" / "nlu"
HELD_OUT = ROOT / "tests" / "nlu"
SITUATIONS = ("situation_no_contact", "situation_not_engaged", "situation_convinced")


def examples(folder: Path) -> List[Tuple[str, str]]:
    pairs = []
    for path in sorted(folder.glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if "intent" not in block:
                continue
            for line in block["examples"].splitlines():
                line = line.strip()
                if line.startswith("- "):
                    pairs.append((block["intent"], line[2:].strip()))
    return pairs
