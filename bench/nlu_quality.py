"""NLU quality: the held-out report (never seen in training) and 5-fold cross-validation.

The held-out set (tests/nlu/) is classified by the running server's
/model/parse, the same model `rasa test nlu` evaluates in `make test`.
Cross-validation is Rasa's own (`rasa test nlu --cross-validation`, 5 folds,
one NLU training per fold); its result is kept under bench/results/ for the
training data and config it was computed on, and reused while they do not
change (`python -m bench --fresh` recomputes it).
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Tuple

import requests
from rasa.shared.nlu.training_data.loading import load_data
from sklearn.metrics import precision_recall_fscore_support

from bot.settings import ROOT

HELD_OUT = ROOT / "tests" / "nlu"
SITUATIONS = ("situation_no_contact", "situation_not_engaged", "situation_convinced")
FOLDS = 5
_CV_LINE = re.compile(r"test (Accuracy|F1-score|Precision): ([0-9.]+) \(([0-9.]+)\)")


def held_out_examples() -> List[Tuple[str, str]]:
    examples = []
    for path in sorted(HELD_OUT.glob("*.yml")):
        examples += [(m.get("intent"), m.get("text")) for m in load_data(str(path)).intent_examples]
    return examples


def _report(truth: List[str], predicted: List[str]) -> Dict[str, object]:
    labels = sorted(set(truth))
    precision, recall, f1, support = precision_recall_fscore_support(truth, predicted, labels=labels, zero_division=0)
    per_intent = {
        label: {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "support": int(s)}
        for label, p, r, f, s in zip(labels, precision, recall, f1, support, strict=True)
    }
    # Rows: the true situation; columns: what the model said (another intent counts as "autre").
    confusion = {
        true: {**{pred: 0 for pred in SITUATIONS}, "autre": 0} for true in SITUATIONS
    }
    for true, pred in zip(truth, predicted, strict=True):
        if true in SITUATIONS:
            confusion[true][pred if pred in SITUATIONS else "autre"] += 1
    macro = sum(v["f1"] for v in per_intent.values()) / len(per_intent)
    accuracy = sum(t == p for t, p in zip(truth, predicted, strict=True)) / len(truth)
    return {
        "examples": len(truth),
        "accuracy": round(accuracy, 3),
        "macro_f1": round(macro, 3),
        "per_intent": per_intent,
        "situation_confusion": confusion,
    }


def held_out(rasa_url: str) -> Dict[str, object]:
    truth, predicted = [], []
    with requests.Session() as session:
        for intent, text in held_out_examples():
            parse = session.post(f"{rasa_url}/model/parse", json={"text": text}, timeout=30).json()
            truth.append(intent)
            predicted.append(parse["intent"]["name"])
    return _report(truth, predicted)


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for path in [ROOT / "config.yml", *sorted((ROOT / "data" / "nlu").rglob("*.yml"))]:
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cross_validation(cache_dir: Path, fresh: bool = False) -> Dict[str, object]:
    fingerprint = _fingerprint()
    cache = cache_dir / f"cross-validation-{fingerprint}.json"
    if cache.is_file() and not fresh:
        return {**json.loads(cache.read_text(encoding="utf-8")), "reused": True}
    with tempfile.TemporaryDirectory() as out:
        start = time.monotonic()
        run = subprocess.run(
            [sys.executable, "-m", "rasa", "test", "nlu", "--nlu", "data/nlu", "--config", "config.yml",
             "--cross-validation", "--folds", str(FOLDS), "--out", out, "--no-plot"],
            cwd=ROOT, capture_output=True, text=True,
        )
        elapsed = time.monotonic() - start
        if run.returncode != 0:
            raise RuntimeError("rasa test nlu --cross-validation a échoué :\n" + run.stderr[-2000:])
        folds = {name: {"mean": float(mean), "std": float(std)}
                 for name, mean, std in _CV_LINE.findall(run.stdout + run.stderr)}
        report = json.loads((Path(out) / "intent_report.json").read_text(encoding="utf-8"))
    per_situation = {s: round(report[s]["f1-score"], 3) for s in SITUATIONS if s in report}
    result = {
        "folds": FOLDS,
        "fingerprint": fingerprint,
        "seconds": round(elapsed, 1),
        # Across the 5 test folds: mean and standard deviation (Rasa's weighted averages).
        "fold_metrics": folds,
        # On all test folds together.
        "macro_f1": round(report["macro avg"]["f1-score"], 3),
        "situations_f1": per_situation,
    }
    cache_dir.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return {**result, "reused": False}
