"""The model on phrasings it never saw in training (tests/nlu/)."""

from collections import Counter, defaultdict
from pathlib import Path

import pytest
import yaml

HELD_OUT = Path(__file__).resolve().parent.parent / "nlu"
SITUATIONS = ("situation_no_contact", "situation_not_engaged", "situation_convinced")
MIN_SITUATION_RECALL = 0.90


def held_out_examples():
    examples = []
    for path in sorted(HELD_OUT.glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            for line in block["examples"].splitlines():
                line = line.strip()
                if line.startswith("- "):
                    examples.append((block["intent"], line[2:].strip()))
    return examples


@pytest.fixture(scope="module")
def predictions(running_bot):
    return [(intent, text, running_bot.parse(text)["intent"]["name"]) for intent, text in held_out_examples()]


def test_held_out_set_is_not_in_training():
    training = set()
    for path in Path(__file__).resolve().parents[2].joinpath("data", "nlu").glob("*.yml"):
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            if "examples" in block:
                training.update(
                    line.strip()[2:].strip().lower() for line in block["examples"].splitlines() if line.strip()
                )
    overlap = [text for _intent, text in held_out_examples() if text.lower() in training]
    assert not overlap


@pytest.mark.parametrize("situation", SITUATIONS)
def test_each_situation_is_recognised(predictions, situation):
    mine = [(text, got) for intent, text, got in predictions if intent == situation]
    assert len(mine) >= 25
    misses = [(text, got) for text, got in mine if got != situation]
    recall = 1 - len(misses) / len(mine)
    assert recall >= MIN_SITUATION_RECALL, f"rappel {recall:.2f} ; erreurs : {misses}"


def test_out_of_scope_is_never_a_situation(predictions):
    wrong = [(text, got) for intent, text, got in predictions if intent == "out_of_scope" and got in SITUATIONS]
    assert not wrong


def test_other_intents_mostly_right(predictions):
    totals, hits = Counter(), Counter()
    errors = defaultdict(list)
    for intent, text, got in predictions:
        if intent in SITUATIONS:
            continue
        totals[intent] += 1
        # A low-confidence fallback is an acceptable answer for small talk.
        if got in (intent, "nlu_fallback"):
            hits[intent] += 1
        else:
            errors[intent].append((text, got))
    for intent, total in totals.items():
        assert hits[intent] / total >= 0.8, f"{intent} : {dict(errors)}"
