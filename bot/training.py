"""Trains the Rasa model only when its inputs changed.

The inputs are `config.yml`, the domain, every file under `data/` and the
code of the project's own NLU components (`bot/nlu/`); their
content hash is kept beside the model, so a checkout that only touches
timestamps does not retrain.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, List

from bot.settings import ROOT

MODEL_NAME = "cap-elus"


def domain_path(root: Path = ROOT) -> Path:
    """`domain/` when the domain is split by topic, `domain.yml` otherwise."""
    split = root / "domain"
    return split if split.is_dir() else root / "domain.yml"


def training_inputs(root: Path = ROOT) -> List[Path]:
    """The files a model is trained from, in a stable order."""
    files = [root / "config.yml"]
    domain = domain_path(root)
    files.extend(sorted(domain.rglob("*.yml")) if domain.is_dir() else [domain])
    files.extend(sorted((root / "data").rglob("*.yml")))
    # The pipeline's own components (config.yml names them): their code shapes the model too.
    files.extend(sorted((root / "bot" / "nlu").glob("*.py")))
    return files


def fingerprint(files: Iterable[Path], root: Path = ROOT) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def model_path(root: Path = ROOT) -> Path:
    return root / "models" / f"{MODEL_NAME}.tar.gz"


def _stamp_path(root: Path) -> Path:
    return root / "models" / f"{MODEL_NAME}.fingerprint"


def is_up_to_date(root: Path = ROOT) -> bool:
    stamp = _stamp_path(root)
    return (
        model_path(root).is_file()
        and stamp.is_file()
        and stamp.read_text().strip() == fingerprint(training_inputs(root), root)
    )


def ensure_model(force: bool = False, root: Path = ROOT, log=print) -> Path:
    """Returns the path of a model trained on the current inputs, training if needed.

    Raises:
        RuntimeError: `rasa train` failed (its own output says why).
    """
    target = model_path(root)
    if not force and is_up_to_date(root):
        log(f"Modèle à jour : {target.relative_to(root)} (entraînement inutile).")
        return target
    wanted = fingerprint(training_inputs(root), root)
    log("Entraînement du modèle Rasa (quelques minutes)…")
    command: List[str] = [
        sys.executable,
        "-m",
        "rasa",
        "train",
        "--config",
        "config.yml",
        "--domain",
        str(domain_path(root).relative_to(root)),
        "--data",
        "data",
        "--out",
        "models",
        "--fixed-model-name",
        MODEL_NAME,
        "--force",
        # `make validate` checks the data (and `make test` runs it first): `rasa train`'s own check
        # only warns, and cost 11 s of each training (2026-12-02).
        "--skip-validation",
    ]
    started = time.monotonic()
    result = subprocess.run(command, cwd=root)
    if result.returncode != 0 or not target.is_file():
        raise RuntimeError("l'entraînement du modèle Rasa a échoué (voir le journal ci-dessus).")
    _stamp_path(root).write_text(wanted + "\n")
    # What it cost, for `make bench`.
    training_record_path(root).write_text(
        json.dumps(
            {
                "seconds": round(time.monotonic() - started, 1),
                "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "fingerprint": wanted,
            }
        )
        + "\n"
    )
    log(f"Modèle entraîné : {target.relative_to(root)}")
    return target


def training_record_path(root: Path = ROOT) -> Path:
    return root / "models" / f"{MODEL_NAME}.train.json"


def current_model(root: Path = ROOT) -> Path | None:
    target = model_path(root)
    return target if target.is_file() else None
