"""The trained DIET model, loaded without tracing its training step, has every trained weight."""

from __future__ import annotations

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
    node = next(node for node in metadata.predict_schema.nodes.values() if node.uses is DIETClassifier)
    model_loading.install()
    built = []
    monkeypatch = pytest.MonkeyPatch()
    request.addfinalizer(monkeypatch.undo)
    fast = model_loading.load_without_tracing_training
    monkeypatch.setattr(
        model_loading, "load_without_tracing_training", lambda *a, **k: built.append(a[0]) or fast(*a, **k)
    )
    context = ExecutionContext(metadata.predict_schema, metadata.model_id)
    config = {**DIETClassifier.get_default_config(), **node.config}
    component = DIETClassifier.load(config, storage, node.resource, context)
    return component, storage, node.resource, built


def test_the_model_is_built_without_tracing_its_training_step(loaded):
    component, _, _, built = loaded
    assert built and built[0] is type(component.model)


def effective_weights(model) -> list:
    """The weights as predictions use them: a sparse layer's kernel zeroed outside its mask.

    Rasa's RandomlyConnectedDense multiplies its kernel by its mask in place at each call, so
    a kernel read from the checkpoint differs from the kernel of a model that has predicted.
    """
    weights = {weight.name: weight.numpy() for weight in model.weights}
    masks = {
        name[: -len("kernel_mask:0")] + "kernel:0": value
        for name, value in weights.items()
        if name.endswith("/kernel_mask:0")
    }
    return [value * masks[name] if name in masks else value for name, value in weights.items()]


def test_every_trained_weight_is_loaded_and_every_weight_is_trained(loaded):
    component, storage, resource, _ = loaded
    as_loaded = effective_weights(component.model)
    with storage.read_from(resource) as path:
        status = component.model.load_weights(str(path / f"{DIETClassifier.__name__}.tf_model"))
    status.assert_consumed()  # every value of the checkpoint has its variable, and every variable its value
    reread = effective_weights(component.model)
    assert len(as_loaded) == len(reread) > 0
    changed = [w.name for w, a, b in zip(component.model.weights, as_loaded, reread, strict=True) if not (a == b).all()]
    assert not changed, f"poids différents de ceux de l'entraînement : {changed}"


def test_predictions_run_as_a_traced_graph(loaded):
    component, *_ = loaded
    assert component.model.run_eagerly is False
    assert component.model._tf_predict_step is not None  # traced once at load, as stock Rasa does
