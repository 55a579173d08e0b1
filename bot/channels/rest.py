"""REST channel: Rasa's, with the request checked before anything runs.

Stock Rasa 3.6 takes `sender` and `message` as they come: a missing sender
lands in a conversation shared by everyone ("default"), a number or a list as
message ends in a 500, and the client may claim to be another channel. Here a
bad request gets a 400 (413 when too long) with a French explanation, and
nothing reaches the bot.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Awaitable, Callable, Dict, Optional

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput as RasaRestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 4000
MAX_SENDER_CHARS = 128


class RequestRefused(ValueError):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def read_request(body: bytes) -> tuple[str, str, Optional[Dict[str, Any]]]:
    """(sender, message, metadata) from a webhook body, or RequestRefused saying what is wrong."""
    try:
        data = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise RequestRefused("Le corps de la requête n'est pas en UTF-8.") from None
    except ValueError:
        raise RequestRefused(
            'Le corps de la requête n\'est pas du JSON : {"sender": "...", "message": "..."}.'
        ) from None
    if not isinstance(data, dict):
        raise RequestRefused('Attendu un objet JSON : {"sender": "...", "message": "..."}.')
    sender, message, metadata = data.get("sender"), data.get("message"), data.get("metadata")
    if not isinstance(sender, str) or not sender.strip():
        raise RequestRefused("« sender » manque : donnez un identifiant de conversation (texte non vide).")
    if len(sender) > MAX_SENDER_CHARS or not sender.isprintable():
        raise RequestRefused(f"« sender » est invalide : {MAX_SENDER_CHARS} caractères imprimables au plus.")
    if not isinstance(message, str):
        raise RequestRefused("« message » manque ou n'est pas un texte.")
    if not message.strip():
        raise RequestRefused("« message » est vide : écrivez votre question ou votre situation.")
    if len(message) > MAX_MESSAGE_CHARS:
        raise RequestRefused(
            f"« message » est trop long ({len(message)} caractères) : {MAX_MESSAGE_CHARS} au plus.", status=413
        )
    if metadata is not None and not isinstance(metadata, dict):
        raise RequestRefused("« metadata » doit être un objet JSON.")
    return sender, message, metadata


class RestInput(RasaRestInput):
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = Blueprint("rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                sender, text, metadata = read_request(request.body or b"")
            except RequestRefused as refused:
                return response.json({"erreur": str(refused)}, status=refused.status)
            collector = CollectingOutputChannel()
            try:
                await on_new_message(UserMessage(text, collector, sender, input_channel=self.name(), metadata=metadata))
            except Exception:  # noqa: BLE001 - the client gets a French message, the log the details
                logger.exception("REST : le message n'a pas pu être traité.")
                return response.json({"erreur": "Le service est momentanément indisponible."}, status=503)
            return response.json(collector.messages)

        return webhook
