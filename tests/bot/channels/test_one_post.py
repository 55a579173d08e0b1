"""One answer, one post (issue 15): a turn's messages reach Mattermost and Slack as a single post.

The dialogue is replaced by a turn that answers as Rasa does, with several messages (next
steps, source, a question with buttons); the channels post to fakes of the Mattermost and
Slack APIs on loopback (tests/support), which record every call.
"""

from __future__ import annotations

import asyncio
import json

import pytest

from bot.channels.mattermost import MattermostInput
from bot.channels.one_post import AnswerCollector
from bot.channels.slack import MAX_SECTION_TEXT, SlackInput, sections
from tests.support import fake_mattermost, fake_slack
from tests.support.loopback import LoopbackServer, Recorder

BUTTONS = [
    {"title": "En milieu rural", "payload": '/inform{"territoire": "rural"}'},
    {"title": "Autre chose", "payload": "/help"},
]


async def answering_turn(message) -> None:
    """A situation's answer as Rasa sends it: four messages, the last with buttons."""
    out, me = message.output_channel, message.sender_id
    await out.send_text_message(me, "**Prochaines étapes**\n- Repérer les élus\n- Demander un rendez-vous")
    await out.send_text_message(me, "Source : guide « Mobiliser les élus de son territoire », p. 12")
    await out.send_text_message(me, "Un témoignage vous aiderait ?")
    await out.send_text_with_buttons(me, "Sur quel territoire travaillez-vous ?", BUTTONS)


async def failing_turn(message) -> None:
    await message.output_channel.send_text_message(message.sender_id, "Le service est momentanément indisponible.")
    raise RuntimeError("le tour a échoué après un premier message")


@pytest.fixture
def mattermost_api():
    recorder = Recorder()
    with LoopbackServer(fake_mattermost.create_app(recorder)) as server:
        yield server.url, recorder


def mattermost_channel(url: str) -> MattermostInput:
    return MattermostInput.from_credentials({
        "url": url,
        "token": fake_mattermost.BOT_TOKEN,
        "webhook_token": fake_mattermost.WEBHOOK_TOKEN,
        "webhook_url": "http://127.0.0.1:5005/webhooks/mattermost/webhook",
    })  # fmt: skip


def mattermost_posts(recorder: Recorder) -> list:
    return [c.body for c in recorder.matching(lambda c: c.method == "POST" and c.path == "/api/v4/posts")]


async def test_mattermost_posts_a_whole_answer_once_in_reading_order_with_its_buttons(mattermost_api):
    url, recorder = mattermost_api
    channel = mattermost_channel(url)
    await channel._forward(answering_turn, "je ne connais aucun élu", "u1", "c1", "root1")
    (post,) = mattermost_posts(recorder)
    assert (post["channel_id"], post["root_id"]) == ("c1", "root1")
    paragraphs = post["message"].split("\n\n")
    assert paragraphs[0].startswith("**Prochaines étapes**") and "- Demander un rendez-vous" in paragraphs[0]
    assert paragraphs[1:] == [
        "Source : guide « Mobiliser les élus de son territoire », p. 12",
        "Un témoignage vous aiderait ?",
        "Sur quel territoire travaillez-vous ?",
    ]
    (attachment,) = post["props"]["attachments"]
    assert [a["name"] for a in attachment["actions"]] == ["En milieu rural", "Autre chose"]
    assert [a["integration"]["context"]["payload"] for a in attachment["actions"]] == [b["payload"] for b in BUTTONS]
    assert all(channel.signer.verify(a["integration"]["context"]) for a in attachment["actions"])


async def test_mattermost_posts_what_a_failed_turn_said_before_failing(mattermost_api):
    url, recorder = mattermost_api
    await mattermost_channel(url)._forward(failing_turn, "bonjour", "u1", "c1", "root1")
    (post,) = mattermost_posts(recorder)
    assert post["message"] == "Le service est momentanément indisponible." and "props" not in post


async def test_mattermost_posts_nothing_for_a_silent_turn(mattermost_api):
    url, recorder = mattermost_api

    async def silent(_message) -> None:
        return None

    await mattermost_channel(url)._forward(silent, "…", "u1", "c1", "root1")
    assert mattermost_posts(recorder) == []


@pytest.fixture
def slack_api():
    recorder = Recorder()
    with LoopbackServer(fake_slack.create_app(recorder)) as server:
        yield f"{server.url}/api", recorder


def slack_channel(api_url: str) -> SlackInput:
    return SlackInput.from_credentials({
        "slack_token": fake_slack.BOT_TOKEN,
        "slack_signing_secret": fake_slack.SIGNING_SECRET,
        "api_url": api_url,
    })  # fmt: skip


