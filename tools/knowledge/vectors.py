"""What knowledge needs of an embeddings model, and how passages are turned into text for it.

Any of the catalog's embedders (`tools.catalog.embeddings`) fits `Encoder`; the caller passes
one in (the service and the CLI pass `default_embedder()`), so this package does not depend
on the catalog's.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

# The least confidence (`search.confidence`: cosine similarity plus shares of the question's
# words) of a passage that may answer, per model. Calibrated for USE on evals/knowledge's
# development cases (evals/knowledge/RESULTS.md); other models' similarities run higher, so
# their floor is a guess until measured. Without vectors, words alone must reach LEXICAL_FLOOR.
CONFIDENCE_FLOORS = {"use-multilingual-v3": 0.48}
DEFAULT_FLOOR = 0.85
LEXICAL_FLOOR = 0.45


@runtime_checkable
class Encoder(Protocol):
    """Turns texts into unit-length vectors; the same model for passages and questions."""

    name: str
    dimension: int

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Vectors of passages, in order."""
        ...

    def embed_query(self, text: str) -> list[float]:
        """The vector of a question."""
        ...


def confidence_floor(encoder: Encoder | None) -> float:
    """The floor for the model (`CONFIDENCE_FLOORS`), or words alone's without one."""
    if encoder is None:
        return LEXICAL_FLOOR
    return CONFIDENCE_FLOORS.get(encoder.name, DEFAULT_FLOOR)


def passage_text(doc_title: str, title: str, question: str | None, body: str) -> str:
    """What a passage's vector is made from: its question or titles, then its text."""
    head = question or (title if title == doc_title else f"{doc_title}: {title}")
    return f"{head}\n{body}"


def literal(values: list[float]) -> str:
    """pgvector's text form of a vector."""
    return "[" + ",".join(f"{v:.7g}" for v in values) + "]"
