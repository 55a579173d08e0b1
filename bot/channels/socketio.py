"""socket.io channel (the web widget): Rasa's, with the origin and the messages checked.

Rasa 3.6 turns python-socketio's own CORS handling off (`cors_allowed_origins=[]`)
so that Sanic's CORS answers the HTTP polling requests; a websocket, which
browsers open from any page without CORS, was then accepted from any site. Here
a browser connection whose Origin is not in RASA_CORS_ORIGINS is refused, and
a message that is not a non-empty text of at most 4,000 characters is dropped.

One answer, one message: Rasa sends an answer as several messages (and splits each text at
its blank lines), which the widget showed one by one behind a typing delay, up to 11 s for a
situation's answer. Here a turn's messages are collected and emitted as one message, its
texts in reading order and its buttons as the message's quick replies (bot/channels/one_post.py).
"""

from __future__ import annotations

import logging
import os
from typing import Any, Awaitable, Callable, Dict, Optional

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from rasa.core.channels.socketio import SocketIOOutput
from sanic import Blueprint

from bot.channels.one_post import Answer, answer_at_once
from bot.channels.rest import MAX_MESSAGE_CHARS
from bot.rasa_fixes.compat import RasaIncompatible, Target

logger = logging.getLogger(__name__)

# Rasa's blueprint registers its socket.io handlers; the checked ones below replace two of them.
TARGETS = (Target(RasaSocketIOInput, "blueprint", ("self", "on_new_message")),)


def allowed_origins() -> tuple:
    """RASA_CORS_ORIGINS as handed to the Rasa server by `python -m bot run`."""
    return tuple(o.strip() for o in os.environ.get("RASA_CORS_ORIGINS", "").split(",") if o.strip())


class SocketIOInput(RasaSocketIOInput):
    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        channel = super().from_credentials(credentials)
        channel.origins = allowed_origins()
        return channel

    def origin_allowed(self, origin: Optional[str]) -> bool:
        # No Origin header: not a browser, so CORS does not apply (and any header can be forged there).
        return origin is None or "*" in self.origins or origin in self.origins

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def answered_at_once(message: UserMessage) -> None:
            output = message.output_channel
            if not isinstance(output, SocketIOOutput):
                await on_new_message(message)
                return

            async def emit(answer: Answer) -> None:
                await emit_answer(output, message.sender_id, answer)

            # Even when the turn failed half-way, what it said is shown.
            await answer_at_once(message, on_new_message, emit)

        blueprint = super().blueprint(answered_at_once)
        namespace = self.namespace or "/"
        handlers = self.sio.handlers.get(namespace, {})
        if "connect" not in handlers or self.user_message_evt not in handlers:
            raise RasaIncompatible(
                "Le canal socket.io de Rasa n'enregistre plus ses gestionnaires « connect » et "
                f"« {self.user_message_evt} » : bot/channels/socketio.py doit être revu."
            )
        connect, handle_message = handlers["connect"], handlers[self.user_message_evt]

        async def checked_connect(sid: str, environ: Dict, auth: Optional[Dict] = None) -> bool:
            if not self.origin_allowed(environ.get("HTTP_ORIGIN")):
                logger.warning("socket.io : connexion refusée depuis une origine non autorisée (RASA_CORS_ORIGINS).")
                return False
            return await connect(sid, environ, auth)

        async def checked_message(sid: str, data: Any) -> None:
            text = data.get("message") if isinstance(data, dict) else None
            if not isinstance(text, str) or not text.strip() or len(text) > MAX_MESSAGE_CHARS:
                logger.warning("socket.io : message ignoré (vide, trop long ou mal formé).")
                return
            if self.session_persistence and not isinstance(data.get("session_id"), str):
                logger.warning("socket.io : message ignoré (session_id manquant).")
                return
            await handle_message(sid, data)

        self.sio.on("connect", checked_connect, namespace=namespace)
        self.sio.on(self.user_message_evt, checked_message, namespace=namespace)
        return blueprint


async def emit_answer(output: SocketIOOutput, recipient_id: Optional[str], answer: Answer) -> None:
    """The turn's texts as one widget message (paragraphs kept), its buttons as quick replies."""
    if answer.parts or answer.buttons:
        message: Dict[str, Any] = {"text": answer.text}
        if answer.buttons:
            message["quick_replies"] = [
                {"content_type": "text", "title": button["title"], "payload": button["payload"]}
                for button in answer.buttons
            ]
        await output.sio.emit(output.bot_message_evt, message, room=recipient_id)
    for image in answer.images:
        await output.send_image_url(recipient_id or "", image)
    for custom in answer.custom:
        await output.send_custom_json(recipient_id or "", custom)
