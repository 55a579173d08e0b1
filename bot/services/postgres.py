"""A private PostgreSQL server in a folder of the project (the local cluster, the tests).

PostgreSQL refuses to run as root, so as root the server runs as the
`postgres` system user (created by Debian's package, which `make setup`
installs).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import List


class PostgresError(RuntimeError):
    """The server could not be set up or started; the message is in French."""


def bindir() -> Path:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(candidate, "initdb").is_file():
            return Path(candidate)
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise PostgresError("PostgreSQL (initdb) est introuvable : lancez 'make setup'.")


def _as_server_user(command: List[str]) -> List[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--"] + command
    return command


class PostgresServer:
    """`root` holds the data, the sockets and the log; the server listens on 127.0.0.1:`port`."""

    def __init__(self, root: Path, port: int, database: str = "cap_elus") -> None:
        self.root = root
        self.port = port
        self.database = database
        self.bin = bindir()
        self.data = root / "data"
        self.sockets = root / "sockets"
        self.log = root / "server.log"

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{self.database}"

    def _run(self, command: List[str], as_server_user: bool = True) -> None:
        full = _as_server_user(command) if as_server_user else command
        result = subprocess.run(full, capture_output=True, text=True)
        if result.returncode != 0:
            raise PostgresError(f"PostgreSQL : « {' '.join(command[:2])} » a échoué : {result.stderr.strip()[-500:]}")

    def init(self) -> None:
        """Creates the data folder once (initdb, trust on loopback)."""
        if (self.data / "PG_VERSION").exists():
            return
        self.root.mkdir(parents=True, exist_ok=True)
        self.sockets.mkdir(exist_ok=True)
        if os.geteuid() == 0:
            blocked = [p for p in [self.root, *self.root.parents] if not os.stat(p).st_mode & 0o001]
            if blocked:
                raise PostgresError(
                    f"PostgreSQL tourne sous l'utilisateur postgres, qui ne peut pas traverser {blocked[-1]} "
                    f"(droits {oct(os.stat(blocked[-1]).st_mode & 0o777)}) : choisissez un dossier accessible."
                )
            for path in (self.root, self.sockets):
                shutil.chown(path, "postgres")
        self._run(
            [
                str(self.bin / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
            ]
        )

    def command(self) -> List[str]:
        """The server in the foreground (for a supervisor that keeps it running)."""
        return _as_server_user(
            [
                str(self.bin / "postgres"),
                "-D",
                str(self.data),
                "-p",
                str(self.port),
                "-k",
                str(self.sockets),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "fsync=off",
                "-c",
                "max_connections=200",
            ]
        )

    def is_ready(self) -> bool:
        return (
            subprocess.run(
                [str(self.bin / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)], capture_output=True
            ).returncode
            == 0
        )

    def start(self, timeout: float = 60) -> None:
        """Starts the server in the background (pg_ctl) and waits until it accepts connections."""
        self.init()
        self._run(
            [
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.log),
                "-w",
                "-t",
                str(int(timeout)),
                "-o",
                f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
                "start",
            ]
        )
        self.wait_ready(timeout)

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not self.is_ready():
            if time.monotonic() > deadline:
                raise PostgresError("PostgreSQL n'a pas démarré :\n" + self.log.read_text(errors="replace")[-2000:])
            time.sleep(0.2)

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run(
                _as_server_user([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"]),
                capture_output=True,
            )

    def create_database(self) -> None:
        """Creates the database unless it exists."""
        exists = subprocess.run(
            [
                str(self.bin / "psql"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-tAc",
                f"SELECT 1 FROM pg_database WHERE datname = '{self.database}'",
            ],
            capture_output=True,
            text=True,
        )
        if exists.stdout.strip() != "1":
            self._run(
                [str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", self.database],
                as_server_user=False,
            )
