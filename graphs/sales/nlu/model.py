"""The shipped linear models, evaluated with numpy alone.

Training (train.py) fits scikit-learn TF-IDF + logistic regression and exports only plain
arrays: the feature vocabulary, IDF weights, coefficients and intercepts. Inference redoes
TF-IDF (sublinear tf, l2 norm) and the softmax here, so loading is a dict and a few arrays,
and the file does not depend on scikit-learn's pickle format.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from graphs.sales.nlu.features import features, language_features

PACKAGE = "graphs.sales.nlu"
MODEL_FILE_NAME = "model.joblib"
FORMAT_VERSION = 1
"""Bumped whenever the payload layout changes; loading refuses other versions."""

ANALYZERS: dict[str, Callable[[str], list[str]]] = {
    "intent": features,
    "language": language_features,
}


@dataclass(frozen=True)
class LinearTextModel:
    """TF-IDF features into a multinomial logistic regression, as exported by train.py."""

    analyzer: str
    labels: tuple[str, ...]
    vocabulary: Mapping[str, int]
    idf: np.ndarray
    weights: np.ndarray
    """Coefficients, one row per feature and one column per label."""
    intercept: np.ndarray

    def scores(self, text: str) -> np.ndarray:
        """Raw label scores (logits) of one text."""
        counts = Counter(
            index for feature in ANALYZERS[self.analyzer](text)
            if (index := self.vocabulary.get(feature)) is not None
        )
        if not counts:
            return self.intercept.astype(np.float64)
        indices = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = np.fromiter((1.0 + math.log(c) for c in counts.values()), dtype=np.float64,
                         count=len(counts))
        values = tf * self.idf[indices]
        values /= np.sqrt(values @ values)
        return values @ self.weights[indices].astype(np.float64) + self.intercept

    def probabilities(self, text: str) -> np.ndarray:
        """Label probabilities of one text, in the order of `labels`."""
        scores = self.scores(text)
        if len(self.labels) == 2 and scores.shape == (1,):
            positive = 1.0 / (1.0 + math.exp(-float(scores[0])))
            return np.array([1.0 - positive, positive])
        scores = scores - scores.max()
        exponentials = np.exp(scores)
        return exponentials / exponentials.sum()

    def to_payload(self) -> dict[str, Any]:
        """Plain data for joblib: lists, dicts and float32 arrays."""
        return {
            "analyzer": self.analyzer,
            "labels": list(self.labels),
            "vocabulary": dict(self.vocabulary),
            "idf": self.idf.astype(np.float32),
            "weights": self.weights.astype(np.float32),
            "intercept": self.intercept.astype(np.float32),
        }

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> LinearTextModel:
        """Rebuild a model from `to_payload` output."""
        return cls(
            analyzer=payload["analyzer"],
            labels=tuple(payload["labels"]),
            vocabulary=payload["vocabulary"],
            idf=np.asarray(payload["idf"], dtype=np.float64),
            weights=np.asarray(payload["weights"], dtype=np.float32),
            intercept=np.asarray(payload["intercept"], dtype=np.float64),
        )

    @classmethod
    def from_sklearn(
        cls, analyzer: str, vectorizer: Any, classifier: Any, labels: Sequence[str]
    ) -> LinearTextModel:
        """Export a fitted `TfidfVectorizer` + `LogisticRegression` pair."""
        vocabulary = {feature: int(index) for feature, index in vectorizer.vocabulary_.items()}
        return cls(
            analyzer=analyzer,
            labels=tuple(labels),
            vocabulary=vocabulary,
            idf=np.asarray(vectorizer.idf_, dtype=np.float64),
            weights=np.ascontiguousarray(classifier.coef_.T, dtype=np.float32),
            intercept=np.asarray(classifier.intercept_, dtype=np.float64),
        )
