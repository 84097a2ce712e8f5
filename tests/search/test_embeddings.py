"""Embedding providers: the OpenAI-compatible client against a local fake, and the fallbacks."""

from __future__ import annotations

import json
import math

import httpx
import pytest

from tools.catalog.embeddings import PROVIDERS, get_embedder
from tools.catalog.embeddings.remote import OpenAIEmbedder


def _fake_endpoint(seen: list[dict]) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/v1/embeddings"
        assert request.headers["authorization"] == "Bearer k"
        body = json.loads(request.content)
        seen.append(body)
        # Out of order on purpose: the client must sort by index.
        data = [{"index": i, "embedding": [float(i + 1), 0.0, 0.0]}
                for i in range(len(body["input"]))][::-1]
        return httpx.Response(200, json={"object": "list", "data": data, "model": body["model"]})

    return httpx.MockTransport(handle)


def test_openai_compatible_embeddings_in_order_and_unit_length() -> None:
    seen: list[dict] = []
    embedder = OpenAIEmbedder(base_url="http://fake/v1", api_key="k", model="m", dimension=3,
                              transport=_fake_endpoint(seen))
    vectors = embedder.embed_documents(["a", "b"])
    assert vectors == [[1.0, 0.0, 0.0], [1.0, 0.0, 0.0]]
    assert all(math.isclose(sum(x * x for x in v), 1.0) for v in vectors)
    assert seen[0] == {"model": "m", "input": ["a", "b"], "encoding_format": "float"}
    assert embedder.name == "openai:m:3"


def test_a_wrong_dimension_is_an_error() -> None:
    embedder = OpenAIEmbedder(base_url="http://fake/v1", api_key="k", model="m", dimension=8,
                              transport=_fake_endpoint([]))
    with pytest.raises(ValueError, match="expected 1 of 8"):
        embedder.embed_query("x")


def test_none_means_full_text_and_unknown_names_fail() -> None:
    assert "none" in PROVIDERS
    assert get_embedder("none") is None
    with pytest.raises(ValueError, match="unknown embeddings provider"):
        get_embedder("word2vec")


def test_the_shipped_model_is_multilingual(embedder) -> None:
    shoe_pt, shoe_en, pan = (
        embedder.embed_query(t) for t in ("tênis de corrida", "running shoes", "panela"))
    def cos(a, b):
        return sum(x * y for x, y in zip(a, b, strict=True))
    assert len(shoe_pt) == embedder.dimension
    assert cos(shoe_pt, shoe_en) > cos(shoe_pt, pan)
