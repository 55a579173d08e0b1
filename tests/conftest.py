"""Shared fixtures: a real stack (action server, Rasa, chat page) on free ports."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from bot import training
from bot.settings import ROOT, Settings, load_settings
from bot.stack import free_port, is_ready

STARTUP_TIMEOUT_S = 300


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

    def parse(self, text: str) -> dict:
        response = requests.post(f"{self.settings.rasa_url}/model/parse", json={"text": text}, timeout=30)
        response.raise_for_status()
        return response.json()

    def say(self, sender: str, message: str) -> list:
        response = requests.post(
            f"{self.settings.rasa_url}/webhooks/rest/webhook",
            json={"sender": sender, "message": message},
            timeout=60,
        )
        response.raise_for_status()
        return response.json()


@pytest.fixture(scope="session")
def running_bot(tmp_path_factory) -> RunningBot:
    """`python -m bot run` as `make run` starts it, on free ports; Ctrl-C at the end."""
    if training.current_model() is None:
        pytest.fail("Aucun modèle dans models/ : lancez 'make train' (make test le fait).")
    env = dict(os.environ)
    env.update(
        CAP_ELUS_HOST="127.0.0.1",
        RASA_PORT=str(free_port()),
        ACTIONS_PORT=str(free_port()),
        CHAT_PORT=str(free_port()),
        KB_DATABASE_URL=f"sqlite:///{tmp_path_factory.mktemp('kb') / 'knowledge.db'}",
    )
    settings = load_settings(environ=env)
    log = tmp_path_factory.mktemp("stack") / "run.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "run", "--no-train"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    urls = [f"{settings.rasa_url}/", f"{settings.actions_url}/health", f"{settings.chat_url}/"]
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while not all(is_ready(u) for u in urls):
        if process.poll() is not None or time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
            pytest.fail("La pile n'a pas démarré :\n" + log.read_text(errors="replace")[-4000:])
        time.sleep(1)
    bot = RunningBot(settings, process, log, env)
    yield bot

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
