"""Serves the chat page and tells it where the Rasa server is."""

from __future__ import annotations

import json
from pathlib import Path

from aiohttp import web

from bot.settings import Settings

STATIC = Path(__file__).resolve().parent / "static"


def create_app(settings: Settings) -> web.Application:
    page = (STATIC / "index.html").read_text(encoding="utf-8")
    config = json.dumps({"webhook": f"{settings.rasa_url}/webhooks/rest/webhook"})
    # The config is embedded as JSON in a data attribute: escape it for HTML.
    rendered = page.replace("{{CONFIG}}", config.replace("&", "&amp;").replace('"', "&quot;"))

    async def index(_request: web.Request) -> web.Response:
        return web.Response(text=rendered, content_type="text/html", charset="utf-8")

    app = web.Application()
    app.router.add_get("/", index)
    app.router.add_static("/static/", STATIC)
    return app


def serve(settings: Settings) -> None:
    web.run_app(create_app(settings), host=settings.host, port=settings.chat_port, print=None)
