"""The training data and the held-out set, checked without a model."""

from collections import Counter

from tests.nlu_data import HELD_OUT, SITUATIONS, TRAINING, examples

TRAIN = examples(TRAINING)
TEST = examples(HELD_OUT)


def test_no_example_is_written_twice():
    counts = Counter(text.lower() for _intent, text in TRAIN)
    assert [text for text, n in counts.items() if n > 1] == []


def test_held_out_set_never_appears_in_training():
    training = {text.lower() for _intent, text in TRAIN}
    assert [text for _intent, text in TEST if text.lower() in training] == []


def test_enough_examples_per_situation():
    train, test = Counter(i for i, _ in TRAIN), Counter(i for i, _ in TEST)
    for situation in SITUATIONS:
        assert train[situation] >= 60
        assert test[situation] >= 25


def test_the_acceptance_phrase_is_kept_out_of_training():
    assert "je ne connais aucun élu de ma commune" not in {text.lower() for _i, text in TRAIN}
