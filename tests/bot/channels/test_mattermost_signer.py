import pytest

from bot.channels.mattermost import ButtonSigner, MattermostInput


def test_a_signed_context_verifies_with_the_same_token_only():
    context = ButtonSigner("jeton-a").context("/situation_convinced", "canal", "racine")
    assert ButtonSigner("jeton-a").verify(context)
    assert not ButtonSigner("jeton-b").verify(context)


@pytest.mark.parametrize("field", ["payload", "channel_id", "root_id"])
def test_changing_any_signed_field_breaks_the_signature(field):
    signer = ButtonSigner("jeton")
    context = signer.context("/situation_convinced", "canal", "racine")
    context[field] += "x"
    assert not signer.verify(context)


@pytest.mark.parametrize(
    "context", [None, "texte", {}, {"payload": 1, "channel_id": "c", "root_id": "r", "signature": "s"}]
)
def test_malformed_contexts_are_refused(context):
    assert not ButtonSigner("jeton").verify(context)


@pytest.mark.parametrize(
    "text, trigger, expected",
    [
        ("@cap-elus c'est quoi le SDTAN ?", "@cap-elus", "c'est quoi le SDTAN ?"),
        ("@Cap-Elus, bonjour", "@cap-elus", "bonjour"),
        ("bonjour à tous", "", "bonjour à tous"),
    ],
)
def test_trigger_word_is_removed(text, trigger, expected):
    assert MattermostInput._message_text({"text": text, "trigger_word": trigger}) == expected


def test_missing_credentials_are_named_in_french():
    with pytest.raises(ValueError, match="webhook_token"):
        MattermostInput.from_credentials({"url": "https://chat", "token": "t", "webhook_url": "https://bot/x"})
