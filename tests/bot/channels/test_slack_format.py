import pytest

from bot.channels.slack_format import to_mrkdwn


@pytest.mark.parametrize(
    "markdown, mrkdwn",
    [
        ("Je suis **Cap Élus**.", "Je suis *Cap Élus*."),
        ("[Guide](https://exemple.fr/a?b=1&c=2)", "<https://exemple.fr/a?b=1&amp;c=2|Guide>"),
        ("- premier\n- second", "• premier\n• second"),
        ("<img src=x onerror=alert(1)> & <!channel>", "&lt;img src=x onerror=alert(1)&gt; &amp; &lt;!channel&gt;"),
        ("Source : guide « Mobiliser les élus », p. 14", "Source : guide « Mobiliser les élus », p. 14"),
    ],
)
def test_markdown_becomes_slack_mrkdwn(markdown, mrkdwn):
    assert to_mrkdwn(markdown) == mrkdwn
