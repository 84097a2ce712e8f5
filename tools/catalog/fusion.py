"""Weighted reciprocal rank fusion of the full-text and the semantic rankings.

Plain RRF forgets how well a product matched: the only full match of "garrafa térmica" and a
"caneca térmica" that matches half the words would score alike if the model put the mug
first. Here the full-text term is scaled by the share of the query's words the product
matched, so coverage still counts after fusion.
"""

from __future__ import annotations

# RRF's k: how fast a lower rank stops counting. Tuned on evals/search (RESULTS.md); the
# usual 60 flattens a 60-product catalog's ranks until they barely differ.
RRF_K = 10
# Full text is the more precise signal for product names; meaning fills in what words miss.
LEXICAL_WEIGHT = 1.0
SEMANTIC_WEIGHT = 0.8


def fuse(
    lexical: list[tuple[int, float]],
    semantic: list[tuple[int, float]],
    *,
    min_similarity: float,
) -> dict[int, float]:
    """Fuses two rankings into one score per product.

    Args:
        lexical: (product id, coverage in 0..1) full-text hits, best first; all count.
        semantic: (product id, cosine similarity) nearest products, nearest first.
        min_similarity: A product only the semantic side found must be at least this close.

    Returns:
        product id -> fused score (higher is better), for every product that counts.
    """
    scores: dict[int, float] = {}
    for rank, (pid, coverage) in enumerate(lexical, start=1):
        scores[pid] = scores.get(pid, 0.0) + LEXICAL_WEIGHT * coverage / (RRF_K + rank)
    lexical_ids = set(scores)
    for rank, (pid, similarity) in enumerate(semantic, start=1):
        if pid not in lexical_ids and similarity < min_similarity:
            continue
        scores[pid] = scores.get(pid, 0.0) + SEMANTIC_WEIGHT / (RRF_K + rank)
    return scores
