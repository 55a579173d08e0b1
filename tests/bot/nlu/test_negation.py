"""Negation scope for the resolver's word features (bot.nlu.negation)."""

import pytest

from bot.knowledge.text import fold
from bot.nlu.negation import PREFIX, mark_negation


@pytest.mark.parametrize(
    "text, negated, plain",
    [
        ("Je ne connais aucun élu", ["connais", "elu"], ["je"]),
        # After an elided « n' », the scope opens at the negation's second word.
        ("je n'ai jamais rencontré le maire", ["rencontre", "maire"], ["je", "ai"]),
        # A comma, or « mais », closes it.
        ("ils ne bougent pas, le maire veut un plan", ["bougent"], ["maire", "veut", "plan"]),
        ("ils ne sont pas contre, au contraire", ["sont", "contre"], ["contraire"]),
        ("personne ne bouge mais le maire veut un plan", ["bouge"], ["maire", "veut", "plan"]),
        ("le maire veut une feuille de route", [], ["maire", "veut", "feuille", "route"]),
    ],
)
def test_the_words_in_a_negation_s_scope_are_marked(text, negated, plain):
    words = mark_negation(fold(text)).split()
    for word in negated:
        assert PREFIX + word in words and word not in words
    for word in plain:
        assert word in words and PREFIX + word not in words


def test_nothing_to_mark_in_an_empty_text():
    assert mark_negation("") == ""