async def run_slack_turn(channel: SlackInput, turn, thread_ts=None) -> None:
    channel._start(turn, "je ne connais aucun élu", "U1", "D1", thread_ts)
    await asyncio.gather(*channel._background_tasks)


def slack_posts(recorder: Recorder) -> list:
    posts = [c.body for c in recorder.matching(lambda c: c.path.endswith("chat.postMessage"))]
    for post in posts:
        if isinstance(post.get("blocks"), str):
            post["blocks"] = json.loads(post["blocks"])
    return posts


async def test_slack_posts_a_whole_answer_as_one_message_with_a_section_per_part_and_its_buttons(slack_api):
    api_url, recorder = slack_api
    await run_slack_turn(slack_channel(api_url), answering_turn, thread_ts="1700000100.000300")
    (post,) = slack_posts(recorder)
    assert post["channel"] == "D1" and post["thread_ts"] == "1700000100.000300"
    kinds = [block["type"] for block in post["blocks"]]
    assert kinds == ["section"] * 4 + ["actions"]
    assert post["blocks"][0]["text"]["text"].startswith("*Prochaines étapes*\n• Repérer les élus")
    assert [e["value"] for e in post["blocks"][-1]["elements"]] == [b["payload"] for b in BUTTONS]
    # The notification and screen-reader fallback holds the whole answer too.
    assert "Source : guide « Mobiliser les élus de son territoire », p. 12" in post["text"]


async def test_slack_answer_without_buttons_is_one_plain_mrkdwn_message(slack_api):
    api_url, recorder = slack_api
    await run_slack_turn(slack_channel(api_url), failing_turn)
    (post,) = slack_posts(recorder)
    assert post["text"] == "Le service est momentanément indisponible." and "blocks" not in post


def test_a_long_part_is_cut_at_line_ends_into_sections_slack_accepts():
    line = "x" * 70
    part = "\n".join([line] * 100)  # 7,099 characters
    blocks = sections([part, "court"])
    texts = [block["text"]["text"] for block in blocks]
    assert all(len(text) <= MAX_SECTION_TEXT for text in texts)
    assert "\n".join(texts[:-1]) == part and texts[-1] == "court"
    assert sections(["y" * (MAX_SECTION_TEXT + 10)])[1]["text"]["text"] == "y" * 10


def test_the_collector_answers_under_the_channels_name():
    # Responses chosen by channel in the domain (`channel: slack`) must stay those of the channel.
    assert AnswerCollector("slack").name() == "slack"


def socketio_channel():
    from bot.channels.socketio import SocketIOInput

    credentials = {"user_message_evt": "user_uttered", "bot_message_evt": "bot_uttered", "session_persistence": True}
    channel = SocketIOInput.from_credentials(credentials)
    channel.blueprint(answering_turn)
    emitted = []

    async def emit(event, data=None, room=None, **kwargs):
        emitted.append((event, data, room))

    channel.sio.emit = emit
    return channel, emitted


async def test_the_web_widget_gets_a_whole_answer_as_one_message_with_its_quick_replies():
    channel, emitted = socketio_channel()
    handle = channel.sio.handlers["/"]["user_uttered"]
    await handle("sid-1", {"message": "je ne connais aucun élu", "session_id": "session-1"})
    (event, message, room) = emitted[-1]
    assert (event, room) == ("bot_uttered", "session-1")
    assert [e for e in emitted if e[0] == "bot_uttered"] == [emitted[-1]]
    paragraphs = message["text"].split("\n\n")
    assert len(paragraphs) == 4 and paragraphs[-1] == "Sur quel territoire travaillez-vous ?"
    assert [r["payload"] for r in message["quick_replies"]] == [b["payload"] for b in BUTTONS]


async def test_slack_keeps_the_buttons_of_an_answer_longer_than_fifty_blocks(slack_api):
    api_url, recorder = slack_api

    async def long_turn(message) -> None:
        for index in range(60):
            await message.output_channel.send_text_message(message.sender_id, f"Partie {index}")
        await message.output_channel.send_text_with_buttons(message.sender_id, "Et maintenant ?", BUTTONS)

    await run_slack_turn(slack_channel(api_url), long_turn)
    (post,) = slack_posts(recorder)
    assert len(post["blocks"]) == 50 and post["blocks"][0]["text"]["text"] == "Partie 0"
    assert post["blocks"][-1]["type"] == "actions"
    assert "Partie 59" in post["text"] and "Et maintenant ?" in post["text"]
