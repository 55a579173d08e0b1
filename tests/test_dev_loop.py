"""The developer's checks agree: the pre-commit hooks run what `make lint` and `make validate` run."""

import re

import yaml

from bot.settings import ROOT


def make_recipe(target: str) -> str:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    match = re.search(rf"^{re.escape(target)}:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert match, f"cible make {target} introuvable"
    return match.group(1)


def test_each_pre_commit_hook_is_a_command_of_make_lint_or_validate():
    hooks = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"][0]["hooks"]
    recipes = make_recipe("lint") + make_recipe("validate")
    for hook in hooks:
        command = hook["entry"].replace(".venv/bin/python", "$(PY)")
        assert command in recipes, f"le hook {hook['id']} ne fait pas ce que fait make : {command}"


def test_make_lint_formats_and_type_checks():
    recipe = make_recipe("lint")
    assert "ruff format --check" in recipe and "mypy" in recipe
