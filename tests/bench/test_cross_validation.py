from collections import Counter

from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bench import cross_validation
from bot.intents import SITUATIONS


def _data() -> TrainingData:
    examples = [
        Message(data={"text": f"{intent} {n}", "intent": intent})
        for intent, count in (("a", 10), ("b", 15), ("c", 25))
        for n in range(count)
    ]
    return TrainingData(training_examples=examples, entity_synonyms={"asso": "association"})


def test_folds_are_stratified_disjoint_and_cover_every_example():
    data = _data()
    folds = list(cross_validation.split(data))
    assert len(folds) == cross_validation.FOLDS
    tested = [m.get("text") for _, test in folds for m in test]
    assert sorted(tested) == sorted(m.get("text") for m in data.intent_examples)
    for train, test in folds:
        assert Counter(m.get("intent") for m in test) == {"a": 2, "b": 3, "c": 5}
        assert not {m.get("text") for m in test} & {m.get("text") for m in train.intent_examples}
        assert train.entity_synonyms == {"asso": "association"}


def test_folds_are_the_same_from_one_run_to_the_next():
    first = [[m.get("text") for m in test] for _, test in cross_validation.split(_data())]
    again = [[m.get("text") for m in test] for _, test in cross_validation.split(_data())]
    assert first == again


def test_mean_and_spread_across_folds():
    def fold(macro, accuracy, f1):
        situations = {s: {"f1": f1} for s in SITUATIONS}
        return {
            "macro_f1": macro,
            "accuracy": accuracy,
            "nlu_fallback_share": 0.1,
            "per_intent": situations,
            "situation_macro_f1": f1,
        }

    summary = cross_validation.summarise([fold(0.8, 0.9, 1.0), fold(0.9, 0.9, 0.8), fold(1.0, 0.9, 0.9)])
    assert summary["macro_f1"] == {"mean": 0.9, "std": 0.1}
    assert summary["accuracy"] == {"mean": 0.9, "std": 0.0}
    assert summary["situation_convinced"] == {"mean": 0.9, "std": 0.1}
    assert summary["situation_macro_f1"] == {"mean": 0.9, "std": 0.1}
