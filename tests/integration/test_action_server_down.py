"""The action server dies: the advisor gets a French apology, then normal answers once it is back."""

from __future__ import annotations

import pytest

from tests.support.components import component_settings, started_components, wait_until

SITUATION = "je ne connais aucun élu de ma commune"
SOURCE = "Source : guide « Mobiliser les élus de son territoire »"
APOLOGY = "momentanément indisponible"


@pytest.fixture(scope="module")
def components(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("actions-down")
    with started_components(component_settings(tmp), tmp / "servers.log") as running:
        yield running


def test_apology_while_the_action_server_is_down_then_recovery(components):
    sender = "conseillere-actions-down"
    assert SOURCE in components.texts(sender, SITUATION)

    components.stack.stop_service(components.actions)
    answer = components.say(sender, SITUATION)
    assert answer.status_code == 200
    text = "\n".join(m.get("text", "") for m in answer.json())
    assert APOLOGY in text
    assert "Traceback" not in text and "Exception" not in text

    components.stack.start_service(components.actions)
    wait_until(components.actions.ready_url)
    assert SOURCE in components.texts(sender, SITUATION)

    # Nothing was lost: the three messages are in the conversation, in order.
    users = [e["text"] for e in components.tracker(sender)["events"] if e["event"] == "user"]
    assert users == [SITUATION] * 3


def test_action_server_killed_without_warning(components):
    import signal

    sender = "conseiller-actions-killed"
    components.stack.stop_service(components.actions, sig=signal.SIGKILL)
    assert APOLOGY in components.texts(sender, SITUATION)
    components.stack.start_service(components.actions)
    wait_until(components.actions.ready_url)
    assert SOURCE in components.texts(sender, SITUATION)
