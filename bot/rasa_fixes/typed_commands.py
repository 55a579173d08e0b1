"""A user cannot type Rasa commands: `/intent{"slot": ...}` works only as a button the bot offered.

Rasa reads any message starting with "/" as an intent with entities, so an
advisor (or anyone on a channel) could set slots or trigger actions by typing
`/situation_convinced{"territoire": "rural"}` or `/session_start`. Buttons
need these payloads, and the widget, Slack and REST clients send a click as
text: a "/" message is therefore accepted as a command only when

- it is exactly the payload of a button the bot showed in this conversation
  (among its last BUTTON_MEMORY messages), or
- it is a bare intent of the domain (`/greet`, `/situation_no_contact`),
  which sets nothing the same words typed would not.

Anything else is read as plain words: the leading "/" and any `{...}` or
`@...` part are dropped before NLU.
"""

from __future__ import annotations

import functools
import re
from typing import Iterable, Optional, Set

from rasa.core.channels.channel import UserMessage
from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import BotUttered, Event
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_fixes.compat import Target

BUTTON_MEMORY = 20
# Rasa's internal intents: never typed, never offered.
INTERNAL_INTENTS = frozenset({"session_start", "back", "nlu_fallback"})
_BARE_INTENT = re.compile(r"^/([A-Za-z0-9_]+)$")
_COMMAND = re.compile(r"^/+([^{@]*)")

_INSTALLED = "_cap_elus_guards_commands"
TARGETS = (Target(MessageProcessor, "parse_message", ("self", "message", "tracker", "only_output_properties")),)


def offered_payloads(events: Iterable[Event], memory: int = BUTTON_MEMORY) -> Set[str]:
    payloads: Set[str] = set()
    seen = 0
    for event in reversed(list(events)):
        if isinstance(event, BotUttered):
            seen += 1
            for button in (event.data or {}).get("buttons") or []:
                if isinstance(button, dict) and isinstance(button.get("payload"), str):
                    payloads.add(button["payload"])
            if seen >= memory:
                break
    return payloads


def guarded_text(text: str, tracker: DialogueStateTracker, intents: Iterable[str]) -> str:
    """The text Rasa should parse for what the user sent."""
    stripped = text.strip()
    if not stripped.startswith("/"):
        return text
    if stripped in offered_payloads(tracker.events):
        return stripped
    bare = _BARE_INTENT.match(stripped)
    if bare and bare.group(1) in set(intents) - INTERNAL_INTENTS:
        return stripped
    command = _COMMAND.match(stripped)
    words = command.group(1).replace("_", " ").strip() if command else ""
    return words or "?"


def install() -> None:
    original = TARGETS[0].original()
    if getattr(original, _INSTALLED, False):
        return

    @functools.wraps(original)
    async def parse_message(
        self, message: UserMessage, tracker: Optional[DialogueStateTracker] = None, only_output_properties=True
    ):
        if tracker is not None and isinstance(message.text, str) and message.text.lstrip().startswith("/"):
            text = guarded_text(message.text, tracker, self.domain.intents)
            if text != message.text:
                message = UserMessage(
                    text,
                    message.output_channel,
                    message.sender_id,
                    message.parse_data,
                    message.input_channel,
                    message.message_id,
                    message.metadata,
                )
        return await original(self, message, tracker, only_output_properties)

    setattr(parse_message, _INSTALLED, True)
    MessageProcessor.parse_message = parse_message
