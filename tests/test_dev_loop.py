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


def test_make_test_runs_each_test_in_exactly_one_of_its_pytest_runs():
    """scripts/test.sh runs the suite as three pytest runs (fast tier beside the training, slow
    tier, cluster alone): every combination of the tiers' markers falls in exactly one."""
    from itertools import product

    from _pytest.mark.expression import Expression

    fast = re.search(r"^FAST := (.+)$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.MULTILINE).group(1)
    script = (ROOT / "scripts" / "test.sh").read_text(encoding="utf-8")
    runs = [m.replace("$FAST", fast) for m in re.findall(r'-m pytest -m "([^"]+)"', script)]
    assert len(runs) == 3, runs
    for flags in product([False, True], repeat=3):
        markers = {name for name, on in zip(("integration", "browser", "cluster"), flags, strict=True) if on}
        chosen = [run for run in runs if Expression.compile(run).evaluate(markers.__contains__)]
        assert len(chosen) == 1, (markers, chosen)
