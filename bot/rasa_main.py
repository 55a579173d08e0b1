"""`python -m bot.rasa_main ARGS` = `rasa ARGS`, with the project's fixes installed first."""

from __future__ import annotations

from rasa.__main__ import main

from bot import rasa_fixes

if __name__ == "__main__":
    rasa_fixes.install()
    main()
