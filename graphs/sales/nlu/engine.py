"""The classifier the graph uses by default."""

from __future__ import annotations

from functools import lru_cache

from graphs.sales.nlu.types import Classifier


@lru_cache(maxsize=1)
def default_classifier() -> Classifier:
    """The offline classifier with the shipped model, loaded once on first use."""
    from graphs.sales.nlu.offline import OfflineClassifier

    return OfflineClassifier.load()
