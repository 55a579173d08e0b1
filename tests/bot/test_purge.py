"""`python -m bot purge` on trackers written by Rasa's own SQL tracker store, on SQLite and PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.purge import PurgeError, parse_duration, purge
from bot.rasa_plugins.tracker_store import ConversationStore
from bot.settings import ROOT

DAY = 86400.0
NOW = time.time()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.integration)])
def tracker_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'tracker.db'}"
    url = request.getfixturevalue("postgres_url")
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS events")
    engine.dispose()
    return url


async def store_conversations(url: str, ages_by_sender: dict) -> ConversationStore:
    store = ConversationStore(domain=Domain.empty(), host=url)
    for sender, ages in ages_by_sender.items():
        events = []
        for age in ages:
            stamp = NOW - age * DAY
            events += [UserUttered("bonjour", timestamp=stamp), ActionExecuted("action_listen", timestamp=stamp + 1)]
        await store.save(DialogueStateTracker.from_events(sender, events))
    return store


async def test_purge_removes_what_is_older_than_the_cutoff_and_keeps_the_rest(tracker_url):
    store = await store_conversations(
        tracker_url,
        {
            "ancienne": [200, 150],  # silent for 150 days: removed entirely
            "melangee": [120, 10],  # older half removed, recent half kept
            "recente": [5, 1],  # untouched
        },
    )
    counted = purge(tracker_url, timedelta(days=90), dry_run=True, now=NOW)
    assert (counted.conversations_removed, counted.conversations_trimmed, counted.events_removed) == (1, 1, 6)
    assert len((await store.retrieve("ancienne")).events) == 4  # a dry run deletes nothing

    report = purge(tracker_url, timedelta(days=90), now=NOW)
    assert report == counted
    assert await store.retrieve("ancienne") is None
    kept = await store.retrieve("melangee")
    assert [e.timestamp > NOW - 90 * DAY for e in kept.events] == [True, True]
    assert len((await store.retrieve("recente")).events) == 4
    assert purge(tracker_url, timedelta(days=90), now=NOW).events_removed == 0


def test_purge_on_a_database_without_conversations_does_nothing(tmp_path):
    report = purge(f"sqlite:///{tmp_path / 'vide.db'}", timedelta(days=90))
    assert report.events_removed == 0


@pytest.mark.parametrize(
    "text, expected",
    [
        ("90d", timedelta(days=90)),
        ("90j", timedelta(days=90)),
        ("12h", timedelta(hours=12)),
        ("8w", timedelta(weeks=8)),
    ],
)
def test_durations(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["90", "0d", "-3d", "trois mois", ""])
def test_bad_durations_are_refused_in_french(text):
    with pytest.raises(PurgeError, match="durée invalide"):
        parse_duration(text)


async def test_command_line_dry_run_then_purge(tmp_path):
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    await store_conversations(url, {"ancienne": [100], "recente": [2]})
    env = {"PATH": "/usr/bin:/bin", "TRACKER_DB_URL": url, "HOME": str(tmp_path)}

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "bot", "purge", *args], cwd=ROOT, env=env, capture_output=True, text=True
        )

    dry = run("--older-than", "90d", "--dry-run")
    assert dry.returncode == 0 and "2 événement(s) seraient supprimés" in dry.stdout
    done = run()
    assert done.returncode == 0 and "2 événement(s) supprimés" in done.stdout and "1 conversation(s)" in done.stdout
    bad = run("--older-than", "bientôt")
    assert bad.returncode == 1 and "durée invalide" in bad.stderr
