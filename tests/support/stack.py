"""A real stack (action server, Rasa, chat page) started like `make run`, on free ports."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pytest
import requests

from bot import training
from bot.settings import ROOT, Settings, load_settings
from bot.stack import READY_LINE, free_port, is_ready
from tests.support.loopback import Recorder

STARTUP_TIMEOUT_S = 300
# The session's stack (tests/conftest.py) protects its HTTP API as production does (RASA_AUTH_TOKEN).
API_TOKEN = "jeton-de-test-6b1f0c"


def port_is_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class RunningBot:
    settings: Settings
    process: subprocess.Popen
    log: Path
    env: dict
    mattermost: Recorder = field(default_factory=Recorder)
    slack: Recorder = field(default_factory=Recorder)

    @property
    def token_params(self) -> dict:
        return {"token": self.settings.rasa_auth_token} if self.settings.rasa_auth_token else {}

    def parse(self, text: str) -> dict:
        response = requests.post(
            f"{self.settings.rasa_url}/model/parse", json={"text": text}, params=self.token_params, timeout=30
        )
        response.raise_for_status()
        return response.json()

    def tracker(self, sender: str) -> dict:
        response = requests.get(
            f"{self.settings.rasa_url}/conversations/{sender}/tracker", params=self.token_params, timeout=30
        )
        response.raise_for_status()
        return response.json()

    def last_intent(self, sender: str, timeout: float = 20.0) -> str | None:
        """The intent of the sender's last message, once Rasa has saved the turn."""
        deadline = time.monotonic() + timeout
        while True:
            name = self.tracker(sender).get("latest_message", {}).get("intent", {}).get("name")
            if name or time.monotonic() > deadline:
                return name
            time.sleep(0.2)

    def say(self, sender: str, message: str) -> list:
        response = requests.post(
            f"{self.settings.rasa_url}/webhooks/rest/webhook",
            json={"sender": sender, "message": message},
            timeout=60,
        )
        response.raise_for_status()
        return response.json()


@contextlib.contextmanager
def started_stack(tmp_path_factory, **overrides: str) -> Iterator[RunningBot]:
    """`python -m bot run` as `make run` starts it, on free ports; Ctrl-C at the end, checked."""
    if training.current_model() is None:
        pytest.fail("Aucun modèle dans models/ : lancez 'make train' (make test le fait).")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MATTERMOST_", "SLACK_", "RASA_"))}
    env.update(
        CAP_ELUS_HOST="127.0.0.1",
        RASA_PORT=str(free_port()),
        ACTIONS_PORT=str(free_port()),
        CHAT_PORT=str(free_port()),
        KB_DATABASE_URL=f"sqlite:///{tmp_path_factory.mktemp('kb') / 'knowledge.db'}",
    )
    env.update(overrides)
    settings = load_settings(environ=env, dotenv_path=Path("/nonexistent/.env"))
    log = tmp_path_factory.mktemp("stack") / "run.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "run", "--no-train"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    urls = [f"{settings.rasa_url}/", f"{settings.actions_url}/health", f"{settings.chat_url}/"]
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while not all(is_ready(u) for u in urls):
        if process.poll() is not None or time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
            pytest.fail("La pile n'a pas démarré :\n" + log.read_text(errors="replace")[-4000:])
        time.sleep(1)
    # `python -m bot run` prints its banner (channels, Ctrl-C) once its own check sees the servers
    # ready, which can come a moment after ours: on a loaded machine a test read the log before it.
    while READY_LINE not in log.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
            pytest.fail("La pile n'a pas affiché son bandeau :\n" + log.read_text(errors="replace")[-4000:])
        time.sleep(0.2)
    yield RunningBot(settings, process, log, env)

    # What Ctrl-C does in `make run`: every server stops, the supervisor exits 0.
    process.send_signal(signal.SIGINT)
    try:
        code = process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        pytest.fail("Ctrl-C n'a pas arrêté 'python -m bot run' en 60 s.")
    assert code == 0, log.read_text(errors="replace")[-4000:]
    ports = (settings.rasa_port, settings.actions_port, settings.chat_port)
    still_open = [p for p in ports if port_is_open(p)]
    assert not still_open, f"Ports encore ouverts après Ctrl-C : {still_open}"
