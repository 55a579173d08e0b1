"""Situation recognition change by change (issue 12): blind set, cross-validation, training time.

Earlier variants were measured once and are kept in bench/ablation.yml (what was
measured, on what, when). The current model is measured by every `make bench`
twice without training twice: as it is, and DIET alone (the situation
resolver's decision undone, bench.blind_situations.diet_alone).
"""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Optional

import yaml

from bot.settings import ROOT

RECORDED = ROOT / "bench" / "ablation.yml"
BLIND_FIGURES = ("situation_macro_f1", "narrative_macro_f1", "others_as_situation", "polite_answered")


def recorded(path: Path = RECORDED) -> List[Dict[str, object]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["rows"]


def _row(
    variant: str,
    blind: Dict[str, object],
    cv: Optional[Dict[str, object]],
    train_seconds: Optional[float],
    second: Optional[Dict[str, object]] = None,
) -> Dict[str, object]:
    return {
        "variant": variant,
        "blind": {k: blind[k] for k in BLIND_FIGURES},
        "blind_2": None if second is None else {k: second[k] for k in BLIND_FIGURES},
        "cross_validation_situation_f1": None if cv is None else cv["across_folds"]["situation_macro_f1"]["mean"],
        "train_seconds": train_seconds,
    }


def table(result: Dict[str, object]) -> List[Dict[str, object]]:
    """The recorded rows, then the current model without and with its resolver."""
    blind = result["nlu"]["blind_situations"]
    second = result["nlu"].get("blind_situations_2") or {}
    cv = result["nlu"].get("cross_validation")
    training = result.get("costs", {}).get("last_training") or {}
    seconds = training.get("seconds")
    return [
        *recorded(),
        _row(
            "modèle actuel, DIET seul (sans le résolveur de situation)",
            blind["diet_alone"],
            cv and cv.get("diet_alone"),
            seconds,
            second.get("diet_alone"),
        ),
        _row("modèle actuel (DIET + résolveur de situation)", blind["model"], cv, seconds, second.get("model")),
    ]


def markdown(rows: List[Dict[str, object]]) -> List[str]:
    def figure(value: Optional[float]) -> str:
        return "—" if value is None else f"{value:.3f}"

    def second(row: Dict[str, object]) -> str:
        b2 = row.get("blind_2")
        if not b2:
            return "—"
        return (
            f"{figure(b2['situation_macro_f1'])} / {figure(b2['narrative_macro_f1'])} / "
            f"{b2['others_as_situation']:.1%} / {b2['polite_answered']:.1%}"
        )

    lines = [
        "| variante | F1 situations (aveugle) | F1 récits | non-situations prises pour une situation "
        "| longs messages polis reconnus | 2e jeu aveugle : mêmes chiffres | F1 situations (validation croisée) "
        "| `rasa train` |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        b = row["blind"]
        seconds = row.get("train_seconds")
        lines.append(
            f"| {row['variant']} | {figure(b['situation_macro_f1'])} | {figure(b['narrative_macro_f1'])} | "
            f"{b['others_as_situation']:.1%} | {b['polite_answered']:.1%} | {second(row)} | "
            f"{figure(row.get('cross_validation_situation_f1'))} | "
            + ("—" if seconds is None else f"{seconds:.0f} s")
            + " |"
        )
    return lines
