"""Mattermost channel: Rasa's `MattermostInput`, made safe and native.

Stock Rasa 3.6 accepts any POST on /webhooks/mattermost/webhook, so anyone
could speak as any user, and it splits every answer into several posts at the
channel root. This channel:

- checks the outgoing webhook's `token` (403 otherwise);
- answers in the thread of the advisor's message, one post per answer (the turn's messages
  joined, its buttons under it: bot/channels/one_post.py);
- renders buttons as interactive message actions whose callback context is
  signed (HMAC-SHA256 with a key derived from the webhook token), so a forged
  callback cannot inject a payload (403);
- keeps one conversation per Mattermost user and ignores the bot's own posts;
- calls the Mattermost REST API with aiohttp instead of blocking `requests`.

Mattermost setup (README, section « Mattermost »): a bot account (its token
is `token`) and an outgoing webhook (its token is `webhook_token`) whose
callback URL is `webhook_url`.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional

import aiohttp
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.one_post import Answer, answer_at_once

logger = logging.getLogger(__name__)

API_TIMEOUT_S = 10
REQUIRED_CREDENTIALS = ("url", "token", "webhook_token", "webhook_url")


class MattermostClient:
    """The few Mattermost REST API v4 calls the bot makes, as the bot account."""

    def __init__(self, url: str, token: str) -> None:
        self.api = url.rstrip("/") + "/api/v4"
        self._headers = {"Authorization": f"Bearer {token}"}
        self._session: Optional[aiohttp.ClientSession] = None
        self._bot_user_id: Optional[str] = None

    def _client(self) -> aiohttp.ClientSession:
        # Created on first use, inside the server's event loop.
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                headers=self._headers, timeout=aiohttp.ClientTimeout(total=API_TIMEOUT_S)
            )
        return self._session

    async def _call(self, method: str, path: str, body: Optional[Dict[str, Any]] = None) -> Optional[Dict]:
        try:
            async with self._client().request(method, self.api + path, json=body) as answer:
                if answer.status >= 300:
                    logger.error("Mattermost a refusé %s %s : HTTP %s", method, path, answer.status)
                    return None
                return await answer.json(content_type=None)
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            logger.error("Mattermost injoignable (%s %s) : %s", method, path, error)
            return None

    async def bot_user_id(self) -> Optional[str]:
        if self._bot_user_id is None:
            me = await self._call("GET", "/users/me")
            self._bot_user_id = (me or {}).get("id")
        return self._bot_user_id

    async def thread_root(self, post_id: str) -> str:
        """The id of the thread's first post: the post itself unless it is a reply."""
        post = await self._call("GET", f"/posts/{post_id}")
        return (post or {}).get("root_id") or post_id

    async def create_post(self, post: Dict[str, Any]) -> bool:
        return await self._call("POST", "/posts", post) is not None


class ButtonSigner:
    """Signs what a button sends back, so the callback can be trusted."""

    def __init__(self, webhook_token: str) -> None:
        # A key of its own, derived from the webhook token the deployer already keeps secret.
        self._key = hmac.new(webhook_token.encode(), b"cap-elus/mattermost-actions", hashlib.sha256).digest()

    def _digest(self, payload: str, channel_id: str, root_id: str) -> str:
        message = json.dumps([payload, channel_id, root_id], ensure_ascii=False, separators=(",", ":"))
        return hmac.new(self._key, message.encode(), hashlib.sha256).hexdigest()

    def context(self, payload: str, channel_id: str, root_id: str) -> Dict[str, str]:
        return {
            "payload": payload,
            "channel_id": channel_id,
            "root_id": root_id,
            "signature": self._digest(payload, channel_id, root_id),
        }

    def verify(self, context: Any) -> bool:
        if not isinstance(context, dict):
            return False
        fields = [context.get(name) for name in ("payload", "channel_id", "root_id", "signature")]
        payload, channel_id, root_id, signature = (value if isinstance(value, str) else None for value in fields)
        if payload is None or channel_id is None or root_id is None or signature is None:
            return False
        return hmac.compare_digest(self._digest(payload, channel_id, root_id), signature)


