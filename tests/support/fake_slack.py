"""A fake Slack Web API: records chat.postMessage and answers like Slack does."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl

from aiohttp import web

from tests.support.loopback import Recorded, Recorder

BOT_TOKEN = "xoxb-fake-token-for-tests"
SIGNING_SECRET = "fake-signing-secret-for-tests"
BOT_USER_ID = "UCAPELUS01"


def create_app(recorder: Recorder) -> web.Application:
    async def method(request: web.Request) -> web.Response:
        raw = await request.read()
        if request.content_type == "application/json":
            body = json.loads(raw or b"{}")
        else:
            body = dict(parse_qsl(raw.decode()))
        recorder.add(Recorded(request.method, request.path, dict(request.headers), body))
        if request.headers.get("Authorization") != f"Bearer {BOT_TOKEN}":
            return web.json_response({"ok": False, "error": "invalid_auth"})
        name = request.match_info["name"]
        if name == "chat.postMessage":
            return web.json_response({"ok": True, "channel": body.get("channel"), "ts": "1700000000.000100"})
        if name == "auth.test":
            return web.json_response({"ok": True, "user_id": BOT_USER_ID})
        return web.json_response({"ok": False, "error": "unknown_method"})

    app = web.Application()
    app.router.add_post("/api/{name}", method)
    return app
