"""A small linear model of the three situations, read on the part of a message that counts.

DIET reads the whole message as a bag of words and n-grams: a story that tells
two situations (« au début… ; depuis… ») gives it both sets of keywords. This
model is trained on the present segment of each training story (the whole
message when it tells no story, see story_focus) and reads the same segment at
prediction time. Features: word 1–2-grams (the words in a negation's scope
marked, bot.nlu.negation) and character 3–5-grams, hashed (no vocabulary to
store), accents folded, and spaCy's mean word vector of the segment. It is a
multinomial logistic regression; its weights are stored as a sparse matrix,
with no pickled object.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np
from scipy import sparse
from sklearn.utils import murmurhash3_32

from bot.nlu.negation import mark_negation
from bot.nlu.story_focus import fold

HASH_FEATURES = 2**16
VECTOR_WEIGHT = 0.5  # scale of spaCy's vector (L2-normalised) next to the n-gram blocks (each L2-normalised)


def _scaled(vector: np.ndarray) -> np.ndarray:
    """spaCy's vector as the model reads it: unit length, times VECTOR_WEIGHT."""
    return vector / np.linalg.norm(vector) * VECTOR_WEIGHT


def _as_folded(folded: str) -> str:
    return folded


# What each n-gram block reads of a folded text: the word block, with the words in a negation's
# scope marked; the character block, the folded text itself.
BLOCK_READERS: Tuple[Callable[[str], str], ...] = (mark_negation, _as_folded)


def _preprocessor(reader: Callable[[str], str]) -> Callable[[str], str]:
    return lambda text: reader(fold(text))


@functools.lru_cache(maxsize=1)
def _vectorizers():
    """The two n-gram blocks, as scikit-learn's HashingVectorizer defines them (the reference that
    tests/bot/nlu/test_focus_model.py checks `hashed` against)."""
    from sklearn.feature_extraction.text import HashingVectorizer

    common = {"n_features": HASH_FEATURES, "alternate_sign": False}
    words, chars = (_preprocessor(reader) for reader in BLOCK_READERS)
    return (
        HashingVectorizer(
            analyzer="word", ngram_range=(1, 2), token_pattern=r"(?u)\b\w+\b", preprocessor=words, **common
        ),
        HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5), preprocessor=chars, **common),
    )


@functools.lru_cache(maxsize=1)
def _analyzers() -> Tuple[Callable[[str], List[str]], ...]:
    """The blocks' analyzers for a text already folded (`fold` once per text, not once per block)."""
    from sklearn.base import clone

    return tuple(
        clone(vectorizer).set_params(preprocessor=None, lowercase=False).build_analyzer()
        for vectorizer in _vectorizers()
    )


# Each n-gram's column, once hashed: the same n-grams come back from message to message, and a
# dictionary look-up costs a seventh of murmurhash3 called from Python. Emptied when full: the
# training data have ~32,000 distinct n-grams, and 2**17 entries weigh ~17 MB in each process.
_COLUMNS: Dict[str, int] = {}
_COLUMNS_KEPT = 2**17


def _column(feature: str) -> int:
    """scikit-learn's column for a feature (`_hashing_fast.transform`: murmurhash3, absolute value,
    modulo); abs(-2**31) overflows in its int32, and the formula below is what it computes then."""
    h = murmurhash3_32(feature, seed=0)
    return (2**31 - 1 - (HASH_FEATURES - 1)) % HASH_FEATURES if h == -(2**31) else abs(h) % HASH_FEATURES


def hashed(analyzer: Callable[[str], List[str]], folded: str) -> Tuple[np.ndarray, np.ndarray]:
    """One folded text's row of a HashingVectorizer block: sorted column indices, L2-normalised
    counts. Measured on a 200-character story: 0.84 → 0.36 ms for the character block against
    murmurhash3 called for each n-gram."""
    features = analyzer(folded)
    columns = _COLUMNS
    if len(columns) > _COLUMNS_KEPT:
        columns.clear()
    try:
        found = [columns[feature] for feature in features]
    except KeyError:
        for feature in features:
            if feature not in columns:
                columns[feature] = _column(feature)
        found = [columns[feature] for feature in features]
    indices, counts = np.unique(np.array(found, dtype=np.int64), return_counts=True)
    values = counts.astype(np.float64)
    norm = np.sqrt(values @ values)
    return indices, (values / norm if norm > 0 else values)


