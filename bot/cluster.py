"""`make run-cluster`: Cap Élus the way it runs in production, on one machine.

PostgreSQL (conversations and knowledge base), Redis (conversation locks),
M action servers and N Rasa replicas, all on loopback, behind nginx, which
listens where `make run` puts Rasa and the action server (RASA_PORT,
ACTIONS_PORT); the chat page talks to nginx. Foreground; Ctrl-C stops it all.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import List

from bot import kb_cli
from bot.services.nginx import NginxConfig, NginxServer
from bot.services.postgres import PostgresServer
from bot.services.redis import RedisServer
from bot.settings import ROOT, Settings
from bot.stack import (
    RASA_MAX_BODY_BYTES,
    READY_LINE,
    Service,
    Stack,
    action_server_command,
    chat_page_command,
    rasa_service,
)


@dataclass(frozen=True)
class ClusterLayout:
    """Where each server of the cluster listens; nginx takes RASA_PORT and ACTIONS_PORT."""

    root: Path
    rasa_ports: tuple
    action_ports: tuple
    postgres_port: int
    redis_port: int
    rate_per_second: int = 20
    burst: int = 40

    @classmethod
    def default(cls, settings: Settings, replicas: int = 2, action_servers: int = 2) -> ClusterLayout:
        return cls(
            root=ROOT / "var" / "cluster",
            rasa_ports=tuple(settings.rasa_port + 100 + i for i in range(replicas)),
            action_ports=tuple(settings.actions_port + 100 + i for i in range(action_servers)),
            postgres_port=5433,
            redis_port=6380,
        )


class ClusterStack(Stack):
    def __init__(self, settings: Settings, model: Path, layout: ClusterLayout, **kwargs) -> None:
        self.layout = layout
        self.postgres = PostgresServer(layout.root / "postgres", layout.postgres_port, "cap_elus")
        self.redis = RedisServer(layout.root / "redis", layout.redis_port)
        # Every server of the cluster shares PostgreSQL (separate tables) and Redis.
        settings = dataclasses.replace(
            settings,
            tracker_db_url=self.postgres.url,
            kb_database_url=self.postgres.url,
            redis_url=self.redis.url,
        )
        self.nginx = NginxServer(
            layout.root / "nginx",
            NginxConfig(
                host=settings.host,
                rasa_port=settings.rasa_port,
                actions_port=settings.actions_port,
                rasa_backends=layout.rasa_ports,
                action_backends=layout.action_ports,
                rate_per_second=layout.rate_per_second,
                burst=layout.burst,
                max_body=f"{RASA_MAX_BODY_BYTES // 1024}k",
            ),
        )
        super().__init__(settings, model, services=self._services(settings, model), **kwargs)

    def _services(self, settings: Settings, model: Path) -> List[Service]:
        backends: List[Service] = [
            Service("PostgreSQL", self.postgres.command(), ready_check=self.postgres.is_ready),
            Service("Redis", self.redis.command(), ready_check=self.redis.is_ready),
        ]
        for i, port in enumerate(self.layout.action_ports, 1):
            server = dataclasses.replace(settings, host="127.0.0.1", actions_port=port)
            backends.append(
                Service(
                    f"serveur d'actions n° {i}",
                    action_server_command(server),
                    f"http://127.0.0.1:{port}/health",
                    settings=server,
                )
            )
        for i, port in enumerate(self.layout.rasa_ports, 1):
            replica = dataclasses.replace(settings, host="127.0.0.1", rasa_port=port)
            backends.append(rasa_service(f"réplique Rasa n° {i}", replica, model))
        backends.append(Service("nginx", self.nginx.command(), f"{settings.rasa_url}/"))
        backends.append(Service("page de discussion", chat_page_command(), f"{settings.chat_url}/"))
        return backends

    def start(self) -> None:
        """PostgreSQL first (then its database and the knowledge base), Redis, then the rest."""
        self.postgres.init()
        self.nginx.write()
        first, second, *rest = self.services
        self.write_configs()
        for service in (first, second):
            self.start_service(service)
        if not self.wait_ready(services=[first, second]):
            return
        self.postgres.create_database()
        if kb_cli.load_for_run(self.settings) != 0:
            raise RuntimeError("la base de connaissances n'a pas pu être chargée dans PostgreSQL.")
        for service in rest:
            self.start_service(service)

    def banner(self) -> str:
        s, layout = self.settings, self.layout
        return (
            "\nCap Élus (grappe locale) est prêt :\n"
            f"  - page de discussion : {s.chat_url}/\n"
            f"  - nginx -> {len(layout.rasa_ports)} répliques Rasa : {s.rasa_url}/ "
            f"(ports internes {', '.join(map(str, layout.rasa_ports))})\n"
            f"  - nginx -> {len(layout.action_ports)} serveurs d'actions : {s.actions_url}/health "
            f"(ports internes {', '.join(map(str, layout.action_ports))})\n"
            f"  - PostgreSQL : 127.0.0.1:{layout.postgres_port} (conversations et base de connaissances)\n"
            f"  - Redis : 127.0.0.1:{layout.redis_port} (verrous des conversations)\n"
            f"{self.channels_banner()}"
            f"{READY_LINE}\n"
        )
