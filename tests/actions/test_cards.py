"""How items are shown (actions/cards.py): a blocker always comes with the guide's solutions."""

import pytest

from actions.cards import card, linked_solutions, sourced_card
from actions.fallback import ActionDidYouMean


def blockers(kb):
    return [item for item in kb.of_kind("frein") if item.category == "frein"]


def test_every_blocker_s_card_lists_its_solutions(domain, kb):
    assert len(blockers(kb)) == 6
    for blocker in blockers(kb):
        shown = card(domain, blocker, kb)
        solutions = kb.linked(blocker, "solutions")
        assert solutions, blocker.id
        assert all(f"**{solution.title}**" in shown for solution in solutions), blocker.id
        assert linked_solutions(kb, blocker) == solutions
        sourced = sourced_card(domain, blocker, kb)
        assert sourced.startswith(shown)
        assert all(item.source_line in sourced for item in [blocker, *solutions]), blocker.id


def test_a_solution_s_card_is_the_solution_alone(domain, kb):
    solution = kb.linked(blockers(kb)[0], "solutions")[0]
    assert linked_solutions(kb, solution) == []
    assert "Face à ce frein" not in sourced_card(domain, solution, kb)


@pytest.mark.parametrize(
    "text, solution",
    [
        # Written for this test: the blocker said in the advisor's words, under the NLU's bar.
        ("le manque de temps des élus à consacrer au sujet", "Simplifiez la transmission d'informations"),
    ],
)
def test_a_blocker_found_by_the_search_comes_with_what_to_do(run, text, solution):
    turn = run(ActionDidYouMean, "nlu_fallback", text=text, ranking=[{"name": "nlu_fallback", "confidence": 0.4}])
    assert "Le manque de temps à consacrer au sujet" in turn.text
    assert solution in turn.text
    assert turn.text.index("Le manque de temps") < turn.text.index(solution)
