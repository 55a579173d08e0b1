from __future__ import annotations

from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.chat_page.server import create_app
from bot.settings import load_settings


def settings_with(**environ: str):
    return load_settings(environ=environ, dotenv_path=Path("/nonexistent/.env"))


@pytest.fixture
def settings():
    return settings_with(RASA_PORT="5005", CHAT_PORT="8080")


@pytest.fixture
async def client(settings):
    async with TestClient(TestServer(create_app(settings))) as test_client:
        yield test_client
