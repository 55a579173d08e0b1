"""DIET's batches group messages of similar length, and training really goes through them."""

from __future__ import annotations

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator

from bot.nlu import length_buckets
from bot.nlu.length_buckets import (
    LengthBucketedBatches,
    LengthBucketedDIET,
    bucketed_order,
    message_lengths,
)
from bot.settings import ROOT


def padding(lengths: np.ndarray, order: np.ndarray, batch_size: int) -> int:
    """Padded positions when the examples are batched in `order`."""
    total = 0
    for start in range(0, len(order), batch_size):
        batch = lengths[order[start : start + batch_size]]
        total += int(batch.max()) * len(batch) - int(batch.sum())
    return total


def mixed_lengths(count: int = 400, seed: int = 1) -> np.ndarray:
    """Mostly short messages and some long stories, as in data/nlu/."""
    rng = np.random.default_rng(seed)
    return np.where(rng.random(count) < 0.2, rng.integers(30, 80, count), rng.integers(3, 15, count))


def test_the_order_is_a_permutation_of_every_example():
    lengths = mixed_lengths()
    np.random.seed(0)
    order = bucketed_order(lengths, batch_size=32)
    assert sorted(order.tolist()) == list(range(len(lengths)))


def test_batches_of_similar_length_cut_the_padding():
    lengths = mixed_lengths()
    np.random.seed(0)
    stock = padding(lengths, np.random.permutation(len(lengths)), 32)
    bucketed = padding(lengths, bucketed_order(lengths, 32), 32)
    assert bucketed < stock / 3


def test_the_batches_come_in_random_order_decided_by_the_seed():
    lengths = mixed_lengths()
    np.random.seed(3)
    first = bucketed_order(lengths, 16, window_batches=len(lengths))
    np.random.seed(3)
    assert np.array_equal(first, bucketed_order(lengths, 16, window_batches=len(lengths)))
    # One window holds everything: sorted by length, then whole batches shuffled.
    assert not np.all(np.diff(lengths[first]) >= 0)
    batch_maxima = [lengths[first[i : i + 16]].max() for i in range(0, len(first), 16)]
    assert batch_maxima != sorted(batch_maxima)


def test_an_empty_data_set_gives_an_empty_order():
    assert bucketed_order(np.array([], dtype=int), 8).size == 0


TEXTS = {
    "greet": ["bonjour", "salut à toi", "bonjour bonjour", "hello"],
    "story": [
        "au début le maire ne répondait jamais à mes mails mais depuis la réunion publique de mars il "
        "veut une feuille de route sur trois ans pour sa commune",
        "mes collègues de la médiathèque connaissent bien les adjoints mais moi je n'ai encore "
        "jamais croisé un seul élu du conseil municipal depuis que je suis arrivée",
        "j'avais un bon lien avec l'ancienne adjointe au numérique, mais depuis les élections je ne "
        "connais plus personne à la mairie et personne ne me rappelle",
        "la présidente de l'intercommunalité m'a reçu deux fois et elle veut maintenant qu'on "
        "monte ensemble un plan d'inclusion numérique pour les vingt communes",
    ],
}


def training_data() -> TrainingData:
    return TrainingData(
        [Message(data={TEXT: text, INTENT: intent}) for intent, texts in TEXTS.items() for text in texts]
    )


def featurizers(data: TrainingData, storage, context):
    """Tokenizes and featurizes the training data; returns what does the same to a new message."""
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    tokenizer.process_training_data(data)
    featurizer = CountVectorsFeaturizer.create(
        CountVectorsFeaturizer.get_default_config(), storage, Resource("cvf"), context
    )
    featurizer.train(data)
    featurizer.process_training_data(data)

    def prepare(text: str) -> Message:
        message = Message(data={TEXT: text})
        tokenizer.process([message])
        featurizer.process([message])
        return message

    return prepare


@pytest.fixture()
def context(tmp_path):
    storage = LocalModelStorage(tmp_path)
    return storage, ExecutionContext(GraphSchema({}), "test")


def test_rasa_batches_become_batches_of_similar_length(context):
    storage, execution = context
    data = training_data()
    featurizers(data, storage, execution)
    component = LengthBucketedDIET.create(
        {**LengthBucketedDIET.get_default_config(), "epochs": 1}, storage, Resource("diet"), execution
    )
    model_data = component.preprocess_train_data(data)
    np.random.seed(5)
    stock = RasaBatchDataGenerator(model_data, batch_size=4, epochs=1, batch_strategy="sequence")
    bucketed = LengthBucketedBatches.like(stock)
    assert (bucketed.batch_size, bucketed._epochs, bucketed.batch_strategy) == (4, 1, "sequence")
    batches = [message_lengths(bucketed._data)[i : i + 4] for i in range(0, len(data.training_examples), 4)]
    # Two batches: the four greetings together, the four stories together.
    assert sorted(max(batch) for batch in batches)[0] <= 3
    assert sorted(len(batch) for batch in batches) == [4, 4]


@pytest.mark.integration  # trains a (tiny) DIET: about 20 s of TensorFlow tracing
def test_training_goes_through_the_bucketed_batches_and_the_model_loads_back(context, monkeypatch):
    storage, execution = context
    data = training_data()
    prepare = featurizers(data, storage, execution)
    seen = []
    stock_shuffle = LengthBucketedBatches._shuffle_and_balance

    def spy(self, batch_size):
        shuffled = stock_shuffle(self, batch_size)
        seen.append(message_lengths(shuffled))
        return shuffled

    monkeypatch.setattr(LengthBucketedBatches, "_shuffle_and_balance", spy)
    config = {
        **LengthBucketedDIET.get_default_config(),
        "epochs": 2,
        "batch_size": 4,
        "entity_recognition": False,
        "number_of_transformer_layers": 0,
        "random_seed": 1,
    }
    component = LengthBucketedDIET.create(config, storage, Resource("diet"), execution)
    resource = component.train(data)
    # Rasa's generator made the epochs' batches through the bucketing, one shuffle per epoch at least.
    assert len(seen) >= 2, "l'entraînement n'est pas passé par LengthBucketedBatches"
    every_length = sorted(message_lengths(component.preprocess_train_data(data).data).tolist())
    assert all(sorted(lengths.tolist()) == every_length for lengths in seen)

    loaded = LengthBucketedDIET.load(config, storage, resource, execution)
    assert isinstance(loaded.model, length_buckets.LengthBucketedDIETModel)
    for text in ("bonjour", "depuis la réunion le maire veut un plan pour la commune"):
        trained, reread = prepare(text), prepare(text)
        component.process([trained])
        loaded.process([reread])
        assert trained.get(INTENT)["name"] == reread.get(INTENT)["name"]
        assert trained.get(INTENT)["confidence"] == pytest.approx(reread.get(INTENT)["confidence"], abs=1e-5)


def test_the_served_pipeline_trains_diet_on_bucketed_batches():
    import yaml

    pipeline = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]
    names = [step["name"] for step in pipeline]
    assert "bot.nlu.length_buckets.LengthBucketedDIET" in names
    assert "DIETClassifier" not in names


def test_the_parts_of_rasa_it_relies_on_are_checked_with_the_fixes():
    from bot import rasa_fixes

    labels = {target.label for target in rasa_fixes.all_targets()}
    assert {target.label for target in length_buckets.TARGETS} <= labels
