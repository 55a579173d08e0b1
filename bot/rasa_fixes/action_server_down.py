"""When the action server cannot answer, the advisor gets a French apology, not silence.

Stock Rasa 3.6 logs the failure of a custom action and sends nothing
(RasaHQ/rasa#7630, #5588). Here a custom action that cannot reach the action
server, gets a 5xx from it or times out sends `utter_service_unavailable`
instead; the conversation goes on and resumes normally once the server is back.
"""

from __future__ import annotations

import asyncio
import functools
import logging

from rasa.core.actions.action import ActionExecutionRejection, RemoteAction, create_bot_utterance
from rasa.shared.exceptions import RasaException

from bot.rasa_fixes import SERVICE_UNAVAILABLE
from bot.rasa_fixes.compat import Target

logger = logging.getLogger(__name__)

_INSTALLED = "_cap_elus_apologises"
TARGETS = (Target(RemoteAction, "run", ("self", "output_channel", "nlg", "tracker", "domain")),)


def install() -> None:
    original = TARGETS[0].original()
    if getattr(original, _INSTALLED, False):
        return

    @functools.wraps(original)
    async def run(self, output_channel, nlg, tracker, domain):
        try:
            return await original(self, output_channel, nlg, tracker, domain)
        except ActionExecutionRejection:
            raise
        except (RasaException, asyncio.TimeoutError) as error:
            logger.error(
                "Serveur d'actions indisponible pour « %s » (%s) : message d'excuse envoyé.",
                self.name(),
                error.__class__.__name__,
            )
            message = await nlg.generate(SERVICE_UNAVAILABLE, tracker, output_channel.name())
            if not message:
                raise
            return [create_bot_utterance(message)]

    setattr(run, _INSTALLED, True)
    RemoteAction.run = run
