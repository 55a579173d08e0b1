"""The chat server over HTTP: page, widget bundle, stylesheet and font files."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.chat_page.node_packages import NODE_MODULES, NodePackagesError
from bot.chat_page.page import MESSAGE_DELAY_MS
from bot.chat_page.server import create_app
from bot.settings import ROOT
from tests.chat_page.conftest import settings_with

FONTS = NODE_MODULES / "@fontsource" / "inter" / "files"


def test_the_embedding_example_uses_the_chat_page_typing_cue():
    """docs/embed.html is static HTML for partner sites: its delay is a copy, kept equal here."""
    example = (ROOT / "docs" / "embed.html").read_text(encoding="utf-8")
    delays = re.findall(r"customMessageDelay:\s*function\s*\(\)\s*\{\s*return\s+(\d+);", example)
    assert delays == [str(MESSAGE_DELAY_MS)]


def page_config(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="cap-elus-config">(.*?)</script>', html, re.S)
    assert match, html
    return json.loads(match.group(1))


async def test_page_is_french_and_carries_the_widget_config(client, settings):
    response = await client.get("/")
    assert response.status == 200
    assert response.content_type == "text/html"
    html = await response.text()
    assert '<html lang="fr">' in html
    assert "<title>Cap Élus" in html
    assert "il vous\n      propose les prochaines étapes" in html
    config = page_config(html)
    # widget.js turns it into the widget's customMessageDelay (a function, which JSON cannot carry).
    assert config["messageDelayMs"] == MESSAGE_DELAY_MS <= 300
    widget = config["widget"]
    assert widget["socketUrl"] == settings.public_url == "http://127.0.0.1:5005"
    assert widget["socketPath"] == "/socket.io/"
    assert widget["initPayload"] == "/greet"
    assert widget["embedded"] is True
    assert widget["params"] == {"storage": "session"}
    assert widget["title"] == "Cap Élus"
    assert widget["inputTextFieldHint"] == "Écrivez votre message…"
    assert widget["connectingText"] == "Connexion au serveur…"
    assert "Type a message" not in html and "Waiting for server" not in html


async def test_page_has_no_inline_script_and_loads_the_widget_from_us(client):
    html = await (await client.get("/")).text()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    runnable = [(attrs, body) for attrs, body in scripts if 'type="application/json"' not in attrs]
    assert [attrs.strip() for attrs, _ in runnable] == ['src="/static/vendor/webchat.js"', 'src="/static/widget.js"']
    assert all(not body.strip() for _, body in runnable)
    assert "//" not in "".join(attrs for attrs, _ in runnable), "aucun script d'un autre site (CDN)"
    assert (await client.get("/static/widget.js")).status == 200


async def test_page_sends_a_content_security_policy(client):
    csp = (await client.get("/")).headers["Content-Security-Policy"]
    directives = {d.split()[0]: d.split()[1:] for d in csp.split("; ")}
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["connect-src"] == ["'self'", "http://127.0.0.1:5005", "ws://127.0.0.1:5005"]
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["font-src"][0] == "'self'" and "https:" not in csp
    assert directives["img-src"] == ["'self'", "data:"]


async def test_rasa_behind_https_under_a_path():
    settings = settings_with(RASA_PUBLIC_URL="https://bot.exemple.fr/rasa/")
    async with TestClient(TestServer(create_app(settings))) as client:
        response = await client.get("/")
        widget = page_config(await response.text())["widget"]
        csp = response.headers["Content-Security-Policy"]
    # socket.io would read a path in socketUrl as a namespace: it goes to socketPath.
    assert widget["socketUrl"] == "https://bot.exemple.fr"
    assert widget["socketPath"] == "/rasa/socket.io/"
    assert "connect-src 'self' https://bot.exemple.fr wss://bot.exemple.fr;" in csp


async def test_config_cannot_close_its_script_element():
    settings = settings_with(RASA_PUBLIC_URL="https://bot.exemple.fr/</script><script>alert(1)</script>")
    async with TestClient(TestServer(create_app(settings))) as client:
        html = await (await client.get("/")).text()
    assert "<script>alert(1)" not in html
    assert page_config(html)["widget"]["socketPath"] == "/</script><script>alert(1)</script>/socket.io/"


async def test_bundle_imports_our_stylesheet_instead_of_google_fonts(client):
    response = await client.get("/static/vendor/webchat.js")
    assert response.status == 200
    assert response.content_type == "application/javascript"
    assert "max-age" in response.headers["Cache-Control"]
    bundle = await response.text()
    assert "fonts.googleapis" not in bundle and "fonts.gstatic" not in bundle
    host = f"{client.server.host}:{client.server.port}"
    assert bundle.count(f"@import url(//{host}/static/vendor/webchat.css)") == 11
    assert "WebChat" in bundle


async def test_bundle_points_to_the_host_the_browser_used(client):
    # Embedded on another site, the widget must still fetch its fonts from us.
    bundle = await (await client.get("/static/vendor/webchat.js", headers={"Host": "bot.exemple.fr"})).text()
    assert bundle.count("@import url(//bot.exemple.fr/static/vendor/webchat.css)") == 11


@pytest.mark.parametrize("host", ['x");alert(1);("', "a b", "evil.fr/path"])
async def test_bundle_refuses_a_strange_host(client, host):
    assert (await client.get("/static/vendor/webchat.js", headers={"Host": host})).status == 400


async def test_stylesheet_declares_inter_from_our_font_route(client):
    response = await client.get("/static/vendor/webchat.css")
    assert response.status == 200
    assert response.content_type == "text/css"
    css = await response.text()
    assert {int(w) for w in re.findall(r"font-weight: (\d+);", css)} == {400, 500, 700}
    urls = re.findall(r"url\(([^)]+)\)", css)
    assert urls and all(u.startswith("/static/vendor/fonts/inter-") for u in urls)
    assert "googleapis" not in css and "./files/" not in css
    for url in {u for u in urls if "latin-" in u and u.endswith(".woff2")}:
        assert (await client.get(url)).status == 200, url


async def test_font_file_is_served_for_any_site(client):
    response = await client.get("/static/vendor/fonts/inter-latin-400-normal.woff2")
    assert response.status == 200
    assert response.headers["Content-Type"] == "font/woff2"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "max-age" in response.headers["Cache-Control"]
    assert await response.read() == (FONTS / "inter-latin-400-normal.woff2").read_bytes()


@pytest.mark.parametrize(
    "path",
    [
        "/static/vendor/fonts/..%2F..%2Fpackage.json",
        "/static/vendor/fonts/..%2F..%2F..%2Frasa-webchat%2Flib%2Findex.js",
        "/static/vendor/fonts/%2Fetc%2Fpasswd",
        "/static/vendor/fonts/inter-latin-400-normal.woff2%00.txt",
        "/static/vendor/fonts/inter-nope-400-normal.woff2",
        "/static/vendor/fonts/LICENSE",
    ],
)
async def test_font_route_serves_nothing_else(client, path):
    response = await client.get(path, allow_redirects=False)
    assert response.status == 404


async def test_old_rest_client_is_gone(client):
    assert (await client.get("/static/chat.js")).status == 404


def test_missing_node_modules_says_to_run_make_setup(tmp_path, settings):
    with pytest.raises(NodePackagesError, match="lancez 'make setup'"):
        create_app(settings, node_modules=tmp_path / "node_modules")


def test_installed_version_must_match_the_lock(tmp_path, settings):
    lock = tmp_path / "package-lock.json"
    lock.write_text(json.dumps({"packages": {"node_modules/rasa-webchat": {"version": "0.11.0"}}}))
    with pytest.raises(NodePackagesError, match=r"1\.0\.1.*0\.11\.0.*make setup"):
        create_app(settings, lock_file=lock)


def test_a_bundle_still_calling_google_fails_at_start(tmp_path, settings):
    node_modules = tmp_path / "node_modules"
    shutil.copytree(NODE_MODULES / "@fontsource", node_modules / "@fontsource")
    package = node_modules / "rasa-webchat"
    (package / "lib").mkdir(parents=True)
    shutil.copy(NODE_MODULES / "rasa-webchat" / "package.json", package / "package.json")
    source = (NODE_MODULES / "rasa-webchat" / "lib" / "index.js").read_text(encoding="utf-8")
    changed = source.replace("family=Inter:400,500,700", "family=Inter:400,600", 1)
    (package / "lib" / "index.js").write_text(changed, encoding="utf-8")
    with pytest.raises(NodePackagesError, match="Google Fonts"):
        create_app(settings, node_modules=node_modules, lock_file=Path("/nonexistent/package-lock.json"))
