"""A throw-away Redis server for tests, which a test may stop and start again."""

from __future__ import annotations

import contextlib
import subprocess
import time
from pathlib import Path
from typing import Iterator

from bot.services.redis import RedisServer
from bot.stack import free_port


class RunningRedis:
    def __init__(self, root: Path) -> None:
        self.server = RedisServer(root, free_port())
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return self.server.url

    def start(self, timeout: float = 15) -> None:
        self.process = subprocess.Popen(self.server.command(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while not self.server.is_ready():
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError("Redis n'a pas démarré")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)


@contextlib.contextmanager
def temporary_redis(root: Path) -> Iterator[RunningRedis]:
    redis = RunningRedis(root)
    redis.start()
    try:
        yield redis
    finally:
        redis.stop()
