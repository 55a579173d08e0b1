"""Situation recognition on the blind sets (bench/blind/situations.yml and situations_2.yml).

The set was written from the guide alone by a writer who never saw data/nlu/
or the tests; half of its situation messages are stories (before/now, other
people, negations, lost contact, levels, a blocker said with the situation).
It is never trained on: tests/data/test_training_data.py refuses any training
sentence close to one of its messages. A second set, from another writer on
2026-12-02 (situations_2.yml, same kinds and fields), is the yardstick of the
changes made after the first set's messages were seen by the project (the
session note of 2026-12-02 says how).

Scored figures (what issue 12 asks for):
- macro-F1 over the three situations, on all messages and on the narratives;
- the share of non-situation messages taken for a situation;
- the share of long, polite messages answered with their situation (not the
  fallback's « vouliez-vous dire »).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Dict, List

import yaml
from sklearn.metrics import f1_score

from bot.intents import NLU_FALLBACK, SITUATIONS
from bot.nlu.situation_resolver import RESOLVED_KEY
from bot.settings import ROOT

BLIND_SET = ROOT / "bench" / "blind" / "situations.yml"
SECOND_BLIND_SET = ROOT / "bench" / "blind" / "situations_2.yml"
BLIND_SETS = (BLIND_SET, SECOND_BLIND_SET)
OTHER = "other"


def messages(path: Path = BLIND_SET) -> List[Dict[str, str]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]


def situation_f1(truth: List[str], predicted: List[str]) -> float:
    """Macro-F1 over the three situations; any other prediction counts as a miss."""
    if not truth:
        return 0.0
    return float(f1_score(truth, predicted, labels=list(SITUATIONS), average="macro", zero_division=0))


def score(rows: List[Dict[str, str]], predicted: List[str]) -> Dict[str, object]:
    """`rows` are the blind set's messages, `predicted` the intent the bot gave each."""
    situations = [(r, p) for r, p in zip(rows, predicted, strict=True) if r["expected"] in SITUATIONS]
    narratives = [(r, p) for r, p in situations if r["kind"] == "narrative"]
    polite = [(r, p) for r, p in situations if r["kind"] == "polite_long"]
    others = [(r, p) for r, p in zip(rows, predicted, strict=True) if r["expected"] == OTHER]
    by_pattern: Dict[str, Dict[str, int]] = {}
    for row, got in narratives:
        tally = by_pattern.setdefault(row.get("pattern", "mixed"), {"right": 0, "total": 0})
        tally["total"] += 1
        tally["right"] += got == row["expected"]
    errors = [
        {"text": r["text"], "expected": r["expected"], "got": p}
        for r, p in zip(rows, predicted, strict=True)
        if (r["expected"] in SITUATIONS and p != r["expected"]) or (r["expected"] == OTHER and p in SITUATIONS)
    ]
    return {
        "messages": len(rows),
        # Over every message: a non-situation message taken for a situation lowers that situation's precision.
        "situation_macro_f1": round(situation_f1([r["expected"] for r in rows], list(predicted)), 3),
        "narrative_macro_f1": round(
            situation_f1([r["expected"] for r, _ in narratives], [p for _, p in narratives]), 3
        ),
        "narratives": len(narratives),
        "others_as_situation": round(sum(p in SITUATIONS for _, p in others) / max(len(others), 1), 3),
        "others": len(others),
        "polite_answered": round(sum(p == r["expected"] for r, p in polite) / max(len(polite), 1), 3),
        "polite": len(polite),
        "narrative_patterns": by_pattern,
        "errors": errors,
    }


def fallback_settings(config: Path = ROOT / "config.yml") -> Dict[str, float]:
    """The FallbackClassifier's thresholds in config.yml."""
    pipeline = yaml.safe_load(config.read_text(encoding="utf-8"))["pipeline"]
    step = next(c for c in pipeline if c["name"] == "FallbackClassifier")
    return {
        "threshold": float(step.get("threshold", 0.3)),
        "ambiguity_threshold": float(step.get("ambiguity_threshold", 0.1)),
    }


def diet_alone(parse: Dict[str, object], fallback: Dict[str, float]) -> str:
    """The intent DIET and the FallbackClassifier would have given without the situation resolver."""
    resolution = parse.get(RESOLVED_KEY)
    if not resolution:
        return parse["intent"]["name"]
    diet = resolution["diet"]
    if (
        diet["confidence"] < fallback["threshold"]
        or diet["confidence"] - resolution["diet_runner_up"] < fallback["ambiguity_threshold"]
    ):
        return NLU_FALLBACK
    return diet["name"]


def run(parse: Callable[[str], Dict[str, object]], path: Path = BLIND_SET) -> Dict[str, object]:
    """Scores the set with `parse` (text → Rasa's parse), e.g. a running server's /model/parse:
    the bot as it is, and DIET alone (the same model without its situation resolver)."""
    rows = messages(path)
    parses = [parse(row["text"]) for row in rows]
    fallback = fallback_settings()
    return {
        "model": score(rows, [p["intent"]["name"] for p in parses]),
        "diet_alone": score(rows, [diet_alone(p, fallback) for p in parses]),
    }