def ngram_row(text: str) -> Tuple[np.ndarray, np.ndarray]:
    """Both n-gram blocks of a text: column indices (the character block after the word block) and values."""
    folded = fold(text)
    parts = [hashed(analyzer, read(folded)) for analyzer, read in zip(_analyzers(), BLOCK_READERS, strict=True)]
    return (
        np.concatenate([indices + offset for (indices, _), offset in zip(parts, (0, HASH_FEATURES), strict=True)]),
        np.concatenate([values for _, values in parts]),
    )


def featurize(texts: Sequence[str], vectors: Sequence[Optional[np.ndarray]], vector_size: int) -> sparse.csr_matrix:
    """One row per text: hashed word and character n-grams, then the (scaled) spaCy vector or zeros."""
    rows = [ngram_row(text) for text in texts]
    ngrams = sparse.csr_matrix(
        (
            np.concatenate([values for _, values in rows]) if rows else np.zeros(0),
            np.concatenate([indices for indices, _ in rows]) if rows else np.zeros(0, dtype=np.int64),
            np.cumsum([0] + [len(indices) for indices, _ in rows]),
        ),
        shape=(len(rows), 2 * HASH_FEATURES),
    )
    dense = np.zeros((len(texts), vector_size), dtype=np.float32)
    for row, vector in enumerate(vectors):
        if vector is not None and len(vector) == vector_size and np.any(vector):
            dense[row] = _scaled(vector)
    return sparse.hstack([ngrams, sparse.csr_matrix(dense)], format="csr")


class FocusModel:
    """Multinomial logistic regression over `featurize`, kept as plain weights."""

    def __init__(self, labels: List[str], weights: sparse.csr_matrix, bias: np.ndarray) -> None:
        self.labels = list(labels)
        self.weights = weights
        self.bias = bias
        # One row of weights per feature, dense, for prediction: a message has a few hundred
        # features, so its scores are a small gather and sum (no sparse matrix products).
        self._columns = np.ascontiguousarray(weights.T.toarray())

    @classmethod
    def fit(
        cls, texts: Sequence[str], vectors: Sequence[Optional[np.ndarray]], labels: Sequence[str], c: float = 10.0
    ) -> FocusModel:
        from sklearn.linear_model import LogisticRegression

        classifier = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
        vector_size = next((len(v) for v in vectors if v is not None), 0)
        classifier.fit(featurize(texts, vectors, vector_size), list(labels))
        weights = sparse.csr_matrix(np.where(np.abs(classifier.coef_) < 1e-6, 0.0, classifier.coef_))
        return cls([str(label) for label in classifier.classes_], weights, classifier.intercept_.astype(float))

    def probabilities(self, text: str, vector: Optional[np.ndarray]) -> dict:
        return self.probabilities_of([(text, vector)])[0]

    def probabilities_of(self, readings: Sequence[Tuple[str, Optional[np.ndarray]]]) -> List[dict]:
        """The label probabilities of each (text, vector): the resolver reads a story twice (its
        present, the whole). Features hashed one text at a time (`ngram_row`), scores a gather and sum."""
        dense = self._columns[2 * HASH_FEATURES :]
        found = []
        for text, vector in readings:
            scores = self.bias.copy()
            indices, values = ngram_row(text)
            if len(indices):
                scores += values @ self._columns[indices]
            if vector is not None and len(vector) == len(dense) and np.any(vector):
                scores += _scaled(vector) @ dense
            scores = np.exp(scores - scores.max())
            scores /= scores.sum()
            found.append(dict(zip(self.labels, scores.tolist(), strict=True)))
        return found

    def save(self, folder: Path) -> None:
        sparse.save_npz(folder / "focus_weights.npz", self.weights)
        np.save(folder / "focus_bias.npy", self.bias)
        (folder / "focus_labels.txt").write_text("\n".join(self.labels) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> Optional[FocusModel]:
        if not (folder / "focus_weights.npz").is_file():
            return None
        labels = (folder / "focus_labels.txt").read_text(encoding="utf-8").split()
        return cls(
            labels,
            sparse.load_npz(folder / "focus_weights.npz").tocsr(),
            np.load(folder / "focus_bias.npy", allow_pickle=False),
        )
