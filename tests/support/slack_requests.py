"""Requests as Slack sends them (Events API, interactivity), signed with the fake app's secret."""

from __future__ import annotations

import json
import time
import uuid

from slack_sdk.signature import SignatureVerifier

from tests.support import fake_slack


def signed_headers(
    body: bytes, content_type: str, secret: str = fake_slack.SIGNING_SECRET, timestamp: int | None = None
) -> dict:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
    return {"Content-Type": content_type, "X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature}


def event_body(
    text: str,
    *,
    channel: str,
    user: str,
    kind: str = "app_mention",
    ts: str = "1700000001.000200",
    thread_ts: str | None = None,
    event_id: str | None = None,
) -> bytes:
    event = {"type": kind, "user": user, "text": text, "channel": channel, "ts": ts}
    if kind == "message":
        event["channel_type"] = "im"
    if thread_ts:
        event["thread_ts"] = thread_ts
    return json.dumps(
        {
            "type": "event_callback",
            "event_id": event_id or f"Ev{uuid.uuid4().hex[:10]}",
            "authorizations": [{"user_id": fake_slack.BOT_USER_ID}],
            "event": event,
        }
    ).encode()


def fresh(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:8].upper()}"
