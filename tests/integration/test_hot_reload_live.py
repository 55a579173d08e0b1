"""An editor changes knowledge/, runs `kb load`: the running bot answers the new content, no restart."""

import shutil
import subprocess
import sys

from bot.knowledge.loader import DEFAULT_DIRECTORY
from bot.settings import ROOT


def definition(running_bot, sender):
    messages = running_bot.say(sender, "c'est quoi le SDTAN ?")
    return "\n".join(m.get("text", "") for m in messages)


def test_edited_knowledge_is_served_after_kb_load(running_bot, tmp_path):
    before = definition(running_bot, "reload-1")
    assert "**SDTAN**" in before and "coquelicot" not in before

    edited = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_DIRECTORY, edited)
    glossary = edited / "glossaire.yml"
    text = glossary.read_text(encoding="utf-8")
    # The SDTAN entry's text, whatever its words today: the editor adds one to it.
    entry = text.index("id: sigle-sdtan")
    body = text.index('texte: "', entry) + len('texte: "')
    glossary.write_text(text[:body] + "(coquelicot) " + text[body:], encoding="utf-8")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bot", "kb", "load", "--dir", str(edited)],
            cwd=ROOT,
            env=running_bot.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert "coquelicot" in definition(running_bot, "reload-2")
    finally:
        # Put the real content back for the other tests.
        subprocess.run(
            [sys.executable, "-m", "bot", "kb", "load"], cwd=ROOT, env=running_bot.env, capture_output=True, timeout=120
        )
    assert "coquelicot" not in definition(running_bot, "reload-3")
