"""Starts `python -m bot run` on free loopback ports for a benchmark, and stops it."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterator

from bot.settings import ROOT, Settings, load_settings
from bot.stack import free_port, is_ready

STARTUP_TIMEOUT_S = 300


@contextlib.contextmanager
def running_stack() -> Iterator[tuple]:
    """Yields (settings, seconds until ready, supervisor process)."""
    folder = Path(tempfile.mkdtemp(prefix="cap-elus-bench-"))
    env = dict(os.environ, CAP_ELUS_HOST="127.0.0.1", RASA_PORT=str(free_port()),
               ACTIONS_PORT=str(free_port()), CHAT_PORT=str(free_port()),
               KB_DATABASE_URL=f"sqlite:///{folder / 'kb.db'}", CAP_ELUS_LOG_LEVEL="WARNING")
    settings: Settings = load_settings(environ=env)
    log = (folder / "stack.log").open("wb")
    start = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "bot", "run", "--no-train"], cwd=ROOT, env=env,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        urls = [f"{settings.rasa_url}/", f"{settings.actions_url}/health"]
        while not all(is_ready(u) for u in urls):
            if process.poll() is not None or time.monotonic() - start > STARTUP_TIMEOUT_S:
                raise RuntimeError("la pile n'a pas démarré : voir " + str(folder / "stack.log"))
            time.sleep(0.2)
        yield settings, time.monotonic() - start, process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        log.close()
