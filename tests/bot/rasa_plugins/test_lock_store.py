"""The Redis lock: one URL, checked; the messages of one conversation run one after the other."""

import asyncio

import pytest
from rasa.utils.endpoints import EndpointConfig

from bot.rasa_plugins.lock_store import SOCKET_TIMEOUT_S, RedisLock


@pytest.mark.parametrize("url", [None, "", "localhost:6379", "http://127.0.0.1:6379"])
def test_a_url_that_is_not_redis_is_refused_in_french(url):
    with pytest.raises(ValueError, match="REDIS_URL doit être une URL redis://"):
        RedisLock(EndpointConfig(url=url))


def test_the_client_gives_up_after_its_timeouts(redis_url):
    lock = RedisLock(EndpointConfig(url=redis_url))
    kwargs = lock.red.connection_pool.connection_kwargs
    assert kwargs["socket_timeout"] == kwargs["socket_connect_timeout"] == SOCKET_TIMEOUT_S


def test_the_key_prefix_of_the_endpoint_is_used(redis_url):
    lock = RedisLock(EndpointConfig(url=redis_url, key_prefix="preprod"))
    assert lock.key_prefix.startswith("preprod:")


def test_two_messages_of_one_conversation_run_one_after_the_other(redis_url):
    # Two replicas share the Redis: each has its own RedisLock on the same URL.
    first, second = RedisLock(EndpointConfig(url=redis_url)), RedisLock(EndpointConfig(url=redis_url))
    order = []

    async def turn(store, name, hold):
        async with store.lock("conseillere", wait_time_in_seconds=0.01):
            order.append(f"{name} début")
            await asyncio.sleep(hold)
            order.append(f"{name} fin")

    async def both():
        await asyncio.gather(turn(first, "a", 0.3), turn(second, "b", 0.0))

    asyncio.run(both())
    assert order in (["a début", "a fin", "b début", "b fin"], ["b début", "b fin", "a début", "a fin"])
    assert first.get_lock("conseillere") is None  # released
