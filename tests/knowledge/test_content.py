"""The knowledge files against the guide itself: verbatim quotes, known addresses only."""

import re

import pytest
import yaml

from bot.knowledge.loader import read_knowledge
from bot.settings import ROOT

GUIDE = ROOT.parent / "shared" / "guide"
pytestmark = pytest.mark.skipif(not GUIDE.is_dir(), reason="le dossier ../shared/guide est absent")


def squash(text):
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip()


@pytest.fixture(scope="module")
def content():
    return read_knowledge()


def test_every_testimony_is_verbatim_from_the_guide(content):
    guide = squash((GUIDE / "mobiliser-les-elus-2024.txt").read_text(encoding="utf-8"))
    testimonies = [item for item in content.items if item["kind"] == "temoignage"]
    assert len(testimonies) == 19
    not_found = [t["id"] for t in testimonies if squash(t["body"]) not in guide]
    assert not not_found


def test_every_address_is_a_known_one(content):
    known = {
        entry["url"]
        for entry in yaml.safe_load((GUIDE / "resource-links.yml").read_text(encoding="utf-8"))
        if entry.get("url")
    }
    unknown = [(item["id"], item["url"]) for item in content.items if item.get("url") and item["url"] not in known]
    assert not unknown


def test_situation_headings_are_the_guides(content):
    guide = squash((GUIDE / "mobiliser-les-elus-2024.txt").read_text(encoding="utf-8"))
    for item in content.items:
        if item["kind"] == "situation":
            assert squash(item["guide_question"]) in guide
