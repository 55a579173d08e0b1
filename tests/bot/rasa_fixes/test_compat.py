"""The fixes refuse a Rasa they were not checked against, and every target is where they expect it."""

import inspect
import re

import pytest

from bot import rasa_fixes
from bot.rasa_fixes import compat
from bot.rasa_fixes.compat import RasaIncompatible, Target, check_rasa_version
from bot.settings import ROOT


def locked_rasa_version() -> str:
    lock = (ROOT / "requirements" / "lock.txt").read_text(encoding="utf-8")
    return re.search(r"^rasa==(\S+)$", lock, re.MULTILINE).group(1)


def test_the_locked_rasa_is_one_the_fixes_were_checked_against():
    assert locked_rasa_version() in compat.TESTED_RASA_VERSIONS
    check_rasa_version()  # the installed one


@pytest.mark.parametrize("version", ["3.7.0", "3.6.20", "4.0.0"])
def test_another_rasa_version_is_refused_by_name(version):
    with pytest.raises(RasaIncompatible, match=rf"Rasa {re.escape(version)} est installé.*3\.6\.21"):
        check_rasa_version(version)


def replaced_parts() -> dict:
    """What each target of Rasa is right now (a fix installed or not)."""
    return {target.label: inspect.getattr_static(target.owner, target.name) for target in rasa_fixes.all_targets()}


def test_install_on_another_version_refuses_and_replaces_nothing(monkeypatch):
    before = replaced_parts()
    monkeypatch.setattr(compat, "installed_rasa_version", lambda: "3.7.1")
    with pytest.raises(RasaIncompatible, match="Rasa 3.7.1"):
        rasa_fixes.install()
    assert replaced_parts() == before


@pytest.mark.parametrize("target", rasa_fixes.all_targets(), ids=lambda t: t.label.rsplit(".", 2)[-2] + "." + t.name)
def test_each_target_exists_with_the_parameters_its_fix_was_written_for(target):
    assert callable(target.original())


def test_every_fix_and_override_names_its_targets():
    modules = rasa_fixes.fix_modules()
    assert [m.__name__.rsplit(".", 1)[-1] for m in modules] == list(rasa_fixes.FIXES)
    assert all(m.TARGETS for m in modules)
    assert len(rasa_fixes.all_targets()) > len(modules)  # the plugins' and the socket.io channel's too


class Stock:
    def handle(self, message, tracker=None):
        return message

    @staticmethod
    def lookup(name):
        return name


def test_a_target_whose_parameters_changed_is_refused_by_name():
    with pytest.raises(RasaIncompatible, match=r"Stock\.handle attend maintenant \('self', 'message', 'tracker'\)"):
        Target(Stock, "handle", ("self", "message")).original()


def test_a_target_that_vanished_is_refused_by_name():
    with pytest.raises(RasaIncompatible, match=r"Stock\.parse_message n'existe plus"):
        Target(Stock, "parse_message", ("self", "message")).original()


def test_a_static_target_is_checked_without_its_descriptor():
    assert Target(Stock, "lookup", ("name",)).original()("x") == "x"


def test_checking_targets_refuses_another_rasa_then_a_changed_target(monkeypatch):
    good, changed = Target(Stock, "lookup", ("name",)), Target(Stock, "handle", ("self", "message"))
    compat.check_targets([good])
    with pytest.raises(RasaIncompatible, match=r"Stock\.handle attend maintenant"):
        compat.check_targets([good, changed])
    monkeypatch.setattr(compat, "installed_rasa_version", lambda: "3.7.1")
    with pytest.raises(RasaIncompatible, match="Rasa 3.7.1 est installé"):
        compat.check_targets([good])


def test_the_length_bucketed_diet_is_checked_before_it_is_created(monkeypatch):
    from bot.nlu.length_buckets import LengthBucketedDIET

    monkeypatch.setattr(compat, "installed_rasa_version", lambda: "3.7.1")
    with pytest.raises(RasaIncompatible, match="Rasa 3.7.1"):
        LengthBucketedDIET.create({}, None, None, None)
