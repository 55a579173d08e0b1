"""Requests the REST webhook must refuse: (what is wrong, raw body, expected status)."""

import json

REFUSED = [
    ("empty body", b"", 400),
    ("invalid JSON", b'{"sender": "x", "message": ', 400),
    ("JSON array", b'["x", "bonjour"]', 400),
    ("invalid UTF-8", b'{"sender": "x", "message": "\xff\xfe caf\xe9"}', 400),
    ("missing sender", json.dumps({"message": "bonjour"}).encode(), 400),
    ("sender is a number", json.dumps({"sender": 12, "message": "bonjour"}).encode(), 400),
    ("very long sender", json.dumps({"sender": "s" * 10_000, "message": "bonjour"}).encode(), 400),
    ("missing message", json.dumps({"sender": "x"}).encode(), 400),
    ("message is a list", json.dumps({"sender": "x", "message": ["bonjour"]}).encode(), 400),
    ("message is an object", json.dumps({"sender": "x", "message": {"text": "bonjour"}}).encode(), 400),
    ("empty message", json.dumps({"sender": "x", "message": ""}).encode(), 400),
    ("whitespace message", json.dumps({"sender": "x", "message": "  \n\t  "}).encode(), 400),
    ("10 kB message", json.dumps({"sender": "x", "message": "élus " * 2048}).encode(), 413),
    ("1 MB body", json.dumps({"sender": "x", "message": "a" * (1 << 20)}).encode(), 413),
    ("metadata not an object", json.dumps({"sender": "x", "message": "bonjour", "metadata": 3}).encode(), 400),
]
