"""The chat page served at :8080: the rasa-webchat widget over socket.io, its Inter font, all served
from this project (no CDN); `server.py` is the aiohttp application."""
