"""A small linear model of the three situations, read on the part of a message that counts.

DIET reads the whole message as a bag of words and n-grams: a story that tells
two situations (« au début… ; depuis… ») gives it both sets of keywords. This
model is trained on the present segment of each training story (the whole
message when it tells no story, see story_focus) and reads the same segment at
prediction time. Features: word 1–2-grams and character 3–5-grams, hashed (no
vocabulary to store), accents folded, and spaCy's mean word vector of the
segment. It is a multinomial logistic regression; its weights are stored as a
sparse matrix, with no pickled object.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np
from scipy import sparse
from sklearn.utils import murmurhash3_32

from bot.nlu.story_focus import fold

HASH_FEATURES = 2**16
VECTOR_WEIGHT = 0.5  # scale of spaCy's vector (L2-normalised) next to the n-gram blocks (each L2-normalised)


def _scaled(vector: np.ndarray) -> np.ndarray:
    """spaCy's vector as the model reads it: unit length, times VECTOR_WEIGHT."""
    return vector / np.linalg.norm(vector) * VECTOR_WEIGHT


@functools.lru_cache(maxsize=1)
def _vectorizers():
    from sklearn.feature_extraction.text import HashingVectorizer

    common = {"n_features": HASH_FEATURES, "alternate_sign": False, "preprocessor": fold}
    return (
        HashingVectorizer(analyzer="word", ngram_range=(1, 2), token_pattern=r"(?u)\b\w+\b", **common),
        HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5), **common),
    )


@functools.lru_cache(maxsize=1)
def _analyzers() -> Tuple[Callable[[str], List[str]], ...]:
    return tuple(vectorizer.build_analyzer() for vectorizer in _vectorizers())


def hashed(analyzer: Callable[[str], List[str]], text: str) -> Tuple[np.ndarray, np.ndarray]:
    """One text's row of a HashingVectorizer (indices, L2-normalised counts), without building a
    sparse matrix: the same murmurhash3 and modulo as scikit-learn's `_hashing_fast.transform`,
    about half the time on a message. tests/bot/nlu/test_focus_model.py checks both agree."""
    counts: Dict[int, float] = {}
    for feature in analyzer(text):
        h = murmurhash3_32(feature, seed=0)
        # abs(-2**31) overflows in scikit-learn's int32: it defines the index as below.
        index = (2**31 - 1 - (HASH_FEATURES - 1)) % HASH_FEATURES if h == -(2**31) else abs(h) % HASH_FEATURES
        counts[index] = counts.get(index, 0.0) + 1.0
    indices = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
    values = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
    norm = np.sqrt(values @ values)
    return indices, (values / norm if norm > 0 else values)


def featurize(texts: Sequence[str], vectors: Sequence[Optional[np.ndarray]], vector_size: int) -> sparse.csr_matrix:
    """One row per text: hashed word and character n-grams, then the (scaled) spaCy vector or zeros."""
    words, chars = _vectorizers()
    dense = np.zeros((len(texts), vector_size), dtype=np.float32)
    for row, vector in enumerate(vectors):
        if vector is not None and len(vector) == vector_size and np.any(vector):
            dense[row] = _scaled(vector)
    return sparse.hstack([words.transform(texts), chars.transform(texts), sparse.csr_matrix(dense)], format="csr")


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
        present, the whole). Features hashed one text at a time (`hashed`), scores a gather and sum."""
        dense = self._columns[2 * HASH_FEATURES :]
        found = []
        for text, vector in readings:
            scores = self.bias.copy()
            for offset, analyzer in zip((0, HASH_FEATURES), _analyzers(), strict=True):
                indices, values = hashed(analyzer, text)
                if len(indices):
                    scores += values @ self._columns[offset + indices]
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
