"""One answer, one post: the bot's messages of a turn gathered, then sent as a single post.

Rasa sends an answer as several messages (a situation's answer is four to six: next steps,
source, follow-up question with its buttons); Mattermost and Slack showed each as its own post
in the thread. The chat channels here collect the turn's messages and post them once: texts in
their order, separated by a blank line, every button under the post, images attached to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Dict, List

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

# Between two of the bot's messages inside one post: a paragraph break in Markdown and mrkdwn.
SEPARATOR = "\n\n"


@dataclass
class Answer:
    """What one turn said, in reading order."""

    parts: List[str] = field(default_factory=list)
    buttons: List[Dict[str, Any]] = field(default_factory=list)
    images: List[str] = field(default_factory=list)
    # Channel-specific payloads (none in this domain today): each stays a post of its own.
    custom: List[Dict[str, Any]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return SEPARATOR.join(self.parts)

    def __bool__(self) -> bool:
        return bool(self.parts or self.buttons or self.images or self.custom)


class AnswerCollector(CollectingOutputChannel):
    """Collects a turn's messages under the name of the channel it answers for, so that
    responses chosen by channel (`channel:` in the domain) stay those of that channel."""

    def __init__(self, channel_name: str) -> None:
        super().__init__()
        self.channel_name = channel_name

    def name(self) -> str:
        return self.channel_name

    def answer(self) -> Answer:
        found = Answer()
        for message in self.messages:
            if message.get("text"):
                found.parts.append(str(message["text"]).strip())
            found.buttons.extend(message.get("buttons") or [])
            if message.get("image"):
                found.images.append(str(message["image"]))
            if message.get("attachment"):
                found.parts.append(str(message["attachment"]))
            if message.get("custom"):
                found.custom.append(message["custom"])
        return found


async def answer_at_once(
    message: UserMessage,
    on_new_message: Callable[[UserMessage], Awaitable[Any]],
    send: Callable[[Answer], Awaitable[None]],
) -> None:
    """Runs one turn with a collector in place of the message's output channel, then sends what
    the turn said in one go, also when it failed half-way (its error is raised after)."""
    collector = AnswerCollector(message.output_channel.name())
    message.output_channel = collector
    try:
        await on_new_message(message)
    finally:
        await send(collector.answer())
