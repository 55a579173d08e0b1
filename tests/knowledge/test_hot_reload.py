"""After `kb load`, a KnowledgeBase that is already serving answers the new content."""

import os
import subprocess
import sys

from bot.knowledge.loader import load_knowledge
from bot.knowledge.repository import KnowledgeBase
from bot.settings import ROOT


def test_running_knowledge_base_serves_new_content_after_kb_load(kb_url, engine, knowledge_copy):
    load_knowledge(engine, knowledge_copy)
    serving = KnowledgeBase(engine)
    assert "coquelicot" not in serving.item("reseau-amf").body
    assert serving.search("coquelicot") == []
    version = serving.version()

    path = knowledge_copy / "ressources.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Réseau de maires", "Réseau coquelicot de maires", 1), encoding="utf-8")
    # The editor's command, in another process, as in production.
    env = dict(os.environ, KB_DATABASE_URL=kb_url)
    done = subprocess.run(
        [sys.executable, "-m", "bot", "kb", "load", "--dir", str(knowledge_copy)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "version" in done.stdout

    assert serving.version() == version + 1
    assert "coquelicot" in serving.item("reseau-amf").body
    assert serving.search("coquelicot")[0].item.id == "reseau-amf"
