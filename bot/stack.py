"""Runs the action server, the Rasa server and the chat page as one foreground job.

`make run` calls `python -m bot run`. Each server runs in its own process
group, so a Ctrl-C reaches only this supervisor, which then stops the servers
in order and waits for them.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Callable, List

from bot import active_config
from bot.settings import DERIVED_CHANNEL_VARIABLES, ROOT, Settings, load_settings

READY_TIMEOUT_S = 240.0
STOP_TIMEOUT_S = 15.0
# Largest request body the Rasa server reads (Sanic answers 413 above): a chat
# message is at most 4,000 characters; the HTTP API's event uploads need more.
RASA_MAX_BODY_BYTES = 256 * 1024


# The banner's last line, printed once every server is up (tests wait for it).
READY_LINE = "Ctrl-C arrête tout."


@dataclass
class Service:
    """One server: how to start it and how to know it is ready.

    `settings`: the settings this server gets in its environment (the stack's by
    default); a Rasa server also gets its credentials and endpoints from them
    (`rasa=True`).
    """

    label: str
    command: List[str]
    ready_url: str = ""
    process: subprocess.Popen | None = None
    env: dict = field(default_factory=dict)
    ready_check: Callable[[], bool] | None = None
    settings: Settings | None = None
    rasa: bool = False

    def is_ready(self) -> bool:
        return self.ready_check() if self.ready_check is not None else is_ready(self.ready_url)

    @property
    def exit_code(self) -> int | None:
        return self.process.returncode if self.process is not None else None


def action_server_command(settings: Settings) -> List[str]:
    # SANIC_HOST (from Settings.child_env) sets the address rasa_sdk binds to.
    command = [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(settings.actions_port)]
    verbosity = {"DEBUG": ["-vv"], "WARNING": ["--quiet"], "ERROR": ["--quiet"]}
    return command + verbosity.get(settings.log_level, [])


def active_config_path(settings: Settings, name: str) -> Path:
    """Where `name` (credentials or endpoints) is written for the Rasa server on this port.

    One file per port: two stacks started side by side (tests) keep theirs apart.
    """
    return ROOT / "var" / "run" / f"{name}-{settings.rasa_port}.yml"


def rasa_command(settings: Settings, model: Path) -> List[str]:
    """The Rasa server (with the project's fixes) on `settings.host`:`settings.rasa_port`."""
    command = [
        sys.executable,
        "-m",
        "bot.rasa_main",
        "run",
        "--enable-api",
        "--interface",
        settings.host,
        "--port",
        str(settings.rasa_port),
        "--model",
        str(model),
        "--endpoints",
        str(active_config_path(settings, "endpoints")),
        "--credentials",
        str(active_config_path(settings, "credentials")),
        "--cors",
        *settings.cors_origins,
    ]
    if settings.rasa_auth_token:
        command += ["--auth-token", settings.rasa_auth_token]
    return command


def chat_page_command() -> List[str]:
    return [sys.executable, "-m", "bot", "chat-page"]


def rasa_service(label: str, settings: Settings, model: Path) -> Service:
    """A Rasa server, its body limit and its own credentials and endpoints (from `settings`)."""
    return Service(
        label,
        rasa_command(settings, model),
        f"{settings.rasa_url}/",
        env={"SANIC_REQUEST_MAX_SIZE": str(RASA_MAX_BODY_BYTES)},
        settings=settings,
        rasa=True,
    )


def default_services(settings: Settings, model: Path) -> List[Service]:
    """The three servers of `make run`, in start order."""
    return [
        Service("serveur d'actions", action_server_command(settings), f"{settings.actions_url}/health"),
        rasa_service("serveur Rasa (API HTTP)", settings, model),
        Service("page de discussion", chat_page_command(), f"{settings.chat_url}/"),
    ]


def free_port(host: str = "127.0.0.1") -> int:
    """A port nobody listens on right now, for tests and benchmarks that start their own servers."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def local_settings(folder: Path, **overrides: str) -> Settings:
    """The settings of a throw-away stack (benchmarks, tests): loopback, free ports, the knowledge
    base and the conversations in SQLite files under `folder`; no .env is read. `overrides` wins."""
    environ = {
        "CAP_ELUS_HOST": "127.0.0.1",
        "RASA_PORT": str(free_port()),
        "ACTIONS_PORT": str(free_port()),
        "CHAT_PORT": str(free_port()),
        "KB_DATABASE_URL": f"sqlite:///{folder / 'knowledge.db'}",
        "TRACKER_DB_URL": f"sqlite:///{folder / 'tracker.db'}",
        **overrides,
    }
    return load_settings(environ=environ, dotenv_path=folder / "no.env")


def is_ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


class Stack:
    """Starts the servers, waits until they answer, and stops them all together."""

    def __init__(
        self,
        settings: Settings,
        model: Path,
        log: Callable[[str], None] = print,
        output: IO | None = None,
        services: List[Service] | None = None,
    ):
        """`output`: where the servers write their logs (default: this process's console).

        `services`: the servers to run, in start order (default: those of `make run`).
        """
        self.settings = settings
        self.output = output
        self.services = services if services is not None else default_services(settings, model)
        self.log = log
        self._stopping = False
        self.channels: List[str] = []
        self.channels_off: dict = {}

    def write_configs(self) -> None:
        """Credentials and endpoints of each Rasa server: the sections whose variables are set."""
        (ROOT / "var").mkdir(exist_ok=True)
        for service in self.services:
            if not service.rasa:
                continue
            settings = service.settings or self.settings
            env = settings.child_env()
            self.channels, self.channels_off = active_config.write_active_sections(
                ROOT / "credentials.yml", active_config_path(settings, "credentials"), env
            )
            active_config.write_active_sections(ROOT / "endpoints.yml", active_config_path(settings, "endpoints"), env)

    def start(self) -> None:
        self.write_configs()
        for service in self.services:
            self.start_service(service)

    def start_service(self, service: Service) -> None:
        env = {**(service.settings or self.settings).child_env(), **service.env}
        service.process = subprocess.Popen(
            service.command,
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=self.output,
            stderr=subprocess.STDOUT if self.output else None,
        )

    def stop_service(self, service: Service, sig: int = signal.SIGTERM) -> None:
        """Stops one server (its whole process group) and waits for it."""
        proc = service.process
        if proc is None or proc.poll() is not None:
            return
        _signal_group(proc, sig)
        try:
            proc.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            _signal_group(proc, signal.SIGKILL)
            proc.wait()

    def request_stop(self) -> None:
        self._stopping = True

    @property
    def stopping(self) -> bool:
        return self._stopping

    def failed(self) -> Service | None:
        """The first server that exited, if any."""
        for service in self.services:
            if service.process is not None and service.process.poll() is not None:
                return service
        return None

    def wait_ready(self, timeout: float = READY_TIMEOUT_S, services: List[Service] | None = None) -> bool:
        deadline = time.monotonic() + timeout
        pending = list(self.services if services is None else services)
        while pending and time.monotonic() < deadline and not self._stopping:
            dead = self.failed()
            if dead is not None:
                self.log(f"Arrêt au démarrage : {dead.label} (code {dead.exit_code}).")
                return False
            pending = [s for s in pending if not s.is_ready()]
            if pending:
                time.sleep(0.5)
        return not pending

    def stop(self) -> None:
        self._stopping = True
        # Reverse order: the page and Rasa go before the actions they call.
        for service in reversed(self.services):
            proc = service.process
            if proc is not None and proc.poll() is None:
                _signal_group(proc, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT_S
        for service in reversed(self.services):
            proc = service.process
            if proc is None:
                continue
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(proc, signal.SIGKILL)
                proc.wait()

    def banner(self) -> str:
        s = self.settings
        return (
            "\nCap Élus est prêt :\n"
            f"  - page de discussion      : {s.chat_url}/\n"
            f"  - serveur Rasa (API HTTP) : {s.rasa_url}/\n"
            f"  - serveur d'actions       : {s.actions_url}/health\n"
            f"{self.channels_banner()}"
            f"{READY_LINE}\n"
        )

    def channels_banner(self) -> str:
        lines = ["Canaux actifs :"]
        lines += [f"  - {active_config.describe_channel(name)}" for name in self.channels]
        if self.channels_off:
            lines.append("Canaux désactivés (réglages absents, voir .env.example) :")
            for name, missing in self.channels_off.items():
                asked = [var for var in missing if var not in DERIVED_CHANNEL_VARIABLES]
                lines.append(f"  - {active_config.describe_channel(name)} : {', '.join(asked or missing)}")
        return "\n".join(lines) + "\n"


def _signal_group(proc: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        pass


def run_stack(stack: Stack) -> int:
    """Runs the stack in the foreground until Ctrl-C or a server dies; returns the exit code."""

    def on_signal(_signum, _frame):
        stack.request_stop()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    code = 0
    try:
        try:
            stack.start()
        except RuntimeError as error:  # the French reason of a service that could not start
            print(f"Cap Élus n'a pas pu démarrer : {error}", file=sys.stderr)
            return 1
        if stack.wait_ready():
            print(stack.banner(), flush=True)
            while not stack.stopping:
                dead = stack.failed()
                if dead is not None:
                    print(f"Arrêt inattendu : {dead.label} (code {dead.exit_code}) ; tout s'arrête.", file=sys.stderr)
                    code = 1
                    break
                time.sleep(0.5)
        elif not stack.stopping:
            print("Cap Élus n'a pas pu démarrer (voir le journal ci-dessus).", file=sys.stderr)
            code = 1
    finally:
        print("Arrêt des serveurs…", flush=True)
        stack.stop()
        print("Tout est arrêté.", flush=True)
    return code
