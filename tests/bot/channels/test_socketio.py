"""The socket.io channel's guard on the Rasa handlers it wraps (bot/channels/socketio.py)."""

import pytest
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput

from bot.channels.socketio import SocketIOInput
from bot.rasa_fixes.compat import RasaIncompatible


async def ignore(message) -> None:
    return None


def test_the_stock_rasa_handlers_are_found_and_wrapped():
    channel = SocketIOInput.from_credentials({})
    channel.blueprint(ignore)
    handlers = channel.sio.handlers["/"]
    # The connection check and the one-post answer replace Rasa's own handlers.
    assert handlers["connect"].__module__ == "bot.channels.socketio"
    assert handlers[channel.user_message_evt].__module__ == "bot.channels.socketio"


def test_a_rasa_that_no_longer_registers_its_handlers_is_refused(monkeypatch):
    stock = RasaSocketIOInput.blueprint

    def registering_nothing(self, on_new_message):
        blueprint = stock(self, on_new_message)
        self.sio.handlers.clear()
        return blueprint

    monkeypatch.setattr(RasaSocketIOInput, "blueprint", registering_nothing)
    with pytest.raises(RasaIncompatible, match="socket.io"):
        SocketIOInput.from_credentials({}).blueprint(ignore)
