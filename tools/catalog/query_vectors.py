"""Query vectors for semantic search: embedded off the event loop, remembered per process."""

from __future__ import annotations

import asyncio
import functools
import time
from collections import OrderedDict

from tools.catalog.embeddings import Embedder
from tools.catalog.embeddings.store import format_vector

# Query vectors remembered per process: buyers repeat the same few searches.
QUERY_CACHE_SIZE = 2048
# How long a store known to have vectors of a model is not asked again (seconds).
HAS_VECTORS_TTL = 60.0


@functools.cache
def _one_blas_thread() -> None:
    """Keeps the process's BLAS (numpy's OpenBLAS) to one thread, when threadpoolctl is here.

    A query's vector is a few small matrix products. With one BLAS thread per core, on a
    small machine where the database and other requests share the cores, those threads
    wait for each other: measured on 2 cores under load, embedding a query took p50 3 ms but
    p95 100 ms; with one thread p50 2 ms, p95 6-10 ms. Applies to the whole process (BLAS
    has no per-call setting); bulk imports run in their own process.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # not installed: set OPENBLAS_NUM_THREADS=1 in the environment
        return
    threadpool_limits(limits=1, user_api="blas")


class QueryVector(list[float]):
    """A query's vector, its pgvector text form made once: every search statement with the
    vector carries it, and the same query comes back (`vector_text`)."""

    @functools.cached_property
    def text(self) -> str:
        return format_vector(self)


class QueryVectors:
    """The vectors of recent queries, and which stores were lately seen to have vectors."""

    def __init__(self, size: int = QUERY_CACHE_SIZE) -> None:
        self._size = size
        self._vectors: OrderedDict[str, QueryVector] = OrderedDict()
        # (store, model) -> when the store was last seen to have vectors of the model.
        self._seen: dict[tuple[str, str], float] = {}

    async def vector(self, embedder: Embedder, text: str) -> list[float]:
        """The query's vector (case and spacing ignored), embedded in a thread if new."""
        key = " ".join(text.lower().split())
        vector = self._vectors.get(key)
        if vector is None:
            _one_blas_thread()
            vector = QueryVector(await asyncio.to_thread(embedder.embed_query, key))
            self._vectors[key] = vector
            if len(self._vectors) > self._size:
                self._vectors.popitem(last=False)
        else:
            self._vectors.move_to_end(key)
        return vector

    def forget(self) -> None:
        """Drops the remembered vectors (the benchmark makes every query pay for its own)."""
        self._vectors.clear()

    def has_vectors(self, store_id: str, embedder: Embedder) -> bool:
        """Whether the store was seen to have vectors of the model in the last minute."""
        seen = self._seen.get((store_id, embedder.name))
        return seen is not None and time.monotonic() - seen < HAS_VECTORS_TTL

    def saw_vectors(self, store_id: str, embedder: Embedder) -> None:
        """Notes that the store has vectors of the model now."""
        self._seen[(store_id, embedder.name)] = time.monotonic()
