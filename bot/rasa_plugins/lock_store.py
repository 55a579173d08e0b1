"""Rasa's Redis lock store, configured by one URL (`REDIS_URL`, e.g. redis://:secret@host:6379/1).

With several Rasa replicas, the lock makes the messages of one conversation
run one after the other, whichever replica receives them.
"""

from __future__ import annotations

import redis
from rasa.core.lock_store import DEFAULT_REDIS_LOCK_STORE_KEY_PREFIX, LockStore, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from bot.rasa_fixes.compat import Target

SOCKET_TIMEOUT_S = 5

# RedisLock builds its client itself, then relies on these parts of Rasa's store.
TARGETS = (Target(RedisLockStore, "_set_key_prefix", ("self", "key_prefix")),)


class RedisLock(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig) -> None:
        url = endpoint_config.url
        if not url or not url.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("Verrous : REDIS_URL doit être une URL redis:// (exemple : redis://127.0.0.1:6379/1).")
        self.red = redis.StrictRedis.from_url(
            url, socket_timeout=SOCKET_TIMEOUT_S, socket_connect_timeout=SOCKET_TIMEOUT_S
        )
        self.key_prefix = DEFAULT_REDIS_LOCK_STORE_KEY_PREFIX
        prefix = endpoint_config.kwargs.get("key_prefix")
        if prefix:
            self._set_key_prefix(prefix)
        LockStore.__init__(self)
