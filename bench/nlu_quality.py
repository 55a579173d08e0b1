"""NLU quality on the held-out set (tests/nlu/, never seen in training).

It is classified by the running server's /model/parse, the same model
`rasa test nlu` evaluates in `make test`. The report format is shared with
the cross-validation (bench/cross_validation.py).
"""

from __future__ import annotations

from typing import Callable, Dict, List, Tuple

import requests
from rasa.shared.nlu.training_data.loading import load_data
from sklearn.metrics import precision_recall_fscore_support

from bot.intents import SITUATIONS
from bot.settings import ROOT

HELD_OUT = ROOT / "tests" / "nlu"


def held_out_examples() -> List[Tuple[str, str]]:
    examples = []
    for path in sorted(HELD_OUT.glob("*.yml")):
        examples += [(m.get("intent"), m.get("text")) for m in load_data(str(path)).intent_examples]
    return examples


def report(truth: List[str], predicted: List[str]) -> Dict[str, object]:
    labels = sorted(set(truth))
    precision, recall, f1, support = precision_recall_fscore_support(truth, predicted, labels=labels, zero_division=0)
    per_intent = {
        label: {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "support": int(s)}
        for label, p, r, f, s in zip(labels, precision, recall, f1, support, strict=True)
    }
    # Rows: the true situation; columns: what the model said (another intent counts as "autre").
    confusion = {true: {**{pred: 0 for pred in SITUATIONS}, "autre": 0} for true in SITUATIONS}
    for true, pred in zip(truth, predicted, strict=True):
        if true in SITUATIONS:
            confusion[true][pred if pred in SITUATIONS else "autre"] += 1
    macro = sum(v["f1"] for v in per_intent.values()) / len(per_intent)
    accuracy = sum(t == p for t, p in zip(truth, predicted, strict=True)) / len(truth)
    return {
        "examples": len(truth),
        "accuracy": round(accuracy, 3),
        # Sentences the FallbackClassifier held back (no intent sure enough): they lower every recall.
        "nlu_fallback_share": round(predicted.count("nlu_fallback") / len(truth), 3),
        "macro_f1": round(macro, 3),
        # The three situations only (issue 12's yardstick): mean of their F1.
        "situation_macro_f1": round(
            sum(per_intent[s]["f1"] for s in SITUATIONS if s in per_intent) / len(SITUATIONS), 3
        ),
        "per_intent": per_intent,
        "situation_confusion": confusion,
    }


def parser(rasa_url: str) -> Callable[[str], Dict[str, object]]:
    """text → the running server's /model/parse answer."""
    session = requests.Session()

    def parse(text: str) -> Dict[str, object]:
        response = session.post(f"{rasa_url}/model/parse", json={"text": text}, timeout=30)
        response.raise_for_status()
        return response.json()

    return parse


def held_out(rasa_url: str) -> Dict[str, object]:
    parse = parser(rasa_url)
    truth, predicted = [], []
    for intent, text in held_out_examples():
        truth.append(intent)
        predicted.append(parse(text)["intent"]["name"])
    return report(truth, predicted)
