"""nginx (Debian's package) in front of the Rasa replicas and the action servers."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import List, Sequence

from bot.services import system_binary
from bot.settings import ROOT

TEMPLATE = ROOT / "deploy" / "nginx.conf.template"


class NginxError(RuntimeError):
    """The configuration template is broken; the message is in French."""


@dataclass(frozen=True)
class NginxConfig:
    host: str
    rasa_port: int
    actions_port: int
    rasa_backends: Sequence[int]
    action_backends: Sequence[int]
    rate_per_second: int = 20
    burst: int = 40
    max_body: str = "256k"

    def render(self, run_dir: Path) -> str:
        def servers(ports: Sequence[int]) -> str:
            return "\n".join(f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;" for port in ports)

        fields = {
            "run_dir": str(run_dir),
            # As root, workers would otherwise run as nobody and could not write run_dir.
            "user_directive": "user root;" if os.geteuid() == 0 else "",
            "host": self.host,
            "rasa_port": str(self.rasa_port),
            "actions_port": str(self.actions_port),
            "rasa_servers": servers(self.rasa_backends),
            "action_servers": servers(self.action_backends),
            "rate_per_second": str(self.rate_per_second),
            "burst": str(self.burst),
            "max_body": self.max_body,
        }
        text = TEMPLATE.read_text(encoding="utf-8")
        for name, value in fields.items():
            text = text.replace("{{" + name + "}}", value)
        if "{{" in text:
            raise NginxError("deploy/nginx.conf.template contient un champ inconnu : " + text[text.index("{{") :][:40])
        return text


class NginxServer:
    def __init__(self, run_dir: Path, config: NginxConfig) -> None:
        self.run_dir = run_dir
        self.config = config
        self.conf_file = run_dir / "nginx.conf"

    def write(self) -> None:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.conf_file.write_text(self.config.render(self.run_dir), encoding="utf-8")

    def command(self) -> List[str]:
        return [
            system_binary("nginx", "/usr/sbin/nginx"),
            "-p",
            str(self.run_dir),
            "-c",
            str(self.conf_file),
            "-e",
            str(self.run_dir / "nginx-error.log"),
            "-g",
            "daemon off;",
        ]

    def check_command(self) -> List[str]:
        return self.command()[:-2] + ["-t", "-q"]
