"""Slack channel: Rasa's `SlackInput`, signed requests only, native replies.

On top of stock Rasa 3.6 this channel:

- refuses to start without `slack_signing_secret` (French error) and answers
  401 to a request whose signature or timestamp is wrong;
- never answers a retry twice: a request carrying `X-Slack-Retry-Num` is
  acknowledged and dropped, and an `event_id` already seen is ignored;
- answers `url_verification` with the challenge;
- replies in the thread of a mention (and of a direct message written in a
  thread), one Slack message per answer (the turn's messages as sections of
  one message, its buttons under them: bot/channels/one_post.py), Markdown
  turned into mrkdwn, buttons as Block Kit;
- talks to the Web API at `api_url` (Slack by default; a fake one in tests).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import OrderedDict
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, List, Optional

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.slack import SlackBot
from rasa.core.channels.slack import SlackInput as RasaSlackInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot.channels.one_post import SEPARATOR, Answer, answer_at_once
from bot.channels.slack_format import to_mrkdwn

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://slack.com/api/"
SEEN_EVENTS_KEPT = 2000
# Block Kit limits: 25 elements in an actions block, 75 characters on a button, 3,000 in a
# section's text, 50 blocks in a message.
MAX_BUTTONS = 25
MAX_BUTTON_TEXT = 75
MAX_SECTION_TEXT = 3000
MAX_BLOCKS = 50


def sections(mrkdwn_parts: List[str]) -> List[Dict[str, Any]]:
    """One section block per message of the answer, a long one cut at line ends."""
    blocks: List[str] = []
    for part in mrkdwn_parts:
        chunk = ""
        for line in part.split("\n"):
            while len(line) > MAX_SECTION_TEXT:  # one line longer than a section: cut it
                if chunk:
                    blocks.append(chunk)
                    chunk = ""
                blocks.append(line[:MAX_SECTION_TEXT])
                line = line[MAX_SECTION_TEXT:]
            if chunk and len(chunk) + 1 + len(line) > MAX_SECTION_TEXT:
                blocks.append(chunk)
                chunk = line
            else:
                chunk = f"{chunk}\n{line}" if chunk else line
        if chunk.strip():
            blocks.append(chunk)
    return [{"type": "section", "text": {"type": "mrkdwn", "text": text}} for text in blocks]


class SlackOutput(SlackBot):
    """Posts the bot's messages with the Web API at `api_url`."""

    def __init__(self, token: str, channel: Optional[str], thread_id: Optional[str], api_url: str) -> None:
        super().__init__(token, channel, thread_id)
        self.client = AsyncWebClient(token, base_url=api_url)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._post_message(channel=self.slack_channel or recipient_id, text=to_mrkdwn(text), mrkdwn=True)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: List[Dict[str, Any]], **kwargs: Any
    ) -> None:
        mrkdwn = to_mrkdwn(text)
        blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn}}, self._actions(buttons)]
        # `text` is the notification and screen-reader fallback of the blocks.
        await self._post_message(channel=self.slack_channel or recipient_id, text=mrkdwn, blocks=blocks)

    @staticmethod
    def _actions(buttons: List[Dict[str, Any]]) -> Dict[str, Any]:
        return {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "action_id": f"choix-{index}",
                    "text": {"type": "plain_text", "text": button["title"][:MAX_BUTTON_TEXT], "emoji": True},
                    "value": button["payload"],
                }
                for index, button in enumerate(buttons[:MAX_BUTTONS])
            ],
        }

    async def send_answer(self, recipient_id: str, answer: Answer) -> None:
        """A whole turn as one Slack message: one section per bot message, then its buttons."""
        channel = self.slack_channel or recipient_id
        parts = [to_mrkdwn(part) for part in answer.parts]
        text = SEPARATOR.join(parts)
        if answer.buttons or answer.images:
            blocks = sections(parts)
            blocks += [{"type": "image", "image_url": image, "alt_text": "image"} for image in answer.images]
            # Past Slack's 50 blocks, the end of the text is cut from the blocks (the fallback
            # `text` keeps all of it) and the buttons stay.
            if answer.buttons:
                blocks = blocks[: MAX_BLOCKS - 1] + [self._actions(answer.buttons)]
            # `text` is the notification and screen-reader fallback of the blocks.
            await self._post_message(channel=channel, text=text, blocks=blocks[:MAX_BLOCKS])
        elif parts:
            await self._post_message(channel=channel, text=text, mrkdwn=True)
        for custom in answer.custom:
            await self.send_custom_json(recipient_id, custom)


