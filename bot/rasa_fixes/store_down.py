"""When the lock store (Redis) or the tracker store (SQL) fails, the advisor gets a French apology.

Stock Rasa 3.6 lets the exception reach the channel: the REST webhook answers
500 and the other channels say nothing. Here the failure is logged once, with
what is down, and the advisor is told to try again; nothing half-done is saved.
"""

from __future__ import annotations

import functools
import logging

from rasa.core.agent import Agent
from rasa.core.lock_store import LockError
from rasa.shared.exceptions import ConnectionException
from sqlalchemy.exc import DBAPIError, OperationalError

from bot.rasa_fixes import SERVICE_UNAVAILABLE
from bot.rasa_fixes.compat import Target

logger = logging.getLogger(__name__)

_INSTALLED = "_cap_elus_apologises"
TARGETS = (Target(Agent, "handle_message", ("self", "message")),)


def _failures() -> tuple:
    failures = [LockError, ConnectionException, OperationalError, DBAPIError, ConnectionError]
    try:
        import redis

        failures.append(redis.exceptions.RedisError)
    except ImportError:  # pragma: no cover - redis comes with rasa
        pass
    return tuple(failures)


def _what_is_down(error: BaseException) -> str:
    chain = [error]
    while len(chain) < 10:
        cause = chain[-1].__cause__ or chain[-1].__context__
        if cause is None:
            break
        chain.append(cause)
    text = " ".join(f"{type(e).__module__}.{type(e).__name__}: {e}" for e in chain).lower()
    if "redis" in text or isinstance(error, LockError):
        return "le magasin de verrous (Redis)"
    if "sqlalchemy" in text or "psycopg2" in text or "sqlite" in text:
        return "la base des conversations (tracker store)"
    return "un service dont dépend Rasa"


async def _apologise(agent: Agent, message) -> None:
    responses = agent.domain.responses.get(SERVICE_UNAVAILABLE) if agent.domain else None
    if not responses or message.output_channel is None:
        return
    try:
        await message.output_channel.send_text_message(message.sender_id, responses[0]["text"])
    except Exception:  # noqa: BLE001 - the channel itself may be what is failing
        logger.exception("Impossible d'envoyer le message d'excuse.")


def install() -> None:
    original = TARGETS[0].original()
    if getattr(original, _INSTALLED, False):
        return
    failures = _failures()

    @functools.wraps(original)
    async def handle_message(self, message):
        try:
            return await original(self, message)
        except failures as error:
            logger.error(
                "Message non traité : %s ne répond pas (%s: %s). Message d'excuse envoyé au conseiller.",
                _what_is_down(error),
                type(error).__name__,
                str(error).splitlines()[0] if str(error) else "",
            )
            await _apologise(self, message)
            return None

    setattr(handle_message, _INSTALLED, True)
    Agent.handle_message = handle_message
