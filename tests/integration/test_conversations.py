"""Conversation tests (tests/test_stories.yml) and the held-out NLU report, with Rasa's own tools."""

import json
import subprocess
import sys

import pytest

from bot import training
from bot.settings import ROOT
from tests.nlu_data import SITUATIONS

MIN_SITUATION_F1 = 0.90
# Over all 26 intents, most with 7 or 8 held-out sentences: one sentence moves an intent's F1 by
# ~0.06 and the macro by ~0.003. Retraining after rewording two ask_definition examples (2026-12-01)
# moved it from 0.857 to 0.849 with every situation above 0.91; the floor leaves room for that noise.
MIN_MACRO_F1 = 0.84


@pytest.fixture(scope="module")
def model():
    path = training.current_model()
    if path is None:
        pytest.fail("Aucun modèle dans models/ : lancez 'make train' (make test le fait).")
    return path


def rasa(*args, timeout=900):
    return subprocess.run(
        [sys.executable, "-m", "rasa", *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )


def test_every_conversation_path_is_predicted(model, tmp_path):
    done = rasa(
        "test",
        "core",
        "--model",
        str(model),
        "--stories",
        "tests/test_stories.yml",
        "--fail-on-prediction-errors",
        "--out",
        str(tmp_path),
    )
    failed = tmp_path / "failed_test_stories.yml"
    details = failed.read_text(encoding="utf-8") if failed.exists() else done.stdout[-3000:] + done.stderr[-3000:]
    assert done.returncode == 0, details


@pytest.fixture(scope="module")
def nlu_report(model, tmp_path_factory):
    out = tmp_path_factory.mktemp("nlu")
    done = rasa("test", "nlu", "--model", str(model), "--nlu", "tests/nlu", "--out", str(out))
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads((out / "intent_report.json").read_text(encoding="utf-8"))
    # Kept for the notes and `make bench`: the per-intent report of the last run.
    (ROOT / "results").mkdir(exist_ok=True)
    (ROOT / "results" / "heldout_intent_report.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    return report


@pytest.mark.parametrize("situation", SITUATIONS)
def test_held_out_f1_of_each_situation(nlu_report, situation):
    assert nlu_report[situation]["f1-score"] >= MIN_SITUATION_F1, nlu_report[situation]


def test_held_out_macro_f1(nlu_report):
    assert nlu_report["macro avg"]["f1-score"] >= MIN_MACRO_F1, {
        k: round(v["f1-score"], 3) for k, v in nlu_report.items() if isinstance(v, dict) and "f1-score" in v
    }
