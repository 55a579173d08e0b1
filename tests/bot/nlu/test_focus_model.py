"""The linear model of the resolver (bot.nlu.focus_model): its fast prediction and its storage."""

import numpy as np
import pytest
from scipy import sparse

from bot.nlu import focus_model
from bot.nlu.focus_model import HASH_FEATURES, FocusModel, _analyzers, _vectorizers, featurize, hashed, ngram_row
from bot.nlu.negation import PREFIX, mark_negation

TEXTS = [
    "je ne connais aucun élu",
    "le maire ne sait pas qui je suis",
    "ils me connaissent mais s'en fichent",
    "l'adjointe m'écoute sans suite",
    "le maire veut une feuille de route",
    "les élus veulent un plan",
]
LABELS = ["no_contact", "no_contact", "not_engaged", "not_engaged", "convinced", "convinced"]
RNG = np.random.default_rng(0)
VECTORS = [RNG.normal(size=8).astype(np.float32) for _ in TEXTS]


@pytest.fixture(scope="module")
def model():
    return FocusModel.fit(TEXTS, VECTORS, LABELS)


@pytest.mark.parametrize(
    "text, vector", [("le maire veut un plan écrit", RNG.normal(size=8)), ("aucun élu ne me connaît", None)]
)
def test_the_fast_prediction_is_the_regression_s_own(model, text, vector):
    row = featurize([text], [vector], 8)
    scores = np.asarray((row @ model.weights.T).todense()).ravel() + model.bias
    expected = np.exp(scores - scores.max())
    expected /= expected.sum()
    assert [model.probabilities(text, vector)[label] for label in model.labels] == pytest.approx(expected.tolist())


def test_the_weights_are_plain_arrays_read_back_the_same(model, tmp_path):
    model.save(tmp_path)
    loaded = FocusModel.load(tmp_path)
    assert loaded.labels == model.labels
    assert loaded.weights.shape == (3, 2 * HASH_FEATURES + 8)
    assert loaded.probabilities("les élus veulent une stratégie", VECTORS[0]) == pytest.approx(
        model.probabilities("les élus veulent une stratégie", VECTORS[0])
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["focus_bias.npy", "focus_labels.txt", "focus_weights.npz"]


def test_nothing_stored_means_no_model(tmp_path):
    assert FocusModel.load(tmp_path) is None


@pytest.mark.parametrize(
    "text",
    [
        "Bonjour, je suis CN à Saint-Étienne ; au début le maire s'en fichait, depuis il veut un plan !",
        "jai zero contact avec les elus 😅 pr l'instant",
        "ÉLUS ÉLUES élu·es — « guillemets » et l'apostrophe’courbe",
        "a",
        "",
        "   ",
    ],
)
def test_a_text_is_hashed_as_scikit_learn_hashes_it(text):
    words, chars = _vectorizers()
    expected = sparse.hstack([words.transform([text]), chars.transform([text])]).tocsr()
    expected.sort_indices()
    indices, values = ngram_row(text)
    assert indices.tolist() == expected.indices.tolist()
    assert values == pytest.approx(expected.data)


def test_the_word_block_reads_negated_words_as_other_words():
    analyzer = _analyzers()[0]
    negated = set(hashed(analyzer, mark_negation("je ne connais aucun elu"))[0].tolist())
    plain = set(hashed(analyzer, "je connais un elu")[0].tolist())

    def column(word):
        return int(hashed(analyzer, word)[0][0])

    assert column("connais") in plain and column("connais") not in negated
    assert column(PREFIX + "connais") in negated


def test_the_training_rows_are_scikit_learn_s(monkeypatch):
    # Training and prediction share `ngram_row`; here it must also hold when the columns' memory
    # is emptied on the way (a tiny limit).
    monkeypatch.setattr(focus_model, "_COLUMNS_KEPT", 3)
    words, chars = _vectorizers()
    expected = sparse.hstack([words.transform(TEXTS), chars.transform(TEXTS), sparse.csr_matrix(np.zeros((6, 8)))])
    found = featurize(TEXTS, [None] * len(TEXTS), 8)
    assert found.shape == expected.shape
    assert abs(found - expected.tocsr()).max() == pytest.approx(0.0)
