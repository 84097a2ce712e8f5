"""Query vectors remembered per process (tools/catalog/query_vectors.py): a repeated query is
embedded once, and its pgvector text form is written once and is the same text as ever."""

from __future__ import annotations

from tools.catalog.embeddings.store import format_vector, vector_text
from tools.catalog.query_vectors import QueryVectors


class CountingEmbedder:
    """A tiny deterministic model: the vector of a text from its letters."""

    name = "counting"
    dimension = 3
    min_similarity = 0.0

    def __init__(self) -> None:
        self.calls = 0

    def embed_query(self, text: str) -> list[float]:
        self.calls += 1
        return [len(text) / 10, text.count("a") / 3, -1.5e-8]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self.embed_query(t) for t in texts]


async def test_a_repeated_query_is_embedded_once_and_keeps_its_text_form() -> None:
    vectors, model = QueryVectors(), CountingEmbedder()
    first = await vectors.vector(model, "Garrafa  termica")
    again = await vectors.vector(model, "garrafa termica")  # case and spacing ignored
    assert model.calls == 1 and again is first
    plain = model.embed_query("garrafa termica")
    assert list(first) == plain
    assert vector_text(first) == vector_text(plain) == format_vector(plain)
    assert vector_text(again) is vector_text(first)  # written once
    assert vector_text(plain) == "[1.5,1.333333,-1.5e-08]"  # 7 significant digits
