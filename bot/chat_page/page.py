"""The chat page: the widget's settings, the HTML that carries them and its Content-Security-Policy."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from bot.settings import Settings

# The widget's own labels are English by default; every one reachable by props is set here.
LABELS = {
    "title": "Cap Élus",
    "subtitle": "Mobiliser les élus de votre territoire",
    "inputTextFieldHint": "Écrivez votre message…",
    "connectingText": "Connexion au serveur…",
}


# The widget waits before showing each bot message, with a typing cue: by default 30 ms a
# character, 0.8 to 3 s a message. An answer is now one message (bot/channels/socketio.py) shown
# after this short cue. Enter → whole answer on screen in Chromium, p95 of 10 tries, same machine
# and hour (2026-12-01, bench/widget_speed.py): a definition 3,334 ms → 462 ms, a situation's
# answer (4 messages → 1) 11,326 ms → 433 ms. `make bench` reports it (« Réponse entière à l'écran »).
MESSAGE_DELAY_MS = 150


# Accessible names of the widget's controls that have none (widget.js sets them; RGAA / WCAG 4.1.2).
ACCESSIBLE_NAMES = {
    "send": "Envoyer le message",
    "input": "Votre message à Cap Élus",
}


def socket_address(public_url: str) -> dict:
    """`socketUrl` and `socketPath` for RASA_PUBLIC_URL.

    socket.io reads a path in the URL as a namespace, so a Rasa published under
    a path (https://exemple.fr/rasa) needs that path in `socketPath` instead.
    """
    url = urlsplit(public_url)
    path = url.path.rstrip("/")
    return {"socketUrl": f"{url.scheme}://{url.netloc}", "socketPath": f"{path}/socket.io/"}


def widget_props(settings: Settings) -> dict:
    return {
        **socket_address(settings.public_url),
        **LABELS,
        "initPayload": "/greet",
        "embedded": True,
        "params": {"storage": "session"},
        "showCloseButton": False,
        "showFullScreenButton": False,
        # Shows "Connexion au serveur…" while Rasa is away, instead of nothing.
        "hideWhenNotConnected": False,
        "mainColor": "#000091",
        "userBackgroundColor": "#000091",
        "userTextColor": "#ffffff",
    }


def content_security_policy(settings: Settings) -> str:
    url = urlsplit(settings.public_url)
    ws_scheme = "wss" if url.scheme == "https" else "ws"
    rasa = f"{url.scheme}://{url.netloc} {ws_scheme}://{url.netloc}"
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            f"connect-src 'self' {rasa}",
            # The widget injects its stylesheets as <style> elements.
            "style-src 'self' 'unsafe-inline'",
            # data: for the icon font of slick-carousel, inlined in the widget's stylesheets.
            "font-src 'self' data:",
            "img-src 'self' data:",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )


def render(template: str, settings: Settings) -> str:
    config = json.dumps(
        {"widget": widget_props(settings), "messageDelayMs": MESSAGE_DELAY_MS, "accessibleNames": ACCESSIBLE_NAMES},
        ensure_ascii=False,
    )
    # Inside <script type="application/json">, only "</script" could end the element early.
    safe = config.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return template.replace("{{CONFIG}}", safe)
