"""The trained DIET model, loaded without tracing its training step, has every trained weight."""

from __future__ import annotations

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.nlu.classifiers.diet_classifier import DIETClassifier

from bot import training
from bot.rasa_fixes import model_loading

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, request):
    archive = training.current_model()
    if archive is None:
        pytest.fail("Aucun modèle dans models/ : lancez 'make train' (make test le fait).")
    storage, metadata = LocalModelStorage.from_model_archive(tmp_path_factory.mktemp("storage"), archive)
    node = next(node for node in metadata.predict_schema.nodes.values() if issubclass(node.uses, DIETClassifier))
    model_loading.install()
    built = []
    monkeypatch = pytest.MonkeyPatch()
    request.addfinalizer(monkeypatch.undo)
    fast = model_loading.load_without_tracing_training
    # Records (model class, the example predictions are traced on) for each model built the fast way.
    monkeypatch.setattr(
        model_loading, "load_without_tracing_training", lambda *a, **k: built.append((a[0], a[3])) or fast(*a, **k)
    )
    context = ExecutionContext(metadata.predict_schema, metadata.model_id)
    config = {**node.uses.get_default_config(), **node.config}
    component = node.uses.load(config, storage, node.resource, context)
    return component, storage, node.resource, built


def test_the_model_is_built_without_tracing_its_training_step(loaded):
    component, _, _, built = loaded
    assert built and built[0][0] is type(component.model)


def leaves(outputs, prefix: str = "") -> dict:
    """The arrays of a prediction's nested outputs, by path."""
    found = {}
    for key, value in outputs.items():
        if isinstance(value, dict):
            found.update(leaves(value, f"{prefix}{key}/"))
        else:
            found[f"{prefix}{key}"] = np.asarray(value)
    return found


def test_every_trained_weight_is_loaded_and_every_weight_is_trained(loaded):
    component, storage, resource, built = loaded
    example = built[0][1]
    as_loaded = leaves(component.model.run_inference(example))
    with storage.read_from(resource) as path:
        status = component.model.load_weights(str(path / f"{type(component).__name__}.tf_model"))
    status.assert_consumed()  # every value of the checkpoint has its variable, and every variable its value
    # Read again from the checkpoint, the model predicts exactly what it predicted as loaded.
    reread = leaves(component.model.run_inference(example))
    assert as_loaded.keys() == reread.keys() and as_loaded
    changed = [key for key in as_loaded if not np.array_equal(as_loaded[key], reread[key])]
    assert not changed, f"prédictions différentes de celles des poids entraînés : {changed}"


def test_predictions_run_as_a_traced_graph(loaded):
    component, *_ = loaded
    assert component.model.run_eagerly is False
    assert component.model._tf_predict_step is not None  # traced once at load, as stock Rasa does


def test_the_prediction_graph_is_traced_without_autograph_and_predicts_as_stock_rasa(loaded):
    import tensorflow as tf
    from keras.utils import tf_utils  # what Rasa turns a prediction's tensors into arrays with
    from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator

    component, _, _, built = loaded
    step = component.model._tf_predict_step
    # The graph the fix made is the one the server predicts with (Rasa made no other on first use).
    assert step._autograph is False
    example = built[0][1]
    batch = RasaBatchDataGenerator(example, batch_size=1, epochs=1, shuffle=False)[0][0]
    # Stock Rasa's graph of the same step: AutoGraph on, same signature.
    stock = tf.function(component.model.predict_step, input_signature=step.input_signature, autograph=True)
    ours, theirs = (
        leaves(tf_utils.sync_to_numpy_or_python_type(step(batch))),
        leaves(tf_utils.sync_to_numpy_or_python_type(stock(batch))),
    )
    assert ours.keys() == theirs.keys() and ours
    different = [key for key in ours if not np.allclose(ours[key], theirs[key], atol=1e-6)]
    assert not different, f"le graphe sans AutoGraph prédit autrement : {different}"