class MattermostOutput(OutputChannel):
    """Posts the bot's messages in one thread of one channel."""

    @classmethod
    def name(cls) -> str:
        return "mattermost"

    def __init__(
        self, client: MattermostClient, signer: ButtonSigner, callback_url: str, channel_id: str, root_id: str
    ) -> None:
        super().__init__()
        self.client = client
        self.signer = signer
        self.callback_url = callback_url
        self.channel_id = channel_id
        self.root_id = root_id

    async def _post(self, message: str = "", **extra: Any) -> None:
        await self.client.create_post(
            {"channel_id": self.channel_id, "root_id": self.root_id, "message": message, **extra}
        )

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        # Mattermost renders Markdown: one bot message, one post.
        await self._post(text)

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self._post(props={"attachments": [{"image_url": image}]})

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: List[Dict[str, Any]], **kwargs: Any
    ) -> None:
        await self._post(text, props={"attachments": [{"actions": self._actions(buttons)}]})

    def _actions(self, buttons: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
        return [
            {
                # Mattermost wants alphanumeric action ids.
                "id": f"choix{index}",
                "type": "button",
                "name": button["title"],
                "integration": {
                    "url": self.callback_url,
                    "context": self.signer.context(button["payload"], self.channel_id, self.root_id),
                },
            }
            for index, button in enumerate(buttons)
        ]

    async def send_answer(self, answer: Answer) -> None:
        """A whole turn as one post: its texts, then its images and buttons attached."""
        attachments: List[Dict[str, Any]] = [{"image_url": image} for image in answer.images]
        if answer.buttons:
            attachments.append({"actions": self._actions(answer.buttons)})
        if answer.parts or attachments:
            await self._post(answer.text, **({"props": {"attachments": attachments}} if attachments else {}))
        for custom in answer.custom:
            await self.send_custom_json("", custom)

    async def send_custom_json(self, recipient_id: str, json_message: Dict[str, Any], **kwargs: Any) -> None:
        await self._post(**{"message": "", **json_message})


class MattermostInput(InputChannel):
    """Receives the outgoing webhook and the button callbacks of a Mattermost server."""

    @classmethod
    def name(cls) -> str:
        return "mattermost"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        credentials = credentials or {}
        missing = [key for key in REQUIRED_CREDENTIALS if not credentials.get(key)]
        if missing:
            raise ValueError(
                "Canal Mattermost : réglage(s) manquant(s) dans credentials.yml : "
                + ", ".join(missing)
                + " (voir MATTERMOST_* dans .env.example)."
            )
        return cls(credentials["url"], credentials["token"], credentials["webhook_token"], credentials["webhook_url"])

    def __init__(self, url: str, token: str, webhook_token: str, webhook_url: str) -> None:
        self.webhook_token = webhook_token
        self.webhook_url = webhook_url
        self.client = MattermostClient(url, token)
        self.signer = ButtonSigner(webhook_token)

    def _output(self, channel_id: str, root_id: str) -> MattermostOutput:
        return MattermostOutput(self.client, self.signer, self.webhook_url, channel_id, root_id)

    def _token_is_valid(self, token: Any) -> bool:
        return isinstance(token, str) and hmac.compare_digest(token.encode(), self.webhook_token.encode())

    @staticmethod
    def _body(request: Request) -> Dict[str, Any]:
        """The webhook body, sent as JSON or as a form depending on the webhook's settings."""
        content_type = request.headers.get("content-type", "")
        try:
            if content_type.startswith("application/x-www-form-urlencoded"):
                return {key: values[0] for key, values in request.form.items()}
            body = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            return {}
        return body if isinstance(body, dict) else {}

    @staticmethod
    def _message_text(body: Dict[str, Any]) -> str:
        """The advisor's words, without the trigger word that called the bot."""
        text = str(body.get("text") or "").strip()
        trigger = str(body.get("trigger_word") or "").strip()
        if trigger and text.lower().startswith(trigger.lower()):
            text = text[len(trigger) :].lstrip(" ,:")
        return text

    async def _forward(
        self,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        text: str,
        user_id: str,
        channel_id: str,
        root_id: str,
    ) -> None:
        output = self._output(channel_id, root_id)
        message = UserMessage(
            text,
            output,
            # One conversation per Mattermost user, whatever the channel or thread.
            user_id,
            input_channel=self.name(),
            metadata={"channel_id": channel_id, "root_id": root_id},
        )
        try:
            # One post per answer (bot/channels/one_post.py), even when the turn failed half-way.
            await answer_at_once(message, on_new_message, output.send_answer)
        except Exception:  # noqa: BLE001 - Mattermost only needs to know we got it
            logger.exception("Mattermost : le message n'a pas pu être traité.")

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("mattermost_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            body = self._body(request)
            if "context" in body:
                return await self._button_clicked(body, on_new_message)
            return await self._message_posted(body, on_new_message)

        return webhook

    async def _message_posted(
        self, body: Dict[str, Any], on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> HTTPResponse:
        if not self._token_is_valid(body.get("token")):
            logger.warning("Mattermost : requête refusée (jeton du webhook absent ou faux).")
            return response.json({"error": "jeton du webhook sortant invalide"}, status=403)
        user_id, channel_id, post_id = (str(body.get(key) or "") for key in ("user_id", "channel_id", "post_id"))
        if not (user_id and channel_id and post_id):
            return response.json({"error": "user_id, channel_id et post_id sont requis"}, status=400)
        if user_id == await self.client.bot_user_id():
            return response.json({})
        text = self._message_text(body)
        if not text:
            return response.json({})
        root_id = await self.client.thread_root(post_id)
        await self._forward(on_new_message, text, user_id, channel_id, root_id)
        # An empty JSON answer: the replies are posted through the API, in the thread.
        return response.json({})

    async def _button_clicked(
        self, body: Dict[str, Any], on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> HTTPResponse:
        context = body.get("context")
        if not isinstance(context, dict) or not self.signer.verify(context):
            logger.warning("Mattermost : clic de bouton refusé (signature absente ou fausse).")
            return response.json({"error": "signature du bouton invalide"}, status=403)
        user_id = str(body.get("user_id") or "")
        if not user_id:
            return response.json({"error": "user_id est requis"}, status=400)
        await self._forward(on_new_message, context["payload"], user_id, context["channel_id"], context["root_id"])
        return response.json({})
