"""5-fold cross-validation of the NLU, run in process.

`rasa test nlu --cross-validation` was still running after 40 minutes on two
cores: besides its five trainings, it classifies every training and test
example one at a time through its evaluation pipeline. Here each fold is
trained by Rasa's own `train_nlu` on the project's config, and only the fold's
test examples are classified. Folds are stratified by intent with a fixed seed,
so two runs on the same data compare. The result is cached for the config and
data it was computed on, and reused while they do not change (`python -m bench
--fresh` recomputes it). The cache is kept in git (bench/cache/): whoever
changes config.yml or data/nlu/ runs `make bench` and commits the new one.
"""

from __future__ import annotations

import asyncio
import gc
import hashlib
import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Sequence, Tuple

from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.model_selection import StratifiedKFold

from bench.blind_situations import diet_alone, fallback_settings
from bench.nlu_quality import report
from bot import training
from bot.intents import SITUATIONS
from bot.settings import ROOT

FOLDS = 5
SEED = 42
_FORMAT = "in-process-v4"  # changes when the way results are computed changes


def fingerprint(paths: Sequence[Path]) -> str:
    """The files' fingerprint (the one `make train` uses), tied to how results are computed."""
    return hashlib.sha256(f"{_FORMAT}:{training.fingerprint(paths)}".encode()).hexdigest()[:16]


def _inputs() -> List[Path]:
    """config.yml, the NLU data and the code of the pipeline's own components (bot/nlu/)."""
    return [
        ROOT / "config.yml",
        *sorted((ROOT / "data" / "nlu").rglob("*.yml")),
        *sorted((ROOT / "bot" / "nlu").glob("*.py")),
    ]


def split(data: TrainingData, folds: int = FOLDS, seed: int = SEED) -> Iterator[Tuple[TrainingData, List[Message]]]:
    """Stratified folds: (training data without the fold, the fold's examples).

    Synonyms, regexes and lookup tables stay in every training set, as in Rasa's
    own cross-validation.
    """
    examples = data.intent_examples
    labels = [example.get_full_intent() for example in examples]
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train_index, test_index in splitter.split(examples, labels):
        train = TrainingData(
            training_examples=[examples[i] for i in train_index],
            entity_synonyms=data.entity_synonyms,
            regex_features=data.regex_features,
            lookup_tables=data.lookup_tables,
            responses=data.responses,
        )
        yield train, [examples[i] for i in test_index]


def _train(train: TrainingData, folder: Path) -> str:
    from rasa.engine.caching import CACHE_LOCATION_ENV
    from rasa.model_training import train_nlu

    data_path = folder / "nlu.yml"
    data_path.write_text(train.nlu_as_yaml(), encoding="utf-8")
    # A cache of its own, thrown away with the fold: Rasa's project cache (.rasa/) would
    # hand back the components of an earlier run (the time would not be a training's) and
    # would keep five models per data version.
    previous = os.environ.get(CACHE_LOCATION_ENV)
    os.environ[CACHE_LOCATION_ENV] = str(folder / "cache")
    try:
        model = train_nlu(
            config=str(ROOT / "config.yml"),
            nlu_data=str(data_path),
            output=str(folder / "models"),
            domain=str(ROOT / "domain"),
        )
    finally:
        if previous is None:
            os.environ.pop(CACHE_LOCATION_ENV, None)
        else:
            os.environ[CACHE_LOCATION_ENV] = previous
    if not model:
        raise RuntimeError("Validation croisée : l'entraînement d'un pli n'a pas produit de modèle.")
    return model


def _classify(model: str, texts: List[str]) -> List[Dict[str, object]]:
    from rasa.core.agent import Agent

    async def parse_all() -> List[Dict[str, object]]:
        agent = Agent.load(model)
        return [await agent.parse_message(text) for text in texts]

    return asyncio.run(parse_all())


def summarise(per_fold: List[Dict[str, object]]) -> Dict[str, Dict[str, float]]:
    """Mean and standard deviation across folds of accuracy, macro F1 and each situation's F1."""
    series: Dict[str, List[float]] = {
        "accuracy": [f["accuracy"] for f in per_fold],
        "macro_f1": [f["macro_f1"] for f in per_fold],
        "situation_macro_f1": [f["situation_macro_f1"] for f in per_fold],
        "nlu_fallback_share": [f["nlu_fallback_share"] for f in per_fold],
    }
    for situation in SITUATIONS:
        series[situation] = [f["per_intent"][situation]["f1"] for f in per_fold]
    return {
        name: {
            "mean": round(statistics.mean(values), 3),
            "std": round(statistics.stdev(values), 3) if len(values) > 1 else 0.0,
        }
        for name, values in series.items()
    }


def run(cache_dir: Path, fresh: bool = False, progress: Callable[[str], None] = print) -> Dict[str, object]:
    key = fingerprint(_inputs())
    cache = cache_dir / f"cross-validation-{key}.json"
    if cache.is_file() and not fresh:
        return {**json.loads(cache.read_text(encoding="utf-8")), "reused": True}
    data = load_data(str(ROOT / "data" / "nlu"))
    fallback = fallback_settings()
    start = time.monotonic()
    per_fold, per_fold_diet, truth, predicted, predicted_diet = [], [], [], [], []
    for number, (train, test) in enumerate(split(data), start=1):
        fold_start = time.monotonic()
        with tempfile.TemporaryDirectory(prefix="cap-elus-cv-") as folder:
            model = _train(train, Path(folder))
            fold_truth = [m.get_full_intent() for m in test]
            parses = _classify(model, [m.get("text") for m in test])
        gc.collect()
        fold_predicted = [p["intent"]["name"] for p in parses]
        fold_diet = [diet_alone(p, fallback) for p in parses]
        fold = report(fold_truth, fold_predicted)
        per_fold.append(fold)
        per_fold_diet.append(report(fold_truth, fold_diet))
        truth += fold_truth
        predicted += fold_predicted
        predicted_diet += fold_diet
        progress(
            f"  pli {number}/{FOLDS} : {len(train.intent_examples)} exemples d'entraînement, {len(test)} de test, "
            f"F1 macro {fold['macro_f1']:.3f}, situations {fold['situation_macro_f1']:.3f} "
            f"({time.monotonic() - fold_start:.0f} s)"
        )
    result = {
        "folds": FOLDS,
        "seed": SEED,
        "fingerprint": key,
        "seconds": round(time.monotonic() - start, 1),
        "across_folds": summarise(per_fold),
        "per_fold": [{k: f[k] for k in ("accuracy", "macro_f1", "nlu_fallback_share")} for f in per_fold],
        # Every test fold together: each training example classified once by a model that never saw it.
        "pooled": report(truth, predicted),
        # The same folds without the situation resolver (DIET and the fallback alone), for the ablation.
        "diet_alone": {"across_folds": summarise(per_fold_diet), "pooled": report(truth, predicted_diet)},
    }
    cache_dir.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return {**result, "reused": False}
