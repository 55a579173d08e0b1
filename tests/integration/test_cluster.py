"""The local cluster (`make run-cluster`): 2 Rasa replicas and 2 action servers sharing
PostgreSQL and a Redis lock store, behind nginx. Started and stopped by the test."""

from __future__ import annotations

import asyncio
import json
import shutil
import tempfile
import time
import uuid
from pathlib import Path

import pytest
import requests
import socketio

from bot import training
from bot.cluster import ClusterLayout, ClusterStack
from bot.services.nginx import NginxConfig
from bot.settings import load_settings
from bot.stack import free_port
from tests.support.load import converse_concurrently, flood

pytestmark = [pytest.mark.cluster, pytest.mark.integration]

SENDERS = 50
TURNS = 20
MESSAGES = [
    "Bonjour",
    "je ne connais aucun élu de ma commune",
    "je travaille en milieu rural",
    "c'est quoi le SDTAN ?",
    "le maire n'a pas le temps",
    "quels financements existent ?",
    "merci",
    "ils sont convaincus, comment aller plus loin ?",
    "c'est quoi une feuille de route ?",
    "un exemple de projet ?",
]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    model = training.current_model()
    if model is None:
        pytest.fail("Aucun modèle dans models/ : lancez 'make train' (make test le fait).")
    tmp = tmp_path_factory.mktemp("cluster")
    settings = load_settings(
        environ={
            "CAP_ELUS_HOST": "127.0.0.1",
            "RASA_PORT": str(free_port()),
            "ACTIONS_PORT": str(free_port()),
            "CHAT_PORT": str(free_port()),
        },
        dotenv_path=tmp / "no.env",
    )
    root = Path(tempfile.mkdtemp(prefix="cap-elus-cluster-"))
    root.chmod(0o755)  # PostgreSQL runs as `postgres` when the tests run as root
    layout = ClusterLayout(
        root=root,
        rasa_ports=(free_port(), free_port()),
        action_ports=(free_port(), free_port()),
        postgres_port=free_port(),
        redis_port=free_port(),
    )
    log = tmp / "cluster.log"
    with log.open("ab") as output:
        stack = ClusterStack(settings, model, layout, output=output)
        try:
            stack.start()
            assert stack.wait_ready(), log.read_text(errors="replace")[-3000:]
            yield stack
        finally:
            stack.stop()
            shutil.rmtree(root, ignore_errors=True)
    for port in (
        settings.rasa_port,
        settings.actions_port,
        *layout.rasa_ports,
        *layout.action_ports,
        layout.postgres_port,
        layout.redis_port,
    ):
        with pytest.raises(requests.ConnectionError):
            requests.get(f"http://127.0.0.1:{port}/", timeout=2)


def user_texts(rasa_url: str, sender: str) -> list:
    tracker = requests.get(f"{rasa_url}/conversations/{sender}/tracker", timeout=30).json()
    return [e["text"] for e in tracker["events"] if e["event"] == "user"]


def test_every_turn_of_50_concurrent_advisors_is_kept_in_order(cluster):
    run = uuid.uuid4().hex[:6]
    conversations = {
        f"charge-{run}-{i}": [f"{MESSAGES[(i + t) % len(MESSAGES)]} ({t})" for t in range(TURNS)]
        for i in range(SENDERS)
    }
    started = time.monotonic()
    results = converse_concurrently(cluster.settings.rasa_url, conversations)
    elapsed = time.monotonic() - started
    statuses = [s for r in results for s in r.statuses]
    stored = {sender: user_texts(cluster.settings.rasa_url, sender) for sender in conversations}
    sent_count = sum(len(m) for m in conversations.values())
    stored_count = sum(len(t) for t in stored.values())
    print(
        f"\n{sent_count} tours envoyés, {stored_count} gardés, {elapsed:.1f} s "
        f"({sent_count / elapsed:.1f} tours/s), statuts {sorted(set(statuses))}"
    )
    assert statuses.count(200) == sent_count
    for sender, messages in conversations.items():
        assert stored[sender] == messages, sender  # all, in order, none lost or duplicated


def test_a_replica_down_is_skipped_by_nginx(cluster):
    replica = next(s for s in cluster.services if s.label == "réplique Rasa n° 1")
    cluster.stop_service(replica)
    try:
        for i in range(10):
            answer = requests.post(
                f"{cluster.settings.rasa_url}/webhooks/rest/webhook",
                json={"sender": f"replique-{i}", "message": "Bonjour"},
                timeout=60,
            )
            assert answer.status_code == 200 and answer.json()
    finally:
        cluster.start_service(replica)
        assert cluster.wait_ready(services=[replica])


def test_a_flood_from_one_client_is_rate_limited(cluster):
    started = time.monotonic()
    statuses = flood(cluster.settings.rasa_url, f"flood-{uuid.uuid4().hex[:6]}", 200)
    elapsed = time.monotonic() - started
    print(
        f"\n200 messages d'un seul client en {elapsed:.1f} s : {statuses.count(200)} acceptés, "
        f"{statuses.count(429)} refusés (429)"
    )
    assert set(statuses) <= {200, 429}
    # nginx lets through the burst, then its rate: on a slow machine the 200 requests take longer
    # to leave the client's 64 connections, and more of them are rightly accepted.
    limits = NginxConfig("127.0.0.1", 0, 0, (), ())
    allowed = limits.burst + limits.rate_per_second * elapsed + 10
    assert statuses.count(429) > 0
    assert statuses.count(200) <= allowed
    # Other clients are not affected.
    answer = requests.post(
        f"{cluster.settings.rasa_url}/webhooks/rest/webhook",
        json={"sender": "apres-flood", "message": "Bonjour"},
        timeout=60,
    )
    assert answer.status_code == 200 and answer.json()


def test_a_too_large_body_is_refused_by_nginx(cluster):
    body = json.dumps({"sender": "gros", "message": "a" * (1 << 20)})
    answer = requests.post(
        f"{cluster.settings.rasa_url}/webhooks/rest/webhook",
        data=body,
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    assert answer.status_code == 413


def test_the_web_widget_socket_goes_through_nginx(cluster):
    async def converse() -> list:
        client = socketio.AsyncClient()
        received: list = []
        confirmed = asyncio.Event()
        answered = asyncio.Event()

        @client.on("session_confirm")
        async def on_confirm(_session_id):
            confirmed.set()

        @client.on("bot_uttered")
        async def on_message(message):
            received.append(message)
            answered.set()

        # Long polling: every poll is a new HTTP request, so it only works if nginx keeps the
        # session on one replica. (The websocket itself is exercised by the browser test.)
        await client.connect(cluster.settings.rasa_url, transports=["polling"])
        try:
            session = uuid.uuid4().hex
            await client.emit("session_request", {"session_id": session})
            await asyncio.wait_for(confirmed.wait(), 30)
            await client.emit("user_uttered", {"message": "Bonjour", "session_id": session})
            await asyncio.wait_for(answered.wait(), 60)
            await asyncio.sleep(1)
        finally:
            await client.disconnect()
        return received

    messages = asyncio.run(converse())
    assert any("Cap Élus" in m.get("text", "") for m in messages)
    assert any(m.get("quick_replies") or m.get("buttons") for m in messages)
