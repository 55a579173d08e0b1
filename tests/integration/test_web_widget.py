"""The web chat widget in a real browser (Debian's Chromium driven by Playwright), against the running stack.

Screenshots of every stage go to test-artifacts/web-widget/.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
from dataclasses import dataclass, field
from typing import Iterator, List, Sequence
from urllib.parse import urlsplit

import pytest
import requests
from playwright.sync_api import Page, expect

from bench.widget_speed import CHROMIUM, QUESTIONS, chromium, measure_page
from bot.settings import ROOT

# Needs Debian's Chromium: `pytest -m "not browser"` leaves these tests out; CI runs them.
pytestmark = [pytest.mark.browser, pytest.mark.integration]

ARTIFACTS = ROOT / "test-artifacts" / "web-widget"
# axe-core (npm, pinned in package.json): the accessibility rules of WCAG 2.1 A and AA (RGAA).
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
EMBED_EXAMPLE = ROOT / "docs" / "embed.html"
TIMEOUT_MS = 30_000
SOURCE_LINE = "Source : guide « Mobiliser les élus de son territoire »"
HOSTILE = "<img src=x onerror=alert(1)>"
SITUATIONS = [
    "Je n'ai pas encore de lien avec eux",
    "Ils me connaissent mais ne s'engagent pas",
    "Ils sont convaincus, je veux aller plus loin",
]
# Set before any page script runs (Playwright injects it outside the page's CSP).
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@dataclass
class BrowserLog:
    requests: List[str] = field(default_factory=list)
    console_errors: List[str] = field(default_factory=list)
    page_errors: List[str] = field(default_factory=list)
    dialogs: List[str] = field(default_factory=list)
    failed: List[str] = field(default_factory=list)

    def hosts(self) -> set:
        """Where the page went: host:port for the web, the whole URL for any other scheme (data: stays local)."""
        places = set()
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ("http", "https", "ws", "wss"):
                places.add(parts.netloc)
            elif parts.scheme not in ("data", "blob"):
                places.add(url)
        return places


@contextlib.contextmanager
def chromium_page(permissions: Sequence[str] = ()) -> Iterator[tuple]:
    """A fresh page in Debian's Chromium (never a downloaded browser), with everything it does recorded."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} est introuvable : le test du widget a besoin du Chromium de Debian "
            "('make setup' l'installe, ou : apt-get install chromium)."
        )
    log = BrowserLog()
    with chromium() as browser:
        context = browser.new_context(
            locale="fr-FR", viewport={"width": 1000, "height": 900}, permissions=list(permissions)
        )
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.add_init_script(RECORD_CSP_VIOLATIONS)
        page.on("request", lambda request: log.requests.append(request.url))
        page.on("websocket", lambda ws: log.requests.append(ws.url))
        page.on("requestfailed", lambda request: log.failed.append(f"{request.url} {request.failure}"))
        page.on("console", lambda msg: log.console_errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda error: log.page_errors.append(str(error)))

        def on_dialog(dialog):
            log.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        yield page, log


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def send(page: Page, text: str) -> None:
    box = page.locator(".rw-new-message")
    box.fill(text)
    box.press("Enter")


def bot_messages(page: Page):
    return page.locator(".rw-response")


