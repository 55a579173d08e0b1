"""What the advisor typed is quoted back only cleaned: no markup, no symbols, short (actions/texts.py)."""

import pytest

from actions.texts import QUOTE_MAX_CHARS, quoted


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("PLU", "PLU"),
        ("  loi  Pintat ", "loi Pintat"),
        ("S.D.T.A.N.", "S.D.T.A.N"),
        ("élu·e « ambassadeur »", "élu e ambassadeur"),
        ("aujourd’hui", "aujourd’hui"),
        ("PCAET ?!", "PCAET"),
    ],
)
def test_a_word_is_quoted_without_symbols(typed, expected):
    assert quoted(typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "<SCRIPT SRC=http://x/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "abc<b>def",
        "x" * (QUOTE_MAX_CHARS + 1),
        "",
        "$%^&*()",
        "___",
    ],
)
def test_markup_long_or_empty_text_is_never_quoted(typed):
    assert quoted(typed) is None
