"""A private Redis server (locks only: no persistence) on 127.0.0.1."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path
from typing import List


class RedisError(RuntimeError):
    """Redis is missing; the message is in French."""


def redis_server_binary() -> str:
    found = shutil.which("redis-server") or ("/usr/bin/redis-server" if Path("/usr/bin/redis-server").exists() else "")
    if not found:
        raise RedisError("redis-server est introuvable : lancez 'make setup'.")
    return found


class RedisServer:
    def __init__(self, root: Path, port: int) -> None:
        self.root = root
        self.port = port

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/1"

    def command(self) -> List[str]:
        self.root.mkdir(parents=True, exist_ok=True)
        return [
            redis_server_binary(), "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--dir", str(self.root), "--protected-mode", "yes", "--loglevel", "warning",
        ]

    def is_ready(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False
