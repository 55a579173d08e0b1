import json

import pytest

from bot.channels.rest import MAX_MESSAGE_CHARS, RequestRefused, read_request


def body(**data) -> bytes:
    return json.dumps(data).encode()


@pytest.mark.parametrize(
    "raw, status, words",
    [
        (b"", 400, "pas du JSON"),
        (b"{sender: moi}", 400, "pas du JSON"),
        (b'{"sender": "a", "message": "caf\xe9"}', 400, "UTF-8"),
        (b'["sender", "message"]', 400, "objet JSON"),
        (body(message="bonjour"), 400, "« sender » manque"),
        (body(sender="", message="bonjour"), 400, "« sender » manque"),
        (body(sender=42, message="bonjour"), 400, "« sender » manque"),
        (body(sender="x" * 129, message="bonjour"), 400, "« sender » est invalide"),
        (body(sender="a\nb", message="bonjour"), 400, "« sender » est invalide"),
        (body(sender="moi"), 400, "« message » manque"),
        (body(sender="moi", message=["bonjour"]), 400, "« message » manque"),
        (body(sender="moi", message=None), 400, "« message » manque"),
        (body(sender="moi", message=""), 400, "« message » est vide"),
        (body(sender="moi", message=" \n\t "), 400, "« message » est vide"),
        (body(sender="moi", message="a" * (MAX_MESSAGE_CHARS + 1)), 413, "trop long"),
        (body(sender="moi", message="bonjour", metadata="texte"), 400, "« metadata »"),
    ],
)
def test_bad_requests_are_refused_with_a_french_reason(raw, status, words):
    with pytest.raises(RequestRefused) as refused:
        read_request(raw)
    assert refused.value.status == status
    assert words in str(refused.value)


def test_a_good_request_is_read():
    assert read_request(body(sender="moi", message="bonjour 👋", metadata={"a": 1})) == ("moi", "bonjour 👋", {"a": 1})
