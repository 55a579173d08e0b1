"""Time to the whole answer in the chat page (issue 15): Enter → the answer's last line on screen.

What an advisor waits for is not the REST turn (about 50 ms) but the widget: it showed each bot
message behind a typing delay. This is measured where people read, in Debian's Chromium driven by
Playwright: the page records when Enter was pressed and when the bot's part of the conversation
last changed; the answer is whole once no typing cue shows and nothing has changed for a second.
Used by `make bench` and by the browser test (tests/integration/test_web_widget.py), which checks
what was shown while it times it.
"""

from __future__ import annotations

import contextlib
import statistics
import time
from pathlib import Path
from typing import Dict, Iterator, List

from bench.load import percentile

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
TRIES = 10
# A definition (one glossary entry) and a situation's full answer (next steps, source, question).
QUESTIONS = {
    "definition": "c'est quoi le SDTAN ?",
    "situation": "je ne connais aucun élu de ma commune",
}
QUIET_MS = 1000
TIMEOUT_S = 30

# Installed before Enter: the time of Enter, then of each change to the bot's messages after it.
START_TIMER = """() => {
  const messages = document.querySelector('.rw-messages-container');
  const count = () => messages.querySelectorAll('.rw-response').length;
  const before = count();
  window.__enterAt = null;
  window.__lastBotChange = null;
  window.__newBotMessages = 0;
  document.querySelector('.rw-new-message').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && window.__enterAt === null) window.__enterAt = performance.now();
  });
  if (window.__answerObserver) window.__answerObserver.disconnect();
  window.__answerObserver = new MutationObserver(() => {
    if (window.__enterAt !== null && count() > before) {
      window.__lastBotChange = performance.now();
      window.__newBotMessages = count() - before;
    }
  });
  window.__answerObserver.observe(messages, { childList: true, subtree: true, characterData: true });
}"""
STATE = """() => [window.__enterAt, window.__lastBotChange, performance.now(),
  document.querySelectorAll('.rw-typing-indication').length, window.__newBotMessages]"""


def time_answer(page, text: str) -> Dict:
    """Sends `text` with Enter; the milliseconds until the whole answer was on screen, and how
    many bot messages it took."""
    box = page.locator(".rw-new-message")
    box.fill(text)
    page.evaluate(START_TIMER)
    box.press("Enter")
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        entered, last_change, now, typing, messages = page.evaluate(STATE)
        if last_change is not None and not typing and now - last_change >= QUIET_MS:
            return {"ms": round(last_change - entered, 1), "messages": messages}
        page.wait_for_timeout(50)
    raise TimeoutError(f"pas de réponse complète à « {text} » en {TIMEOUT_S} s")


def summary(samples: List[float]) -> Dict:
    ordered = sorted(samples)
    return {
        "tries": len(ordered),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(percentile(ordered, 95), 1),
        "max_ms": round(ordered[-1], 1),
    }


def measure_page(page, tries: int = TRIES) -> Dict:
    """Each question of QUESTIONS `tries` times, alternated, on a page where the widget is ready."""
    found: Dict[str, List[Dict]] = {kind: [] for kind in QUESTIONS}
    for _ in range(tries):
        for kind, text in QUESTIONS.items():
            found[kind].append(time_answer(page, text))
    return {
        kind: {**summary([t["ms"] for t in times]), "messages": max(t["messages"] for t in times)}
        for kind, times in found.items()
    }


@contextlib.contextmanager
def chromium() -> Iterator:
    """Debian's Chromium under Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise FileNotFoundError(f"{CHROMIUM} est introuvable ('make setup' installe Chromium).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def run(chat_url: str, tries: int = TRIES) -> Dict:
    """`make bench`: a fresh page on the chat server, greeted, then the timings."""
    with chromium() as browser:
        page = browser.new_context(locale="fr-FR", viewport={"width": 1000, "height": 900}).new_page()
        page.set_default_timeout(TIMEOUT_S * 1000)
        page.goto(f"{chat_url}/")
        page.locator(".rw-replies .rw-reply").first.wait_for()
        return measure_page(page, tries)
