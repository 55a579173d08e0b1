"""The servers of `make run`, started one by one so a test can stop and restart each."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import Iterator

import pytest
import requests

from bot import kb_cli, training
from bot.settings import Settings
from bot.stack import Stack, is_ready

READY_TIMEOUT_S = 240


def wait_until(url: str, timeout: float = READY_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout
    while not is_ready(url):
        if time.monotonic() > deadline:
            raise AssertionError(f"{url} ne répond pas après {timeout} s")
        time.sleep(0.5)


class Components:
    """A started Stack whose servers the test handles one at a time."""

    def __init__(self, stack: Stack):
        self.stack = stack
        self.settings = stack.settings
        self.actions, self.rasa, self.chat = stack.services

    def say(self, sender: str, message: str, timeout: float = 60) -> requests.Response:
        return requests.post(
            f"{self.settings.rasa_url}/webhooks/rest/webhook",
            json={"sender": sender, "message": message},
            timeout=timeout,
        )

    def texts(self, sender: str, message: str) -> str:
        answer = self.say(sender, message)
        assert answer.status_code == 200, answer.text[:500]
        return "\n".join(m.get("text", "") for m in answer.json())

    def tracker(self, sender: str) -> dict:
        return requests.get(f"{self.settings.rasa_url}/conversations/{sender}/tracker", timeout=30).json()

    def restart(self, service) -> None:
        self.stack.stop_service(service)
        self.stack.start_service(service)
        wait_until(service.ready_url)


@contextlib.contextmanager
def started_components(settings: Settings, log: Path) -> Iterator[Components]:
    model = training.current_model()
    if model is None:
        pytest.fail("Aucun modèle dans models/ : lancez 'make train' (make test le fait).")
    assert kb_cli.load_for_run(settings) == 0
    with log.open("ab") as output:
        stack = Stack(settings, model, output=output)
        stack.start()
        try:
            for service in stack.services:
                wait_until(service.ready_url)
            yield Components(stack)
        finally:
            stack.stop()
