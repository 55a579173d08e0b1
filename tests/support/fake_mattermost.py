"""A fake Mattermost REST API v4: the calls Cap Élus makes, answered and recorded."""

from __future__ import annotations

import json

from aiohttp import web

from tests.support.loopback import Recorded, Recorder

BOT_TOKEN = "mm-bot-token-for-tests"
WEBHOOK_TOKEN = "mm-webhook-token-for-tests"
BOT_USER_ID = "capelusbotuserid000000000a"
# A post the fake knows as a reply in a thread, to check the bot answers in that thread.
REPLY_POST_ID = "replypost000000000000000aa"
REPLY_ROOT_ID = "rootpost0000000000000000aa"


def create_app(recorder: Recorder) -> web.Application:
    def authorised(request: web.Request) -> bool:
        return request.headers.get("Authorization") == f"Bearer {BOT_TOKEN}"

    async def record(request: web.Request) -> None:
        raw = await request.read()
        body = json.loads(raw) if raw else None
        recorder.add(Recorded(request.method, request.path, dict(request.headers), body))

    async def me(request: web.Request) -> web.Response:
        await record(request)
        if not authorised(request):
            return web.json_response({"message": "invalid token"}, status=401)
        return web.json_response({"id": BOT_USER_ID, "username": "cap-elus"})

    async def get_post(request: web.Request) -> web.Response:
        await record(request)
        if not authorised(request):
            return web.json_response({"message": "invalid token"}, status=401)
        post_id = request.match_info["post_id"]
        root = REPLY_ROOT_ID if post_id == REPLY_POST_ID else ""
        return web.json_response({"id": post_id, "root_id": root})

    async def create_post(request: web.Request) -> web.Response:
        await record(request)
        if not authorised(request):
            return web.json_response({"message": "invalid token"}, status=401)
        return web.json_response({"id": f"post{len(recorder.calls)}"}, status=201)

    app = web.Application()
    app.router.add_get("/api/v4/users/me", me)
    app.router.add_get("/api/v4/posts/{post_id}", get_post)
    app.router.add_post("/api/v4/posts", create_post)
    return app
