"""Conversation tests (tests/test_stories.yml) with Rasa's own tool, on the server's Rasa (its fixes installed)."""

import subprocess
import sys

import pytest

from bot import training
from bot.settings import ROOT


@pytest.fixture(scope="module")
def model():
    path = training.current_model()
    if path is None:
        pytest.fail("Aucun modèle dans models/ : lancez 'make train' (make test le fait).")
    return path


def rasa(*args, timeout=900):
    return subprocess.run(
        [sys.executable, "-m", "bot.rasa_main", *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout
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
