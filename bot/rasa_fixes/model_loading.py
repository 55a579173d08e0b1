"""A Rasa server loads the DIET model without tracing its training step: ~45 s less per start.

Stock `RasaModel.load` compiles the model and fits it on one example to create its weights
(and the optimizer's) before reading the trained weights over them (RasaHQ/rasa#10194,
#7096). That fit traces the whole training step as a TensorFlow graph — here mostly DIET's
entity CRF loss: 63 of the 82 s that loading the model took on this machine (two cores).
Here the one-example fit runs eagerly: the same layers are called, so the same weights are
created, and nothing is traced. The trained weights are then read exactly as before, and the
model goes back to its configured mode (graph), so predictions are traced once, as in stock
Rasa, and every weight is the trained one (tests/integration/test_model_loading.py).
Loading for fine-tuning keeps the stock path.

The prediction graph itself is traced without AutoGraph. Stock Rasa wraps `predict_step` in
`tf.function`, whose AutoGraph rewrites the Python source of every function the prediction calls
before tracing it: 12.8 of the 15.2 s that tracing took at start (py-spy, 2026-12-01, two cores
busy). DIET's prediction has no Python `if` or loop on a tensor (TensorFlow would refuse to trace
it without AutoGraph, loudly, at start), so the graph is the same; the test compares both.
"""

from __future__ import annotations

import logging
from typing import Any, Optional

from rasa.utils.tensorflow.models import RasaModel

from bot.rasa_fixes.compat import Target

logger = logging.getLogger(__name__)

TARGETS = (
    Target(
        RasaModel,
        "load",
        ("cls", "model_file_name", "model_data_example", "predict_data_example", "finetune_mode", "args", "kwargs"),
    ),
    # `_rasa_predict` makes `_tf_predict_step` on the first prediction unless it exists: the one set
    # here, from the same signature, is used.
    Target(RasaModel, "_rasa_predict", ("self", "batch_in")),
    Target(RasaModel, "_dynamic_signature", ("batch_in",)),
)
_INSTALLED = "_cap_elus_eager_build"


def load_without_tracing_training(
    cls: type,
    model_file_name: str,
    model_data_example: Any,
    predict_data_example: Optional[Any] = None,
    *args: Any,
    **kwargs: Any,
) -> RasaModel:
    """What stock `RasaModel.load` does when not fine-tuning, with the building fit run eagerly."""
    import tensorflow as tf
    from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
    from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator

    model = cls(*args, **kwargs)
    config = kwargs.get("config", {})
    model.compile(optimizer=tf.keras.optimizers.Adam(config.get(LEARNING_RATE, 0.001)), run_eagerly=True)
    model.fit(RasaBatchDataGenerator(model_data_example, batch_size=1), verbose=False)
    model.load_weights(model_file_name)
    model.run_eagerly = bool(config.get(RUN_EAGERLY))
    if predict_data_example:
        if not model.run_eagerly:
            model._tf_predict_step = predict_step_without_autograph(model, predict_data_example)
        model.run_inference(predict_data_example)
    logger.info("Modèle DIET chargé sans tracer son pas d'entraînement (%s).", cls.__name__)
    return model


def predict_step_without_autograph(model: RasaModel, predict_data_example: Any) -> Any:
    """`model.predict_step` as the graph stock Rasa makes of it (same dynamic signature), without AutoGraph."""
    import tensorflow as tf
    from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator

    batch_in = RasaBatchDataGenerator(predict_data_example, batch_size=1, epochs=1, shuffle=False)[0][0]
    return tf.function(model.predict_step, input_signature=model._dynamic_signature(batch_in), autograph=False)


def install() -> None:
    stock = TARGETS[0].original()
    if getattr(stock, _INSTALLED, False):
        return
    stock_load = getattr(stock, "__func__", stock)  # the function under the classmethod

    def load(
        cls: type,
        model_file_name: str,
        model_data_example: Any,
        predict_data_example: Optional[Any] = None,
        finetune_mode: bool = False,
        *args: Any,
        **kwargs: Any,
    ) -> RasaModel:
        if finetune_mode:
            return stock_load(
                cls, model_file_name, model_data_example, predict_data_example, finetune_mode, *args, **kwargs
            )
        return load_without_tracing_training(
            cls, model_file_name, model_data_example, predict_data_example, *args, **kwargs
        )

    setattr(load, _INSTALLED, True)
    load.__doc__ = stock_load.__doc__
    RasaModel.load = classmethod(load)