class SlackInput(RasaSlackInput):
    """Receives Events API and interactivity requests, each checked against the signing secret."""

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        credentials = credentials or {}
        if not credentials.get("slack_signing_secret"):
            raise ValueError(
                "Canal Slack refusé : slack_signing_secret est vide. Sans lui, n'importe qui pourrait "
                "parler au bot en se faisant passer pour Slack. Renseignez SLACK_SIGNING_SECRET "
                "(Basic Information > Signing Secret de l'application Slack)."
            )
        if not credentials.get("slack_token"):
            raise ValueError("Canal Slack : slack_token est vide ; renseignez SLACK_BOT_TOKEN (xoxb-…).")
        return cls(
            credentials["slack_token"],
            slack_signing_secret=credentials["slack_signing_secret"],
            use_threads=credentials.get("use_threads", True),
            api_url=credentials.get("api_url") or DEFAULT_API_URL,
        )

    def __init__(self, slack_token: str, *, slack_signing_secret: str, use_threads: bool, api_url: str) -> None:
        super().__init__(
            slack_token,
            slack_retry_reason_header="x-slack-retry-reason",
            slack_retry_number_header="x-slack-retry-num",
            use_threads=use_threads,
            slack_signing_secret=slack_signing_secret,
            conversation_granularity="sender",
        )
        self.api_url = api_url if api_url.endswith("/") else api_url + "/"
        self._seen_events: OrderedDict[str, None] = OrderedDict()

    def get_output_channel(self, channel: Optional[str] = None, thread_id: Optional[str] = None) -> SlackOutput:
        return SlackOutput(self.slack_token, channel or self.slack_channel, thread_id, self.api_url)

    def _already_seen(self, event_id: Optional[str]) -> bool:
        if not event_id:
            return False
        if event_id in self._seen_events:
            return True
        self._seen_events[event_id] = None
        while len(self._seen_events) > SEEN_EVENTS_KEPT:
            self._seen_events.popitem(last=False)
        return False

    def _start(
        self,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        text: str,
        user_id: str,
        channel: str,
        thread_ts: Optional[str],
    ) -> None:
        """Handles the message in the background: Slack wants its answer within 3 seconds."""
        output = self.get_output_channel(channel, thread_ts if self.use_threads else None)
        message = UserMessage(
            text,
            output,
            # One conversation per Slack user, whatever the channel or thread.
            user_id,
            input_channel=self.name(),
            metadata={"out_channel": channel, "thread_id": thread_ts},
        )

        async def send(answer: Answer) -> None:
            try:
                await output.send_answer(user_id, answer)
            except Exception:  # noqa: BLE001 - a background task must log, not die silently
                logger.exception("Slack : la réponse n'a pas pu être envoyée.")

        async def handle() -> None:
            try:
                # One message per answer (bot/channels/one_post.py), even when the turn failed half-way.
                await answer_at_once(message, on_new_message, send)
            except Exception:  # noqa: BLE001 - same: log it
                logger.exception("Slack : le message n'a pas pu être traité.")

        task = asyncio.create_task(handle())
        self._background_tasks.add(task)
        task.add_done_callback(self._background_tasks.discard)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("slack_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self.is_request_from_slack_authentic(request):
                logger.warning("Slack : requête refusée (signature ou horodatage invalide).")
                return response.text("Signature Slack invalide.", status=HTTPStatus.UNAUTHORIZED)
            if request.headers.get(self.retry_num_header):
                # The first delivery is being (or was) handled: never answer twice.
                return response.text("", headers={"X-Slack-No-Retry": "1"})
            content_type = request.headers.get("content-type", "")
            try:
                if content_type.startswith("application/json"):
                    return self._event(json.loads(request.body), on_new_message)
                if content_type.startswith("application/x-www-form-urlencoded"):
                    return self._interaction(json.loads(request.form.get("payload", "")), on_new_message)
            except (ValueError, TypeError, AttributeError, KeyError):
                pass
            return response.text("Requête Slack illisible.", status=HTTPStatus.BAD_REQUEST)

        return webhook

    def _event(self, body: Dict[str, Any], on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> HTTPResponse:
        if body.get("type") == "url_verification":
            return response.json({"challenge": body.get("challenge")})
        event = body.get("event") or {}
        if (
            body.get("type") != "event_callback"
            or not self._is_user_message(body)
            or event.get("subtype")
            or not (self._is_direct_message(body) or self._is_app_mention(body))
            or self._already_seen(body.get("event_id"))
        ):
            return response.text("")
        bot_ids = [a.get("user_id") for a in body.get("authorizations") or [] if a.get("user_id")]
        text = self._sanitize_user_message(event.get("text", ""), bot_ids or body.get("authed_users"))
        if not text or not event.get("user") or not event.get("channel"):
            return response.text("")
        # A mention is answered in its thread; a direct message inline, unless written in a thread.
        thread_ts = event.get("thread_ts") or (event.get("ts") if self._is_app_mention(body) else None)
        self._start(on_new_message, text, event["user"], event["channel"], thread_ts)
        return response.text("")

    def _interaction(
        self, payload: Dict[str, Any], on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> HTTPResponse:
        actions = payload.get("actions") or []
        if not (actions and self._is_interactive_message(payload)):
            return response.text("")
        value = self._get_interactive_response(actions[0])
        user_id = (payload.get("user") or {}).get("id")
        channel = (payload.get("channel") or {}).get("id")
        if not (value and user_id and channel):
            return response.text("")
        thread_ts = (payload.get("message") or {}).get("thread_ts")
        self._start(on_new_message, value, user_id, channel, thread_ts)
        return response.text("")
