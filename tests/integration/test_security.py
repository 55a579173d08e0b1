"""Security of the running bot: CORS only for the origins of RASA_CORS_ORIGINS (HTTP and socket.io),
no message text in the logs at INFO."""

from __future__ import annotations

import asyncio
import uuid

import pytest
import requests
import socketio

EVIL = "https://site-inconnu.example"


def preflight(bot, origin: str) -> requests.Response:
    return requests.options(
        f"{bot.settings.rasa_url}/webhooks/rest/webhook",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
        timeout=10,
    )


def test_cors_allows_the_chat_page_only(running_bot):
    allowed = running_bot.settings.chat_url
    assert preflight(running_bot, allowed).headers.get("Access-Control-Allow-Origin") == allowed
    assert "Access-Control-Allow-Origin" not in preflight(running_bot, EVIL).headers
    answer = requests.post(
        f"{running_bot.settings.rasa_url}/webhooks/rest/webhook",
        headers={"Origin": EVIL},
        json={"sender": "cors", "message": "Bonjour"},
        timeout=60,
    )
    assert "Access-Control-Allow-Origin" not in answer.headers  # the browser will not hand it to the page


def socket_greeting(url: str, origin: str | None) -> list:
    async def converse() -> list:
        client = socketio.AsyncClient()
        received: list = []
        done = asyncio.Event()

        @client.on("bot_uttered")
        async def on_message(message):
            received.append(message)
            done.set()

        headers = {"Origin": origin} if origin else {}
        await client.connect(url, headers=headers, transports=["polling"])
        try:
            session = uuid.uuid4().hex
            await client.emit("session_request", {"session_id": session})
            await asyncio.sleep(0.5)
            await client.emit("user_uttered", {"message": "Bonjour", "session_id": session})
            await asyncio.wait_for(done.wait(), 60)
        finally:
            await client.disconnect()
        return received

    return asyncio.run(converse())


def test_socketio_accepts_the_chat_page_origin(running_bot):
    messages = socket_greeting(running_bot.settings.rasa_url, running_bot.settings.chat_url)
    assert any("Cap Élus" in m.get("text", "") for m in messages)


def test_socketio_refuses_a_browser_from_another_origin(running_bot):
    with pytest.raises(socketio.exceptions.ConnectionError):
        socket_greeting(running_bot.settings.rasa_url, EVIL)


def test_no_message_text_in_the_logs_at_info(running_bot):
    marker = f"coquelicot-{uuid.uuid4().hex[:8]}"
    running_bot.say(f"logs-{marker}", f"je ne connais aucun élu, {marker}")
    running_bot.say(f"logs-{marker}", f'/ask_territory{{"territoire": "{marker}"}}')
    log = running_bot.log.read_text(errors="replace")
    assert running_bot.settings.log_level == "INFO"
    assert marker not in log.replace(f"logs-{marker}", "")
