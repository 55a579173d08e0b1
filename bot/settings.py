"""Settings of Cap Élus, read from the environment and an optional `.env` file.

Every variable is documented in `.env.example`. Values from the real environment
win over the `.env` file. A bad value stops the program with a French message
that names the variable, what it received and what it expects.
"""

from __future__ import annotations

import ipaddress
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Tuple

from dotenv import dotenv_values

ROOT = Path(__file__).resolve().parent.parent

# Values of `.env.example` that must be replaced before use.
PLACEHOLDER_SECRETS = frozenset({"", "a-remplacer", "changeme", "change-me"})

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
SUPPORTED_DB_DIALECTS = ("sqlite", "postgresql")
_LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOSTNAME = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(\.{_LABEL})*$")
_ORIGIN = re.compile(r"^https?://[^/\s]+$")
_BASE_URL = re.compile(r"^https?://[^/\s?#]+(/[^\s?#]*)?$")


class SettingsError(ValueError):
    """A setting has a value the program cannot use; the message is in French."""


@dataclass(frozen=True)
class MattermostSettings:
    """The Mattermost channel: the server, the bot account and the outgoing webhook."""

    url: str
    bot_token: str
    webhook_token: str
    callback_url: str

    def __repr__(self) -> str:
        return f"MattermostSettings(url={self.url!r}, callback_url={self.callback_url!r}, jetons=***)"


@dataclass(frozen=True)
class SlackSettings:
    """The Slack channel: the bot token, the signing secret and the Web API address."""

    bot_token: str
    signing_secret: str
    api_url: str

    def __repr__(self) -> str:
        return f"SlackSettings(api_url={self.api_url!r}, secrets=***)"


@dataclass(frozen=True)
class Settings:
    host: str
    rasa_port: int
    actions_port: int
    chat_port: int
    kb_database_url: str
    rasa_auth_token: str | None
    cors_origins: Tuple[str, ...]
    log_level: str
    public_url: str
    tracker_db_url: str = "sqlite:///var/tracker.db"
    redis_url: str | None = None
    mattermost: MattermostSettings | None = None
    slack: SlackSettings | None = None

    @property
    def rasa_url(self) -> str:
        return f"http://{_url_host(self.host)}:{self.rasa_port}"

    @property
    def actions_url(self) -> str:
        return f"http://{_url_host(self.host)}:{self.actions_port}"

    @property
    def chat_url(self) -> str:
        return f"http://{_url_host(self.host)}:{self.chat_port}"

    @property
    def action_endpoint_url(self) -> str:
        return f"{self.actions_url}/webhook"

    def child_env(self, base: Mapping[str, str] | None = None) -> dict:
        """The environment for the servers this project starts.

        `endpoints.yml` reads `${ACTION_ENDPOINT_URL}`, so every Rasa process
        must get it, resolved from these settings.
        """
        env = dict(os.environ if base is None else base)
        env.update(
            # The servers started by this program read the same settings.
            CAP_ELUS_HOST=self.host,
            RASA_PORT=str(self.rasa_port),
            ACTIONS_PORT=str(self.actions_port),
            CHAT_PORT=str(self.chat_port),
            RASA_PUBLIC_URL=self.public_url,
            RASA_CORS_ORIGINS=",".join(self.cors_origins),
            CAP_ELUS_LOG_LEVEL=self.log_level,
            ACTION_ENDPOINT_URL=self.action_endpoint_url,
            KB_DATABASE_URL=self.kb_database_url,
            TRACKER_DB_URL=absolute_sqlite_url(self.tracker_db_url),
            SANIC_HOST=self.host,
            # Read by Rasa and rasa_sdk to set their log level.
            LOG_LEVEL=self.log_level,
            # Rasa 3.6 and TensorFlow are chatty; keep the console readable.
            TF_CPP_MIN_LOG_LEVEL="2",
            SQLALCHEMY_SILENCE_UBER_WARNING="1",
        )
        env.pop("REDIS_URL", None)
        if self.redis_url:
            env["REDIS_URL"] = self.redis_url
        # credentials.yml reads the channels' secrets as ${VAR}; a channel whose
        # variables are absent is left out of the credentials Rasa gets.
        for name in CHANNEL_VARIABLES:
            env.pop(name, None)
        if self.mattermost is not None:
            env.update(
                MATTERMOST_URL=self.mattermost.url,
                MATTERMOST_BOT_TOKEN=self.mattermost.bot_token,
                MATTERMOST_WEBHOOK_TOKEN=self.mattermost.webhook_token,
                MATTERMOST_CALLBACK_URL=self.mattermost.callback_url,
            )
        if self.slack is not None:
            env.update(
                SLACK_BOT_TOKEN=self.slack.bot_token,
                SLACK_SIGNING_SECRET=self.slack.signing_secret,
                SLACK_API_URL=self.slack.api_url,
            )
        return env


