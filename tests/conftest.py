"""Shared fixtures: a real stack (action server, Rasa, chat page) on free ports; the test tiers.

The session's stack has every channel on: Mattermost and Slack point at fakes
of their APIs on loopback (tests/support), started before the stack and
stopped after it.

Tiers (pytest markers, declared in pyproject.toml): everything under
tests/integration, and any test on the running stack or on PostgreSQL, is
`integration`; `make test-fast` runs the rest (no server, no model, no training).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from tests.support import fake_mattermost, fake_slack
from tests.support.loopback import LoopbackServer, Recorder
from tests.support.postgres import temporary_postgres
from tests.support.redis import temporary_redis
from tests.support.stack import API_TOKEN, RunningBot, started_stack


@pytest.fixture(scope="session")
def running_bot(tmp_path_factory) -> Iterator[RunningBot]:
    """The stack as deployed: API behind a token, Mattermost and Slack on, pointed at fakes."""
    mattermost, slack = Recorder(), Recorder()
    with (
        LoopbackServer(fake_mattermost.create_app(mattermost)) as mm,
        LoopbackServer(fake_slack.create_app(slack)) as sl,
    ):
        with started_stack(
            tmp_path_factory,
            RASA_AUTH_TOKEN=API_TOKEN,
            MATTERMOST_URL=mm.url,
            MATTERMOST_BOT_TOKEN=fake_mattermost.BOT_TOKEN,
            MATTERMOST_WEBHOOK_TOKEN=fake_mattermost.WEBHOOK_TOKEN,
            SLACK_BOT_TOKEN=fake_slack.BOT_TOKEN,
            SLACK_SIGNING_SECRET=fake_slack.SIGNING_SECRET,
            SLACK_API_URL=f"{sl.url}/api",
        ) as bot:
            bot.mattermost, bot.slack = mattermost, slack
            yield bot


@pytest.fixture(scope="session")
def postgres_url():
    """A throw-away PostgreSQL server for the whole session, stopped at the end."""
    with temporary_postgres() as url:
        yield url


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """A throw-away Redis server for the module, stopped at the end."""
    with temporary_redis(tmp_path_factory.mktemp("redis")) as redis:
        yield redis.url


# Fixtures that start servers: a test using one is an integration test wherever it lives.
SERVER_FIXTURES = ("running_bot", "postgres_url", "redis_url")


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        in_integration = "integration" in Path(str(item.fspath)).parts
        if in_integration or any(name in item.fixturenames for name in SERVER_FIXTURES):
            item.add_marker(pytest.mark.integration)
