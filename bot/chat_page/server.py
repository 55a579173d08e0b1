"""Serves the chat page, the web chat widget and the Inter font, all from this project."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from aiohttp import web

from bot.chat_page import page
from bot.chat_page.fonts import CONTENT_TYPES, InterFont
from bot.chat_page.node_packages import LOCK_FILE, NODE_MODULES, NodePackagesError, package_dir
from bot.chat_page.webchat_bundle import WebchatBundle
from bot.settings import Settings

STATIC = Path(__file__).resolve().parent / "static"
BUNDLE_PATH = "/static/vendor/webchat.js"
# The stylesheet the bundle imports in place of Google Fonts: Inter, then our adjustments to the widget.
WIDGET_CSS_PATH = "/static/vendor/webchat.css"
FONT_FILES_PATH = "/static/vendor/fonts/"
# What a Host header may hold before it goes into the bundle (a name or an IP, and a port).
_HOST = re.compile(r"^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")
BUNDLE_CACHE = "public, max-age=3600"
FONT_CACHE = "public, max-age=604800"


def create_app(settings: Settings, node_modules: Path = NODE_MODULES, lock_file: Path = LOCK_FILE) -> web.Application:
    """The chat server; fails with a French message when `make setup` has not installed the widget."""
    bundle = WebchatBundle.load(package_dir("rasa-webchat", node_modules, lock_file))
    font = InterFont(package_dir("@fontsource/inter", node_modules, lock_file), FONT_FILES_PATH)
    index_html = page.render((STATIC / "index.html").read_text(encoding="utf-8"), settings)
    widget_css = font.stylesheet + (STATIC / "webchat-adjustments.css").read_text(encoding="utf-8")
    csp = page.content_security_policy(settings)

    async def index(_request: web.Request) -> web.Response:
        response = web.Response(text=index_html, content_type="text/html", charset="utf-8")
        response.headers["Content-Security-Policy"] = csp
        response.headers["Cache-Control"] = "no-cache"
        return response

    async def webchat_js(request: web.Request) -> web.Response:
        if not _HOST.match(request.host):
            raise web.HTTPBadRequest(text="En-tête Host invalide.")
        # Scheme-relative: the same host over whatever scheme the embedding page
        # uses, so an https site behind a TLS proxy does not get a blocked http URL.
        body = bundle.with_stylesheet(f"//{request.host}{WIDGET_CSS_PATH}")
        return web.Response(
            body=body,
            content_type="application/javascript",
            charset="utf-8",
            headers={"Cache-Control": BUNDLE_CACHE},
        )

    async def webchat_css(_request: web.Request) -> web.Response:
        return web.Response(
            text=widget_css, content_type="text/css", charset="utf-8", headers={"Cache-Control": BUNDLE_CACHE}
        )

    async def font_file(request: web.Request) -> web.StreamResponse:
        path = font.file(request.match_info["name"])
        if path is None:
            raise web.HTTPNotFound()
        return web.FileResponse(
            path,
            headers={
                "Content-Type": CONTENT_TYPES[path.suffix],
                "Cache-Control": FONT_CACHE,
                # Fonts are fetched in CORS mode: a site embedding the widget needs this.
                "Access-Control-Allow-Origin": "*",
            },
        )

    app = web.Application()
    app.router.add_get("/", index)
    app.router.add_get(BUNDLE_PATH, webchat_js)
    app.router.add_get(WIDGET_CSS_PATH, webchat_css)
    app.router.add_get(FONT_FILES_PATH + "{name}", font_file)
    app.router.add_static("/static/", STATIC)
    return app


def serve(settings: Settings) -> None:
    try:
        app = create_app(settings)
    except NodePackagesError as error:
        sys.exit(f"Erreur (page de discussion) : {error}")
    web.run_app(app, host=settings.host, port=settings.chat_port, print=None)
