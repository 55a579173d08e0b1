"""Domain checks that Rasa's validation does not make (bot/domain_check.py, `make validate`)."""

import shutil

from bot import cli, domain_check
from bot.settings import ROOT


def test_every_intent_did_you_mean_may_offer_has_its_button_label():
    assert domain_check.problems() == []
    assert cli.main(["domain-check"]) == 0


def test_an_intent_without_its_label_is_an_error_naming_it(tmp_path):
    shutil.copytree(ROOT / "domain", tmp_path / "domain")
    questions = tmp_path / "domain" / "questions.yml"
    text = questions.read_text(encoding="utf-8")
    start = text.index("  utter_label_ask_tools:")
    end = text.index("\n  utter_", start + 1)
    questions.write_text(text[:start] + text[end + 1 :], encoding="utf-8")
    assert domain_check.unlabelled_intents(tmp_path) == ["ask_tools"]
    assert "utter_label_ask_tools" in domain_check.problems(tmp_path)[0]


def test_an_entity_the_domain_does_not_declare_is_an_error_naming_it(tmp_path):
    shutil.copytree(ROOT / "domain", tmp_path / "domain")
    base = tmp_path / "domain" / "base.yml"
    text = base.read_text(encoding="utf-8")
    assert "  - sigle\n" in text
    base.write_text(text.replace("  - sigle\n", "", 1), encoding="utf-8")
    assert domain_check.entity_mismatch(tmp_path) == ["sigle"]
    assert "« sigle »" in domain_check.problems(tmp_path)[0]
