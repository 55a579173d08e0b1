"""The Inter font, served from @fontsource/inter instead of Google Fonts.

The widget's stylesheet imports Inter 400, 500 and 700. Loading it from Google
would hand every visitor's IP address to Google (LG München, 20 January 2022,
3 O 17493/20) and fails offline, so the chat server serves the same faces.
"""

from __future__ import annotations

import re
from pathlib import Path

from bot.chat_page.node_packages import NodePackagesError

WEIGHTS = (400, 500, 700)
FILE_NAME = re.compile(r"^inter-[a-z0-9-]+\.woff2?$")
CONTENT_TYPES = {".woff2": "font/woff2", ".woff": "font/woff"}
_URL = re.compile(r"url\(\./files/([^)]+)\)")


class InterFont:
    """The stylesheet for the widget and the font files it points to."""

    def __init__(self, package: Path, files_url: str):
        self.files = package / "files"
        parts = []
        for weight in WEIGHTS:
            css = (package / f"{weight}.css").read_text(encoding="utf-8")
            for name in _URL.findall(css):
                if not FILE_NAME.match(name) or not (self.files / name).is_file():
                    raise NodePackagesError(
                        f"@fontsource/inter : le fichier de police « {name} » est introuvable ou inattendu ; "
                        f"lancez 'make setup'."
                    )
            parts.append(_URL.sub(lambda m: f"url({files_url}{m.group(1)})", css))
        self.stylesheet = "\n".join(parts)
        if "./files/" in self.stylesheet or "@font-face" not in self.stylesheet:
            raise NodePackagesError(
                "@fontsource/inter a changé de format : sa feuille de style n'a pas pu être réécrite."
            )

    def file(self, name: str) -> Path | None:
        """The font file called `name`, or None for anything that is not one (e.g. '../x')."""
        if not FILE_NAME.match(name):
            return None
        path = self.files / name
        return path if path.is_file() else None