def wait_until_quiet(page: Page) -> None:
    """Until the widget has shown every queued bot message (it paces them, up to 3 s each)."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    seen, quiet_since = -1, time.monotonic()
    while time.monotonic() < deadline:
        count = page.locator(".rw-message").count()
        if count != seen or page.locator(".rw-typing-indication").count():
            seen, quiet_since = count, time.monotonic()
        elif time.monotonic() - quiet_since > 1.5:
            return
        page.wait_for_timeout(200)
    pytest.fail("le widget affiche encore des messages après 30 s")


def token_params(settings) -> dict:
    return {"token": settings.rasa_auth_token} if settings.rasa_auth_token else {}


def inter_loaded(page: Page) -> bool:
    page.evaluate("document.fonts.ready.then(() => true)")
    return page.evaluate(
        "[...document.fonts].some((f) => f.family.replace(/[\"']/g, '') === 'Inter' && f.status === 'loaded')"
    )


def assert_clean(page: Page, log: BrowserLog, allowed_hosts: set) -> None:
    assert log.hosts() <= allowed_hosts, f"requêtes vers d'autres hôtes : {sorted(log.hosts() - allowed_hosts)}"
    assert not any("googleapis" in url or "gstatic" in url for url in log.requests)
    assert page.evaluate("window.__cspViolations") == []
    csp_errors = [e for e in log.console_errors if "Content Security Policy" in e or "Refused to" in e]
    assert not csp_errors, csp_errors
    assert not log.page_errors, log.page_errors
    assert not log.dialogs, f"une boîte de dialogue s'est ouverte : {log.dialogs}"
    assert not log.console_errors, log.console_errors


def test_page_greets_answers_and_shows_html_as_text(running_bot):
    settings = running_bot.settings
    allowed = {urlsplit(settings.chat_url).netloc, urlsplit(settings.rasa_url).netloc}
    with chromium_page() as (page, log):
        response = page.goto(f"{settings.chat_url}/")
        assert response.status == 200
        assert "default-src 'self'" in response.headers["content-security-policy"]
        assert page.locator("html").get_attribute("lang") == "fr"

        # Arrival: the widget is open in the page, in French, and greets with the three situations.
        expect(page.locator("#webchat .rw-widget-embedded .rw-conversation-container")).to_be_visible()
        greeting = bot_messages(page).first
        expect(greeting).to_contain_text("Bonjour, je suis Cap Élus")
        expect(page.locator(".rw-new-message")).to_have_attribute("placeholder", "Écrivez votre message…")
        # Markdown is rendered: **Cap Élus** is bold, not asterisks.
        expect(greeting.locator("strong")).to_have_text("Cap Élus")
        assert "**" not in greeting.inner_text()
        replies = page.locator(".rw-replies .rw-reply")
        expect(replies).to_have_text(SITUATIONS)
        assert page.locator(".rw-launcher").count() == 0, "le widget intégré ne doit pas avoir de bulle"
        screenshot(page, "01-accueil")

        # A situation button (quick reply): the next steps, with their source, then the refining choices.
        replies.first.click()
        expect(page.locator(".rw-client").last).to_have_text(SITUATIONS[0])
        steps = bot_messages(page).filter(has_text="vos prochaines étapes")
        expect(steps).to_contain_text(SOURCE_LINE)
        expect(steps.locator("strong").first).to_have_text(re.compile(r"^Je n.ai pas encore de lien.*étapes$"))
        # One step a line: the line breaks the bot writes are kept.
        lines = [line for line in steps.inner_text().splitlines() if line.strip()]
        numbered = [i for i, line in enumerate(lines) if re.match(r"^\d\. ", line)]
        numbers = [lines[i].split(".")[0] for i in numbered]
        assert len(numbers) >= 3 and numbers == [str(n) for n in range(1, len(numbers) + 1)], lines
        # The source line after the steps, in the same message as the rest of the answer.
        assert any(line.startswith(SOURCE_LINE) for line in lines[numbered[-1] + 1 :]), lines
        wait_until_quiet(page)
        assert bot_messages(page).count() == 2, "une réponse = un message (accueil, puis la réponse)"
        expect(page.locator(".rw-replies .rw-reply").first).to_be_visible()
        screenshot(page, "02-situation")

        # A free-text question: the definition from the guide's glossary.
        send(page, "c'est quoi le SDTAN ?")
        definition = bot_messages(page).filter(has_text="Schéma directeur territorial")
        expect(definition).to_contain_text(SOURCE_LINE)
        expect(definition.locator("strong").first).to_have_text("SDTAN")
        wait_until_quiet(page)
        screenshot(page, "03-definition")

        # HTML typed by anyone is shown as text: no <img> created, no script run.
        send(page, HOSTILE)
        expect(page.locator(".rw-client").last).to_have_text(HOSTILE)
        # HTML in a bot message too (react-markdown escapes it): pushed to this very conversation through Rasa.
        session_id = page.evaluate("JSON.parse(sessionStorage.getItem('chat_session')).session_id")
        hostile_bot = f"**Gras** et {HOSTILE.replace('alert(1)', 'alert(2)')} <b>pas gras</b>"
        pushed = requests.post(
            f"{settings.rasa_url}/conversations/{session_id}/tracker/events",
            params={"output_channel": "latest", "execute_side_effects": "true", **token_params(settings)},
            json=[{"event": "bot", "text": hostile_bot}],
            timeout=30,
        )
        assert pushed.status_code == 200, pushed.text
        echoed = bot_messages(page).filter(has_text="pas gras")
        expect(echoed).to_contain_text("<img src=x onerror=alert(2)>")
        expect(echoed).to_contain_text("<b>pas gras</b>")
        expect(echoed.locator("strong")).to_have_text("Gras")
        assert echoed.locator("b, img").count() == 0
        wait_until_quiet(page)
        assert page.evaluate("[...document.images].filter((i) => i.getAttribute('src') === 'x').length") == 0
        assert not [url for url in log.requests if url.endswith("/x")]
        screenshot(page, "04-html-en-texte")

        # The fonts came from us: the stylesheet the bundle imports, then the files.
        assert f"{settings.chat_url}/static/vendor/webchat.css" in log.requests
        assert any(re.search(r"/static/vendor/fonts/inter-latin-[457]00-normal\.woff2$", u) for u in log.requests)
        assert inter_loaded(page)
        assert not log.failed, log.failed
        assert_clean(page, log, allowed)


def test_floating_widget_on_another_site(running_bot):
    """docs/embed.html, served from another origin, loads everything from the chat server and greets once opened."""
    settings = running_bot.settings
    # Another origin for the same machine; RASA_CORS_ORIGINS allows it by default.
    site = f"http://localhost:{settings.chat_port}"
    example = EMBED_EXAMPLE.read_text(encoding="utf-8")
    assert "https://bot.ma-structure.fr" in example and "https://rasa.ma-structure.fr" in example
    html = example.replace("https://bot.ma-structure.fr", settings.chat_url).replace(
        "https://rasa.ma-structure.fr", settings.public_url
    )
    allowed = {urlsplit(site).netloc, urlsplit(settings.chat_url).netloc, urlsplit(settings.rasa_url).netloc}
    # The partner page is served by Playwright, so Chromium takes it for a public site: let it reach
    # the loopback servers as a real public site reaches public ones.
    with chromium_page(permissions=["local-network-access"]) as (page, log):
        page.route(
            f"{site}/site-partenaire.html",
            lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html),
        )
        page.goto(f"{site}/site-partenaire.html")
        launcher = page.locator(".rw-launcher")
        expect(launcher).to_be_visible()
        expect(page.locator(".rw-conversation-container")).to_have_count(0)
        page.wait_for_timeout(800)  # the launcher fades in
        screenshot(page, "05-site-partenaire-ferme")

        launcher.click()
        expect(bot_messages(page).first).to_contain_text("Bonjour, je suis Cap Élus")
        expect(page.locator(".rw-header .rw-title")).to_have_text("Cap Élus")
        expect(page.locator(".rw-replies .rw-reply")).to_have_text(SITUATIONS)
        screenshot(page, "06-site-partenaire-ouvert")

        # The bundle's font stylesheet points at the chat server, and the fonts load across origins (CORS).
        assert f"{settings.chat_url}/static/vendor/webchat.css" in log.requests
        assert any("/static/vendor/fonts/inter-latin-" in u for u in log.requests)
        assert inter_loaded(page)
        assert not log.failed, log.failed
        assert_clean(page, log, allowed)


def test_the_whole_answer_is_one_message_on_screen_soon_after_enter(running_bot):
    """Enter → the whole answer on screen, timed 10 times for a definition and for a situation
    (bench/widget_speed.py; `make bench` reports the same figures, the test asserts no time).
    Each answer is one message with its source, shown after a short typing cue."""
    settings = running_bot.settings
    allowed = {urlsplit(settings.chat_url).netloc, urlsplit(settings.rasa_url).netloc}
    with chromium_page() as (page, log):
        page.goto(f"{settings.chat_url}/")
        expect(page.locator(".rw-replies .rw-reply").first).to_be_visible()
        timings = measure_page(page)
        for kind in QUESTIONS:
            assert timings[kind]["tries"] == 10 and timings[kind]["messages"] == 1, timings
        answers = bot_messages(page)
        assert answers.count() == 1 + 2 * 10
        for index in range(1, answers.count()):
            expect(answers.nth(index)).to_contain_text(SOURCE_LINE)
        expect(answers.last.locator("p").first).to_be_visible()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "reponse-entiere-ms.json").write_text(json.dumps(timings, indent=2), encoding="utf-8")
        print(f"\nEntrée → réponse entière à l'écran : {timings}")
        assert_clean(page, log, allowed)


def serious_accessibility_violations(page: Page) -> list:
    """axe-core's serious and critical WCAG 2.1 A/AA violations in the page as it is now."""
    found = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_21_AA,
    )
    return [
        (v["id"], v["impact"], [node["target"] for node in v["nodes"]][:5])
        for v in found["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_keyboard_only_conversation_and_no_serious_accessibility_violation(running_bot):
    """Tab to a quick reply, Enter to choose it, Tab to the text box, Enter to send; then axe-core
    over the page after the conversation: no serious or critical WCAG 2.1 A/AA violation."""
    settings = running_bot.settings
    with chromium_page() as (page, log):
        # Injected outside the page (Playwright's init script), as the CSP allows no inline script.
        page.add_init_script(path=str(AXE))
        page.goto(f"{settings.chat_url}/")
        expect(page.locator(".rw-replies .rw-reply").first).to_be_visible()

        def tab_to(selector: str) -> None:
            for _ in range(40):
                page.keyboard.press("Tab")
                if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
                    return
            pytest.fail(f"{selector} n'est pas atteignable au clavier (Tab)")

        # The greeting's situation buttons, reached with Tab and chosen with Enter.
        tab_to(".rw-reply")
        chosen = page.evaluate("document.activeElement.textContent")
        page.keyboard.press("Enter")
        expect(page.locator(".rw-client").last).to_have_text(chosen)
        expect(bot_messages(page).filter(has_text="vos prochaines étapes")).to_contain_text(SOURCE_LINE)
        wait_until_quiet(page)

        # Then the text box: typed, sent with Enter.
        tab_to(".rw-new-message")
        page.keyboard.type("c'est quoi le SDTAN ?")
        page.keyboard.press("Enter")
        expect(bot_messages(page).filter(has_text="Schéma directeur territorial")).to_contain_text(SOURCE_LINE)
        wait_until_quiet(page)
        screenshot(page, "06-clavier")

        assert serious_accessibility_violations(page) == []
        assert not log.page_errors, log.page_errors