CHANNEL_VARIABLES = (
    "MATTERMOST_URL",
    "MATTERMOST_BOT_TOKEN",
    "MATTERMOST_WEBHOOK_TOKEN",
    "MATTERMOST_CALLBACK_URL",
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_API_URL",
)
# Set by the program from other settings, never asked of the deployer.
DERIVED_CHANNEL_VARIABLES = ("MATTERMOST_CALLBACK_URL", "SLACK_API_URL")


def absolute_sqlite_url(url: str) -> str:
    """The same URL, with a relative SQLite path taken from the project root."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return url
    if Path(database).is_absolute():
        return url
    return str(parsed.set(database=str(ROOT / database)))


def _url_host(host: str) -> str:
    if host in ("0.0.0.0", "::"):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host


def _parse_host(name: str, value: str) -> str:
    try:
        ipaddress.ip_address(value)
        return value
    except ValueError:
        pass
    if _HOSTNAME.match(value):
        return value
    raise SettingsError(
        f"{name} invalide : « {value} » n'est ni une adresse IP ni un nom d'hôte (exemple : 127.0.0.1)."
    )


def _parse_port(name: str, value: str) -> int:
    try:
        port = int(value.strip())
    except ValueError:
        raise SettingsError(
            f"{name} invalide : « {value} » n'est pas un numéro de port (un entier entre 1 et 65535)."
        ) from None
    if not 1 <= port <= 65535:
        raise SettingsError(f"{name} invalide : {port} est hors de la plage des ports (1 à 65535).")
    return port


def _parse_db_url(name: str, value: str) -> str:
    # Imported here: SQLAlchemy is only needed when the settings are read.
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    example = "sqlite:///var/knowledge.db ou postgresql://utilisateur:motdepasse@hote:5432/base"
    try:
        url = make_url(value)
    except (ArgumentError, ValueError):
        raise SettingsError(
            f"{name} invalide : « {value} » n'est pas une URL de base de données (exemple : {example})."
        ) from None
    dialect = url.get_backend_name()
    if dialect not in SUPPORTED_DB_DIALECTS:
        raise SettingsError(
            f"{name} invalide : la base « {dialect} » n'est pas prise en charge ; "
            f"utilisez SQLite ou PostgreSQL (exemple : {example})."
        )
    if dialect == "postgresql" and not url.database:
        raise SettingsError(f"{name} invalide : l'URL PostgreSQL ne nomme aucune base.")
    return value


def _parse_origins(name: str, value: str) -> Tuple[str, ...]:
    origins = tuple(o.strip() for o in value.split(",") if o.strip())
    if not origins:
        raise SettingsError(f"{name} invalide : indiquez au moins une origine ou *.")
    for origin in origins:
        if origin != "*" and not _ORIGIN.match(origin):
            raise SettingsError(
                f"{name} invalide : « {origin} » n'est pas une origine web "
                f"(exemple : https://www.exemple.fr, sans chemin ni barre finale)."
            )
    return origins


def _parse_secret(name: str, value: str) -> str | None:
    if value == "":
        return None
    if value.strip().lower() in PLACEHOLDER_SECRETS:
        raise SettingsError(
            f"{name} contient encore la valeur d'exemple de .env.example : "
            f"choisissez un secret à vous (par exemple : openssl rand -hex 32)."
        )
    return value


def _parse_base_url(name: str, value: str) -> str:
    url = value.strip().rstrip("/")
    if not _BASE_URL.match(url):
        raise SettingsError(
            f"{name} invalide : « {value} » n'est pas une adresse web "
            f"(exemple : https://bot.ma-structure.fr, sans ? ni #)."
        )
    return url


def _parse_group(title: str, values: Mapping[str, str], names: Tuple[str, ...]) -> dict | None:
    """All the variables of a channel, or None when none is set; half-set is an error."""
    given = {name: values.get(name, "").strip() for name in names}
    if not any(given.values()):
        return None
    missing = [name for name, value in given.items() if not value]
    if missing:
        raise SettingsError(
            f"Canal {title} à moitié configuré : il manque {', '.join(missing)} "
            f"(renseignez {', '.join(names)}, ou aucune pour le désactiver)."
        )
    for name, value in given.items():
        if name != "MATTERMOST_URL":
            _parse_secret(name, value)
    return given


def _parse_mattermost(values: Mapping[str, str], public_url: str) -> MattermostSettings | None:
    group = _parse_group("Mattermost", values, ("MATTERMOST_URL", "MATTERMOST_BOT_TOKEN", "MATTERMOST_WEBHOOK_TOKEN"))
    if group is None:
        return None
    return MattermostSettings(
        url=_parse_base_url("MATTERMOST_URL", group["MATTERMOST_URL"]),
        bot_token=group["MATTERMOST_BOT_TOKEN"],
        webhook_token=group["MATTERMOST_WEBHOOK_TOKEN"],
        callback_url=f"{public_url}/webhooks/mattermost/webhook",
    )


def _parse_slack(values: Mapping[str, str]) -> SlackSettings | None:
    token = values.get("SLACK_BOT_TOKEN", "").strip()
    secret = values.get("SLACK_SIGNING_SECRET", "").strip()
    if token and not secret:
        raise SettingsError(
            "SLACK_BOT_TOKEN est renseigné mais pas SLACK_SIGNING_SECRET : sans secret de signature, "
            "n'importe qui pourrait parler au bot en se faisant passer pour Slack. Copiez le "
            "« Signing Secret » de votre application Slack (Basic Information) dans SLACK_SIGNING_SECRET."
        )
    group = _parse_group("Slack", values, ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"))
    if group is None:
        return None
    api_url = _parse_base_url("SLACK_API_URL", values.get("SLACK_API_URL", "") or "https://slack.com/api")
    return SlackSettings(
        bot_token=group["SLACK_BOT_TOKEN"],
        signing_secret=group["SLACK_SIGNING_SECRET"],
        api_url=api_url + "/",
    )


def _parse_redis_url(name: str, value: str) -> str | None:
    url = value.strip()
    if not url:
        return None
    if not re.match(r"^(rediss?://[^\s/]+(/\d+)?|unix://\S+)$", url):
        raise SettingsError(
            f"{name} invalide : « {value} » n'est pas une URL Redis "
            f"(exemple : redis://127.0.0.1:6379/1 ou redis://:motdepasse@redis.interne:6379/1)."
        )
    return url


def _parse_log_level(name: str, value: str) -> str:
    level = value.strip().upper()
    if level not in LOG_LEVELS:
        raise SettingsError(f"{name} invalide : « {value} » ; valeurs possibles : {', '.join(LOG_LEVELS)}.")
    return level


def load_settings(
    environ: Mapping[str, str] | None = None,
    dotenv_path: Path | None = None,
) -> Settings:
    """Reads and checks every setting.

    Args:
        environ: The process environment (defaults to `os.environ`).
        dotenv_path: The `.env` file (defaults to `.env` at the project root);
            a missing file is fine.

    Raises:
        SettingsError: A value is unusable; the message says which and why.
    """
    environ = os.environ if environ is None else environ
    path = ROOT / ".env" if dotenv_path is None else dotenv_path
    values = {k: v for k, v in dotenv_values(path).items() if v is not None} if path.is_file() else {}
    values.update(environ)

    def get(name: str, default: str) -> str:
        return values.get(name, default)

    host = _parse_host("CAP_ELUS_HOST", get("CAP_ELUS_HOST", "127.0.0.1"))
    ports = {
        name: _parse_port(name, get(name, default))
        for name, default in (("RASA_PORT", "5005"), ("ACTIONS_PORT", "5055"), ("CHAT_PORT", "8080"))
    }
    if len(set(ports.values())) != len(ports):
        raise SettingsError(
            "RASA_PORT, ACTIONS_PORT et CHAT_PORT doivent être trois ports différents "
            f"(reçu : {', '.join(f'{k}={v}' for k, v in ports.items())})."
        )
    chat_host = _url_host(host)
    default_origins = f"http://{chat_host}:{ports['CHAT_PORT']}"
    if chat_host == "127.0.0.1":
        default_origins += f",http://localhost:{ports['CHAT_PORT']}"
    rasa_url = f"http://{chat_host}:{ports['RASA_PORT']}"
    public_url = _parse_base_url("RASA_PUBLIC_URL", get("RASA_PUBLIC_URL", "") or rasa_url)
    return Settings(
        host=host,
        rasa_port=ports["RASA_PORT"],
        actions_port=ports["ACTIONS_PORT"],
        chat_port=ports["CHAT_PORT"],
        kb_database_url=_parse_db_url("KB_DATABASE_URL", get("KB_DATABASE_URL", "sqlite:///var/knowledge.db")),
        rasa_auth_token=_parse_secret("RASA_AUTH_TOKEN", get("RASA_AUTH_TOKEN", "")),
        cors_origins=_parse_origins("RASA_CORS_ORIGINS", get("RASA_CORS_ORIGINS", default_origins)),
        log_level=_parse_log_level("CAP_ELUS_LOG_LEVEL", get("CAP_ELUS_LOG_LEVEL", "INFO")),
        public_url=public_url,
        tracker_db_url=_parse_db_url("TRACKER_DB_URL", get("TRACKER_DB_URL", "") or "sqlite:///var/tracker.db"),
        redis_url=_parse_redis_url("REDIS_URL", get("REDIS_URL", "")),
        mattermost=_parse_mattermost(values, public_url),
        slack=_parse_slack(values),
    )
