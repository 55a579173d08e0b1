"""The rasa-webchat bundle, with its Google Fonts import pointed at our own stylesheet."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from bot.chat_page.node_packages import NodePackagesError

GOOGLE_FONTS_URL = "https://fonts.googleapis.com/css?family=Inter:400,500,700&display=swap"
FORBIDDEN = ("fonts.googleapis", "fonts.gstatic")


class WebchatBundle:
    """`lib/index.js` of rasa-webchat, read once, patched in memory.

    The bundle injects `@import url(<Google Fonts>)` in every stylesheet it adds
    to the page. The stylesheet URL must be absolute: the widget may run on
    another site, whose pages must still load the fonts from us.
    """

    def __init__(self, source: str):
        self._parts = source.split(GOOGLE_FONTS_URL)
        self.imports_replaced = len(self._parts) - 1
        leftovers = [word for word in FORBIDDEN for part in self._parts if word in part]
        if leftovers:
            raise NodePackagesError(
                "le widget rasa-webchat appelle encore Google Fonts après correction "
                f"({', '.join(sorted(set(leftovers)))}) : le paquet a changé, "
                "adaptez bot/chat_page/webchat_bundle.py."
            )
        self.with_stylesheet = lru_cache(maxsize=16)(self._with_stylesheet)

    @classmethod
    def load(cls, package: Path) -> WebchatBundle:
        path = package / "lib" / "index.js"
        if not path.is_file():
            raise NodePackagesError(f"{path} est introuvable : lancez 'make setup'.")
        return cls(path.read_text(encoding="utf-8"))

    def _with_stylesheet(self, stylesheet_url: str) -> bytes:
        if any(c in stylesheet_url for c in "()\"'\\\n"):
            raise ValueError(f"unsafe stylesheet URL: {stylesheet_url!r}")
        return stylesheet_url.join(self._parts).encode("utf-8")
