"""DIET trained on batches of messages of similar length: the same model, about twice as fast.

Stock Rasa pads every batch to its longest message. The training data mixes one-line questions
with advisors' stories of fifty words and more (data/nlu/stories*.yml), so a random batch of a
few hundred messages is padded to the longest story, and the transformer and the sparse layers
spend most of each epoch on padding. `LengthBucketedDIET` is Rasa's DIETClassifier, whose model
is fed by `LengthBucketedBatches`: Rasa shuffles and balances the data as usual, then, within
windows of a few batches, messages are ordered by length and cut into batches, and the batches
are shuffled. Nothing else changes: configuration, loss, prediction, the saved model.

Measured on this 2-core machine (2026-12-01, same data): an epoch after the first went from
~10 s to ~5 s. The comment in config.yml gives the whole training and the blind figures.
"""

from __future__ import annotations

from typing import Any, List, Optional, Type

import numpy as np
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.diet_classifier import DIET, DIETClassifier
from rasa.shared.nlu.constants import TEXT
from rasa.utils.tensorflow.constants import SEQUENCE_LENGTH
from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator
from rasa.utils.tensorflow.model_data import Data, RasaModelData
from rasa.utils.tensorflow.models import RasaModel

from bot.rasa_fixes.compat import Target, check_targets

# The parts of Rasa this relies on (checked when the component is created, before training).
TARGETS = (
    Target(RasaBatchDataGenerator, "_shuffle_and_balance", ("self", "batch_size")),
    Target(RasaBatchDataGenerator, "on_epoch_end", ("self",)),
    Target(RasaModelData, "_data_for_ids", ("data", "ids")),
    Target(DIETClassifier, "model_class", ()),
)

# Messages are ordered by length within windows of this many batches: wide enough to group the
# stories together, narrow enough that each epoch still mixes intents as Rasa's balancing wants.
WINDOW_BATCHES = 8


def bucketed_order(lengths: np.ndarray, batch_size: int, window_batches: int = WINDOW_BATCHES) -> np.ndarray:
    """A permutation of the examples: within each window, by length; then whole batches shuffled.

    Uses NumPy's global generator, as Rasa's own shuffling does, so `random_seed` still decides.
    """
    count = len(lengths)
    if count == 0 or batch_size < 1:
        return np.arange(count)
    window = batch_size * max(1, window_batches)
    ordered: List[np.ndarray] = []
    for start in range(0, count, window):
        chunk = np.arange(start, min(count, start + window))
        ordered.append(chunk[np.argsort(lengths[chunk], kind="stable")])
    ids = np.concatenate(ordered)
    batches = [ids[start : start + batch_size] for start in range(0, count, batch_size)]
    return np.concatenate([batches[index] for index in np.random.permutation(len(batches))])


def message_lengths(data: Data) -> Optional[np.ndarray]:
    """Each example's number of tokens, or None when the data has no text sequence."""
    lengths = data.get(TEXT, {}).get(SEQUENCE_LENGTH)
    if not lengths:
        return None
    return np.array([int(np.asarray(value).reshape(-1)[0]) for value in lengths[0]])


class LengthBucketedBatches(RasaBatchDataGenerator):
    """Rasa's batches (shuffled, balanced, growing in size), each made of messages of similar length."""

    def _shuffle_and_balance(self, batch_size: int) -> Data:
        data = super()._shuffle_and_balance(batch_size)
        lengths = message_lengths(data)
        if lengths is None:
            return data
        return RasaModelData._data_for_ids(data, bucketed_order(lengths, batch_size))

    @classmethod
    def like(cls, generator: RasaBatchDataGenerator) -> LengthBucketedBatches:
        """The same data, batch sizes, epochs and strategy as Rasa's `generator`."""
        return cls(
            generator.model_data,
            batch_size=generator.batch_size,
            epochs=generator._epochs,
            batch_strategy=generator.batch_strategy,
            shuffle=generator.shuffle,
            drop_small_last_batch=generator.drop_small_last_batch,
        )


class LengthBucketedDIETModel(DIET):
    """DIET's network; `fit` takes Rasa's batches and trains on length-bucketed ones instead."""

    def fit(self, x: Any = None, *args: Any, **kwargs: Any) -> Any:
        if isinstance(x, RasaBatchDataGenerator) and not isinstance(x, LengthBucketedBatches):
            x = LengthBucketedBatches.like(x)
        return super().fit(x, *args, **kwargs)


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR],
    is_trainable=True,
)
class LengthBucketedDIET(DIETClassifier):
    """DIETClassifier, trained on length-bucketed batches (see the module's docstring)."""

    @classmethod
    def create(cls, *args: Any, **kwargs: Any) -> LengthBucketedDIET:
        check_targets(TARGETS)
        return super().create(*args, **kwargs)

    @staticmethod
    def model_class() -> Type[RasaModel]:
        return LengthBucketedDIETModel
