"""Concurrent advisors over loopback: each sender has its own source address (127.0.1.x),
as distinct clients do, so nginx's per-client limits see them apart."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import List

import aiohttp


@dataclass
class SenderResult:
    sender: str
    sent: List[str] = field(default_factory=list)
    statuses: List[int] = field(default_factory=list)


async def _converse(url: str, source_ip: str, sender: str, messages: List[str]) -> SenderResult:
    result = SenderResult(sender)
    connector = aiohttp.TCPConnector(local_addr=(source_ip, 0), limit=1)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=300)) as session:
        for message in messages:
            async with session.post(url, json={"sender": sender, "message": message}) as answer:
                await answer.read()
                result.sent.append(message)
                result.statuses.append(answer.status)
    return result


def converse_concurrently(rasa_url: str, conversations: dict) -> List[SenderResult]:
    """`conversations`: sender id → messages, sent in order; all senders at once."""
    url = f"{rasa_url}/webhooks/rest/webhook"

    async def run() -> List[SenderResult]:
        return await asyncio.gather(
            *(
                _converse(url, f"127.0.1.{index + 1}", sender, messages)
                for index, (sender, messages) in enumerate(conversations.items())
            )
        )

    return asyncio.run(run())


def flood(rasa_url: str, sender: str, count: int, source_ip: str = "127.0.2.1") -> List[int]:
    """`count` messages fired at once from one client; the HTTP statuses."""
    url = f"{rasa_url}/webhooks/rest/webhook"

    async def run() -> List[int]:
        connector = aiohttp.TCPConnector(local_addr=(source_ip, 0), limit=64)
        async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=300)) as session:

            async def one(i: int) -> int:
                async with session.post(url, json={"sender": sender, "message": f"bonjour {i}"}) as answer:
                    await answer.read()
                    return answer.status

            return await asyncio.gather(*(one(i) for i in range(count)))

    return asyncio.run(run())
