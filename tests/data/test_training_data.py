"""The training data and the held-out set, checked without a model."""

import re
from collections import Counter

import pytest

from bench.blind_situations import BLIND_SETS, messages
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


# Formulas shorter than this (« bonjour », « merci beaucoup », « c koi la scoran ») are bound to
# be written alike by two writers; from this length on, a close match is a copy.
MIN_WORDS_COMPARED = 5


def _near_copies(tests, training, cutoff=90.0):
    """Pairs (test sentence, training sentence) at least `cutoff` % alike (accents, case folded)."""
    from rapidfuzz import fuzz, process

    from bot.nlu.story_focus import fold

    train_texts = [fold(text) for _intent, text in training]
    pairs = []
    for text in tests:
        if len(re.findall(r"\w+", text)) < MIN_WORDS_COMPARED:
            continue
        match = process.extractOne(fold(text), train_texts, scorer=fuzz.ratio, score_cutoff=cutoff)
        if match is not None:
            pairs.append((text, training[match[2]][1], round(match[1])))
    return pairs


@pytest.mark.parametrize("path", BLIND_SETS, ids=lambda p: p.name)
def test_the_blind_situation_sets_are_kept_out_of_training(path):
    assert _near_copies([m["text"] for m in messages(path)], TRAIN) == []


def test_the_blind_questions_and_conversations_are_kept_out_of_training():
    from bench.blind_answers import conversations, lookups

    texts = [str(q["q"]) for q in lookups()] + [str(t["user"]) for c in conversations() for t in c["turns"]]
    assert len(texts) > 250
    assert _near_copies(texts, TRAIN) == []


def _dev_texts():
    """The dev sets' messages (bench/dev/): look-ups and conversation turns."""
    from bench.blind_answers import DEV_CONVERSATIONS, DEV_LOOKUPS, conversations, lookups

    turns = [str(t["user"]) for c in conversations(DEV_CONVERSATIONS) for t in c["turns"]]
    return [str(q["q"]) for q in lookups(DEV_LOOKUPS)] + turns


def test_the_dev_sets_are_kept_out_of_training():
    texts = _dev_texts()
    assert len(texts) > 300
    assert _near_copies(texts, TRAIN) == []


def _knowledge_questions():
    """The `questions` of every item and step of knowledge/ (what the search matches advisors' words to)."""
    from bot.knowledge.loader import read_knowledge

    return [("question", q) for item in read_knowledge().items for q in item.get("questions") or []]


def test_no_test_question_is_copied_into_the_knowledge_base():
    from bench.blind_answers import conversations, lookups

    questions = _knowledge_questions()
    assert len(questions) > 600
    texts = [str(q["q"]) for q in lookups()] + [str(t["user"]) for c in conversations() for t in c["turns"]]
    assert _near_copies(texts + _dev_texts(), questions) == []


def test_the_held_out_set_has_no_near_copy_in_training():
    assert _near_copies([text for _intent, text in TEST], TRAIN) == []


def test_the_near_copy_check_catches_a_lightly_edited_sentence():
    training = [("situation_no_contact", "Je ne connais aucun élu de ma commune depuis mon arrivée.")]
    assert _near_copies(["je ne connais aucun elu de ma commune depuis mon arrivee"], training)
    assert not _near_copies(["le maire veut une feuille de route pour 2025"], training)
    assert not _near_copies(["merci beaucoup"], [("thanks", "merci beaucoup")])
