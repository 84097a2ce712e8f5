"""One search end to end: words and meaning retrieved, fused, filtered, stock-ordered."""

from __future__ import annotations

from typing import Literal

from psycopg import AsyncConnection
from psycopg.rows import tuple_row

from tools.catalog import lexicon
from tools.catalog.embeddings import Embedder
from tools.catalog.embeddings.store import nearest
from tools.catalog.fusion import fuse
from tools.catalog.search import (
    Filters,
    Match,
    StemCache,
    build_terms,
    details,
    lexical,
    query_words,
)


async def find(
    conn: AsyncConnection,
    store_id: str,
    query: str,
    filters: Filters,
    *,
    limit: int,
    stems: StemCache,
    embedder: Embedder | None = None,
    query_vector: list[float] | None = None,
    skus: list[str] | None = None,
    mode: Literal["hybrid", "lexical", "semantic"] = "hybrid",
) -> list[Match]:
    """Runs a search inside one transaction; hits in stock first, then by score.

    Args:
        conn: A connection (a transaction is opened on it).
        store_id: The store.
        query: The buyer's words; none meaningful lists the products passing the filters.
        filters: Normalized filters.
        limit: Most hits.
        stems: The process's stem cache.
        embedder: The model of `query_vector`, or None for full text alone.
        query_vector: The query's vector, or None.
        skus: Only among these products (product or variant skus), or None.
        mode: Both retrievers, or one alone (the eval compares them).

    Returns:
        Hits with score (0 when browsing), stock state under the filters and the matching
        in-stock variants.
    """
    if limit <= 0:
        return []
    async with conn.transaction():
        ids = await _ids_of(conn, store_id, skus) if skus is not None else None
        if ids == []:
            return []
        meaningful = query_words(query)
        if not meaningful:
            return await _browse(conn, store_id, filters, ids, limit, stems)
        if filters.category_words:
            # With words, a category the classifier saw ("relógio") is one more word, not a
            # hard filter: the store may file a smartwatch under Eletrônicos.
            meaningful += [w for w in filters.category_words if w not in meaningful]
        fixes = await lexicon.corrections(conn, store_id, meaningful)
        terms = await build_terms(conn, meaningful, stems, fixes)
        if not terms.queries:
            return await _browse(conn, store_id, filters, ids, limit, stems)
        semantic = (
            await nearest(conn, store_id, embedder, query_vector, product_ids=ids)
            if embedder is not None and query_vector is not None and mode != "lexical"
            else []
        )
        words = (
            await lexical(conn, store_id, terms, filters, category=None, ids=ids)
            if mode != "semantic"
            else []
        )
        scores = fuse(words, semantic, min_similarity=embedder.min_similarity if embedder else 1)
        if not scores:
            return []
        states = await details(conn, store_id, filters, category=None, ids=list(scores))
    ranked = sorted(states, key=lambda pid: (not states[pid][0], -scores[pid], pid))
    return [
        Match(pid, round(scores[pid], 4), states[pid][0], states[pid][1])
        for pid in ranked[:limit]
    ]


async def _browse(
    conn: AsyncConnection,
    store_id: str,
    filters: Filters,
    ids: list[int] | None,
    limit: int,
    stems: StemCache,
) -> list[Match]:
    """No words to search: the products passing the filters; a named category filters too."""
    category = (
        await build_terms(conn, filters.category_words, stems) if filters.category_words else None
    )
    found = await details(
        conn,
        store_id,
        filters,
        category=category if category and category.queries else None,
        ids=ids,
        browse_limit=limit,
    )
    return [Match(pid, 0.0, in_stock, skus) for pid, (in_stock, skus) in found.items()]


async def _ids_of(conn: AsyncConnection, store_id: str, skus: list[str]) -> list[int]:
    """Ids of the products with these skus or owning variants with them."""
    async with conn.cursor(row_factory=tuple_row) as cur:
        await cur.execute(
            "SELECT id FROM products WHERE store_id = %(store)s AND sku = ANY(%(skus)s::text[])"
            " UNION SELECT product_id FROM product_variants"
            " WHERE store_id = %(store)s AND sku = ANY(%(skus)s::text[])",
            {"store": store_id, "skus": skus},
        )
        return sorted(row[0] for row in await cur.fetchall())
