"""`python -m bot kb …` as an editor runs it."""

import os
import subprocess
import sys

import pytest

from bot.settings import ROOT


@pytest.fixture
def run_kb(tmp_path):
    env = dict(os.environ, KB_DATABASE_URL=f"sqlite:///{tmp_path / 'kb.db'}")

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "bot", "kb", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
        )

    return run


def test_check_reports_coverage(run_kb):
    done = run_kb("check")
    assert done.returncode == 0, done.stderr
    assert "knowledge/ est valide" in done.stdout
    assert "[ok ] témoignages : 19" in done.stdout
    assert "MANQUE" not in done.stdout


def test_check_lists_problems_and_fails(run_kb, tmp_path):
    bad = tmp_path / "knowledge"
    bad.mkdir()
    (bad / "guide.yml").write_text("kind: guide\n", encoding="utf-8")
    done = run_kb("check", "--dir", str(bad))
    assert done.returncode == 1
    assert "knowledge/tags.yml : fichier manquant" in done.stderr
    assert "champ « source_modele »" in done.stderr


def test_stats_before_load_says_what_to_do(run_kb):
    done = run_kb("stats")
    assert done.returncode == 1
    assert "python -m bot kb load" in done.stderr


def test_load_stats_search_show(run_kb):
    load = run_kb("load")
    assert load.returncode == 0 and "version 1" in load.stdout
    assert "Rien n'a changé" in run_kb("load").stdout
    stats = run_kb("stats")
    assert "temoignage : 19" in stats.stdout
    search = run_kb("search", "c'est quoi le S.D.T.A.N. ?", "--limit", "2")
    assert search.stdout.startswith("1. [sigle-sdtan]")
    assert "Source : guide « Mobiliser les élus de son territoire » (mai 2024), partie 5, p. 28" in search.stdout
    show = run_kb("show", "reseau-amf")
    assert "https://www.amf.asso.fr/" in show.stdout
    missing = run_kb("show", "inconnu")
    assert missing.returncode == 1 and "Aucun item « inconnu »" in missing.stderr
