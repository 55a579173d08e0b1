"""A private Redis server (locks only: no persistence) on 127.0.0.1."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import List

from bot.services import system_binary


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
            system_binary("redis-server", "/usr/bin/redis-server"),
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(self.root),
            "--protected-mode",
            "yes",
            "--loglevel",
            "warning",
        ]

    def is_ready(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False
